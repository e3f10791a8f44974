// Writes pkg/package.json: `node js/write-package-json.mjs Cargo.toml pkg/package.json`.
// The version, description and license come from Cargo.toml so the crate and
// the npm package cannot drift apart.
import { readFileSync, writeFileSync } from 'node:fs';

const [cargoToml, out] = process.argv.slice(2);
const cargo = readFileSync(cargoToml, 'utf8');
const field = (name) => {
  const m = cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!m) throw new Error(`Cargo.toml has no ${name}`);
  return m[1];
};

// Each module's folder holds these (js/write-entries.mjs writes the entries).
const moduleFiles = [
  'registry_access_bg.wasm',
  'registry_access.js',
  'core.js',
  'index.js',
  'node.js',
  'workerd.js',
  'index.d.ts',
  'node.d.ts',
  'workerd.d.ts',
];

const pkg = {
  name: 'registry-access',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  keywords: ['docker', 'oci', 'kubernetes', 'registry', 'image-reference', 'dockerconfigjson', 'wasm'],
  type: 'module',
  main: './node.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': {
      workerd: { types: './workerd.d.ts', default: './workerd.js' },
      node: { types: './node.d.ts', default: './node.js' },
      types: './index.d.ts',
      default: './index.js',
    },
    './image': {
      workerd: { types: './image/workerd.d.ts', default: './image/workerd.js' },
      node: { types: './image/node.d.ts', default: './image/node.js' },
      types: './image/index.d.ts',
      default: './image/index.js',
    },
    './registry_access_bg.wasm': './registry_access_bg.wasm',
    './image/registry_access_bg.wasm': './image/registry_access_bg.wasm',
    './package.json': './package.json',
  },
  files: [...moduleFiles, ...moduleFiles.map((f) => `image/${f}`), 'api.d.ts', 'README.md'],
  sideEffects: false,
  engines: { node: '>=20' },
};
writeFileSync(out, JSON.stringify(pkg, null, 2) + '\n');
