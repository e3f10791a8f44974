//! Reading and editing existing registry credentials (SPEC §3.3): a
//! `.dockerconfigjson`, a legacy `.dockercfg`, either one base64-encoded, or
//! a whole Kubernetes `Secret` manifest in JSON, or in YAML as `kubectl get
//! secret -o yaml` prints it (a narrow reader, see `yaml_manifest`).
//!
//! What is read and how:
//! - JSON by serde_json (duplicate keys: the last wins, as in Go).
//! - The `auth` field exactly as docker and the kubelet read it: Go's
//!   `base64.StdEncoding` (standard alphabet, padding required, `\r` and
//!   `\n` ignored), then split at the first `:`. When `auth` is present it
//!   wins over `username`/`password`.
//! - Base64 around a whole document (pasted from `kubectl get secret -o
//!   jsonpath=...`) leniently: whitespace and line breaks anywhere, the
//!   standard or URL-safe alphabet, with or without padding.
//! - A Secret's `data` values as the API server does (standard alphabet,
//!   padding required); `stringData` values as plain text (they win over
//!   `data`, as on the API server).
//!
//! The password, `auth` and identity tokens never appear in a message, a
//! fix, or a `Debug` print unless [`InspectOptions::reveal`] asks for them.
//!
//! Editing ([`upsert_credential`], [`remove_credential`],
//! [`merge_docker_configs`]) writes the document with the shared kubectl
//! writer ([`crate::gojson::auths_document`]): compact, keys sorted,
//! fields `username,password,email,auth`, empty fields omitted. Fields that
//! kubectl's `DockerConfigEntry` does not have (`identitytoken`,
//! `registrytoken`, ...) and top-level fields other than `auths`
//! (`credsStore`, `credHelpers`, `HttpHeaders`, ...) are kept, not dropped:
//! they are written after kubectl's fields, sorted, in Go's encoding, so
//! nothing a docker client relies on is lost. A document with only kubectl's
//! fields (every pull secret kubectl creates) comes out byte-exact as kubectl
//! writes it; `inspect_docker_config` reports the other fields
//! (`identity_token_only`, `credential_helper_only`, `unknown_field`).

use crate::diagnostics::{Fix, Severity, Span};
use crate::gojson::{self, AuthEntry};
use crate::matching;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

// ---------------------------------------------------------------------------
// Result types
// ---------------------------------------------------------------------------

/// Options of [`inspect_docker_config`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InspectOptions {
    /// Include passwords, `auth` and identity tokens in the entries, and
    /// fixes whose replacement contains them. Off by default.
    pub reveal: bool,
}

/// The shape of the credentials document found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// `{"auths":{SERVER:{...}}}`, what `kubernetes.io/dockerconfigjson` holds.
    DockerConfigJson,
    /// `{SERVER:{...}}`, the legacy `.dockercfg` of `kubernetes.io/dockercfg`.
    DockerCfg,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::DockerConfigJson => "dockerconfigjson",
            Shape::DockerCfg => "dockercfg",
        }
    }
}

pub use crate::registry::RegistryKind;

/// What a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigField {
    /// The document as a whole (`"config"`, as the secret diagnostics'
    /// `Field::Config`).
    Config,
    /// The Secret manifest's `kind`/`type`/`data`.
    Secret,
    /// A credential key (`server` names it).
    Server,
    Username,
    Password,
    Email,
    Auth,
    IdentityToken,
}

impl ConfigField {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigField::Config => "config",
            ConfigField::Secret => "secret",
            ConfigField::Server => "server",
            ConfigField::Username => "username",
            ConfigField::Password => "password",
            ConfigField::Email => "email",
            ConfigField::Auth => "auth",
            ConfigField::IdentityToken => "identitytoken",
        }
    }
}

macro_rules! config_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident; )*) => {
        /// Every code [`inspect_docker_config`] reports (SPEC §3.3 and more).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ConfigCode { $( $(#[$doc])* $variant, )* }

        impl ConfigCode {
            /// All codes, in table order.
            pub const ALL: &'static [ConfigCode] = &[ $( ConfigCode::$variant, )* ];
            /// The stable snake_case code.
            pub fn as_str(self) -> &'static str {
                match self { $( ConfigCode::$variant => $code, )* }
            }
            pub fn severity(self) -> Severity {
                match self { $( ConfigCode::$variant => Severity::$severity, )* }
            }
        }
    };
}

config_codes! {
    /// The input is empty or only whitespace.
    Empty = "empty", Error;
    /// Not JSON (with line, column and span).
    InvalidJson = "invalid_json", Error;
    /// YAML outside the subset read (flow collections, anchors, tags), or
    /// YAML that is not a Secret manifest.
    YamlNotSupported = "yaml_not_supported", Error;
    /// JSON, but not an object where one is needed.
    NotAnObject = "not_an_object", Error;
    /// A legacy `.dockercfg` where a `.dockerconfigjson` is expected.
    MissingAuthsWrapper = "missing_auths_wrapper", Warning;
    /// Base64 of base64 of a config.
    DoubleBase64 = "double_base64", Error;
    /// `auth` disagrees with `username`/`password`.
    AuthMismatch = "auth_mismatch", Warning;
    /// `auth` is not base64 of `user:pass`.
    AuthUndecodable = "auth_undecodable", Error;
    /// Only credential helpers: the file holds no credentials.
    CredentialHelperOnly = "credential_helper_only", Error;
    /// Only an identity token, which the kubelet ignores.
    IdentityTokenOnly = "identity_token_only", Error;
    /// The manifest is not a Secret of a registry type.
    WrongSecretType = "wrong_secret_type", Error;
    /// A key the kubelet never matches to an image as people write them.
    ServerKeyNeverMatches = "server_key_never_matches", Warning;
    /// No credentials at all (`{"auths":{}}`).
    NoEntries = "no_entries", Error;
    /// An entry with no username, password, auth or token.
    EmptyEntry = "empty_entry", Error;
    /// A username without a password or the other way round.
    IncompleteCredentials = "incomplete_credentials", Error;
    /// A field of the wrong JSON type: the kubelet cannot decode the secret, so every pull of a pod that uses it fails.
    InvalidFieldType = "invalid_field_type", Error;
    /// A Secret without the data key its type needs.
    MissingDataKey = "missing_data_key", Error;
    /// A Secret `data` value that is not base64.
    SecretDataInvalid = "secret_data_invalid", Error;
    /// The password starts or ends with whitespace (a pasted key).
    PasswordWhitespace = "password_whitespace", Warning;
    /// Two keys the kubelet reduces to the same registry.
    DuplicateServer = "duplicate_server", Warning;
    /// The same key twice in one JSON object: the last one counts.
    DuplicateKey = "duplicate_key", Warning;
    /// A field kubectl's `DockerConfigEntry` does not have (kept by editing,
    /// ignored by the kubelet).
    UnknownField = "unknown_field", Info;
    // The credential checks of SPEC §3.1 on each entry read, with the same
    // code strings as `SecretCode`. username_colon is checked here (its
    // message must not quote the username); the four after it are
    // `create_registry_secret`'s checks and messages (one place).
    /// A `username` field with a `:` (and no `auth`): the registry takes the
    /// part after it as password. Not quoted: it usually holds a pasted
    /// "user:password".
    UsernameColon = "username_colon", Error;
    /// ICR with a username other than `iamapikey`/`iambearer`/`iamrefresh`.
    UsernameNotIcr = "username_not_icr", Warning;
    /// `iamapikey` on a registry that is not ICR.
    UsernameIamapikeyNotIcr = "username_iamapikey_not_icr", Warning;
    /// A password shaped like an IAM API key with another username.
    PasswordApiKeyUsername = "password_api_key_username", Warning;
    /// A Docker Hub access token on an ICR server.
    PasswordDockerTokenOnIcr = "password_docker_token_on_icr", Warning;
}

impl fmt::Display for ConfigCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about the credentials: the shape of SPEC §1.5 with `field`
/// (and the entry's `server`) instead of `component`.
///
/// `span` is a byte range of the input text: the exact place for JSON
/// syntax errors and keys of a plain document; the whole input when the
/// finding is inside base64. `fix.replacement` is the whole corrected input;
/// a fix whose replacement would contain a secret is only given with
/// [`InspectOptions::reveal`].
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigDiagnostic {
    pub code: ConfigCode,
    pub severity: Severity,
    pub field: ConfigField,
    /// The credential key the finding is about, if any.
    pub server: Option<String>,
    pub message: String,
    pub span: Span,
    pub fix: Option<Fix>,
    /// JSON syntax errors: 1-based line and column (serde_json's).
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Debug for ConfigDiagnostic {
    // Hand-written: a revealed fix may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigDiagnostic")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("field", &self.field)
            .field("server", &self.server)
            .field("message", &self.message)
            .field("span", &self.span)
            .field("fix", &self.fix.as_ref().map(|x| (&x.label, "<replacement redacted>")))
            .field("line", &self.line)
            .field("column", &self.column)
            .finish()
    }
}

