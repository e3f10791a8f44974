// The edge Worker's POST /check (SPEC §5.4) under Miniflare (workerd), with
// workerd's own fetch against the real registries on 127.0.0.1 (its
// outbound network limited to loopback): the same scenarios as under Node
// with ALLOW_PRIVATE_REGISTRIES set, and without it loopback targets refused
// with nothing sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { installPackage } from './helpers.mjs';
import { startWorker } from './worker_setup.mjs';
import { startHarness, CANARY_PASSWORD, USER, SHORT_TIMEOUT_MS } from '../registry/harness.mjs';
import { SCENARIOS, assertScenario, assertNoSecret } from '../registry/scenarios.mjs';
import { isPrivateHost, hostnameOf, guardedFetch } from '../../examples/edge-worker/src/targets.js';

let h;
let open; // ALLOW_PRIVATE_REGISTRIES set
let closed; // the default: private targets refused
const loopbackOnly = { network: { allow: ['local'] } };
// Everything workerd prints (the Worker's console included), for the canaries.
let runtimeOutput = '';
const capture = (stdout, stderr) => {
  for (const stream of [stdout, stderr]) stream.on('data', (chunk) => (runtimeOutput += chunk));
};

before(async () => {
  const dir = installPackage('access-edge');
  h = await startHarness();
  open = await startWorker(dir, {
    bindings: { ALLOW_PRIVATE_REGISTRIES: '1', CHECK_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) },
    outboundService: loopbackOnly,
    handleRuntimeStdio: capture,
  });
  closed = await startWorker(dir, { outboundService: loopbackOnly, handleRuntimeStdio: capture });
});
after(async () => {
  await open?.mf.dispose();
  await closed?.mf.dispose();
  await h?.stop();
});

async function postCheck(worker, body) {
  const res = await fetch(`${worker.url}check`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  assertNoSecret(text, h, 'Worker answer');
  return { status: res.status, body: JSON.parse(text) };
}

for (const s of SCENARIOS) {
  test(`${s.code}: ${s.name}`, async () => {
    const { image, options } = s.build(h);
    const { credential, dockerconfigjson, platform } = options;
    const watched = s.untouched?.(h) ?? [];
    const counts = watched.map((w) => w.requests.length);
    const { status, body } = await postCheck(open, { image, credential, dockerconfigjson, platform });
    assert.equal(status, 200, JSON.stringify(body));
    assertScenario(s, body, h);
    watched.forEach((w, i) => assert.equal(w.requests.length, counts[i], `${s.name}: a request reached ${w.url}`));
  });
}

test('without ALLOW_PRIVATE_REGISTRIES, loopback targets are refused and nothing is sent', async () => {
  const credential = { username: USER, password: CANARY_PASSWORD };
  const servers = [h.trap, h.faults.notRegistry];
  const counts = servers.map((s) => s.requests.length);
  for (const image of [
    `${h.trap.host}/team/oci:1.0`,
    `localhost:${h.trap.port}/team/oci:1.0`,
    `${h.faults.notRegistry.host}/team/oci:1.0`,
    `[::1]:${h.trap.port}/team/oci:1.0`,
  ]) {
    const { status, body } = await postCheck(closed, { image, credential });
    assert.equal(status, 403, image);
    assert.equal(body.error, 'private_target');
    assert.match(body.message, /loopback, private or link-local/);
  }
  servers.forEach((s, i) => assert.equal(s.requests.length, counts[i], `a request reached ${s.url}`));
});

test('bad requests get 400 without echoing the body', async () => {
  const secret = { username: USER, password: CANARY_PASSWORD };
  const cases = [
    [`{"image": "nginx", "credential": {"password": "${CANARY_PASSWORD}"`, 'invalid_json'],
    [[{ image: 'a' }, { image: 'b' }], 'one_image'],
    [{ credential: secret }, 'invalid_field'],
    [{ image: 'nginx', credential: { username: USER, password: 5 } }, 'invalid_field'],
    [{ image: 'nginx', credential: secret, dockerconfigjson: '{}' }, 'invalid_field'],
    [{ image: 'nginx', platform: 3, credential: secret }, 'invalid_field'],
    ['"nginx"', 'not_an_object'],
  ];
  for (const [body, error] of cases) {
    const res = await postCheck(closed, body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error, error);
  }
  const get = await fetch(`${closed.url}check`);
  assert.equal(get.status, 405);
  await get.text();
});

test('isPrivateHost: loopback, private, link-local, unique-local and localhost (no request made)', () => {
  const refused = [
    '127.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '0.0.0.0', '10.1.2.3', '172.16.0.1', '172.31.255.255',
    '192.168.1.1', '169.254.169.254', '100.64.0.1', 'localhost', 'LOCALHOST.', 'registry.localhost',
    '[::1]', '[::]', '[fe80::1]', '[fc00::1]', '[fd12:3456::1]', '[::ffff:127.0.0.1]', '[::ffff:10.0.0.1]',
  ];
  const allowed = ['us.icr.io', 'registry-1.docker.io', '172.32.0.1', '11.0.0.1', '192.169.0.1', '8.8.8.8', '[2001:db8::1]', '[fec0::1]'];
  for (const host of refused) assert.equal(isPrivateHost(hostnameOf(`${host}:5000`)), true, host);
  for (const host of allowed) assert.equal(isPrivateHost(hostnameOf(`${host}:5000`)), false, host);
});

test('guardedFetch: realm and redirect targets are tested too (nothing is sent)', async () => {
  const sent = [];
  const guarded = guardedFetch(async (url) => (sent.push(url), new Response('')));
  for (const url of ['http://10.0.0.1/token', 'https://[fd00::1]/v2/', 'http://localhost:1/', 'https://169.254.169.254/latest']) {
    await assert.rejects(guarded(url, {}), /refused: the target is a loopback, private or link-local address/);
  }
  assert.deepEqual(sent, []);
  await guarded('https://registry.example/v2/', {});
  assert.deepEqual(sent, ['https://registry.example/v2/']);
});

test("workerd's output holds no secret", () => {
  assertNoSecret(runtimeOutput, h, 'workerd output');
});
