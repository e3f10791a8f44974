// Worst cases through the JS binding (the packed tarball under Node): lone
// surrogates, which no Rust &str can hold, and 1 MB strings. Each gives a
// clear diagnostic, never throws from validateImage/validateImages, keeps
// spans inside the input in UTF-16 code units without splitting a pair,
// and finishes far inside a generous bound (a guard against super-linear
// behaviour, not a performance goal: those live in bench/js/).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { installPackage, importFrom } from './helpers.mjs';

let ra;
before(async () => {
  ra = await importFrom(installPackage('worst-cases'));
});

const PROFILES = [undefined, { profile: 'oci' }];
const MB = 1 << 20;

function isHigh(c) {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c) {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Spans inside the input, never between the halves of a surrogate pair. */
function checkSpans(input, v) {
  for (const d of v.diagnostics) {
    const { start, end } = d.span;
    assert.ok(Number.isInteger(start) && Number.isInteger(end), JSON.stringify(d.span));
    assert.ok(0 <= start && start <= end && end <= input.length, `${d.code} span ${start}..${end} of ${input.length}`);
    for (const at of [start, end]) {
      const splits = at > 0 && at < input.length && isHigh(input.charCodeAt(at - 1)) && isLow(input.charCodeAt(at));
      assert.ok(!splits, `${d.code} span ${start}..${end} splits a surrogate pair`);
    }
    assert.equal(typeof d.message, 'string');
    assert.ok(d.message.length > 0);
  }
}

function checkInvalid(input, options) {
  const v = ra.validateImage(input, options);
  assert.equal(v.valid, false, `${JSON.stringify(input.slice(0, 40))} is valid`);
  assert.ok(v.diagnostics.some((d) => d.severity === 'error'), 'no error diagnostic');
  checkSpans(input, v);
  return v;
}

test('lone surrogates: an error whose span covers the surrogate, no throw', () => {
  const cases = [
    ['nginx\ud800', 5],
    ['\udc00nginx', 0],
    ['us.icr.io/team1/a\ud83dpp:1.0', 17],
    ['us.icr.io/team1/app:1\udfff', 21],
    ['us.icr.io/team1/app@sha256:\ud800', 27],
    ['reg\ud800istry.io/ns/app', 3],
  ];
  for (const options of PROFILES) {
    for (const [input, at] of cases) {
      const v = checkInvalid(input, options);
      assert.ok(
        v.diagnostics.some((d) => d.severity === 'error' && d.span.start <= at && at < d.span.end),
        `${JSON.stringify(input)} (${options?.profile ?? 'codeEngine'}): no error covers index ${at}: ${JSON.stringify(v.diagnostics)}`,
      );
      // The bulk path agrees with one-by-one calls.
      assert.deepEqual(ra.validateImages([input, 'nginx', input], options)[2], v);
      // parseImage throws the typed error, never something else.
      assert.throws(() => ra.parseImage(input, options), (e) => e instanceof ra.InvalidImageReference && typeof e.code === 'string');
    }
  }
});

test('a valid surrogate pair is one character: spans do not split it', () => {
  for (const options of PROFILES) {
    for (const input of ['nginx:🐳', '🐳/ns/app', 'us.icr.io/te🐳m1/app', 'a🐳'.repeat(1000)]) {
      checkInvalid(input, options);
    }
  }
});

// The bound is 5 s per call. Messages quote whole components with Rust's
// Debug escaping, which costs about 1-3 us per non-ASCII character in wasm
// (1 MB of lone surrogates takes 7-11 s, linear): those inputs are 128 K
// code units here, the ASCII ones 1 MB.
test('1 MB strings: a diagnostic, no throw, within a generous bound', () => {
  const inputs = [
    'a'.repeat(MB),
    'a:'.repeat(MB / 2),
    '/'.repeat(MB),
    `${'abcdefghijkl'.repeat(MB / 12)}:.`,
    '\0'.repeat(MB),
    '\ud800'.repeat(MB / 8),
    'a\udc00'.repeat(MB / 16),
    '🐳'.repeat(MB / 16),
  ];
  for (const options of PROFILES) {
    for (const input of inputs) {
      const t0 = performance.now();
      checkInvalid(input, options);
      const ms = performance.now() - t0;
      assert.ok(ms < 5000, `${JSON.stringify(input.slice(0, 12))}… (${input.length} units) took ${ms.toFixed(0)} ms`);
    }
    // The bulk path over several of them in one call.
    const some = [inputs[0], inputs[2], inputs[5]];
    const t0 = performance.now();
    const all = ra.validateImages(some, options);
    assert.equal(all.length, some.length);
    all.forEach((v, i) => checkSpans(some[i], v));
    assert.ok(performance.now() - t0 < 5000 * some.length);
  }
});
