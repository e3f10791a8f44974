// The access-check scenarios against the harness (harness.mjs), shared by the
// Node test and the edge Worker test so both drive the same cases. Each
// scenario gives the image and options, the code it must produce ('ok' for
// a pull that works) and what else to check in the report. Together they
// produce every code of SPEC §5.3 (tests/js/access_node.test.mjs asserts so).
import assert from 'node:assert/strict';
import { CANARY_PASSWORD, USER, SHORT_TIMEOUT_MS } from './harness.mjs';
import { OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST } from './images.mjs';

/** The canary's wrong twin: a rejected password must not leak either. */
export const WRONG_PASSWORD = 'CANARY-wrong-pw-9e1b77';
const alice = { username: USER, password: CANARY_PASSWORD };
const wrong = { username: USER, password: WRONG_PASSWORD };

const host = (server) => server.host;
const codes = (report) => report.diagnostics.map((d) => d.code);
const diagnostic = (report, code) => report.diagnostics.find((d) => d.code === code);

function expectOk(report, { mediaType, digest, auth }) {
  assert.equal(report.ok, true, JSON.stringify(report.diagnostics));
  assert.equal(report.mediaType, mediaType);
  assert.equal(report.digest, digest);
  assert.equal(report.auth, auth);
  assert.ok(!report.diagnostics.some((d) => d.severity === 'error'));
}

/**
 * `build(h)` -> { image, options } (options without fetch/timeoutMs unless
 * the scenario needs a short timeout); `check(report, h)` asserts the rest;
 * `untouched(h)` lists servers that must have received no request.
 */
