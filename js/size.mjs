// Prints raw, gzip (-9) and brotli (max quality) bytes of each file given,
// and the totals of the JS glue: `node js/size.mjs pkg/x_bg.wasm pkg/x.js ...`.
// A folder stands for one module's files: `node js/size.mjs pkg/image`.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const rows = [];
const moduleFiles = ['registry_access_bg.wasm', 'registry_access.js', 'core.js', 'index.js'];
const files = process.argv
  .slice(2)
  .flatMap((f) => (statSync(f).isDirectory() ? moduleFiles.map((m) => join(f, m)) : [f]));
for (const file of files) {
  const bytes = readFileSync(file);
  rows.push({
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  });
}
const js = rows.filter((r) => r.file.endsWith('.js'));
if (js.length > 1) {
  const all = Buffer.concat(js.map((r) => readFileSync(r.file)));
  rows.push({
    file: 'JS glue, all files together',
    raw: all.length,
    gzip: gzipSync(all, { level: 9 }).length,
    brotli: brotliCompressSync(all, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
}
const pad = (s, n) => String(s).padStart(n);
console.log(`${'file'.padEnd(40)} ${pad('raw', 9)} ${pad('gzip', 9)} ${pad('brotli', 9)}`);
for (const r of rows) console.log(`${r.file.padEnd(40)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}`);
