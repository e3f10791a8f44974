// Types of registry-access's functions and results (shared by every entry).
// `DiagnosticCode` is filled in from the Rust code table when the package is
// built (`make pkg`), so it always lists exactly the codes the .wasm reports.

/** What `init()` loads the .wasm from; by default the file next to the entry module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync()` instantiates from: a compiled module or the .wasm bytes. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** Which rules to validate with: Code Engine's (the default) or exactly distribution/reference's. */
export type Profile = 'codeEngine' | 'oci';

/** Only `error` makes a reference invalid. */
export type Severity = 'error' | 'warning' | 'info';

/** The part of an image reference a diagnostic is about. */
export type Component = 'reference' | 'registry' | 'namespace' | 'repository' | 'tag' | 'digest';

/** `incomplete`: every error sits at the end and typing more could clear it. */
export type State = 'valid' | 'incomplete' | 'invalid';

/** Every code an image diagnostic can carry. */
export type DiagnosticCode = /*DiagnosticCode*/;

/** A half-open range of the input in UTF-16 code units (JS string indices). */
export interface Span {
  start: number;
  end: number;
}

/** A suggested repair; `replacement` is the whole corrected input. */
export interface Fix {
  label: string;
  replacement: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  component: Component;
  /** Short, lowercase, no trailing period; quotes the offending text. */
  message: string;
  span: Span;
  fix?: Fix;
}

/** The components as typed (not defaulted); `null` when absent. */
export interface Components {
  registry: string | null;
  namespace: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
}

export interface Validation {
  /** No diagnostic of severity `error`. */
  valid: boolean;
  state: State;
  /** The full form with defaults applied; `null` when invalid. */
  normalized: string | null;
  /** Docker's short form; `null` when invalid. */
  familiar: string | null;
  components: Components;
  diagnostics: Diagnostic[];
}

export interface ImageOptions {
  /** Default `"codeEngine"`. */
  profile?: Profile;
}

/** What `parseImage` returns for a valid reference. */
export interface ParsedImage {
  normalized: string;
  familiar: string | null;
  components: Components;
  /** The warnings and notes (never an error). */
  diagnostics: Diagnostic[];
}

/** Thrown by `parseImage`: the first error diagnostic of the input. */
export declare class InvalidImageReference extends Error {
  readonly name: 'InvalidImageReference';
  readonly code: DiagnosticCode;
  readonly component: Component;
  readonly span: Span;
  constructor(diagnostic: Pick<Diagnostic, 'code' | 'component' | 'span' | 'message'>);
}

/** Validates one image reference; never throws for a string. */
export declare function validateImage(input: string, options?: ImageOptions): Validation;

/** Validates many references in one call; equal to validateImage on each. */
export declare function validateImages(inputs: readonly string[], options?: ImageOptions): Validation[];

/** Parses a reference, or throws InvalidImageReference. */
export declare function parseImage(input: string, options?: ImageOptions): ParsedImage;

/** Every diagnostic code of the table, in table order. */
export declare function diagnosticCodes(): DiagnosticCode[];

// ---- Registries (SPEC §2) and secrets (SPEC §3) ----

/** Every code a registry or secret diagnostic can carry. */
export type SecretCode = /*SecretCode*/;

/** The input field a registry or secret diagnostic is about. */
export type SecretField = 'name' | 'server' | 'username' | 'password' | 'email' | 'namespace' | 'passwordFile' | 'config' | 'image';

/** SPEC §2.1, §2.2: `icr`, `icr-entitled`, `dockerhub`, `ghcr`, `ecr`, `gar`, `acr`, `quay`, `other`. */
export type RegistryKind = /*RegistryKind*/;

export type Endpoint = 'public' | 'private';

/** Like `Diagnostic`, with the input `field` instead of an image component. The span is in that field's text. */
export interface SecretDiagnostic {
  code: SecretCode;
  severity: Severity;
  field: SecretField;
  /** Never contains a password. */
  message: string;
  span: Span;
  fix?: Fix;
}

export interface RegistryInfo {
  /** The server as given. */
  input: string;
  /** No diagnostic of severity `error`. */
  valid: boolean;
  kind: RegistryKind;
  /** Lowercase, without scheme, port or path; `null` when there is no usable host. */
  host: string | null;
  port: number | null;
  /** ICR region (`us-south`, `global`, …). */
  region: string | null;
  /** ICR only. */
  endpoint: Endpoint | null;
  /** `https://index.docker.io/v1/` for Docker Hub, else the lowercase `host[:port]`. */
  credentialKey: string | null;
  /** `iamapikey` for ICR, `cp` for `cp.icr.io`, `AWS` for ECR, `_json_key` for Artifact Registry. */
  defaultUsername: string | null;
  /** The only usernames this kind of registry accepts; empty when the username is the user's own. */
  usernames: string[];
  /** ICR only: `ce-auto-icr-private-<region>`. */
  managedSecretName: string | null;
  diagnostics: SecretDiagnostic[];
}

