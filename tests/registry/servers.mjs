// Small HTTP servers on 127.0.0.1 for the access-check tests: each records
// the requests it got (method, path and the Authorization scheme only, so
// no secret is kept where an assertion message could print it), and the
// fault-injecting proxy forwards to a real registry, changing one thing.
import { createServer, request as httpRequest } from 'node:http';

const servers = new Set();
process.on('exit', () => {
  for (const s of servers) s.closeAllConnections();
});

/** Starts `handler(req, res)` on 127.0.0.1 (a free port). */
export async function startServer(handler) {
  const requests = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization;
    requests.push({ method: req.method, path: req.url, auth: auth === undefined ? null : auth.split(' ')[0] });
    handler(req, res);
  });
  servers.add(server);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  return {
    host: `127.0.0.1:${port}`,
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      servers.delete(server);
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}

/** A port nothing listens on (bound once by the kernel's choice, then closed). */
export async function closedPort() {
  const s = await startServer(() => {});
  await s.close();
  return s.port;
}

/** Forwards `req` to `upstream` (http://127.0.0.1:port); `edit(status, headers)` may change the answer's head. */
export function forward(upstream, req, res, edit = () => {}) {
  const target = new URL(req.url, upstream);
  const headers = { ...req.headers, host: target.host };
  const out = httpRequest(target, { method: req.method, headers }, (answer) => {
    const head = { ...answer.headers };
    const status = edit(answer.statusCode, head) ?? answer.statusCode;
    res.writeHead(status, head);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

const isManifest = (req) => /^\/v2\/.+\/manifests\/[^/]+$/.test(new URL(req.url, 'http://x').pathname);

/**
 * A proxy in front of `upstream` that answers the manifest requests (or, with
 * `onRequest`, any request it claims by returning true) itself.
 */
export function faultProxy(upstream, { manifest, onRequest, edit } = {}) {
  return startServer((req, res) => {
    if (onRequest && onRequest(req, res)) return;
    if (manifest && isManifest(req)) return manifest(req, res);
    forward(upstream, req, res, edit);
  });
}

/** A registry-shaped error answer (distribution's JSON error body; none for HEAD). */
export function registryError(req, res, status, code, message, headers = {}) {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}
