// Type-checked with `tsc --noEmit --strict` against the installed package
// (tests/js/types.test.mjs): every option and result field is named and typed.
import init, {
  initSync,
  validateImage,
  validateImages,
  parseImage,
  diagnosticCodes,
  InvalidImageReference,
  type Validation,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type Component,
  type Profile,
  type State,
  type Span,
  type Fix,
  type Components,
  type ImageOptions,
  type ParsedImage,
  registryInfo,
  serverForImage,
  createRegistrySecret,
  validateSecretName,
  inspectDockerConfig,
  upsertCredential,
  removeCredential,
  mergeDockerConfigs,
  matchCredentials,
  DockerConfigEditError,
  evaluateImagePolicy,
  pinImage,
  ImagePolicyError,
  ImagePinError,
  type ImagePolicy,
  type PolicyResult,
  type PolicyViolation,
  type PolicyRule,
  type RegistryInfo,
  type RegistryKind,
  type Endpoint,
  type SecretDiagnostic,
  type SecretCode,
  type SecretField,
  type RegistrySecretInput,
  type RegistrySecret,
  type ShellCommand,
  type SecretNameValidation,
  type DockerConfigInspection,
  type ConfigEntry,
  type ConfigDiagnostic,
  type ConfigCode,
  type ConfigField,
  type ConfigShape,
  type SecretSummary,
  type InspectOptions,
  type Credential,
  type CredentialMatches,
  type MatchedKey,
  type UnmatchedKey,
  type MissReason,
} from 'registry-access';

export function registries(): void {
  const info: RegistryInfo = registryInfo('us.icr.io');
  const kind: RegistryKind = info.kind;
  const endpoint: Endpoint | null = info.endpoint;
  const fields: (string | number | boolean | null)[] = [info.input, info.valid, info.host, info.port, info.region, info.credentialKey, info.defaultUsername, info.managedSecretName];
  const sd: SecretDiagnostic[] = info.diagnostics;
  for (const d of sd) {
    const code: SecretCode = d.code;
    const field: SecretField = d.field;
    console.log(code, field, d.severity, d.message, d.span.start, d.fix?.replacement);
  }
  const key: string = serverForImage('nginx');
  const input: RegistrySecretInput = { name: 'x', password: 'p', server: null, username: 'u', email: 'e@x.io', namespace: 'ns', creationTimestampNull: true, passwordFile: 'f' };
  const s: RegistrySecret = createRegistrySecret(input);
  const cmd: ShellCommand = s.commands.ibmcloud;
  const lines: string[] = [s.commands.ibmcloudWithPassword.line, s.commands.kubectl.line, s.commands.dockerLogin.line, ...cmd.argv];
  const out: (string | null | boolean)[] = [s.valid, s.server, s.username, s.dockerconfigjson, s.secretJson, s.secretYaml, s.registry.kind];
  const n: SecretNameValidation = validateSecretName('x');
  const opts: InspectOptions = { reveal: false, now: new Date() };
  const i: DockerConfigInspection = inspectDockerConfig(s.dockerconfigjson, opts);
  const shape: ConfigShape | null = i.shape;
  const summary: SecretSummary | null = i.secret;
  const meta: (string | null | undefined)[] = [summary?.name, summary?.namespace, summary?.type, summary?.dataKey, ...i.credentialHelpers];
  const e: ConfigEntry | undefined = i.entries[0];
  const entry: (string | number | boolean | null | undefined)[] = [e?.server, e?.kind, e?.username, e?.hasPassword, e?.passwordLength, e?.email, e?.hasAuth, e?.authMatches, e?.hasIdentityToken, e?.password, e?.auth, e?.identityToken, i.base64Layers, i.valid];
  for (const d of i.diagnostics as ConfigDiagnostic[]) {
    const code: ConfigCode = d.code;
    const field: ConfigField = d.field;
    console.log(code, field, d.server, d.line, d.column, d.span.end, d.fix?.label, d.message, d.severity);
  }
  const c: Credential = { server: 'quay.io', username: 'u', password: 'p', email: null };
  try {
    const t: string = mergeDockerConfigs(removeCredential(upsertCredential(s.dockerconfigjson, c), 'quay.io'), '{}');
    console.log(t);
  } catch (err) {
    if (err instanceof DockerConfigEditError) {
      const f: 'server' | 'username' | 'password' | 'email' | 'configText' | 'a' | 'b' | null = err.field;
      const at: number | null = err.index;
      console.log(err.name, err.code, f, at, err.message);
    }
  }
  const m: CredentialMatches = matchCredentials(s.dockerconfigjson, 'nginx');
  const hit: MatchedKey | undefined = m.matched[0];
  const miss: UnmatchedKey | undefined = m.unmatched[0];
  const reason: MissReason | undefined = miss?.reason;
  console.log(kind, endpoint, fields, key, lines, out, n.valid, n.diagnostics, shape, meta, entry, m.image, m.imageError, m.dockerHubFallback, m.diagnostics, hit?.effectiveKey, hit?.username, hit?.hasPassword, hit?.dockerHubFallback, hit?.server, miss?.server, miss?.effectiveKey, miss?.message, reason);
  // @ts-expect-error: the password is required
  createRegistrySecret({ name: 'x' });
}

