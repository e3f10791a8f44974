// The demo page: wires the DOM to the registry-access package. Every verdict,
// message, span, fix, default and output comes from the package; this file
// only renders them and keeps UI state (which tab is open, which fields the
// user has touched). Nothing is stored, and nothing is sent anywhere except
// by the "Check access" panel (access.js), when its button is pressed.
// The package is imported in main() so that a missing or broken build shows
// a message on the page instead of a page that silently never starts. The
// small image module (registry-access/image) comes first, so the image field
// answers as soon as possible; the full module (secrets, configs, matching)
// loads the first time the secret or check section is used (loadFull).
import { accessPanel } from './access.js';

let ra = null; // the image module, then the full one once it is loaded
let full = null; // the full module, once loaded
let loadingFull = null;
let access = null; // the "Check access" panel, once the package is loaded

const $ = (id) => document.getElementById(id);

// Builds an element: el('li', {class: 'x', id: 'y'}, child, 'text', ...).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

// One diagnostic as a list item: severity badge, message, stable code and,
// when the package offers one, a button that applies the fix.
// `onShow`, when given, offers to select the diagnostic's span in the text.
function diagnosticItem(d, id, onFix, pending = false, onShow = null) {
  const sev = d.severity;
  let action = null;
  if (d.fix && onFix) {
    action = el('button', { type: 'button', class: 'btn small ghost fix', onclick: () => onFix(d.fix.replacement) }, d.fix.label);
  } else if (onShow && d.span && d.span.end > d.span.start) {
    action = el('button', { type: 'button', class: 'btn small ghost show', onclick: () => onShow(d.span) }, 'Show in text');
  }
  return el('li', { class: `diag sev-${sev}${pending ? ' pending' : ''}`, id, dataset: { code: d.code } },
    el('span', { class: 'sev' }, pending ? 'Hint' : SEVERITY_LABEL[sev] ?? sev),
    el('span', { class: 'msg' }, d.message, el('span', { class: 'code-name' }, d.code)),
    action);
}

// The typed text re-rendered with <mark> over each diagnostic's span (UTF-16
// offsets, as the package gives them). Overlapping spans are cut at every
// boundary; a piece takes the worst severity covering it. Empty spans (for
// something missing) become a caret mark at their position.
const RANK = { error: 3, warning: 2, info: 1 };
function renderMarked(container, text, diagnostics) {
  container.replaceChildren();
  const spans = diagnostics
    .filter((d) => d.span && d.severity !== 'info')
    .map((d) => ({ start: Math.max(0, Math.min(d.span.start, text.length)), end: Math.max(0, Math.min(d.span.end, text.length)), sev: d.severity, code: d.code }));
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length; i++) {
    const at = points[i];
    for (const s of spans.filter((s) => s.start === at && s.end === at)) {
      container.append(el('mark', { class: `point sev-${s.sev}`, title: s.code }));
    }
    if (i + 1 === points.length) break;
    const next = points[i + 1];
    const piece = text.slice(at, next);
    const covering = spans.filter((s) => s.start <= at && s.end >= next && s.end > s.start);
    if (covering.length === 0) { container.append(piece); continue; }
    const worst = covering.reduce((a, b) => (RANK[b.sev] > RANK[a.sev] ? b : a));
    container.append(el('mark', { class: `sev-${worst.sev}`, title: covering.map((s) => s.code).join(', ') }, piece));
  }
}

function setKV(dd, value) {
  const present = value !== null && value !== undefined && value !== '';
  dd.textContent = present ? String(value) : '—';
  dd.classList.toggle('absent', !present);
}

// ---------------------------------------------------------------------------
// 1. Image name

const image = {
  input: $('image-input'),
  echo: $('image-echo'),
  status: $('image-status'),
  list: $('image-diagnostics'),
  form: $('image-form'),
};

function profile() {
  return document.querySelector('input[name="profile"]:checked').value;
}

function applyImageFix(replacement) {
  image.input.value = replacement;
  renderImage();
  image.input.focus();
}