export const SCENARIOS = [
  {
    name: 'OCI image manifest, Basic auth',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/oci:1.0`, options: { credential: alice } }),
    check: (r, h) => {
      expectOk(r, { mediaType: OCI_MANIFEST, digest: h.images.oci.digest, auth: 'basic' });
      assert.equal(r.registry, h.basic.host);
      assert.equal(r.endpoint, h.basic.url);
      assert.equal(r.image, `${h.basic.host}/team/oci:1.0`);
      assert.equal(r.credentialKey, null);
      assert.deepEqual(r.requests.map((q) => q.method), ['GET', 'HEAD']);
      assert.equal(r.requests[0].url, `${h.basic.url}/v2/`);
    },
  },
  {
    name: 'Docker v2 manifest (schema2)',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/docker:1.0`, options: { credential: alice } }),
    check: (r, h) => expectOk(r, { mediaType: DOCKER_MANIFEST, digest: h.images.docker.digest, auth: 'basic' }),
  },
  {
    name: 'OCI index with linux/amd64 and linux/arm64',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/multi:1.0`, options: { credential: alice } }),
    check: (r, h) => {
      expectOk(r, { mediaType: OCI_INDEX, digest: h.images.multi.digest, auth: 'basic' });
      assert.deepEqual(r.platforms, ['linux/amd64', 'linux/arm64']);
      assert.deepEqual(r.requests.map((q) => q.method), ['GET', 'HEAD', 'GET']);
    },
  },
  {
    name: 'pinned by digest',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/oci@${h.images.oci.digest}`, options: { credential: alice } }),
    check: (r, h) => expectOk(r, { mediaType: OCI_MANIFEST, digest: h.images.oci.digest, auth: 'basic' }),
  },
  {
    name: 'credential picked from a .dockerconfigjson',
    code: 'ok',
    build: (h) => ({
      image: `${host(h.basic)}/team/oci:1.0`,
      options: {
        dockerconfigjson: JSON.stringify({
          auths: {
            'other.example': { auth: Buffer.from('bob:nothing').toString('base64') },
            [h.basic.host]: { auth: Buffer.from(`${USER}:${CANARY_PASSWORD}`).toString('base64') },
          },
        }),
      },
    }),
    check: (r, h) => {
      expectOk(r, { mediaType: OCI_MANIFEST, digest: h.images.oci.digest, auth: 'basic' });
      assert.equal(r.credentialKey, h.basic.host);
    },
  },
  {
    name: 'token registry: realm on its own host, pull granted',
    code: 'ok',
    build: (h) => ({ image: `${host(h.token)}/team/app:1.0`, options: { credential: alice } }),
    check: (r, h) => {
      expectOk(r, { mediaType: OCI_MANIFEST, digest: h.images.tokenApp.digest, auth: 'bearer' });
      const token = r.requests.find((q) => q.url.startsWith(`${h.token.url}/token?`));
      assert.ok(token, 'the token was requested from the realm');
      assert.equal(token.status, 200);
      assert.match(token.url, /scope=repository%3Ateam%2Fapp%3Apull|scope=repository:team\/app:pull/);
    },
  },
  {
    name: 'the platform asked for is in the index',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/armonly:1.0`, options: { credential: alice, platform: 'linux/arm64' } }),
    check: (r) => assert.deepEqual(r.platforms, ['linux/arm64']),
  },
  {
    name: 'platform null skips the platform check',
    code: 'ok',
    build: (h) => ({ image: `${host(h.basic)}/team/armonly:1.0`, options: { credential: alice, platform: null } }),
    check: (r) => assert.deepEqual(r.requests.map((q) => q.method), ['GET', 'HEAD']),
  },
  {
    name: 'wrong password, htpasswd registry',
    code: 'credentials_rejected',
    build: (h) => ({ image: `${host(h.basic)}/team/oci:1.0`, options: { credential: wrong } }),
    check: (r) => assert.match(diagnostic(r, 'credentials_rejected').message, /alice/),
  },
  {
    name: 'wrong password, token registry',
    code: 'credentials_rejected',
    build: (h) => ({ image: `${host(h.token)}/team/app:1.0`, options: { credential: wrong } }),
  },
  {
    name: 'anonymous, htpasswd registry',
    code: 'credentials_required',
    build: (h) => ({ image: `${host(h.basic)}/team/oci:1.0`, options: {} }),
  },
  {
    name: 'anonymous, token registry',
    code: 'credentials_required',
    build: (h) => ({ image: `${host(h.token)}/team/app:1.0`, options: {} }),
  },
  {
    name: 'token grants no pull on the repository',
    code: 'access_denied',
    build: (h) => ({ image: `${host(h.token)}/private/vault:1.0`, options: { credential: alice } }),
    check: (r) => assert.match(diagnostic(r, 'access_denied').message, /private\/vault/),
  },
  {
    name: 'registry answers 403 DENIED',
    code: 'access_denied',
    build: (h) => ({ image: `${host(h.faults.denied)}/team/oci:1.0`, options: { credential: alice } }),
  },
  {
    name: 'repository that does not exist',
    code: 'repository_not_found',
    build: (h) => ({ image: `${host(h.basic)}/team/nothing:1.0`, options: { credential: alice } }),
    check: (r, h) => assert.ok(r.requests.some((q) => q.url === `${h.basic.url}/v2/team/nothing/tags/list`)),
  },
  {
    name: 'tag that does not exist, closest tag as the fix',
    code: 'manifest_not_found',
    build: (h) => ({ image: `${host(h.basic)}/team/tags:v1.1`, options: { credential: alice } }),
    check: (r, h) => {
      const d = diagnostic(r, 'manifest_not_found');
      assert.equal(d.fix?.replacement, `${h.basic.host}/team/tags:v1.0`);
      assert.match(d.message, /v1\.1/);
    },
  },
  {
    name: 'index without the platform asked for (arm64 only)',
    code: 'platform_missing',
    build: (h) => ({ image: `${host(h.basic)}/team/armonly:1.0`, options: { credential: alice } }),
    check: (r) => {
      assert.deepEqual(r.platforms, ['linux/arm64']);
      assert.match(diagnostic(r, 'platform_missing').message, /linux\/amd64.*linux\/arm64/);
    },
  },
  {
    name: "429 with Docker Hub's rate-limit headers",
    code: 'rate_limited',
    build: (h) => ({ image: `${host(h.faults.rateLimited)}/team/oci:1.0`, options: { credential: alice } }),
    check: (r) => assert.deepEqual(r.rateLimit, { limit: 100, remaining: 0, windowSeconds: 21600 }),
  },
  {
    name: 'registry answers 500',
    code: 'registry_error',
    build: (h) => ({ image: `${host(h.faults.serverError)}/team/oci:1.0`, options: { credential: alice } }),
    check: (r) => assert.match(diagnostic(r, 'registry_error').message, /500/),
  },
  {
    name: 'answer slower than timeoutMs',
    code: 'timeout',
    short: true,
    build: (h) => ({ image: `${host(h.faults.slow)}/team/oci:1.0`, options: { credential: alice, timeoutMs: SHORT_TIMEOUT_MS } }),
    check: (r) => assert.equal(r.requests.at(-1).status, null),
  },
  {
    name: 'token realm on another host',
    code: 'realm_untrusted',
    build: (h) => ({ image: `${host(h.faults.realmElsewhere)}/team/app:1.0`, options: { credential: alice } }),
    untouched: (h) => [h.trap],
    check: (r, h) => assert.match(diagnostic(r, 'realm_untrusted').message, new RegExp(`localhost`)),
  },
  {
    name: 'redirect of an authenticated request to another host',
    code: 'redirect_refused',
    build: (h) => ({ image: `${host(h.faults.redirect)}/team/oci:1.0`, options: { credential: alice } }),
    untouched: (h) => [h.trap],
  },
  {
    name: 'a plain HTTP server that is no registry',
    code: 'not_a_registry',
    build: (h) => ({ image: `${host(h.faults.notRegistry)}/team/oci:1.0`, options: { credential: alice } }),
    check: (r, h) => assert.deepEqual(h.faults.notRegistry.requests.at(-1).auth, null, 'no credentials before a challenge'),
  },
  {
    name: 'closed port',
    code: 'unreachable',
    build: (h) => ({ image: `127.0.0.1:${h.closedPort}/team/oci:1.0`, options: { credential: alice } }),
    check: (r) => assert.deepEqual(r.requests.map((q) => q.status), [null]),
  },
  {
    name: 'credentials to a plain-http realm that is not loopback',
    code: 'insecure_endpoint',
    build: (h) => ({ image: `${host(h.faults.insecureRealm)}/team/app:1.0`, options: { credential: alice } }),
    check: (r, h) => assert.deepEqual(r.requests.map((q) => q.url), [`${h.faults.insecureRealm.url}/v2/`]),
  },
  {
    name: 'pulled by digest, Docker-Content-Digest rewritten',
    code: 'digest_mismatch',
    build: (h) => ({ image: `${host(h.faults.digestRewrite)}/team/oci@${h.images.oci.digest}`, options: { credential: alice } }),
  },
  {
    name: 'only a Negotiate challenge',
    code: 'unsupported_auth',
    build: (h) => ({ image: `${host(h.faults.negotiate)}/team/oci:1.0`, options: { credential: alice } }),
    check: (r) => assert.match(diagnostic(r, 'unsupported_auth').message, /Negotiate/),
  },
  {
    name: 'token endpoint answers junk',
    code: 'bad_token_response',
    build: (h) => ({ image: `${host(h.faults.junkToken)}/team/app:1.0`, options: { credential: alice } }),
  },
];

/** Asserts the scenario's code and checks; returns the report. */
export function assertScenario(s, report, h) {
  if (s.code === 'ok') assert.equal(report.ok, true, `${s.name}: ${JSON.stringify(report.diagnostics)}`);
  else {
    assert.equal(report.ok, false, s.name);
    assert.ok(codes(report).includes(s.code), `${s.name}: expected ${s.code}, got ${JSON.stringify(report.diagnostics)}`);
  }
  s.check?.(report, h);
}

/**
 * Fails when any secret (the canaries, the wrong password, every token the
 * issuer signed) appears in `text`. The message names only which kind.
 */
export function assertNoSecret(text, h, where) {
  for (const secret of [...h.secrets(), WRONG_PASSWORD, Buffer.from(`${USER}:${WRONG_PASSWORD}`).toString('base64')]) {
    if (text.includes(secret)) assert.fail(`${where}: a secret (${secret.startsWith('CANARY') ? 'a canary' : 'a token or its encoding'}) appears in the output`);
  }
}