export async function usage(): Promise<void> {
  await init();
  const options: ImageOptions = { profile: 'oci' };
  const profile: Profile | undefined = options.profile;
  const v: Validation = validateImage('nginx', options);
  const valid: boolean = v.valid;
  const state: State = v.state;
  const normalized: string | null = v.normalized;
  const familiar: string | null = v.familiar;
  const c: Components = v.components;
  const parts: (string | null)[] = [c.registry, c.namespace, c.repository, c.tag, c.digest];
  for (const d of v.diagnostics) {
    const code: DiagnosticCode = d.code;
    const severity: Severity = d.severity;
    const component: Component = d.component;
    const message: string = d.message;
    const span: Span = d.span;
    const n: number = span.start + span.end;
    const fix: Fix | undefined = d.fix;
    const replacement: string | undefined = fix?.replacement;
    const label: string | undefined = fix?.label;
    console.log(code, severity, component, message, n, replacement, label);
  }
  const all: Validation[] = validateImages(['nginx', 'us.icr.io/team1/app:1.0'] as const);
  try {
    const p: ParsedImage = parseImage('nginx');
    const s: string = p.normalized;
    const notes: Diagnostic[] = p.diagnostics;
    console.log(s, notes.length, p.familiar, p.components.repository);
  } catch (e) {
    if (e instanceof InvalidImageReference) {
      const name: 'InvalidImageReference' = e.name;
      const code: DiagnosticCode = e.code;
      const component: Component = e.component;
      const span: Span = e.span;
      console.log(name, code, component, span.start, e.message);
    }
  }
  const codes: DiagnosticCode[] = diagnosticCodes();
  initSync(new Uint8Array(0));
  console.log(profile, valid, state, normalized, familiar, parts, all, codes);

  // @ts-expect-error: only the two profiles exist
  validateImage('nginx', { profile: 'docker' });
  // @ts-expect-error: codes are a closed union
  const bad: DiagnosticCode = 'no_such_code';
  // @ts-expect-error: severities are a closed union
  const sev: Severity = 'fatal';
  // @ts-expect-error: the input is a string
  validateImage(42);
  console.log(bad, sev);

  // Image policies and pinning (SPEC §6).
  const policy: ImagePolicy = { allowedRegistries: ['us.icr.io/team1', '*.icr.io'], disallowLatest: true };
  try {
    const result: PolicyResult = evaluateImagePolicy('us.icr.io/team1/app:1.0', policy);
    const first: PolicyViolation | undefined = result.violations[0];
    const rule: PolicyRule | undefined = first?.rule;
    const normalizedImage: string | null = result.normalized;
    const inner: Diagnostic[] = first ? first.diagnostics : [];
    console.log(result.allowed, rule, normalizedImage, inner.length, first?.span.start, first?.message);
    const pinned: string = pinImage('nginx:1.25', `sha256:${'a'.repeat(64)}`);
    console.log(pinned);
  } catch (e) {
    if (e instanceof ImagePolicyError) {
      const where: 'allowedRegistries' | 'blockedRegistries' = e.list;
      console.log(e.code, where, e.index);
    } else if (e instanceof ImagePinError) {
      const field: 'image' | 'digest' = e.field;
      const referenceCode: DiagnosticCode | null = e.referenceCode;
      console.log(e.code, field, e.span.end, referenceCode);
    }
  }
  const kind: RegistryKind = registryInfo('cp.icr.io').kind;
  const usernames: string[] = registryInfo('gcr.io').usernames;
  createRegistrySecret({ name: 'x', password: 'p', now: new Date() });
  createRegistrySecret({ name: 'x', password: 'p', now: Date.now() });
  console.log(kind, usernames);
  // @ts-expect-error: rules are a closed union
  const badRule: PolicyRule = 'no_such_rule';
  // @ts-expect-error: kinds are a closed union
  const badKind: RegistryKind = 'gitlab';
  console.log(badRule, badKind);
}

