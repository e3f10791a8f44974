// The access-check harness itself (tests/registry/): the real registries
// started, the images pushed and each fault injected behave as the
// scenarios assume, checked with plain requests (no library code involved).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, CANARY_PASSWORD, USER, SERVICE } from '../registry/harness.mjs';
import { OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST } from '../registry/images.mjs';

const ACCEPT = [OCI_INDEX, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.list.v2+json', DOCKER_MANIFEST].join(', ');
const basicAuth = (password = CANARY_PASSWORD) => `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

const head = (base, path, auth) =>
  fetch(`${base}${path}`, { method: 'HEAD', headers: { accept: ACCEPT, ...(auth ? { authorization: auth } : {}) }, redirect: 'manual' });

test('htpasswd registry: challenge, credentials, the pushed media types', async () => {
  const anon = await fetch(`${h.basic.url}/v2/`);
  assert.equal(anon.status, 401);
  assert.match(anon.headers.get('www-authenticate'), /^Basic realm="registry-access-tests"/);
  assert.equal((await fetch(`${h.basic.url}/v2/`, { headers: { authorization: basicAuth('wrong') } })).status, 401);
  assert.equal((await fetch(`${h.basic.url}/v2/`, { headers: { authorization: basicAuth() } })).status, 200);
  for (const [repo, type, digest] of [
    ['team/oci', OCI_MANIFEST, h.images.oci.digest],
    ['team/docker', DOCKER_MANIFEST, h.images.docker.digest],
    ['team/multi', OCI_INDEX, h.images.multi.digest],
    ['team/armonly', OCI_INDEX, h.images.armOnly.digest],
  ]) {
    const res = await head(h.basic.url, `/v2/${repo}/manifests/1.0`, basicAuth());
    assert.equal(res.status, 200, repo);
    assert.equal(res.headers.get('content-type'), type, repo);
    assert.equal(res.headers.get('docker-content-digest'), digest, repo);
  }
  const index = await fetch(`${h.basic.url}/v2/team/armonly/manifests/1.0`, { headers: { accept: ACCEPT, authorization: basicAuth() } });
  assert.deepEqual((await index.json()).manifests.map((m) => m.platform), [{ os: 'linux', architecture: 'arm64' }]);
  // distribution 2.8: MANIFEST_UNKNOWN for a missing tag and a missing
  // repository alike; tags/list tells them apart.
  const missing = await fetch(`${h.basic.url}/v2/team/nothing/manifests/1.0`, { headers: { authorization: basicAuth() } });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).errors[0].code, 'MANIFEST_UNKNOWN');
  const tags = await fetch(`${h.basic.url}/v2/team/nothing/tags/list`, { headers: { authorization: basicAuth() } });
  assert.equal((await tags.json()).errors[0].code, 'NAME_UNKNOWN');
  const list = await fetch(`${h.basic.url}/v2/team/tags/tags/list`, { headers: { authorization: basicAuth() } });
  assert.deepEqual((await list.json()).tags.sort(), ['latest', 'v1.0', 'v2.0']);
});

test('token registry: realm on its own host, signed tokens accepted, scopes enforced', async () => {
  const anon = await fetch(`${h.token.url}/v2/`);
  assert.equal(anon.status, 401);
  assert.equal(anon.headers.get('www-authenticate'), `Bearer realm="${h.token.url}/token",service="${SERVICE}"`);
  const tokenFor = async (scope, auth = basicAuth()) => {
    const res = await fetch(`${h.token.url}/token?service=${SERVICE}&scope=${scope}`, { headers: { authorization: auth } });
    return { status: res.status, body: await res.json() };
  };
  assert.equal((await tokenFor('repository:team/app:pull', basicAuth('wrong'))).status, 401);
  const granted = await tokenFor('repository:team/app:pull');
  assert.equal(granted.status, 200);
  const ok = await head(h.token.url, '/v2/team/app/manifests/1.0', `Bearer ${granted.body.token}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('docker-content-digest'), h.images.tokenApp.digest);
  // No right on private/: the token grants nothing and the registry says so.
  const none = await tokenFor('repository:private/vault:pull');
  assert.equal(none.status, 200);
  const denied = await fetch(`${h.token.url}/v2/private/vault/manifests/1.0`, { headers: { authorization: `Bearer ${none.body.token}` } });
  assert.equal(denied.status, 401);
  assert.match(denied.headers.get('www-authenticate'), /error="insufficient_scope"/);
  assert.ok(h.issuedTokens.includes(granted.body.token));
});

test('faults: each proxy changes one thing', async () => {
  const f = h.faults;
  const auth = basicAuth();
  const limited = await head(f.rateLimited.url, '/v2/team/oci/manifests/1.0', auth);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('ratelimit-limit'), '100;w=21600');
  assert.equal(limited.headers.get('ratelimit-remaining'), '0;w=21600');
  assert.equal((await head(f.serverError.url, '/v2/team/oci/manifests/1.0', auth)).status, 500);
  assert.equal((await head(f.denied.url, '/v2/team/oci/manifests/1.0', auth)).status, 403);
  const moved = await head(f.redirect.url, '/v2/team/oci/manifests/1.0', auth);
  assert.equal(moved.status, 307);
  assert.equal(moved.headers.get('location'), `http://${h.elsewhere}/v2/team/oci/manifests/1.0`);
  const rewritten = await head(f.digestRewrite.url, '/v2/team/oci/manifests/1.0', auth);
  assert.equal(rewritten.headers.get('docker-content-digest'), `sha256:${'0'.repeat(64)}`);
  assert.equal((await fetch(`${f.negotiate.url}/v2/`)).headers.get('www-authenticate'), 'Negotiate');
  const elsewhere = await fetch(`${f.realmElsewhere.url}/v2/`);
  assert.match(elsewhere.headers.get('www-authenticate'), new RegExp(`^Bearer realm="http://${h.elsewhere}/token"`));
  const junk = await fetch(`${f.junkToken.url}/v2/`);
  assert.match(junk.headers.get('www-authenticate'), new RegExp(`^Bearer realm="${f.junkToken.url}/token"`));
  assert.equal((await fetch(`${f.notRegistry.url}/v2/`)).status, 404);
  const started = Date.now();
  await assert.rejects(
    fetch(`${f.slow.url}/v2/team/oci/manifests/1.0`, { method: 'HEAD', signal: AbortSignal.timeout(300) }),
    { name: 'TimeoutError' },
  );
  assert.ok(Date.now() - started < 3000);
  await assert.rejects(fetch(`http://127.0.0.1:${h.closedPort}/v2/`));
  assert.equal(h.trap.requests.length, 0, 'nothing reached the trap');
});
