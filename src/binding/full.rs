//! Secrets, docker configs and matching: the full module only.

use super::image::write_registry_info;
use super::json::{array, string_array, write_fix, write_secret_diagnostic, write_span, Obj};
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
    o.with("SecretCode", |w| string_array(w, crate::secret::SecretCode::ALL.iter().map(|c| c.as_str())));
    o.with("ConfigCode", |w| string_array(w, crate::dockerconfig::ConfigCode::ALL.iter().map(|c| c.as_str())));
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
        .str("field", d.field.as_str())
        .opt_str("server", d.server.as_deref())
        .str("message", &d.message)
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.opt_num("line", d.line.map(|n| n as u64)).opt_num("column", d.column.map(|n| n as u64));
    o.end();
}

fn write_command(out: &mut String, c: &ShellCommand) {
    let mut o = Obj::new(out);
    o.with("argv", |w| string_array(w, c.argv.iter().map(String::as_str))).str("line", &c.line);
    o.end();
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn create_registry_secret_json(
    name: String,
    server: Option<String>,
    username: Option<String>,
    password: String,
    email: Option<String>,
    namespace: Option<String>,
    creation_timestamp_null: bool,
    password_file: Option<String>,
    now: Option<f64>,
) -> String {
    // JS's `Date.now()` in milliseconds; the core counts seconds.
    let now = now.filter(|n| n.is_finite() && *n >= 0.0).map(|n| (n / 1000.0) as u64);
    let input =
        SecretInput { name, server, username, password, email, namespace, creation_timestamp_null, password_file, now };
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

#[wasm_bindgen]
pub fn validate_secret_name_json(name: &str) -> String {
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

#[wasm_bindgen]
pub fn inspect_docker_config_json(text: &str, reveal: bool) -> String {
    let i = crate::dockerconfig::inspect_docker_config(text, &InspectOptions { reveal, ..Default::default() });
    let mut out = String::new();
    write_inspection(&mut out, &i, text);
    out
}

/// `{"ok": text}` or `{"error": {code, field, message}}`.
fn edit_json(r: Result<String, EditError>) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match r {
        Ok(text) => {
            o.str("ok", &text);
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code()).opt_str("field", e.field()).str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

#[wasm_bindgen]
pub fn upsert_credential_json(
    config_text: &str,
    server: String,
    username: String,
    password: String,
    email: Option<String>,
) -> String {
    let credential = Credential { server, username, password, email };
    edit_json(crate::dockerconfig::upsert_credential(config_text, &credential))
}

#[wasm_bindgen]
pub fn remove_credential_json(config_text: &str, server: &str) -> String {
    edit_json(crate::dockerconfig::remove_credential(config_text, server))
}

#[wasm_bindgen]
pub fn merge_docker_configs_json(a: &str, b: &str) -> String {
    edit_json(crate::dockerconfig::merge_docker_configs(a, b))
}

#[wasm_bindgen]
pub fn match_credentials_json(config_text: &str, image: &str) -> String {
    let m = crate::matching::match_credentials(config_text, image);
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
                    .str("message", &k.message);
                x.end();
            })
        })
        .bool("dockerHubFallback", m.docker_hub_fallback)
        .with("diagnostics", |w| array(w, &m.diagnostics, |w, d| write_config_diagnostic(w, d, config_text)));
    o.end();
    out
}
