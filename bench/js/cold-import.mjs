// One whole cold-start sample in a fresh Node process, as a user meets it:
//   node cold-import.mjs PKG_DIR   import the Node entry (which instantiates
//                                  the .wasm) and make the first validateImage call
//   node cold-import.mjs swimlane  require @swimlane/docker-reference and parse once
// Prints the milliseconds from before the import to after the first call.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const what = process.argv[2];
const t0 = performance.now();
if (what === 'swimlane') {
  const { parseFamiliarName } = createRequire(import.meta.url)('@swimlane/docker-reference');
  parseFamiliarName('us.icr.io/team1/app:1.0');
} else {
  const api = await import(pathToFileURL(path.join(what, 'node.js')).href);
  if (api.validateImage('us.icr.io/team1/app:1.0').valid !== true) throw new Error('unexpected result');
}
process.stdout.write(`${performance.now() - t0}\n`);
