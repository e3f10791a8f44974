// The demo page in a real browser (Debian's Chromium through playwright-core),
// against the built package in pkg/ (a snapshot of it, with www/, served by
// scripts/serve.mjs). Run with
// `node --test tests/e2e/` after `make pkg` (`make test-e2e` does both).
//
// Screenshots of each section at 375 and 1280 px, light and dark, go to
// artifacts/screenshots/ (git-ignored).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertFocusVisible, diagnosticCodes, fillSecret, here, launch, open, shots, startServer, tabTo } from './page.mjs';

const golden = JSON.parse(await readFile(join(here, 'fixtures', 'kubectl-golden.json'), 'utf8'));
const brokenConfig = await readFile(join(here, 'fixtures', 'broken-config.json'), 'utf8');

let server;
let origin;
let browser;

before(async () => {
  server = await startServer();
  origin = server.origin;
  browser = await launch();
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const openPage = (options) => open(browser, origin, options);

// What the package itself says about an input, asked inside the page (the
// same module instance the page uses).
function packageVerdict(page, input, profile = 'codeEngine') {
  return page.evaluate(async ([input, profile]) => {
    const ra = await import('/pkg/index.js');
    return ra.validateImage(input, { profile });
  }, [input, profile]);
}

// The text of the marks that carry `code` in the rendered copy of the input.
function markedText(page, code) {
  return page.$$eval('#image-echo mark', (marks, code) =>
    marks.filter((m) => m.title.split(', ').includes(code)).map((m) => m.textContent).join(''), code);
}

describe('image name', () => {
  test('an invalid tag shows its diagnostic and the offending characters marked', async () => {
    const { context, page, errors } = await openPage();
    const input = 'us.icr.io/team1/app:-rc1';
    await page.locator('#image-input').pressSequentially(input);
    const verdict = await packageVerdict(page, input);
    assert.equal(verdict.state, 'invalid');
    const d = verdict.diagnostics.find((x) => x.code === 'tag_bad_start');
    assert.ok(d, 'the package reports tag_bad_start');

    assert.ok((await diagnosticCodes(page)).includes('tag_bad_start'));
    const item = page.locator('#image-diagnostics li[data-code="tag_bad_start"]');
    assert.equal(await item.locator('.msg').evaluate((n) => n.firstChild.textContent), 'tag "-rc1" must not begin with "." or "-"');
    assert.equal(await item.locator('.sev').textContent(), 'Error');
    assert.equal(await markedText(page, 'tag_bad_start'), input.slice(d.span.start, d.span.end));
    assert.equal(await page.$eval('#image-echo', (n) => n.textContent), input, 'the rendered copy is the typed text');
    assert.equal(await page.getAttribute('#image-input', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'invalid');
    const describedBy = (await page.getAttribute('#image-input', 'aria-describedby')).split(' ');
    assert.ok(describedBy.includes('image-diagnostics') && describedBy.includes('image-status'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a fix button repairs the name', async () => {
    const { context, page } = await openPage();
    const input = 'us.icr.io/MyTeam/app:1.0';
    await page.fill('#image-input', input);
    const verdict = await packageVerdict(page, input);
    const d = verdict.diagnostics.find((x) => x.code === 'namespace_invalid_character');
    assert.ok(d?.fix, 'the package offers a fix for the uppercase namespace');
    assert.equal(await markedText(page, 'namespace_invalid_character'), input.slice(d.span.start, d.span.end));
    assert.match(await markedText(page, 'namespace_invalid_character'), /[MT]/);

    const button = page.locator('#image-diagnostics li[data-code="namespace_invalid_character"] button.fix');
    assert.equal(await button.textContent(), d.fix.label);
    await button.click();
    assert.equal(await page.inputValue('#image-input'), d.fix.replacement);
    assert.equal(d.fix.replacement, 'us.icr.io/myteam/app:1.0');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'valid');
    assert.equal(await page.getAttribute('#image-input', 'aria-invalid'), 'false');
    assert.equal(await page.textContent('#image-normalized'), 'us.icr.io/myteam/app:1.0');
    assert.equal(await page.textContent('#image-components dd[data-key="namespace"]'), 'myteam');
    assert.deepEqual(await page.$$eval('#image-echo mark:not(.sev-info)', (m) => m.length), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'image-input', 'focus returns to the input');
    await context.close();
  });

  test('an unfinished name is neutral guidance, not an error', async () => {
    const { context, page } = await openPage();
    await page.fill('#image-input', 'us.icr.io/team1/app:');
    const verdict = await packageVerdict(page, 'us.icr.io/team1/app:');
    assert.equal(verdict.state, 'incomplete');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'incomplete');
    assert.equal(await page.getAttribute('#image-input', 'aria-invalid'), 'false');
    assert.match(await page.textContent('#image-status'), /keep typing/i);
    // Its errors are shown as hints, in the neutral colour.
    const labels = await page.$$eval('#image-diagnostics li.sev-error .sev', (s) => s.map((x) => x.textContent));
    assert.ok(labels.length > 0 && labels.every((l) => l === 'Hint'), String(labels));
    await context.close();
  });

  test('the profile switch changes the verdict where the profiles differ', async () => {
    const { context, page } = await openPage();
    // No namespace: an error for Code Engine (REGISTRY/NAMESPACE/REPOSITORY),
    // fine for docker and Kubernetes.
    await page.fill('#image-input', 'us.icr.io/app:1.0');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'invalid');
    assert.ok((await diagnosticCodes(page)).includes('namespace_missing'));

    await page.click('label[for="profile-oci"]');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'valid');
    assert.ok(!(await diagnosticCodes(page)).includes('namespace_missing'));
    assert.equal(await page.textContent('#image-normalized'), 'us.icr.io/app:1.0');

    await page.click('label[for="profile-ce"]');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'invalid');
    await context.close();
  });
});

