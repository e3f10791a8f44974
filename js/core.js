// The public API over the raw exports of `registry_access_bg.wasm`.
//
// Hand-written on purpose: the binding (src/binding/mod.rs) sends each
// validation as u32 words (the format is described there): flags, ranges
// of the input, and per diagnostic its code, template form and arguments.
// This module turns those words into plain objects and renders each
// message from its code's templates, which the binding sends once at init
// from the one code table of the library.
import * as glue from './registry_access.js';

const decoder = new TextDecoder('utf-8');
// Item and argument kinds (src/binding/mod.rs).
const RANGE = 0;
const FIXED_TEXT = 1;
const NUMBER = 3;
const QUOTED = 4;
const CUT = 8;

let wasm = null; // the instance's exports, once initialized
let CODES, SEVERITIES, COMPONENTS, STATES, FIXED, TEMPLATES, INVALID_UTF16;
let u8, u32; // views on wasm memory; replaced when memory grows
let w; // u32 view used while reading a result
let pos; // read position in `w` (in words)
let blob; // the byte address of this call's texts
// The input buffers in wasm memory (byte address and capacity, the
// lengths' word index and capacity), kept between calls so that a
// validation crosses into wasm once.
let inputAt = 0;
let inputCap = 0;
let lengthsAt = 0;
let lengthsCap = 0;
let inputView; // u8 over the input buffer, for encodeInto
const encoder = new TextEncoder();

// Makes room for `units` UTF-16 code units (at most 3 bytes each in UTF-8)
// and `count` inputs.
function buffers(units, count) {
  if (3 * units > inputCap || count > lengthsCap) {
    inputCap = Math.max(3 * units, 1024);
    lengthsCap = Math.max(count, 16);
    inputAt = wasm.input_buffer(inputCap, lengthsCap) >>> 0;
    lengthsAt = wasm.lengths_buffer() >>> 2;
    inputView = undefined;
  }
  views();
  if (inputView === undefined || inputView.byteLength === 0) inputView = new Uint8Array(wasm.memory.buffer, inputAt, inputCap);
}

// The index of the first lone surrogate of `s`, or -1.
function loneSurrogate(s) {
  if (s.isWellFormed !== undefined && s.isWellFormed()) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if ((c & 0xf800) === 0xd800) return i;
  }
  return -1;
}

// The `invalid_utf16` message of the lone surrogate at `index` of `s`,
// from the template the binding sends at init.
function surrogateMessage(s, index) {
  return fill(TEMPLATES[INVALID_UTF16][0], [s.charCodeAt(index).toString(16), String(index)]);
}

// The `invalid_utf16` diagnostic of a lone surrogate `b` (`key`: `field` or `component`).
function unreadableDiagnostic(b, key, where) {
  return { code: 'invalid_utf16', severity: 'error', [key]: where, message: b.message, span: { start: b.index, end: b.index + 1 } };
}

/** Called by the entry modules with the exports of the instantiated module. */
export function attach(exports) {
  if (wasm !== null) return;
  wasm = exports;
  let templates;
  [[CODES, SEVERITIES, COMPONENTS, STATES, FIXED], templates] = JSON.parse(glue.tables());
  // Per code its templates; each template text and argument numbers alternating.
  TEMPLATES = templates.map((forms) => forms.map((t) => t.map((p, i) => (i & 1 ? Number(p) : p))));
  INVALID_UTF16 = CODES.indexOf('invalid_utf16');
}

/**
 * The argument for wasm-bindgen's init functions: its own object form
 * (`{ module_or_path }` for init, `{ module }` for initSync) passes through;
 * a bare module, bytes, URL or Response is wrapped in it.
 */
export function initArgument(input, key) {
  if (input === undefined) return undefined;
  const plain = typeof input === 'object' && input !== null && Object.getPrototypeOf(input) === Object.prototype;
  return plain && key in input ? input : { [key]: input };
}

export function isReady() {
  return wasm !== null;
}

/** Every diagnostic code the library can report, in table order. */
export function diagnosticCodes() {
  ready();
  return CODES.slice();
}

function ready() {
  if (wasm === null) {
    throw new Error('registry-access is not initialized: call `await init()` (or `initSync(module)`) first');
  }
}

// After memory grows, the old buffer is detached and its views read as empty.
function views() {
  if (u8 === undefined || u8.byteLength === 0) {
    const b = wasm.memory.buffer;
    u8 = new Uint8Array(b);
    u32 = new Uint32Array(b);
  }
}

