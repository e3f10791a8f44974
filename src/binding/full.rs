//! Secrets, docker configs and matching: the full module only.

use super::image::{write_registry_info, write_unreadable_registry_info};
use super::json::{array, string_array, write_fix, write_secret_diagnostic, write_span, Obj};
use super::utf16::{self, LoneSurrogate, Texts};
use super::BINDING_CODES;
use crate::diagnostics::{Code, Severity};
use crate::dockerconfig::{ConfigDiagnostic, Credential, EditError, InspectOptions, Inspection};
use crate::secret::{SecretInput, ShellCommand};
use wasm_bindgen::prelude::*;

/// The unions for the TypeScript declarations (written by `make pkg`): each
/// name with the values the .wasm can produce.
#[wasm_bindgen]
pub fn unions() -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.with("DiagnosticCode", |w| {
        string_array(w, Code::ALL.iter().map(|c| c.as_str()).chain(BINDING_CODES.iter().copied()))
    });
    // A lone surrogate is reported in the secret and config families too.
    o.with("SecretCode", |w| {
        string_array(w, crate::secret::SecretCode::ALL.iter().map(|c| c.as_str()).chain([utf16::CODE]))
    });
    o.with("ConfigCode", |w| {
        string_array(w, crate::dockerconfig::ConfigCode::ALL.iter().map(|c| c.as_str()).chain([utf16::CODE]))
    });
    o.with("MissReason", |w| string_array(w, crate::matching::MissReason::ALL.iter().map(|c| c.as_str())));
    o.with("RegistryKind", |w| string_array(w, crate::registry::RegistryKind::ALL.iter().map(|k| k.as_str())));
    o.with("PolicyRule", |w| {
        string_array(w, crate::policy::PolicyRule::ALL.iter().map(|r| crate::message::Declared::as_str(*r)))
    });
    o.with("AccessCode", |w| {
        string_array(w, crate::access::AccessCode::ALL.iter().map(|&c| crate::message::Declared::as_str(c)))
    });
    o.end();
    out
}

fn write_config_diagnostic(out: &mut String, d: &ConfigDiagnostic, text: &str) {
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("field", d.location.field.as_str())
        .opt_str("server", d.location.server.as_deref())
        .str("message", &d.message())
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.opt_num("line", d.location.line.map(|n| n as u64)).opt_num("column", d.location.column.map(|n| n as u64));
    o.end();
}

fn write_command(out: &mut String, c: &ShellCommand) {
    let mut o = Obj::new(out);
    o.with("argv", |w| string_array(w, c.argv.iter().map(String::as_str))).str("line", &c.line);
    o.end();
}

/// The secret input's strings, in pack order.
const SECRET_FIELDS: [&str; 7] = ["name", "server", "username", "password", "email", "namespace", "passwordFile"];

/// Strings: `SECRET_FIELDS`, absent ones `utf16::ABSENT`.
#[wasm_bindgen]
pub fn create_registry_secret_json(
    units: &[u16],
    lengths: &[u32],
    creation_timestamp_null: bool,
    now: Option<f64>,
) -> String {
    let mut t = Texts::unpack(units, lengths);
    if !t.bad.is_empty() {
        return unbuilt_secret_json(&t.bad);
    }
    let input = SecretInput {
        name: t.take(0),
        server: t.opt(1),
        username: t.opt(2),
        password: t.take(3),
        email: t.opt(4),
        namespace: t.opt(5),
        creation_timestamp_null,
        password_file: t.opt(6),
        now: seconds(now),
    };
    let s = crate::secret::create_registry_secret(&input);
    let text_of = |field: &str| -> String {
        match field {
            "name" => input.name.clone(),
            "server" => input.server.clone().unwrap_or_default(),
            "username" => input.username.clone().unwrap_or_default(),
            "password" => input.password.clone(),
            "email" => input.email.clone().unwrap_or_default(),
            "namespace" => input.namespace.clone().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", s.valid)
        .str("server", &s.server)
        .str("username", &s.username)
        .with("registry", |w| write_registry_info(w, &s.registry))
        .str("dockerconfigjson", &s.dockerconfigjson)
        .opt_str("secretJson", s.secret_json.as_deref())
        .opt_str("secretYaml", s.secret_yaml.as_deref())
        .with("commands", |w| {
            let mut c = Obj::new(w);
            c.with("ibmcloud", |w| write_command(w, &s.commands.ibmcloud))
                .with("ibmcloudWithPassword", |w| write_command(w, &s.commands.ibmcloud_with_password))
                .with("kubectl", |w| write_command(w, &s.commands.kubectl))
                .with("dockerLogin", |w| write_command(w, &s.commands.docker_login));
            c.end();
        })
        .with("diagnostics", |w| array(w, &s.diagnostics, |w, d| write_secret_diagnostic(w, d, &text_of)));
    o.end();
    out
}

/// JS's `Date.now()` in milliseconds; the core counts seconds.
fn seconds(now: Option<f64>) -> Option<u64> {
    now.filter(|n| n.is_finite() && *n >= 0.0).map(|n| (n / 1000.0) as u64)
}

/// A secret none of whose outputs is built: some field is not unicode text
/// (`bad` holds each such field's pack position), and a secret built from
/// its decoded text would hold another password than the one typed.
fn unbuilt_secret_json(bad: &[(usize, LoneSurrogate)]) -> String {
    let (first, b) = bad[0];
    let field = |i: usize| SECRET_FIELDS.get(i).copied().unwrap_or("name");
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", false).str("server", "").str("username", "").with("registry", |w| {
        // The registry is read from the server, when that one is readable.
        let server = bad.iter().find(|(i, _)| *i == 1);
        match server {
            Some(&(_, b)) => write_unreadable_registry_info(w, "server", b),
            None => write_unreadable_registry_info(w, field(first), b),
        }
    });
    o.str("dockerconfigjson", "").raw("secretJson", "null").raw("secretYaml", "null").with("commands", |w| {
        let mut c = Obj::new(w);
        for k in ["ibmcloud", "ibmcloudWithPassword", "kubectl", "dockerLogin"] {
            c.raw(k, r#"{"argv":[],"line":""}"#);
        }
        c.end();
    });
    o.with("diagnostics", |w| {
        array(w, bad, |w, &(i, b)| {
            let mut d = Obj::new(w);
            utf16::write_diagnostic(&mut d, "field", field(i), b);
            d.end();
        })
    });
    o.end();
    out
}

/// `{valid: false, diagnostics: [invalid_utf16]}` for a name with a lone surrogate.
fn unreadable_name_json(b: LoneSurrogate) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", false).with("diagnostics", |w| {
        array(w, [b], |w, b| {
            let mut d = Obj::new(w);
            utf16::write_diagnostic(&mut d, "field", "name", b);
            d.end();
        })
    });
    o.end();
    out
}

