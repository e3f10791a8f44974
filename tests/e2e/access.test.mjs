// The "Check access" panel end to end: the page in Chromium, its own server
// (scripts/serve.mjs, started with ALLOW_PRIVATE_REGISTRIES=1 as a local
// registry needs) running checkImageAccess, and a real registry
// (docker-registry with htpasswd, tests/registry/) on loopback with images
// pushed. Each state is audited with axe in both colour schemes at 375 and
// 1280 px, and screenshotted (artifacts/screenshots/access-*.png).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CANARY_PASSWORD, USER, startHarness } from '../registry/harness.mjs';
import { assertFocusVisible, assertNoViolations, auditEverywhere, fillSecret, launch, open, startServer, tabTo } from './page.mjs';

let harness;
let server;
let browser;
let registry; // host:port of the htpasswd registry

before(async () => {
  harness = await startHarness();
  registry = harness.basic.host ?? new URL(harness.basic.url).host;
  server = await startServer({ env: { ALLOW_PRIVATE_REGISTRIES: '1' } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await harness?.stop();
});

// A page with every response body of POST /check kept, to search for secrets.
async function openPage(options = {}) {
  const opened = await open(browser, server.origin, options);
  opened.answers = [];
  opened.page.on('response', async (r) => {
    if (new URL(r.url()).pathname === '/check') opened.answers.push(await r.text().catch(() => ''));
  });
  return opened;
}

const checks = (requests) => requests.filter((r) => new URL(r.url()).pathname === '/check');

// Types the image and the credentials as a user does, then presses the
// button and waits for the verdict (or the server's refusal).
async function runCheck(page, image, password = CANARY_PASSWORD) {
  await page.fill('#image-input', image);
  if (password !== null) {
    await fillSecret(page, { name: 'pull', server: registry, username: USER, password });
  }
  const run = page.locator('#a-run');
  assert.match(await run.textContent(), new RegExp(`^Check access · asks ${registry.replace(/\./g, '\\.')} through the local demo server$`));
  await run.click();
  await page.waitForSelector('#a-verdict, .access-status.bad', { timeout: 30000 });
}

const codes = (page) => page.$$eval('#a-diagnostics li', (lis) => lis.map((li) => li.dataset.code));

describe('check access against a real registry', () => {
  test('a check that works: verdict, digest (copy, pin), platforms, steps; nothing sent before the press; no secret anywhere', async () => {
    const { context, page, requests, consoleText, errors, answers } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const image = `${registry}/team/multi:1.0`;
    await page.fill('#image-input', image);
    await fillSecret(page, { name: 'pull', server: registry, username: USER, password: CANARY_PASSWORD });
    // The form's credentials are chosen, and the note says what a press sends.
    assert.equal(await page.isChecked('#a-cred-form'), true);
    assert.match(await page.textContent('#a-run-note'), new RegExp(`asks ${registry.replace(/\./g, '\\.')} once`));
    assert.deepEqual(checks(requests), [], 'nothing goes to /check before the button is pressed');

    await runCheck(page, image);
    assert.equal(checks(requests).length, 1);
    assert.equal(checks(requests)[0].method(), 'POST');
    assert.equal(await page.textContent('#a-verdict strong'), 'The pull would work');
    assert.equal(await page.textContent('#a-digest'), harness.images.multi.digest);
    const platforms = await page.$$eval('#a-platforms li', (lis) => lis.map((li) => [li.dataset.platform, li.className]));
    assert.deepEqual(platforms, [['linux/amd64', 'wanted'], ['linux/arm64', '']]);
    assert.match(await page.textContent('#a-rate'), /no rate limit/);
    const steps = await page.$$eval('#a-steps tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(steps[0], ['GET', `http://${registry}/v2/`, '401']);
    assert.ok(steps.some(([method, url, status]) => method === 'HEAD' && url === `http://${registry}/v2/team/multi/manifests/1.0` && status === '200'), JSON.stringify(steps));
    assert.deepEqual(await codes(page), []);
    assert.doesNotMatch(await page.textContent('#a-result'), /null|undefined/);

    assertNoViolations(await auditEverywhere(page, 'check works', { selector: '#access', name: 'access-works' }));

    await page.click('#a-copy-digest');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), harness.images.multi.digest);
    if (await page.locator('#a-pin').count()) {
      await page.click('#a-pin');
      const pinned = await page.evaluate(async ([i, d]) => (await import('/pkg/index.js')).pinImage(i, d), [image, harness.images.multi.digest]);
      assert.equal(pinned, `${image}@${harness.images.multi.digest}`);
      assert.equal(await page.inputValue('#image-input'), pinned);
      // A registry with a port is docker's grammar, not Code Engine's
      // (registry_port_not_allowed): the pinned reference is valid as oci.
      await page.click('label[for="profile-oci"]');
      assert.equal(await page.getAttribute('#image-status', 'data-state'), 'valid');
    }

    // Every request of the page went to its own server; every request of
    // the check to the registry on loopback.
    for (const r of requests) assert.ok(r.url().startsWith(`${server.origin}/`), `request beyond the page's server: ${r.url()}`);
    for (const [, url] of steps) assert.ok(url.startsWith('http://127.0.0.1:'), url);
    assert.equal(harness.trap.requests.length, 0);

    // The password went to /check in the request body and nowhere else.
    const secrets = harness.secrets();
    const state = await page.evaluate(() => ({
      url: location.href,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    assert.equal(state.url, `${server.origin}/www/`);
    assert.deepEqual((await context.cookies()).length, 0);
    const places = { ...state, console: consoleText.join('\n'), answers: answers.join('\n'), serverLog: server.log, report: await page.textContent('#a-result') };
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(places)) assert.ok(!String(text).includes(secret), `a secret reached ${where}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a wrong password: credentials_rejected', async () => {
    const { context, page, errors, answers } = await openPage();
    const wrong = 'CANARY-wrong-pw-90c1';
    await runCheck(page, `${registry}/team/oci:1.0`, wrong);
    assert.equal(await page.textContent('#a-verdict strong'), 'The pull would fail');
    assert.ok((await codes(page)).includes('credentials_rejected'), String(await codes(page)));
    assert.match(await page.textContent('#a-status'), /^The pull would fail: /);
    for (const text of [...answers, server.log, await page.textContent('#a-result')]) assert.ok(!text.includes(wrong));
    assertNoViolations(await auditEverywhere(page, 'credentials rejected', { selector: '#access', name: 'access-credentials-rejected' }));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a missing tag: manifest_not_found, with the closest existing tag as its fix', async () => {
    const { context, page, errors } = await openPage();
    await runCheck(page, `${registry}/team/tags:v1.1`);
    assert.ok((await codes(page)).includes('manifest_not_found'), String(await codes(page)));
    const fix = page.locator('#a-diagnostics li[data-code="manifest_not_found"] button.fix');
    assert.equal(await fix.count(), 1, 'the finding offers a fix');
    assertNoViolations(await auditEverywhere(page, 'tag missing', { selector: '#access', name: 'access-tag-missing' }));
    await fix.click();
    assert.equal(await page.inputValue('#image-input'), `${registry}/team/tags:v1.0`);
    // The fixed name is checked again with one more press, and works.
    await page.click('#a-run');
    await page.waitForFunction(() => document.querySelector('#a-verdict strong')?.textContent === 'The pull would work');
    assert.equal(await page.textContent('#a-digest'), harness.images['tags-v1.0'].digest);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an arm64-only image: platform_missing, the wanted platform marked missing', async () => {
    const { context, page, errors } = await openPage();
    await runCheck(page, `${registry}/team/armonly:1.0`);
    assert.ok((await codes(page)).includes('platform_missing'), String(await codes(page)));
    const platforms = await page.$$eval('#a-platforms li', (lis) => lis.map((li) => [li.dataset.platform, li.className]));
    assert.deepEqual(platforms, [['linux/arm64', ''], ['linux/amd64', 'missing']]);
    assertNoViolations(await auditEverywhere(page, 'platform missing', { selector: '#access', name: 'access-platform-missing' }));
    // Another platform asked for: the same image passes.
    await page.fill('#a-platform', 'linux/arm64');
    await page.click('#a-run');
    await page.waitForFunction(() => document.querySelector('#a-verdict strong')?.textContent === 'The pull would work');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('check access: what else a registry can answer', () => {
  test('credentials from a pasted secret: the kubelet\'s choice of entry is named', async () => {
    const { context, page, requests, errors } = await openPage();
    await page.fill('#image-input', `${registry}/team/docker:1.0`);
    await fillSecret(page, { name: 'pull', server: registry, username: USER, password: CANARY_PASSWORD });
    await page.click('#c-use-built');
    await page.check('#a-cred-config');
    assert.match(await page.textContent('#a-run-note'), /the image name and the pasted secret/);
    assert.deepEqual(checks(requests), []);
    await page.click('#a-run');
    await page.waitForSelector('#a-verdict');
    assert.equal(await page.textContent('#a-verdict strong'), 'The pull would work');
    assert.match(await page.textContent('#a-verdict'), new RegExp(`with the secret's entry ${registry.replace(/\./g, '\\.')}$`));
    assert.equal(await page.textContent('#a-digest'), harness.images.docker.digest);
    assert.equal(JSON.parse(checks(requests)[0].postData()).credential, undefined, 'the secret is sent, not the form');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('rate limited: the limit left and the window, from the registry\'s headers', async () => {
    const { context, page, errors } = await openPage();
    const proxy = harness.faults.rateLimited.host;
    await page.fill('#image-input', `${proxy}/team/oci:1.0`);
    await fillSecret(page, { name: 'pull', server: proxy, username: USER, password: CANARY_PASSWORD });
    await page.click('#a-run');
    await page.waitForSelector('#a-verdict');
    assert.ok((await codes(page)).includes('rate_limited'), String(await codes(page)));
    assert.equal(await page.textContent('#a-rate'), '0 of 100 pulls left in a window of 6 hours');
    assertNoViolations(await auditEverywhere(page, 'rate limited', { selector: '#access', name: 'access-rate-limited' }));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('nothing listening: unreachable, the request listed without a status', async () => {
    const { context, page, errors } = await openPage();
    await page.fill('#image-input', `127.0.0.1:${harness.closedPort}/team/app:1.0`);
    await page.click('#a-run');
    await page.waitForSelector('#a-verdict');
    assert.deepEqual(await codes(page), ['unreachable']);
    const steps = await page.$$eval('#a-steps tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(steps, [['GET', `http://127.0.0.1:${harness.closedPort}/v2/`, 'no answer']]);
    assert.equal(await page.locator('#a-digest').count(), 0);
    assertNoViolations(await auditEverywhere(page, 'unreachable', { selector: '#access', name: 'access-unreachable' }));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('check access with the keyboard alone', () => {
  test('choose the credentials, press, reach the findings: an anonymous pull is credentials_required', async () => {
    const { context, page, requests, errors } = await openPage();
    const kb = page.keyboard;
    await tabTo(page, '#image-input');
    await kb.type(`${registry}/team/oci:1.0`);
    await fillSecret(page, { name: 'pull', server: registry, username: USER, password: CANARY_PASSWORD });
    // The radio group is one stop; the arrows move the choice.
    await tabTo(page, 'input[name="a-credential"]');
    await assertFocusVisible(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'a-cred-form');
    await kb.press('ArrowDown');
    await kb.press('ArrowDown');
    assert.equal(await page.isChecked('#a-cred-none'), true);
    await kb.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'a-platform');
    await kb.press('Enter');
    assert.deepEqual(checks(requests), [], 'Enter in a field sends nothing');
    await kb.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'a-run');
    await assertFocusVisible(page);
    await kb.press('Enter');
    await page.waitForSelector('#a-verdict');
    assert.equal(checks(requests).length, 1);
    assert.deepEqual(await codes(page), ['credentials_required']);
    assert.match(await page.textContent('#a-status'), /^The pull would fail: /);
    assertNoViolations(await auditEverywhere(page, 'credentials required', { selector: '#access', name: 'access-credentials-required' }));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('the demo server\'s /check', () => {
  // A raw request to /check, with exactly the headers given.
  function post(origin, headers, body = JSON.stringify({ image: 'nginx' })) {
    return new Promise((resolve, reject) => {
      const req = request(`${origin}/check`, { method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  test('answers only its own page: Host, Origin, Sec-Fetch-Site and a JSON body', async () => {
    const host = new URL(server.origin).host;
    const own = { host, origin: server.origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    const refused = [
      { ...own, origin: 'http://127.0.0.1:1' },
      { ...own, origin: undefined },
      { ...own, 'sec-fetch-site': 'cross-site' },
      { ...own, 'sec-fetch-site': undefined },
      { ...own, host: `registry-access.example:${new URL(server.origin).port}`, origin: `http://registry-access.example:${new URL(server.origin).port}` },
    ];
    for (const headers of refused) {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
      const res = await post(server.origin, clean);
      assert.equal(res.status, 403, JSON.stringify(clean));
      assert.equal(JSON.parse(res.body).error, 'not_this_page');
    }
    assert.equal((await post(server.origin, { ...own, 'content-type': 'text/plain' })).status, 415);
    const bad = await post(server.origin, own, `{"image": "x", "credential": {"username": "u", "password": "${CANARY_PASSWORD}"`);
    assert.equal(bad.status, 400);
    assert.ok(!bad.body.includes(CANARY_PASSWORD));
    assert.ok(!server.log.includes(CANARY_PASSWORD));
  });

  test('without ALLOW_PRIVATE_REGISTRIES, a registry on loopback is refused and nothing is sent to it', async () => {
    const strict = await startServer();
    // The registry logs every request it gets: none may come from this check.
    const asked = () => harness.basic.logs().split('/v2/').length;
    const before = asked();
    let context;
    try {
      const opened = await open(browser, strict.origin);
      context = opened.context;
      const { page, errors } = opened;
      await page.fill('#image-input', `${registry}/team/oci:1.0`);
      await page.click('#a-run');
      await page.waitForSelector('.access-status.bad');
      assert.match(await page.textContent('#a-status'), /^The demo server did not check the image: registry "127\.0\.0\.1:\d+" is a loopback, private or link-local address/);
      assert.equal(await page.isHidden('#a-result'), true);
      assert.equal(asked(), before, 'the registry got a request');
      assertNoViolations(await auditEverywhere(page, 'server refused', { selector: '#access', name: 'access-refused' }));
      // The browser logs the 403 itself; the page adds nothing.
      assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    } finally {
      await context?.close();
      await strict.stop();
    }
  });
});