/// One registry's credentials, redacted unless revealed.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key as written.
    pub server: String,
    pub kind: RegistryKind,
    /// The username docker and the kubelet use: from `auth` when it decodes,
    /// else the `username` field.
    pub username: Option<String>,
    /// Whether a non-empty password is there (from `auth` or `password`).
    pub has_password: bool,
    /// Its length in characters (0 when none).
    pub password_length: usize,
    pub email: Option<String>,
    /// Whether an `auth` field is there.
    pub has_auth: bool,
    /// Whether `auth` agrees with `username`/`password`: `None` when there
    /// is no `auth`, or it does not decode, or there are no fields to
    /// compare it with.
    pub auth_matches: Option<bool>,
    pub has_identity_token: bool,
    /// Revealed only: the password in use.
    pub password: Option<String>,
    /// Revealed only: the `auth` field as written.
    pub auth: Option<String>,
    /// Revealed only.
    pub identity_token: Option<String>,
}

impl fmt::Debug for Entry {
    // Hand-written so that a revealed secret never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = |s: &Option<String>| s.as_ref().map(|_| "<redacted>");
        f.debug_struct("Entry")
            .field("server", &self.server)
            .field("kind", &self.kind)
            .field("username", &self.username)
            .field("has_password", &self.has_password)
            .field("password_length", &self.password_length)
            .field("email", &self.email)
            .field("has_auth", &self.has_auth)
            .field("auth_matches", &self.auth_matches)
            .field("has_identity_token", &self.has_identity_token)
            .field("password", &r(&self.password))
            .field("auth", &r(&self.auth))
            .field("identity_token", &r(&self.identity_token))
            .finish()
    }
}

/// The Secret manifest around the credentials, when there was one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretSummary {
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `type` as written; `None` when absent (the API server then uses `Opaque`).
    pub secret_type: Option<String>,
    /// The data key read (`.dockerconfigjson` or `.dockercfg`).
    pub data_key: Option<String>,
}

/// The answer of [`inspect_docker_config`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// No diagnostic of severity error.
    pub valid: bool,
    /// The shape found; `None` when the text could not be read.
    pub shape: Option<Shape>,
    /// How many layers of base64 were taken off (0, 1, or 2 with `double_base64`).
    pub base64_layers: u32,
    pub secret: Option<SecretSummary>,
    /// Entries in key order (byte-wise, as Go writes them).
    pub entries: Vec<Entry>,
    /// `credsStore` and the helpers named in `credHelpers`.
    pub credential_helpers: Vec<String>,
    pub diagnostics: Vec<ConfigDiagnostic>,
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Reads `text` in any accepted shape and reports its entries and every
/// finding. Never fails and never panics; an unreadable input gives no
/// entries and an error diagnostic.
///
/// ```
/// use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
/// let i = inspect_docker_config(
///     r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":"s3cret","auth":"aWFtYXBpa2V5OnMzY3JldA=="}}}"#,
///     &InspectOptions::default(),
/// );
/// assert!(i.valid);
/// assert_eq!(i.entries[0].username.as_deref(), Some("iamapikey"));
/// assert_eq!(i.entries[0].password_length, 6);
/// assert_eq!(i.entries[0].password, None);
/// ```
pub fn inspect_docker_config(text: &str, options: &InspectOptions) -> Inspection {
    let mut cx = Cx::new(text, options.reveal);
    let doc = read_document(&mut cx);
    let mut inspection = Inspection {
        valid: true,
        shape: None,
        base64_layers: cx.base64_layers,
        secret: cx.secret.take(),
        entries: Vec::new(),
        credential_helpers: Vec::new(),
        diagnostics: Vec::new(),
    };
    if let Some(doc) = doc {
        inspection.shape = Some(doc.shape);
        inspection.credential_helpers = doc.helpers.clone();
        inspection.entries = inspect_entries(&mut cx, &doc);
    }
    inspection.base64_layers = cx.base64_layers;
    inspection.valid = !cx.diags.iter().any(|d| d.severity == Severity::Error);
    inspection.diagnostics = cx.diags;
    inspection
}

/// State while reading: the input, where spans can point, and the findings.
struct Cx<'a> {
    text: &'a str,
    reveal: bool,
    /// True while the document being read is the input text itself, so
    /// spans can point into it.
    plain: bool,
    base64_layers: u32,
    secret: Option<SecretSummary>,
    /// Rebuilds the whole input around a corrected config (for fixes).
    wrap: Wrap,
    diags: Vec<ConfigDiagnostic>,
}

/// How the config sat in the input, to build a fix's whole replacement.
#[derive(Clone)]
enum Wrap {
    Plain,
    Base64,
    /// A manifest: its parsed value and the data key the config sits under.
    Secret(Value, String, bool),
}

