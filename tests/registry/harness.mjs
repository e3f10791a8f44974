// Everything the access-check tests run against, on 127.0.0.1 only:
//
//   basic    docker-registry with `auth.htpasswd`
//   token    docker-registry with `auth.token`, behind a front server that
//            also serves its realm (/token, the test issuer): the realm is on
//            the registry's own host, as with IBM Cloud Container Registry
//   faults   proxies in front of them, each injecting one fault, plus a
//            plain HTTP server that is no registry, a closed port and a trap
//            (a server no check may reach; tests assert it got nothing)
//
// Images are pushed through the registries' API. `startHarness()` resolves to
// the context the scenarios (scenarios.mjs) use; `stop()` ends every server
// and registry process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, tempFolder, htpasswdLine } from './registry.mjs';
import { makeSigningKey, tokenIssuer } from './issuer.mjs';
import { pusher } from './images.mjs';
import { startServer, closedPort, forward, faultProxy, registryError } from './servers.mjs';

/** The password of the checks' user: it must never appear in any output. */
export const CANARY_PASSWORD = 'CANARY-pw-5f0c9e2a71';
export const USER = 'alice';
const PUSHER = 'pusher';
const PUSHER_PASSWORD = 'pusher-secret-b41d';
export const SERVICE = 'registry-access-tests';
const ISSUER = 'registry-access-test-issuer';
/** Answers slower than this are cut off by the checks of the `slow` scenario. */
export const SHORT_TIMEOUT_MS = 2000;
const SLOW_MS = 10000;
/** A realm host that is not loopback: no check may send anything there. */
export const INSECURE_REALM_HOST = 'auth.registry-access.invalid';

