//! Building a registry secret (SPEC §3.1, §3.2): the checks of the input,
//! the `.dockerconfigjson` kubectl would store, the Secret manifest as
//! kubectl prints it in JSON and YAML, and the CLI commands that create the
//! same secret.
//!
//! The diagnostic shape shared by every registry and secret check
//! ([`SecretDiagnostic`]) and its table of codes are declared below the
//! registry module, which uses them too (`codes`); they are re-exported
//! here. A check names its code, the template's form and the arguments;
//! the wording is in that table.

use crate::credential;
use crate::diagnostics::{Collect, Fix, Severity, Span};
use crate::gojson::{self, AuthEntry};
use crate::message::Arg;
use crate::registry::{self, quote, RegistryInfo, RegistryKind};
use std::fmt;

pub use crate::codes::{SecretCode, SecretDiagnostic, SecretMessage};
pub use crate::diagnostics::Field;

mod yaml;
pub use yaml::yaml_name;

/// What to build a registry secret from, as the seed's
/// `ibmcloud ce secret create --format registry --name --server --username
/// --password`. `Debug` redacts the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretInput {
    /// Secret name (required).
    pub name: String,
    /// Registry server; `None` or empty means `us.icr.io` (Code Engine's
    /// default). kubectl's default is `https://index.docker.io/v1/`: pass it
    /// explicitly to reproduce kubectl.
    pub server: Option<String>,
    /// Username; `None` or empty means `iamapikey` on an ICR server.
    pub username: Option<String>,
    /// Password, API key or token (required). Never printed by `Debug` or
    /// quoted in a message.
    pub password: String,
    /// Optional email address, stored as kubectl stores it.
    pub email: Option<String>,
    /// Kubernetes namespace for the manifest; `None` leaves it out.
    pub namespace: Option<String>,
    /// Reproduce kubectl before 1.34, which printed
    /// `"creationTimestamp": null` in the manifest.
    pub creation_timestamp_null: bool,
    /// The file named in `--password-from-file`; `None` means
    /// `password.txt`.
    pub password_file: Option<String>,
    /// The time the expiry of a token is checked against, in seconds since
    /// the Unix epoch; `None` means now (natively; WebAssembly has no clock
    /// of its own, so there the check needs this).
    pub now: Option<u64>,
}

impl SecretInput {
    /// The text of `field` as given (`None` when absent, or for a field that
    /// is no part of a secret's input): what a diagnostic's span indexes.
    pub fn value(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => Some(&self.name),
            Field::Server => self.server.as_deref(),
            Field::Username => self.username.as_deref(),
            Field::Password => Some(&self.password),
            Field::Email => self.email.as_deref(),
            Field::Namespace => self.namespace.as_deref(),
            Field::Config | Field::Image => None,
        }
    }
}

impl fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretInput")
            .field("name", &self.name)
            .field("server", &self.server)
            .field("username", &self.username)
            .field("password", &Redacted(&self.password))
            .field("email", &self.email)
            .field("namespace", &self.namespace)
            .field("creation_timestamp_null", &self.creation_timestamp_null)
            .field("password_file", &self.password_file)
            .field("now", &self.now)
            .finish()
    }
}

/// Prints `<redacted>` (or `""` for an empty value) in place of a secret.
struct Redacted<'a>(&'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("<redacted>")
        }
    }
}

/// A command line: the arguments and the line quoted for POSIX shells.
/// `Debug` redacts both (the `--password` forms hold the password).
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ShellCommand {
    /// The program and its arguments, unquoted.
    pub argv: Vec<String>,
    /// `argv` joined by spaces, each argument quoted only when a POSIX shell
    /// would otherwise change it.
    pub line: String,
}

impl ShellCommand {
    fn new(argv: Vec<String>) -> ShellCommand {
        let line = argv.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" ");
        ShellCommand { argv, line }
    }
}

impl fmt::Debug for ShellCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let program = self.argv.first().map(String::as_str).unwrap_or("");
        write!(f, "ShellCommand({program} <redacted>)")
    }
}

