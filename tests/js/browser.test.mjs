// Headless Chromium: a plain `<script type="module">` page, and a Vite build
// of a tiny app, both using the installed tarball, served from 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
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

test('a plain <script type="module"> page', async () => {
  const dir = installPackage('browser');
  cpSync(join(ROOT, 'tests/js/pages/module.html'), join(dir, 'index.html'));
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

test('a Vite build of an app importing the package', async () => {
  const dir = installPackage('vite');
  cpSync(join(ROOT, 'tests/js/vite-app'), dir, { recursive: true });
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
