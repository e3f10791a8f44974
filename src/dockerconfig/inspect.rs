//! Checking each entry read: the findings of SPEC §3.3 and the §3.1
//! credential checks.

use super::decode;
use super::edit::write_doc_unchecked;
use super::json::*;
use super::read::*;
use super::*;
use crate::gojson;
use crate::matching;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

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

/// Checks every entry; returns them redacted (or revealed).
pub(super) fn inspect_entries(cx: &mut Cx, doc: &ReadDoc) -> Vec<Entry> {
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

pub(super) fn helper_only(cx: &mut Cx, doc: &ReadDoc) {
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

pub(super) fn duplicates(cx: &mut Cx, doc: &ReadDoc, effective: &[Option<String>]) {
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
pub(super) fn key_host(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    let end = ['/', '?', '#'].iter().filter_map(|c| rest.find(*c)).min().unwrap_or(rest.len());
    let rest = &rest[..end];
    rest.rsplit_once('@').map_or(rest, |(_, h)| h)
}

/// The key a credential should use for the host of `server`: SPEC §2's
/// canonical credential key (Docker Hub's v1 URL, else lowercase
/// `host[:port]` without a default port or trailing dot).
pub(super) fn suggested_key(server: &str, kind: RegistryKind) -> String {
    if kind == RegistryKind::DockerHub {
        return "https://index.docker.io/v1/".into();
    }
    let host = key_host(server).to_ascii_lowercase();
    let host = host.strip_suffix(":443").or_else(|| host.strip_suffix(":80")).unwrap_or(&host);
    host.trim_end_matches('.').to_string()
}

/// Why the kubelet would never match `server` to an image as people write
/// image names; `None` for a good key.
pub(super) fn never_matches(server: &str, effective: Option<&str>) -> Option<String> {
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
    if path == "/v1" || path == "/v2" {
        // docker drops the API version either way; the kubelet only with
        // the trailing slash, so this key is a path no repository is under.
        return Some(format!(
            "the kubelet drops only {path:?} followed by \"/\", so it keeps the path {path:?} and matches only repositories under {:?}",
            format!("{name}{}{path}", if port.is_empty() { String::new() } else { format!(":{port}") })
        ));
    }
    None
}

pub(super) fn inspect_entry(cx: &mut Cx, server: &str, value: &Value, effective: &Option<String>) -> Entry {
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
    let empty = serde_json::Map::new();
    let obj = match value {
        Value::Object(obj) => obj,
        // Go decodes `null` into an empty entry.
        Value::Null => &empty,
        _ => {
            let span = cx.key_span(server);
            cx.push(
                ConfigCode::InvalidFieldType,
                ConfigField::Server,
                Some(server),
                format!("entry {server:?} must be an object, found {}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails", json_kind(value)),
                span,
            );
            return entry;
        }
    };
    // Each field the kubelet decodes must be a string (or null): it
    // unmarshals into Go strings and fails the whole secret otherwise. Names
    // match as Go matches them (`Username` is `username`).
    let field = |name: &str, f: ConfigField, cx: &mut Cx| -> Option<String> {
        let (key, value) = decode::get(obj, name)?;
        match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => {
                let span = cx.field_span(server, key);
                cx.push(
                    ConfigCode::InvalidFieldType,
                    f,
                    Some(server),
                    format!(
                        "{key:?} of {server:?} must be a string, found {}; the kubelet cannot decode the secret, so every pull of a pod that uses it fails",
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
    let type_errors = cx.diags.len() > errors_before;
    // The kubelet ignores `identitytoken` (docker reads it): a value of
    // another type is just one more field it ignores.
    let token_key = decode::get(obj, "identitytoken").map(|(k, _)| k.as_str());
    let token = decode::get(obj, "identitytoken").and_then(|(_, v)| v.as_str()).filter(|s| !s.is_empty());
    for (k, v) in obj {
        let known = decode::field_of(k, decode::ENTRY_FIELDS)
            .is_some_and(|f| f != "identitytoken" || matches!(v, Value::String(_) | Value::Null));
        if !known {
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
    let username_key = decode::get(obj, "username").map_or("username", |(k, _)| k.as_str());
    let auth_key = decode::get(obj, "auth").map_or("auth", |(k, _)| k.as_str());

    let mut eff_user = username.clone();
    if auth.is_none() {
        if let Some(i) = username.as_deref().and_then(|u| u.find(':')) {
            let span = cx.field_span(server, username_key);
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
    // Set when `auth` decodes to a password that is not UTF-8 text: its
    // length in bytes.
    let mut raw_password_len = None;
    if let Some(a) = &auth {
        entry.has_auth = true;
        match decode::auth(a) {
            Ok(decoded) => {
                let u = Some(decoded.username.clone()).filter(|s| !s.is_empty());
                let p_text = String::from_utf8(decoded.password.clone()).ok();
                let user_text = decoded.username_is_text;
                if username.is_some() || password.is_some() {
                    let user_differs = username.is_some() && username != u;
                    let pass_differs = password.is_some()
                        && password.as_deref().map(str::as_bytes) != Some(decoded.password.as_slice());
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
                        let span = cx.field_span(server, auth_key);
                        cx.push(
                            ConfigCode::AuthMismatch,
                            ConfigField::Auth,
                            Some(server),
                            format!("\"auth\" of {server:?} holds {what}; docker and the kubelet use \"auth\""),
                            span,
                        );
                        if let (Some(fu), Some(fp)) = (&username, &password) {
                            let mut fixed = obj.clone();
                            fixed.insert(auth_key.into(), Value::String(STANDARD.encode(format!("{fu}:{fp}"))));
                            if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                                cx.fix("recompute \"auth\" from \"username\" and \"password\"".into(), text, true);
                            }
                        }
                    }
                }
                if decoded.unpadded {
                    let span = cx.field_span(server, auth_key);
                    cx.push(
                        ConfigCode::AuthUnpadded,
                        ConfigField::Auth,
                        Some(server),
                        format!("\"auth\" of {server:?} is base64 without its \"=\" padding; the kubelet reads it, but docker login refuses it; pad it with \"=\" to a multiple of 4 characters"),
                        span,
                    );
                    let mut fixed = obj.clone();
                    fixed.insert(auth_key.into(), Value::String(STANDARD.encode(&decoded.bytes)));
                    if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                        cx.fix("encode \"auth\" as padded standard base64".into(), text, true);
                    }
                }
                let not_text = match (user_text, p_text.is_some()) {
                    (true, true) => None,
                    (false, true) => Some("a username"),
                    (true, false) => Some("a password"),
                    (false, false) => Some("a username and a password"),
                };
                if let Some(what) = not_text {
                    let span = cx.field_span(server, auth_key);
                    cx.push(
                        ConfigCode::AuthNotUtf8,
                        ConfigField::Auth,
                        Some(server),
                        format!(
                            "\"auth\" of {server:?} decodes to {what} that is not UTF-8 text (the password is {} bytes); the kubelet sends the bytes as they are, but a registry compares text; encode \"auth\" from the username and password as UTF-8",
                            decoded.password.len()
                        ),
                        span,
                    );
                }
                if p_text.is_none() && !decoded.password.is_empty() {
                    raw_password_len = Some(decoded.password.len());
                }
                eff_user = u;
                eff_pass = Some(p_text.unwrap_or_else(|| String::from_utf8_lossy(&decoded.password).into_owned()))
                    .filter(|s| !s.is_empty());
            }
            Err(why) => {
                let span = cx.field_span(server, auth_key);
                cx.push(
                    ConfigCode::AuthUndecodable,
                    ConfigField::Auth,
                    Some(server),
                    format!(
                        "\"auth\" of {server:?} is not base64 of \"username:password\" ({why}); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
                    ),
                    span,
                );
                // Undo the usual mistakes: URL-safe base64 or broken
                // padding, or `user:pass` pasted without encoding it.
                let repaired = match why {
                    decode::AUTH_NOT_STANDARD => lenient_base64_text(a).filter(|t| t.contains(':')),
                    decode::AUTH_PLAIN => Some(a.clone()),
                    _ => None,
                };
                if let Some((u, p)) =
                    repaired.and_then(|t| t.split_once(':').map(|(u, p)| (u.to_string(), p.to_string())))
                {
                    let mut fixed = obj.clone();
                    fixed.insert(auth_key.into(), Value::String(STANDARD.encode(format!("{u}:{p}"))));
                    if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                        cx.fix("encode \"auth\" as padded standard base64".into(), text, true);
                    }
                }
            }
        }
    }
    if let Some(p) = &eff_pass {
        entry.has_password = true;
        entry.password_length = raw_password_len.unwrap_or_else(|| p.chars().count());
        if p.trim() != p {
            let field = if entry.has_auth { ConfigField::Auth } else { ConfigField::Password };
            let key = if entry.has_auth {
                auth_key
            } else {
                decode::get(obj, "password").map_or("password", |(k, _)| k.as_str())
            };
            let span = cx.field_span(server, key);
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
        let span = cx.field_span(server, token_key.unwrap_or("identitytoken"));
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
        entry.password = if raw_password_len.is_some() { None } else { eff_pass };
        entry.auth = auth;
        entry.identity_token = token.map(str::to_string);
    }
    entry
}

/// SPEC §3.1's username and password checks on one entry, by running
/// `create_registry_secret` on it (so the rules and messages live in one
/// place) and keeping the findings that concern an existing credential.
pub(super) fn credential_checks(cx: &mut Cx, server: &str, username: &str, password: &str, from_auth: bool) {
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
            // The registry conventions of SPEC §2.2 (`credential::check_credential`).
            "username_unexpected_for_registry" => (ConfigCode::UsernameUnexpectedForRegistry, ConfigField::Username),
            "short_lived_credential" => (ConfigCode::ShortLivedCredential, ConfigField::Password),
            "token_expired" => (ConfigCode::TokenExpired, ConfigField::Password),
            "owner_must_be_lowercase" => (ConfigCode::OwnerMustBeLowercase, ConfigField::Server),
            _ => continue,
        };
        let field = if from_auth { ConfigField::Auth } else { field };
        let span = cx.field_span(server, field.as_str());
        cx.push(code, field, Some(server), format!("{server:?}: {}", d.message), span);
    }
}

/// The whole input with one entry of the config replaced (for fixes).
pub(super) fn replaced_entry_doc(cx: &Cx, server: &str, entry: Value) -> Option<String> {
    let mut doc = read_raw(&mut Cx::new(cx.text, true))?;
    doc.entries.insert(server.to_string(), entry);
    let config = write_doc_unchecked(&doc.entries, &doc.extras);
    Some(cx.rewrap(&config))
}
