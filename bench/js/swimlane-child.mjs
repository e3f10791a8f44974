// Child process of swimlane-safe.mjs: parses the corpus with
// @swimlane/docker-reference from index argv[3] on, announcing each index on
// stdout before parsing it, so the parent can tell which input hangs.
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseFamiliarName } = require('@swimlane/docker-reference');

const refs = readFileSync(process.argv[2], 'utf8').split('\n');
if (refs.at(-1) === '') refs.pop();
for (let i = Number(process.argv[3]); i < refs.length; i++) {
  writeSync(1, `${i}\n`);
  try {
    parseFamiliarName(refs[i]);
  } catch {
    // invalid references are expected; only the time matters here
  }
}
