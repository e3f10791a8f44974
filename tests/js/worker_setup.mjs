// Runs examples/edge-worker under Miniflare (workerd) on 127.0.0.1. The
// worker's modules are copied next to the installed package, with
// `registry-access` resolved through the package's `workerd` export
// condition, as a bundler would.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

/** Starts the worker from the package installed in `dir`; resolves to { mf, url }. */
export async function startWorker(dir, options = {}) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/registry-access/package.json'), 'utf8'));
  const entry = pkg.exports['.'].workerd.default.replace(/^\.\//, '');
  const src = join(ROOT, 'examples/edge-worker/src');
  for (const file of readdirSync(src).filter((f) => f.endsWith('.js'))) {
    const source = readFileSync(join(src, file), 'utf8');
    writeFileSync(join(dir, file), source.replace("from 'registry-access'", `from './node_modules/registry-access/${entry}'`));
  }
  assert.match(readFileSync(join(dir, 'worker.js'), 'utf8'), /from '\.\/node_modules\/registry-access\//, 'the worker imports registry-access');
  return miniflareOn(dir, 'worker.js', options);
}

/** Runs the module `script` of `dir` under Miniflare on 127.0.0.1; resolves to { mf, url }. */
export async function miniflareOn(dir, script, options = {}) {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, script),
    modulesRoot: dir,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const url = (await mf.ready).href;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  return { mf, url };
}
