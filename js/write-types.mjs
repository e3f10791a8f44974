// Fills the unions of the .d.ts (`/*DiagnosticCode*/`, `/*SecretCode*/`,
// `/*ConfigCode*/`, `/*MissReason*/`) from the built .wasm's own tables (the Rust code tables
// plus the binding's codes), so the types cannot drift from the codes the
// library reports: `node js/write-types.mjs js/api.d.ts pkg/api.d.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [template, out] = process.argv.slice(2);
const pkgDir = resolve(dirname(out));
const glue = await import(pathToFileURL(join(pkgDir, 'registry_access.js')).href);
glue.initSync({ module: readFileSync(join(pkgDir, 'registry_access_bg.wasm')) });
const unions = JSON.parse(glue.unions());
let text = readFileSync(template, 'utf8');
for (const [name, codes] of unions) {
  const mark = `/*${name}*/`;
  if (!text.includes(mark)) throw new Error(`${template} has no ${mark} placeholder`);
  if (codes.length === 0) throw new Error(`the ${name} table is empty`);
  text = text.replace(mark, codes.map((c) => `\n  | '${c}'`).join(''));
}
if (/\/\*(?:[A-Za-z]+Code|MissReason)\*\//.test(text)) throw new Error('a code placeholder was left unfilled');
writeFileSync(out, text);