describe('registry access', () => {
  test('the form yields the exact .dockerconfigjson of kubectl golden cases', async () => {
    const { context, page } = await openPage();
    // Cases with a server the user types (case 0 relies on kubectl's Docker
    // Hub default, while the form starts from ibmcloud ce's us.icr.io).
    for (const i of [1, 2, 3, 4, 7]) {
      const c = golden.cases[i];
      await fillSecret(page, c.input);
      assert.equal(await page.textContent('#out-dockerconfigjson'), c.dockerconfigjson, `golden case ${i}`);
      const json = JSON.parse(await page.textContent('#out-json'));
      assert.equal(Buffer.from(json.data['.dockerconfigjson'], 'base64').toString('utf8'), c.dockerconfigjson, `golden case ${i}: Secret JSON`);
      assert.equal(json.metadata.name, c.input.name);
    }
    await context.close();
  });

  test('an ICR server fills the username and the registry panel', async () => {
    const { context, page } = await openPage();
    await page.fill('#s-server', 'private.de.icr.io');
    assert.equal(await page.inputValue('#s-username'), 'iamapikey');
    assert.equal(await page.textContent('#registry-panel dd[data-key="region"]'), 'eu-de');
    assert.equal(await page.textContent('#registry-panel dd[data-key="endpoint"]'), 'Private');
    assert.equal(await page.textContent('#registry-panel dd[data-key="managedSecretName"]'), 'ce-auto-icr-private-eu-de');
    // Clearing the username to type another one works, and a username the
    // user typed is never overwritten.
    await page.fill('#s-username', '');
    assert.equal(await page.inputValue('#s-username'), '');
    await page.fill('#s-username', 'iambearer');
    await page.fill('#s-server', 'us.icr.io');
    assert.equal(await page.inputValue('#s-username'), 'iambearer');
    // Live checks: a bad secret name is reported on its field.
    await page.fill('#s-name', 'My_Secret');
    assert.ok(await page.locator('#s-name-msg li.sev-error').count() > 0);
    assert.equal(await page.getAttribute('#s-name', 'aria-invalid'), 'true');
    await context.close();
  });

  test('an image leads to the secret its pull needs; the password can be shown', async () => {
    const { context, page } = await openPage();
    await page.fill('#image-input', 'nginx:1.25');
    const key = await page.evaluate(async () => (await import('/pkg/index.js')).serverForImage('nginx:1.25'));
    assert.equal(key, 'https://index.docker.io/v1/');
    assert.equal(await page.textContent('#image-server'), key);
    await page.click('#image-use-server');
    assert.equal(await page.inputValue('#s-server'), key);
    assert.equal(await page.textContent('#registry-panel dd[data-key="kind"]'), 'Docker Hub');
    assert.equal(await page.evaluate(() => document.activeElement.id), 's-name');

    await page.fill('#s-password', 'hunter2');
    assert.equal(await page.getAttribute('#s-password', 'type'), 'password');
    await page.click('#s-password-show');
    assert.equal(await page.getAttribute('#s-password', 'type'), 'text');
    assert.equal(await page.getAttribute('#s-password-show', 'aria-pressed'), 'true');
    await page.click('#s-password-show');
    assert.equal(await page.getAttribute('#s-password', 'type'), 'password');
    await context.close();
  });

  test('copy puts the output on the clipboard and the YAML downloads', async () => {
    const { context, page } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const c = golden.cases[2];
    await fillSecret(page, c.input);
    await page.click('#panel-dockerconfigjson button.copy');
    await page.waitForSelector('#panel-dockerconfigjson button.copy.done');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), c.dockerconfigjson);

    await page.click('#tab-yaml');
    assert.equal(await page.isVisible('#panel-yaml'), true);
    assert.equal(await page.isVisible('#panel-dockerconfigjson'), false);
    const yaml = await page.textContent('#out-yaml');
    assert.match(yaml, /^apiVersion: v1\n/);
    await page.click('#panel-yaml button.copy');
    await page.waitForSelector('#panel-yaml button.copy.done');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), yaml);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-yaml')]);
    assert.equal(download.suggestedFilename(), 'icr.yaml');
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString('utf8'), yaml);

    // The ibmcloud ce command keeps the password out of the command line by default.
    await page.click('#tab-ce');
    const ce = await page.textContent('#out-ce');
    assert.match(ce, /^ibmcloud ce secret create --format registry /);
    assert.match(ce, /--password-from-file/);
    assert.ok(!ce.includes(c.input.password));
    await page.click('label[for="ce-inline"]');
    assert.ok((await page.textContent('#out-ce')).includes(c.input.password));
    await context.close();
  });
});

