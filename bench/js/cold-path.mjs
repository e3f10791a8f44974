// Per-call time of the cold-path functions (secrets, configs, matching,
// registries, policies) of the built package, in one Node process: what
// decides how their results cross from WebAssembly (see the README's
// "The binding" section).
//
//   node bench/js/cold-path.mjs [pkg-dir]
//
// Medians over several rounds, in µs of this process's CPU time per call
// (not wall time: on a shared machine, time spent descheduled would count).
// Every result is consumed.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = path.resolve(root, process.argv[2] ?? 'pkg');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MIN_ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 200);

const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);

let sink = 0;
function measure(call) {
  for (let i = 0; i < 200; i++) sink += JSON.stringify(call()).length; // warm-up
  const perCall = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    do {
      const v = call();
      sink += typeof v === 'string' ? v.length : v.diagnostics?.length ?? 1;
      n++;
    } while (performance.now() - t0 < MIN_ROUND_MS);
    const c = process.cpuUsage(c0);
    perCall.push((c.user + c.system) / n);
  }
  perCall.sort((a, b) => a - b);
  return perCall[perCall.length >> 1];
}

// A typical config: ICR with an API key, Docker Hub with `auth`, a registry
// whose `auth` disagrees with its username (one diagnostic), a helper.
const b64 = (s) => Buffer.from(s).toString('base64');
const config = JSON.stringify({
  auths: {
    'us.icr.io': { username: 'iamapikey', password: 'a'.repeat(44), auth: b64(`iamapikey:${'a'.repeat(44)}`) },
    'https://index.docker.io/v1/': { auth: b64('jane:dckr_pat_0123456789abcdef') },
    'quay.io': { username: 'bob', password: 'hunter2', auth: b64('alice:hunter2') },
  },
  credsStore: 'desktop',
});
const now = Date.UTC(2026, 0, 1);

const cases = {
  'inspectDockerConfig (3 entries)': () => pkg.inspectDockerConfig(config, { now }),
  'inspectDockerConfig, reveal': () => pkg.inspectDockerConfig(config, { reveal: true, now }),
  'createRegistrySecret (ICR)': () =>
    pkg.createRegistrySecret({ name: 'icr-pull', server: 'us.icr.io', password: 'a'.repeat(44), namespace: 'team', now }),
  'matchCredentials': () => pkg.matchCredentials(config, 'us.icr.io/team/app:1.0'),
  'registryInfo': () => pkg.registryInfo('private.us.icr.io'),
  'evaluateImagePolicy': () =>
    pkg.evaluateImagePolicy('nginx:latest', { allowedRegistries: ['us.icr.io', '*.icr.io'], disallowLatest: true }),
  'upsertCredential': () => pkg.upsertCredential(config, { server: 'ghcr.io', username: 'me', password: 'ghp_x' }),
};

console.log(`cold-path calls (Node ${process.version}), ${pkgDir}: median µs per call`);
for (const [name, call] of Object.entries(cases)) {
  console.log(`${name.padEnd(36)} ${measure(call).toFixed(2).padStart(8)}`);
}
console.log(`(checksum ${sink})`);