function renderImage() {
  const text = image.input.value;
  const r = ra.validateImage(text, { profile: profile() });
  const empty = text === '';
  const incomplete = r.state === 'incomplete';
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;

  image.form.classList.toggle('incomplete', incomplete);
  image.status.dataset.state = empty ? 'empty' : r.state;
  image.status.textContent = empty
    ? 'Type an image reference to check it.'
    : r.state === 'valid'
      ? (warnings ? `Valid, with ${warnings} warning${warnings > 1 ? 's' : ''}` : 'Valid image reference')
      : incomplete
        ? 'Keep typing: the reference is not complete yet'
        : `Not a valid image reference: ${errors} problem${errors > 1 ? 's' : ''}`;
  // Incomplete input is guidance, not an error: only `invalid` marks the field.
  image.input.setAttribute('aria-invalid', String(!empty && r.state === 'invalid'));

  image.echo.hidden = empty;
  renderMarked(image.echo, text, empty ? [] : r.diagnostics);

  image.list.replaceChildren(...(empty ? [] : r.diagnostics.map((d, i) =>
    diagnosticItem(d, `image-diag-${i}`, applyImageFix, incomplete && d.severity === 'error'))));

  for (const dd of document.querySelectorAll('#image-components dd')) setKV(dd, r.components?.[dd.dataset.key]);
  setKV($('image-normalized'), r.normalized);
  setKV($('image-familiar'), r.familiar);
  let server = null;
  if (r.valid) {
    try { server = ra.serverForImage(text); } catch { server = null; }
  }
  setKV($('image-server'), server);
  $('image-use-server').disabled = !server;
  $('image-use-server').dataset.server = server ?? '';
  access?.render();
  renderPolicy();
}

// The optional "allowed registries" field: the package's evaluateImagePolicy
// says whether the image is under one of the entries. An invalid image is
// already explained above, so only the registry verdict is listed here.
function renderPolicy() {
  const text = image.input.value;
  const entries = $('image-allowed').value.split(/[\s,]+/).filter(Boolean);
  let items = [];
  if (text && entries.length) {
    try {
      const r = ra.evaluateImagePolicy(text, { allowedRegistries: entries });
      items = r.violations
        .filter((v) => v.rule !== 'invalid_reference')
        .map((v, i) => diagnosticItem({ severity: 'error', message: v.message, code: v.rule }, `image-policy-${i}`));
      if (r.allowed) items = [diagnosticItem({ severity: 'info', message: `allowed: ${r.normalized}`, code: 'allowed' }, 'image-policy-0')];
    } catch (e) {
      if (!(e instanceof ra.ImagePolicyError)) throw e;
      items = [diagnosticItem({ severity: 'warning', message: e.message, code: e.code }, 'image-policy-0')];
    }
  }
  $('image-policy').replaceChildren(...items);
}

image.input.addEventListener('input', renderImage);
$('image-allowed').addEventListener('input', renderPolicy);
for (const radio of document.querySelectorAll('input[name="profile"]')) radio.addEventListener('change', renderImage);
for (const b of document.querySelectorAll('button.example')) {
  b.addEventListener('click', () => applyImageFix(b.dataset.image));
}

// ---------------------------------------------------------------------------
// 2. Registry access

const FIELDS = ['name', 'server', 'username', 'password', 'email', 'namespace'];
const field = Object.fromEntries(FIELDS.map((f) => [f, $(`s-${f}`)]));
const touched = new Set();
let autoUsername = null; // the username we filled in, so we never overwrite the user's own
let lastSecret = null;

function secretInput() {
  const v = Object.fromEntries(FIELDS.map((f) => [f, field[f].value]));
  const input = { name: v.name, server: v.server, username: v.username, password: v.password };
  if (v.email !== '') input.email = v.email;
  if (v.namespace !== '') input.namespace = v.namespace;
  return input;
}

// The registry the secret is for: registryInfo of the server the package
// uses (the field, or the package's default when the field is empty).
function registryOf(server) {
  try { return ra.registryInfo(server); } catch { return null; }
}

function renderRegistryPanel(info) {
  for (const dd of document.querySelectorAll('#registry-panel dd')) {
    let v = info ? info[dd.dataset.key] : null;
    if (dd.dataset.key === 'host' && info && info.port) v = `${info.host}:${info.port}`;
    if (dd.dataset.key === 'kind' && v) v = { icr: 'IBM Cloud Container Registry', dockerhub: 'Docker Hub', other: 'Other registry' }[v] ?? v;
    if (dd.dataset.key === 'endpoint' && v) v = v === 'private' ? 'Private' : v === 'public' ? 'Public' : v;
    setKV(dd, v);
  }
  const note = $('registry-note');
  if (info?.managedSecretName) {
    note.hidden = false;
    note.replaceChildren('In Code Engine, a managed secret named ', el('code', {}, info.managedSecretName),
      ' can pull from this registry for images in your own account.');
  } else {
    note.hidden = true;
  }
}