describe('check a secret', () => {
  test('a broken config shows its diagnostics and the match explanation', async () => {
    const { context, page } = await openPage();
    await page.fill('#c-config', brokenConfig);
    const report = await page.evaluate(async (text) => {
      const ra = await import('/pkg/index.js');
      return ra.inspectDockerConfig(text);
    }, brokenConfig);
    const codes = await diagnosticCodes(page, '#c-config-diagnostics');
    assert.deepEqual(codes, report.diagnostics.map((d) => d.code));
    for (const expected of ['server_key_never_matches', 'auth_mismatch']) {
      assert.ok(codes.includes(expected), `${expected} in ${codes}`);
    }
    // Entries are listed, passwords redacted.
    assert.equal(await page.locator('#c-entries tbody tr').count(), 4);
    const table = await page.textContent('#c-entries');
    for (const pw of ['pw-one', 'pw-three', 'pw-four', 'pw-five']) assert.ok(!table.includes(pw), `${pw} is redacted`);

    await page.fill('#c-image', 'us.icr.io/team1/app:1.0');
    assert.match(await page.textContent('#c-match-used'), /us\.icr\.io/);
    const reasons = await page.$$eval('#c-nonmatching li', (lis) =>
      Object.fromEntries(lis.map((li) => [li.querySelector('code').textContent, li.querySelector('.reason-code').textContent])));
    assert.equal(reasons['https://us.icr.io:443'], 'different_port');
    assert.equal(reasons['de.icr.io'], 'different_host');
    assert.equal(reasons['registry-1.docker.io'], 'different_host');

    // Invalid JSON is reported too.
    await page.fill('#c-config', '{"auths": {');
    assert.ok((await diagnosticCodes(page, '#c-config-diagnostics')).includes('invalid_json'));
    assert.equal(await page.getAttribute('#c-config', 'aria-invalid'), 'true');
    // A finding with a span can be shown in the text: its span is selected.
    const jsonError = await page.evaluate(async () => {
      const ra = await import('/pkg/index.js');
      return ra.inspectDockerConfig('{"auths": {').diagnostics.find((d) => d.code === 'invalid_json');
    });
    await page.click('#c-config-diagnostics li[data-code="invalid_json"] button.show');
    assert.deepEqual(await page.$eval('#c-config', (t) => [document.activeElement === t, t.selectionStart, t.selectionEnd]),
      [true, jsonError.span.start, jsonError.span.end]);
    await context.close();
  });
});

