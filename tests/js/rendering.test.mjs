// Both renderers of one code table (issues 10 and 11): Rust's `Display` of
// every diagnostic (examples/render-messages.rs) and the package's, which
// renders messages in JS from the templates the binding sends at init, must
// agree word for word: over the 10k corpus in both profiles, through both
// modules, plus inputs that reach the quote cap, every escape and every
// code point (in chunks quoted whole by the `oci` tag message). The rest of
// each result is compared too (valid, state, normalized, familiar,
// components; each diagnostic's severity, component and UTF-16 span), and
// every code `validate` can give must be given by some input.
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
  // One input (or more) per code not reached above, so that every code's
  // message is compared (the test below checks that none is left out).
  '',
  '   ',
  `${'a'.repeat(250)}.com/team1/app`,
  `${'a.'.repeat(128)}a/team1/app`,
  'a..b/team1/app',
  'reg-.io/team1/app',
  '-reg.io/team1/app',
  'my_reg.io/team1/app',
  'us.icr.io/-team/app',
  'registry.eu-gb.bluemix.net/team1/app',
  'exa_mple.com:http/foo',
  'localhost:/foo',
  '0123456789abcdef'.repeat(4),
  `app@sha256:${'0123456789ABCDEF'.repeat(4)}`,
  'app@md5:0123456789abcdef0123456789abcdef',
];
// Codes `validate` gives for no input in either profile: only the
// `Reference` constructors (src/reference/mod.rs, parse.rs; `parseImage` and
// the like in the package) fail with them, naming upstream's errors, while
// `validate`'s oci profile reports the same problems under its own, finer
// codes (src/reference/oci.rs never pushes these five).
const unreachable = [
  'oci_name_empty', // `Reference::parse("")`; validate says `oci_empty`
  'oci_uppercase', // parsing `Nginx`; validate says `oci_repository_uppercase`
  'oci_name_not_canonical', // `Reference::parse_named` of a name not in canonical form
  'oci_tag_invalid', // `Reference::with_tag` of a bad tag; validate says `oci_tag_*`
  'oci_digest_format', // `Reference::with_digest` of a bad digest; validate says `oci_digest_*`
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
// `invalid_utf16`, and marks the result invalid); JS quotes the input as
// typed. For those inputs only the other diagnostics are comparable (spans
// count the same code units either way); the rest of the result is compared
// for well-formed inputs.
const rust = execFileSync('cargo', ['run', '--quiet', '--example', 'render-messages'], {
  cwd: ROOT,
  input: inputs.map((s) => JSON.stringify(s.toWellFormed())).join('\n'),
  maxBuffer: 1 << 30,
  encoding: 'utf8',
})
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

const row = (d) => [
  d.code,
  d.severity,
  d.component,
  [d.span.start, d.span.end],
  d.message.toWellFormed(),
  d.fix?.label ?? null,
  d.fix?.replacement.toWellFormed() ?? null,
];

for (const entry of ['node.js', 'image/node.js']) {
  test(`${entry}: every message, fix, span and field is rendered as Rust renders it`, async () => {
    const api = await import(pathToFileURL(join(PKG, entry)).href);
    assert.equal(rust.length, inputs.length);
    let compared = 0;
    const seen = new Set();
    for (const profile of ['codeEngine', 'oci']) {
      const all = api.validateImages(inputs, { profile });
      for (let i = 0; i < inputs.length; i++) {
        const what = `${profile} ${JSON.stringify(inputs[i]).slice(0, 200)}`;
        const [js, rs] = [all[i], rust[i][profile]];
        const diagnostics = js.diagnostics.filter((d) => d.code !== 'invalid_utf16').map(row);
        assert.deepEqual(diagnostics, rs.diagnostics, what);
        if (inputs[i].isWellFormed()) {
          const fields = ({ valid, state, normalized, familiar, components }) => ({
            valid,
            state,
            normalized,
            familiar,
            components,
          });
          assert.deepEqual(fields(js), fields(rs), what);
        } else {
          assert.equal(js.valid, false, what);
          assert.ok(js.diagnostics.some((d) => d.code === 'invalid_utf16'), what);
        }
        for (const d of diagnostics) seen.add(d[0]);
        compared += diagnostics.length;
      }
      // One by one gives the same as the bulk call.
      for (let i = 0; i < inputs.length; i += 7) assert.deepEqual(api.validateImage(inputs[i], { profile }), all[i]);
    }
    assert.ok(compared > 20000, `${compared} diagnostics compared`);
    // Every code `validate` can give was given (and so compared) by some
    // input: a new code without an input here fails.
    const expected = api.diagnosticCodes().filter((c) => c !== 'invalid_utf16' && !unreachable.includes(c));
    assert.deepEqual([...seen].sort(), expected.sort());
  });
}
