// A token issuer for Docker's token authentication, written for the tests:
// it checks Basic credentials against its own users and signs JWTs (ES256)
// that distribution 2.8's `auth.token` accepts. The registry trusts the
// signing key through the certificate chain in the token header's `x5c`,
// verified against `rootcertbundle` (our self-signed certificate); it then
// checks `iss`, `aud` (the service), `exp` and `nbf` (60 s leeway) and
// reads the granted actions from `access`.
//
// Hand-written because there is nothing to reuse: it is a test double of a
// server, a few lines over node:crypto.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const b64url = (data) => Buffer.from(data).toString('base64url');

/** An EC P-256 key and its self-signed certificate (openssl), in `dir`. */
export function makeSigningKey(dir) {
  const keyFile = join(dir, 'issuer-key.pem');
  const certFile = join(dir, 'issuer-cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=registry-access test issuer'],
    { stdio: 'ignore' },
  );
  const cert = new X509Certificate(readFileSync(certFile));
  return { key: createPrivateKey(readFileSync(keyFile)), certFile, certDer: cert.raw };
}

/**
 * The issuer's request handler for `GET <path>?service=…&scope=…`.
 * `users`: { name: { password, grants(repository) -> actions[] } };
 * anonymous requests get `anonymous(repository)` actions when given,
 * else 401. Every token issued is pushed to `issued` (for the canary
 * checks: no token may show up in any output).
 */
export function tokenIssuer({ service, issuer, signingKey, users, anonymous, issued }) {
  function token(subject, access) {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [signingKey.certDer.toString('base64')] };
    const claims = {
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      // A canary inside every token, on top of the token text itself.
      jti: `CANARY-token-${randomBytes(8).toString('hex')}`,
      access,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    // JWS ES256 signatures are r||s, not DER.
    const signature = sign('sha256', Buffer.from(input), { key: signingKey.key, dsaEncoding: 'ieee-p1363' });
    const jwt = `${input}.${b64url(signature)}`;
    issued.push(jwt);
    return jwt;
  }

  return (req, res) => {
    const url = new URL(req.url, 'http://issuer');
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.searchParams.get('service') !== service) {
      return reply(400, { errors: [{ code: 'UNSUPPORTED', message: 'unknown service' }] });
    }
    let subject = null;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(auth);
      const text = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const colon = text.indexOf(':');
      const user = users[text.slice(0, colon)];
      if (colon < 0 || user === undefined || user.password !== text.slice(colon + 1)) {
        res.setHeader('www-authenticate', 'Basic realm="test issuer"');
        return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
      }
      subject = text.slice(0, colon);
    } else if (anonymous === undefined) {
      res.setHeader('www-authenticate', 'Basic realm="test issuer"');
      return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
    }
    // Like Docker's issuers, an unknown or refused scope is not an error:
    // the token simply grants less (here: nothing) and the registry decides.
    const access = [];
    for (const scope of url.searchParams.getAll('scope')) {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || !name || !actions) continue;
      const allowed = subject === null ? anonymous(name) : users[subject].grants(name);
      const granted = actions.split(',').filter((a) => allowed.includes(a));
      if (granted.length > 0) access.push({ type, name, actions: granted });
    }
    const jwt = token(subject ?? '', access);
    reply(200, { token: jwt, access_token: jwt, expires_in: 300, issued_at: new Date().toISOString() });
  };
}
