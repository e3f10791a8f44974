// The packed tarball, installed into a scratch folder, under Node: every
// exported function, the bulk path against one-by-one calls over the 10k
// corpus, UTF-16 spans, the error shape.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, importFrom, corpus } from './helpers.mjs';

let ra;
let dir;
before(async () => {
  dir = installPackage('node');
  ra = await importFrom(dir);
});

test('the package.json has the exports map, files and no side effects', () => {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/registry-access/package.json'), 'utf8'));
  assert.equal(pkg.name, 'registry-access');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.equal(pkg.exports['.'].default, './index.js');
  assert.equal(pkg.exports['./registry_access_bg.wasm'], './registry_access_bg.wasm');
  for (const f of pkg.files) assert.ok(readFileSync(join(dir, 'node_modules/registry-access', f)).length > 0, f);
});

test('validateImage: a full Code Engine reference', () => {
  const v = ra.validateImage('us.icr.io/team1/app:1.0');
  assert.equal(v.valid, true);
  assert.equal(v.state, 'valid');
  assert.equal(v.normalized, 'us.icr.io/team1/app:1.0');
  assert.deepEqual(v.components, { registry: 'us.icr.io', namespace: 'team1', repository: 'app', tag: '1.0', digest: null });
  assert.deepEqual(v.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(Object.keys(v), ['valid', 'state', 'normalized', 'familiar', 'components', 'diagnostics']);
});

test('validateImage: defaults of a Docker Hub official image', () => {
  const v = ra.validateImage('nginx');
  assert.equal(v.valid, true);
  assert.equal(v.normalized, 'docker.io/library/nginx:latest');
  assert.equal(v.familiar, 'nginx:latest');
  const codes = v.diagnostics.map((d) => d.code);
  for (const c of ['default_registry', 'default_tag', 'official_image']) assert.ok(codes.includes(c), `${c} in ${codes}`);
  for (const d of v.diagnostics) {
    assert.equal(d.severity, 'info');
    assert.equal(typeof d.message, 'string');
    assert.ok(d.message.length > 0 && !d.message.endsWith('.'), d.message);
    assert.deepEqual(Object.keys(d.span), ['start', 'end']);
  }
});

test('validateImage: the oci profile', () => {
  // distribution's ParseNormalizedNamed: no default tag is added.
  const v = ra.validateImage('nginx', { profile: 'oci' });
  assert.equal(v.valid, true);
  assert.equal(v.normalized, 'docker.io/library/nginx');
  assert.equal(v.familiar, 'nginx');
  assert.equal(ra.validateImage('Nginx', { profile: 'oci' }).valid, false);
  assert.equal(ra.validateImage('us.icr.io/team1/app:1.0', { profile: 'codeEngine' }).valid, true);
});

test('validateImage: message, span and fix of an error', () => {
  const input = 'us.icr.io/team1/app:-rc1';
  const v = ra.validateImage(input);
  assert.equal(v.valid, false);
  assert.equal(v.state, 'invalid');
  const d = v.diagnostics.find((x) => x.code === 'tag_bad_start');
  assert.ok(d, JSON.stringify(v.diagnostics));
  assert.equal(d.severity, 'error');
  assert.equal(d.component, 'tag');
  assert.equal(d.message, 'tag "-rc1" must not begin with "." or "-"');
  assert.ok(input.slice(d.span.start, d.span.end).startsWith('-'), JSON.stringify(d.span));
  const empty = ra.validateImage('us.icr.io/team1/app:');
  assert.equal(empty.state, 'incomplete');
  const tagEmpty = empty.diagnostics.find((x) => x.code === 'tag_empty');
  assert.ok(tagEmpty && tagEmpty.fix, JSON.stringify(empty.diagnostics));
  assert.equal(tagEmpty.fix.replacement, 'us.icr.io/team1/app');
  assert.equal(typeof tagEmpty.fix.label, 'string');
  const ws = ra.validateImage(' nginx ');
  const trim = ws.diagnostics.find((x) => x.code === 'surrounding_whitespace');
  assert.ok(trim?.fix, JSON.stringify(ws.diagnostics));
  assert.equal(trim.fix.replacement, 'nginx');
});

// Spans are JS string indices: the same input with each non-ASCII code unit
// replaced by an ASCII letter gives the same spans (a byte offset would be
// larger after "ë" or "😀").
test('spans are UTF-16 code units: non-ASCII, emoji, lone surrogates', () => {
  const pairs = [
    ['us.icr.io/tëam1/app:-rc1', 'us.icr.io/tXam1/app:-rc1'],
    ['us.icr.io/t😀am1/app:-rc1', 'us.icr.io/tXXam1/app:-rc1'],
    ['us.icr.io/téam1/äpp:-rc1', 'us.icr.io/tXam1/Xpp:-rc1'],
    ['us.icr.io/te\ud800am1/app:-rc1', 'us.icr.io/teXam1/app:-rc1'],
  ];
  for (const [uni, ascii] of pairs) {
    const a = ra.validateImage(uni);
    const b = ra.validateImage(ascii);
    assert.equal(a.valid, false);
    const tagA = a.diagnostics.find((d) => d.code === 'tag_bad_start');
    const tagB = b.diagnostics.find((d) => d.code === 'tag_bad_start');
    assert.ok(tagA && tagB, uni);
    assert.deepEqual(tagA.span, tagB.span, uni);
    assert.equal(uni.slice(tagA.span.start, tagA.span.end), ascii.slice(tagB.span.start, tagB.span.end));
    for (const d of a.diagnostics) {
      assert.ok(d.span.start <= d.span.end && d.span.end <= uni.length, JSON.stringify(d));
    }
  }
  // The emoji is never cut in half.
  const emoji = ra.validateImage('us.icr.io/team1/app:1.0😀');
  assert.equal(emoji.valid, false);
  for (const d of emoji.diagnostics) {
    const s = emoji.diagnostics && 'us.icr.io/team1/app:1.0😀';
    assert.ok(d.span.start === s.length || !/[\udc00-\udfff]/.test(s[d.span.start] ?? ''), JSON.stringify(d));
    assert.ok(!/[\ud800-\udbff]/.test(s[d.span.end - 1] ?? '') || d.span.end === s.length, JSON.stringify(d));
  }
});

test('a lone surrogate gets its own diagnostic', () => {
  for (const [input, at] of [['ng\ud800inx', 2], ['nginx\udfff', 5], ['\udc00', 0], ['a/b\ud83d:1', 3]]) {
    const v = ra.validateImage(input);
    assert.equal(v.valid, false);
    assert.equal(v.state, 'invalid');
    const d = v.diagnostics[0];
    assert.equal(d.code, 'invalid_utf16');
    assert.equal(d.severity, 'error');
    assert.equal(d.component, 'reference');
    assert.deepEqual(d.span, { start: at, end: at + 1 });
    const unit = input.charCodeAt(at).toString(16);
    assert.equal(d.message, `lone surrogate \\u${unit} at index ${at} is not valid unicode text`);
  }
  // A well-formed pair is not a lone surrogate.
  assert.ok(!ra.validateImage('nginx😀').diagnostics.some((d) => d.code === 'invalid_utf16'));
  assert.throws(() => ra.parseImage('ng\ud800inx'), (e) => e.code === 'invalid_utf16' && e.span.start === 2);
});

test('parseImage returns the parsed reference or throws a real Error', () => {
  const p = ra.parseImage('nginx');
  assert.equal(p.normalized, 'docker.io/library/nginx:latest');
  assert.equal(p.familiar, 'nginx:latest');
  assert.equal(p.components.repository, 'nginx');
  assert.ok(p.diagnostics.every((d) => d.severity !== 'error'));
  const input = 'us.icr.io/team1/app:-rc1';
  let err;
  try {
    ra.parseImage(input);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error);
  assert.ok(err instanceof ra.InvalidImageReference);
  assert.equal(err.name, 'InvalidImageReference');
  const first = ra.validateImage(input).diagnostics.find((d) => d.severity === 'error');
  assert.equal(err.code, first.code);
  assert.equal(err.component, first.component);
  assert.deepEqual(err.span, first.span);
  assert.equal(err.message, first.message);
  assert.ok(typeof err.stack === 'string');
  assert.throws(() => ra.parseImage(''), (e) => e instanceof Error && e.code === 'empty' && e.component === 'reference');
  assert.throws(() => ra.parseImage('Nginx', { profile: 'oci' }), (e) => e instanceof Error && e.name === 'InvalidImageReference');
});

test('bad arguments throw TypeError, never a string', () => {
  const calls = [
    () => ra.validateImage(42),
    () => ra.validateImage(undefined),
    () => ra.validateImage('nginx', { profile: 'docker' }),
    () => ra.validateImage('nginx', 'oci'),
    () => ra.validateImages('nginx'),
    () => ra.validateImages(['nginx', 7]),
    () => ra.parseImage(null),
  ];
  for (const call of calls) assert.throws(call, TypeError);
});

test('validateImages equals validateImage one by one over the 10k corpus', () => {
  const inputs = corpus();
  assert.ok(inputs.length >= 10000);
  for (const profile of ['codeEngine', 'oci']) {
    const bulk = ra.validateImages(inputs, { profile });
    assert.equal(bulk.length, inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      assert.deepEqual(bulk[i], ra.validateImage(inputs[i], { profile }), `${profile} #${i} ${JSON.stringify(inputs[i])}`);
    }
    assert.ok(bulk.some((v) => v.valid) && bulk.some((v) => !v.valid));
  }
  assert.deepEqual(ra.validateImages([]), []);
  // Inputs with non-ASCII text and lone surrogates in one batch.
  const odd = ['', ' ', 'ñ', '😀', 'a\ud800', 'us.icr.io/tëam1/app:-rc1', 'x'.repeat(5000), 'nginx'];
  assert.deepEqual(ra.validateImages(odd), odd.map((s) => ra.validateImage(s)));
});

test('a long-running session stays consistent (nothing is remembered between calls)', () => {
  // Many distinct messages, each with the user's own text in it.
  for (let i = 0; i < 6000; i++) {
    const input = `us.icr.io/team1/app:-rc${i}`;
    const d = ra.validateImage(input).diagnostics.find((x) => x.code === 'tag_bad_start');
    assert.equal(d.message, `tag "-rc${i}" must not begin with "." or "-"`);
  }
});

test('huge inputs are fine', () => {
  const big = 'a'.repeat(1 << 20);
  const v = ra.validateImage(big);
  assert.equal(v.valid, false);
  // Messages quote the input (official_image quotes it twice: typed and as
  // read), never more.
  for (const d of v.diagnostics) assert.ok(d.message.length <= 2 * big.length + 200, `${d.code}: ${d.message.length}`);
  assert.deepEqual(ra.validateImages([big, 'nginx']), [v, ra.validateImage('nginx')]);
});

test('diagnosticCodes lists the Rust code table and the .d.ts union agrees', () => {
  const codes = ra.diagnosticCodes();
  for (const c of ['empty', 'tag_bad_start', 'deprecated_registry_domain', 'invalid_utf16']) assert.ok(codes.includes(c), c);
  assert.equal(new Set(codes).size, codes.length);
  const dts = readFileSync(join(dir, 'node_modules/registry-access/api.d.ts'), 'utf8');
  const union = dts.match(/export type DiagnosticCode =([^;]*);/)[1];
  const inTypes = [...union.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]);
  assert.deepEqual(inTypes, codes);
});