impl<'a> Cx<'a> {
    fn new(text: &'a str, reveal: bool) -> Cx<'a> {
        Cx { text, reveal, plain: true, base64_layers: 0, secret: None, wrap: Wrap::Plain, diags: Vec::new() }
    }

    fn whole(&self) -> Span {
        Span::new(0, self.text.len())
    }

    fn push(&mut self, code: ConfigCode, field: ConfigField, server: Option<&str>, message: String, span: Span) {
        self.diags.push(ConfigDiagnostic {
            code,
            severity: code.severity(),
            field,
            server: server.map(str::to_string),
            message,
            span,
            fix: None,
            line: None,
            column: None,
        });
    }

    /// Attaches a fix to the last diagnostic. `secret` says whether the
    /// replacement holds credentials: then it is only given with `reveal`.
    fn fix(&mut self, label: String, replacement: String, secret: bool) {
        if secret && !self.reveal {
            return;
        }
        if let Some(d) = self.diags.last_mut() {
            d.fix = Some(Fix { label, replacement });
        }
    }

    /// The span of a key `"server"` in a plain document (its first
    /// occurrence as a JSON string), else the whole input.
    fn key_span(&self, server: &str) -> Span {
        if self.plain {
            // Most keys are written without escapes: try that first (a
            // plain search), then the key as serde_json escapes it.
            let plain = format!("\"{server}\"");
            if let Some(i) = self.text.find(&plain) {
                return Span::new(i, i + plain.len());
            }
            let mut quoted = String::new();
            serde_string(&mut quoted, server);
            if let Some(i) = self.text.find(&quoted) {
                return Span::new(i, i + quoted.len());
            }
        }
        self.whole()
    }

    /// The span of field `"name"` after the key `server`, else the key's.
    fn field_span(&self, server: &str, name: &str) -> Span {
        let key = self.key_span(server);
        if self.plain && key != self.whole() {
            let needle = format!("\"{name}\"");
            if let Some(i) = self.text[key.end..].find(&needle) {
                let start = key.end + i;
                return Span::new(start, start + needle.len());
            }
        }
        key
    }

    /// The whole input with its config replaced by `config` (a fix).
    fn rewrap(&self, config: &str) -> String {
        match &self.wrap {
            Wrap::Plain => config.to_string(),
            Wrap::Base64 => STANDARD.encode(config),
            Wrap::Secret(manifest, key, string_data) => {
                let mut m = manifest.clone();
                let (section, value) =
                    if *string_data { ("stringData", config.to_string()) } else { ("data", STANDARD.encode(config)) };
                if let Some(obj) = m.get_mut(section).and_then(Value::as_object_mut) {
                    obj.insert(key.clone(), Value::String(value));
                }
                pretty(&m)
            }
        }
    }
}

/// `serde_json::to_string_pretty(v)`, written here: serde_json's serializer
/// brings its own copies of the formatting code into the WebAssembly for the
/// two fixes that print a manifest. Same bytes (the unit test compares):
/// two-space indent, `": "`, empty `{}` and `[]`, serde_json's escaping.
fn pretty(v: &Value) -> String {
    fn go(out: &mut String, v: &Value, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        };
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => serde_string(out, s),
            Value::Array(a) if a.is_empty() => out.push_str("[]"),
            Value::Object(m) if m.is_empty() => out.push_str("{}"),
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    go(out, x, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            Value::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    serde_string(out, k);
                    out.push_str(": ");
                    go(out, x, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    go(&mut out, v, 0);
    out
}

/// A string as serde_json writes it: `"` and `\\` escaped, the control
/// characters below U+0020 as `\b \f \n \r \t` or `\u00xx`, the rest as is
/// (unlike Go's writer in [`gojson`], which also escapes `<`, `>`, `&`).
fn serde_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object as a sorted map, by `insert` (the same code serde_json's
/// own map uses) rather than `collect`, which would compile another copy of
/// the standard library's sort and bulk tree building into the WebAssembly.
fn tree(m: Map<String, Value>) -> BTreeMap<String, Value> {
    let mut t = BTreeMap::new();
    for (k, v) in m {
        t.insert(k, v);
    }
    t
}

/// A config document, read: entries by key (sorted) and the rest.
#[derive(Clone, Debug, Default)]
struct Doc {
    shape: Option<Shape>,
    entries: BTreeMap<String, Value>,
    /// Top-level fields other than `auths` (DockerConfigJson only).
    extras: BTreeMap<String, Value>,
    helpers: Vec<String>,
}

struct ReadDoc {
    shape: Shape,
    entries: BTreeMap<String, Value>,
    helpers: Vec<String>,
}

/// Top-level fields of a docker `config.json` that are not registries: seeing
/// them without `auths` means a docker config, not a legacy `.dockercfg`.
const DOCKER_CONFIG_FIELDS: &[&str] = &[
    "credsStore",
    "credHelpers",
    "HttpHeaders",
    "psFormat",
    "imagesFormat",
    "detachKeys",
    "experimental",
    "currentContext",
    "plugins",
    "proxies",
    "aliases",
    "features",
    "stackOrchestrator",
    "credStore",
];

fn read_document(cx: &mut Cx) -> Option<ReadDoc> {
    let doc = read_raw(cx)?;
    let shape = doc.shape?;
    Some(ReadDoc { shape, entries: doc.entries, helpers: doc.helpers })
}

/// Reads the input down to a config document; diagnostics for the layers.
fn read_raw(cx: &mut Cx) -> Option<Doc> {
    let text = cx.text;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        cx.push(ConfigCode::Empty, ConfigField::Config, None, "the input is empty".into(), cx.whole());
        return None;
    }
    let first = trimmed.as_bytes()[0];
    if first != b'{' && first != b'[' && first != b'"' && looks_like_yaml(trimmed) {
        let why = match yaml_manifest(text) {
            Ok(obj) if is_manifest(&obj) => return read_secret(cx, obj),
            Ok(_) => "this YAML is not a Kubernetes Secret manifest".to_string(),
            Err((line, why)) => format!("YAML line {line}: {why}"),
        };
        cx.push(
            ConfigCode::YamlNotSupported,
            ConfigField::Config,
            None,
            format!("{why}; paste it as JSON (kubectl get secret NAME -o json)"),
            cx.whole(),
        );
        return None;
    }
    if first != b'{' {
        // Maybe base64 of a config (or of base64 of one).
        if let Some(once) = lenient_base64_text(trimmed) {
            let once_t = once.trim();
            if once_t.starts_with('{') {
                cx.base64_layers = 1;
                cx.plain = false;
                cx.wrap = Wrap::Base64;
                return parse_config_text(cx, &once, Expect::Any);
            }
            if let Some(twice) = lenient_base64_text(once_t) {
                if twice.trim().starts_with('{') {
                    cx.base64_layers = 2;
                    cx.plain = false;
                    cx.push(
                        ConfigCode::DoubleBase64,
                        ConfigField::Config,
                        None,
                        "the input is base64 of base64 of a config; decode it once more (it was encoded twice)".into(),
                        cx.whole(),
                    );
                    cx.fix("decode one layer of base64".into(), once_t.to_string(), true);
                    cx.wrap = Wrap::Base64;
                    return parse_config_text(cx, &twice, Expect::Any);
                }
            }
        }
    }
    parse_config_text(cx, text, Expect::Any)
}

/// A first line like `apiVersion: v1` or `kind: Secret` (possibly after
/// `---` or comments).
fn looks_like_yaml(t: &str) -> bool {
    t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---").is_some_and(|l| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        })
    })
}

/// Reads a Secret manifest in YAML as `kubectl get secret NAME -o yaml`
/// prints it: block mappings, plain and quoted scalars, `|`/`>` block
/// scalars (annotations such as `last-applied-configuration`), comments and
/// `---`. Only what a registry secret needs is kept: top-level scalars and
/// the scalars under `metadata`, `data` and `stringData`; other subtrees
/// (lists such as `ownerReferences`, `managedFields`) are skipped whole.
///
/// Hand-written on purpose: that subset of YAML is a few dozen lines, while
/// a general YAML crate would multiply the size of the wasm module for one
/// optional input shape. Anything outside the subset (flow collections,
/// anchors, tags, tabs) is an error naming the line, never a guess.
fn yaml_manifest(text: &str) -> Result<Map<String, Value>, (usize, &'static str)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let mut root = Map::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut seen = false;
    let mut i = 0;
    while i < lines.len() {
        let (raw, n) = (lines[i], i + 1);
        i += 1;
        if blank(raw) {
            continue;
        }
        let t = raw.trim();
        if t == "---" || t.starts_with("--- ") || t == "..." {
            if seen {
                break; // only the first document
            }
            continue;
        }
        let indent = indent_of(raw);
        if raw[indent..].starts_with('\t') {
            return Err((n, "tabs are not allowed for indentation"));
        }
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        let section = match stack.as_slice() {
            [] => None,
            [(_, k)] if k == "metadata" || k == "data" || k == "stringData" => Some(k.clone()),
            _ => continue, // inside a subtree nobody reads
        };
        seen = true;
        let content = &raw[indent..];
        if content == "-" || content.starts_with("- ") {
            // A list (ownerReferences, finalizers, List items): skip it.
            while i < lines.len()
                && (blank(lines[i])
                    || indent_of(lines[i]) > indent
                    || (indent_of(lines[i]) == indent && lines[i][indent..].starts_with('-')))
            {
                i += 1;
            }
            continue;
        }
        let (key, rest) = yaml_key(content).ok_or((n, "expected \"key: value\""))?;
        let rest = rest.trim();
        let more = |i: usize| i < lines.len() && (blank(lines[i]) || indent_of(lines[i]) > indent);
        let value = if rest.is_empty() || rest.starts_with('#') {
            // A nested mapping (or null when nothing is nested).
            if more(i) && lines[i..].iter().find(|l| !blank(l)).is_some_and(|l| indent_of(l) > indent) {
                if section.is_none() {
                    if matches!(key.as_str(), "metadata" | "data" | "stringData") {
                        root.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
                    }
                    stack.push((indent, key));
                    continue;
                }
                // A mapping inside metadata (labels, annotations): skip it.
                stack.push((indent, key));
                continue;
            }
            Value::Null
        } else if rest.starts_with('|') || rest.starts_with('>') {
            let start = i;
            while more(i) {
                i += 1;
            }
            Value::String(yaml_block(rest, &lines[start..i]).ok_or((n, "unsupported block scalar header"))?)
        } else if rest.starts_with('"') || rest.starts_with('\'') {
            let mut joined = rest.to_string();
            while !yaml_quoted_complete(&joined) && more(i) {
                joined.push('\n');
                joined.push_str(lines[i].trim());
                i += 1;
            }
            Value::String(yaml_quoted(&joined).ok_or((n, "unterminated or malformed quoted string"))?)
        } else if rest.starts_with(['{', '[']) {
            match rest {
                "{}" => Value::Object(Map::new()),
                "[]" => Value::Array(Vec::new()),
                _ => return Err((n, "flow collections ({...}, [...]) are not read")),
            }
        } else if rest.starts_with(['&', '*', '!']) {
            return Err((n, "anchors, aliases and tags are not read"));
        } else {
            // A plain scalar, possibly continued on more indented lines.
            let mut v = rest.split(" #").next().unwrap_or("").trim_end().to_string();
            while more(i) {
                if !blank(lines[i]) {
                    v.push(' ');
                    v.push_str(lines[i].trim());
                }
                i += 1;
            }
            if v == "null" || v == "~" {
                Value::Null
            } else {
                Value::String(v)
            }
        };
        match section {
            None => {
                root.insert(key, value);
            }
            Some(sec) => {
                if let Some(Value::Object(m)) = root.get_mut(&sec) {
                    m.insert(key, value);
                }
            }
        }
    }
    Ok(root)
}

/// `key: rest` or `key:` with a plain or quoted key.
fn yaml_key(content: &str) -> Option<(String, &str)> {
    if content.starts_with('"') || content.starts_with('\'') {
        let q = content.as_bytes()[0] as char;
        let end = content[1..].find(q)? + 1;
        let key = yaml_quoted(&content[..=end])?;
        let rest = content[end + 1..].trim_start().strip_prefix(':')?;
        return Some((key, rest));
    }
    let end = content.find(": ").or_else(|| content.strip_suffix(':').map(|k| k.len()))?;
    let key = content[..end].trim_end();
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), &content[end + 1..]))
}

/// Whether a quoted scalar (possibly over several lines) is closed.
fn yaml_quoted_complete(s: &str) -> bool {
    let q = s.as_bytes()[0];
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return true;
        }
        i += 1;
    }
    false
}

