// What a .wasm is made of, by crate and module: reads `twiggy top --format
// csv` of a build that kept its name section (`make size-profile`) and sums
// each item's own bytes into a group, the largest items of each group below
// it (KB = 1,000 bytes). `node js/size-profile.mjs top.csv [items per group]`.
//
// The name section itself is left out of the total (the shipped module has
// none), so the total is the shipped module's size. Functions that wasm-opt
// inlined into an export's multivalue shim count as that export's; data
// segments are not split (strings, tables and panic locations together).
import { readFileSync } from 'node:fs';

const [csvPath, perGroup = '0'] = process.argv.slice(2);

/** One CSV line of twiggy's output: quoted fields with doubled quotes. */
function fields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') (cur += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

const CORE_PARTS = new Set(['fmt', 'str', 'slice', 'unicode', 'char', 'iter', 'panicking', 'num']);
const PRIMITIVES = /^(\[.*\]|[&*]?(mut )?(str|char|u8|u16|u32|u64|usize|i32|i64|bool|T|I|A|F))$/;

/** The group of one twiggy item. */
function group(name) {
  if (name.includes('" subsection') || name.startsWith("custom section 'name'")) return null;
  if (name.startsWith('data segment')) return 'data segments (strings, tables, panic locations)';
  if (name.endsWith(' multivalue shim')) return 'export shims (with the export bodies inlined into them)';
  if (/^(export|import|table|elem|type|global|memory|wasm magic|code\[|custom section|start$)/.test(name) ||
      name.endsWith(' section headers'))
    return 'wasm sections (imports, exports, types, table)';
  // Crate hashes ("core[c5930c85a12de822]") and function hashes out.
  let s = name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
  // `<X as Trait>::f`: the standard library's formatting impls are
  // core::fmt's whatever X is; otherwise the implementing type's crate.
  const as = /^<(.+?) as ([\w:]+)/.exec(s);
  if (as && as[2].startsWith('core::fmt') && !as[1].startsWith('registry_access::')) return 'core::fmt';
  if (s.startsWith('<')) s = (as ? as[1] : s.slice(1)).replace(/^[&*]+(mut )?/, '').replace(/^<|>$/g, '');
  if (PRIMITIVES.test(s.split('::')[0].replace(/>$/, ''))) return 'core (methods of primitive types)';
  const [crate, part] = s.split('::');
  if (crate === 'registry_access') return `registry_access::${part}`;
  // wasm-bindgen's export wrappers carry the exported name alone.
  if (part === undefined && /^[a-z][a-z0-9_]*$/.test(crate) && !/^(memcmp|memcpy|memmove|memset)$/.test(crate))
    return 'export wrappers (registry_access::binding)';
  if (crate === 'core' && CORE_PARTS.has(part)) return `core::${part}`;
  if (crate === '__rustc' || crate === '__rdl_alloc') return 'alloc';
  if (/^(__wbindgen|__wbg|__externref|wasm_bindgen)/.test(crate)) return 'wasm-bindgen';
  return crate;
}

const lines = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1);
const groups = new Map();
let names = 0;
for (const line of lines) {
  const [name, bytes] = fields(line);
  if (name.startsWith('Σ') || name.startsWith('... and')) continue;
  const g = group(name);
  if (g === null) {
    names += Number(bytes);
    continue;
  }
  if (!groups.has(g)) groups.set(g, { bytes: 0, items: [] });
  groups.get(g).bytes += Number(bytes);
  groups.get(g).items.push([Number(bytes), name]);
}
const total = [...groups.values()].reduce((n, g) => n + g.bytes, 0);
const kb = (n) => (n / 1000).toFixed(1).padStart(6);
console.log(`${'bytes'.padStart(8)} ${'KB'.padStart(6)} ${'share'.padStart(6)}  group`);
for (const [name, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
  const share = ((100 * g.bytes) / total).toFixed(1).padStart(5);
  console.log(`${String(g.bytes).padStart(8)} ${kb(g.bytes)} ${share}%  ${name}`);
  for (const [b, item] of g.items.sort((x, y) => y[0] - x[0]).slice(0, Number(perGroup)))
    console.log(`${' '.repeat(24)}${String(b).padStart(7)}  ${item.slice(0, 100)}`);
}
console.log(`${String(total).padStart(8)} ${kb(total)}         total (without the ${names}-byte name section)`);
