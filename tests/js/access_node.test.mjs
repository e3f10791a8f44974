// checkImageAccess from the packed tarball under Node, against real
// registries on 127.0.0.1 (tests/registry/): every scenario, every code of
// SPEC §5.3, canaries absent from every output, and the driver's own duties
// (manual redirects, timeout, abort, the 4 MiB body cap).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, importFrom } from './helpers.mjs';
import { startHarness, CANARY_PASSWORD, USER, INSECURE_REALM_HOST } from '../registry/harness.mjs';
import { SCENARIOS, assertScenario, assertNoSecret } from '../registry/scenarios.mjs';
import { startServer } from '../registry/servers.mjs';
import { medianCheckMs } from '../../bench/js/access.mjs';

let ra;
let h;
let pkgDir;
before(async () => {
  pkgDir = installPackage('access-node');
  ra = await importFrom(pkgDir);
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

// Every request goes through here: loopback only, or the test fails (and
// nothing is sent).
const outside = [];
function loopbackFetch(url, init) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    outside.push(hostname);
    return Promise.reject(new TypeError('test guard: only loopback'));
  }
  return fetch(url, init);
}

// Whatever the library prints while `fn` runs (console.*), for the canaries.
async function capturingConsole(fn) {
  const printed = [];
  const saved = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[k] = console[k];
    console[k] = (...args) => printed.push(args.map(String).join(' '));
  }
  try {
    return { value: await fn(), printed: printed.join('\n') };
  } finally {
    Object.assign(console, saved);
  }
}

const produced = new Map(); // code -> first scenario that produced it

async function check(image, options) {
  const { value, printed } = await capturingConsole(() =>
    ra.checkImageAccess(image, { allowInsecureLoopback: true, fetch: loopbackFetch, ...options }).then(
      (report) => ({ report }),
      (error) => ({ error }),
    ),
  );
  assertNoSecret(printed, h, `console during ${image}`);
  if (value.error) {
    assertNoSecret(`${value.error.message}\n${value.error.stack}`, h, `error of ${image}`);
    throw value.error;
  }
  assertNoSecret(JSON.stringify(value.report), h, `report of ${image}`);
  return value.report;
}

for (const s of SCENARIOS) {
  test(`${s.code}: ${s.name}`, async () => {
    const { image, options } = s.build(h);
    const watched = s.untouched?.(h) ?? [];
    const before = watched.map((w) => w.requests.length);
    const report = await check(image, options);
    assertScenario(s, report, h);
    watched.forEach((w, i) => assert.equal(w.requests.length, before[i], `${s.name}: a request reached ${w.url}`));
    assert.deepEqual(outside, [], 'no request left loopback');
    for (const d of report.diagnostics) if (!produced.has(d.code)) produced.set(d.code, s.name);
    if (s.code === 'ok' && !produced.has('ok')) produced.set('ok', s.name);
  });
}

test('invalid_image: nothing is sent', async () => {
  let sent = 0;
  const report = await check('127.0.0.1:5000/Team/App:1.0', { fetch: () => (sent++, Promise.reject(new Error('no'))) });
  assert.equal(report.ok, false);
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['invalid_image']);
  assert.deepEqual(report.requests, []);
  assert.equal(sent, 0);
  produced.set('invalid_image', 'an image that does not parse');
});

test('every access code is produced by some scenario', () => {
  const dts = readFileSync(join(pkgDir, 'node_modules/registry-access/api.d.ts'), 'utf8');
  const union = /export type AccessCode =([^;]*);/.exec(dts)[1];
  const all = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(all.length >= 18, union);
  const missing = all.filter((c) => !produced.has(c));
  assert.deepEqual(missing, [], `codes no scenario produced: ${missing.join(', ')}`);
  // The table for the closing note: code -> scenario.
  for (const code of ['ok', ...all]) console.log(`# ${code.padEnd(22)} ${produced.get(code)}`);
});

test('credentials never leave loopback in the insecure-realm scenario', () => {
  assert.ok(!outside.includes(INSECURE_REALM_HOST));
});

test('aborting the signal rejects with the AbortError and stops the requests', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const pending = ra.checkImageAccess(`${h.faults.slow.host}/team/oci:1.0`, {
    credential: { username: USER, password: CANARY_PASSWORD },
    allowInsecureLoopback: true,
    fetch: loopbackFetch,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 200);
  const error = await pending.then(() => null, (e) => e);
  assert.equal(error?.name, 'AbortError');
  assert.ok(Date.now() - started < 3000);
  assertNoSecret(`${error.message}\n${error.stack}`, h, 'abort error');
  const already = AbortSignal.abort();
  await assert.rejects(ra.checkImageAccess('nginx', { signal: already, fetch: loopbackFetch }), { name: 'AbortError' });
});

