//! Registry knowledge, in both modules.

use super::json::{array, string_array, write_fix, write_secret_diagnostic, write_span, Obj};
use crate::diagnostics::Diagnostic;
use crate::registry::RegistryInfo;
use wasm_bindgen::prelude::*;

pub(super) fn write_registry_info(out: &mut String, info: &RegistryInfo) {
    let server = info.input.clone();
    let mut o = Obj::new(out);
    o.str("input", &info.input)
        .bool("valid", info.valid())
        .str("kind", info.kind.as_str())
        .opt_str("host", info.host.as_deref())
        .opt_num("port", info.port.map(u64::from))
        .opt_str("region", info.region.as_deref())
        .opt_str("endpoint", info.endpoint.map(|e| e.as_str()))
        .opt_str("credentialKey", info.credential_key.as_deref())
        .opt_str("defaultUsername", info.default_username.as_deref())
        .with("usernames", |w| string_array(w, info.usernames.iter().copied()))
        .opt_str("managedSecretName", info.managed_secret_name.as_deref())
        .with("diagnostics", |w| {
            array(w, &info.diagnostics, |w, d| write_secret_diagnostic(w, d, &|_| server.clone()))
        });
    o.end();
}

#[wasm_bindgen]
pub fn registry_info_json(server: &str) -> String {
    let mut out = String::new();
    write_registry_info(&mut out, &crate::registry::registry_info(server));
    out
}

/// `{"ok": key}` or `{"error": {code, component, span, message}}`.
#[wasm_bindgen]
pub fn server_for_image_json(image: &str) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::registry::server_for_image(image) {
        Ok(key) => {
            o.str("ok", &key);
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code().as_str())
                    .str("component", e.component().as_str())
                    .with("span", |w| write_span(w, image, e.span()))
                    .str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

// ---------------------------------------------------------------------------
// Image policies and pinning (SPEC §6): forwarding only, JSON across.
// ---------------------------------------------------------------------------

/// An image diagnostic as JSON, its span in UTF-16 of `text`.
fn write_image_diagnostic(out: &mut String, d: &Diagnostic, text: &str) {
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("component", d.component.as_str())
        .str("message", &d.message.to_string())
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}

/// `{"ok": {allowed, normalized, violations}}` or `{"error": {code, list,
/// index, message}}` for a malformed policy entry.
#[wasm_bindgen]
pub fn evaluate_image_policy_json(
    image: &str,
    has_allowed: bool,
    allowed: Vec<String>,
    blocked: Vec<String>,
    disallow_latest: bool,
    require_digest: bool,
    require_tag: bool,
) -> String {
    use crate::message::Declared;
    let policy = crate::policy::ImagePolicy {
        allowed_registries: has_allowed.then_some(allowed),
        blocked_registries: blocked,
        disallow_latest,
        require_digest,
        require_tag,
    };
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::policy::evaluate_image_policy(image, &policy) {
        Ok(r) => {
            o.with("ok", |w| {
                let mut x = Obj::new(w);
                x.bool("allowed", r.allowed).opt_str("normalized", r.normalized.as_deref()).with("violations", |w| {
                    array(w, &r.violations, |w, v| {
                        let mut y = Obj::new(w);
                        y.str("rule", v.rule.as_str())
                            .str("message", &v.message)
                            .with("span", |w| write_span(w, image, v.span))
                            .with("diagnostics", |w| {
                                array(w, &v.diagnostics, |w, d| write_image_diagnostic(w, d, image))
                            });
                        y.end();
                    })
                });
                x.end();
            });
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code()).str("list", e.list).num("index", e.index as u64).str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

/// `{"ok": pinned}` or `{"error": {code, field, span, message, referenceCode}}`.
#[wasm_bindgen]
pub fn pin_image_json(image: &str, digest: &str) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::policy::pin_image(image, digest) {
        Ok(pinned) => {
            o.str("ok", &pinned);
        }
        Err(e) => {
            let text = if e.field() == "image" { image } else { digest };
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code())
                    .str("field", e.field())
                    .with("span", |w| write_span(w, text, e.span()))
                    .str("message", &e.to_string())
                    .opt_str("referenceCode", e.reference_code().map(|c| c.as_str()));
                x.end();
            });
        }
    }
    o.end();
    out
}