/** What to build a registry secret from (`ibmcloud ce secret create --format registry`). */
export interface RegistrySecretInput {
  name: string;
  /** Default `us.icr.io`. */
  server?: string | null;
  /** Default `iamapikey` on an ICR server. */
  username?: string | null;
  password: string;
  email?: string | null;
  /** Kubernetes namespace of the manifest; left out when absent. */
  namespace?: string | null;
  /** Reproduce kubectl before 1.34 (`"creationTimestamp": null`). */
  creationTimestampNull?: boolean;
  /** The file named in `--password-from-file`; default `password.txt`. */
  passwordFile?: string | null;
  /** The time a token's `exp` is checked against (`token_expired`): a Date or milliseconds since the epoch; default now. */
  now?: Date | number | null;
}

/** A command line: its arguments and the line quoted for POSIX shells. */
export interface ShellCommand {
  argv: string[];
  line: string;
}

export interface SecretCommands {
  /** `ibmcloud ce secret create … --password-from-file FILE` (recommended). */
  ibmcloud: ShellCommand;
  /** The same with `--password`. */
  ibmcloudWithPassword: ShellCommand;
  kubectl: ShellCommand;
  /** `docker login SERVER --username USER --password-stdin`. */
  dockerLogin: ShellCommand;
}

export interface RegistrySecret {
  valid: boolean;
  /** The server used (the input or the default). */
  server: string;
  /** The username used (the input or the default). */
  username: string;
  registry: RegistryInfo;
  /** Exactly the bytes kubectl stores under `.dockerconfigjson`. */
  dockerconfigjson: string;
  /** `kubectl … --dry-run=client -o json`; `null` when the name or namespace is invalid. */
  secretJson: string | null;
  /** `kubectl … --dry-run=client -o yaml`; `null` as for `secretJson`. */
  secretYaml: string | null;
  commands: SecretCommands;
  diagnostics: SecretDiagnostic[];
}

export interface SecretNameValidation {
  valid: boolean;
  diagnostics: SecretDiagnostic[];
}

// ---- Reading and editing docker configs (SPEC §3.3) ----

/** Every code a docker-config diagnostic can carry. */
export type ConfigCode = /*ConfigCode*/;

export type ConfigField = 'config' | 'secret' | 'server' | 'username' | 'password' | 'email' | 'auth' | 'identitytoken';

export type ConfigShape = 'dockerconfigjson' | 'dockercfg';

export interface ConfigDiagnostic {
  code: ConfigCode;
  severity: Severity;
  field: ConfigField;
  /** The credential key the finding is about. */
  server: string | null;
  message: string;
  /** In the text given (UTF-16 code units). */
  span: Span;
  fix?: Fix;
  /** JSON syntax errors: 1-based line and column. */
  line: number | null;
  column: number | null;
}

export interface InspectOptions {
  /** Include passwords, `auth` and identity tokens. Default false. */
  reveal?: boolean;
  /** The time a token's `exp` is checked against (`token_expired`): a Date or milliseconds since the epoch; default now. */
  now?: Date | number | null;
}

export interface ConfigEntry {
  server: string;
  kind: RegistryKind;
  username: string | null;
  hasPassword: boolean;
  passwordLength: number;
  email: string | null;
  hasAuth: boolean;
  /** `null` when there is no `auth`, it does not decode, or nothing to compare. */
  authMatches: boolean | null;
  hasIdentityToken: boolean;
  /** Only with `reveal`. */
  password: string | null;
  /** Only with `reveal`. */
  auth: string | null;
  /** Only with `reveal`. */
  identityToken: string | null;
}

export interface SecretSummary {
  name: string | null;
  namespace: string | null;
  type: string | null;
  dataKey: string | null;
}

export interface DockerConfigInspection {
  valid: boolean;
  shape: ConfigShape | null;
  /** Layers of base64 taken off (0, 1, or 2 with `double_base64`). */
  base64Layers: number;
  secret: SecretSummary | null;
  entries: ConfigEntry[];
  credentialHelpers: string[];
  diagnostics: ConfigDiagnostic[];
}

export interface Credential {
  server: string;
  username: string;
  password: string;
  email?: string | null;
}