/// The value of a single- or double-quoted scalar (line breaks already
/// joined with `\n`, folded to spaces here); `None` when malformed.
fn yaml_quoted(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    let inner = s.get(1..)?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    loop {
        let c = chars.next()?;
        match c {
            c if c == q => {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                // Only a comment may follow the closing quote.
                let rest: String = chars.collect();
                let rest = rest.trim();
                return (rest.is_empty() || rest.starts_with('#')).then_some(out);
            }
            '\n' => {
                // A line break folds to a space; an empty line is a newline.
                if chars.peek() == Some(&'\n') {
                    while chars.peek() == Some(&'\n') {
                        chars.next();
                        out.push('\n');
                    }
                } else {
                    out.push(' ');
                }
            }
            '\\' if q == '"' => {
                let e = chars.next()?;
                match e {
                    '\n' => {} // escaped line break: joined without a space
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    't' | '\t' => out.push('\t'),
                    'n' => out.push('\n'),
                    'v' => out.push('\u{b}'),
                    'f' => out.push('\u{c}'),
                    'r' => out.push('\r'),
                    'e' => out.push('\u{1b}'),
                    ' ' => out.push(' '),
                    '"' => out.push('"'),
                    '/' => out.push('/'),
                    '\\' => out.push('\\'),
                    'N' => out.push('\u{85}'),
                    '_' => out.push('\u{a0}'),
                    'L' => out.push('\u{2028}'),
                    'P' => out.push('\u{2029}'),
                    'x' | 'u' | 'U' => {
                        let len = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..len).map(|_| chars.next()).collect::<Option<String>>()?;
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
}

/// A `|` (literal) or `>` (folded) block scalar from its header and lines.
fn yaml_block(header: &str, lines: &[&str]) -> Option<String> {
    let header = header.split(" #").next().unwrap_or("").trim_end();
    let (style, flags) = header.split_at(1);
    if !flags.chars().all(|c| matches!(c, '-' | '+' | '1'..='9')) {
        return None;
    }
    let explicit = flags.chars().find(|c| c.is_ascii_digit()).and_then(|c| c.to_digit(10)).map(|d| d as usize);
    let first = lines.iter().find(|l| !l.trim().is_empty());
    let indent = explicit.or_else(|| first.map(|l| l.len() - l.trim_start_matches(' ').len())).unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or("")).collect();
    let mut text = if style == "|" {
        body.join("\n")
    } else {
        let mut out = String::new();
        for (k, l) in body.iter().enumerate() {
            if k > 0 {
                out.push(if l.is_empty() || body[k - 1].is_empty() { '\n' } else { ' ' });
            }
            out.push_str(l);
        }
        out
    };
    let trimmed_len = text.trim_end_matches('\n').len();
    if flags.contains('+') {
        text.push('\n');
    } else {
        text.truncate(trimmed_len);
        if !flags.contains('-') && !text.is_empty() {
            text.push('\n');
        }
    }
    Some(text)
}

/// What the context expects a config text to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Bare input: any shape, a Secret manifest included.
    Any,
    /// A `.dockerconfigjson` value: needs `auths`.
    DockerConfigJson,
    /// A `.dockercfg` value: needs the legacy shape.
    DockerCfg,
}

fn parse_config_text(cx: &mut Cx, text: &str, expect: Expect) -> Option<Doc> {
    let (value, dups) = match parse_json(text) {
        Ok(v) => v,
        Err(e) => {
            json_error(cx, text, &e);
            return None;
        }
    };
    for key in dups {
        let quoted = serde_json::to_string(&key).unwrap_or_default();
        let span = match text.rfind(&quoted) {
            Some(i) if cx.plain => Span::new(i, i + quoted.len()),
            _ => cx.whole(),
        };
        cx.push(
            ConfigCode::DuplicateKey,
            ConfigField::Config,
            None,
            format!(
                "key {key:?} appears twice in one object; only the last one counts (for docker and the kubelet too)"
            ),
            span,
        );
    }
    let Value::Object(obj) = value else {
        let msg = format!("expected a JSON object, found {}", json_kind(&value));
        cx.push(ConfigCode::NotAnObject, ConfigField::Config, None, msg, cx.whole());
        return None;
    };
    if !obj.contains_key("auths") && expect == Expect::Any && is_manifest(&obj) {
        return read_secret(cx, obj);
    }
    config_from_object(cx, obj, expect)
}

/// serde_json's parse into a `Value`, also listing keys that appear more
/// than once in one object (serde_json, like Go, keeps the last silently).
fn parse_json(text: &str) -> Result<(Value, Vec<String>), serde_json::Error> {
    use serde::de::DeserializeSeed as _;
    let dups = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = DupSeed(&dups).deserialize(&mut de)?;
    de.end()?;
    Ok((value, dups.into_inner()))
}

/// Builds a `Value` like serde_json's own, recording duplicate keys.
#[derive(Clone, Copy)]
struct DupSeed<'a>(&'a std::cell::RefCell<Vec<String>>);

impl<'de> serde::de::DeserializeSeed<'de> for DupSeed<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for DupSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if out.insert(key.clone(), value).is_some() {
                self.0.borrow_mut().push(key);
            }
        }
        Ok(Value::Object(out))
    }
}

fn is_manifest(obj: &Map<String, Value>) -> bool {
    ["apiVersion", "kind", "data", "stringData", "metadata"].iter().any(|k| obj.contains_key(*k))
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn json_error(cx: &mut Cx, text: &str, e: &serde_json::Error) {
    let (line, column) = (e.line(), e.column());
    // serde_json's message without its " at line L column C" suffix; its
    // messages never quote the input, so no secret can leak through them.
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full).to_string();
    let span = if cx.plain {
        let offset = offset_of(text, line, column);
        let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        Span::new(offset, end)
    } else {
        cx.whole()
    };
    let inside = if cx.plain { "" } else { " (in the decoded value)" };
    let msg = format!("invalid JSON at line {line} column {column}{inside}: {what}");
    cx.push(ConfigCode::InvalidJson, ConfigField::Config, None, msg, span);
    if let Some(d) = cx.diags.last_mut() {
        d.line = Some(line);
        d.column = Some(column);
    }
}

/// The byte offset of serde_json's 1-based line and byte column (column 0
/// means the line's start), clamped to the text and to a char boundary.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let mut offset = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A config object (a `.dockerconfigjson` or a legacy `.dockercfg`).
fn config_from_object(cx: &mut Cx, mut obj: Map<String, Value>, expect: Expect) -> Option<Doc> {
    let mut doc = Doc::default();
    if let Some(auths) = obj.remove("auths") {
        if expect == Expect::DockerCfg {
            cx.push(
                ConfigCode::WrongSecretType,
                ConfigField::Secret,
                None,
                "a kubernetes.io/dockercfg secret holds the legacy format, but this value has an \"auths\" wrapper; use type kubernetes.io/dockerconfigjson with key .dockerconfigjson".into(),
                cx.whole(),
            );
        }
        doc.shape = Some(Shape::DockerConfigJson);
        match auths {
            Value::Object(m) => doc.entries = tree(m),
            Value::Null => {}
            other => {
                let msg = format!("\"auths\" must be an object, found {}", json_kind(&other));
                cx.push(ConfigCode::NotAnObject, ConfigField::Config, None, msg, cx.whole());
                return None;
            }
        }
        doc.extras = tree(obj);
    } else {
        let docker_fields: Vec<&String> = obj.keys().filter(|k| DOCKER_CONFIG_FIELDS.contains(&k.as_str())).collect();
        if !docker_fields.is_empty() {
            // A docker config.json without logins: not a legacy file.
            doc.shape = Some(Shape::DockerConfigJson);
            doc.extras = tree(obj);
        } else {
            doc.shape = Some(Shape::DockerCfg);
            doc.entries = tree(obj);
            if expect != Expect::DockerCfg && !doc.entries.is_empty() {
                let (code, msg) = if expect == Expect::DockerConfigJson {
                    (
                        ConfigCode::MissingAuthsWrapper,
                        "this .dockerconfigjson has no \"auths\" wrapper (it is the legacy .dockercfg shape), so the kubelet finds no credentials in it; wrap the entries in {\"auths\": ...}",
                    )
                } else {
                    (
                        ConfigCode::MissingAuthsWrapper,
                        "this is the legacy .dockercfg shape without the \"auths\" wrapper; a .dockerconfigjson needs {\"auths\": ...} around the entries",
                    )
                };
                cx.push(code, ConfigField::Config, None, msg.into(), cx.whole());
                if expect == Expect::DockerConfigJson {
                    if let Some(d) = cx.diags.last_mut() {
                        d.severity = Severity::Error;
                    }
                }
                let wrapped = write_doc_unchecked(&doc.entries, &BTreeMap::new());
                let replacement = cx.rewrap(&wrapped);
                cx.fix("wrap the entries in \"auths\"".into(), replacement, true);
            }
        }
    }
    if let Some(Value::String(s)) = doc.extras.get("credsStore") {
        if !s.is_empty() {
            doc.helpers.push(s.clone());
        }
    }
    if let Some(Value::Object(m)) = doc.extras.get("credHelpers") {
        for v in m.values() {
            if let Value::String(s) = v {
                if !doc.helpers.contains(s) {
                    doc.helpers.push(s.clone());
                }
            }
        }
    }
    Some(doc)
}

