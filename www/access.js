// The "Check access" panel: the one place where the page sends anything, and
// only when its button is pressed. The page cannot ask a registry itself
// (most send no CORS headers), so it posts the image and the chosen
// credentials to its own demo server (`POST /check`), which runs the
// package's checkImageAccess and answers the report. This file renders that
// report the way a person reads it; every verdict, message and fix in it
// comes from the package.
const $ = (id) => document.getElementById(id);

// `ra` the package; `el` and `diagnosticItem` the page's DOM helpers;
// `image()`, `credential()` and `config()` read the other sections' fields;
// `setImage(text)` puts an image into the image field (a fix, a pin).
export function accessPanel({ ra, el, diagnosticItem, image, credential, config, setImage }) {
  const run = $('a-run');
  const note = $('a-run-note');
  const status = $('a-status');
  const result = $('a-result');
  const platform = $('a-platform');
  const radios = [...document.querySelectorAll('input[name="a-credential"]')];
  let chosen = false; // the user picked the credential source: keep it
  let busy = false;
  let plan = null;

  const source = () => radios.find((r) => r.checked).value;

  // What a press would send, or why it cannot be sent yet.
  function planned() {
    const text = image();
    if (text.trim() === '') return { error: 'Type an image reference above first.' };
    let parsed;
    try {
      parsed = ra.parseImage(text, { profile: 'oci' });
    } catch (e) {
      return { error: `Fix the image reference above first: ${e.message}.` };
    }
    const registry = parsed.components.registry ?? parsed.normalized.split('/')[0];
    const body = { image: text, platform: platform.value.trim() === '' ? null : platform.value.trim() };
    let sends = 'the image name';
    if (source() === 'form') {
      const c = credential();
      if (c.password === '') return { error: 'Fill in the password of the form above, or choose other credentials.' };
      body.credential = c;
      sends = `the image name and the username and password of the form (as ${c.username || 'an empty username'})`;
    } else if (source() === 'config') {
      const text = config();
      if (text.trim() === '') return { error: 'Paste a secret under "Check a secret" below, or choose other credentials.' };
      body.dockerconfigjson = text;
      sends = 'the image name and the pasted secret';
    }
    return { registry, body, sends };
  }

  function render() {
    if (!chosen) {
      // Until the user picks, the credentials they have entered are used.
      const pick = credential().password !== '' ? 'form' : config().trim() !== '' ? 'config' : 'none';
      for (const r of radios) r.checked = r.value === pick;
    }
    plan = planned();
    $('a-image').textContent = image() === '' ? '—' : image();
    const ready = !plan.error && !busy;
    run.disabled = !ready;
    run.replaceChildren('Check access', plan.error ? '' : el('span', { class: 'run-target' }, ` · asks ${plan.registry} through the local demo server`));
    note.textContent = plan.error
      ?? `Sends ${plan.sends} to the demo server on this machine, which asks ${plan.registry} once. Nothing is sent before you press.`;
  }

  async function press() {
    if (busy || plan?.error) return;
    const { body, registry } = plan;
    busy = true;
    render();
    result.setAttribute('aria-busy', 'true');
    status.className = 'access-status';
    status.textContent = `Asking ${registry}…`;
    try {
      const res = await fetch('/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
        referrerPolicy: 'no-referrer',
      });
      const answer = await res.json().catch(() => null);
      if (!res.ok || answer === null || typeof answer.ok !== 'boolean') {
        status.className = 'access-status bad';
        status.textContent = `The demo server did not check the image: ${answer?.message ?? `it answered ${res.status}`}.`;
        result.hidden = true;
      } else {
        showReport(answer, body);
      }
    } catch {
      status.className = 'access-status bad';
      status.textContent = 'The demo server could not be reached: is "make demo" still running?';
      result.hidden = true;
    } finally {
      busy = false;
      result.removeAttribute('aria-busy');
      render();
    }
  }

  function showReport(r, sent) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const verdict = r.ok ? 'The pull would work' : 'The pull would fail';
    // Said to screen readers; the verdict below shows it to everyone.
    status.className = 'access-status sr-only';
    status.textContent = r.ok ? `${verdict}.` : `${verdict}: ${errors[0]?.message ?? r.diagnostics[0]?.message ?? 'see the findings'}.`;

    // How the registry authenticates (not whether the credentials worked:
    // the findings say that).
    const how = r.auth === 'none' ? 'which needs no sign-in'
      : r.auth === 'basic' ? 'which uses basic authentication'
        : r.auth === 'bearer' ? 'which uses token (bearer) authentication' : null;
    const head = el('div', { class: `verdict ${r.ok ? 'ok' : 'bad'}`, id: 'a-verdict' },
      el('strong', {}, verdict),
      el('span', { class: 'small' }, 'for ', el('code', {}, r.image),
        r.endpoint ? [' at ', el('code', {}, r.endpoint)] : null,
        how ? `, ${how}` : null,
        r.credentialKey ? [', with the secret\'s entry ', el('code', {}, r.credentialKey)] : null));

    const findings = r.diagnostics.length
      ? section('Findings', el('ul', { id: 'a-diagnostics', class: 'diagnostics' },
        r.diagnostics.map((d, i) => diagnosticItem(d, `a-diag-${i}`, (replacement) => setImage(replacement)))))
      : null;

    const parts = [head, findings, digestBlock(r, sent), platformsBlock(r, sent.platform), rateBlock(r), stepsBlock(r)];
    result.replaceChildren(...parts.filter(Boolean));
    result.hidden = false;
  }

  function section(title, ...content) {
    return el('div', { class: 'access-part' }, el('h3', {}, title), ...content);
  }

  function digestBlock(r, sent) {
    if (!r.digest) return null;
    const copy = el('button', { type: 'button', class: 'btn small ghost', id: 'a-copy-digest' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(r.digest);
        copy.textContent = 'Copied';
      } catch {
        copy.textContent = 'Copy failed';
      }
      setTimeout(() => { copy.textContent = 'Copy'; }, 1600);
    });
    let pin = null;
    if (typeof ra.pinImage === 'function') {
      pin = el('button', { type: 'button', class: 'btn small', id: 'a-pin' }, 'Pin this digest');
      pin.addEventListener('click', () => {
        let pinned;
        try {
          pinned = ra.pinImage(sent.image, r.digest);
        } catch (e) {
          status.textContent = `The digest could not be pinned: ${e.message}.`;
          return;
        }
        setImage(pinned);
        status.className = 'access-status ok';
        status.textContent = `The image name above is now ${pinned}: the tag for people, the digest for the pull.`;
      });
    }
    return section('Digest',
      el('div', { class: 'digest-row' }, el('code', { id: 'a-digest' }, r.digest), el('span', { class: 'digest-actions' }, copy, pin)),
      r.mediaType ? el('p', { class: 'hint' }, 'Media type ', el('code', {}, r.mediaType)) : null);
  }

  function platformsBlock(r, wanted) {
    if (r.platforms === null) {
      if (!r.digest) return null;
      return section('Platforms', el('p', { class: 'hint', id: 'a-platforms' }, wanted
        ? 'The registry answered a single-platform manifest: no list of platforms to compare.'
        : 'Not checked: no platform was asked for.'));
    }
    const items = r.platforms.map((p) => el('li', { class: p === wanted ? 'wanted' : null, dataset: { platform: p } },
      el('code', {}, p), p === wanted ? el('span', { class: 'pill ok' }, 'wanted') : null));
    if (wanted && !r.platforms.includes(wanted)) {
      items.push(el('li', { class: 'missing', dataset: { platform: wanted } }, el('code', {}, wanted), el('span', { class: 'pill bad' }, 'wanted, missing')));
    }
    return section('Platforms', el('ul', { id: 'a-platforms', class: 'platforms' }, items));
  }

  function rateBlock(r) {
    const rl = r.rateLimit;
    const text = rl
      ? `${rl.remaining} of ${rl.limit} pulls left in a window of ${duration(rl.windowSeconds)}`
      : 'The registry sent no rate limit.';
    return section('Rate limit', el('p', { id: 'a-rate', class: rl ? null : 'hint' }, text));
  }

  function stepsBlock(r) {
    if (!r.requests.length) return section('Steps', el('p', { class: 'hint', id: 'a-steps' }, 'No request was sent.'));
    return section('Steps', el('div', { class: 'table-wrap' }, el('table', { id: 'a-steps', class: 'steps' },
      el('caption', { class: 'sr-only' }, 'Requests the check sent, in order'),
      el('thead', {}, el('tr', {}, ['Method', 'URL', 'Status'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, r.requests.map((q) => el('tr', {},
        el('td', { 'data-label': 'Method' }, q.method),
        el('td', { 'data-label': 'URL' }, q.url),
        el('td', { 'data-label': 'Status' }, q.status === null ? 'no answer' : String(q.status))))))));
  }

  for (const r of radios) r.addEventListener('change', () => { chosen = true; render(); });
  platform.addEventListener('input', render);
  run.addEventListener('click', press);
  return { render };
}

// 21600 -> "6 hours"; the rate-limit window as people say it.
function duration(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}