function profileOf(options, fn) {
  if (options === undefined || options === null) return 0;
  if (typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${typeof options}`);
  }
  const p = options.profile;
  if (p === undefined || p === 'codeEngine') return 0;
  if (p === 'oci') return 1;
  throw new TypeError(`${fn}: unknown profile ${JSON.stringify(String(p))}: expected "codeEngine" or "oci"`);
}

function checkString(value, fn, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${fn}: ${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
}

// Reads the header at `ptr` (the blob) and positions `pos` on the first result.
function begin(ptr) {
  views();
  w = u32;
  const at = ptr >>> 2;
  blob = w[at];
  pos = at + 1;
}

// A text: a range of the input, a fixed text, or a text of the blob.
function item(input) {
  const k = w[pos];
  const a = w[pos + 1];
  const b = w[pos + 2];
  pos += 3;
  return k === RANGE ? input.slice(a, b) : k === FIXED_TEXT ? FIXED[a] : decoder.decode(u8.subarray(blob + a, blob + b));
}

// Rust's Debug escapes, for ASCII only: the binding sends an argument with
// a non-ASCII character that Debug escapes already rendered (the Unicode
// tables for that are Rust's). A quote escapes `"`; the escapes inside a
// template's own quotes (`str::escape_debug`) escape `'` too.
const QUOTE_ESCAPES = /[\x00-\x1f\x7f"\\]/g;
const INNER_ESCAPES = /[\x00-\x1f\x7f"'\\]/g;
const SHORT = { '\t': '\\t', '\r': '\\r', '\n': '\\n', '\0': '\\0', '"': '\\"', "'": "\\'", '\\': '\\\\' };
const escapeOne = (c) => SHORT[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`;

function arg(input) {
  const k = w[pos];
  if (k < NUMBER) return item(input);
  const a = w[pos + 1];
  const b = w[pos + 2];
  pos += 3;
  if (k === NUMBER) return String(a + b * 4294967296);
  const quoted = (k & 7) === QUOTED;
  let s = input.slice(a, b);
  const re = quoted ? QUOTE_ESCAPES : INNER_ESCAPES;
  re.lastIndex = 0;
  if (re.test(s)) s = s.replace(re, escapeOne);
  if (k & CUT) s += '…';
  return quoted ? `"${s}"` : s;
}

// A message from its code's template `form` and `n` arguments; a template
// names an argument at each odd index (as Rust, a missing one is empty).
function render(code, form, n, input) {
  const forms = TEMPLATES[code];
  const t = forms[form < forms.length ? form : forms.length - 1];
  if (n === 0) return t.length === 1 ? t[0] : t.filter((_, i) => !(i & 1)).join('');
  const args = [];
  for (let i = 0; i < n; i++) args.push(arg(input));
  return fill(t, args);
}

function fill(t, args) {
  let s = t[0];
  for (let i = 1; i < t.length; i += 2) s += (args[t[i]] ?? '') + t[i + 1];
  return s;
}

// Normalized and familiar: pieces joined.
function joined(input) {
  let s = '';
  for (let n = w[pos++]; n > 0; n--) s += item(input);
  return s;
}

// `bad`: the index of the input's first lone surrogate (-1: none), which
// the binding saw as U+FFFD: the result is invalid, `invalid_utf16` first.
function readValidation(input, bad) {
  const f = w[pos];
  const n = w[pos + 1];
  pos += 2;
  const normalized = f & 8 ? joined(input) : null;
  const familiar = f & 16 ? joined(input) : null;
  const components = {
    registry: f & 32 ? item(input) : null,
    namespace: f & 64 ? item(input) : null,
    repository: f & 128 ? item(input) : null,
    tag: f & 256 ? item(input) : null,
    digest: f & 512 ? item(input) : null,
  };
  const diagnostics = [];
  if (bad >= 0) diagnostics.push(unreadableDiagnostic({ index: bad, message: surrogateMessage(input, bad) }, 'component', 'reference'));
  for (let i = 0; i < n; i++) {
    const h = w[pos];
    const span = { start: w[pos + 1], end: w[pos + 2] };
    pos += 3;
    const code = CODES[h & 0xff];
    const severity = SEVERITIES[(h >>> 8) & 3];
    const component = COMPONENTS[(h >>> 10) & 7];
    const message = render(h & 0xff, (h >>> 16) & 0xff, h >>> 24, input);
    if (h & 0x2000) {
      const label = item(input);
      const keep = w[pos];
      const end = input.length - w[pos + 1];
      pos += 2;
      const replacement = input.slice(0, keep) + item(input) + input.slice(end);
      diagnostics.push({ code, severity, component, message, span, fix: { label, replacement } });
    } else {
      diagnostics.push({ code, severity, component, message, span });
    }
  }
  if (bad >= 0) return { valid: false, state: 'invalid', normalized: null, familiar: null, components, diagnostics };
  return { valid: (f & 1) === 1, state: STATES[(f >>> 1) & 3], normalized, familiar, components, diagnostics };
}

/** Validates one image reference; never throws for any string. */
export function validateImage(input, options) {
  ready();
  checkString(input, 'validateImage', 'input');
  const profile = profileOf(options, 'validateImage');
  buffers(input.length, 1);
  u32[lengthsAt] = input.length;
  begin(wasm.validate(encoder.encodeInto(input, inputView).written, 1, profile) >>> 0);
  return readValidation(input, loneSurrogate(input));
}

/**
 * Validates many references in one crossing into WebAssembly; the results
 * equal calling validateImage on each.
 */
export function validateImages(inputs, options) {
  ready();
  if (!Array.isArray(inputs)) {
    throw new TypeError(`validateImages: inputs must be an array of strings, got ${inputs === null ? 'null' : typeof inputs}`);
  }
  const profile = profileOf(options, 'validateImages');
  const n = inputs.length;
  for (let i = 0; i < n; i++) checkString(inputs[i], 'validateImages', `inputs[${i}]`);
  // Encoded in one call when no input has a lone surrogate (two inputs must
  // not make a pair): the binding splits them by their UTF-16 lengths.
  const all = inputs.join('');
  buffers(all.length, n);
  let bytes = 0;
  let bad = null; // each input's first lone surrogate, when one has one
  for (let i = 0; i < n; i++) u32[lengthsAt + i] = inputs[i].length;
  if (loneSurrogate(all) < 0 && !inputs.some((s) => (s.charCodeAt(s.length - 1) & 0xfc00) === 0xd800)) {
    bytes = encoder.encodeInto(all, inputView).written;
  } else {
    bad = inputs.map(loneSurrogate);
    for (const s of inputs) bytes += encoder.encodeInto(s, inputView.subarray(bytes)).written;
  }
  begin(wasm.validate(bytes, n, profile) >>> 0);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = readValidation(inputs[i], bad === null ? -1 : bad[i]);
  return out;
}

/** The error `parseImage` throws: the first error diagnostic of the input. */
export class InvalidImageReference extends Error {
  constructor(diagnostic) {
    super(diagnostic.message);
    this.name = 'InvalidImageReference';
    this.code = diagnostic.code;
    this.component = diagnostic.component;
    this.span = { start: diagnostic.span.start, end: diagnostic.span.end };
  }
}

/**
 * Parses a reference: returns its normalized and familiar forms and
 * components, or throws InvalidImageReference with the first error.
 */
export function parseImage(input, options) {
  ready();
  checkString(input, 'parseImage', 'input');
  const v = validateImage(input, options);
  if (!v.valid) {
    const first = v.diagnostics.find((d) => d.severity === 'error');
    throw new InvalidImageReference(
      first ?? { code: 'empty', component: 'reference', span: { start: 0, end: input.length }, message: 'invalid image reference' },
    );
  }
  return { normalized: v.normalized, familiar: v.familiar, components: v.components, diagnostics: v.diagnostics };
}

// ---- registries, secrets, docker configs, matching, policies ----
// The results of these calls are the core's own result types, serialized
// (src/binding/json.rs says why as JSON text): they are used as they come.

// Every string of a cold-path call crosses through wasm-bindgen, whose
// `TextEncoder` turns a lone surrogate into U+FFFD: a secret would then hold
// another password than the one typed. So each string (`undefined`: absent)
// is checked here first, and a call with one builds nothing: `unreadable`
// gets `[{ string, index, message }, …]` (each such string's place in
// `strings`, its first lone surrogate) and answers in the function's own
// shape. Otherwise the answer is `call(...strings)`'s JSON; a function that
// throws gets `{ Ok }` or `{ Err }`.
function cold(strings, unreadable, call) {
  const bad = unreadableOf(strings);
  return bad.length > 0 ? unreadable(bad) : JSON.parse(call(...strings));
}

function unreadableOf(strings) {
  const bad = [];
  strings.forEach((s, string) => {
    const index = s === undefined ? -1 : loneSurrogate(s);
    if (index >= 0) bad.push({ string, index, message: surrogateMessage(s, index) });
  });
  return bad;
}

const configSurrogate = (b) => ({ ...unreadableDiagnostic(b, 'field', 'config'), server: null, line: null, column: null });

// A registry read from nothing: no host, one `invalid_utf16` diagnostic.
function unreadableRegistry(input, diagnostic) {
  const none = { host: null, port: null, region: null, endpoint: null, credentialKey: null, defaultUsername: null };
  return { input, valid: false, kind: 'other', ...none, usernames: [], managedSecretName: null, diagnostics: [diagnostic] };
}

// The core has no clock in WebAssembly: the time a token's expiry is
// checked against comes from here (a Date or milliseconds; default now).
function nowOf(value, fn, what) {
  let now = value === undefined || value === null ? Date.now() : value;
  if (now instanceof Date) now = now.getTime();
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new TypeError(`${fn}: ${what} must be a Date or a number of milliseconds`);
  return now;
}

function optString(value, fn, what) {
  if (value === undefined || value === null) return undefined;
  checkString(value, fn, what);
  return value;
}

function checkObject(value, fn, what) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${what} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
}

/** Thrown by the editing functions when the config cannot be edited. */
export class DockerConfigEditError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'DockerConfigEditError';
    this.code = error.code;
    this.field = error.field ?? null;
    /** For `invalid_utf16`: the lone surrogate's index in that field. */
    this.index = error.index ?? null;
  }
}

function edited(strings, fields, call) {
  const r = cold(strings, ([b]) => ({ Err: { code: 'invalid_utf16', field: fields[b.string], index: b.index, message: b.message } }), call);
  if (r.Err) throw new DockerConfigEditError(r.Err);
  return r.Ok;
}

/** Describes the registry behind a server, spelled any way a user types it. */
export function registryInfo(server) {
  ready();
  checkString(server, 'registryInfo', 'server');
  return cold([server], ([b]) => unreadableRegistry(server, unreadableDiagnostic(b, 'field', 'server')), glue.registry_info_json);
}

/** The credential key a secret must use so that a pull of `image` finds it; throws InvalidImageReference. */
export function serverForImage(image) {
  ready();
  checkString(image, 'serverForImage', 'image');
  const r = cold([image], ([b]) => ({ Err: unreadableDiagnostic(b, 'component', 'reference') }), glue.server_for_image_json);
  if (r.Err) throw new InvalidImageReference(r.Err);
  return r.Ok;
}

// The strings of createRegistrySecret, in `cold` order.
const SECRET_FIELDS = ['name', 'server', 'username', 'password', 'email', 'namespace', 'passwordFile'];

// A secret with an unreadable field: nothing is built; the registry is read
// from the server when that one is readable.
function unbuiltSecret(bad) {
  const surrogate = (b) => unreadableDiagnostic(b, 'field', SECRET_FIELDS[b.string]);
  const none = () => ({ argv: [], line: '' });
  return {
    valid: false,
    server: '',
    username: '',
    registry: unreadableRegistry('', surrogate(bad.find((b) => b.string === 1) ?? bad[0])),
    dockerconfigjson: '',
    secretJson: null,
    secretYaml: null,
    commands: { ibmcloud: none(), ibmcloudWithPassword: none(), kubectl: none(), dockerLogin: none() },
    diagnostics: bad.map(surrogate),
  };
}

/** Builds a registry secret: .dockerconfigjson, Secret manifests, CLI commands, diagnostics. */
export function createRegistrySecret(input) {
  ready();
  const fn = 'createRegistrySecret';
  checkObject(input, fn, 'input');
  checkString(input.name, fn, 'input.name');
  checkString(input.password, fn, 'input.password');
  const ctn = input.creationTimestampNull;
  if (ctn !== undefined && typeof ctn !== 'boolean') throw new TypeError(`${fn}: input.creationTimestampNull must be a boolean`);
  const now = nowOf(input.now, fn, 'input.now');
  const strings = [
    input.name,
    optString(input.server, fn, 'input.server'),
    optString(input.username, fn, 'input.username'),
    input.password,
    optString(input.email, fn, 'input.email'),
    optString(input.namespace, fn, 'input.namespace'),
    optString(input.passwordFile, fn, 'input.passwordFile'),
  ];
  return cold(strings, unbuiltSecret, (...s) => glue.create_registry_secret_json(...s, ctn === true, now));
}

/** Checks a Code Engine / Kubernetes secret name. */
export function validateSecretName(name) {
  ready();
  checkString(name, 'validateSecretName', 'name');
  return cold([name], ([b]) => ({ valid: false, diagnostics: [unreadableDiagnostic(b, 'field', 'name')] }), glue.validate_secret_name_json);
}

/** Reads a .dockerconfigjson, .dockercfg, base64 of either, or a Secret manifest; redacted unless `reveal`. */
export function inspectDockerConfig(text, options) {
  ready();
  checkString(text, 'inspectDockerConfig', 'text');
  let reveal = false;
  let now;
  if (options !== undefined && options !== null) {
    checkObject(options, 'inspectDockerConfig', 'options');
    if (options.reveal !== undefined && typeof options.reveal !== 'boolean') {
      throw new TypeError('inspectDockerConfig: options.reveal must be a boolean');
    }
    reveal = options.reveal === true;
    now = options.now;
  }
  now = nowOf(now, 'inspectDockerConfig', 'options.now');
  // Nothing is read from a text that is not unicode text.
  const unreadable = ([b]) => ({ valid: false, shape: null, base64Layers: 0, secret: null, entries: [], credentialHelpers: [], diagnostics: [configSurrogate(b)] });
  return cold([text], unreadable, (t) => glue.inspect_docker_config_json(t, reveal, now));
}

/** Adds or replaces one registry's credentials; returns the new .dockerconfigjson. */
export function upsertCredential(configText, credential) {
  ready();
  const fn = 'upsertCredential';
  checkString(configText, fn, 'configText');
  checkObject(credential, fn, 'credential');
  checkString(credential.server, fn, 'credential.server');
  checkString(credential.username, fn, 'credential.username');
  checkString(credential.password, fn, 'credential.password');
  const email = optString(credential.email, fn, 'credential.email');
  const strings = [configText, credential.server, credential.username, credential.password, email];
  return edited(strings, ['configText', 'server', 'username', 'password', 'email'], glue.upsert_credential_json);
}

/** Removes one registry's credentials; returns the new .dockerconfigjson. */
export function removeCredential(configText, server) {
  ready();
  checkString(configText, 'removeCredential', 'configText');
  checkString(server, 'removeCredential', 'server');
  return edited([configText, server], ['configText', 'server'], glue.remove_credential_json);
}

/** Merges two configs (entries of `b` win); returns the new .dockerconfigjson. */
export function mergeDockerConfigs(a, b) {
  ready();
  checkString(a, 'mergeDockerConfigs', 'a');
  checkString(b, 'mergeDockerConfigs', 'b');
  return edited([a, b], ['a', 'b'], glue.merge_docker_configs_json);
}

/** Which entries of a config a pull of `image` uses (the kubelet's rules), and why the others do not. */
export function matchCredentials(configText, image) {
  ready();
  checkString(configText, 'matchCredentials', 'configText');
  checkString(image, 'matchCredentials', 'image');
  // Nothing is matched: a bad image's message is `imageError`, a bad config's a diagnostic.
  const unreadable = (bad) => ({
    image: null,
    imageError: bad.find((b) => b.string === 1)?.message ?? null,
    matched: [],
    unmatched: [],
    dockerHubFallback: false,
    diagnostics: bad.filter((b) => b.string === 0).map(configSurrogate),
  });
  return cold([configText, image], unreadable, glue.match_credentials_json);
}

// ---- access check (SPEC §5): the machine in wasm, the I/O here ----

const ACCESS_FN = 'checkImageAccess';
// The check's strings, in the order `AccessCheck` takes them (src/binding/access.rs); trusted realm hosts follow.
const ACCESS_FIELDS = ['image', 'options.credential.username', 'options.credential.password', 'options.dockerconfigjson', 'options.platform'];
const DEFAULT_TIMEOUT_MS = 10000;

function accessOptions(options) {
  const fn = ACCESS_FN;
  if (options === undefined || options === null) options = {};
  checkObject(options, fn, 'options');
  // The strings in the order of ACCESS_FIELDS, checked by `unreadableOf`;
  // the flags as booleans.
  const strings = [undefined, undefined, undefined, undefined, undefined];
  const c = options.credential;
  if (c !== undefined && c !== null) {
    checkObject(c, fn, 'options.credential');
    checkString(c.username, fn, 'options.credential.username');
    checkString(c.password, fn, 'options.credential.password');
    strings[1] = c.username;
    strings[2] = c.password;
  }
  strings[3] = optString(options.dockerconfigjson, fn, 'options.dockerconfigjson');
  // undefined: the machine's default platform; null: no platform check.
  const noPlatform = options.platform === null;
  if (options.platform !== null) strings[4] = optString(options.platform, fn, 'options.platform');
  const loopback = options.allowInsecureLoopback;
  if (loopback !== undefined && typeof loopback !== 'boolean') throw new TypeError(`${fn}: options.allowInsecureLoopback must be a boolean`);
  const flags = [noPlatform, loopback === true];
  const trusted = options.trustedRealmHosts;
  if (trusted !== undefined) {
    if (!Array.isArray(trusted)) throw new TypeError(`${fn}: options.trustedRealmHosts must be an array of strings`);
    trusted.forEach((h, i) => checkString(h, fn, `options.trustedRealmHosts[${i}]`));
    strings.push(...trusted);
  }
  const given = options.fetch ?? globalThis.fetch;
  if (typeof given !== 'function') throw new TypeError(`${fn}: options.fetch must be a function`);
  // Called unbound: browsers' and workerd's fetch throw "Illegal invocation"
  // when called as a method of another object.
  const fetchFn = options.fetch === undefined ? (url, init) => globalThis.fetch(url, init) : (url, init) => given(url, init);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) throw new TypeError(`${fn}: options.timeoutMs must be a positive number`);
  const signal = options.signal ?? undefined;
  if (signal !== undefined && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new TypeError(`${fn}: options.signal must be an AbortSignal`);
  }
  return { flags, strings, fetch: fetchFn, timeoutMs, signal };
}

function abortError(signal) {
  return signal.reason ?? new DOMException('the access check was aborted', 'AbortError');
}

// The first `max` bytes of the body; the rest is not read (a registry
// error page or index is small; anything past the cap is not needed).
async function readCapped(res, max) {
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    while (total < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    if (total >= max) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
  const out = new Uint8Array(Math.min(total, max));
  let at = 0;
  for (const c of chunks) {
    const n = Math.min(c.byteLength, out.length - at);
    out.set(c.subarray(0, n), at);
    at += n;
    if (at === out.length) break;
  }
  return out;
}

// What a failed fetch says, without the URL (it names nothing secret, but
// the machine already knows the host and a runtime's message may be long).
function failureDetail(e) {
  const cause = e?.cause;
  const code = cause?.code ?? e?.code;
  const text = typeof code === 'string' ? code : String(cause?.message ?? e?.message ?? e);
  return text.slice(0, 200);
}

// One request of the machine: the answer, or why there is none. The
// timeout covers the headers and the body read.
async function exchange(request, o) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await o.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      // The machine follows redirects itself: it must see each one to keep
      // credentials off other hosts and plain http.
      redirect: 'manual',
      signal: controller.signal,
    });
    if (res.type === 'opaqueredirect' || res.status === 0) {
      // Browsers hide a manual redirect (status 0, no Location): a redirect
      // to a target nobody can know, which the machine refuses.
      return { status: 302, headers: [], body: new Uint8Array(0) };
    }
    const headers = [...res.headers];
    const body = request.method === 'HEAD' ? new Uint8Array(0) : await readCapped(res, glue.AccessCheck.maxBody());
    return { status: res.status, headers, body };
  } catch (e) {
    if (o.signal?.aborted) throw abortError(o.signal);
    if (timedOut) return { fail: 'timeout', detail: `no answer in ${o.timeoutMs} ms` };
    return { fail: 'unreachable', detail: failureDetail(e) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Asks the registry whether a pull of `image` would work (SPEC §5): resolves
 * to the report; rejects only for wrong arguments or an aborted `signal`.
 */
export async function checkImageAccess(image, options) {
  ready();
  checkString(image, ACCESS_FN, 'image');
  const o = accessOptions(options);
  if (o.signal?.aborted) throw abortError(o.signal);
  o.strings[0] = image;
  const [b] = unreadableOf(o.strings);
  if (b !== undefined) {
    // A string that is not unicode text is a wrong argument: no request is
    // sent with (or about) another text than the one given.
    const field = ACCESS_FIELDS[b.string] ?? `options.trustedRealmHosts[${b.string - ACCESS_FIELDS.length}]`;
    throw Object.assign(new TypeError(`${ACCESS_FN}: ${field}: ${b.message}`), { code: 'invalid_utf16', field, index: b.index });
  }
  const n = ACCESS_FIELDS.length;
  const check = new glue.AccessCheck(...o.strings.slice(0, n), o.strings.slice(n), ...o.flags);
  try {
    for (;;) {
      const step = JSON.parse(check.poll());
      if (step.done !== undefined) return step.done;
      const answer = await exchange(step.send, o);
      if (answer.fail !== undefined) check.fail(answer.fail, answer.detail);
      else check.receive(answer.status, JSON.stringify(answer.headers), answer.body);
    }
  } finally {
    check.free();
  }
}

// ---- image policies and pinning (SPEC §6) ----

/** Thrown by evaluateImagePolicy when an entry of the policy is malformed. */
export class ImagePolicyError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'ImagePolicyError';
    this.code = error.code;
    this.list = error.list;
    this.index = error.index;
  }
}

/** Thrown by pinImage: an invalid image or digest, or an image pinned to another digest. */
export class ImagePinError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'ImagePinError';
    this.code = error.code;
    this.field = error.field;
    this.span = { start: error.span.start, end: error.span.end };
    this.referenceCode = error.referenceCode ?? null;
  }
}

function stringList(value, fn, what) {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new TypeError(`${fn}: ${what} must be an array of strings`);
  }
  return value;
}

function optBoolean(value, fn, what) {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${what} must be a boolean`);
  return value;
}

/** Whether a console's policy admits `image`: `{ allowed, normalized, violations }`. */
export function evaluateImagePolicy(image, policy) {
  ready();
  const fn = 'evaluateImagePolicy';
  checkString(image, fn, 'image');
  const p = policy ?? {};
  checkObject(p, fn, 'policy');
  const allowed = stringList(p.allowedRegistries, fn, 'policy.allowedRegistries') ?? null;
  const blocked = stringList(p.blockedRegistries, fn, 'policy.blockedRegistries') ?? [];
  const n = allowed?.length ?? 0;
  const flags = [
    optBoolean(p.disallowLatest, fn, 'policy.disallowLatest'),
    optBoolean(p.requireDigest, fn, 'policy.requireDigest'),
    optBoolean(p.requireTag, fn, 'policy.requireTag'),
  ];
  // A lone surrogate in the image: an `invalid_reference` violation (as any
  // invalid image); in an entry: the entry is malformed.
  const unreadable = ([b]) => {
    if (b.string > 0) {
      const [list, index] = b.string - 1 < n ? ['allowedRegistries', b.string - 1] : ['blockedRegistries', b.string - 1 - n];
      return { Err: { code: 'invalid_utf16', list, index, message: b.message } };
    }
    const d = unreadableDiagnostic(b, 'component', 'reference');
    const violation = { rule: 'invalid_reference', message: b.message, span: { ...d.span }, diagnostics: [d] };
    return { Ok: { allowed: false, normalized: null, violations: [violation] } };
  };
  const call = () => glue.evaluate_image_policy_json(image, allowed, blocked, ...flags);
  const r = cold([image, ...(allowed ?? []), ...blocked], unreadable, call);
  if (r.Err) throw new ImagePolicyError(r.Err);
  return r.Ok;
}

/** `image` pinned to `digest` as `REPOSITORY:TAG@DIGEST`; throws ImagePinError. */
export function pinImage(image, digest) {
  ready();
  checkString(image, 'pinImage', 'image');
  checkString(digest, 'pinImage', 'digest');
  const unreadable = ([b]) => ({ Err: { ...unreadableDiagnostic(b, 'field', b.string === 0 ? 'image' : 'digest'), referenceCode: null } });
  const r = cold([image, digest], unreadable, glue.pin_image_json);
  if (r.Err) throw new ImagePinError(r.Err);
  return r.Ok;
}