// When the server changes, fills the username with the registry's default
// (iamapikey for ICR) unless the user typed their own. Returns whether the
// field changed. Never runs on edits of the username itself, so clearing it
// to type another one works.
function autofillUsername(info) {
  const u = field.username;
  if (u.value !== '' && u.value !== autoUsername) return false;
  const next = info?.defaultUsername ?? '';
  autoUsername = next || null;
  if (u.value === next) return false;
  u.value = next;
  return true;
}

// A command is an object with `line` (quoted for POSIX shells) and `argv`.
const line = (c) => c?.line ?? null;
const OUTPUTS = {
  dockerconfigjson: (s) => s.dockerconfigjson,
  yaml: (s) => s.secretYaml,
  json: (s) => s.secretJson,
  ce: (s) => line($('ce-inline').checked ? s.commands?.ibmcloudWithPassword : s.commands?.ibmcloud),
  kubectl: (s) => line(s.commands?.kubectl),
  docker: (s) => line(s.commands?.dockerLogin),
};

function buildSecret() {
  try {
    return ra.createRegistrySecret(secretInput());
  } catch (e) {
    return { valid: false, diagnostics: [{ field: 'name', severity: 'error', code: 'unexpected', message: String(e?.message ?? e) }] };
  }
}

function renderSecret(serverChanged = false) {
  if (full === null) return; // loadFull renders it once the module is in
  let result = buildSecret();
  const info = registryOf(result.server ?? field.server.value);
  if (serverChanged && autofillUsername(info)) result = buildSecret();
  renderRegistryPanel(info);

  const diags = result.diagnostics ?? [];
  for (const f of FIELDS) {
    const show = touched.has(f) || field[f].value !== '';
    const mine = show ? diags.filter((d) => d.field === f) : [];
    $(`s-${f}-msg`).replaceChildren(...mine.map((d, i) => diagnosticItem(d, `s-${f}-diag-${i}`, (rep) => {
      field[f].value = rep;
      touched.add(f);
      renderSecret(f === 'server');
      field[f].focus();
    })));
    field[f].setAttribute('aria-invalid', String(mine.some((d) => d.severity === 'error')));
  }

  // Outputs only for a secret without errors: half-filled forms show nothing
  // that could be copied by mistake.
  const ok = result.valid === true;
  lastSecret = ok ? result : null;
  for (const [key, pick] of Object.entries(OUTPUTS)) {
    const code = $(`out-${key}`);
    const text = ok ? pick(result) ?? '' : '';
    code.textContent = text;
    code.dataset.empty = 'Fill in the secret name and password to see this output.';
    const copy = document.querySelector(`button.copy[data-copy="out-${key}"]`);
    if (copy) copy.disabled = text === '';
  }
  $('download-yaml').disabled = !(ok && lastSecret.secretYaml);
  const errors = diags.filter((d) => d.severity === 'error').length;
  $('outputs-status').textContent = ok
    ? 'Up to date with the form'
    : errors ? `${errors} field${errors > 1 ? 's need' : ' needs'} attention` : '';
  access?.render();
}

for (const f of FIELDS) {
  field[f].addEventListener('input', () => { touched.add(f); renderSecret(f === 'server'); });
}
$('s-password-show').addEventListener('click', (e) => {
  const shown = field.password.type === 'text';
  field.password.type = shown ? 'password' : 'text';
  e.currentTarget.setAttribute('aria-pressed', String(!shown));
  e.currentTarget.textContent = shown ? 'Show' : 'Hide';
});
for (const r of document.querySelectorAll('input[name="ce-form"]')) r.addEventListener('change', () => renderSecret());

// Tabs: the WAI-ARIA tabs pattern with automatic activation (arrow keys,
// Home and End move between tabs; only the selected tab is in the tab order).
const tabs = [...document.querySelectorAll('#output-tabs [role="tab"]')];
function selectTab(tab, focus = true) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
}
for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(t);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    selectTab(tabs[(to + tabs.length) % tabs.length]);
  });
}

// Copy buttons: the text of the output they belong to, via the async
// clipboard API; the button says whether it worked.
for (const b of document.querySelectorAll('button.copy')) {
  b.addEventListener('click', async () => {
    const text = $(b.dataset.copy).textContent;
    let label;
    try {
      await navigator.clipboard.writeText(text);
      label = 'Copied';
      b.classList.add('done');
    } catch {
      label = 'Copy failed';
    }
    b.textContent = label;
    $('outputs-status').textContent = label === 'Copied' ? 'Copied to the clipboard' : 'The browser refused access to the clipboard';
    setTimeout(() => { b.textContent = 'Copy'; b.classList.remove('done'); }, 1600);
  });
}