/** Thrown by upsertCredential, removeCredential and mergeDockerConfigs. */
export declare class DockerConfigEditError extends Error {
  readonly name: 'DockerConfigEditError';
  /** A reading diagnostic's code, `invalid_credential`, `invalid_field_type`, `server_not_found` or `invalid_utf16` (an argument with a lone surrogate). */
  readonly code: ConfigCode | 'invalid_credential' | 'invalid_field_type' | 'server_not_found';
  /** For `invalid_credential`: `server`, `username` or `password`; for `invalid_utf16`: the argument or credential field. */
  readonly field: 'server' | 'username' | 'password' | 'email' | 'configText' | 'a' | 'b' | null;
  /** For `invalid_utf16`: the lone surrogate's index in that field (UTF-16 code units); else `null`. */
  readonly index: number | null;
  constructor(error: { code: string; field?: string | null; index?: number | null; message: string });
}

// ---- Which credentials a pull uses (SPEC §3.4) ----

/** Why a pull would not use a config entry. */
export type MissReason = /*MissReason*/;

export interface MatchedKey {
  server: string;
  effectiveKey: string;
  username: string | null;
  hasPassword: boolean;
  dockerHubFallback: boolean;
}

export interface UnmatchedKey {
  server: string;
  effectiveKey: string | null;
  reason: MissReason;
  message: string;
}

export interface CredentialMatches {
  /** The name the kubelet looks up; `null` when the image does not parse. */
  image: string | null;
  /** Why the image does not parse (`invalid_utf16`'s message for a lone surrogate: then nothing is matched). */
  imageError: string | null;
  matched: MatchedKey[];
  unmatched: UnmatchedKey[];
  dockerHubFallback: boolean;
  diagnostics: ConfigDiagnostic[];
}

export declare function registryInfo(server: string): RegistryInfo;
/** Throws InvalidImageReference when `image` is not a valid reference. */
export declare function serverForImage(image: string): string;
/**
 * A field with a lone surrogate gets an `invalid_utf16` diagnostic (each such field one) and
 * nothing is built from it: `valid: false`, empty `dockerconfigjson`, `server`, `username` and
 * commands, `null` manifests, a `registry` with no host.
 */
export declare function createRegistrySecret(input: RegistrySecretInput): RegistrySecret;
export declare function validateSecretName(name: string): SecretNameValidation;
export declare function inspectDockerConfig(text: string, options?: InspectOptions): DockerConfigInspection;
/** Throws DockerConfigEditError. */
export declare function upsertCredential(configText: string, credential: Credential): string;
/** Throws DockerConfigEditError. */
export declare function removeCredential(configText: string, server: string): string;
/** Entries of `b` win. Throws DockerConfigEditError. */
export declare function mergeDockerConfigs(a: string, b: string): string;
export declare function matchCredentials(configText: string, image: string): CredentialMatches;

// ---- Checking access before a deploy (SPEC §5) ----

/** Every cause of a failed check a user can act on (plus `invalid_image`). */
export type AccessCode = /*AccessCode*/;

export interface AccessCredential {
  username: string;
  /** A password, API key or token; it never appears in a report. */
  password: string;
}

/** A `fetch` as the check calls it: `redirect: 'manual'`, a signal, headers as pairs. */
export type AccessFetch = (
  url: string,
  init: { method: 'GET' | 'HEAD'; headers: [string, string][]; redirect: 'manual'; signal: AbortSignal },
) => Promise<Response>;

export interface CheckAccessOptions {
  /** Credentials for the image's registry. */
  credential?: AccessCredential;
  /** A `.dockerconfigjson`: the kubelet's rules pick its entry for the image. */
  dockerconfigjson?: string;
  /** `os/arch[/variant]` the image must have; default `linux/amd64`; `null` skips the platform check. */
  platform?: string | null;
  /** Default `globalThis.fetch`. */
  fetch?: AccessFetch;
  /** Per request, headers and body; default 10000. */
  timeoutMs?: number;
  /** Aborting it rejects the promise with the signal's reason (an `AbortError`). */
  signal?: AbortSignal;
  /** Plain http to 127.0.0.0/8, ::1 and localhost (local registries, tests); default false. */
  allowInsecureLoopback?: boolean;
  /** Token realm hosts to send credentials to, besides the registry's own and its known auth hosts. */
  trustedRealmHosts?: string[];
}

export interface AccessFix {
  label: string;
  /** The whole image to use instead. */
  replacement: string;
}

export interface AccessDiagnostic {
  code: AccessCode;
  severity: Severity;
  /** Short, lowercase, no trailing period; quotes at most 200 characters of server text. */
  message: string;
  fix?: AccessFix;
}

export interface RateLimit {
  limit: number;
  remaining: number;
  windowSeconds: number;
}

