// Every string input of every function crosses as UTF-16 (SPEC §7, issue
// "a small image module", item 3), through the packed tarball under Node: a
// lone surrogate, high or low, at the start, middle or end of any field is
// reported as `invalid_utf16` at its UTF-16 index in that function's own
// result shape, and no output holds U+FFFD (or anything else built from a
// text that is not the one given). Well-formed astral characters still work
// with UTF-16 spans. Also `inspectDockerConfig`'s `now`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { installPackage } from './helpers.mjs';

let ra; // the full module
let image; // registry-access/image
before(async () => {
  const dir = installPackage('utf16');
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, "export * as full from 'registry-access';\nexport * as image from 'registry-access/image';\n");
  const m = await import(pathToFileURL(entry).href);
  ra = m.full;
  image = m.image;
});

const PASSWORD = 'Canary-s3cret-Passw0rd';
const D = `sha256:${'a'.repeat(64)}`;

/** `base` with a lone `unit` at the start, in the middle and at the end: [text, index]. */
function variants(base) {
  const out = [];
  for (const unit of [0xd800, 0xdbff, 0xdc00, 0xdfff]) {
    const u = String.fromCharCode(unit);
    const mid = Math.floor(base.length / 2);
    out.push([u + base, 0, unit], [base.slice(0, mid) + u + base.slice(mid), mid, unit], [base + u, base.length, unit]);
  }
  return out;
}

const message = (unit, at) => `lone surrogate \\u${unit.toString(16)} at index ${at} is not valid unicode text`;

/** No replacement character, and no password, anywhere in a result. */
function clean(result, what) {
  const text = JSON.stringify(result, (k, v) => (v instanceof Error ? { ...v, message: v.message } : v));
  assert.ok(!text.includes('\ufffd') && !text.includes('\\ufffd'), `${what}: U+FFFD in ${text}`);
  assert.ok(!text.includes(PASSWORD.slice(3, -3)), `${what}: the password in ${text}`);
}

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('did not throw');
}

const SECRET = {
  name: 'pull',
  server: 'us.icr.io',
  username: 'iamapikey',
  password: PASSWORD,
  email: 'me@example.com',
  namespace: 'team',
  passwordFile: 'pw.txt',
};
const CONFIG = JSON.stringify({ auths: { 'us.icr.io': { username: 'iamapikey', password: PASSWORD } } });

test('createRegistrySecret: every field; nothing is built from the broken text', () => {
  for (const field of Object.keys(SECRET)) {
    for (const [text, at, unit] of variants(SECRET[field])) {
      const s = ra.createRegistrySecret({ ...SECRET, [field]: text });
      const what = `${field} ${at} ${unit.toString(16)}`;
      assert.equal(s.valid, false, what);
      assert.deepEqual(
        s.diagnostics,
        [{ code: 'invalid_utf16', severity: 'error', field, message: message(unit, at), span: { start: at, end: at + 1 } }],
        what,
      );
      assert.equal(s.dockerconfigjson, '', what);
      assert.equal(s.secretJson, null, what);
      assert.equal(s.secretYaml, null, what);
      assert.deepEqual(s.commands.kubectl, { argv: [], line: '' }, what);
      assert.equal(s.registry.valid, false, what);
      clean(s, what);
    }
  }
  // Two broken fields: one diagnostic each, in field order.
  const s = ra.createRegistrySecret({ ...SECRET, password: 'a\udc00', server: '\ud800' });
  assert.deepEqual(s.diagnostics.map((d) => [d.field, d.span.start]), [['server', 0], ['password', 1]]);
});

test('validateSecretName, registryInfo, inspectDockerConfig: a diagnostic on the field', () => {
  for (const [text, at, unit] of variants('pull-secret')) {
    const v = ra.validateSecretName(text);
    assert.deepEqual(v, {
      valid: false,
      diagnostics: [{ code: 'invalid_utf16', severity: 'error', field: 'name', message: message(unit, at), span: { start: at, end: at + 1 } }],
    });
  }
  for (const m of [ra, image]) {
    for (const [text, at, unit] of variants('us.icr.io')) {
      const r = m.registryInfo(text);
      assert.equal(r.input, text);
      assert.equal(r.valid, false);
      assert.equal(r.host, null);
      assert.equal(r.credentialKey, null);
      assert.deepEqual(r.diagnostics, [
        { code: 'invalid_utf16', severity: 'error', field: 'server', message: message(unit, at), span: { start: at, end: at + 1 } },
      ]);
      clean({ ...r, input: '' }, text);
    }
  }
  for (const [text, at, unit] of variants(CONFIG)) {
    for (const reveal of [false, true]) {
      const i = ra.inspectDockerConfig(text, { reveal });
      assert.equal(i.valid, false);
      assert.deepEqual(i.entries, []);
      assert.deepEqual(i.diagnostics, [
        {
          code: 'invalid_utf16',
          severity: 'error',
          field: 'config',
          server: null,
          message: message(unit, at),
          span: { start: at, end: at + 1 },
          line: null,
          column: null,
        },
      ]);
      clean(i, `config ${at}`);
    }
  }
});

