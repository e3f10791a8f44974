//! Reading and editing existing registry credentials (SPEC §3.3): a
//! `.dockerconfigjson`, a legacy `.dockercfg`, either one base64-encoded, or
//! a whole Kubernetes `Secret` manifest in JSON, or in YAML as `kubectl get
//! secret -o yaml` prints it (a narrow reader, see `yaml_manifest`).
//!
//! What is read and how:
//! - JSON by serde_json, then decoded as the kubelet decodes it (`decode`,
//!   SPEC §3.3 "Decoding is the kubelet's"): field names match as Go's
//!   `encoding/json` matches them (`Auths`, `Username`, `AUTH`), a duplicate
//!   key keeps the last value, a `null` entry is an empty entry.
//! - The `auth` field as the kubelet reads it: padded standard base64 when
//!   it ends in `=`, unpadded otherwise (docker requires the padding: an
//!   info note says so), `\r` and `\n` ignored, then split at the first `:`;
//!   bytes that are not UTF-8 still make a credential. When `auth` is
//!   present it wins over `username`/`password`.
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
//!
//! Files: `read` (layers and shape), `json` and `yaml` (the two parsers),
//! `manifest` (a Secret around the config), `decode` (the kubelet's field
//! and `auth` decoding), `entry` (one entry's findings and the credential
//! checks), `inspect` (the whole inspection), `edit` (editing and writing).

mod decode;
mod edit;
mod entry;
mod inspect;
mod json;
mod manifest;
mod read;
mod yaml;

pub use edit::{merge_docker_configs, remove_credential, upsert_credential, Credential, EditError};
pub use inspect::{inspect_docker_config, registry_kind};

// A finding's message is data: its code's template (in `ConfigCode`'s table
// below, the only place the wording lives) and `Arg`s, whose quotes are
// capped; the edit errors still quote with `q`.
use crate::diagnostics::{Collect, Diagnostic, Fix, Location, Severity, Span};
use crate::message::{q, Arg, Message};
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
    /// The time, in seconds since the Unix epoch, that an expiring token's
    /// expiry is checked against (`token_expired`); `None` is the system
    /// clock where there is one (there is none in WebAssembly, so the
    /// binding passes JavaScript's clock).
    pub now: Option<u64>,
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

serialize_as_str!(Shape);

pub use crate::registry::RegistryKind;

/// What a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
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

// Each row: variant, code, severity and the message templates by form
// (`{N}` is argument N; a list the library built, such as several quoted
// keys, is one plain argument).
// Severity by one rule (SPEC §3.3): `Error` when the kubelet cannot decode
// the secret or ignores it, so no pull gets credentials from it; `Warning`
// when it is well-formed but will not authenticate what it was made for;
// `Info` for what works but another tool would refuse or drop.
/// The wordings of `server_key_never_matches`: for each reason a key never
/// matches (`{0}` the key, then the reason's arguments), the message
/// without and with `; use {N}`, the suggested key. Each reason is written
/// once; the table holds every template whole.
macro_rules! never_matches {
    ($($why:literal => $use:literal),* $(,)?) => {
        [$(
            concat!("key {0} never matches an image: ", $why),
            concat!("key {0} never matches an image: ", $why, "; use {", $use, "}"),
        )*]
    };
}