export interface AccessRequest {
  method: 'GET' | 'HEAD';
  url: string;
  /** `null` when no answer came (unreachable, timeout). */
  status: number | null;
}

export interface AccessReport {
  /** True when the pull would succeed. */
  ok: boolean;
  /** The normalized image (the input when it does not parse). */
  image: string;
  /** The registry host (Docker Hub's is `registry-1.docker.io`); `null` when the image does not parse. */
  registry: string | null;
  /** The URL the check used, e.g. `https://us.icr.io`; `null` when nothing was sent. */
  endpoint: string | null;
  /** How the registry authenticates pulls; `null` until its `/v2/` answered. */
  auth: 'none' | 'basic' | 'bearer' | null;
  /** The `.dockerconfigjson` key whose credential was used, when a config was given. */
  credentialKey: string | null;
  digest: string | null;
  mediaType: string | null;
  /** `os/arch[/variant]` of the index's entries; `null` when no index was read. */
  platforms: string[] | null;
  rateLimit: RateLimit | null;
  /** Every request sent, without headers. */
  requests: AccessRequest[];
  diagnostics: AccessDiagnostic[];
}

/**
 * Asks the image's registry whether a pull would work. Resolves to the report
 * (failures are diagnostics in it); rejects with TypeError for wrong
 * arguments and with the signal's reason when `signal` aborts.
 */
/**
 * Rejects only for wrong arguments (a TypeError; a string with a lone surrogate is one, with
 * `code: 'invalid_utf16'`, `field` such as `options.credential.password` and `index`, before any
 * request) or an aborted `signal`.
 */
export declare function checkImageAccess(image: string, options?: CheckAccessOptions): Promise<AccessReport>;

// ---- Image policies and pinning (SPEC §6) ----

/** A rule an image can break. */
export type PolicyRule = /*PolicyRule*/;

/**
 * What a console admits. Registry entries are a host (`us.icr.io`), a host and
 * path prefix (`us.icr.io/team1`) or a glob host (`*.icr.io`), matched at host
 * label, port and `/` boundaries after the image is normalized.
 */
export interface ImagePolicy {
  /** When given, the image must fall under one entry; `[]` admits nothing. */
  allowedRegistries?: readonly string[] | null;
  /** An image under any entry is refused, even when allowed. */
  blockedRegistries?: readonly string[] | null;
  /** Refuse `:latest` and a missing tag (a digest pins either). */
  disallowLatest?: boolean | null;
  /** Refuse an image without a digest. */
  requireDigest?: boolean | null;
  /** Refuse an image without an explicit tag. */
  requireTag?: boolean | null;
}

export interface PolicyViolation {
  rule: PolicyRule;
  message: string;
  /** In the image text (UTF-16 code units). */
  span: Span;
  /** For `invalid_reference`: the image's own diagnostics (`oci` profile); empty otherwise. */
  diagnostics: Diagnostic[];
}

export interface PolicyResult {
  /** No violation. */
  allowed: boolean;
  /** As the kubelet pulls it (`docker.io/library/nginx:latest`); `null` when invalid. */
  normalized: string | null;
  violations: PolicyViolation[];
}

/** Thrown by evaluateImagePolicy when an entry of the policy is malformed. */
export declare class ImagePolicyError extends Error {
  readonly name: 'ImagePolicyError';
  /** `invalid_utf16`: the entry has a lone surrogate. */
  readonly code: 'invalid_policy_entry' | 'invalid_utf16';
  readonly list: 'allowedRegistries' | 'blockedRegistries';
  /** The entry's position in its list. */
  readonly index: number;
  constructor(error: { code: string; list: string; index: number; message: string });
}

/** Thrown by pinImage. */
export declare class ImagePinError extends Error {
  readonly name: 'ImagePinError';
  /** `invalid_utf16`: the field has a lone surrogate (`span` covers it). */
  readonly code: 'invalid_image' | 'invalid_digest' | 'digest_conflict' | 'invalid_utf16';
  /** The argument at fault. */
  readonly field: 'image' | 'digest';
  /** In that argument (UTF-16 code units). */
  readonly span: Span;
  /** The image diagnostic underneath (`oci_digest_length`, …), when there is one. */
  readonly referenceCode: DiagnosticCode | null;
  constructor(error: { code: string; field: string; span: Span; message: string; referenceCode?: string | null });
}

/** Whether `policy` admits `image`; never throws for an image, throws ImagePolicyError for a malformed entry. */
export declare function evaluateImagePolicy(image: string, policy?: ImagePolicy | null): PolicyResult;
/** `REPOSITORY:TAG@DIGEST` (normalized; the tag kept when there is one). Throws ImagePinError. */
export declare function pinImage(image: string, digest: string): string;
