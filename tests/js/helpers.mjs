// Shared by the tests of the npm package: packs pkg/ (built by `make pkg`)
// and installs the tarball into a scratch folder under target/ (git-ignored),
// as a user would; serves folders over HTTP on 127.0.0.1; launches Chromium.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = join(ROOT, 'pkg');

const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/**
 * Packs pkg/ and installs the tarball into target/npm/<name>/ (a folder of
 * its own per test file, since `node --test` runs files in parallel).
 * Returns the folder.
 */
export function installPackage(name) {
  if (!existsSync(join(PKG, 'package.json'))) throw new Error('pkg/ is not built: run `make pkg` first');
  const dir = join(ROOT, 'target', 'npm', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  npm(['pack', PKG, '--pack-destination', dir, '--silent'], dir);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${name}`, private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--offline', `./${tarball}`], dir);
  return dir;
}

/** Imports `registry-access` as resolved from `dir` (Node's `node` condition). */
export async function importFrom(dir) {
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, "export * from 'registry-access';\nexport { default } from 'registry-access';\n");
  return import(pathToFileURL(entry).href);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** A static file server for `dir` on 127.0.0.1 (a free port). */
export async function serve(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Chromium from the system package (no browser download). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The 10k benchmark corpus, split on "\n" only (never trimmed). */
export function corpus() {
  const text = readFileSync(join(ROOT, "bench", "corpus-10k.txt"), "utf8");
  return text.split('\n');
}
