// Debian's `docker-registry` (distribution 2.8) as a child process on
// 127.0.0.1: a config file in a temporary folder, storage beside it, the
// port chosen by the kernel (`http.addr: 127.0.0.1:0`) and read back from
// the registry's own "listening on" log line. Every child is killed when
// the test process exits, whatever the way out.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REGISTRY = '/usr/bin/docker-registry';
const HTPASSWD = '/usr/bin/htpasswd';

const children = new Set();
const folders = new Set();
function cleanupAll() {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanupAll);
// 'exit' does not run when a signal ends the process (the test runner sends
// SIGTERM to a file that timed out, a user SIGINT): clean up, then exit as
// the signal would have.
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15]]) {
  process.once(signal, () => {
    cleanupAll();
    process.exit(128 + number);
  });
}

/** A temporary folder removed by `cleanup` or, at the latest, when the process exits. */
export function tempFolder(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `registry-access-${prefix}-`));
  folders.add(dir);
  return {
    dir,
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      folders.delete(dir);
    },
  };
}

/** One `user:bcrypt-hash` line, as `htpasswd -Bbn` writes it. */
export function htpasswdLine(user, password) {
  return execFileSync(HTPASSWD, ['-Bbn', user, password], { encoding: 'utf8' }).trim();
}

/**
 * Starts a registry. `auth` is the `auth:` section as YAML lines (indented
 * two spaces), or '' for none. Resolves to { url, host, port, logs, stop }.
 */
export async function startRegistry({ name, auth = '' }) {
  const tmp = tempFolder(name);
  const config = join(tmp.dir, 'config.yml');
  // Everything the registry could listen on is pinned to loopback: the API
  // (no debug server, no TLS, no notifications, no proxy cache are set).
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      '  formatter: text',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(tmp.dir, 'storage')}`,
      '  delete:',
      '    enabled: true',
      '  maintenance:',
      '    uploadpurging:',
      '      enabled: false',
      'http:',
      '  addr: 127.0.0.1:0',
      `  secret: ${name}-test-secret`,
      auth ? `auth:\n${auth}` : '',
      '',
    ].join('\n'),
  );
  const child = spawn(REGISTRY, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let logs = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`registry ${name} did not start in 15 s:\n${logs}`)), 15000);
    const onData = (chunk) => {
      logs += chunk;
      // Cap what is kept: the logs only serve a failing test's message.
      if (logs.length > 200_000) logs = logs.slice(-100_000);
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry ${name} exited with ${code}:\n${logs}`));
    });
  });
  const host = `127.0.0.1:${port}`;
  return {
    name,
    host,
    port,
    url: `http://${host}`,
    logs: () => logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
      tmp.cleanup();
    },
  };
}
