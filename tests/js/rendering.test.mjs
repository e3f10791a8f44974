// Both renderers of one code table (issues 10 and 11): Rust's `Display` of
// every diagnostic (examples/render-messages.rs) and the package's, which
// renders messages in JS from the templates the binding sends at init, must
// agree word for word: over the 10k corpus in both profiles, through both
// modules, plus inputs that reach the quote cap, every escape and every
// code point (in chunks quoted whole by the `oci` tag message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpus, PKG, ROOT } from './helpers.mjs';

const special = [
  '"'.repeat(300),
  `nginx:${'"'.repeat(250)}`,
  `${'é'.repeat(201)}/app`,
  `nginx:${'x'.repeat(199)}😀${'y'.repeat(10)}`,
  `a/${'B'.repeat(199)}😀/c`,
  `us.icr.io/${'\\'.repeat(300)}/app`,
  `nginx:a\tb`,
  ' nginx\n',
  `nginx:${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')}\x7f`,
  "nginx:it's",
  "it's/app",
  'sha\'256:abc',
  'nginx@sha\'256:0123',
  'nginx@SHA256:ABC',
  'a\u0301/b:c\u0301',
  '\u0301abc',
  'nginx:\u200b\u00ad\ufeff\ue000\u0378',
  '\u{10ffff}/app',
  'ng\ud800inx',
  'a\ud800',
  ' a\udc00 ',
  'us.icr.io/team1/a\ud83dpp:1.0',
  'HTTPS://user:pw@Docker.io/Library/Nginx:latest',
  'ÑGINX',
  '日本語/アプリ:タグ',
  'עברית:תג',
];
// Every code point (surrogates aside), 150 to an input: the oci tag message
// quotes the whole tag, so each character goes through the quote's escapes.
const points = [];
for (let cp = 0x80; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 61) {
  if (cp < 0xd800 || cp > 0xdfff) points.push(String.fromCodePoint(cp));
}
const chunks = [];
for (let i = 0; i < points.length; i += 150) chunks.push(`nginx:${points.slice(i, i + 150).join('')}`);
const inputs = [...corpus(), ...special, ...chunks];

// Rust sees a lone surrogate as U+FFFD (the binding reports it apart, as
// `invalid_utf16`); JS quotes the input as typed.
const rust = execFileSync('cargo', ['run', '--quiet', '--example', 'render-messages'], {
  cwd: ROOT,
  input: inputs.map((s) => JSON.stringify(s.toWellFormed())).join('\n'),
  maxBuffer: 1 << 30,
  encoding: 'utf8',
})
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

for (const entry of ['node.js', 'image/node.js']) {
  test(`${entry}: every message and fix is rendered as Rust renders it`, async () => {
    const api = await import(pathToFileURL(join(PKG, entry)).href);
    assert.equal(rust.length, inputs.length);
    let compared = 0;
    for (const profile of ['codeEngine', 'oci']) {
      const all = api.validateImages(inputs, { profile });
      for (let i = 0; i < inputs.length; i++) {
        const js = all[i].diagnostics
          .filter((d) => d.code !== 'invalid_utf16')
          .map((d) => [d.code, d.message.toWellFormed(), d.fix?.label ?? null, d.fix?.replacement.toWellFormed() ?? null]);
        assert.deepEqual(js, rust[i][profile], `${profile} ${JSON.stringify(inputs[i]).slice(0, 200)}`);
        compared += js.length;
      }
      // One by one gives the same as the bulk call.
      for (let i = 0; i < inputs.length; i += 7) assert.deepEqual(api.validateImage(inputs[i], { profile }), all[i]);
    }
    assert.ok(compared > 20000, `${compared} diagnostics compared`);
  });
}
