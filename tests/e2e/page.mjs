// Shared by the page tests: the page's own server on a snapshot of www/ and
// pkg/, Chromium, a fresh page with its requests and errors recorded, the
// secret form filled as a user does, and the accessibility audit (axe-core,
// WCAG 2.1 A and AA) in both colour schemes at both widths.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const shots = join(root, 'artifacts', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// Starts the page's own server on a free port and reads the URL it prints.
// It serves a snapshot of www/ and pkg/ taken now, so that a `make pkg`
// running at the same time in this checkout cannot pull files away mid-test.
// `env` adds to the server's environment (ALLOW_PRIVATE_REGISTRIES=1 for the
// tests that check access against a registry on loopback). The server's
// standard error is kept in `log` so tests can read what it logged.
export async function startServer({ dirs = ['www', 'pkg'], env = {} } = {}) {
  const snapshot = await mkdtemp(join(tmpdir(), 'registry-access-e2e-'));
  for (const dir of dirs) await cp(join(root, dir), join(snapshot, dir), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), snapshot], {
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = {
      child,
      snapshot,
      origin: null,
      log: '',
      async stop() {
        child.kill();
        await rm(snapshot, { recursive: true, force: true });
      },
    };
    child.stderr.on('data', (chunk) => { server.log += chunk; process.stderr.write(chunk); });
    child.stdout.on('data', (chunk) => {
      server.log += chunk;
      const m = server.log.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m && !server.origin) {
        server.origin = m[0];
        resolve(server);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${server.log}`)));
    child.on('error', reject);
  });
}

// A fresh context and page with every request, page error and console
// message recorded; waits until the image module is initialized (the page
// sets data-image-ready on <html>) and, unless `full` is false, the full
// module too (data-ready).
export async function open(browser, origin, { width = 1280, colorScheme = 'light', permissions = [], full = true } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme,
    permissions,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const consoleText = [];
  page.on('request', (r) => requests.push(r));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    consoleText.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${origin}/www/`);
  // Ready, or the page's own message saying why the package did not load
  // (generous timeout: the machine running the tests may be busy).
  await page.waitForSelector('html[data-image-ready="true"], #load-status.failed', { timeout: 60000 });
  // The page loads the full module when the secret or check section is first
  // used; most tests want it in from the start (as if the user had clicked
  // there), without moving the focus.
  if (full) {
    await page.dispatchEvent('#secret', 'focusin');
    await page.waitForSelector('html[data-ready="true"], #load-status.failed', { timeout: 60000 });
  }
  const loadError = await page.$eval('#load-status', (n) => (n.classList.contains('failed') ? n.textContent : null));
  assert.equal(loadError, null, `the package did not load: ${failed.join(', ')}`);
  return { context, page, requests, errors, consoleText };
}

// Fills the secret form the way a user does (typing replaces the autofilled
// username).
export async function fillSecret(page, input) {
  await page.fill('#s-name', input.name);
  await page.fill('#s-server', input.server ?? '');
  await page.fill('#s-username', input.username);
  await page.fill('#s-password', input.password);
  await page.fill('#s-email', input.email ?? '');
}

export function diagnosticCodes(page, list = '#image-diagnostics') {
  return page.$$eval(`${list} li`, (lis) => lis.map((li) => li.dataset.code));
}

// Presses Tab until `selector` has focus (keyboard only; fails after `max`).
export async function tabTo(page, selector, { max = 60, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

// Focus must be visible: an outline or a box shadow on the focused control
// (for the radios of a segmented control, which are hidden: on their label).
export async function assertFocusVisible(page) {
  const style = await page.evaluate(() => {
    let n = document.activeElement;
    if (n.type === 'radio' && n.closest('.segmented')) n = document.querySelector(`label[for="${n.id}"]`);
    const s = getComputedStyle(n);
    return { outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow, id: n.id || n.textContent };
  });
  assert.ok(style.outline !== 'none' && style.width !== '0px', `focus not visible on ${style.id}: ${JSON.stringify(style)}`);
}

// ---------------------------------------------------------------------------
// Accessibility: axe-core from npm, WCAG 2.1 level A and AA rules.

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The violations axe finds in the page as it is now: one entry per rule and
// node ({ rule, impact, target, summary }). axe is evaluated through the
// DevTools protocol, which the page's Content-Security-Policy does not
// govern, so the page under test stays exactly as served.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => ({
      rule: v.id,
      impact: v.impact,
      target: n.target.join(' '),
      summary: n.failureSummary,
    })));
  }, WCAG_TAGS);
}

export const SCHEMES = ['light', 'dark'];
export const WIDTHS = [375, 1280];

// Audits the page in its current state in both colour schemes at 375 and
// 1280 px, then puts the viewport and scheme back. Returns the violations,
// each labelled with the state, scheme and width it was found in. With
// `shoot` (a selector and a file name prefix), also writes a screenshot of
// that element in each scheme and width to the screenshots folder.
export async function auditEverywhere(page, state, shoot = null) {
  const viewport = page.viewportSize();
  const scheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  const found = [];
  for (const colorScheme of SCHEMES) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      // Colours change with a short transition: audit what stays on screen.
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      for (const v of await axeViolations(page)) found.push({ state, colorScheme, width, ...v });
      if (shoot) {
        await mkdir(shots, { recursive: true });
        await page.locator(shoot.selector).screenshot({ path: join(shots, `${shoot.name}-${width}-${colorScheme}.png`) });
      }
    }
  }
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: scheme });
  return found;
}

// Fails with a readable list when an audit found anything.
export function assertNoViolations(found) {
  const lines = found.map((v) => `${v.state} [${v.colorScheme}, ${v.width} px] ${v.rule} at ${v.target}: ${v.summary}`);
  assert.deepEqual(lines, [], `axe found ${found.length} violation(s):\n${lines.join('\n')}`);
}
