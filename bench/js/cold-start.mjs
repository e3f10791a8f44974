// One cold-start sample, run in a fresh Node process by bench.mjs: prints
// the ms of initSync on the .wasm bytes (compile + instantiate + the code
// tables) and the ms of the first validateImage call after it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const pkgDir = process.argv[2];
// The JS modules are loaded and the bytes read before the clock starts: the
// sample is the WebAssembly part of starting up.
const api = await import(pathToFileURL(path.join(pkgDir, 'index.js')).href);
const bytes = readFileSync(path.join(pkgDir, 'registry_access_bg.wasm'));
const t0 = performance.now();
api.initSync(bytes);
const t1 = performance.now();
const v = api.validateImage('us.icr.io/team1/app:1.0');
const t2 = performance.now();
if (typeof v.valid !== 'boolean') throw new Error('unexpected result');
process.stdout.write(`${t1 - t0} ${t2 - t1}\n`);