/// The CLI commands that create the same secret (SPEC §3.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretCommands {
    /// `ibmcloud ce secret create --format registry … --password-from-file
    /// FILE`: recommended, the password stays out of shell history.
    pub ibmcloud: ShellCommand,
    /// The same with `--password PASSWORD`.
    pub ibmcloud_with_password: ShellCommand,
    /// `kubectl create secret docker-registry NAME --docker-server=… …`.
    pub kubectl: ShellCommand,
    /// `docker login SERVER --username USER --password-stdin` (feed the
    /// password on standard input).
    pub docker_login: ShellCommand,
}

/// Everything [`create_registry_secret`] builds. `Debug` redacts the
/// password-bearing outputs.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretOutput {
    /// No diagnostic of severity `error`.
    pub valid: bool,
    /// The server used (the input, or the default `us.icr.io`).
    pub server: String,
    /// The username used (the input, or the default `iamapikey` on ICR).
    pub username: String,
    /// [`registry_info`](crate::registry::registry_info) of `server`.
    pub registry: RegistryInfo,
    /// Exactly the bytes kubectl stores under `.dockerconfigjson`.
    pub dockerconfigjson: String,
    /// The Secret as `kubectl … --dry-run=client -o json` prints it;
    /// `None` when the name or namespace is invalid (kubectl would not
    /// create it).
    pub secret_json: Option<String>,
    /// The Secret as `kubectl … --dry-run=client -o yaml` prints it; `None`
    /// as for `secret_json`.
    pub secret_yaml: Option<String>,
    /// The CLI commands that create the same secret.
    pub commands: SecretCommands,
    /// Every finding, in field order: name, server, username, password,
    /// email, namespace.
    #[serde(serialize_with = "crate::serialize::spanned")]
    pub diagnostics: Vec<SecretDiagnostic>,
}

impl fmt::Debug for SecretOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretOutput")
            .field("valid", &self.valid)
            .field("server", &self.server)
            .field("username", &self.username)
            .field("registry", &self.registry)
            .field("dockerconfigjson", &Redacted(&self.dockerconfigjson))
            .field("secret_json", &self.secret_json.as_deref().map(Redacted))
            .field("secret_yaml", &self.secret_yaml.as_deref().map(Redacted))
            .field("commands", &self.commands)
            .field("diagnostics", &self.diagnostics)
            .finish()
    }
}

/// Code Engine's default registry server.
pub const DEFAULT_SERVER: &str = "us.icr.io";

/// ICR usernames (SPEC §2.1).
const ICR_USERNAMES: &[&str] = &["iamapikey", "iambearer", "iamrefresh"];