/// Strings: `[name]`.
#[wasm_bindgen]
pub fn validate_secret_name_json(units: &[u16], lengths: &[u32]) -> String {
    let mut t = Texts::unpack(units, lengths);
    if let Some((_, b)) = t.first_bad() {
        return unreadable_name_json(b);
    }
    let name = t.take(0);
    let name = name.as_str();
    let diagnostics = crate::secret::validate_secret_name(name);
    let owned = name.to_string();
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", diagnostics.iter().all(|d| d.severity != Severity::Error))
        .with("diagnostics", |w| array(w, &diagnostics, |w, d| write_secret_diagnostic(w, d, &|_| owned.clone())));
    o.end();
    out
}

fn write_inspection(out: &mut String, i: &Inspection, text: &str) {
    let mut o = Obj::new(out);
    o.bool("valid", i.valid)
        .opt_str("shape", i.shape.map(|s| s.as_str()))
        .num("base64Layers", u64::from(i.base64_layers))
        .with("secret", |w| match &i.secret {
            None => w.push_str("null"),
            Some(s) => {
                let mut x = Obj::new(w);
                x.opt_str("name", s.name.as_deref())
                    .opt_str("namespace", s.namespace.as_deref())
                    .opt_str("type", s.secret_type.as_deref())
                    .opt_str("dataKey", s.data_key.as_deref());
                x.end();
            }
        })
        .with("entries", |w| {
            array(w, &i.entries, |w, e| {
                let mut x = Obj::new(w);
                x.str("server", &e.server)
                    .str("kind", e.kind.as_str())
                    .opt_str("username", e.username.as_deref())
                    .bool("hasPassword", e.has_password)
                    .num("passwordLength", e.password_length as u64)
                    .opt_str("email", e.email.as_deref())
                    .bool("hasAuth", e.has_auth)
                    .opt_bool("authMatches", e.auth_matches)
                    .bool("hasIdentityToken", e.has_identity_token)
                    .opt_str("password", e.password.as_deref())
                    .opt_str("auth", e.auth.as_deref())
                    .opt_str("identityToken", e.identity_token.as_deref());
                x.end();
            })
        })
        .with("credentialHelpers", |w| string_array(w, i.credential_helpers.iter().map(String::as_str)))
        .with("diagnostics", |w| array(w, &i.diagnostics, |w, d| write_config_diagnostic(w, d, text)));
    o.end();
}

/// An `invalid_utf16` config diagnostic on the text as a whole.
fn write_unreadable_config_diagnostic(out: &mut String, b: LoneSurrogate) {
    let mut d = Obj::new(out);
    utf16::write_diagnostic(&mut d, "field", "config", b);
    d.raw("server", "null").raw("line", "null").raw("column", "null");
    d.end();
}

