// The Rust example `cargo run --example check-access` (the sans-I/O machine
// driven by a blocking client) against the real htpasswd registry on
// 127.0.0.1: a pull that works, a rejected password; the password goes in
// on stdin and shows in neither output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers.mjs';
import { startHarness, CANARY_PASSWORD, USER } from '../registry/harness.mjs';
import { assertNoSecret, WRONG_PASSWORD } from '../registry/scenarios.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

function checkAccess(image, password) {
  // `make test` built the examples already (cargo test --all-targets); a
  // lone run builds it here.
  const run = spawnSync(
    'cargo',
    ['run', '--quiet', '--example', 'check-access', '--', image, '--username', USER, '--password-stdin', '--insecure-loopback'],
    { cwd: ROOT, input: password, encoding: 'utf8', timeout: 600_000 },
  );
  assertNoSecret(run.stdout, h, 'check-access stdout');
  assertNoSecret(run.stderr, h, 'check-access stderr');
  return { status: run.status, report: JSON.parse(run.stdout), stderr: run.stderr };
}

test('check-access: the pull works', () => {
  const { status, report, stderr } = checkAccess(`${h.basic.host}/team/multi:1.0`, CANARY_PASSWORD);
  assert.equal(status, 0, stderr);
  assert.equal(report.ok, true, JSON.stringify(report.diagnostics));
  assert.equal(report.auth, 'basic');
  assert.equal(report.digest, h.images.multi.digest);
  assert.deepEqual(report.platforms, ['linux/amd64', 'linux/arm64']);
  // The /v2/ challenge, then the manifest with the credentials, then the index.
  assert.deepEqual(report.requests.map((r) => [r.method, r.status]), [['GET', 401], ['HEAD', 200], ['GET', 200]]);
});

test('check-access: a wrong password', () => {
  const { status, report } = checkAccess(`${h.basic.host}/team/oci:1.0`, WRONG_PASSWORD);
  assert.equal(status, 1);
  assert.equal(report.ok, false);
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['credentials_rejected']);
});