test('wrong arguments throw TypeErrors that quote no password', async () => {
  const cases = [
    [42, undefined, /image must be a string/],
    ['nginx', 'x', /options must be an object/],
    ['nginx', { credential: { username: USER, password: 7 } }, /options.credential.password must be a string/],
    ['nginx', { credential: { username: 7, password: CANARY_PASSWORD } }, /options.credential.username must be a string/],
    ['nginx', { platform: 5 }, /options.platform must be a string/],
    ['nginx', { timeoutMs: -1 }, /options.timeoutMs must be a positive number/],
    ['nginx', { fetch: 'no' }, /options.fetch must be a function/],
    ['nginx', { trustedRealmHosts: 'x' }, /options.trustedRealmHosts must be an array/],
  ];
  for (const [image, options, message] of cases) {
    const error = await ra.checkImageAccess(image, options).then(() => null, (e) => e);
    assert.ok(error instanceof TypeError, String(message));
    assert.match(error.message, message);
    assertNoSecret(error.message, h, 'argument error');
  }
});

test('a browser-style opaque redirect (status 0, no Location) is a refused redirect', async () => {
  // Browsers hide a manual redirect; the driver hands the machine a 302
  // without a Location, so nothing can be followed.
  let sent = 0;
  const report = await check(`${h.basic.host}/team/oci:1.0`, {
    credential: { username: USER, password: CANARY_PASSWORD },
    fetch: async (url, init) => {
      sent++;
      return url.includes('/manifests/') ? { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } : loopbackFetch(url, init);
    },
  });
  assert.equal(report.ok, false);
  assert.equal(sent, report.requests.length);
  assert.deepEqual(report.requests.at(-1), { method: 'HEAD', url: `${h.basic.url}/v2/team/oci/manifests/1.0`, status: 302 });
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['redirect_refused']);
});

test('reads at most 4 MiB of a body', async () => {
  // A registry whose index answer never ends: the driver stops pulling at the cap.
  let pulled = 0;
  const big = await startServer((req, res) => {
    if (req.url === '/v2/') return res.writeHead(200).end('{}');
    res.writeHead(200, {
      'content-type': 'application/vnd.oci.image.index.v1+json',
      'docker-content-digest': `sha256:${'1'.repeat(64)}`,
    });
    if (req.method === 'HEAD') return res.end();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (pulled < 64 * 1024 * 1024 && res.write(chunk)) pulled += chunk.length;
      if (pulled >= 64 * 1024 * 1024) res.end();
    };
    res.on('drain', pump);
    res.on('close', () => res.off('drain', pump));
    pump();
  });
  try {
    const report = await check(`${big.host}/team/big:1.0`, { timeoutMs: 20000 });
    assert.deepEqual(report.requests.at(-1), { method: 'GET', url: `${big.url}/v2/team/big/manifests/1.0`, status: 200 });
    assert.ok(pulled < 16 * 1024 * 1024, `the server wrote ${pulled} bytes before the driver stopped reading`);
  } finally {
    await big.close();
  }
});

test('median time of one check against the local registry (20 runs)', async () => {
  const options = { credential: { username: USER, password: CANARY_PASSWORD }, allowInsecureLoopback: true };
  const basic = await medianCheckMs(ra.checkImageAccess, `${h.basic.host}/team/oci:1.0`, options, 20);
  const token = await medianCheckMs(ra.checkImageAccess, `${h.token.host}/team/app:1.0`, options, 20);
  console.log(`# access check median of 20: basic ${basic.toFixed(2)} ms, token ${token.toFixed(2)} ms`);
  assert.ok(basic > 0 && token > 0);
});

test('trustedRealmHosts: a realm on another host gets the credentials once trusted', async () => {
  const before = h.trap.requests.length;
  const report = await check(`${h.faults.realmElsewhere.host}/team/app:1.0`, {
    credential: { username: USER, password: CANARY_PASSWORD },
    trustedRealmHosts: ['localhost'],
  });
  // The trap stands in for the trusted token service: it got the token
  // request with the credentials, and answered 500.
  assert.deepEqual(h.trap.requests.slice(before).map((r) => [r.method, r.auth]), [['GET', 'Basic']]);
  assert.match(h.trap.requests.at(-1).path, /^\/token\?/);
  assert.equal(report.ok, false);
  assert.ok(!report.diagnostics.some((d) => d.code === 'realm_untrusted'), JSON.stringify(report.diagnostics));
});