/// Strings: `[text]`. `now`: JS's clock in milliseconds, for `token_expired`.
#[wasm_bindgen]
pub fn inspect_docker_config_json(units: &[u16], lengths: &[u32], reveal: bool, now: Option<f64>) -> String {
    let mut t = Texts::unpack(units, lengths);
    let mut out = String::new();
    if let Some((_, b)) = t.first_bad() {
        // Nothing is read from a text that is not unicode text.
        let mut o = Obj::new(&mut out);
        o.bool("valid", false).raw("shape", "null").num("base64Layers", 0).raw("secret", "null");
        o.raw("entries", "[]").raw("credentialHelpers", "[]");
        o.with("diagnostics", |w| array(w, [b], write_unreadable_config_diagnostic));
        o.end();
        return out;
    }
    let text = t.take(0);
    let options = InspectOptions { reveal, now: seconds(now) };
    let i = crate::dockerconfig::inspect_docker_config(&text, &options);
    write_inspection(&mut out, &i, &text);
    out
}

/// `{"ok": text}` or `{"error": {code, field, index, message}}`; a lone
/// surrogate in string `i` of the pack is `invalid_utf16` on `fields[i]`.
fn edit_json(t: &mut Texts, fields: &[&str], edit: impl FnOnce(&mut Texts) -> Result<String, EditError>) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    if let Some((i, b)) = t.first_bad() {
        o.with("error", |w| {
            let mut x = Obj::new(w);
            x.str("code", utf16::CODE)
                .str("field", fields.get(i).copied().unwrap_or(""))
                .num("index", b.at as u64)
                .str("message", &b.message());
            x.end();
        });
        o.end();
        return out;
    }
    match edit(t) {
        Ok(text) => {
            o.str("ok", &text);
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code()).opt_str("field", e.field()).raw("index", "null").str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

/// Strings: `[configText, server, username, password, email]`.
#[wasm_bindgen]
pub fn upsert_credential_json(units: &[u16], lengths: &[u32]) -> String {
    let fields = ["configText", "server", "username", "password", "email"];
    edit_json(&mut Texts::unpack(units, lengths), &fields, |t| {
        let config_text = t.take(0);
        let credential = Credential { server: t.take(1), username: t.take(2), password: t.take(3), email: t.opt(4) };
        crate::dockerconfig::upsert_credential(&config_text, &credential)
    })
}

/// Strings: `[configText, server]`.
#[wasm_bindgen]
pub fn remove_credential_json(units: &[u16], lengths: &[u32]) -> String {
    edit_json(&mut Texts::unpack(units, lengths), &["configText", "server"], |t| {
        crate::dockerconfig::remove_credential(&t.take(0), &t.take(1))
    })
}

/// Strings: `[a, b]`.
#[wasm_bindgen]
pub fn merge_docker_configs_json(units: &[u16], lengths: &[u32]) -> String {
    edit_json(&mut Texts::unpack(units, lengths), &["a", "b"], |t| {
        crate::dockerconfig::merge_docker_configs(&t.take(0), &t.take(1))
    })
}

/// Nothing matched: the config or the image is not unicode text. A bad
/// image's message is `imageError`; a bad config's is a diagnostic.
fn unreadable_match_json(bad: &[(usize, LoneSurrogate)]) -> String {
    let image = bad.iter().find(|(i, _)| *i == 1).map(|(_, b)| b.message());
    let config: Vec<LoneSurrogate> = bad.iter().filter(|(i, _)| *i == 0).map(|(_, b)| *b).collect();
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.raw("image", "null").opt_str("imageError", image.as_deref()).raw("matched", "[]").raw("unmatched", "[]");
    o.bool("dockerHubFallback", false).with("diagnostics", |w| array(w, config, write_unreadable_config_diagnostic));
    o.end();
    out
}

/// Strings: `[configText, image]`.
#[wasm_bindgen]
pub fn match_credentials_json(units: &[u16], lengths: &[u32]) -> String {
    let mut t = Texts::unpack(units, lengths);
    if !t.bad.is_empty() {
        return unreadable_match_json(&t.bad);
    }
    let (config_text, image) = (t.take(0), t.take(1));
    let config_text = config_text.as_str();
    let m = crate::matching::match_credentials(config_text, &image);
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.opt_str("image", m.image.as_deref())
        .opt_str("imageError", m.image_error.as_deref())
        .with("matched", |w| {
            array(w, &m.matched, |w, k| {
                let mut x = Obj::new(w);
                x.str("server", &k.server)
                    .str("effectiveKey", &k.effective_key)
                    .opt_str("username", k.username.as_deref())
                    .bool("hasPassword", k.has_password)
                    .bool("dockerHubFallback", k.docker_hub_fallback);
                x.end();
            })
        })
        .with("unmatched", |w| {
            array(w, &m.unmatched, |w, k| {
                let mut x = Obj::new(w);
                x.str("server", &k.server)
                    .opt_str("effectiveKey", k.effective_key.as_deref())
                    .str("reason", k.reason.as_str())
                    .str("message", &k.message.to_string());
                x.end();
            })
        })
        .bool("dockerHubFallback", m.docker_hub_fallback)
        .with("diagnostics", |w| array(w, &m.diagnostics, |w, d| write_config_diagnostic(w, d, config_text)));
    o.end();
    out
}
