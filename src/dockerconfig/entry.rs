//! One entry: the kubelet's decoding of its fields (`decode`), the findings
//! about it, and [`credential_checks`], the one place where the checks on a
//! credential (server, username, password) run.

use super::decode;
use super::inspect::{never_matches, registry_kind, replaced_entry_doc, suggested_key};
use super::json::*;
use super::read::*;
use super::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

/// Checks one entry; returns it redacted (or revealed).
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
    if let Some((reason, why)) = never_matches(server, effective.as_deref()) {
        let suggestion = suggested_key(server, entry.kind);
        let span = cx.key_span(server);
        let mut args: Vec<Arg<'static>> = std::iter::once(Arg::quoted(server)).chain(why).collect();
        // Each reason's wording without, then with, the suggested key.
        let mut form = 2 * reason;
        if suggestion != server && !suggestion.is_empty() {
            args.push(Arg::quoted(suggestion));
            form += 1;
        }
        cx.diags.add(
            ConfigCode::ServerKeyNeverMatches,
            ConfigLocation::new(ConfigField::Server, Some(server)),
            span,
            form,
            args,
        );
    }
    let empty = serde_json::Map::new();
    let obj = match value {
        Value::Object(obj) => obj,
        // Go decodes `null` into an empty entry.
        Value::Null => &empty,
        _ => {
            let span = cx.key_span(server);
            cx.diags.add(
                ConfigCode::InvalidFieldType,
                ConfigLocation::new(ConfigField::Server, Some(server)),
                span,
                0,
                vec![Arg::quoted(server), Arg::plain(json_kind(value))],
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
                cx.diags.add(
                    ConfigCode::InvalidFieldType,
                    ConfigLocation::new(f, Some(server)),
                    span,
                    1,
                    vec![Arg::quoted(key), Arg::quoted(server), Arg::plain(json_kind(other))],
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
            cx.diags.add(
                ConfigCode::UnknownField,
                ConfigLocation::new(ConfigField::Server, Some(server)),
                span,
                0,
                vec![Arg::quoted(k), Arg::quoted(server)],
            );
        }
    }
    let username_key = decode::get(obj, "username").map_or("username", |(k, _)| k.as_str());
    let auth_key = decode::get(obj, "auth").map_or("auth", |(k, _)| k.as_str());

    let mut eff_user = username.clone();
    if auth.is_none() {
        if let Some(i) = username.as_deref().and_then(|u| u.find(':')) {
            let span = cx.field_span(server, username_key);
            cx.diags.add(
                ConfigCode::UsernameColon,
                ConfigLocation::new(ConfigField::Username, Some(server)),
                span,
                0,
                vec![Arg::quoted(server)],
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
        let f = Fields { obj, username: &username, password: &password, auth_key };
        if let Some(c) = decode_auth_field(cx, server, &f, a, &mut entry) {
            (eff_user, eff_pass, raw_password_len) = (c.user, c.pass, c.raw_len);
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
            let form = if entry.has_auth { 1 } else { 0 };
            cx.diags.add(
                ConfigCode::PasswordWhitespace,
                ConfigLocation::new(field, Some(server)),
                span,
                form,
                vec![Arg::quoted(server)],
            );
        }
    }
    entry.has_identity_token = token.is_some();
    if token.is_some() && eff_pass.is_none() {
        let span = cx.field_span(server, token_key.unwrap_or("identitytoken"));
        cx.diags.add(
            ConfigCode::IdentityTokenOnly,
            ConfigLocation::new(ConfigField::IdentityToken, Some(server)),
            span,
            0,
            vec![Arg::quoted(server)],
        );
    } else if eff_user.is_none() && eff_pass.is_none() && token.is_none() && !entry.has_auth && !type_errors {
        let span = cx.key_span(server);
        cx.diags.add(
            ConfigCode::EmptyEntry,
            ConfigLocation::new(ConfigField::Server, Some(server)),
            span,
            0,
            vec![Arg::quoted(server)],
        );
    } else if eff_user.is_some() != eff_pass.is_some() && token.is_none() && !type_errors {
        let (f, form) = if eff_user.is_some() { (ConfigField::Password, 0) } else { (ConfigField::Username, 1) };
        let span = cx.key_span(server);
        cx.diags.add(
            ConfigCode::IncompleteCredentials,
            ConfigLocation::new(f, Some(server)),
            span,
            form,
            vec![Arg::quoted(server)],
        );
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

/// The fields of one entry that `auth` is compared with.
struct Fields<'a> {
    obj: &'a serde_json::Map<String, Value>,
    username: &'a Option<String>,
    password: &'a Option<String>,
    /// The `auth` key as written (`AUTH`), for spans and fixes.
    auth_key: &'a str,
}

/// What `auth` gives the kubelet: the username, the password (as text,
/// U+FFFD for bytes that are not UTF-8), and the password's length in bytes
/// when it is not UTF-8 text.
struct Credentials {
    user: Option<String>,
    pass: Option<String>,
    raw_len: Option<usize>,
}

/// Decodes `auth` as the kubelet does (`decode::auth`) and reports what is
/// wrong with it; `None` when the kubelet cannot decode it.
fn decode_auth_field(cx: &mut Cx, server: &str, f: &Fields, a: &str, entry: &mut Entry) -> Option<Credentials> {
    match decode::auth(a) {
        Ok(decoded) => {
            let u = Some(decoded.username.clone()).filter(|s| !s.is_empty());
            let p_text = String::from_utf8(decoded.password.clone()).ok();
            let user_text = decoded.username_is_text;
            if f.username.is_some() || f.password.is_some() {
                let user_differs = f.username.is_some() && *f.username != u;
                let pass_differs = f.password.is_some()
                    && f.password.as_deref().map(str::as_bytes) != Some(decoded.password.as_slice());
                entry.auth_matches = Some(!user_differs && !pass_differs);
                if user_differs || pass_differs {
                    // The "username" field is not quoted: a password
                    // pasted into it by mistake must not reach a message.
                    let shown = u.as_deref().map_or_else(|| Arg::plain("(empty)"), Arg::quoted);
                    let (form, args) = match (user_differs, pass_differs) {
                        (true, true) => (0, vec![Arg::quoted(server), shown]),
                        (true, false) => (1, vec![Arg::quoted(server), shown]),
                        _ => (2, vec![Arg::quoted(server)]),
                    };
                    let span = cx.field_span(server, f.auth_key);
                    cx.diags.add(
                        ConfigCode::AuthMismatch,
                        ConfigLocation::new(ConfigField::Auth, Some(server)),
                        span,
                        form,
                        args,
                    );
                    if let (Some(fu), Some(fp)) = (&f.username, &f.password) {
                        let mut fixed = f.obj.clone();
                        fixed.insert(f.auth_key.into(), Value::String(STANDARD.encode(format!("{fu}:{fp}"))));
                        if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                            cx.fix("recompute \"auth\" from \"username\" and \"password\"".into(), text, true);
                        }
                    }
                }
            }
            if decoded.unpadded {
                let span = cx.field_span(server, f.auth_key);
                cx.diags.add(
                    ConfigCode::AuthUnpadded,
                    ConfigLocation::new(ConfigField::Auth, Some(server)),
                    span,
                    0,
                    vec![Arg::quoted(server)],
                );
                let mut fixed = f.obj.clone();
                fixed.insert(f.auth_key.into(), Value::String(STANDARD.encode(&decoded.bytes)));
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
                let span = cx.field_span(server, f.auth_key);
                // Form 1 says "byte", form 0 "bytes".
                cx.diags.add(
                    ConfigCode::AuthNotUtf8,
                    ConfigLocation::new(ConfigField::Auth, Some(server)),
                    span,
                    usize::from(decoded.password.len() == 1) as u8,
                    vec![Arg::quoted(server), Arg::plain(what), Arg::Number(decoded.password.len() as u64)],
                );
            }
            let raw_len = (p_text.is_none() && !decoded.password.is_empty()).then_some(decoded.password.len());
            let pass = Some(p_text.unwrap_or_else(|| String::from_utf8_lossy(&decoded.password).into_owned()))
                .filter(|s| !s.is_empty());
            Some(Credentials { user: u, pass, raw_len })
        }
        Err(why) => {
            let span = cx.field_span(server, f.auth_key);
            cx.diags.add(
                ConfigCode::AuthUndecodable,
                ConfigLocation::new(ConfigField::Auth, Some(server)),
                span,
                0,
                vec![Arg::quoted(server), Arg::plain(why)],
            );
            // Undo the usual mistakes: URL-safe base64 or broken
            // padding, or `user:pass` pasted without encoding it.
            let repaired = match why {
                decode::AUTH_NOT_STANDARD => lenient_base64_text(a).filter(|t| t.contains(':')),
                decode::AUTH_PLAIN => Some(a.to_string()),
                _ => None,
            };
            if let Some((u, p)) = repaired.and_then(|t| t.split_once(':').map(|(u, p)| (u.to_string(), p.to_string())))
            {
                let mut fixed = f.obj.clone();
                fixed.insert(f.auth_key.into(), Value::String(STANDARD.encode(format!("{u}:{p}"))));
                if let Some(text) = replaced_entry_doc(cx, server, Value::Object(fixed)) {
                    cx.fix("encode \"auth\" as padded standard base64".into(), text, true);
                }
            }
            None
        }
    }
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
        now: cx.now,
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
        // The secret check's message, rendered from its own table: a
        // finding of the secret family inside a config finding, and an
        // argument holds no message of another family, so it is text.
        cx.diags.add(
            code,
            ConfigLocation::new(field, Some(server)),
            span,
            0,
            vec![Arg::quoted(server), Arg::plain(d.message())],
        );
    }
}
