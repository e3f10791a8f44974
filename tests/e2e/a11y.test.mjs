// The demo page passes an accessibility audit (axe-core, WCAG 2.1 A and AA
// rules) in every state the page tests reach, in both colour schemes, at 375
// and 1280 px; and markup typed into any field stays text. The states of the
// "Check access" panel against a real registry are audited in access.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertNoViolations, auditEverywhere, fillSecret, here, launch, open, startServer } from './page.mjs';

const brokenConfig = await readFile(join(here, 'fixtures', 'broken-config.json'), 'utf8');

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

describe('accessibility audit', () => {
  test('every state of the image, secret and check sections: zero violations', async () => {
    const { context, page, errors } = await open(browser, server.origin);
    const found = [];
    const audit = async (state) => found.push(...(await auditEverywhere(page, state)));

    await audit('fresh page');

    // The state the outside audit reported: an invalid name, a filled
    // secret, a broken config pasted and an image to match.
    await page.fill('#image-input', 'us.icr.io/My_Team/app:-rc1');
    await fillSecret(page, { name: 'icr-pull', server: 'us.icr.io', username: 'iamapikey', password: 'not-a-real-key', email: '' });
    await page.fill('#c-config', brokenConfig);
    await page.fill('#c-image', 'us.icr.io/team1/app:1.0');
    await audit('invalid name, broken config');

    await page.fill('#image-input', 'us.icr.io/team1/app:');
    await audit('unfinished name');
    await page.fill('#image-input', 'docker.io/library/nginx:1.25');
    await audit('valid name with a note');
    await page.click('label[for="profile-oci"]');
    await page.fill('#image-input', 'localhost:5000/App');
    await audit('OCI profile, invalid name');

    // Every output tab, the password shown, the inline-password command.
    await page.click('#s-password-show');
    for (const tab of ['yaml', 'json', 'ce', 'kubectl', 'docker']) {
      await page.click(`#tab-${tab}`);
      if (tab === 'ce') await page.click('label[for="ce-inline"]');
      await audit(`output tab ${tab}`);
    }

    // Field errors, an ICR private endpoint, the hint of an empty secret.
    await page.fill('#s-name', 'My_Secret');
    await page.fill('#s-server', 'private.de.icr.io');
    await page.fill('#s-email', 'not an email');
    await page.fill('#s-namespace', 'Bad_NS');
    await page.click('#c-use-built');
    await audit('secret fields with errors');

    await page.fill('#c-config', '');
    await page.click('#c-example');
    await audit('broken example loaded');
    await page.fill('#c-config', '{"auths": {');
    await audit('config that is not JSON');
    await page.fill('#c-image', 'not an image');
    await audit('image to pull that is not a reference');

    // The Check access panel before a press: credentials chosen that are
    // missing, no platform, an image that is no reference.
    await page.fill('#c-config', '');
    await page.check('#a-cred-config');
    await page.fill('#a-platform', '');
    await audit('check access: no secret pasted');
    await page.fill('#image-input', 'Not An Image');
    await audit('check access: no image reference');

    assertNoViolations(found);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the page without its package: zero violations', async () => {
    const bare = await startServer({ dirs: ['www'] });
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${bare.origin}/www/`);
      await page.waitForSelector('#load-status.failed', { timeout: 60000 });
      assertNoViolations(await auditEverywhere(page, 'package missing'));
    } finally {
      await context.close();
      await bare.stop();
    }
  });
});

describe('hostile input', () => {
  // Markup and script in every field, in a pasted config's keys and values,
  // and in the image to pull: all of it must stay text.
  const HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '"><script>window.__pwned=2</script>',
    "'><svg onload=window.__pwned=3>",
    '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>',
    'javascript:window.__pwned=5',
  ];

  test('markup typed into every field stays text', async () => {
    const { context, page, errors } = await open(browser, server.origin);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    const count = () => page.evaluate(() => document.querySelectorAll('img, script, svg, iframe, object, embed').length);
    const baseline = await count();
    const fields = ['#image-input', '#s-name', '#s-server', '#s-username', '#s-password', '#s-email', '#s-namespace', '#c-image', '#a-platform'];
    for (const text of HOSTILE) {
      for (const f of fields) await page.fill(f, text);
      const config = JSON.stringify({ auths: { [text]: { username: text, password: text, email: text, auth: text } } });
      await page.fill('#c-config', config);
      // Every rendered copy of the text is the text itself.
      assert.equal(await page.$eval('#image-echo', (n) => n.textContent), text);
      assert.equal(await count(), baseline, `an element was injected by ${text}`);
    }
    // Fixes and "show" buttons re-render the same text.
    for (let i = 0; i < 10; i++) {
      const fix = page.locator('button.fix').first();
      if ((await fix.count()) === 0) break;
      await fix.click();
    }
    assert.equal(await count(), baseline);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