/// A whole Secret manifest: checks `kind`/`type`, finds the data key, reads it.
fn read_secret(cx: &mut Cx, obj: Map<String, Value>) -> Option<Doc> {
    let manifest = Value::Object(obj.clone());
    let str_of = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let meta = obj.get("metadata");
    let mut summary = SecretSummary {
        name: str_of(meta.and_then(|m| m.get("name"))),
        namespace: str_of(meta.and_then(|m| m.get("namespace"))),
        secret_type: str_of(obj.get("type")),
        data_key: None,
    };
    cx.plain = false;
    if let Some(kind) = obj.get("kind") {
        if kind.as_str() != Some("Secret") {
            let shown = kind.as_str().map_or_else(|| json_kind(kind).to_string(), |s| format!("{s:?}"));
            cx.push(
                ConfigCode::WrongSecretType,
                ConfigField::Secret,
                None,
                format!("kind {shown} is not a Secret; registry credentials need a Secret of type kubernetes.io/dockerconfigjson"),
                cx.whole(),
            );
            cx.secret = Some(summary);
            return None;
        }
    }
    let data = obj.get("data").and_then(Value::as_object);
    let string_data = obj.get("stringData").and_then(Value::as_object);
    let has = |k: &str| data.is_some_and(|m| m.contains_key(k)) || string_data.is_some_and(|m| m.contains_key(k));
    let ty = summary.secret_type.clone();
    let key = match ty.as_deref() {
        Some("kubernetes.io/dockerconfigjson") => ".dockerconfigjson",
        Some("kubernetes.io/dockercfg") => ".dockercfg",
        other => {
            let shown = match other {
                Some(t) => format!("type {t:?}"),
                None => "no type (the API server uses \"Opaque\")".to_string(),
            };
            let key = if has(".dockercfg") && !has(".dockerconfigjson") { ".dockercfg" } else { ".dockerconfigjson" };
            let want = if key == ".dockercfg" { "kubernetes.io/dockercfg" } else { "kubernetes.io/dockerconfigjson" };
            cx.push(
                ConfigCode::WrongSecretType,
                ConfigField::Secret,
                None,
                format!("the secret has {shown}; the kubelet only reads pull secrets of type {want}"),
                cx.whole(),
            );
            let mut fixed = manifest.clone();
            if let Some(o) = fixed.as_object_mut() {
                o.insert("type".into(), Value::String(want.into()));
            }
            let replacement = pretty(&fixed);
            cx.fix(format!("set type to {want}"), replacement, true);
            key
        }
    };
    let from_string_data = string_data.and_then(|m| m.get(key));
    let from_data = data.and_then(|m| m.get(key));
    let Some(value) = from_string_data.or(from_data) else {
        let present: Vec<String> =
            data.into_iter().chain(string_data).flat_map(|m| m.keys()).map(|k| format!("{k:?}")).collect();
        let found =
            if present.is_empty() { "no data keys".to_string() } else { format!("keys {}", present.join(", ")) };
        cx.push(
            ConfigCode::MissingDataKey,
            ConfigField::Secret,
            None,
            format!("the secret has no data key {key:?} (found {found})"),
            cx.whole(),
        );
        cx.secret = Some(summary);
        return None;
    };
    summary.data_key = Some(key.to_string());
    cx.secret = Some(summary);
    let is_string_data = from_string_data.is_some();
    cx.wrap = Wrap::Secret(manifest, key.to_string(), is_string_data);
    let Some(raw) = value.as_str() else {
        cx.push(
            ConfigCode::InvalidFieldType,
            ConfigField::Secret,
            None,
            format!("data key {key:?} must be a string, found {}", json_kind(value)),
            cx.whole(),
        );
        return None;
    };
    let expect = if key == ".dockercfg" { Expect::DockerCfg } else { Expect::DockerConfigJson };
    if is_string_data {
        return parse_config_text(cx, raw, expect);
    }
    let Some(decoded) = go_std_base64(raw).and_then(|b| String::from_utf8(b).ok()) else {
        cx.push(
            ConfigCode::SecretDataInvalid,
            ConfigField::Secret,
            None,
            format!("data key {key:?} is not base64 text (data values are base64; put plain JSON under stringData)"),
            cx.whole(),
        );
        return None;
    };
    cx.base64_layers = 1;
    let d = decoded.trim();
    if !d.starts_with('{') {
        if let Some(inner) = lenient_base64_text(d) {
            if inner.trim().starts_with('{') {
                cx.base64_layers = 2;
                cx.push(
                    ConfigCode::DoubleBase64,
                    ConfigField::Secret,
                    None,
                    format!("data key {key:?} is base64 of base64 of a config; the kubelet reads base64 text instead of JSON"),
                    cx.whole(),
                );
                let replacement = cx.rewrap(&inner);
                cx.fix("encode the config once".into(), replacement, true);
                return parse_config_text(cx, &inner, expect);
            }
        }
    }
    parse_config_text(cx, &decoded, expect)
}

/// Go's `base64.StdEncoding.DecodeString`: standard alphabet, padding
/// required, `\r` and `\n` skipped anywhere.
fn go_std_base64(s: &str) -> Option<Vec<u8>> {
    // Single-character searches: they run memchr, also in debug builds.
    let cleaned: std::borrow::Cow<str> =
        if s.contains('\r') || s.contains('\n') { s.replace(['\r', '\n'], "").into() } else { s.into() };
    const GO_STD: GeneralPurpose =
        GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
    GO_STD.decode(cleaned.as_bytes()).ok()
}

/// Lenient base64 for text pasted by people: whitespace anywhere, standard
/// or URL-safe alphabet, padding optional. Returns UTF-8 text or `None`.
fn lenient_base64_text(s: &str) -> Option<String> {
    lenient_base64(s).and_then(|b| String::from_utf8(b).ok())
}

fn lenient_base64(s: &str) -> Option<Vec<u8>> {
    let has_space = [' ', '\n', '\r', '\t', '\x0c'].iter().any(|c| s.contains(*c));
    let cleaned: std::borrow::Cow<str> =
        if has_space { s.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().into() } else { s.into() };
    if cleaned.is_empty() {
        return None;
    }
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let std = GeneralPurpose::new(&alphabet::STANDARD, config);
    let url = GeneralPurpose::new(&alphabet::URL_SAFE, config);
    std.decode(cleaned.as_bytes()).ok().or_else(|| url.decode(cleaned.as_bytes()).ok())
}

/// Checks every entry; returns them redacted (or revealed).
fn inspect_entries(cx: &mut Cx, doc: &ReadDoc) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut holds_credentials = false;
    let helper_only_candidates = !doc.helpers.is_empty();
    if doc.entries.is_empty() {
        if helper_only_candidates {
            helper_only(cx, doc);
        } else {
            cx.push(
                ConfigCode::NoEntries,
                ConfigField::Config,
                None,
                "the config holds no registry credentials".into(),
                cx.whole(),
            );
        }
        return entries;
    }
    let mut pending: Vec<ConfigDiagnostic> = Vec::new();
    let mut effective_keys: Vec<Option<String>> = Vec::with_capacity(doc.entries.len());
    for (server, value) in &doc.entries {
        let before = cx.diags.len();
        let effective = matching::effective_key(server);
        let entry = inspect_entry(cx, server, value, &effective);
        effective_keys.push(effective);
        if entry.has_password || entry.username.is_some() || entry.has_identity_token {
            holds_credentials = true;
        }
        // Empty entries next to a credential helper are one document-level
        // finding (credential_helper_only), not one per entry.
        if helper_only_candidates {
            let mut i = before;
            while i < cx.diags.len() {
                if cx.diags[i].code == ConfigCode::EmptyEntry {
                    pending.push(cx.diags.remove(i));
                } else {
                    i += 1;
                }
            }
        }
        entries.push(entry);
    }
    if helper_only_candidates && !holds_credentials {
        helper_only(cx, doc);
    } else {
        cx.diags.extend(pending);
    }
    duplicates(cx, doc, &effective_keys);
    entries
}

fn helper_only(cx: &mut Cx, doc: &ReadDoc) {
    let helpers: Vec<String> = doc.helpers.iter().map(|h| format!("{h:?}")).collect();
    cx.push(
        ConfigCode::CredentialHelperOnly,
        ConfigField::Config,
        None,
        format!(
            "the credentials are in the credential helper {} (credsStore/credHelpers), not in this file; the kubelet cannot run helpers, so this file holds no credentials",
            helpers.join(", ")
        ),
        cx.whole(),
    );
}

fn duplicates(cx: &mut Cx, doc: &ReadDoc, effective: &[Option<String>]) {
    // Servers grouped by effective key, keys in order, servers in document
    // order within a key (a stable sort of the pairs).
    let pairs: Vec<(&String, &String)> =
        doc.entries.keys().zip(effective).filter_map(|(server, k)| Some((k.as_ref()?, server))).collect();
    let order = gojson::stable_order(pairs.len(), &|a, b| pairs[a].0.cmp(pairs[b].0));
    let mut groups: Vec<(&String, Vec<&String>)> = Vec::new();
    for i in order {
        let (k, server) = pairs[i];
        match groups.last_mut() {
            Some((last, servers)) if *last == k => servers.push(server),
            _ => groups.push((k, vec![server])),
        }
    }
    for (k, servers) in groups {
        if servers.len() > 1 {
            let names: Vec<String> = servers.iter().map(|s| format!("{s:?}")).collect();
            let span = cx.key_span(servers[1]);
            cx.push(
                ConfigCode::DuplicateServer,
                ConfigField::Server,
                Some(servers[1]),
                format!(
                    "keys {} are the same registry {k:?} for the kubelet, which tries both in no fixed order; keep one",
                    names.join(" and ")
                ),
                span,
            );
        }
    }
}