// The image module: its own functions and every type; the rest is not there.
import initImage, {
  initSync as initImageSync,
  validateImage as validateImageSmall,
  registryInfo as registryInfoSmall,
  type Validation as SmallValidation,
  type RegistryInfo as SmallRegistryInfo,
} from 'registry-access/image';
import { createRegistrySecret as notInImage } from 'registry-access/image';

export async function imageModule(bytes: Uint8Array): Promise<void> {
  await initImage({ module_or_path: bytes });
  initImageSync({ module: bytes });
  await init({ module_or_path: fetch('/registry_access_bg.wasm') });
  const v: SmallValidation = validateImageSmall('nginx');
  const info: SmallRegistryInfo = registryInfoSmall('us.icr.io');
  // @ts-expect-error: secrets are in the full module only (a type there, not a value)
  notInImage({ name: 'x', server: 'us.icr.io', username: 'iamapikey', password: 'p' });
  console.log(v.normalized, info.kind);
}

// The access check (SPEC §5): every option and report field typed.
import {
  checkImageAccess,
  type AccessCode,
  type AccessDiagnostic,
  type AccessReport,
  type AccessRequest,
  type CheckAccessOptions,
  type RateLimit,
} from 'registry-access';

export async function access(): Promise<void> {
  const controller = new AbortController();
  const options: CheckAccessOptions = {
    credential: { username: 'iamapikey', password: 'x' },
    platform: null,
    fetch: (url, init) => fetch(url, init),
    timeoutMs: 5000,
    signal: controller.signal,
    allowInsecureLoopback: false,
    trustedRealmHosts: ['auth.example'],
  };
  const report: AccessReport = await checkImageAccess('us.icr.io/team1/app:1.0', options);
  const ok: boolean = report.ok;
  const image: string = report.image;
  const registry: string | null = report.registry;
  const endpoint: string | null = report.endpoint;
  const auth: 'none' | 'basic' | 'bearer' | null = report.auth;
  const key: string | null = report.credentialKey;
  const digest: string | null = report.digest;
  const mediaType: string | null = report.mediaType;
  const platforms: string[] | null = report.platforms;
  const limit: RateLimit | null = report.rateLimit;
  const requests: AccessRequest[] = report.requests;
  const status: number | null = requests[0].status;
  const first: AccessDiagnostic = report.diagnostics[0];
  const code: AccessCode = first.code;
  const replacement: string | undefined = first.fix?.replacement;
  console.log(ok, image, registry, endpoint, auth, key, digest, mediaType, platforms, limit?.windowSeconds, status, code, replacement);
  await checkImageAccess('nginx', { dockerconfigjson: '{"auths":{}}' });
  // @ts-expect-error: access codes are a closed union
  const bad: AccessCode = 'not_a_code';
  // @ts-expect-error: the platform is a string or null
  await checkImageAccess('nginx', { platform: 64 });
  console.log(bad);
}
