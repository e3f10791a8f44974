#!/usr/bin/env node
// A tiny server for the demo page: Node's standard library only, so
// `make demo` needs nothing beyond Node and the built package. It serves the
// repository root (so the page at /www/ reaches the built package at /pkg/),
// binds to 127.0.0.1 only, and sends `.wasm` as application/wasm so that
// WebAssembly.instantiateStreaming works. `POST /check` (scripts/check.mjs)
// asks a registry for the page's "Check access" panel.
//
//   node scripts/serve.mjs [ROOT]      PORT=8080 by default
//   ALLOW_PRIVATE_REGISTRIES=1         let /check ask registries on loopback
//                                      and private addresses (local registries)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkHandler } from './check.mjs';

const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'));
const port = Number.parseInt(process.env.PORT ?? '8080', 10);
const host = '127.0.0.1';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// Resolves a URL path inside `root`, or null when it would escape it.
function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, '.' + path);
  return file === root || file.startsWith(root + sep) ? file : null;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

const handleCheck = checkHandler({ root, port: () => server.address().port });

const server = createServer(async (req, res) => {
  if (new URL(req.url, 'http://localhost').pathname === '/check') return handleCheck(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/') {
    res.writeHead(302, { location: '/www/' });
    return res.end();
  }
  let file = fileFor(pathname);
  if (!file) return send(res, 403, 'forbidden');
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
      info = await stat(file);
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  } catch {
    send(res, 404, 'not found');
  }
});

server.on('error', (err) => {
  console.error(`serve: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Serving the demo page on http://${host}:${actual}/www/ (Ctrl-C to stop)`);
});
