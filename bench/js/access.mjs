// The time of one access check against the local registries (the harness of
// tests/registry/ on 127.0.0.1): the median of RUNS checks, after 2 warm-up
// checks, for a Basic-auth pull (GET /v2/, HEAD) and a token pull (GET /v2/,
// GET token, HEAD) of a single-platform image.
//
//   node bench/js/access.mjs pkg [RUNS]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startHarness, CANARY_PASSWORD, USER } from '../../tests/registry/harness.mjs';

/** Median ms of `runs` checks of `image` (each must succeed). */
export async function medianCheckMs(checkImageAccess, image, options, runs) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const report = await checkImageAccess(image, options);
    const ms = performance.now() - t0;
    if (!report.ok) throw new Error(`check of ${image} failed: ${JSON.stringify(report.diagnostics)}`);
    if (i >= 2) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkgDir = path.resolve(process.argv[2] ?? 'pkg');
  const runs = Number(process.argv[3] ?? 20);
  const { checkImageAccess } = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
  const h = await startHarness();
  try {
    const options = { credential: { username: USER, password: CANARY_PASSWORD }, allowInsecureLoopback: true };
    const basic = await medianCheckMs(checkImageAccess, `${h.basic.host}/team/oci:1.0`, options, runs);
    const token = await medianCheckMs(checkImageAccess, `${h.token.host}/team/app:1.0`, options, runs);
    console.log(`access check, median of ${runs} (Node ${process.version}, local docker-registry on 127.0.0.1):`);
    console.log(`  basic auth (2 requests):  ${basic.toFixed(2)} ms`);
    console.log(`  token auth (3 requests):  ${token.toFixed(2)} ms`);
  } finally {
    await h.stop();
  }
}