/// The kind of registry a key is for (SPEC §2, by `registry_info`).
pub fn registry_kind(server: &str) -> RegistryKind {
    // No known registry has a key this long (DNS names stop at 253
    // characters); skip the full description of a megabyte of junk.
    if server.len() > 512 {
        return RegistryKind::Other;
    }
    crate::registry::registry_info(server).kind
}

/// The host[:port] part of a key, without scheme, userinfo or path.
fn key_host(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    let end = ['/', '?', '#'].iter().filter_map(|c| rest.find(*c)).min().unwrap_or(rest.len());
    let rest = &rest[..end];
    rest.rsplit_once('@').map_or(rest, |(_, h)| h)
}

/// The key a credential should use for the host of `server`: SPEC §2's
/// canonical credential key (Docker Hub's v1 URL, else lowercase
/// `host[:port]` without a default port or trailing dot).
fn suggested_key(server: &str, kind: RegistryKind) -> String {
    if kind == RegistryKind::DockerHub {
        return "https://index.docker.io/v1/".into();
    }
    let host = key_host(server).to_ascii_lowercase();
    let host = host.strip_suffix(":443").or_else(|| host.strip_suffix(":80")).unwrap_or(&host);
    host.trim_end_matches('.').to_string()
}

/// Why the kubelet would never match `server` to an image as people write
/// image names; `None` for a good key.
fn never_matches(server: &str, effective: Option<&str>) -> Option<String> {
    let Some(effective) = effective else {
        return Some("the kubelet cannot parse it as a URL and ignores it".into());
    };
    if let Some((scheme, _)) = server.split_once("://") {
        if scheme != "https" && scheme != "http" {
            return Some(format!("the kubelet only understands the schemes https:// and http://, not {scheme:?}"));
        }
    }
    let (host, path) = match effective.find('/') {
        Some(i) => (&effective[..i], &effective[i..]),
        None => (effective, ""),
    };
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (n, p),
        _ => (host, ""),
    };
    if *name != name.to_ascii_lowercase() {
        return Some("the kubelet compares hosts case-sensitively and image hosts are lowercase".into());
    }
    if port == "443" || port == "80" {
        return Some(format!(
            "the kubelet compares ports as written, and images on this registry are written without \":{port}\""
        ));
    }
    if name.ends_with('.') {
        return Some("the trailing dot makes one more host label than any image has".into());
    }
    if matches!(name, "registry-1.docker.io" | "registry.hub.docker.com") {
        return Some(format!("images are never written with the host {name:?}"));
    }
    if name == "index.docker.io" && !path.is_empty() {
        return Some(
            "Docker Hub credentials must reduce to \"index.docker.io\" for the kubelet's Docker Hub fallback (a path is kept unless it is exactly /v1/ or /v2/)".into(),
        );
    }
    None
}

fn inspect_entry(cx: &mut Cx, server: &str, value: &Value, effective: &Option<String>) -> Entry {
    let mut entry = Entry {
        server: server.to_string(),
        kind: registry_kind(server),
        username: None,
        has_password: false,
        password_length: 0,
        email: None,
        has_auth: false,
        auth_matches: None,
        has_identity_token: false,
        password: None,
        auth: None,
        identity_token: None,
    };
    if let Some(why) = never_matches(server, effective.as_deref()) {
        let suggestion = suggested_key(server, entry.kind);
        let span = cx.key_span(server);
        let better = if suggestion != server && !suggestion.is_empty() {
            format!("; use {suggestion:?}")
        } else {
            String::new()
        };
        cx.push(
            ConfigCode::ServerKeyNeverMatches,
            ConfigField::Server,
            Some(server),
            format!("key {server:?} never matches an image: {why}{better}"),
            span,
        );
    }
    let Value::Object(obj) = value else {
        let span = cx.key_span(server);
        cx.push(
            ConfigCode::InvalidFieldType,
            ConfigField::Server,
            Some(server),
            format!("entry {server:?} must be an object, found {}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", json_kind(value)),
            span,
        );
        return entry;
    };
    // Each known field must be a string: kubelet and docker unmarshal into
    // Go strings and reject the whole file otherwise.
    let field = |name: &str, f: ConfigField, cx: &mut Cx| -> Option<String> {
        match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                let span = cx.field_span(server, name);
                cx.push(
                    ConfigCode::InvalidFieldType,
                    f,
                    Some(server),
                    format!(
                        "{name:?} of {server:?} must be a string, found {}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails",
                        json_kind(other)
                    ),
                    span,
                );
                None
            }
        }
    };
    let errors_before = cx.diags.len();
    let username = field("username", ConfigField::Username, cx).filter(|s| !s.is_empty());
    let password = field("password", ConfigField::Password, cx).filter(|s| !s.is_empty());
    let email = field("email", ConfigField::Email, cx).filter(|s| !s.is_empty());
    let auth = field("auth", ConfigField::Auth, cx).filter(|s| !s.is_empty());
    let token = field("identitytoken", ConfigField::IdentityToken, cx)
        .or_else(|| field("identityToken", ConfigField::IdentityToken, cx))
        .filter(|s| !s.is_empty());
    let type_errors = cx.diags.len() > errors_before;
    for k in obj.keys() {
        if !matches!(k.as_str(), "username" | "password" | "email" | "auth" | "identitytoken" | "identityToken") {
            let span = cx.field_span(server, k);
            cx.push(
                ConfigCode::UnknownField,
                ConfigField::Server,
                Some(server),
                format!("field {k:?} of {server:?} is not one kubectl or the kubelet reads; it is ignored"),
                span,
            );
        }
    }

    let mut eff_user = username.clone();
    if auth.is_none() {
        if let Some(i) = username.as_deref().and_then(|u| u.find(':')) {
            let span = cx.field_span(server, "username");
            cx.push(
                ConfigCode::UsernameColon,
                ConfigField::Username,
                Some(server),
                format!("\"username\" of {server:?} contains \":\", so the registry reads the rest as part of the password (a pasted \"user:password\"?)"),
                span,
            );
            // What reaches the registry as the username; the rest is never shown.
            eff_user = username.as_deref().map(|u| u[..i].to_string()).filter(|u| !u.is_empty());
        }
    }
    let mut eff_pass = password.clone();
    if let Some(a) = &auth {
        entry.has_auth = true;
        match decode_auth(a) {
            Ok((u, p)) => {
                let u = Some(u).filter(|s| !s.is_empty());
                let p = Some(p).filter(|s| !s.is_empty());
                if username.is_some() || password.is_some() {
                    let user_differs = username.is_some() && username != u;
                    let pass_differs = password.is_some() && password != p;
                    entry.auth_matches = Some(!user_differs && !pass_differs);
                    if user_differs || pass_differs {
                        // The "username" field is not quoted: a password
                        // pasted into it by mistake must not reach a message.
                        let shown = u.as_deref().map_or("(empty)".to_string(), |s| format!("{s:?}"));
                        let what = match (user_differs, pass_differs) {
                            (true, true) => format!(
                                "username {shown} and a password that differ from \"username\" and \"password\""
                            ),
                            (true, false) => format!("username {shown}, which differs from \"username\""),
                            _ => "a password that differs from \"password\"".to_string(),
                        };
                        let span = cx.field_span(server, "auth");
                        cx.push(
                            ConfigCode::AuthMismatch,
                            ConfigField::Auth,
                            Some(server),
                            format!("\"auth\" of {server:?} holds {what}; docker and the kubelet use \"auth\""),
                            span,
                        );
                        if let (Some(fu), Some(fp)) = (&username, &password) {
                            let mut fixed = obj.clone();
                            fixed.insert("auth".into(), Value::String(STANDARD.encode(format!("{fu}:{fp}"))));
                            if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                                cx.fix("recompute \"auth\" from \"username\" and \"password\"".into(), text, true);
                            }
                        }
                    }
                }
                eff_user = u;
                eff_pass = p;
            }
            Err(why) => {
                let span = cx.field_span(server, "auth");
                cx.push(
                    ConfigCode::AuthUndecodable,
                    ConfigField::Auth,
                    Some(server),
                    format!(
                        "\"auth\" of {server:?} is not base64 of \"username:password\" ({why}); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
                    ),
                    span,
                );
                // Undo the usual mistakes: unpadded or URL-safe base64, or
                // `user:pass` pasted without encoding it.
                let repaired = match why {
                    AUTH_NOT_STANDARD => lenient_base64_text(a).filter(|t| t.contains(':')),
                    AUTH_PLAIN => Some(a.clone()),
                    _ => None,
                };
                if let Some((u, p)) =
                    repaired.and_then(|t| t.split_once(':').map(|(u, p)| (u.to_string(), p.to_string())))
                {
                    let mut fixed = obj.clone();
                    fixed.insert("auth".into(), Value::String(STANDARD.encode(format!("{u}:{p}"))));
                    if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                        cx.fix("encode \"auth\" as padded standard base64".into(), text, true);
                    }
                }
            }
        }
    }
    if let Some(p) = &eff_pass {
        entry.has_password = true;
        entry.password_length = p.chars().count();
        if p.trim() != p {
            let field = if entry.has_auth { ConfigField::Auth } else { ConfigField::Password };
            let span = cx.field_span(server, field.as_str());
            let from = if entry.has_auth { " in \"auth\"" } else { "" };
            cx.push(
                ConfigCode::PasswordWhitespace,
                field,
                Some(server),
                format!("the password of {server:?}{from} starts or ends with whitespace or a line break (a pasted key, or `echo` without -n); the registry will reject it"),
                span,
            );
        }
    }
    entry.has_identity_token = token.is_some();
    if token.is_some() && eff_pass.is_none() {
        let span = cx.field_span(server, "identitytoken");
        cx.push(
            ConfigCode::IdentityTokenOnly,
            ConfigField::IdentityToken,
            Some(server),
            format!("entry {server:?} has only an identity token, which the kubelet ignores; store a username and password (or a token as the password)"),
            span,
        );
    } else if eff_user.is_none() && eff_pass.is_none() && token.is_none() && !entry.has_auth && !type_errors {
        let span = cx.key_span(server);
        cx.push(
            ConfigCode::EmptyEntry,
            ConfigField::Server,
            Some(server),
            format!("entry {server:?} holds no credentials"),
            span,
        );
    } else if eff_user.is_some() != eff_pass.is_some() && token.is_none() && !type_errors {
        let (f, msg) = if eff_user.is_some() {
            (ConfigField::Password, format!("entry {server:?} has a username but no password"))
        } else {
            (ConfigField::Username, format!("entry {server:?} has a password but no username"))
        };
        let span = cx.key_span(server);
        cx.push(ConfigCode::IncompleteCredentials, f, Some(server), msg, span);
    }
    if let (Some(u), Some(p)) = (&eff_user, &eff_pass) {
        credential_checks(cx, server, u, p, entry.has_auth);
    }
    entry.username = eff_user;
    entry.email = email;
    if cx.reveal {
        entry.password = eff_pass;
        entry.auth = auth;
        entry.identity_token = token;
    }
    entry
}

