//! Secrets, docker configs and matching: the full module only. Forwarding
//! only (see `json`).

use super::json::{answer, utf16, Js};
use super::registry::registry_spans;
use super::BINDING_CODES;
use crate::diagnostics::Code;
use crate::dockerconfig::{Credential, InspectOptions};
use crate::message::Declared;
use crate::secret::SecretInput;
use wasm_bindgen::prelude::*;

/// The unions for the TypeScript declarations (written by `make pkg`), as
/// `[name, values]` pairs: each with the values the .wasm can produce.
#[wasm_bindgen]
pub fn unions() -> String {
    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|&c| name(c)).collect()
    }
    // A lone surrogate is reported in the image, secret and config families.
    let with_utf16 = |names: Vec<&'static str>| [names, BINDING_CODES.iter().map(|c| c.0).collect()].concat();
    answer(&[
        ("DiagnosticCode", with_utf16(names(Code::ALL, Declared::as_str))),
        ("SecretCode", with_utf16(names(crate::secret::SecretCode::ALL, Declared::as_str))),
        ("ConfigCode", with_utf16(names(crate::dockerconfig::ConfigCode::ALL, Declared::as_str))),
        ("MissReason", names(crate::matching::MissReason::ALL, Declared::as_str)),
        ("RegistryKind", names(crate::registry::RegistryKind::ALL, crate::registry::RegistryKind::as_str)),
        ("PolicyRule", names(crate::policy::PolicyRule::ALL, Declared::as_str)),
        ("AccessCode", names(crate::access::AccessCode::ALL, Declared::as_str)),
    ])
}

/// JS's `Date.now()` in milliseconds; the core counts seconds.
fn seconds(now: Option<f64>) -> Option<u64> {
    now.filter(|n| n.is_finite() && *n >= 0.0).map(|n| (n / 1000.0) as u64)
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the fields of `SecretInput`
pub fn create_registry_secret_json(
    name: String,
    server: Option<String>,
    username: Option<String>,
    password: String,
    email: Option<String>,
    namespace: Option<String>,
    password_file: Option<String>,
    creation_timestamp_null: bool,
    now: Option<f64>,
) -> Js {
    let now = seconds(now);
    let input =
        SecretInput { name, server, username, password, email, namespace, creation_timestamp_null, password_file, now };
    let mut s = crate::secret::create_registry_secret(&input);
    s.diagnostics.iter_mut().for_each(|d| utf16(input.value(d.location).unwrap_or(""), &mut d.span));
    registry_spans(&mut s.registry);
    answer(&s)
}

#[wasm_bindgen]
pub fn validate_secret_name_json(name: &str) -> Js {
    let mut check = crate::secret::NameCheck::of(name);
    check.diagnostics.iter_mut().for_each(|d| utf16(name, &mut d.span));
    answer(&check)
}

/// `now`: JS's clock in milliseconds, for `token_expired`.
#[wasm_bindgen]
pub fn inspect_docker_config_json(text: &str, reveal: bool, now: Option<f64>) -> Js {
    let mut i = crate::dockerconfig::inspect_docker_config(text, &InspectOptions { reveal, now: seconds(now) });
    i.diagnostics.iter_mut().for_each(|d| utf16(text, &mut d.span));
    answer(&i)
}

#[wasm_bindgen]
pub fn upsert_credential_json(
    config_text: &str,
    server: String,
    username: String,
    password: String,
    email: Option<String>,
) -> Js {
    answer(&crate::dockerconfig::upsert_credential(config_text, &Credential { server, username, password, email }))
}

#[wasm_bindgen]
pub fn remove_credential_json(config_text: &str, server: &str) -> Js {
    answer(&crate::dockerconfig::remove_credential(config_text, server))
}

#[wasm_bindgen]
pub fn merge_docker_configs_json(a: &str, b: &str) -> Js {
    answer(&crate::dockerconfig::merge_docker_configs(a, b))
}

#[wasm_bindgen]
pub fn match_credentials_json(config_text: &str, image: &str) -> Js {
    let mut m = crate::matching::match_credentials(config_text, image);
    m.diagnostics.iter_mut().for_each(|d| utf16(config_text, &mut d.span));
    answer(&m)
}
