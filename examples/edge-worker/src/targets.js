// Which hosts `POST /check` may send requests to (SPEC §5.4): not loopback,
// private, link-local, unique-local or "this network" addresses, and not
// `localhost`, unless the Worker's ALLOW_PRIVATE_REGISTRIES binding is set.
// A check must not become a way to probe the network behind the edge.
//
// Hand-written: it is a few range tests over the WHATWG URL parser's own
// normalization (which already turns `2130706433`, `0x7f.1` and `[::ffff:7f00:1]`
// into canonical forms). A name that resolves to such an address cannot be
// seen here (Workers do no DNS); the platform's own egress rules cover that.

function v4Private([a, b]) {
  return (
    a === 0 || // "this network"; 0.0.0.0 reaches the local host on Linux
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) // carrier-grade NAT, private in practice
  );
}

function v4(host) {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  return m ? m.slice(1).map(Number) : null;
}

function v6Private(inner) {
  const h = inner.toLowerCase();
  if (h === '::' || h === '::1') return true;
  // IPv4-mapped (::ffff:a.b.c.d, which the URL parser writes as ::ffff:xxxx:xxxx).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return v4Private([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  const first = h.startsWith('::') ? 0 : parseInt(h.split(':')[0], 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80; // fc00::/7, fe80::/10
}

/** True when `hostname` (as `new URL(...).hostname` gives it) must not be a target. */
export function isPrivateHost(hostname) {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h.startsWith('[') && h.endsWith(']')) return v6Private(h.slice(1, -1));
  const four = v4(h);
  return four !== null && v4Private(four);
}

/** The hostname of `host[:port]` (a registry as an image names it), normalized by the URL parser; null if it is no host. */
export function hostnameOf(registry) {
  try {
    return new URL(`http://${registry}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * `fetch`, refusing private targets: each request the check makes (the
 * registry, its realm, a redirect's target) is tested before it is sent.
 */
export function guardedFetch(fetchFn) {
  return (url, init) => {
    if (isPrivateHost(new URL(url).hostname)) {
      return Promise.reject(new TypeError('refused: the target is a loopback, private or link-local address'));
    }
    return fetchFn(url, init);
  };
}
