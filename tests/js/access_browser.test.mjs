// checkImageAccess in headless Chromium with the browser's own fetch (the
// default, called unbound), against a registry stand-in on 127.0.0.1 that
// allows the page's origin (CORS): a pull that works, and a redirect, which
// a browser hides from `redirect: 'manual'` (an opaque response), refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, launchChromium, serve } from './helpers.mjs';
import { startServer } from '../registry/servers.mjs';
import { OCI_MANIFEST } from '../registry/images.mjs';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
let browser;
let site;
let registry;
let page;

before(async () => {
  const dir = installPackage('access-browser');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>access</title>
<script type="module">
  import init, { checkImageAccess } from './node_modules/registry-access/index.js';
  await init();
  window.run = (image, options) => checkImageAccess(image, options);
  document.title = 'ready';
</script>`,
  );
  site = await serve(dir);
  registry = await startServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'accept, authorization');
    res.setHeader('access-control-allow-methods', 'GET, HEAD');
    res.setHeader('access-control-expose-headers', 'docker-content-digest, www-authenticate, content-type');
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    if (path === '/v2/') return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (path === '/v2/team/app/manifests/1.0') {
      return res.writeHead(200, { 'content-type': OCI_MANIFEST, 'docker-content-digest': DIGEST }).end();
    }
    if (path === '/v2/team/moved/manifests/1.0') {
      return res.writeHead(307, { location: `${registry.url}/v2/team/app/manifests/1.0` }).end();
    }
    res.writeHead(404).end();
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${site.url}/index.html`);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30000 });
});
after(async () => {
  await browser?.close();
  await registry?.close();
  await site?.close();
});

const run = (image, options) => page.evaluate(([i, o]) => window.run(i, o), [image, options]);

test("a pull that works, with the browser's own fetch", async () => {
  const report = await run(`${registry.host}/team/app:1.0`, { allowInsecureLoopback: true, platform: null });
  assert.equal(report.ok, true, JSON.stringify(report.diagnostics));
  assert.equal(report.digest, DIGEST);
  assert.equal(report.mediaType, OCI_MANIFEST);
  assert.equal(report.auth, 'none');
});

test('a redirect, opaque to the page, is refused and not followed', async () => {
  const before = registry.requests.filter((r) => r.path === '/v2/team/app/manifests/1.0').length;
  const report = await run(`${registry.host}/team/moved:1.0`, { allowInsecureLoopback: true, platform: null });
  assert.equal(report.ok, false);
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['redirect_refused']);
  assert.deepEqual(report.requests.at(-1), { method: 'HEAD', url: `${registry.url}/v2/team/moved/manifests/1.0`, status: 302 });
  const after = registry.requests.filter((r) => r.path === '/v2/team/app/manifests/1.0').length;
  assert.equal(after, before, 'the target was not requested');
});
