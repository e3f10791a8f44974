// Pushes small generated images through the registry's own API (blob
// upload POST + PUT with the digest, manifest PUT with its media type), as
// `docker push` would, so the checks read what a real registry stored.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * A client that pushes to `base` (http://127.0.0.1:port) as `user`:
 * answers a Basic challenge with the credentials and a Bearer one with a
 * token for `repository:<name>:pull,push` from the realm.
 */
export function pusher(base, user, password) {
  const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const tokens = new Map();

  async function authorization(name) {
    if (tokens.has(name)) return tokens.get(name);
    const probe = await fetch(`${base}/v2/`);
    await probe.arrayBuffer();
    let value = null;
    const challenge = probe.headers.get('www-authenticate') ?? '';
    if (probe.status === 401 && /^basic/i.test(challenge)) value = basic;
    else if (probe.status === 401 && /^bearer/i.test(challenge)) {
      const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      const url = new URL(params.realm);
      url.searchParams.set('service', params.service);
      url.searchParams.set('scope', `repository:${name}:pull,push`);
      const res = await fetch(url, { headers: { authorization: basic } });
      if (!res.ok) throw new Error(`token for pushing ${name}: ${res.status}`);
      value = `Bearer ${(await res.json()).token}`;
    }
    tokens.set(name, value);
    return value;
  }

  async function call(name, method, url, { body, type, expect }) {
    const headers = {};
    const auth = await authorization(name);
    if (auth) headers.authorization = auth;
    if (type) headers['content-type'] = type;
    const res = await fetch(new URL(url, base), { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return res;
  }

  async function blob(name, bytes) {
    const digest = sha256(bytes);
    const start = await call(name, 'POST', `/v2/${name}/blobs/uploads/`, { expect: 202 });
    const location = new URL(start.headers.get('location'), base);
    location.searchParams.set('digest', digest);
    await call(name, 'PUT', location.href, { body: bytes, type: 'application/octet-stream', expect: 201 });
    return { digest, size: bytes.length };
  }

  async function manifest(name, reference, mediaType, object) {
    const bytes = Buffer.from(JSON.stringify(object));
    const digest = sha256(bytes);
    // No reference: pushed by digest (an index's entries, which need no tag).
    await call(name, 'PUT', `/v2/${name}/manifests/${reference ?? digest}`, { body: bytes, type: mediaType, expect: 201 });
    return { digest, size: bytes.length, mediaType };
  }

  /** A one-layer image manifest for `platform` ("os/arch"); `docker` picks schema2 over OCI; `reference` null pushes by digest. */
  async function image(name, reference, platform, { docker = false } = {}) {
    const [os, architecture] = platform.split('/');
    const layerBytes = gzipSync(Buffer.from(`layer of ${name} for ${platform}\n`));
    const layer = await blob(name, layerBytes);
    const config = await blob(
      name,
      Buffer.from(JSON.stringify({ architecture, os, rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} })),
    );
    return manifest(name, reference, docker ? DOCKER_MANIFEST : OCI_MANIFEST, {
      schemaVersion: 2,
      mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
      config: { mediaType: docker ? DOCKER_CONFIG : OCI_CONFIG, ...config },
      layers: [{ mediaType: docker ? DOCKER_LAYER : OCI_LAYER, ...layer }],
    });
  }

  /** An OCI index over one image manifest per platform (each pushed by digest first). */
  async function index(name, reference, platforms) {
    const manifests = [];
    for (const platform of platforms) {
      const m = await image(name, null, platform);
      const [os, architecture] = platform.split('/');
      manifests.push({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: { os, architecture } });
    }
    return manifest(name, reference, OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests });
  }

  return { image, index };
}