const AUTH_NOT_STANDARD: &str =
    "it is base64 without padding or with the URL-safe alphabet; padded standard base64 is required";
const AUTH_PLAIN: &str = "it looks like plain \"username:password\"; it must be base64-encoded";

/// SPEC §3.1's username and password checks on one entry, by running
/// `create_registry_secret` on it (so the rules and messages live in one
/// place) and keeping the findings that concern an existing credential.
fn credential_checks(cx: &mut Cx, server: &str, username: &str, password: &str, from_auth: bool) {
    if server.len() > 512 || password.len() > 65536 {
        // No known registry has such a key (see registry_kind), and no
        // token is that long (IAM access tokens are a few KB).
        return;
    }
    if server.contains('*') || server.contains('?') || server.contains('[') {
        return; // a glob (`*.icr.io`) stands for hosts that registry_info cannot name
    }
    if username.contains(':') {
        // Its messages quote the username, which then likely holds a pasted
        // "user:password".
        return;
    }
    let input = crate::secret::SecretInput {
        name: "x".into(),
        server: Some(server.to_string()),
        username: Some(username.to_string()),
        password: password.to_string(),
        ..Default::default()
    };
    for d in crate::secret::create_registry_secret(&input).diagnostics {
        let (code, field) = match d.code.as_str() {
            "username_not_icr" => (ConfigCode::UsernameNotIcr, ConfigField::Username),
            "username_iamapikey_not_icr" => (ConfigCode::UsernameIamapikeyNotIcr, ConfigField::Username),
            "password_api_key_username" => (ConfigCode::PasswordApiKeyUsername, ConfigField::Password),
            "password_docker_token_on_icr" => (ConfigCode::PasswordDockerTokenOnIcr, ConfigField::Password),
            _ => continue,
        };
        let field = if from_auth { ConfigField::Auth } else { field };
        let span = cx.field_span(server, field.as_str());
        cx.push(code, field, Some(server), format!("{server:?}: {}", d.message), span);
    }
}

/// Decodes `auth` as docker and the kubelet do; the error says why not,
/// without quoting it.
fn decode_auth(auth: &str) -> Result<(String, String), &'static str> {
    let bytes = match go_std_base64(auth) {
        Some(b) => b,
        None => {
            return Err(if lenient_base64(auth).is_some() {
                AUTH_NOT_STANDARD
            } else if auth.contains(':') {
                AUTH_PLAIN
            } else {
                "it is not base64"
            })
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| "it does not decode to text")?;
    match text.split_once(':') {
        Some((u, p)) => Ok((u.to_string(), p.to_string())),
        None => Err("it decodes to text without a \":\" between username and password"),
    }
}

/// The whole input with one entry of the config replaced (for fixes).
fn replaced_entry_doc(cx: &Cx, server: &str, entry: Value) -> Option<String> {
    let mut doc = read_raw(&mut Cx::new(cx.text, true))?;
    doc.entries.insert(server.to_string(), entry);
    let config = write_doc_unchecked(&doc.entries, &doc.extras);
    Some(cx.rewrap(&config))
}

// ---------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------

/// One registry's credentials to store. `Debug` redacts the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The key to store them under, as kubectl's `--docker-server`.
    pub server: String,
    pub username: String,
    pub password: String,
    /// Optional; omitted from the output when empty.
    pub email: Option<String>,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("server", &self.server)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("email", &self.email)
            .finish()
    }
}

/// Why an edit failed. Messages quote servers and field names, never a
/// secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    kind: EditErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum EditErrorKind {
    /// The document cannot be read: the first error diagnostic.
    Unreadable(ConfigCode, String),
    /// An entry the edit would rewrite has fields of the wrong type.
    Unwritable(String),
    InvalidCredential(&'static str, String),
    ServerNotFound(String),
}

impl EditError {
    /// A stable code: the reading diagnostic's code, `invalid_credential`,
    /// `invalid_field_type` or `server_not_found`.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            EditErrorKind::Unreadable(code, _) => code.as_str(),
            EditErrorKind::Unwritable(_) => "invalid_field_type",
            EditErrorKind::InvalidCredential(..) => "invalid_credential",
            EditErrorKind::ServerNotFound(_) => "server_not_found",
        }
    }
    /// For `invalid_credential`: the field at fault (`server`, `username`,
    /// `password`).
    pub fn field(&self) -> Option<&'static str> {
        match &self.kind {
            EditErrorKind::InvalidCredential(f, _) => Some(f),
            _ => None,
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EditErrorKind::Unreadable(_, m) => write!(f, "cannot edit this config: {m}"),
            EditErrorKind::Unwritable(m) => write!(f, "cannot edit this config: {m}"),
            EditErrorKind::InvalidCredential(_, m) => f.write_str(m),
            EditErrorKind::ServerNotFound(s) => write!(f, "no credentials for {s:?} in this config"),
        }
    }
}

impl std::error::Error for EditError {}

/// Reads a document for editing: any shape `inspect_docker_config` reads;
/// empty text is an empty config. Entry-level problems do not stop an edit.
fn read_for_edit(text: &str) -> Result<Doc, EditError> {
    if text.trim().is_empty() {
        return Ok(Doc { shape: Some(Shape::DockerConfigJson), ..Doc::default() });
    }
    let mut cx = Cx::new(text, false);
    match read_raw(&mut cx) {
        Some(doc) => Ok(doc),
        None => {
            let d = cx.diags.iter().find(|d| d.severity == Severity::Error);
            let (code, msg) =
                d.map_or((ConfigCode::InvalidJson, "it is not a config".to_string()), |d| (d.code, d.message.clone()));
            Err(EditError { kind: EditErrorKind::Unreadable(code, msg) })
        }
    }
}

/// The servers of `doc` that are the same registry as `server` for the
/// kubelet (same index key), or the same text.
fn same_registry(doc: &Doc, server: &str) -> Vec<String> {
    let key = matching::effective_key(server);
    doc.entries
        .keys()
        .filter(|k| k.as_str() == server || (key.is_some() && matching::effective_key(k) == key))
        .cloned()
        .collect()
}

