// A login URL pasted into the image field (`https://user:password@host/…`):
// neither validateImage nor the error parseImage throws may show the
// password, under either profile.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { installPackage, importFrom } from './helpers.mjs';

let ra;
before(async () => {
  ra = await importFrom(installPackage('login-url'));
});

const SECRET = 'S3CRETKEY';
const LOGIN_URLS = [
  `https://iamapikey:${SECRET}@us.icr.io/ns/app:1`,
  `iamapikey:${SECRET}@us.icr.io/ns/app`,
  `${SECRET}@us.icr.io/ns/app`,
  `https://user:${SECRET}@host`,
  `  https://u:${SECRET}@us.icr.io/ns/app  `,
  `docker://iamapikey:${SECRET}@us.icr.io/ns/app`,
  `https://iamapikey:${SECRET}${'K9'.repeat(1 << 19)}@us.icr.io/ns/app`,
];

function assertNoSecret(what, text) {
  const lower = text.toLowerCase();
  for (const piece of ['s3cret', 'k9k9']) assert.ok(!lower.includes(piece), `${what} shows the password: ${text.slice(0, 300)}`);
}

test('validateImage and parseImage never show a login URL\'s password', () => {
  for (const input of LOGIN_URLS) {
    for (const profile of ['codeEngine', 'oci']) {
      const what = `${profile} ${JSON.stringify(input.slice(0, 60))}`;
      const v = ra.validateImage(input, { profile });
      assert.equal(v.state, 'invalid', what);
      assert.ok(v.diagnostics.some((d) => d.code === (profile === 'oci' ? 'oci_userinfo_not_allowed' : 'userinfo_not_allowed')), what);
      assertNoSecret(`validateImage ${what}`, JSON.stringify(v));
      let err;
      try {
        ra.parseImage(input, { profile });
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof ra.InvalidImageReference, what);
      const fields = Object.fromEntries(Object.getOwnPropertyNames(err).map((k) => [k, err[k]]));
      assertNoSecret(`parseImage ${what}`, `${err.message} ${err.name} ${String(err)} ${err.stack} ${JSON.stringify(fields)}`);
    }
  }
});
