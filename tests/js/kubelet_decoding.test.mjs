// The kubelet's decoding of pull secrets (SPEC §3.3) through the package:
// every case of tests/data/kubelet/decoding.json (upstream tests' inputs and
// probes of the kubelet's rules) read by inspectDockerConfig, matched by
// matchCredentials and edited by upsertCredential, as the Rust tests do,
// plus the examples with their messages.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, importFrom, ROOT } from './helpers.mjs';

const { cases } = JSON.parse(readFileSync(join(ROOT, 'tests/data/kubelet/decoding.json'), 'utf8'));
const label = (c) => `${c.repo} ${c.file} ${c.test}: ${c.name}`;

let ra;
before(async () => {
  ra = await importFrom(installPackage('kubelet-decoding'));
});

test('every case reads as the kubelet decodes it', () => {
  assert.equal(cases.length, 64);
  for (const c of cases) {
    const i = ra.inspectDockerConfig(c.input, { reveal: true });
    assert.deepEqual(i.diagnostics.map((d) => d.code), c.codes, label(c));
    assert.equal(i.valid, c.valid, label(c));
    assert.equal(i.valid, !i.diagnostics.some((d) => d.severity === 'error'), label(c));
    if (c.entries) {
      assert.deepEqual(
        i.entries.map((e) => ({ server: e.server, username: e.username, password: e.password })),
        c.entries,
        label(c),
      );
    }
  }
});

test('matchCredentials uses the same decoding', () => {
  let checked = 0;
  for (const c of cases.filter((c) => c.image)) {
    const m = ra.matchCredentials(c.input, c.image);
    assert.deepEqual(m.matched.map((k) => k.server), c.matched, label(c));
    const entries = ra.inspectDockerConfig(c.input).entries;
    for (const k of m.matched) {
      const e = entries.find((e) => e.server === k.server);
      assert.equal(k.username, e.username, label(c));
    }
    checked += 1;
  }
  assert.equal(checked, 17);
});

test('upsertCredential keeps what the kubelet decodes, under one "auths"', () => {
  let edited = 0;
  for (const c of cases) {
    const before = ra.inspectDockerConfig(c.input, { reveal: true });
    if (!before.valid || before.entries.length === 0) continue;
    const out = ra.upsertCredential(c.input, { server: 'new.example.com', username: 'n', password: 'p' });
    assert.equal(out.split('"auths"').length, 2, `${label(c)}: ${out}`);
    const after = ra.inspectDockerConfig(out, { reveal: true }).entries;
    for (const e of before.entries) {
      const a = after.find((a) => a.server === e.server);
      assert.deepEqual([a.username, a.password, a.passwordLength], [e.username, e.password, e.passwordLength], label(c));
    }
    edited += 1;
  }
  assert.ok(edited >= 30, String(edited));
});

test("the issue's examples: fields in any case, unpadded and non-UTF-8 auth, HttpHeaders, /v1 keys", () => {
  const caps = ra.inspectDockerConfig('{"Auths":{"r.example.com":{"Username":"u","Password":"p"}}}');
  assert.deepEqual([caps.valid, caps.diagnostics, caps.entries[0].username], [true, [], 'u']);
  const out = ra.upsertCredential('{"Auths":{"r.example.com":{"Username":"u","Password":"p"}}}', {
    server: 'quay.io',
    username: 'q',
    password: 'w',
  });
  assert.equal(out, '{"auths":{"quay.io":{"username":"q","password":"w","auth":"cTp3"},"r.example.com":{"username":"u","password":"p"}}}');

  const unpadded = ra.inspectDockerConfig('{"auths":{"registry.example.com":{"auth":"Zm9vOmJhcg"}}}');
  assert.equal(unpadded.valid, true);
  assert.deepEqual(
    unpadded.diagnostics.map((d) => [d.code, d.severity, d.message]),
    [[
      'auth_unpadded',
      'info',
      '"auth" of "registry.example.com" is base64 without its "=" padding; the kubelet reads it, but docker login refuses it; pad it with "=" to a multiple of 4 characters',
    ]],
  );
  assert.equal(ra.matchCredentials('{"auths":{"registry.example.com":{"auth":"Zm9vOmJhcg"}}}', 'registry.example.com/app').matched[0].username, 'foo');

  const bytes = ra.inspectDockerConfig('{"auths":{"r.example.com":{"auth":"dTr/"}}}', { reveal: true });
  assert.deepEqual(bytes.diagnostics.map((d) => [d.code, d.severity]), [['auth_not_utf8', 'warning']]);
  assert.deepEqual([bytes.entries[0].username, bytes.entries[0].passwordLength, bytes.entries[0].password], ['u', 1, null]);

  const headers = ra.inspectDockerConfig('{"auths":{"r.example.com":{"auth":"dTpw"}},"HttpHeaders":{"X-Meta":1}}');
  assert.equal(headers.valid, false);
  assert.equal(headers.diagnostics[0].code, 'invalid_field_type');
  assert.equal(
    ra.matchCredentials('{"auths":{"r.example.com":{"auth":"dTpw"}},"HttpHeaders":{"X-Meta":1}}', 'r.example.com/app').unmatched[0].reason,
    'config_ignored',
  );

  const v1 = ra.inspectDockerConfig('{"auths":{"https://normalize.example.org/v1":{"auth":"dTpw"}}}');
  assert.deepEqual(
    v1.diagnostics.map((d) => [d.code, d.severity, d.message]),
    [[
      'server_key_never_matches',
      'warning',
      'key "https://normalize.example.org/v1" never matches an image: the kubelet drops only "/v1" followed by "/", so it keeps the path "/v1" and matches only repositories under "normalize.example.org/v1"; use "normalize.example.org"',
    ]],
  );
});

test('severity by one rule: well-formed secrets that authenticate nothing are warnings', () => {
  for (const [text, code] of [
    ['{}', 'no_entries'],
    ['{"auths":{}}', 'no_entries'],
    ['{"auths":null}', 'no_entries'],
    ['{"auths":{"r.example.com":null}}', 'empty_entry'],
    ['{"credsStore":"desktop"}', 'credential_helper_only'],
    ['{"auths":{"r.example.com":{"username":"u","password":"","identitytoken":"t"}}}', 'identity_token_only'],
  ]) {
    const i = ra.inspectDockerConfig(text);
    assert.deepEqual([i.valid, i.diagnostics.map((d) => [d.code, d.severity])], [true, [[code, 'warning']]], text);
  }
});