// Download of the Secret YAML: a Blob behind an object URL (blob: is our own
// origin's memory, no network).
$('download-yaml').addEventListener('click', () => {
  if (!lastSecret) return;
  const blob = new Blob([lastSecret.secretYaml], { type: 'application/yaml' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: `${field.name.value || 'secret'}.yaml` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

// ---------------------------------------------------------------------------
// 3. Check a secret

const check = { config: $('c-config'), list: $('c-config-diagnostics'), image: $('c-image'), match: $('c-match') };

// A broken example for the "load" button: data, shown to be diagnosed.
const BROKEN_EXAMPLE = JSON.stringify({
  auths: {
    'us.icr.io': { username: 'iamapikey', password: 'pw-one', auth: 'aWFtYXBpa2V5OnB3LXR3bw==' },
    'https://us.icr.io:443': { username: 'iamapikey', password: 'pw-three', auth: 'aWFtYXBpa2V5OnB3LXRocmVl' },
    'de.icr.io': { username: 'iamapikey', password: 'pw-four', auth: 'aWFtYXBpa2V5OnB3LWZvdXI=' },
    'registry-1.docker.io': { username: 'octocat', password: 'pw-five', auth: 'b2N0b2NhdDpwdy1maXZl' },
  },
}, null, 2);

const KIND_SHORT = { icr: 'IBM Cloud', dockerhub: 'Docker Hub', other: 'Other' };

function yesNo(ok, yes, no) {
  return el('span', { class: `pill ${ok ? 'ok' : 'bad'}` }, ok ? yes : no);
}

function renderEntries(entries) {
  const body = document.querySelector('#c-entries tbody');
  if (!entries.length) {
    body.replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: 6 },
      check.config.value.trim() === '' ? 'No secret pasted yet.' : 'No credentials found.')));
    return;
  }
  body.replaceChildren(...entries.map((e) => el('tr', {},
    el('td', { 'data-label': 'Server' }, e.server),
    el('td', { 'data-label': 'Kind' }, el('span', { class: 'pill neutral' }, KIND_SHORT[e.kind] ?? e.kind ?? '—')),
    el('td', { 'data-label': 'Username' }, e.username ?? '—'),
    el('td', { 'data-label': 'Password' }, e.hasPassword
      ? `•••• (${e.passwordLength} character${e.passwordLength === 1 ? '' : 's'})`
      : el('span', { class: 'pill bad' }, e.hasIdentityToken ? 'identity token only' : 'none')),
    el('td', { 'data-label': 'Email' }, e.email ?? '—'),
    el('td', { 'data-label': 'auth' }, e.authMatches === null || e.authMatches === undefined
      ? el('span', { class: 'pill neutral' }, e.hasAuth ? 'unreadable' : 'absent')
      : yesNo(e.authMatches, 'agrees', 'disagrees')))));
}

function renderMatch() {
  if (full === null) return;
  const text = check.config.value;
  const img = check.image.value;
  if (text.trim() === '' || img.trim() === '') { check.match.replaceChildren(); return; }
  let m;
  try {
    m = ra.matchCredentials(text, img);
  } catch (e) {
    check.match.replaceChildren(el('div', { class: 'match-result bad' }, String(e?.message ?? e)));
    return;
  }
  const matched = m.matched ?? [];
  const used = matched[0];
  let head;
  if (m.imageError) {
    head = el('div', { class: 'match-result bad', id: 'c-match-used' }, el('strong', {}, 'Not an image reference'), el('span', { class: 'small' }, m.imageError));
  } else if (used) {
    head = el('div', { class: 'match-result ok', id: 'c-match-used' },
      el('strong', {}, 'The pull uses ', el('code', {}, used.server)),
      el('span', { class: 'small' }, m.image ? ['for ', el('code', {}, m.image)] : null,
        used.username ? [' as ', el('code', {}, used.username)] : null,
        m.dockerHubFallback ? ' (the Docker Hub fallback: no key matched the image itself)' : null),
      matched.length > 1
        ? el('p', { class: 'small' }, `Also matching, tried next if that pull fails: `, matched.slice(1).map((x) => x.server).join(', '))
        : null);
  } else {
    head = el('div', { class: 'match-result bad', id: 'c-match-used' },
      el('strong', {}, 'No entry matches this image'),
      el('span', { class: 'small' }, m.image ? ['The pull of ', el('code', {}, m.image), ' would be anonymous: a private image fails with ImagePullBackOff.'] : null));
  }
  const others = (m.unmatched ?? []).map((n) => el('li', {},
    el('code', {}, n.server),
    el('span', {}, n.message, ' ', el('span', { class: 'reason-code' }, n.reason))));
  check.match.replaceChildren(head, others.length
    ? el('div', {}, el('h3', {}, 'Why the other entries do not match'), el('ul', { id: 'c-nonmatching' }, others))
    : null);
}

