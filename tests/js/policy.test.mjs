// Image policies, pinning and the registry conventions of SPEC §2.2 and §6
// through the packed tarball under Node: the bypass table shared with the
// Rust tests, the error classes, UTF-16 spans, the kinds of registryInfo
// and the new checks of createRegistrySecret (with `now` from JS).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, importFrom, ROOT } from './helpers.mjs';

let ra;
before(async () => {
  ra = await importFrom(installPackage('policy'));
});

const D = `sha256:${'a'.repeat(64)}`;

test('evaluateImagePolicy: every bypass attempt of the shared table', () => {
  const cases = JSON.parse(readFileSync(join(ROOT, 'tests/data/policy/bypass.json'), 'utf8'));
  assert.ok(cases.length >= 60);
  for (const c of cases) {
    const r = ra.evaluateImagePolicy(c.image, c.policy);
    assert.deepEqual(r.violations.map((v) => v.rule), c.rules, `${c.image}: ${c.why}`);
    assert.equal(r.allowed, c.allowed, `${c.image}: ${c.why}`);
    if (c.normalized) assert.equal(r.normalized, c.normalized, c.image);
    for (const v of r.violations) assert.ok(Array.isArray(v.diagnostics) && v.span.end <= c.image.length);
  }
});

test('evaluateImagePolicy: the result shape, messages and spans in UTF-16', () => {
  const r = ra.evaluateImagePolicy('us.icr.io.evil.com/team1/app', { allowedRegistries: ['us.icr.io/team1'] });
  assert.deepEqual(r, {
    allowed: false,
    normalized: 'us.icr.io.evil.com/team1/app:latest',
    violations: [
      {
        rule: 'registry_not_allowed',
        message: 'image "us.icr.io.evil.com/team1/app" is not from an allowed registry: allowed are "us.icr.io/team1"',
        span: { start: 0, end: 18 },
        diagnostics: [],
      },
    ],
  });
  assert.deepEqual(ra.evaluateImagePolicy('nginx'), { allowed: true, normalized: 'docker.io/library/nginx:latest', violations: [] });
  // An invalid image carries its own diagnostics, spans in UTF-16.
  const bad = ra.evaluateImagePolicy('😀/app', { allowedRegistries: ['docker.io'] });
  assert.equal(bad.allowed, false);
  assert.equal(bad.normalized, null);
  assert.equal(bad.violations[0].rule, 'invalid_reference');
  assert.ok(bad.violations[0].diagnostics.length > 0);
  assert.deepEqual(bad.violations[0].span, bad.violations[0].diagnostics.find((d) => d.severity === 'error').span);
  assert.ok(bad.violations[0].span.end <= 2);
  const latest = ra.evaluateImagePolicy('nginx', { disallowLatest: true, requireDigest: true, requireTag: true });
  assert.deepEqual(latest.violations.map((v) => [v.rule, v.span.start, v.span.end]), [
    ['latest_tag', 5, 5],
    ['digest_required', 5, 5],
    ['tag_required', 5, 5],
  ]);
});

test('evaluateImagePolicy: malformed policies throw', () => {
  let err;
  try {
    ra.evaluateImagePolicy('nginx', { blockedRegistries: ['ok.io', 'https://evil.com'] });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error && err instanceof ra.ImagePolicyError);
  assert.equal(err.name, 'ImagePolicyError');
  assert.equal(err.code, 'invalid_policy_entry');
  assert.equal(err.list, 'blockedRegistries');
  assert.equal(err.index, 1);
  assert.equal(err.message, 'blockedRegistries[1] "https://evil.com" is not a registry entry: write the host without a scheme, as images name it');
  assert.throws(() => ra.evaluateImagePolicy('nginx', { allowedRegistries: 'us.icr.io' }), TypeError);
  assert.throws(() => ra.evaluateImagePolicy('nginx', { allowedRegistries: [1] }), TypeError);
  assert.throws(() => ra.evaluateImagePolicy('nginx', { disallowLatest: 'yes' }), TypeError);
  assert.throws(() => ra.evaluateImagePolicy('nginx', []), TypeError);
  assert.throws(() => ra.evaluateImagePolicy(null, {}), TypeError);
});

test('pinImage: REPOSITORY:TAG@DIGEST, and typed errors', () => {
  assert.equal(ra.pinImage('nginx:1.25', D), `docker.io/library/nginx:1.25@${D}`);
  assert.equal(ra.pinImage('us.icr.io/team1/app', D), `us.icr.io/team1/app@${D}`);
  const sha512 = `sha512:${'c'.repeat(128)}`;
  assert.equal(ra.pinImage('localhost:5000/app:v1', sha512), `localhost:5000/app:v1@${sha512}`);
  const pinned = ra.pinImage('nginx', D);
  assert.equal(ra.evaluateImagePolicy(pinned, { requireDigest: true, disallowLatest: true }).allowed, true);
  const error = (image, digest) => {
    try {
      ra.pinImage(image, digest);
    } catch (e) {
      assert.ok(e instanceof Error && e instanceof ra.ImagePinError);
      assert.equal(e.name, 'ImagePinError');
      return { code: e.code, field: e.field, span: e.span, referenceCode: e.referenceCode, message: e.message };
    }
    assert.fail('no error');
  };
  assert.deepEqual(error('nginx', 'sha256:abc'), {
    code: 'invalid_digest',
    field: 'digest',
    span: { start: 10, end: 10 },
    referenceCode: 'oci_digest_invalid',
    message: 'digest is not valid: digest "sha256:abc" is incomplete: it is an algorithm, ":" and at least 32 hexadecimal digits',
  });
  assert.equal(error('nginx', `md5:${'0'.repeat(32)}`).code, 'invalid_digest');
  assert.deepEqual(error('😀nginx', D).span, { start: 0, end: 2 });
  assert.equal(error('😀nginx', D).code, 'invalid_image');
  assert.equal(error(`nginx@${D}`, `sha256:${'b'.repeat(64)}`).code, 'digest_conflict');
  assert.throws(() => ra.pinImage('nginx', undefined), TypeError);
});