/// Adds or replaces one registry's credentials in `config_text` (any shape
/// [`inspect_docker_config`] reads; empty text starts a new config) and
/// returns the `.dockerconfigjson` as kubectl writes it.
///
/// Existing keys that the kubelet treats as the same registry (`us.icr.io`,
/// `https://us.icr.io/`) are replaced too, so no stale credential competes
/// with the new one; the new entry uses `credential.server` as given.
/// Other entries and fields kubectl does not know (`credsStore`, an
/// `identitytoken`) are kept, written after kubectl's fields (see the
/// module docs). A `:` in the username is refused (SPEC §3.1: it corrupts
/// `auth`), unlike kubectl.
///
/// ```
/// use registry_access::dockerconfig::{upsert_credential, Credential};
/// let c = Credential { server: "us.icr.io".into(), username: "iamapikey".into(), password: "p".into(), email: None };
/// assert_eq!(
///     upsert_credential("", &c).unwrap(),
///     r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":"p","auth":"aWFtYXBpa2V5OnA="}}}"#
/// );
/// ```
pub fn upsert_credential(config_text: &str, credential: &Credential) -> Result<String, EditError> {
    let bad = |field, msg: String| Err(EditError { kind: EditErrorKind::InvalidCredential(field, msg) });
    let server = credential.server.as_str();
    if server.trim().is_empty() {
        return bad("server", "server is required".into());
    }
    if server.trim() != server || server.chars().any(char::is_control) {
        return bad("server", format!("server {server:?} must not contain whitespace or control characters"));
    }
    if credential.username.is_empty() {
        return bad("username", "username is required".into());
    }
    if credential.username.contains(':') {
        return bad(
            "username",
            // Not quoted: "user:password" pasted into the username field is
            // the usual way to get here.
            "username must not contain \":\" (it separates username and password in \"auth\")".to_string(),
        );
    }
    if credential.password.is_empty() {
        return bad("password", "password is required".into());
    }
    let mut doc = read_for_edit(config_text)?;
    for k in same_registry(&doc, server) {
        doc.entries.remove(&k);
    }
    let e = AuthEntry::new(&credential.username, &credential.password, credential.email.as_deref().unwrap_or(""));
    doc.entries.insert(server.to_string(), entry_value(&e));
    write_doc(&doc)
}

/// Removes the credentials for `server` (and keys the kubelet treats as the
/// same registry) and returns the `.dockerconfigjson` as kubectl writes it.
/// Fails with `server_not_found` when there are none. Fields kubectl does
/// not know are kept, as in [`upsert_credential`] (see the module docs).
///
/// ```
/// use registry_access::dockerconfig::remove_credential;
/// let config = r#"{"auths":{"https://us.icr.io/":{"auth":"dTpw"},"quay.io":{"auth":"dTpw"}}}"#;
/// assert_eq!(remove_credential(config, "us.icr.io").unwrap(), r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#);
/// assert_eq!(remove_credential(config, "de.icr.io").unwrap_err().code(), "server_not_found");
/// ```
pub fn remove_credential(config_text: &str, server: &str) -> Result<String, EditError> {
    let mut doc = read_for_edit(config_text)?;
    let keys = same_registry(&doc, server);
    if keys.is_empty() {
        return Err(EditError { kind: EditErrorKind::ServerNotFound(server.to_string()) });
    }
    for k in keys {
        doc.entries.remove(&k);
    }
    write_doc(&doc)
}

/// Merges two configs (any shapes [`inspect_docker_config`] reads; empty
/// text is an empty config) into one `.dockerconfigjson` as kubectl writes
/// it. **`b` wins on conflicts**: an entry of `b` replaces every entry of
/// `a` that the kubelet treats as the same registry, and a top-level field
/// of `b` (such as `credsStore`) replaces `a`'s.
///
/// ```
/// use registry_access::dockerconfig::merge_docker_configs;
/// let a = r#"{"auths":{"quay.io":{"auth":"YTpw"},"us.icr.io":{"auth":"b2xkOnA="}}}"#;
/// let b = r#"{"auths":{"https://us.icr.io":{"auth":"bmV3OnA="}}}"#;
/// assert_eq!(
///     merge_docker_configs(a, b).unwrap(),
///     r#"{"auths":{"https://us.icr.io":{"auth":"bmV3OnA="},"quay.io":{"auth":"YTpw"}}}"#
/// );
/// ```
pub fn merge_docker_configs(a: &str, b: &str) -> Result<String, EditError> {
    let mut doc = read_for_edit(a)?;
    let other = read_for_edit(b)?;
    for (server, entry) in other.entries {
        for k in same_registry(&doc, &server) {
            doc.entries.remove(&k);
        }
        doc.entries.insert(server, entry);
    }
    doc.extras.extend(other.extras);
    write_doc(&doc)
}

fn entry_value(e: &AuthEntry) -> Value {
    let mut m = Map::new();
    for (k, v) in [("username", &e.username), ("password", &e.password), ("email", &e.email), ("auth", &e.auth)] {
        if !v.is_empty() {
            m.insert(k.into(), Value::String(v.clone()));
        }
    }
    Value::Object(m)
}

/// Writes the document; fails when an entry cannot be written as kubectl's
/// struct (a known field that is not a string, an entry that is not an object).
fn write_doc(doc: &Doc) -> Result<String, EditError> {
    for (server, v) in &doc.entries {
        let ok = match v {
            Value::Object(m) => ["username", "password", "email", "auth"]
                .iter()
                .all(|f| matches!(m.get(*f), None | Some(Value::String(_)) | Some(Value::Null))),
            _ => false,
        };
        if !ok {
            return Err(EditError {
                kind: EditErrorKind::Unwritable(format!(
                    "entry {server:?} is not an object of string fields; fix or remove it first"
                )),
            });
        }
    }
    Ok(write_doc_unchecked(&doc.entries, &doc.extras))
}

/// kubectl's bytes through the shared writer, then fields kubectl's structs
/// do not have, appended in Go's encoding (sorted keys). Entries that are not
/// objects of strings are written as empty entries (only used for fixes of
/// documents that `write_doc` would refuse).
fn write_doc_unchecked(entries: &BTreeMap<String, Value>, extras: &BTreeMap<String, Value>) -> String {
    let known = ["username", "password", "email", "auth"];
    let mut parsed: Vec<(&str, AuthEntry, Vec<(&String, &Value)>)> = Vec::new();
    for (server, v) in entries {
        let get = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_string();
        let e =
            AuthEntry { username: get("username"), password: get("password"), email: get("email"), auth: get("auth") };
        let rest: Vec<(&String, &Value)> = v
            .as_object()
            .map(|m| sorted_fields(m.iter().filter(|(k, _)| !known.contains(&k.as_str())).collect()))
            .unwrap_or_default();
        parsed.push((server, e, rest));
    }
    let mut out = if parsed.iter().all(|p| p.2.is_empty()) {
        gojson::auths_document(parsed.iter().map(|(s, e, _)| (*s, e)))
    } else {
        // Entries with extra fields: kubectl's entry, then the extras.
        let mut out = String::from("{\"auths\":{");
        for (i, (server, e, rest)) in parsed.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            gojson::write_string(&mut out, server);
            out.push(':');
            let mut one = String::new();
            gojson::write_auth_entry(&mut one, e);
            one.pop();
            out.push_str(&one);
            let mut first = one.len() == 1;
            for (k, v) in rest {
                if !first {
                    out.push(',');
                }
                first = false;
                gojson::write_string(&mut out, k);
                out.push(':');
                write_go_value(&mut out, v);
            }
            out.push('}');
        }
        out.push_str("}}");
        out
    };
    if !extras.is_empty() {
        out.pop();
        for (k, v) in extras {
            out.push(',');
            gojson::write_string(&mut out, k);
            out.push(':');
            write_go_value(&mut out, v);
        }
        out.push('}');
    }
    out
}

/// An object's fields sorted byte-wise by name (names in a JSON object read
/// by serde_json are unique), through the crate's one shared sort.
fn sorted_fields<'a>(fields: Vec<(&'a String, &'a Value)>) -> Vec<(&'a String, &'a Value)> {
    let order = gojson::stable_order(fields.len(), &|a, b| fields[a].0.cmp(fields[b].0));
    order.into_iter().map(|i| fields[i]).collect()
}

/// Any JSON value as Go's `encoding/json` writes an `interface{}`: compact,
/// object keys sorted byte-wise, Go's string escaping.
fn write_go_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => gojson::write_string(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_value(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            // Sorted explicitly: serde_json's map is insertion-ordered when
            // some crate in the build enables `preserve_order`.
            let sorted = sorted_fields(m.iter().collect());
            out.push('{');
            for (i, (k, x)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                gojson::write_string(out, k);
                out.push(':');
                write_go_value(out, x);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod pretty_tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The hand-written writers give serde_json's own bytes.
    #[test]
    fn same_bytes_as_serde_json() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            r#"{}"#,
            r#"[]"#,
            r#"{"a":{},"b":[],"c":[{}],"d":[[]]}"#,
            r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x","labels":{"a":"b"}},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"eyJ9"}}"#,
            r#"[null,true,false,0,-1,18446744073709551615,-9223372036854775808,1.5,-0.0,0.1,1e300,2.5e-8,123456789.125,1E2]"#,
            r#"{"s":"quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f del  <>& é 😀 \u2028"}"#,
            r#"{"nested":{"deeper":{"deepest":[1,[2,[3,{"k":"v"}]]]}}}"#,
        ];
        for t in texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            assert_eq!(super::pretty(&v), serde_json::to_string_pretty(&v).unwrap(), "{t}");
        }
        let v = serde_json::Value::String(all_controls.clone());
        assert_eq!(super::pretty(&v), serde_json::to_string_pretty(&v).unwrap());
        for s in ["", "plain", "a\"b", "\\", &all_controls, "\u{7f}\u{80}\u{2028}<>&"] {
            let mut out = String::new();
            super::serde_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
