// JS benchmarks of the npm package (pkg/, built by `make pkg`) against
// @swimlane/docker-reference and docker-parse-image in the same Node process,
// over the 10k corpus; plus cold start and the size of the .wasm.
//
//   node bench/js/bench.mjs [pkg-dir]      (or `make bench`)
//
// Times are medians over several rounds of whole-corpus passes, in ns per
// reference. Every result is consumed (a checksum) so no call is dead code.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { gzipSync, constants as zc } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import { swimlaneSafe } from './swimlane-safe.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = path.resolve(root, process.argv[2] ?? 'pkg');
const corpusPath = path.join(root, 'bench/corpus-10k.txt');

// Split on "\n" only, never trimmed; the final newline ends the last line.
const refs = readFileSync(corpusPath, 'utf8').split('\n');
if (refs.at(-1) === '') refs.pop();

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MIN_ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);

let sink = 0; // checksum of every result, printed at the end

/** Median ns per item of `pass()`, which handles `items` inputs per call. */
function measure(pass, items, rounds = ROUNDS) {
  pass(); // warm-up: tier-up and inline caches
  pass();
  const perItem = [];
  for (let r = 0; r < rounds; r++) {
    let passes = 0;
    const t0 = performance.now();
    let t1 = t0;
    do {
      pass();
      passes++;
      t1 = performance.now();
    } while (t1 - t0 < MIN_ROUND_MS);
    perItem.push(((t1 - t0) * 1e6) / (passes * items));
  }
  perItem.sort((a, b) => a - b);
  return perItem[perItem.length >> 1];
}

const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
const { validateImage, validateImages, parseImage } = pkg;
const { parseFamiliarName } = require('@swimlane/docker-reference');
const dockerParseImage = require('docker-parse-image');

// Which references swimlane can finish (see swimlane-safe.mjs), cached in
// target/bench/ by corpus hash and budget (finding them takes a minute).
const budgetMs = Number(process.env.SWIMLANE_BUDGET_MS ?? 200);
const cacheFile = path.join(root, 'target/bench/swimlane-safe.json');
const key = `${createHash('sha256').update(readFileSync(corpusPath)).digest('hex')}:${budgetMs}`;
let cached = null;
try {
  cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
} catch {
  // no cache yet
}
const { safe, slow } = cached?.key === key ? cached : await swimlaneSafe(corpusPath, refs.length, budgetMs);
mkdirSync(path.dirname(cacheFile), { recursive: true });
writeFileSync(cacheFile, JSON.stringify({ key, safe, slow }));
const safeRefs = refs.filter((_, i) => safe[i]);

function consume(v) {
  // a few fields of each result, so every call's output is read
  sink = (sink + (v.valid ? 1 : 0) + v.diagnostics.length) | 0;
}

const oneByOne = (fn) => () => {
  for (const s of refs) consume(fn(s));
};

const rows = [];
const add = (label, ns, note = '') => rows.push({ label, ns, note });

add('validateImage (full diagnostics, codeEngine)', measure(oneByOne((s) => validateImage(s)), refs.length));
add(
  'validateImage (full diagnostics, oci)',
  measure(oneByOne((s) => validateImage(s, { profile: 'oci' })), refs.length),
);
add(
  'validateImages (10k in one call, codeEngine)',
  measure(() => {
    for (const v of validateImages(refs)) consume(v);
  }, refs.length),
);
add(
  'validateImages (10k in one call, oci)',
  measure(() => {
    for (const v of validateImages(refs, { profile: 'oci' })) consume(v);
  }, refs.length),
);
add(
  'parseImage (oci, throws on invalid)',
  measure(() => {
    for (const s of refs) {
      try {
        const r = parseImage(s, { profile: 'oci' });
        sink = (sink + (r ? 1 : 0)) | 0;
      } catch (e) {
        sink = (sink + (e.code ? 2 : 3)) | 0;
      }
    }
  }, refs.length),
);
add(
  'docker-parse-image',
  measure(() => {
    for (const s of refs) sink = (sink + (dockerParseImage(s) ? 1 : 0)) | 0;
  }, refs.length),
);
// The subset swimlane can finish, for it and for us on the same inputs.
const swimlane = measure(() => {
  for (const s of safeRefs) {
    try {
      sink = (sink + (parseFamiliarName(s) ? 1 : 0)) | 0;
    } catch (e) {
      sink = (sink + 2) | 0;
    }
  }
}, safeRefs.length, 3); // a pass takes seconds: fewer rounds
add(`@swimlane/docker-reference parseFamiliarName (${safeRefs.length} it finishes)`, swimlane);
const oursOnSafe = measure(() => {
  for (const v of validateImages(safeRefs, { profile: 'oci' })) consume(v);
}, safeRefs.length);
add(`validateImages (oci) on the same ${safeRefs.length}`, oursOnSafe);
// Swimlane's best case: only the references docker accepts (its regexes
// backtrack on invalid ones, even those it finishes).
const validRefs = safeRefs.filter((s, i) => validateImages([s], { profile: 'oci' })[0].valid);
const swimlaneValid = measure(() => {
  for (const s of validRefs) {
    try {
      sink = (sink + (parseFamiliarName(s) ? 1 : 0)) | 0;
    } catch (e) {
      sink = (sink + 2) | 0;
    }
  }
}, validRefs.length);
add(`@swimlane/docker-reference on the ${validRefs.length} valid ones only`, swimlaneValid);
const oursOnValid = measure(() => {
  for (const v of validateImages(validRefs, { profile: 'oci' })) consume(v);
}, validRefs.length);
add(`validateImages (oci) on the same ${validRefs.length} valid ones`, oursOnValid);
// Issue 11's per-call goal: validateImage on valid references, one call each.
const oneOnValid = (profile) => measure(() => {
  for (const s of validRefs) consume(validateImage(s, { profile }));
}, validRefs.length);
const oursOneOnValid = oneOnValid('oci');
add(`validateImage (oci) one by one on the same ${validRefs.length} valid ones`, oursOneOnValid);
const oursOneOnValidCE = oneOnValid('codeEngine');
add(`validateImage (codeEngine) one by one on the same ${validRefs.length}`, oursOneOnValidCE);

