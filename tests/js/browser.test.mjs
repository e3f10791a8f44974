// Headless Chromium: a plain `<script type="module">` page, and a Vite build
// of a tiny app, both using the installed tarball, served from 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, launchChromium, serve, ROOT } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function resultOf(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'done', null, { timeout: 30000 });
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(errors, []);
    assert.equal(result.failure, undefined, result.failure);
    return result;
  } finally {
    await page.close();
  }
}

function checkCommon(r) {
  assert.equal(r.one.valid, true);
  assert.equal(r.one.normalized, 'us.icr.io/team1/app:1.0');
  assert.deepEqual(r.one.components, { registry: 'us.icr.io', namespace: 'team1', repository: 'app', tag: '1.0', digest: null });
  assert.deepEqual(r.many.map((v) => v.valid), [true, false]);
  assert.equal(r.parsed.normalized, 'docker.io/library/nginx:latest');
}

// Every test runs against both modules of the package (SPEC §7): the page
// and the app only use image functions, which both export.
const ENTRIES = [
  { name: 'registry-access', file: 'index.js' },
  { name: 'registry-access/image', file: 'image/index.js' },
];

for (const entry of ENTRIES) test(`a plain <script type="module"> page (${entry.name})`, async () => {
  const dir = installPackage(`browser-${entry.file.replace(/\W/g, '-')}`);
  const html = readFileSync(join(ROOT, 'tests/js/pages/module.html'), 'utf8');
  assert.ok(html.includes("from './node_modules/registry-access/index.js'"), 'the page imports the package entry');
  const page = html.replace('./node_modules/registry-access/index.js', `./node_modules/registry-access/${entry.file}`);
  writeFileSync(join(dir, 'index.html'), page);
  const server = await serve(dir);
  try {
    const r = await resultOf(`${server.url}/index.html`);
    checkCommon(r);
    assert.deepEqual(r.error.isError, true);
    assert.equal(r.error.name, 'InvalidImageReference');
    assert.equal(r.error.code, 'tag_bad_start');
    assert.equal(r.error.component, 'tag');
    assert.equal(r.error.message, 'tag "-rc1" must not begin with "." or "-"');
    // The emoji takes two code units: the tag's span starts at the JS index.
    const input = 'us.icr.io/t😀am1/app:-rc1';
    const tag = r.emoji.diagnostics.find((d) => d.code === 'tag_bad_start');
    assert.ok(input.slice(tag.span.start, tag.span.end).startsWith('-'), JSON.stringify(tag.span));
  } finally {
    await server.close();
  }
});

for (const entry of ENTRIES) test(`a Vite build of an app importing the package (${entry.name})`, async () => {
  const dir = installPackage(`vite-${entry.file.replace(/\W/g, '-')}`);
  cpSync(join(ROOT, 'tests/js/vite-app'), dir, { recursive: true });
  const main = readFileSync(join(dir, 'main.js'), 'utf8');
  writeFileSync(join(dir, 'main.js'), main.replace("from 'registry-access'", `from '${entry.name}'`));
  const { build } = await import('vite');
  await build({ root: dir, logLevel: 'error', configFile: false, build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is emitted: ${assets}`);
  const server = await serve(join(dir, 'dist'));
  try {
    checkCommon(await resultOf(`${server.url}/index.html`));
  } finally {
    await server.close();
  }
});