test('upsertCredential, removeCredential, mergeDockerConfigs: DockerConfigEditError invalid_utf16 with field and index', () => {
  const cred = { server: 'quay.io', username: 'me', password: PASSWORD, email: 'me@example.com' };
  const cases = [
    ...['configText', ...Object.keys(cred)].map((field) => [
      field,
      field === 'configText' ? CONFIG : cred[field],
      (t) => (field === 'configText' ? ra.upsertCredential(t, cred) : ra.upsertCredential(CONFIG, { ...cred, [field]: t })),
    ]),
    ['configText', CONFIG, (t) => ra.removeCredential(t, 'us.icr.io')],
    ['server', 'us.icr.io', (t) => ra.removeCredential(CONFIG, t)],
    ['a', CONFIG, (t) => ra.mergeDockerConfigs(t, CONFIG)],
    ['b', CONFIG, (t) => ra.mergeDockerConfigs(CONFIG, t)],
  ];
  for (const [field, base, call] of cases) {
    for (const [text, at, unit] of variants(base)) {
      const e = thrown(() => call(text));
      assert.ok(e instanceof ra.DockerConfigEditError, `${field}: ${e}`);
      assert.deepEqual([e.code, e.field, e.index, e.message], ['invalid_utf16', field, at, message(unit, at)]);
      clean(e, field);
    }
  }
  // Other edit errors have no index.
  assert.equal(thrown(() => ra.removeCredential(CONFIG, 'quay.io')).index, null);
});

test('matchCredentials: nothing matched; the config as a diagnostic, the image as imageError', () => {
  for (const [text, at, unit] of variants(CONFIG)) {
    const m = ra.matchCredentials(text, 'us.icr.io/team/app:1');
    assert.deepEqual([m.image, m.imageError, m.matched, m.unmatched], [null, null, [], []]);
    assert.deepEqual(m.diagnostics.map((d) => [d.code, d.field, d.span.start, d.message]), [['invalid_utf16', 'config', at, message(unit, at)]]);
    clean(m, 'config');
  }
  for (const [text, at, unit] of variants('us.icr.io/team/app:1')) {
    const m = ra.matchCredentials(CONFIG, text);
    assert.deepEqual([m.image, m.imageError, m.matched, m.diagnostics], [null, message(unit, at), [], []]);
    clean(m, 'image');
  }
});

test('parseImage and serverForImage: InvalidImageReference invalid_utf16 at the index (both modules)', () => {
  for (const m of [ra, image]) {
    for (const [text, at, unit] of variants('us.icr.io/team/app:1')) {
      for (const f of [m.parseImage, m.serverForImage]) {
        const e = thrown(() => f(text));
        assert.ok(e instanceof m.InvalidImageReference, `${f.name}: ${e}`);
        assert.deepEqual([e.code, e.component, e.span, e.message], ['invalid_utf16', 'reference', { start: at, end: at + 1 }, message(unit, at)]);
        clean(e, f.name);
      }
    }
  }
});

test('evaluateImagePolicy: an invalid_reference violation for the image, ImagePolicyError for an entry (both modules)', () => {
  for (const m of [ra, image]) {
    for (const [text, at, unit] of variants('us.icr.io/team/app:1')) {
      const r = m.evaluateImagePolicy(text, { allowedRegistries: ['us.icr.io'] });
      const span = { start: at, end: at + 1 };
      assert.deepEqual(r, {
        allowed: false,
        normalized: null,
        violations: [
          {
            rule: 'invalid_reference',
            message: message(unit, at),
            span,
            diagnostics: [{ code: 'invalid_utf16', severity: 'error', component: 'reference', message: message(unit, at), span }],
          },
        ],
      });
    }
    for (const list of ['allowedRegistries', 'blockedRegistries']) {
      for (const [text, at, unit] of variants('quay.io/team')) {
        const policy = { allowedRegistries: ['us.icr.io'], blockedRegistries: ['docker.io'] };
        policy[list] = [...policy[list], text];
        const e = thrown(() => m.evaluateImagePolicy('us.icr.io/team/app:1', policy));
        assert.ok(e instanceof m.ImagePolicyError);
        assert.deepEqual([e.code, e.list, e.index, e.message], ['invalid_utf16', list, 1, message(unit, at)]);
      }
    }
  }
});

test('pinImage: ImagePinError invalid_utf16 on the field (both modules)', () => {
  for (const m of [ra, image]) {
    for (const [field, base] of [['image', 'us.icr.io/team/app:1'], ['digest', D]]) {
      for (const [text, at, unit] of variants(base)) {
        const e = thrown(() => (field === 'image' ? m.pinImage(text, D) : m.pinImage('us.icr.io/team/app:1', text)));
        assert.ok(e instanceof m.ImagePinError);
        assert.deepEqual(
          [e.code, e.field, e.span, e.message, e.referenceCode],
          ['invalid_utf16', field, { start: at, end: at + 1 }, message(unit, at), null],
        );
        clean(e, field);
      }
    }
  }
});

