// Fills the `DiagnosticCode` union of the .d.ts from the built .wasm's own
// code table (the Rust `code_table!` plus the binding's codes), so the types
// cannot drift from the codes the library reports:
// `node js/write-types.mjs js/api.d.ts pkg/api.d.ts` (after pkg/ is built).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [template, out] = process.argv.slice(2);
const pkgDir = resolve(dirname(out));
const { initSync, diagnosticCodes } = await import(pathToFileURL(join(pkgDir, 'index.js')).href);
initSync(readFileSync(join(pkgDir, 'registry_access_bg.wasm')));
const codes = diagnosticCodes();
if (codes.length === 0) throw new Error('the code table is empty');
const union = codes.map((c) => `\n  | '${c}'`).join('');
const text = readFileSync(template, 'utf8');
if (!text.includes('/*CODES*/')) throw new Error(`${template} has no /*CODES*/ placeholder`);
writeFileSync(out, text.replace('/*CODES*/', union));