export async function startHarness() {
  const tmp = tempFolder('auth');
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
    tmp.cleanup();
  };
  try {
    return await start(tmp.dir, stops, stopAll);
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function start(dir, stops, stopAll) {
  // Basic (htpasswd) registry.
  const htpasswd = join(dir, 'htpasswd');
  writeFileSync(htpasswd, `${htpasswdLine(USER, CANARY_PASSWORD)}\n${htpasswdLine(PUSHER, PUSHER_PASSWORD)}\n`);
  const basic = await startRegistry({
    name: 'htpasswd',
    auth: `  htpasswd:\n    realm: registry-access-tests\n    path: ${htpasswd}\n`,
  });
  stops.push(() => basic.stop());

  // Token registry behind its front (realm + registry on one host:port).
  const signingKey = makeSigningKey(dir);
  const issued = [];
  const issue = tokenIssuer({
    service: SERVICE,
    issuer: ISSUER,
    signingKey,
    issued,
    users: {
      [USER]: { password: CANARY_PASSWORD, grants: (repo) => (repo.startsWith('team/') ? ['pull'] : []) },
      [PUSHER]: { password: PUSHER_PASSWORD, grants: () => ['pull', 'push'] },
    },
  });
  let tokenUpstream = null;
  const front = await startServer((req, res) => {
    if (req.url.startsWith('/token')) issue(req, res);
    else forward(tokenUpstream, req, res);
  });
  stops.push(() => front.close());
  const tokenRegistry = await startRegistry({
    name: 'token',
    auth: `  token:\n    realm: ${front.url}/token\n    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${signingKey.certFile}\n`,
  });
  stops.push(() => tokenRegistry.stop());
  tokenUpstream = tokenRegistry.url;

  // Images.
  const b = pusher(basic.url, PUSHER, PUSHER_PASSWORD);
  const images = {
    oci: await b.image('team/oci', '1.0', 'linux/amd64'),
    docker: await b.image('team/docker', '1.0', 'linux/amd64', { docker: true }),
    multi: await b.index('team/multi', '1.0', ['linux/amd64', 'linux/arm64']),
    armOnly: await b.index('team/armonly', '1.0', ['linux/arm64']),
  };
  for (const tag of ['v1.0', 'v2.0', 'latest']) images[`tags-${tag}`] = await b.image('team/tags', tag, 'linux/amd64');
  const t = pusher(front.url, PUSHER, PUSHER_PASSWORD);
  images.tokenApp = await t.image('team/app', '1.0', 'linux/amd64');
  images.tokenPrivate = await t.image('private/vault', '1.0', 'linux/amd64');

  // A server no check may ever reach: realms and redirects on "another host"
  // point here (as `localhost`, still loopback).
  const trap = await startServer((req, res) => res.writeHead(500).end());
  stops.push(() => trap.close());
  const elsewhere = `localhost:${trap.port}`;

  const faults = {};
  const add = async (name, server) => {
    faults[name] = server;
    stops.push(() => server.close());
  };
  const timers = new Set();
  stops.push(() => timers.forEach(clearTimeout));

  await add('rateLimited', await faultProxy(basic.url, {
    manifest: (req, res) =>
      registryError(req, res, 429, 'TOOMANYREQUESTS', 'You have reached your pull rate limit.', {
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '0;w=21600',
      }),
  }));
  await add('serverError', await faultProxy(basic.url, {
    manifest: (req, res) => registryError(req, res, 500, 'UNKNOWN', 'unknown error'),
  }));
  await add('slow', await faultProxy(basic.url, {
    manifest: (req, res) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) forward(basic.url, req, res);
      }, SLOW_MS);
      timers.add(timer);
    },
  }));
  await add('redirect', await faultProxy(basic.url, {
    manifest: (req, res) => res.writeHead(307, { location: `http://${elsewhere}${req.url}` }).end(),
  }));
  await add('denied', await faultProxy(basic.url, {
    manifest: (req, res) => registryError(req, res, 403, 'DENIED', 'requested access to the resource is denied'),
  }));
  await add('digestRewrite', await faultProxy(basic.url, {
    edit: (status, headers) => {
      if (headers['docker-content-digest']) headers['docker-content-digest'] = `sha256:${'0'.repeat(64)}`;
    },
  }));
  await add('negotiate', await faultProxy(basic.url, {
    onRequest: (req, res) => {
      if (!req.url.startsWith('/v2/')) return false;
      registryError(req, res, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': 'Negotiate' });
      return true;
    },
  }));
  // Token registry with its realm moved to another host (the trap).
  await add('realmElsewhere', await faultProxy(front.url, {
    edit: (status, headers) => {
      const c = headers['www-authenticate'];
      if (c) headers['www-authenticate'] = c.replace(/realm="[^"]*"/, `realm="http://${elsewhere}/token"`);
    },
  }));
  // Token registry whose realm is plain http on a name that is not loopback
  // (`.invalid` never resolves; the checks must not even try).
  await add('insecureRealm', await faultProxy(front.url, {
    edit: (status, headers) => {
      const c = headers['www-authenticate'];
      if (c) headers['www-authenticate'] = c.replace(/realm="[^"]*"/, `realm="http://${INSECURE_REALM_HOST}/token"`);
    },
  }));
  // Token registry whose realm (on the proxy's own host) answers junk.
  let junkRealm = '';
  await add('junkToken', await faultProxy(front.url, {
    onRequest: (req, res) => {
      if (!req.url.startsWith('/token')) return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>this is no token</html>');
      return true;
    },
    edit: (status, headers) => {
      const c = headers['www-authenticate'];
      if (c) headers['www-authenticate'] = c.replace(/realm="[^"]*"/, `realm="${junkRealm}"`);
    },
  }));
  junkRealm = `${faults.junkToken.url}/token`;
  await add('notRegistry', await startServer((req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><h1>Not Found</h1>');
  }));
  const closed = await closedPort();

  return {
    basic,
    token: front,
    tokenRegistry,
    images,
    faults,
    trap,
    elsewhere,
    closedPort: closed,
    /** Every token the issuer signed: none may appear in any output. */
    issuedTokens: issued,
    /** Texts that must never appear in any output. */
    secrets: () => [
      CANARY_PASSWORD,
      Buffer.from(`${USER}:${CANARY_PASSWORD}`).toString('base64'),
      ...issued,
      ...issued.map((jwt) => jwt.split('.')[2]),
      'CANARY-token-',
    ],
    stop: stopAll,
  };
}