/// Checks `input` (SPEC §3.1) and builds the secret material (SPEC §3.2).
/// Never fails: the outputs are built even when a check fails (kubectl
/// would build them too), except the manifests, which need a valid name and
/// namespace; `valid` and `diagnostics` say whether to use them.
pub fn create_registry_secret(input: &SecretInput) -> SecretOutput {
    let mut diagnostics = validate_secret_name(&input.name);

    // Server.
    let server = match input.server.as_deref() {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => {
            diagnostics.add(
                SecretCode::DefaultServer,
                Field::Server,
                Span::new(0, 0),
                0,
                [Arg::quoted(DEFAULT_SERVER)],
            );
            DEFAULT_SERVER.to_string()
        }
    };
    let registry = registry::registry_info(&server);
    diagnostics.extend(registry.diagnostics.iter().cloned());
    let icr = registry.kind == RegistryKind::Icr;

    // Username.
    let typed_username = input.username.as_deref().unwrap_or("");
    let username = if typed_username.is_empty() && icr {
        diagnostics.add(SecretCode::DefaultUsername, Field::Username, Span::new(0, 0), 0, []);
        "iamapikey".to_string()
    } else {
        typed_username.to_string()
    };
    check_username(&username, typed_username.is_empty(), &registry, &mut diagnostics);

    // Password.
    check_password(&input.password, &username, &registry, &mut diagnostics);

    // The registry's own conventions (SPEC §2.2). A username it does not
    // accept replaces the general ICR username findings, which it makes
    // more exact.
    let now = input.now.or_else(credential::current_time);
    let findings = credential::check_credential(&server, &username, &input.password, now);
    if findings.iter().any(|f| f.code == SecretCode::UsernameUnexpectedForRegistry) {
        diagnostics.retain(|d| !matches!(d.code, SecretCode::UsernameNotIcr | SecretCode::UsernameIamapikeyNotIcr));
    }
    diagnostics.extend(findings);
    // Back in field order (a stable sort: each field's findings keep theirs).
    diagnostics.sort_by_key(|d| d.location as u8);

    // Email.
    let email = input.email.as_deref().unwrap_or("");
    if !email.is_empty() && !looks_like_email(email) {
        diagnostics.add(SecretCode::EmailInvalid, Field::Email, Span::new(0, email.len()), 0, [Arg::quoted(email)]);
    }

    // Namespace.
    let namespace = input.namespace.as_deref().filter(|n| !n.is_empty());
    let mut namespace_ok = true;
    if let Some(ns) = namespace {
        if !is_dns_label(ns) {
            namespace_ok = false;
            diagnostics.add(
                SecretCode::NamespaceInvalid,
                Field::Namespace,
                Span::new(0, ns.len()),
                0,
                [Arg::quoted(ns)],
            );
        }
    }

    // No command line (and so no kubectl or ibmcloud argument) can carry a
    // NUL byte: the commands would silently cut the value there.
    let fields = [
        (Field::Server, server.as_str()),
        (Field::Username, username.as_str()),
        (Field::Password, input.password.as_str()),
        (Field::Email, email),
    ];
    for (field, value) in fields {
        if let Some(i) = value.find('\0') {
            diagnostics.add(SecretCode::NulCharacter, field, Span::new(i, i + 1), 0, [Arg::plain(field.as_str())]);
        }
    }

    let entry = AuthEntry::new(&username, &input.password, email);
    let dockerconfigjson = gojson::auths_document([(server.as_str(), &entry)]);
    let name_ok = !diagnostics.iter().any(|d| d.location == Field::Name && d.severity == Severity::Error);
    let (secret_json, secret_yaml) = if name_ok && namespace_ok {
        let manifest = Manifest {
            name: &input.name,
            namespace,
            creation_timestamp_null: input.creation_timestamp_null,
            data: &dockerconfigjson,
        };
        (Some(manifest.json()), Some(manifest.yaml()))
    } else {
        (None, None)
    };
    let commands = commands(input, &server, &username, email, namespace);
    let valid = diagnostics.iter().all(|d| d.severity != Severity::Error);
    SecretOutput {
        valid,
        server,
        username,
        registry,
        dockerconfigjson,
        secret_json,
        secret_yaml,
        commands,
        diagnostics,
    }
}

fn check_username(username: &str, was_empty: bool, registry: &RegistryInfo, out: &mut Vec<SecretDiagnostic>) {
    let icr = registry.kind == RegistryKind::Icr;
    if username.is_empty() {
        out.add(SecretCode::UsernameEmpty, Field::Username, Span::new(0, 0), 0, []);
        return;
    }
    if let Some(i) = username.find(':') {
        // Not quoted: a username with ":" is often "iamapikey:<key>" pasted
        // whole, and the part after ":" is then the password.
        out.add(SecretCode::UsernameColon, Field::Username, Span::new(i, i + 1), 0, []);
    }
    if icr && !was_empty && !ICR_USERNAMES.contains(&username) {
        out.add(
            SecretCode::UsernameNotIcr,
            Field::Username,
            Span::new(0, username.len()),
            0,
            [quote_username(username)],
        )
        .fix = Some(Fix { label: "use \"iamapikey\"".to_string(), replacement: "iamapikey".to_string() });
    }
    if !icr && username == "iamapikey" {
        let host = registry.host.as_deref().unwrap_or("");
        out.add(
            SecretCode::UsernameIamapikeyNotIcr,
            Field::Username,
            Span::new(0, username.len()),
            0,
            [Arg::quoted(host)],
        );
    }
}

/// `username` quoted for a message, cut at its first ":": what follows a
/// ":" in a username field is usually a pasted password.
fn quote_username(username: &str) -> Arg<'static> {
    match username.find(':') {
        Some(i) => Arg::quoted([&username[..i], ":…"].concat()),
        None => Arg::quoted(username),
    }
}

