// The two modules of the package (SPEC §7): `registry-access/image` exports
// exactly the image functions of js/exports.json, behaves as the full module
// on the whole corpus, runs under workerd, and both accept wasm-bindgen's
// init forms as well as a bare module, bytes or URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpus, installPackage, ROOT } from './helpers.mjs';
import { miniflareOn } from './worker_setup.mjs';

const LIST = JSON.parse(readFileSync(join(ROOT, 'js/exports.json'), 'utf8'));
let dir;
let full;
let image;
before(async () => {
  dir = installPackage('image-module');
  const entry = join(dir, 'entry.mjs');
  writeFileSync(
    entry,
    "export * as full from 'registry-access';\nexport * as image from 'registry-access/image';\n",
  );
  ({ full, image } = await import(pathToFileURL(entry).href));
});

test('each module exports exactly its names from the one list', () => {
  const own = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== 'initSync').sort();
  assert.deepEqual(own(image), [...LIST.image].sort());
  assert.deepEqual(own(full), [...LIST.image, ...LIST.full].sort());
  assert.equal(typeof image.default, 'function');
  assert.equal(typeof image.initSync, 'function');
});

test('the corpus validates identically through both modules, in both profiles', () => {
  const lines = corpus();
  for (const profile of ['codeEngine', 'oci']) {
    const a = full.validateImages(lines, { profile });
    const b = image.validateImages(lines, { profile });
    assert.equal(a.length, lines.length);
    assert.deepEqual(b, a, profile);
  }
  for (const line of lines.filter((_, i) => i % 97 === 0)) {
    assert.deepEqual(image.validateImage(line), full.validateImage(line), line);
    assert.deepEqual(image.registryInfo(line), full.registryInfo(line), line);
    const outcome = (m, f) => {
      try {
        return { ok: f(m) };
      } catch (e) {
        return { error: [e.name, e.code, e.message, e.span] };
      }
    };
    assert.deepEqual(outcome(image, (m) => m.parseImage(line, { profile: 'oci' })), outcome(full, (m) => m.parseImage(line, { profile: 'oci' })), line);
    assert.deepEqual(outcome(image, (m) => m.serverForImage(line)), outcome(full, (m) => m.serverForImage(line)), line);
  }
  assert.deepEqual(image.diagnosticCodes(), full.diagnosticCodes());
});

test('the image module is smaller than the full one', () => {
  const size = (f) => readFileSync(join(dir, 'node_modules/registry-access', f)).length;
  assert.ok(size('image/registry_access_bg.wasm') < size('registry_access_bg.wasm') / 1.5);
});

// Each form in a fresh process: module state is per instance.
let forms = 0;
function run(module, body) {
  const base = `./node_modules/registry-access${module}/`;
  const script = `import { readFileSync } from 'node:fs';
import * as m from '${base}index.js';
const bytes = readFileSync(new URL('${base}registry_access_bg.wasm', import.meta.url));
${body}
console.log(JSON.stringify(m.validateImage('nginx').normalized));`;
  const file = join(dir, `form-${forms++}.mjs`);
  writeFileSync(file, script);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }));
}

const FORMS = {
  'initSync(bytes)': 'm.initSync(bytes);',
  'initSync({ module: bytes })': 'm.initSync({ module: bytes });',
  'initSync(WebAssembly.Module)': 'm.initSync(new WebAssembly.Module(bytes));',
  'initSync({ module: WebAssembly.Module })': 'm.initSync({ module: new WebAssembly.Module(bytes) });',
  'init(bytes)': 'await m.default(bytes);',
  'init({ module_or_path: bytes })': 'await m.default({ module_or_path: bytes });',
  'init({ module_or_path: Promise<Response> })':
    "await m.default({ module_or_path: Promise.resolve(new Response(bytes, { headers: { 'content-type': 'application/wasm' } })) });",
  'concurrent init() calls share one promise': `
    const a = m.default(bytes), b = m.default(bytes);
    if (a !== b) throw new Error('two promises');
    await Promise.all([a, b]);
    await m.default(bytes);`,
};

for (const module of ['', '/image']) {
  for (const [name, body] of Object.entries(FORMS)) {
    test(`registry-access${module}: ${name}`, () => {
      assert.equal(run(module, body), 'docker.io/library/nginx:latest');
    });
  }
}

test('registry-access/image under workerd (the .wasm imported as a module)', async () => {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/registry-access/package.json'), 'utf8'));
  const entry = pkg.exports['./image'].workerd.default.replace(/^\.\//, '');
  writeFileSync(
    join(dir, 'image-worker.js'),
    `import { validateImage } from './node_modules/registry-access/${entry}';
     export default { fetch: () => Response.json(validateImage('us.icr.io/team1/app:-rc1')) };`,
  );
  const { mf, url } = await miniflareOn(dir, 'image-worker.js');
  try {
    const v = await (await fetch(url)).json();
    assert.deepEqual(v, full.validateImage('us.icr.io/team1/app:-rc1'));
  } finally {
    await mf.dispose();
  }
});