crate::declare_codes! {
    /// Every code [`inspect_docker_config`] reports (SPEC §3.3 and more).
    pub enum ConfigCode {
        /// The input is empty or only whitespace.
        Empty = "empty", Error,
            ["the input is empty"];
        /// Not JSON (with line, column and span).
        InvalidJson = "invalid_json", Error,
            ["invalid JSON at line {0} column {1}{2}: {3}"];
        /// YAML outside the subset read (flow collections, anchors, tags), or
        /// YAML that is not a Secret manifest.
        YamlNotSupported = "yaml_not_supported", Error,
            ["this YAML is not a Kubernetes Secret manifest; paste it as JSON (kubectl get secret NAME -o json)", "YAML line {0}: {1}; paste it as JSON (kubectl get secret NAME -o json)"];
        /// JSON, but not an object where one is needed.
        NotAnObject = "not_an_object", Error,
            ["expected a JSON object, found {0}", "\"auths\" must be an object, found {0}"];
        /// A legacy `.dockercfg` where a `.dockerconfigjson` is expected.
        MissingAuthsWrapper = "missing_auths_wrapper", Warning,
            ["this .dockerconfigjson has no \"auths\" wrapper (it is the legacy .dockercfg shape), so the kubelet finds no credentials in it; wrap the entries in {\"auths\": ...}", "this is the legacy .dockercfg shape without the \"auths\" wrapper; a .dockerconfigjson needs {\"auths\": ...} around the entries"];
        /// Base64 of base64 of a config.
        DoubleBase64 = "double_base64", Error,
            ["the input is base64 of base64 of a config; decode it once more (it was encoded twice)", "data key {0} is base64 of base64 of a config; the kubelet reads base64 text instead of JSON"];
        /// `auth` disagrees with `username`/`password`.
        AuthMismatch = "auth_mismatch", Warning,
            ["\"auth\" of {0} holds username {1} and a password that differ from \"username\" and \"password\"; docker and the kubelet use \"auth\"", "\"auth\" of {0} holds username {1}, which differs from \"username\"; docker and the kubelet use \"auth\"", "\"auth\" of {0} holds a password that differs from \"password\"; docker and the kubelet use \"auth\""];
        /// `auth` is not base64 of `user:pass`.
        AuthUndecodable = "auth_undecodable", Error,
            ["\"auth\" of {0} is not base64 of \"username:password\" ({1}); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"];
        /// Only credential helpers: the file holds no credentials.
        CredentialHelperOnly = "credential_helper_only", Warning,
            ["the credentials are in the credential helper {0} (credsStore/credHelpers), not in this file; the kubelet cannot run helpers, so this file holds no credentials"];
        /// Only an identity token, which the kubelet ignores.
        IdentityTokenOnly = "identity_token_only", Warning,
            ["entry {0} has only an identity token, which the kubelet ignores; store a username and password (or a token as the password)"];
        /// The manifest is not a Secret of a registry type.
        WrongSecretType = "wrong_secret_type", Error,
            ["a kubernetes.io/dockercfg secret holds the legacy format, but this value has an \"auths\" wrapper; use type kubernetes.io/dockerconfigjson with key .dockerconfigjson", "kind {0} is not a Secret; registry credentials need a Secret of type kubernetes.io/dockerconfigjson", "the secret has type {0} but holds the data key {1}, which the kubelet reads only from a secret of type {2}; set the type to {2}", "the secret has type {0}; the kubelet only reads pull secrets of type {1}", "the secret has no type (the API server uses \"Opaque\"); the kubelet only reads pull secrets of type {0}"];
        /// A key the kubelet never matches to an image as people write them.
        /// Each reason (`inspect::never_matches`) without, then with, the
        /// suggested key, the argument after the reason's.
        ServerKeyNeverMatches = "server_key_never_matches", Warning,
            never_matches![
                "the kubelet cannot parse it as a URL and ignores it" => 1,
                "the kubelet only understands the schemes https:// and http://, not {1}" => 2,
                "the kubelet compares hosts case-sensitively and image hosts are lowercase" => 1,
                "the kubelet compares ports as written, and images on this registry are written without \":{1}\"" => 2,
                "the trailing dot makes one more host label than any image has" => 1,
                "images are never written with the host {1}" => 2,
                "Docker Hub credentials must reduce to \"index.docker.io\" for the kubelet's Docker Hub fallback (a path is kept unless it is exactly /v1/ or /v2/)" => 1,
                "the kubelet drops only {1} followed by \"/\", so it keeps the path {1} and matches only repositories under {2}" => 3,
            ];
        /// No credentials at all (`{}`, `{"auths":{}}`, `{"auths":null}`).
        NoEntries = "no_entries", Warning,
            ["the config holds no registry credentials"];
        /// An entry with no username, password, auth or token (or `null`).
        EmptyEntry = "empty_entry", Warning,
            ["entry {0} holds no credentials"];
        /// A username without a password or the other way round.
        IncompleteCredentials = "incomplete_credentials", Warning,
            ["entry {0} has a username but no password", "entry {0} has a password but no username"];
        /// A field of the wrong JSON type: the kubelet cannot decode the secret, so every pull of a pod that uses it fails.
        InvalidFieldType = "invalid_field_type", Error,
            ["entry {0} must be an object, found {1}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", "{0} of {1} must be a string, found {2}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", "{0}: its value {1} must be a string, found {2}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", "{0}: it must be an object of strings, found {1}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", "data key {0} must be a string, found {1}"];
        /// A Secret without the data key its type needs.
        MissingDataKey = "missing_data_key", Error,
            ["the secret has no data key {0} (found no data keys)", "the secret has no data key {0} (found keys {1})"];
        /// A Secret `data` value that is not base64.
        SecretDataInvalid = "secret_data_invalid", Error,
            ["data key {0} is not base64 text (data values are base64; put plain JSON under stringData)"];
        /// The password starts or ends with whitespace (a pasted key).
        PasswordWhitespace = "password_whitespace", Warning,
            ["the password of {0} starts or ends with whitespace or a line break (a pasted key, or `echo` without -n); the registry will reject it", "the password of {0} in \"auth\" starts or ends with whitespace or a line break (a pasted key, or `echo` without -n); the registry will reject it"];
        /// Two keys the kubelet reduces to the same registry.
        DuplicateServer = "duplicate_server", Warning,
            ["keys {0} are the same registry {1} for the kubelet, which tries both in no fixed order; keep one"];
        /// The same key twice in one JSON object: the last one counts.
        DuplicateKey = "duplicate_key", Warning,
            ["key {0} appears twice in one object; only the last one counts (for docker and the kubelet too)", "keys {0} and {1} are the same field for the kubelet (Go matches field names case-insensitively); keep one"];
        /// A field kubectl's `DockerConfigEntry` does not have (kept by editing,
        /// ignored by the kubelet).
        UnknownField = "unknown_field", Info,
            ["field {0} of {1} is not one kubectl or the kubelet reads; it is ignored"];
        /// `auth` is base64 without its `=` padding: the kubelet reads it (as
        /// docker-credential-desktop writes it), `docker login` refuses it.
        AuthUnpadded = "auth_unpadded", Info,
            ["\"auth\" of {0} is base64 without its \"=\" padding; the kubelet reads it, but docker login refuses it; pad it with \"=\" to a multiple of 4 characters"];
        /// `auth` decodes to a username or password that is not UTF-8 text: the
        /// kubelet sends the bytes as they are.
        AuthNotUtf8 = "auth_not_utf8", Warning,
            ["\"auth\" of {0} decodes to {1} that is not UTF-8 text (a password of {2} bytes); the kubelet sends the bytes as they are, but a registry compares text; encode \"auth\" from the username and password as UTF-8", "\"auth\" of {0} decodes to {1} that is not UTF-8 text (a password of {2} byte); the kubelet sends the bytes as they are, but a registry compares text; encode \"auth\" from the username and password as UTF-8"];
        // The credential checks of SPEC §3.1 on each entry read, with the same
        // code strings as `SecretCode`. username_colon is checked here (its
        // message must not quote the username); the four after it are
        // `create_registry_secret`'s checks and messages (one place).
        /// A `username` field with a `:` (and no `auth`): the registry takes the
        /// part after it as password. Not quoted: it usually holds a pasted
        /// "user:password".
        UsernameColon = "username_colon", Warning,
            ["\"username\" of {0} contains \":\", so the registry reads the rest as part of the password (a pasted \"user:password\"?)"];
        /// ICR with a username other than `iamapikey`/`iambearer`/`iamrefresh`.
        UsernameNotIcr = "username_not_icr", Warning,
            ["{0}: {1}"];
        /// `iamapikey` on a registry that is not ICR.
        UsernameIamapikeyNotIcr = "username_iamapikey_not_icr", Warning,
            ["{0}: {1}"];
        /// A password shaped like an IAM API key with another username.
        PasswordApiKeyUsername = "password_api_key_username", Warning,
            ["{0}: {1}"];
        /// A Docker Hub access token on an ICR server.
        PasswordDockerTokenOnIcr = "password_docker_token_on_icr", Warning,
            ["{0}: {1}"];
        // The registry conventions of SPEC §2.2 (`crate::credential`, whose
        // table declares their names, severities and messages; a test checks
        // these rows agree), found on each entry the same way.
        /// A username the entry's kind of registry does not accept.
        UsernameUnexpectedForRegistry = "username_unexpected_for_registry", Warning,
            ["{0}: {1}"];
        /// A credential that expires within hours (ECR, `oauth2accesstoken`,
        /// `iambearer`, an AAD token).
        ShortLivedCredential = "short_lived_credential", Warning,
            ["{0}: {1}"];
        /// A JWT password whose `exp` has passed.
        TokenExpired = "token_expired", Warning,
            ["{0}: {1}"];
        /// A `ghcr.io/Owner` key with capitals, which no image name matches.
        OwnerMustBeLowercase = "owner_must_be_lowercase", Warning,
            ["{0}: {1}"];
    }
}