/// True when `p` has the shape of an IBM Cloud IAM API key: 44 characters of
/// `A-Za-z0-9_-`.
fn looks_like_api_key(p: &str) -> bool {
    p.len() == 44 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn check_password(password: &str, username: &str, registry: &RegistryInfo, out: &mut Vec<SecretDiagnostic>) {
    // Messages here describe the password and never quote it.
    if password.is_empty() {
        out.add(SecretCode::PasswordEmpty, Field::Password, Span::new(0, 0), 0, []);
        return;
    }
    let trimmed = password.trim();
    if trimmed.len() != password.len() || password.contains(['\n', '\r']) {
        let start = password.len() - password.trim_start().len();
        let end = start + trimmed.len();
        let span = if start > 0 {
            Span::new(0, start)
        } else if end < password.len() {
            Span::new(end, password.len())
        } else {
            let i = password.find(['\n', '\r']).unwrap_or(0);
            Span::new(i, i + 1)
        };
        out.add(SecretCode::PasswordWhitespace, Field::Password, span, 0, []);
    }
    if looks_like_api_key(password) && username != "iamapikey" {
        out.add(
            SecretCode::PasswordApiKeyUsername,
            Field::Password,
            Span::new(0, password.len()),
            0,
            [quote_username(username)],
        );
    }
    // Docker Hub personal (`dckr_pat_`) and organization (`dckr_oat_`)
    // access tokens.
    if registry.kind == RegistryKind::Icr && (password.starts_with("dckr_pat_") || password.starts_with("dckr_oat_")) {
        out.add(SecretCode::PasswordDockerTokenOnIcr, Field::Password, Span::new(0, "dckr_pat_".len()), 0, []);
    }
}

/// A loose address check: one `@`, something before it, a dotted domain
/// after it, no whitespace.
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|l| !l.is_empty())
}

/// A Kubernetes DNS-1123 label (what a namespace must be).
fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// [`validate_secret_name`]'s findings with their verdict, as the
/// JavaScript API returns them (`validateSecretName`).
#[derive(serde::Serialize)]
#[cfg_attr(not(all(target_arch = "wasm32", feature = "full")), allow(dead_code))] // read by the binding
pub(crate) struct NameCheck {
    pub valid: bool,
    #[serde(serialize_with = "crate::serialize::spanned")]
    pub diagnostics: Vec<SecretDiagnostic>,
}

#[cfg_attr(not(all(target_arch = "wasm32", feature = "full")), allow(dead_code))]
impl NameCheck {
    pub(crate) fn of(name: &str) -> NameCheck {
        let diagnostics = validate_secret_name(name);
        NameCheck { valid: diagnostics.iter().all(|d| d.severity != Severity::Error), diagnostics }
    }
}

