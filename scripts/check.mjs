// POST /check for the demo server (scripts/serve.mjs): runs the package's
// checkImageAccess in Node for the demo page, which cannot ask registries
// itself (most send no CORS headers).
//
// It answers only its own page: the Host must be this server's loopback
// address (no DNS rebinding), the Origin this server, Sec-Fetch-Site
// `same-origin`, and the body JSON (which a form on another site cannot
// send without a CORS preflight this server never grants). It refuses the
// same targets as the edge Worker (SPEC §5.4), with the Worker's own
// address rules (examples/edge-worker/src/targets.js, imported, not copied),
// and in Node it can do what a Worker cannot: a name that resolves to such an
// address is refused when it is resolved, for the connection itself.
// ALLOW_PRIVATE_REGISTRIES=1 lifts both (local registries, the tests).
//
// Nothing of the request body is logged or echoed in an error: it may hold
// a password. The log line of a check names the registry and the codes only.
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { readCheckBody } from '../examples/edge-worker/src/request.js';
import { guardedFetch, hostnameOf, isPrivateHost } from '../examples/edge-worker/src/targets.js';

/** A credential or a config is small; anything larger is not a check request. */
const MAX_CHECK_BODY = 256 * 1024;

const isSet = (v) => v !== undefined && v !== null && v !== '' && v !== '0' && v !== 'false';

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

const problem = (res, status, error, message, headers) => json(res, status, { error, message }, headers);

// Resolves a name as the connection will, and refuses it when any address
// it resolves to is loopback, private or link-local. Used as the `lookup`
// of the very connection, so a name cannot resolve differently in between.
export function guardedLookup(hostname, options, callback) {
  dnsLookup(hostname, options, (err, address, family) => {
    if (err) return callback(err);
    const all = Array.isArray(address) ? address : [{ address, family }];
    // Through the URL parser, as the Worker's rules expect (it writes
    // ::ffff:127.0.0.1 as ::ffff:7f00:1).
    const privateAddress = (a) => isPrivateHost(hostnameOf(a.family === 6 ? `[${a.address}]` : a.address) ?? '0.0.0.0');
    if (all.some(privateAddress)) {
      const e = new Error('refused: the name resolves to a loopback, private or link-local address');
      e.code = 'EPRIVATETARGET';
      return callback(e);
    }
    return callback(null, address, family);
  });
}

// A `fetch` over node:http(s) that resolves names with `lookup` (Node's own
// fetch takes no lookup): with guardedLookup, the one the check is driven
// with when private targets are refused. Literal addresses never reach a
// lookup: guardedFetch tests those first. Never follows a redirect (the
// check asks for `redirect: 'manual'`).
export function nodeFetch(url, init = {}, lookup = dnsLookup) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const client = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
    if (!client) return reject(new TypeError(`unsupported protocol ${u.protocol}`));
    const req = client.request(u, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(init.headers ?? []),
      signal: init.signal,
      lookup,
      agent: false,
    });
    req.on('response', (res) => {
      try {
        const headers = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const empty = req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
        if (empty) res.resume();
        resolve(new Response(empty ? null : Readable.toWeb(res), { status: res.statusCode, headers }));
      } catch (e) {
        res.destroy();
        reject(e);
      }
    });
    req.on('error', reject);
    req.end();
  });
}

// Whether the request comes from this server's own page (see the top).
function fromOwnPage(req, port) {
  const host = req.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
  return req.headers.origin === `http://${host}` && req.headers['sec-fetch-site'] === 'same-origin';
}

function readText(req, max) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > max) {
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The handler of POST /check. `root` holds pkg/ (the built package, imported
 * on the first check so the page's own files are served without it);
 * `port()` is the port the server listens on; `log` takes one line.
 */
export function checkHandler({ root, port, env = process.env, log = console.log }) {
  const allowPrivate = isSet(env.ALLOW_PRIVATE_REGISTRIES);
  const timeout = Number(env.CHECK_TIMEOUT_MS ?? 10000);
  const timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : 10000;
  let pkg = null;

  return async function handleCheck(req, res) {
    if (req.method !== 'POST') return problem(res, 405, 'method_not_allowed', 'POST {"image": "…"} to /check', { allow: 'POST' });
    if (!fromOwnPage(req, port())) {
      return problem(res, 403, 'not_this_page', 'POST /check answers only the demo page this server serves');
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return problem(res, 415, 'not_json', 'send the check as application/json');
    }
    let text;
    try {
      text = await readText(req, MAX_CHECK_BODY);
    } catch (e) {
      if (e.tooLarge) return problem(res, 413, 'body_too_large', `request body is longer than the ${MAX_CHECK_BODY} bytes allowed`);
      return undefined;
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      // The parser's message quotes the body, which may hold a password.
      return problem(res, 400, 'invalid_json', 'request body is not valid JSON');
    }
    const read = readCheckBody(body);
    if (read.problem) return problem(res, 400, ...read.problem);

    try {
      pkg ??= await import(pathToFileURL(join(root, 'pkg', 'node.js')).href);
    } catch {
      return problem(res, 503, 'no_package', 'the package is not built: run "make pkg", then start the server again');
    }
    if (typeof pkg.checkImageAccess !== 'function') {
      return problem(res, 503, 'no_package', 'this build of the package cannot check access: run "make pkg"');
    }

    const registry = pkg.validateImage(read.image, { profile: 'oci' }).components?.registry ?? null;
    if (!allowPrivate) {
      // The image's own registry is refused up front; a realm or redirect
      // target by the guarded fetch (the report says unreachable).
      const hostname = registry === null ? null : hostnameOf(registry);
      if (hostname !== null && isPrivateHost(hostname)) {
        log(`check: refused a private registry`);
        return problem(res, 403, 'private_target',
          `registry ${JSON.stringify(registry.slice(0, 200))} is a loopback, private or link-local address; to check a local registry, start the demo with make demo ALLOW_PRIVATE_REGISTRIES=1`);
      }
    }
    let report;
    try {
      report = await pkg.checkImageAccess(read.image, {
        ...read.options,
        fetch: allowPrivate ? globalThis.fetch : guardedFetch((url, init) => nodeFetch(url, init, guardedLookup)),
        timeoutMs,
        allowInsecureLoopback: allowPrivate,
      });
    } catch {
      // Its errors name arguments, not values; still, say nothing of them.
      return problem(res, 500, 'check_failed', 'the check could not run');
    }
    const codes = report.diagnostics.map((d) => d.code).join(', ');
    log(`check: ${report.registry ?? 'no registry'} -> ${report.ok ? 'ok' : 'not ok'}${codes ? ` (${codes})` : ''}`);
    return json(res, 200, report);
  };
}