function renderCheck() {
  if (full === null) return;
  const text = check.config.value;
  if (text.trim() === '') {
    check.list.replaceChildren();
    check.config.setAttribute('aria-invalid', 'false');
    renderEntries([]);
    renderMatch();
    access?.render();
    return;
  }
  const r = ra.inspectDockerConfig(text);
  const diags = r.diagnostics ?? [];
  check.list.replaceChildren(...diags.map((d, i) => diagnosticItem(d, `c-diag-${i}`, (rep) => {
    check.config.value = rep;
    renderCheck();
    check.config.focus();
  }, false, (span) => {
    check.config.focus();
    check.config.setSelectionRange(span.start, span.end);
  })));
  check.config.setAttribute('aria-invalid', String(diags.some((d) => d.severity === 'error')));
  renderEntries(r.entries ?? []);
  renderMatch();
  access?.render();
}

check.config.addEventListener('input', renderCheck);
check.image.addEventListener('input', renderMatch);
$('c-example').addEventListener('click', () => {
  check.config.value = BROKEN_EXAMPLE;
  if (check.image.value === '') check.image.value = 'us.icr.io/team/app:1.0';
  renderCheck();
  check.config.focus();
});
$('c-use-built').addEventListener('click', () => {
  if (!lastSecret) {
    $('c-config-diagnostics').replaceChildren(el('li', { class: 'diag sev-info' }, el('span', { class: 'sev' }, 'Note'),
      el('span', { class: 'msg' }, 'Fill in the registry access form above first.')));
    return;
  }
  check.config.value = lastSecret.dockerconfigjson;
  renderCheck();
  check.config.focus();
});

// From an image to the secret its pull needs: the credential key the
// package computed for the image becomes the secret's server.
$('image-use-server').addEventListener('click', (e) => {
  loadFull();
  field.server.value = e.currentTarget.dataset.server;
  touched.add('server');
  renderSecret(true);
  field.name.focus();
});

// In-page links move focus and scroll without writing anything into the URL.
for (const a of document.querySelectorAll('a[href^="#"]')) {
  a.addEventListener('click', (e) => {
    const target = document.getElementById(a.getAttribute('href').slice(1));
    if (!target) return;
    e.preventDefault();
    const focusable = target.matches('input, textarea, button') ? target : target.querySelector('h2') ?? target;
    if (!focusable.matches('input, textarea, button')) focusable.tabIndex = -1;
    focusable.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  });
}

// Forms never submit: there is nowhere to send anything.
for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());

// ---------------------------------------------------------------------------

function loadFailed(e) {
  const s = $('load-status');
  s.classList.add('failed');
  s.textContent = `The validator could not be loaded (${e?.message ?? e}). Build the package with "make pkg".`;
}

// The full module, once: on the first focus or press inside the secret or
// check section (or the image section's "use as server" button). The fields
// keep what was typed meanwhile; the sections render it once the module is in.
function loadFull() {
  loadingFull ??= import('../pkg/index.js')
    .then(async (m) => {
      await m.default();
      full = m;
      ra = m;
      renderSecret(true);
      renderCheck();
      document.documentElement.dataset.ready = 'true';
    })
    .catch(loadFailed);
  return loadingFull;
}
for (const id of ['secret', 'check']) {
  for (const type of ['focusin', 'pointerdown']) $(id).addEventListener(type, loadFull);
}

async function main() {
  try {
    ra = await import('../pkg/image/index.js');
    await ra.default();
  } catch (e) {
    loadFailed(e);
    return;
  }
  for (const c of document.querySelectorAll('input, textarea')) c.disabled = false;
  $('load-status').textContent = '';
  access = accessPanel({
    ra,
    el,
    diagnosticItem,
    image: () => image.input.value,
    credential: () => ({ username: field.username.value, password: field.password.value }),
    config: () => check.config.value,
    setImage: (text) => { image.input.value = text; renderImage(); },
  });
  renderImage();
  document.documentElement.dataset.imageReady = 'true';
}

main();
