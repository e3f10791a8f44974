//! Registry knowledge, in both modules.

use super::json::{array, string_array, write_fix, write_secret_diagnostic, write_span, Obj};
use super::utf16::{self, LoneSurrogate, Texts};
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

/// The registry info of a server that is not unicode text: nothing is
/// read from it (its `input` is empty; `js/core.js` puts the string given
/// back), one `invalid_utf16` diagnostic on `field`.
pub(super) fn write_unreadable_registry_info(out: &mut String, field: &str, b: LoneSurrogate) {
    let mut o = Obj::new(out);
    o.str("input", "").bool("valid", false).str("kind", crate::registry::RegistryKind::Other.as_str());
    for k in ["host", "port", "region", "endpoint", "credentialKey", "defaultUsername"] {
        o.raw(k, "null");
    }
    o.raw("usernames", "[]").raw("managedSecretName", "null").with("diagnostics", |w| {
        array(w, [b], |w, b| {
            let mut d = Obj::new(w);
            utf16::write_diagnostic(&mut d, "field", field, b);
            d.end();
        })
    });
    o.end();
}

/// Strings: `[server]`.
#[wasm_bindgen]
pub fn registry_info_json(units: &[u16], lengths: &[u32]) -> String {
    let mut t = Texts::unpack(units, lengths);
    let mut out = String::new();
    match t.first_bad() {
        Some((_, b)) => write_unreadable_registry_info(&mut out, "server", b),
        None => write_registry_info(&mut out, &crate::registry::registry_info(&t.take(0))),
    }
    out
}

/// `{"ok": key}` or `{"error": {code, component, span, message}}`.
/// Strings: `[image]`.
#[wasm_bindgen]
pub fn server_for_image_json(units: &[u16], lengths: &[u32]) -> String {
    let mut t = Texts::unpack(units, lengths);
    let image = t.take(0);
    let image = image.as_str();
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    if let Some((_, b)) = t.first_bad() {
        o.with("error", |w| {
            let mut x = Obj::new(w);
            x.str("code", utf16::CODE).str("component", "reference");
            utf16::write_message(&mut x, b);
            x.end();
        });
        o.end();
        return out;
    }
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
        .str("component", d.location.as_str())
        .str("message", &d.message.to_string())
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}

/// `{"ok": {allowed, normalized, violations}}` or `{"error": {code, list,
/// index, message}}` for a malformed policy entry. Strings: `[image,
/// ...allowed, ...blocked]`, the first `n_allowed` entries allowed ones.
/// A lone surrogate in the image is an `invalid_reference` violation (as
/// any invalid image is) whose diagnostic is `invalid_utf16`; in an entry,
/// the entry is malformed (`{"error": {code: "invalid_utf16", …}}`).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn evaluate_image_policy_json(
    units: &[u16],
    lengths: &[u32],
    has_allowed: bool,
    n_allowed: usize,
    disallow_latest: bool,
    require_digest: bool,
    require_tag: bool,
) -> String {
    let mut t = Texts::unpack(units, lengths);
    if let Some((i, b)) = t.first_bad() {
        return policy_utf16_json(i, n_allowed, b);
    }
    let image = t.take(0);
    let image = image.as_str();
    let mut entries = t.rest(1);
    let blocked = entries.split_off(n_allowed.min(entries.len()));
    let allowed = entries;
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
                        y.str("rule", v.code.as_str())
                            .str("message", &v.message())
                            .with("span", |w| write_span(w, image, v.span))
                            .with("diagnostics", |w| {
                                array(w, &v.location.diagnostics, |w, d| write_image_diagnostic(w, d, image))
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

/// The answer of `evaluate_image_policy_json` for a lone surrogate in string
/// `i` of its pack.
fn policy_utf16_json(i: usize, n_allowed: usize, b: LoneSurrogate) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    if i == 0 {
        o.with("ok", |w| {
            let mut x = Obj::new(w);
            x.bool("allowed", false).raw("normalized", "null").with("violations", |w| {
                array(w, [b], |w, b| {
                    let mut v = Obj::new(w);
                    v.str("rule", crate::message::Declared::as_str(crate::policy::PolicyRule::InvalidReference));
                    utf16::write_message(&mut v, b);
                    v.with("diagnostics", |w| {
                        array(w, [b], |w, b| {
                            let mut d = Obj::new(w);
                            utf16::write_diagnostic(&mut d, "component", "reference", b);
                            d.end();
                        })
                    });
                    v.end();
                })
            });
            x.end();
        });
    } else {
        let (list, index) =
            if i - 1 < n_allowed { ("allowedRegistries", i - 1) } else { ("blockedRegistries", i - 1 - n_allowed) };
        o.with("error", |w| {
            let mut x = Obj::new(w);
            x.str("code", utf16::CODE).str("list", list).num("index", index as u64).str("message", &b.message());
            x.end();
        });
    }
    o.end();
    out
}

/// `{"ok": pinned}` or `{"error": {code, field, span, message, referenceCode}}`.
/// Strings: `[image, digest]`.
#[wasm_bindgen]
pub fn pin_image_json(units: &[u16], lengths: &[u32]) -> String {
    let mut t = Texts::unpack(units, lengths);
    let (image, digest) = (t.take(0), t.take(1));
    let (image, digest) = (image.as_str(), digest.as_str());
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    if let Some((i, b)) = t.first_bad() {
        o.with("error", |w| {
            let mut x = Obj::new(w);
            x.str("code", utf16::CODE).str("field", if i == 0 { "image" } else { "digest" });
            utf16::write_message(&mut x, b);
            x.raw("referenceCode", "null");
            x.end();
        });
        o.end();
        return out;
    }
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
