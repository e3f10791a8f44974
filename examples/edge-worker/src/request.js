// The body of a check request (SPEC §5.4), read the same way by the Worker's
// POST /check and by the demo server's (scripts/check.mjs). No package
// import, so Node can load it from here as it is.

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The fields of a check request's body, or `{ problem: [code, message] }`
 * naming the field at fault (never its value: it may hold a password).
 */
export function readCheckBody(body) {
  if (Array.isArray(body)) return { problem: ['one_image', 'POST /check takes one image per request: {"image": "…"}'] };
  if (!isObject(body)) return { problem: ['not_an_object', 'request body must be a JSON object: {"image": "…"}'] };
  if (typeof body.image !== 'string') return { problem: ['invalid_field', 'field "image" must be a string'] };
  const options = {};
  if (body.credential !== undefined && body.credential !== null) {
    const c = body.credential;
    if (!isObject(c) || typeof c.username !== 'string' || typeof c.password !== 'string') {
      return { problem: ['invalid_field', 'field "credential" must be {"username": string, "password": string}'] };
    }
    options.credential = { username: c.username, password: c.password };
  }
  if (body.dockerconfigjson !== undefined && body.dockerconfigjson !== null) {
    if (options.credential) return { problem: ['invalid_field', 'give "credential" or "dockerconfigjson", not both'] };
    const config = body.dockerconfigjson;
    if (typeof config !== 'string' && !isObject(config)) {
      return { problem: ['invalid_field', 'field "dockerconfigjson" must be the config as a string or an object'] };
    }
    options.dockerconfigjson = typeof config === 'string' ? config : JSON.stringify(config);
  }
  if (body.platform !== undefined) {
    if (body.platform !== null && typeof body.platform !== 'string') {
      return { problem: ['invalid_field', 'field "platform" must be "os/arch[/variant]" or null'] };
    }
    options.platform = body.platform;
  }
  return { image: body.image, options };
}