/// Checks a secret name (SPEC §3.1): 1–253 characters,
/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`.
/// Returns the findings; empty means valid. (Uniqueness within the project
/// cannot be checked locally.)
pub fn validate_secret_name(name: &str) -> Vec<SecretDiagnostic> {
    let mut out = Vec::new();
    let quoted = || Arg::quoted(name);
    if name.is_empty() {
        out.add(SecretCode::NameEmpty, Field::Name, Span::new(0, 0), 0, []);
        return out;
    }
    let fix = name_fix(name);
    let fix = fix.map(|f| Fix { label: format!("use {}", quote(&f)), replacement: f });
    let chars = name.chars().count();
    if name.len() > 253 {
        out.add(
            SecretCode::NameTooLong,
            Field::Name,
            Span::new(floor_char_boundary(name, 253), name.len()),
            0,
            [quoted(), Arg::Number(chars as u64)],
        );
    }
    if let Some((i, c)) =
        name.char_indices().find(|&(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'))
    {
        out.add(
            SecretCode::NameInvalidCharacter,
            Field::Name,
            Span::new(i, i + c.len_utf8()),
            0,
            [quoted(), Arg::quoted(c.to_string())],
        )
        .fix = fix.clone();
        return out;
    }
    let mut at = 0;
    for label in name.split('.') {
        let bad = label.is_empty() || label.starts_with('-') || label.ends_with('-');
        if bad {
            let form = if label.is_empty() { 0 } else { 1 };
            out.add(SecretCode::NameBadStartOrEnd, Field::Name, Span::new(at, at + label.len()), form, [quoted()])
                .fix = fix;
            break;
        }
        at += label.len() + 1;
    }
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A valid name close to `name`: lowercase, other characters as `-`, empty
/// parts and edge dashes dropped. `None` when nothing valid remains or the
/// result is `name` itself.
fn name_fix(name: &str) -> Option<String> {
    let mapped: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let labels: Vec<&str> = mapped.split('.').map(|l| l.trim_matches('-')).filter(|l| !l.is_empty()).collect();
    let mut fixed = labels.join(".");
    if fixed.len() > 253 {
        fixed.truncate(253);
        fixed = fixed.trim_end_matches(['-', '.']).to_string();
    }
    let ok = !fixed.is_empty()
        && fixed != name
        && fixed.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    ok.then_some(fixed)
}

/// The Secret manifest kubectl prints for `create secret docker-registry`.
struct Manifest<'a> {
    name: &'a str,
    namespace: Option<&'a str>,
    creation_timestamp_null: bool,
    data: &'a str,
}

impl Manifest<'_> {
    fn data_b64(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(self.data.as_bytes())
    }

    /// `-o json`: Go's `json.MarshalIndent` with four spaces, fields in the
    /// order of the `Secret` struct, a final newline.
    fn json(&self) -> String {
        let mut out = String::from(
            "{\n    \"kind\": \"Secret\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": ",
        );
        gojson::write_string(&mut out, self.name);
        if let Some(ns) = self.namespace {
            out.push_str(",\n        \"namespace\": ");
            gojson::write_string(&mut out, ns);
        }
        if self.creation_timestamp_null {
            out.push_str(",\n        \"creationTimestamp\": null");
        }
        out.push_str("\n    },\n    \"data\": {\n        \".dockerconfigjson\": ");
        gojson::write_string(&mut out, &self.data_b64());
        out.push_str("\n    },\n    \"type\": \"kubernetes.io/dockerconfigjson\"\n}\n");
        out
    }

    /// `-o yaml`: sigs.k8s.io/yaml output, keys sorted, two-space indent.
    fn yaml(&self) -> String {
        let mut out = String::from("apiVersion: v1\ndata:\n  .dockerconfigjson: ");
        out.push_str(&self.data_b64());
        out.push_str("\nkind: Secret\nmetadata:\n");
        if self.creation_timestamp_null {
            out.push_str("  creationTimestamp: null\n");
        }
        out.push_str("  name: ");
        out.push_str(&yaml_name(self.name));
        out.push('\n');
        if let Some(ns) = self.namespace {
            out.push_str("  namespace: ");
            out.push_str(&yaml_name(ns));
            out.push('\n');
        }
        out.push_str("type: kubernetes.io/dockerconfigjson\n");
        out
    }
}

/// Quotes `s` for a POSIX shell: as is when every character is one the
/// shell reads literally everywhere in a word, else in single quotes with
/// each `'` written `'\''`. Hand-written: the rule is four lines and the
/// output must be exactly predictable.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'@' | b'%' | b'+' | b'=' | b':' | b',' | b'.' | b'/' | b'-' | b'_')
        });
    if safe {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

fn commands(input: &SecretInput, server: &str, username: &str, email: &str, namespace: Option<&str>) -> SecretCommands {
    let s = |v: &str| v.to_string();
    let file = input.password_file.as_deref().filter(|f| !f.is_empty()).unwrap_or("password.txt");
    let mut base = vec![
        s("ibmcloud"),
        s("ce"),
        s("secret"),
        s("create"),
        s("--format"),
        s("registry"),
        s("--name"),
        s(&input.name),
        s("--server"),
        s(server),
        s("--username"),
        s(username),
    ];
    if !email.is_empty() {
        base.extend([s("--email"), s(email)]);
    }
    let mut from_file = base.clone();
    from_file.extend([s("--password-from-file"), s(file)]);
    let mut with_password = base;
    with_password.extend([s("--password"), s(&input.password)]);

    let mut kubectl = vec![
        s("kubectl"),
        s("create"),
        s("secret"),
        s("docker-registry"),
        s(&input.name),
        format!("--docker-server={server}"),
        format!("--docker-username={username}"),
        format!("--docker-password={}", input.password),
    ];
    if !email.is_empty() {
        kubectl.push(format!("--docker-email={email}"));
    }
    if let Some(ns) = namespace {
        kubectl.push(format!("--namespace={ns}"));
    }
    let docker = vec![s("docker"), s("login"), s(server), s("--username"), s(username), s("--password-stdin")];
    SecretCommands {
        ibmcloud: ShellCommand::new(from_file),
        ibmcloud_with_password: ShellCommand::new(with_password),
        kubectl: ShellCommand::new(kubectl),
        docker_login: ShellCommand::new(docker),
    }
}
