// The order in which the demo page loads the package (issue: a small image
// module and a thin binding): the image module first, so the image field
// answers before anything else; the full module only once the secret or
// check section is used. Prints when the image field first answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticCodes, launch, open, startServer } from './page.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const IMAGE_WASM = '/pkg/image/registry_access_bg.wasm';
const FULL_WASM = '/pkg/registry_access_bg.wasm';
const paths = (requests) => requests.map((r) => new URL(r.url()).pathname);

test('the image module answers the image field; the full module waits for the secret form', async (t) => {
  const started = Date.now();
  const { context, page, requests, errors } = await open(browser, server.origin, { full: false });
  const ready = Date.now() - started;
  try {
    await page.fill('#image-input', 'us.icr.io/team1/app:-rc1');
    await page.waitForFunction(() => document.querySelector('#image-diagnostics li[data-code="tag_bad_start"]'));
    const answered = Date.now() - started;
    t.diagnostic(`image module ready ${ready} ms after navigation; the image field answered at ${answered} ms`);
    assert.ok((await diagnosticCodes(page)).includes('tag_bad_start'));

    const loaded = paths(requests);
    assert.ok(loaded.includes(IMAGE_WASM), loaded.join(' '));
    assert.ok(!loaded.includes(FULL_WASM), 'the full module is not loaded before the secret form is used');
    assert.ok(!loaded.includes('/pkg/index.js'));

    // Typing into the secret form loads the full module; what was typed
    // meanwhile is rendered once it is in.
    await page.click('#s-name');
    await page.keyboard.type('regcred');
    await page.fill('#s-password', 'p4ssw0rd');
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
    await page.waitForFunction(() => document.querySelector('#out-dockerconfigjson').textContent !== '');
    const json = JSON.parse(await page.textContent('#out-dockerconfigjson'));
    assert.deepEqual(Object.keys(json.auths), ['us.icr.io']);
    const after = paths(requests);
    assert.ok(after.indexOf(FULL_WASM) > after.indexOf(IMAGE_WASM), 'the full module comes after the image module');
    assert.equal(after.filter((p) => p === FULL_WASM).length, 1, 'the full module is loaded once');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the check section loads the full module too', async () => {
  const { context, page, requests, errors } = await open(browser, server.origin, { full: false });
  try {
    assert.ok(!paths(requests).includes(FULL_WASM));
    await page.click('#c-example');
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
    await page.waitForFunction(() => document.querySelectorAll('#c-config-diagnostics li').length > 0);
    assert.ok(paths(requests).includes(FULL_WASM));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
