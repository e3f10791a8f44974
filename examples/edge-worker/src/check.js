// POST /check (SPEC §5.4): `{ image, credential? | dockerconfigjson?,
// platform? }` -> the access report of one image, as JSON.
//
// Bindings (wrangler.toml [vars] or secrets):
//   ALLOW_PRIVATE_REGISTRIES  set ("1", "true") to allow loopback, private and
//                             link-local targets (local registries, tests); then
//                             plain http to loopback is allowed too
//   CHECK_TIMEOUT_MS          per-request timeout (default 10000)
//   TRUSTED_REALM_HOSTS       comma-separated token realm hosts to trust
//
// Nothing of the request body is echoed in an error: it may hold a password.
import { checkImageAccess, validateImage } from 'registry-access';
import { readCheckBody } from './request.js';
import { guardedFetch, hostnameOf, isPrivateHost } from './targets.js';

/** A credential or a config is small; anything larger is not a check request. */
const MAX_CHECK_BODY = 256 * 1024;

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

const problem = (status, error, message, headers) => json({ error, message }, status, headers);

const isSet = (v) => v !== undefined && v !== null && v !== '' && v !== '0' && v !== 'false';

export async function handleCheck(request, env) {
  if (request.method !== 'POST') {
    return problem(405, 'method_not_allowed', 'POST {"image": "…"} to /check', { allow: 'POST' });
  }
  const text = await request.text();
  if (text.length > MAX_CHECK_BODY) {
    return problem(413, 'body_too_large', `request body is longer than the ${MAX_CHECK_BODY} characters allowed`);
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold a password.
    return problem(400, 'invalid_json', 'request body is not valid JSON');
  }
  const read = readCheckBody(body);
  if (read.problem) return problem(400, ...read.problem);
  const { image, options } = read;

  const allowPrivate = isSet(env.ALLOW_PRIVATE_REGISTRIES);
  if (!allowPrivate) {
    // The image's own registry is refused up front; a realm or redirect
    // target is refused by the guarded fetch (the report says unreachable).
    const registry = validateImage(image).components.registry;
    const hostname = registry === null ? null : hostnameOf(registry);
    if (hostname !== null && isPrivateHost(hostname)) {
      return problem(
        403,
        'private_target',
        `registry ${JSON.stringify(registry.slice(0, 200))} is a loopback, private or link-local address; this Worker checks public registries only`,
      );
    }
  }
  const timeoutMs = Number(env.CHECK_TIMEOUT_MS ?? 10000);
  const trusted = String(env.TRUSTED_REALM_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  try {
    const report = await checkImageAccess(image, {
      ...options,
      fetch: allowPrivate ? (url, init) => fetch(url, init) : guardedFetch((url, init) => fetch(url, init)),
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 10000,
      allowInsecureLoopback: allowPrivate,
      trustedRealmHosts: trusted,
    });
    return json(report);
  } catch {
    // The fields were checked above, so this is a bug; its message is not
    // passed on (the runtime would answer the error text itself).
    return problem(500, 'check_failed', 'the check failed unexpectedly');
  }
}
