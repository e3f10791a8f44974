// The demo server's fetch for public registries (scripts/check.mjs): the
// access check driven through it against the real registry on loopback
// (with Node's plain resolver, as only the tests may), and its resolver
// guard, which refuses a name that resolves to a loopback address before
// any connection is made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from 'node:dns';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CANARY_PASSWORD, USER, startHarness } from '../registry/harness.mjs';
import { guardedLookup, nodeFetch } from '../../scripts/check.mjs';
import { root } from './page.mjs';

let harness;
let ra;

before(async () => {
  harness = await startHarness();
  ra = await import(pathToFileURL(join(root, 'pkg', 'node.js')).href);
});

after(async () => {
  await harness?.stop();
});

test('the access check runs through the server\'s fetch: a pull that works, a wrong password', async () => {
  // `localhost` so that the name goes through the lookup, as a public
  // registry's name would.
  const image = `localhost:${harness.basic.port}/team/multi:1.0`;
  const fetch = (url, init) => nodeFetch(url, init, lookup);
  const report = await ra.checkImageAccess(image, {
    credential: { username: USER, password: CANARY_PASSWORD },
    fetch,
    allowInsecureLoopback: true,
  });
  assert.equal(report.ok, true, JSON.stringify(report.diagnostics));
  assert.equal(report.digest, harness.images.multi.digest);
  assert.deepEqual(report.platforms, ['linux/amd64', 'linux/arm64']);
  assert.ok(report.requests.some((r) => r.method === 'HEAD' && r.status === 200));

  const wrong = await ra.checkImageAccess(image, { credential: { username: USER, password: 'wrong' }, fetch, allowInsecureLoopback: true });
  assert.deepEqual(wrong.diagnostics.map((d) => d.code), ['credentials_rejected']);
});

test('answers as fetch does with redirect: manual: status, headers, body; HEAD without a body; no redirect followed', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/moved') return res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    res.writeHead(200, { 'content-type': 'text/plain', 'x-two': 'a' });
    res.end(req.method === 'HEAD' ? undefined : `hello ${req.headers.accept}`);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const get = await nodeFetch(`${base}/`, { method: 'GET', headers: [['accept', 'x/y']] });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('X-Two'), 'a');
    assert.equal(await get.text(), 'hello x/y');
    const head = await nodeFetch(`${base}/`, { method: 'HEAD', headers: [] });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    const moved = await nodeFetch(`${base}/moved`, { method: 'GET', headers: [] });
    assert.equal(moved.status, 307);
    assert.equal(moved.headers.get('location'), 'http://127.0.0.1:1/elsewhere');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(nodeFetch(`${base}/`, { method: 'GET', headers: [], signal: controller.signal }), { name: 'AbortError' });
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});

test('the guarded resolver refuses a name that resolves to loopback, before connecting', async () => {
  let connections = 0;
  const server = createServer((req, res) => res.end('reached'));
  server.on('connection', () => { connections += 1; });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const url = `http://localhost:${server.address().port}/v2/`;
    await assert.rejects(nodeFetch(url, { method: 'GET', headers: [] }, guardedLookup), (e) => {
      assert.equal(e.code, 'EPRIVATETARGET');
      assert.match(e.message, /resolves to a loopback, private or link-local address/);
      return true;
    });
    // Through the package, the refusal is the report's `unreachable`.
    const report = await ra.checkImageAccess(`localhost:${server.address().port}/team/app:1.0`, {
      fetch: (u, i) => nodeFetch(u, i, guardedLookup),
      allowInsecureLoopback: true,
    });
    assert.deepEqual(report.diagnostics.map((d) => d.code), ['unreachable']);
    assert.equal(connections, 0);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