test('checkImageAccess: rejects with a TypeError invalid_utf16 before any request', async () => {
  const base = {
    image: 'us.icr.io/team/app:1',
    'options.credential.username': 'iamapikey',
    'options.credential.password': PASSWORD,
    'options.dockerconfigjson': CONFIG,
    'options.platform': 'linux/amd64',
    'options.trustedRealmHosts[1]': 'auth.example.com',
  };
  let requests = 0;
  const fetch = async () => {
    requests++;
    throw new Error('no request may be sent');
  };
  for (const [field, value] of Object.entries(base)) {
    for (const [text, at, unit] of variants(value)) {
      const v = { ...base, [field]: text };
      const options = {
        fetch,
        credential: { username: v['options.credential.username'], password: v['options.credential.password'] },
        dockerconfigjson: v['options.dockerconfigjson'],
        platform: v['options.platform'],
        trustedRealmHosts: ['iam.cloud.ibm.com', v['options.trustedRealmHosts[1]']],
      };
      await assert.rejects(ra.checkImageAccess(v.image, options), (e) => {
        assert.ok(e instanceof TypeError);
        assert.deepEqual([e.code, e.field, e.index], ['invalid_utf16', field, at]);
        assert.equal(e.message, `checkImageAccess: ${field}: ${message(unit, at)}`);
        clean(e, field);
        return true;
      });
    }
  }
  assert.equal(requests, 0);
});

test('astral characters (emoji) are well-formed: they work, with UTF-16 spans', () => {
  // A password with an emoji is stored as typed.
  const password = `${PASSWORD}😀`;
  const s = ra.createRegistrySecret({ ...SECRET, password });
  assert.equal(s.valid, true);
  const auth = JSON.parse(s.dockerconfigjson).auths['us.icr.io'];
  assert.equal(auth.password, password);
  assert.equal(Buffer.from(auth.auth, 'base64').toString('utf8'), `iamapikey:${password}`);
  // Read back: the entry's password is the same text.
  const i = ra.inspectDockerConfig(s.dockerconfigjson, { reveal: true });
  assert.equal(i.entries[0].password, password);
  // A lone surrogate after a pair: its index counts the pair as two units.
  const bad = ra.createRegistrySecret({ ...SECRET, password: '😀\udc00' });
  assert.deepEqual(bad.diagnostics[0].span, { start: 2, end: 3 });
  const e = thrown(() => ra.pinImage('😀\ud800', D));
  assert.deepEqual(e.span, { start: 2, end: 3 });
  // Spans of ordinary diagnostics are in UTF-16 after an emoji.
  const n = ra.validateSecretName('😀x');
  assert.equal(n.valid, false);
  for (const d of n.diagnostics) assert.ok(d.span.end <= 3 && d.span.start !== 1, JSON.stringify(d));
  const r = ra.evaluateImagePolicy('us.icr.io/😀', {});
  assert.equal(r.allowed, false);
  assert.equal(r.violations[0].rule, 'invalid_reference');
  for (const d of r.violations[0].diagnostics) assert.ok(d.span.end <= 12, JSON.stringify(d));
  assert.ok(r.violations[0].diagnostics.some((d) => d.span.start === 10 && d.span.end === 12), JSON.stringify(r));
  const c = ra.inspectDockerConfig('{"auths":{"😀":1}}');
  const d = c.diagnostics.find((x) => x.server === '😀');
  assert.ok(d, JSON.stringify(c.diagnostics));
  // The quoted key `"😀"`: four code units from index 10.
  assert.deepEqual(d.span, { start: 10, end: 14 });
});

test('inspectDockerConfig: `now` (a Date or milliseconds, default now) checks an expiring token', () => {
  const enc = (s) => Buffer.from(s).toString('base64url');
  const token = `${enc('{"alg":"RS256","typ":"JWT"}')}.${enc('{"exp":1700000000,"iss":"x"}')}.c2lnbmF0dXJl`;
  const text = JSON.stringify({ auths: { 'us.icr.io': { username: 'iamrefresh', password: token } } });
  const expired = (options) => ra.inspectDockerConfig(text, options).diagnostics.filter((d) => d.code === 'token_expired');
  const want = [
    {
      code: 'token_expired',
      severity: 'warning',
      field: 'password',
      server: 'us.icr.io',
      message: '"us.icr.io": the password is a token that expired at 2023-11-14T22:13:20Z, 3 hours before now: get a new one',
    },
  ];
  const shape = (ds) => ds.map(({ code, severity, field, server, message }) => ({ code, severity, field, server, message }));
  const later = (1_700_000_000 + 3 * 3600 + 59) * 1000;
  assert.deepEqual(shape(expired({ now: later })), want);
  assert.deepEqual(shape(expired({ now: new Date(later) })), want);
  assert.deepEqual(expired({ now: 1_600_000_000_000 }), []);
  // By default, JS's clock: 2023 is past.
  assert.equal(expired().length, 1);
  assert.equal(expired({ reveal: true, now: null }).length, 1);
  assert.ok(!JSON.stringify(ra.inspectDockerConfig(text, { now: later })).includes(token.slice(-20)));
  assert.throws(() => ra.inspectDockerConfig(text, { now: 'soon' }), /inspectDockerConfig: options.now must be a Date or a number of milliseconds/);
});