describe('nothing leaves the page', () => {
  test('only the page\'s own files are requested, storage stays empty, the password stays in its place', async () => {
    const { context, page, requests, errors } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const password = 'Zq9-unique-password-4711';
    await page.fill('#image-input', 'us.icr.io/team1/app:1.0');
    await fillSecret(page, { name: 'pull', server: 'us.icr.io', username: 'iamapikey', password, email: 'me@example.com' });
    await page.click('#panel-dockerconfigjson button.copy');
    await page.click('#c-use-built');
    await page.fill('#c-image', 'us.icr.io/team1/app:1.0');
    for (const tab of ['#tab-yaml', '#tab-json', '#tab-ce', '#tab-kubectl', '#tab-docker']) await page.click(tab);
    await page.click('#tab-yaml');
    await Promise.all([page.waitForEvent('download'), page.click('#download-yaml')]);
    for (const section of ['check', 'secret', 'image']) await page.click(`.tabsnav a[href="#${section}"]`);

    assert.ok(requests.length > 0);
    for (const url of requests.map((r) => r.url())) {
      const ok = url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:');
      assert.ok(ok, `request beyond the page's own files: ${url}`);
    }
    const state = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      url: location.href,
    }));
    assert.deepEqual(state, { local: 0, session: 0, cookie: '', url: `${origin}/www/` });
    assert.deepEqual((await context.cookies()).length, 0);

    // The password is in its own field and in the outputs that must hold it
    // (the .dockerconfigjson, and the kubectl command, which takes it as an
    // argument); nowhere else in the document.
    assert.equal(await page.inputValue('#s-password'), password);
    const where = await page.evaluate((pw) => {
      const found = [];
      for (const n of document.querySelectorAll('body *')) {
        for (const a of n.attributes) if (a.value.includes(pw)) found.push(`${n.id || n.tagName}@${a.name}`);
        for (const c of n.childNodes) if (c.nodeType === Node.TEXT_NODE && c.textContent.includes(pw)) found.push(n.id || n.tagName);
        if ((n.tagName === 'INPUT' || n.tagName === 'TEXTAREA') && n.value.includes(pw)) found.push(`${n.id}.value`);
      }
      return found.sort();
    }, password);
    assert.deepEqual(where, ['c-config.value', 'out-dockerconfigjson', 'out-kubectl', 's-password.value'].sort());
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Content-Security-Policy forbids other origins and inline script', async () => {
    const { context, page } = await openPage();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['form-action'], ["'none'"]);
    assert.deepEqual(directives['base-uri'], ["'none'"]);
    // And the browser enforces it: a fetch to another origin is refused.
    const outcome = await page.evaluate(async () => {
      try { await fetch('http://127.0.0.2:9/'); return 'sent'; } catch { return 'blocked'; }
    });
    assert.equal(outcome, 'blocked');
    assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0);
    // Every aria reference points at an element that exists, and ids are unique.
    const broken = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((n) => n.id);
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
      const refs = [...document.querySelectorAll('[aria-describedby], [aria-controls], [aria-labelledby], label[for]')]
        .flatMap((n) => ['aria-describedby', 'aria-controls', 'aria-labelledby', 'for'].flatMap((a) => (n.getAttribute(a) ?? '').split(/\s+/).filter(Boolean)))
        .filter((id) => !document.getElementById(id));
      return { dup, refs };
    });
    assert.deepEqual(broken, { dup: [], refs: [] });
    await context.close();
  });
});

