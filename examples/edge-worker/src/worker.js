// An edge Worker (Cloudflare Workers / workerd module syntax): POST a JSON
// array of image references, get their validations back; POST /check one
// image (and its credential) to ask its registry whether a pull would work.
//
//   curl -X POST --data '["nginx", "us.icr.io/team1/app:-rc1"]' 'http://127.0.0.1:8787/?profile=oci'
//   curl -X POST --data '{"image": "us.icr.io/team1/app:1.0", "credential": {"username": "iamapikey", "password": "…"}}' \
//     http://127.0.0.1:8787/check
//
// The package's `workerd`/`worker` export condition imports the .wasm as a
// compiled module, so there is nothing to initialize.
import { validateImages } from 'registry-access';
import { handleCheck } from './check.js';

const PROFILES = new Set(['codeEngine', 'oci']);
/** Larger bodies get 413 (the platform caps what reaches the worker anyway). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** References validated per chunk of the streamed answer. */
const BATCH = 1000;

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function problem(status, error, message, headers) {
  return json({ error, message }, status, headers);
}

/**
 * `{"profile":…,"results":[…]}`, streamed: each chunk validates BATCH
 * references in one call, so memory stays flat however long the list (a
 * megabyte of references answers with tens of megabytes of diagnostics).
 */
function streamResults(images, profile) {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next === 0) controller.enqueue(encoder.encode(`{"profile":${JSON.stringify(profile)},"results":[`));
      if (next >= images.length) {
        controller.enqueue(encoder.encode(']}'));
        controller.close();
        return;
      }
      const batch = images.slice(next, next + BATCH);
      const text = validateImages(batch, { profile }).map((v) => JSON.stringify(v)).join(',');
      controller.enqueue(encoder.encode((next === 0 ? '' : ',') + text));
      next += batch.length;
    },
  });
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/check') return handleCheck(request, env ?? {});
    if (request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'POST a JSON array of image references', { allow: 'POST' });
    }
    const profile = new URL(request.url).searchParams.get('profile') ?? 'codeEngine';
    if (!PROFILES.has(profile)) {
      return problem(400, 'unknown_profile', `unknown profile ${JSON.stringify(profile)}: expected "codeEngine" or "oci"`);
    }
    // Read before answering even when too large: a reply sent while the
    // client is still uploading resets the connection on many clients.
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) {
      return problem(413, 'body_too_large', `request body is longer than the ${MAX_BODY_BYTES} characters allowed`);
    }
    let images;
    try {
      images = JSON.parse(text);
    } catch (e) {
      return problem(400, 'invalid_json', `request body is not valid JSON: ${e.message}`);
    }
    if (!Array.isArray(images)) {
      return problem(400, 'not_an_array', 'request body must be a JSON array of image references (strings)');
    }
    const bad = images.findIndex((s) => typeof s !== 'string');
    if (bad !== -1) {
      return problem(400, 'not_a_string', `element ${bad} of the array is not a string`);
    }
    return new Response(streamResults(images, profile), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  },
};
