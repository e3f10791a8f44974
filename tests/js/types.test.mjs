// `tsc --noEmit --strict` over tests/js/usage.ts against the installed
// package's .d.ts (which must name every field; no `any`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, ROOT } from './helpers.mjs';

test('tsc --noEmit --strict accepts the usage file', () => {
  const dir = installPackage('types');
  copyFileSync(join(ROOT, 'tests/js/usage.ts'), join(dir, 'usage.ts'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: false,
      },
      files: ['usage.ts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test('the shipped .d.ts files never use any', () => {
  const dir = join(ROOT, 'pkg');
  for (const f of ['api.d.ts', ...['index.d.ts', 'node.d.ts', 'workerd.d.ts'].flatMap((e) => [e, `image/${e}`])]) {
    const text = readFileSync(join(dir, f), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(text, /\bany\b/, f);
  }
});