describe('without the package', () => {
  test('the page says so instead of hanging', async () => {
    const bare = await startServer({ dirs: ['www'] });
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${bare.origin}/www/`);
      await page.waitForSelector('#load-status.failed', { timeout: 60000 });
      assert.match(await page.textContent('#load-status'), /could not be loaded.*make pkg/);
      assert.equal(await page.isDisabled('#image-input'), true);
    } finally {
      await context.close();
      await bare.stop();
    }
  });
});

describe('keyboard only', () => {
  test('the whole flow, with the keyboard alone', async () => {
    const { context, page } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const kb = page.keyboard;

    // Skip link first.
    await kb.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    await assertFocusVisible(page);

    // Image name: type, apply a fix, switch profile with the arrow keys.
    await tabTo(page, '#image-input');
    await assertFocusVisible(page);
    await kb.type('us.icr.io/MyTeam/app:1.0');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'invalid');
    await tabTo(page, '#image-diagnostics button.fix');
    await assertFocusVisible(page);
    await kb.press('Enter');
    assert.equal(await page.inputValue('#image-input'), 'us.icr.io/myteam/app:1.0');
    await kb.press('Control+A');
    await kb.type('us.icr.io/app:1.0');
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'invalid');
    await tabTo(page, '#profile-ce', { shift: true });
    await assertFocusVisible(page);
    await kb.press('ArrowRight');
    assert.equal(await page.isChecked('#profile-oci'), true);
    assert.equal(await page.getAttribute('#image-status', 'data-state'), 'valid');

    // Registry access form.
    const c = golden.cases[1];
    await tabTo(page, '#s-name');
    await kb.type(c.input.name);
    await kb.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 's-server');
    await kb.press('Control+A');
    await kb.type(c.input.server);
    await tabTo(page, '#s-username');
    await kb.press('Control+A');
    await kb.type(c.input.username);
    await tabTo(page, '#s-password');
    await kb.type(c.input.password);
    await tabTo(page, '#s-email');
    await kb.type(c.input.email);
    assert.equal(await page.textContent('#out-dockerconfigjson'), c.dockerconfigjson);

    // Tabs: the selected tab is the one stop; arrows move between tabs.
    await tabTo(page, '#tab-dockerconfigjson');
    await assertFocusVisible(page);
    await kb.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-yaml');
    assert.equal(await page.getAttribute('#tab-yaml', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#panel-yaml'), true);
    await kb.press('End');
    assert.equal(await page.getAttribute('#tab-docker', 'aria-selected'), 'true');
    await kb.press('Home');
    assert.equal(await page.getAttribute('#tab-dockerconfigjson', 'aria-selected'), 'true');
    await tabTo(page, '#panel-dockerconfigjson button.copy');
    await assertFocusVisible(page);
    await kb.press('Enter');
    await page.waitForSelector('#panel-dockerconfigjson button.copy.done');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), c.dockerconfigjson);

    // Check a secret: use the one just built, then ask about an image.
    await tabTo(page, '#c-use-built');
    await kb.press('Enter');
    assert.equal(await page.inputValue('#c-config'), c.dockerconfigjson);
    await tabTo(page, '#c-image');
    await kb.type('us.icr.io/team1/app');
    assert.match(await page.textContent('#c-match-used'), /us\.icr\.io/);
    await context.close();
  });
});

describe('screenshots', () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      test(`each section at ${width} px, ${colorScheme}`, async () => {
        const { context, page } = await openPage({ width, colorScheme });
        await page.fill('#image-input', 'us.icr.io/My_Team/app:-rc1');
        await fillSecret(page, { name: 'icr-pull', server: 'us.icr.io', username: 'iamapikey', password: 'not-a-real-key', email: '' });
        await page.fill('#c-config', brokenConfig);
        await page.fill('#c-image', 'us.icr.io/team1/app:1.0');
        // Nothing may stick out sideways at either width.
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
        for (const section of ['image', 'secret', 'check']) {
          await page.locator(`#${section}`).screenshot({ path: join(shots, `${section}-${width}-${colorScheme}.png`) });
        }
        await page.screenshot({ path: join(shots, `page-${width}-${colorScheme}.png`), fullPage: true });
        await context.close();
      });
    }
  }
});
