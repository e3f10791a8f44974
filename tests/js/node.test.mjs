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

test('a long-running session stays consistent (remembered texts start over)', () => {
  // Many distinct messages: the text table on both sides is reset on the way.
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