/// Where a config finding points: the part of the config, the credential
/// key when the finding is about one entry, and for JSON syntax errors the
/// 1-based line and column (serde_json's). Serialized as the JavaScript
/// package names them (`field`, `server`, `line`, `column`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConfigLocation {
    pub field: ConfigField,
    /// The credential key the finding is about, if any.
    pub server: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl ConfigLocation {
    /// `field` of the entry `server` (if any), without a line and column.
    pub fn new(field: ConfigField, server: Option<&str>) -> ConfigLocation {
        ConfigLocation { field, server: server.map(str::to_string), line: None, column: None }
    }
}

impl Location for ConfigLocation {
    type Code = ConfigCode;
}

/// One finding about the credentials: the shape of SPEC §1.5 with a
/// [`ConfigLocation`] instead of a component.
///
/// `span` is a byte range of the input text: the exact place for JSON
/// syntax errors and keys of a plain document; the whole input when the
/// finding is inside base64. `fix.replacement` is the whole corrected input;
/// a fix whose replacement would contain a secret is only given with
/// [`InspectOptions::reveal`] (and `Debug` never prints a replacement).
/// The message quotes the key, never a password.
pub type ConfigDiagnostic = Diagnostic<'static, ConfigLocation>;

/// A config message as data: the code, its template number and arguments
/// (rendered by `Display`).
pub type ConfigMessage = Message<'static, ConfigCode>;