// Cold start: a fresh Node process per sample, timing initSync on the bytes
// (compile + instantiate + reading the code tables) and the first call.
function coldStart(samples) {
  const times = [];
  const first = [];
  for (let i = 0; i < samples; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('./cold-start.mjs', import.meta.url)), pkgDir], {
      encoding: 'utf8',
    });
    const [init, call] = out.trim().split(' ').map(Number);
    times.push(init);
    first.push(call);
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  return { init: med(times), first: med(first) };
}
const cold = coldStart(Number(process.env.BENCH_COLD_SAMPLES ?? 15));

// Cold start as a user meets it (import, init, first call), against
// swimlane's (require, first parse): the median of fresh processes each.
function coldImport(what, samples) {
  const script = fileURLToPath(new URL('./cold-import.mjs', import.meta.url));
  const times = [];
  for (let i = 0; i < samples; i++) {
    times.push(Number(execFileSync(process.execPath, [script, what], { encoding: 'utf8' }).trim()));
  }
  return times.sort((x, y) => x - y)[times.length >> 1];
}
const coldOurs = coldImport(pkgDir, Number(process.env.BENCH_COLD_SAMPLES ?? 15));
const coldSwimlane = coldImport('swimlane', Number(process.env.BENCH_COLD_SAMPLES ?? 15));

const wasmBytes = readFileSync(path.join(pkgDir, 'registry_access_bg.wasm'));
const gzip = gzipSync(wasmBytes, { level: zc.Z_BEST_COMPRESSION }).length;

// ---- the table ----
const fmt = (ns) => ns.toFixed(1).padStart(10);
console.log();
console.log(
  `JS (Node ${process.version}), ${refs.length} references; swimlane finishes ${safeRefs.length}` +
    ` (${slow.length} ran past a ${budgetMs} ms budget in a child process and are left out${
      slow.length ? `: lines ${slow.slice(0, 8).map((i) => i + 1).join(', ')}${slow.length > 8 ? ', …' : ''}` : ''
    })`,
);
console.log(`${'routine'.padEnd(64)} ${'ns/ref'.padStart(10)} ${'x swimlane'.padStart(10)}`);
for (const { label, ns } of rows) {
  console.log(`${label.padEnd(64)} ${fmt(ns)} ${(ns / swimlane).toFixed(2).padStart(9)}x`);
}
console.log(`cold start: initSync (compile + instantiate) ${cold.init.toFixed(2)} ms, first validateImage ${cold.first.toFixed(3)} ms (median of fresh processes)`);
console.log(`cold start: import + init + first validateImage ${coldOurs.toFixed(2)} ms; swimlane require + first parse ${coldSwimlane.toFixed(2)} ms (median of fresh processes)`);
console.log(`wasm: ${wasmBytes.length} bytes, ${gzip} bytes gzip -9`);

const byLabel = (prefix) => rows.find((r) => r.label.startsWith(prefix)).ns;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const vi = Math.max(byLabel('validateImage (full diagnostics, codeEngine)'), byLabel('validateImage (full diagnostics, oci)'));
const ratio = oursOnSafe / swimlane;
const ratioValid = oursOnValid / swimlaneValid;
console.log(`target validateImages <= 0.5x swimlane (same inputs): ${ratio.toFixed(2)}x ${verdict(ratio <= 0.5)}; on valid ones only ${ratioValid.toFixed(2)}x ${verdict(ratioValid <= 0.5)}`);
console.log(`target validateImage on valid ones <= swimlane's parse: oci ${(oursOneOnValid / swimlaneValid).toFixed(2)}x ${verdict(oursOneOnValid <= swimlaneValid)}, codeEngine ${(oursOneOnValidCE / swimlaneValid).toFixed(2)}x ${verdict(oursOneOnValidCE <= swimlaneValid)}`);
console.log(`target validateImage <= 1500 ns/call: ${vi.toFixed(0)} ns ${verdict(vi <= 1500)}`);
console.log(`target wasm <= 35 KB gzip: ${(gzip / 1000).toFixed(1)} KB ${verdict(gzip <= 35000)}`);
console.log(`target cold start <= 2 ms: ${cold.init.toFixed(2)} ms ${verdict(cold.init <= 2)}`);
console.log(`target cold start (import, init, first call) <= swimlane's: ${coldOurs.toFixed(2)} ms vs ${coldSwimlane.toFixed(2)} ms ${verdict(coldOurs <= coldSwimlane)}`);
console.log(`(checksum ${sink})`);
