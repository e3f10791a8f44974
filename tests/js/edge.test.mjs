// examples/edge-worker under Miniflare (workerd) on 127.0.0.1, with real
// HTTP requests. The worker imports `registry-access`; like a bundler would,
// the test resolves that with the package's `workerd` export condition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { installPackage } from './helpers.mjs';
import { startWorker } from './worker_setup.mjs';

let mf;
let url;
before(async () => {
  ({ mf, url } = await startWorker(installPackage('edge')));
});
after(async () => {
  await mf?.dispose();
});

const post = (body, query = '') => fetch(`${url}${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

test('validates a JSON list of references', async () => {
  const res = await post(JSON.stringify(['us.icr.io/team1/app:1.0', 'us.icr.io/team1/app:-rc1', 'nginx']));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const body = await res.json();
  assert.equal(body.profile, 'codeEngine');
  assert.deepEqual(body.results.map((v) => v.valid), [true, false, true]);
  assert.equal(body.results[0].normalized, 'us.icr.io/team1/app:1.0');
  const d = body.results[1].diagnostics.find((x) => x.code === 'tag_bad_start');
  assert.equal(d.message, 'tag "-rc1" must not begin with "." or "-"');
  const oci = await (await post(JSON.stringify(['Nginx', 'nginx']), '?profile=oci')).json();
  assert.equal(oci.profile, 'oci');
  assert.deepEqual(oci.results.map((v) => v.valid), [false, true]);
});

test('malformed JSON gets a clear 400', async () => {
  const res = await post('["nginx", ');
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.error, 'invalid_json');
  assert.match(body.message, /^request body is not valid JSON: /);
  for (const [text, error] of [['{"a":1}', 'not_an_array'], ['["ok", 3]', 'not_a_string']]) {
    const r = await post(text);
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error, error);
  }
  const profile = await post('[]', '?profile=docker');
  assert.equal(profile.status, 400);
  assert.equal((await profile.json()).error, 'unknown_profile');
  const big = await post(JSON.stringify(['x'.repeat(9 * 1024 * 1024)]));
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error, 'body_too_large');
  const get = await fetch(url);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
});

test('a 1 MB body', async () => {
  const refs = [];
  let size = 2;
  for (let i = 0; size < 1 << 20; i++) {
    const r = i % 3 === 0 ? `us.icr.io/team${i % 97}/app-${i}:v${i}` : i % 3 === 1 ? `nginx:1.${i}` : `Bad_Name_${i}`;
    refs.push(r);
    size += r.length + 3;
  }
  const body = JSON.stringify(refs);
  assert.ok(body.length >= 1 << 20);
  const res = await post(body);
  assert.equal(res.status, 200);
  const out = await res.json();
  assert.equal(out.results.length, refs.length);
  for (let i = 0; i < refs.length; i += 997) {
    assert.equal(out.results[i].valid, i % 3 !== 2, refs[i]);
  }
  // The same answer as validateImages in Node, in order.
  const { validateImages } = await import('../../pkg/node.js');
  assert.deepEqual(out.results.slice(995, 1005), validateImages(refs.slice(995, 1005)));
  // One reference of 1 MB.
  const huge = await post(JSON.stringify(['a'.repeat(1 << 20)]));
  assert.equal(huge.status, 200);
  assert.equal((await huge.json()).results[0].valid, false);
});