/// One registry's credentials, redacted unless revealed.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The key as written.
    pub server: String,
    pub kind: RegistryKind,
    /// The username docker and the kubelet use: from `auth` when it decodes,
    /// else the `username` field.
    pub username: Option<String>,
    /// Whether a non-empty password is there (from `auth` or `password`).
    pub has_password: bool,
    /// Its length in characters (0 when none); in bytes when `auth` decodes
    /// to a password that is not UTF-8 text (`auth_not_utf8`).
    pub password_length: usize,
    pub email: Option<String>,
    /// Whether an `auth` field is there.
    pub has_auth: bool,
    /// Whether `auth` agrees with `username`/`password`: `None` when there
    /// is no `auth`, or it does not decode, or there are no fields to
    /// compare it with.
    pub auth_matches: Option<bool>,
    pub has_identity_token: bool,
    /// Revealed only: the password in use; `None` when it is not UTF-8 text.
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretSummary {
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `type` as written; `None` when absent (the API server then uses `Opaque`).
    #[serde(rename = "type")]
    pub secret_type: Option<String>,
    /// The data key read (`.dockerconfigjson` or `.dockercfg`).
    pub data_key: Option<String>,
}

/// The answer of [`inspect_docker_config`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(serialize_with = "crate::serialize::spanned")]
    pub diagnostics: Vec<ConfigDiagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_the_location_as_the_package_names_it_and_debug_hides_fixes() {
        let mut list: Vec<ConfigDiagnostic> = Vec::new();
        let at = ConfigLocation::new(ConfigField::IdentityToken, Some("us.icr.io"));
        list.add(ConfigCode::EmptyEntry, at, Span::new(1, 2), 0, [Arg::quoted("us.icr.io")]).fix =
            Some(Fix { label: "remove it".into(), replacement: r#"{"auths":{"x":{"password":"canary-pw"}}}"#.into() });
        let json = serde_json::to_string(&list[0]).unwrap();
        assert!(
            json.starts_with(
                r#"{"code":"empty_entry","severity":"warning","field":"identitytoken","server":"us.icr.io","line":null,"column":null,"message":"entry \"us.icr.io\" holds no credentials","fix":"#
            ),
            "{json}"
        );
        assert!(!format!("{list:?}").contains("canary-pw"));
    }

    #[test]
    fn every_template_reads_like_a_message() {
        for &code in ConfigCode::ALL {
            for t in code.templates() {
                assert!(!t.is_empty() && !t.ends_with('.') && !t.ends_with(' '), "{code}: {t}");
            }
        }
        let m = ConfigMessage::new(ConfigCode::EmptyEntry, 0, [Arg::quoted("a".repeat(300))]);
        assert_eq!(m.to_string(), format!("entry \"{}…\" holds no credentials", "a".repeat(200)));
    }
}