test('init() and initSync() are harmless after the node entry loaded the module', async () => {
  await ra.default();
  ra.initSync(readFileSync(join(dir, 'node_modules/registry-access/registry_access_bg.wasm')));
  assert.equal(ra.validateImage('nginx').valid, true);
});

test('registryInfo and serverForImage', () => {
  const icr = ra.registryInfo('https://us.icr.io');
  assert.equal(icr.kind, 'icr');
  assert.equal(icr.host, 'us.icr.io');
  assert.equal(icr.port, null);
  assert.equal(icr.region, 'us-south');
  assert.equal(icr.endpoint, 'public');
  assert.equal(icr.credentialKey, 'us.icr.io');
  assert.equal(icr.defaultUsername, 'iamapikey');
  assert.equal(icr.managedSecretName, 'ce-auto-icr-private-us-south');
  assert.equal(icr.input, 'https://us.icr.io');
  assert.equal(icr.valid, true);
  const scheme = icr.diagnostics.find((d) => d.field === 'server' && d.fix);
  assert.ok(scheme, JSON.stringify(icr.diagnostics));
  assert.equal(scheme.fix.replacement, 'us.icr.io');
  const hub = ra.registryInfo('docker.io');
  assert.equal(hub.kind, 'dockerhub');
  assert.equal(hub.credentialKey, 'https://index.docker.io/v1/');
  const other = ra.registryInfo('host:5000');
  assert.deepEqual([other.kind, other.host, other.port, other.credentialKey], ['other', 'host', 5000, 'host:5000']);
  // Spans in UTF-16: the bad character after an emoji.
  const bad = ra.registryInfo('😀.example.com');
  assert.equal(bad.valid, false);
  for (const d of bad.diagnostics) assert.ok(d.span.end <= '😀.example.com'.length, JSON.stringify(d));
  assert.equal(ra.serverForImage('nginx'), 'https://index.docker.io/v1/');
  assert.equal(ra.serverForImage('us.icr.io/team1/app:1.0'), 'us.icr.io');
  assert.throws(
    () => ra.serverForImage('Nginx'),
    (e) => e instanceof ra.InvalidImageReference && e.name === 'InvalidImageReference' && typeof e.code === 'string' && e.span.start === 0,
  );
});