test('registryInfo: the kinds of SPEC §2.2 and their usernames', () => {
  const kinds = {
    'cp.icr.io': ['icr-entitled', 'cp', ['cp']],
    'ghcr.io': ['ghcr', null, []],
    '123456789012.dkr.ecr.us-east-1.amazonaws.com': ['ecr', 'AWS', ['AWS']],
    'us-central1-docker.pkg.dev': ['gar', '_json_key', ['_json_key', '_json_key_base64', 'oauth2accesstoken']],
    'gcr.io': ['gar', '_json_key', ['_json_key', '_json_key_base64', 'oauth2accesstoken']],
    'myregistry.azurecr.io': ['acr', null, []],
    'quay.io': ['quay', null, []],
    'us.icr.io': ['icr', 'iamapikey', ['iamapikey', 'iambearer', 'iamrefresh']],
    // Near misses.
    '123.dkr.ecr.us-east-1.amazonaws.com': ['other', null, []],
    'ghcr.io.evil.com': ['other', null, []],
  };
  for (const [server, [kind, user, usernames]] of Object.entries(kinds)) {
    const i = ra.registryInfo(server);
    assert.deepEqual([i.kind, i.defaultUsername, i.usernames], [kind, user, usernames], server);
  }
  assert.equal(ra.registryInfo('123456789012.dkr.ecr.eu-west-1.amazonaws.com').region, 'eu-west-1');
  assert.deepEqual(ra.registryInfo('cp.icr.io').diagnostics, []);
});

/** A JWT whose payload holds `exp`; only the payload is ever decoded. */
const jwt = (exp) =>
  [{ alg: 'RS256' }, { exp, sub: 'someone' }].map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')).join('.') + '.c2ln';

test('createRegistrySecret: the conventions of each registry, with messages', () => {
  const make = (server, username, password, now) => ra.createRegistrySecret({ name: 'pull', server, username, password, now });
  const codes = (s) => s.diagnostics.map((d) => d.code);
  let s = make('cp.icr.io', 'iamapikey', 'key');
  assert.deepEqual(s.diagnostics, [
    {
      code: 'username_unexpected_for_registry',
      severity: 'warning',
      field: 'username',
      message: 'username "iamapikey" does not work on "cp.icr.io" (IBM\'s entitled registry): use "cp"',
      span: { start: 0, end: 9 },
      fix: { label: 'use "cp"', replacement: 'cp' },
    },
  ]);
  assert.equal(s.valid, true);
  s = make('123456789012.dkr.ecr.us-east-1.amazonaws.com', 'AWS', 'eyJwYXlsb2FkIjoi');
  assert.deepEqual(codes(s), ['short_lived_credential']);
  assert.match(s.diagnostics[0].message, /refresh the pull secret with a scheduled job, or use the platform's own ECR integration$/);
  assert.deepEqual(codes(make('gcr.io', 'oauth2accesstoken', 'ya29.x')), ['short_lived_credential']);
  assert.deepEqual(codes(make('us.icr.io', 'iambearer', 'x')), ['short_lived_credential']);
  assert.deepEqual(codes(make('a1b2c3d4e5.azurecr.io', '00000000-0000-0000-0000-000000000000', 'x')), ['short_lived_credential']);
  s = make('ghcr.io/MyOrg', 'me', 'ghp_x');
  assert.deepEqual(codes(s), ['server_path', 'owner_must_be_lowercase']);
  assert.deepEqual(s.diagnostics[1].fix, { label: 'use "ghcr.io/myorg"', replacement: 'ghcr.io/myorg' });
  assert.deepEqual(s.diagnostics[1].span, { start: 8, end: 13 });
});

test('createRegistrySecret: token_expired against now (a Date, milliseconds, or the current time)', () => {
  const token = jwt(1_700_000_000);
  const make = (now) => ra.createRegistrySecret({ name: 'pull', server: 'cp.icr.io', username: 'cp', password: token, now });
  const expired = make(new Date(1_700_000_000_000 + 2 * 3600 * 1000));
  assert.deepEqual(expired.diagnostics, [
    {
      code: 'token_expired',
      severity: 'warning',
      field: 'password',
      message: 'the password is a token that expired at 2023-11-14T22:13:20Z, 2 hours before now: get a new one',
      span: { start: 0, end: token.length },
    },
  ]);
  assert.deepEqual(make(1_600_000_000_000).diagnostics, []);
  // Default: Date.now(), long after 2023.
  assert.deepEqual(make(undefined).diagnostics.map((d) => d.code), ['token_expired']);
  assert.deepEqual(ra.createRegistrySecret({ name: 'p', server: 'cp.icr.io', username: 'cp', password: jwt(4_102_444_800) }).diagnostics, []);
  assert.throws(() => make('yesterday'), TypeError);
  // The token is in no message.
  for (const d of expired.diagnostics) assert.ok(!d.message.includes(token.split('.')[1]));
});
