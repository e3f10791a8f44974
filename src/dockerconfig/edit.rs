//! Editing: add, replace, remove and merge credentials, written as kubectl
//! writes them.

use super::decode;
use super::read::*;
use super::*;
use crate::gojson::{self, AuthEntry};
use crate::kubelet;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

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

/// What went wrong, as data: `Display` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum EditErrorKind {
    /// The document cannot be read: the first error diagnostic of reading
    /// it (none when reading stopped without one).
    Unreadable(Option<Box<ConfigDiagnostic>>),
    /// The entry under this server, which the edit would rewrite, has
    /// fields of the wrong type.
    Unwritable(Box<str>),
    InvalidCredential(Invalid),
    ServerNotFound(Box<str>),
}

/// What is wrong with a credential to store.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Invalid {
    ServerRequired,
    /// The server as given.
    ServerWhitespace(Box<str>),
    UsernameRequired,
    UsernameColon,
    PasswordRequired,
}

impl EditError {
    /// A stable code: the reading diagnostic's code, `invalid_credential`,
    /// `invalid_field_type` or `server_not_found`.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            EditErrorKind::Unreadable(d) => d.as_ref().map_or(ConfigCode::InvalidJson, |d| d.code).as_str(),
            EditErrorKind::Unwritable(_) => "invalid_field_type",
            EditErrorKind::InvalidCredential(..) => "invalid_credential",
            EditErrorKind::ServerNotFound(_) => "server_not_found",
        }
    }
    /// For `invalid_credential`: the field at fault (`server`, `username`,
    /// `password`).
    pub fn field(&self) -> Option<&'static str> {
        match &self.kind {
            EditErrorKind::InvalidCredential(Invalid::ServerRequired | Invalid::ServerWhitespace(_)) => Some("server"),
            EditErrorKind::InvalidCredential(Invalid::UsernameRequired | Invalid::UsernameColon) => Some("username"),
            EditErrorKind::InvalidCredential(Invalid::PasswordRequired) => Some("password"),
            _ => None,
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EditErrorKind::Unreadable(Some(d)) => write!(f, "cannot edit this config: {}", d.message),
            EditErrorKind::Unreadable(None) => f.write_str("cannot edit this config: it is not a config"),
            EditErrorKind::Unwritable(server) => write!(
                f,
                "cannot edit this config: entry {server:?} is not an object of string fields; fix or remove it first",
                server = q(server)
            ),
            EditErrorKind::InvalidCredential(Invalid::ServerRequired) => f.write_str("server is required"),
            EditErrorKind::InvalidCredential(Invalid::ServerWhitespace(server)) => {
                write!(f, "server {server:?} must not contain whitespace or control characters", server = q(server))
            }
            EditErrorKind::InvalidCredential(Invalid::UsernameRequired) => f.write_str("username is required"),
            // Not quoted: "user:password" pasted into the username field is
            // the usual way to get here.
            EditErrorKind::InvalidCredential(Invalid::UsernameColon) => {
                f.write_str("username must not contain \":\" (it separates username and password in \"auth\")")
            }
            EditErrorKind::InvalidCredential(Invalid::PasswordRequired) => f.write_str("password is required"),
            EditErrorKind::ServerNotFound(s) => write!(f, "no credentials for {s:?} in this config", s = q(s)),
        }
    }
}

impl std::error::Error for EditError {}

serialize_as_failure!(EditError);

impl EditError {
    pub(crate) fn failure(&self) -> crate::serialize::Failure {
        crate::serialize::Failure {
            code: self.code(),
            field: self.field(),
            message: self.to_string(),
            ..Default::default()
        }
    }
}

/// Reads a document for editing: any shape `inspect_docker_config` reads;
/// empty text is an empty config. Entry-level problems do not stop an edit.
pub(super) fn read_for_edit(text: &str) -> Result<Doc, EditError> {
    if text.trim().is_empty() {
        return Ok(Doc { shape: Some(Shape::DockerConfigJson), ..Doc::default() });
    }
    let mut cx = Cx::new(text, false);
    match read_raw(&mut cx) {
        Some(doc) => Ok(doc),
        None => {
            let first = cx.diags.into_iter().find(|d| d.severity == Severity::Error);
            Err(EditError { kind: EditErrorKind::Unreadable(first.map(Box::new)) })
        }
    }
}

/// The servers of `doc` that are the same registry as `server` for the
/// kubelet (same index key), or the same text.
pub(super) fn same_registry(doc: &Doc, server: &str) -> Vec<String> {
    let key = kubelet::effective_key(server);
    doc.entries
        .keys()
        .filter(|k| k.as_str() == server || (key.is_some() && kubelet::effective_key(k) == key))
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
    let bad = |problem| Err(EditError { kind: EditErrorKind::InvalidCredential(problem) });
    let server = credential.server.as_str();
    if server.trim().is_empty() {
        return bad(Invalid::ServerRequired);
    }
    if server.trim() != server || server.chars().any(char::is_control) {
        return bad(Invalid::ServerWhitespace(server.into()));
    }
    if credential.username.is_empty() {
        return bad(Invalid::UsernameRequired);
    }
    if credential.username.contains(':') {
        return bad(Invalid::UsernameColon);
    }
    if credential.password.is_empty() {
        return bad(Invalid::PasswordRequired);
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
        return Err(EditError { kind: EditErrorKind::ServerNotFound(server.into()) });
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

pub(super) fn entry_value(e: &AuthEntry) -> Value {
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
pub(super) fn write_doc(doc: &Doc) -> Result<String, EditError> {
    for (server, v) in &doc.entries {
        let ok = match v {
            Value::Object(m) => ["username", "password", "email", "auth"]
                .iter()
                .all(|f| matches!(decode::get(m, f), None | Some((_, Value::String(_) | Value::Null)))),
            // The kubelet reads `null` as an empty entry.
            Value::Null => true,
            _ => false,
        };
        if !ok {
            return Err(EditError { kind: EditErrorKind::Unwritable(server.as_str().into()) });
        }
    }
    Ok(write_doc_unchecked(&doc.entries, &doc.extras))
}

/// One entry to write: its key, kubectl's fields, and the other fields sorted.
type ParsedEntry<'a> = (&'a str, AuthEntry, Vec<(&'a String, &'a Value)>);

/// kubectl's bytes through the shared writer, then fields kubectl's structs
/// do not have, appended in Go's encoding (sorted keys). Entries that are not
/// objects of strings are written as empty entries (only used for fixes of
/// documents that `write_doc` would refuse).
pub(super) fn write_doc_unchecked(entries: &BTreeMap<String, Value>, extras: &BTreeMap<String, Value>) -> String {
    // kubectl's fields under any spelling Go reads (`Username`), written
    // as kubectl spells them.
    let known = ["username", "password", "email", "auth"];
    let mut parsed: Vec<ParsedEntry> = Vec::new();
    for (server, v) in entries {
        let get = |f: &str| {
            v.as_object().and_then(|m| decode::get(m, f)).and_then(|(_, v)| v.as_str()).unwrap_or("").to_string()
        };
        let e =
            AuthEntry { username: get("username"), password: get("password"), email: get("email"), auth: get("auth") };
        let rest: Vec<(&String, &Value)> = v
            .as_object()
            .map(|m| sorted_fields(m.iter().filter(|(k, _)| decode::field_of(k, &known).is_none()).collect()))
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

pub(super) use crate::gojson::sorted_fields;

/// Any JSON value as Go's `encoding/json` writes an `interface{}`.
pub(super) fn write_go_value(out: &mut String, v: &Value) {
    gojson::write_value(out, v, gojson::Style::Go)
}