test('createRegistrySecret and validateSecretName', () => {
  const s = ra.createRegistrySecret({ name: 'my-secret', password: 's3cret-value' });
  assert.equal(s.valid, true);
  assert.equal(s.server, 'us.icr.io');
  assert.equal(s.username, 'iamapikey');
  assert.equal(s.registry.kind, 'icr');
  const auth = Buffer.from('iamapikey:s3cret-value').toString('base64');
  assert.equal(s.dockerconfigjson, `{"auths":{"us.icr.io":{"username":"iamapikey","password":"s3cret-value","auth":"${auth}"}}}`);
  assert.match(s.secretJson, /"type": "kubernetes.io\/dockerconfigjson"/);
  assert.match(s.secretYaml, /^apiVersion: v1\n/);
  assert.deepEqual(s.commands.ibmcloud.argv.slice(0, 4), ['ibmcloud', 'ce', 'secret', 'create']);
  assert.ok(s.commands.ibmcloud.line.includes('--password-from-file'));
  assert.ok(!s.commands.ibmcloud.line.includes('s3cret-value'));
  for (const c of ['ibmcloudWithPassword', 'kubectl', 'dockerLogin']) assert.equal(typeof s.commands[c].line, 'string');
  for (const d of s.diagnostics) assert.ok(!d.message.includes('s3cret-value'));
  const full = ra.createRegistrySecret({
    name: 'hub',
    server: 'https://index.docker.io/v1/',
    username: 'someuser',
    password: 'pw',
    email: 'me@example.com',
    namespace: 'prod',
    creationTimestampNull: true,
    passwordFile: 'pw.txt',
  });
  assert.match(full.secretJson, /"creationTimestamp": null/);
  assert.match(full.secretJson, /"namespace": "prod"/);
  assert.ok(full.commands.ibmcloud.line.includes('pw.txt'));
  const bad = ra.createRegistrySecret({ name: 'Bad_Name', password: 'x', username: 'a:b' });
  assert.equal(bad.valid, false);
  assert.ok(bad.diagnostics.some((d) => d.field === 'name' && d.severity === 'error'));
  assert.ok(bad.diagnostics.some((d) => d.field === 'username' && d.severity === 'error'));
  assert.throws(() => ra.createRegistrySecret({ name: 'x' }), TypeError);
  assert.throws(() => ra.createRegistrySecret(null), TypeError);

  assert.deepEqual(ra.validateSecretName('my-secret'), { valid: true, diagnostics: [] });
  const n = ra.validateSecretName('ünïcode');
  assert.equal(n.valid, false);
  for (const d of n.diagnostics) {
    assert.equal(d.field, 'name');
    assert.ok(d.span.start >= 0 && d.span.end <= 'ünïcode'.length, JSON.stringify(d));
  }
  const first = ra.validateSecretName('Bad_Name').diagnostics[0];
  assert.equal(first.fix.replacement, 'bad-name');
});

