// An edge Worker (Cloudflare Workers / workerd module syntax): POST a JSON
// array of image references, get their validations back.
//
//   curl -X POST --data '["nginx", "us.icr.io/team1/app:-rc1"]' 'http://127.0.0.1:8787/?profile=oci'
//
// The package's `workerd`/`worker` export condition imports the .wasm as a
// compiled module, so there is nothing to initialize.
import { validateImages } from 'registry-access';

const PROFILES = new Set(['codeEngine', 'oci']);

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function problem(status, error, message, headers) {
  return json({ error, message }, status, headers);
}

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'POST a JSON array of image references', { allow: 'POST' });
    }
    const profile = new URL(request.url).searchParams.get('profile') ?? 'codeEngine';
    if (!PROFILES.has(profile)) {
      return problem(400, 'unknown_profile', `unknown profile ${JSON.stringify(profile)}: expected "codeEngine" or "oci"`);
    }
    const text = await request.text();
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
    return json({ profile, results: validateImages(images, { profile }) });
  },
};