test('inspectDockerConfig, upsertCredential, removeCredential, mergeDockerConfigs, matchCredentials', () => {
  const { dockerconfigjson: cfg } = ra.createRegistrySecret({ name: 'x', password: 'pw' });
  const i = ra.inspectDockerConfig(cfg);
  assert.equal(i.valid, true);
  assert.equal(i.shape, 'dockerconfigjson');
  assert.equal(i.base64Layers, 0);
  assert.equal(i.secret, null);
  assert.deepEqual(i.credentialHelpers, []);
  assert.deepEqual(i.entries[0], {
    server: 'us.icr.io',
    kind: 'icr',
    username: 'iamapikey',
    hasPassword: true,
    passwordLength: 2,
    email: null,
    hasAuth: true,
    authMatches: true,
    hasIdentityToken: false,
    password: null,
    auth: null,
    identityToken: null,
  });
  assert.equal(ra.inspectDockerConfig(cfg, { reveal: true }).entries[0].password, 'pw');
  const broken = ra.inspectDockerConfig('{"auths": {"é": }}');
  assert.equal(broken.valid, false);
  const j = broken.diagnostics.find((d) => d.code === 'invalid_json');
  assert.ok(j && j.line === 1 && typeof j.column === 'number', JSON.stringify(broken.diagnostics));
  // UTF-16 span: the error is at the "}" after "é" (index 16 in JS).
  assert.equal('{"auths": {"é": }}'.slice(j.span.start, j.span.start + 1), '}');

  const two = ra.upsertCredential(cfg, { server: 'quay.io', username: 'u', password: 'p', email: 'u@example.com' });
  assert.equal(ra.inspectDockerConfig(two).entries.length, 2);
  assert.equal(ra.removeCredential(two, 'quay.io'), cfg);
  assert.equal(ra.mergeDockerConfigs(cfg, two), two);
  let err;
  try {
    ra.removeCredential(cfg, 'nope.example.com');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error && err instanceof ra.DockerConfigEditError);
  assert.equal(err.name, 'DockerConfigEditError');
  assert.equal(err.code, 'server_not_found');
  assert.equal(err.field, null);
  assert.throws(() => ra.upsertCredential('not json', { server: 'a.io', username: 'u', password: 'p' }), ra.DockerConfigEditError);
  assert.throws(
    () => ra.upsertCredential(cfg, { server: 'a.io', username: 'u:x', password: 'secret-pw' }),
    (e) => e.code === 'invalid_credential' && e.field === 'username' && !e.message.includes('secret-pw'),
  );

  const m = ra.matchCredentials(two, 'quay.io/team/app:1');
  assert.equal(m.image, 'quay.io/team/app');
  assert.equal(m.imageError, null);
  assert.deepEqual(m.matched, [{ server: 'quay.io', effectiveKey: 'quay.io', username: 'u', hasPassword: true, dockerHubFallback: false }]);
  assert.equal(m.unmatched[0].server, 'us.icr.io');
  assert.equal(m.unmatched[0].reason, 'different_host');
  assert.equal(typeof m.unmatched[0].message, 'string');
  assert.equal(m.dockerHubFallback, false);
  assert.deepEqual(m.diagnostics, []);
  const badImage = ra.matchCredentials(two, 'Bad Image');
  assert.equal(badImage.image, null);
  assert.equal(typeof badImage.imageError, 'string');
});

test('no function throws a non-Error', async () => {
  const fns = Object.entries(ra).filter(([n, f]) => typeof f === 'function' && !/^[A-Z]/.test(n) && n !== 'default');
  assert.ok(fns.length >= 14, fns.map(([n]) => n).join());
  for (const [name, f] of fns) {
    for (const args of [[], [null], [42, {}], [{}, 7], ['x', 'y']]) {
      let thrown;
      try {
        const r = f(...args);
        // checkImageAccess rejects instead (each of these arguments is wrong
        // before any request could be made).
        if (r instanceof Promise) thrown = await r.then(() => 'resolved', (e) => e);
      } catch (e) {
        thrown = e;
      }
      if (thrown !== undefined) assert.ok(thrown instanceof Error, `${name}(${args.map(String)}) threw ${typeof thrown}`);
    }
  }
});
