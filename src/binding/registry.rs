//! Registry knowledge, image policies and pinning (SPEC §2, §6): in both
//! modules. Forwarding only, as `full` (see `json`).

use super::json::{answer, unpacked, utf16, Failure, Js, Outcome};
use crate::registry::RegistryInfo;
use wasm_bindgen::prelude::*;

/// A registry info's spans, in UTF-16 of its input.
pub(super) fn registry_spans(info: &mut RegistryInfo) {
    for d in &mut info.diagnostics {
        utf16(&info.input, &mut d.span);
    }
}

/// Strings: `server`.
#[wasm_bindgen]
pub fn registry_info_json(units: &[u16], lengths: &[u32]) -> Js {
    unpacked(units, lengths, |t| {
        let mut info = crate::registry::registry_info(&t.take(0));
        registry_spans(&mut info);
        answer(&info)
    })
}

/// `{"ok": key}` or `{"error": {code, component, span, message}}`.
/// Strings: `image`.
#[wasm_bindgen]
pub fn server_for_image_json(units: &[u16], lengths: &[u32]) -> Js {
    unpacked(units, lengths, |t| {
        let image = t.take(0);
        answer(&match crate::registry::server_for_image(&image) {
            Ok(key) => Outcome::Ok(key),
            Err(e) => {
                let mut span = e.span();
                utf16(&image, &mut span);
                let (code, component) = (e.code().as_str(), Some(e.component().as_str()));
                Outcome::Error(Failure {
                    code,
                    component,
                    span: Some(span),
                    message: e.to_string(),
                    ..Failure::default()
                })
            }
        })
    })
}

/// `{"ok": {allowed, normalized, violations}}` or `{"error": {code, list,
/// index, message}}` for a malformed policy entry. Strings: `image,
/// ...allowed, ...blocked`, the first `n_allowed` entries allowed ones.
#[wasm_bindgen]
pub fn evaluate_image_policy_json(
    units: &[u16],
    lengths: &[u32],
    has_allowed: bool,
    n_allowed: usize,
    disallow_latest: bool,
    require_digest: bool,
    require_tag: bool,
) -> Js {
    unpacked(units, lengths, |t| {
        let image = t.take(0);
        let mut allowed = t.rest(1);
        let blocked = allowed.split_off(n_allowed.min(allowed.len()));
        let policy = crate::policy::ImagePolicy {
            allowed_registries: has_allowed.then_some(allowed),
            blocked_registries: blocked,
            disallow_latest,
            require_digest,
            require_tag,
        };
        answer(&match crate::policy::evaluate_image_policy(&image, &policy) {
            Ok(mut r) => {
                for v in &mut r.violations {
                    utf16(&image, &mut v.span);
                    v.location.diagnostics.iter_mut().for_each(|d| utf16(&image, &mut d.span));
                }
                Outcome::Ok(r)
            }
            Err(e) => Outcome::Error(Failure {
                code: e.code(),
                list: Some(e.list),
                index: Some(e.index),
                message: e.to_string(),
                ..Failure::default()
            }),
        })
    })
}

/// `{"ok": pinned}` or `{"error": {code, field, span, message, referenceCode}}`.
/// Strings: `image, digest`.
#[wasm_bindgen]
pub fn pin_image_json(units: &[u16], lengths: &[u32]) -> Js {
    unpacked(units, lengths, |t| {
        let (image, digest) = (t.take(0), t.take(1));
        answer(&match crate::policy::pin_image(&image, &digest) {
            Ok(pinned) => Outcome::Ok(pinned),
            Err(e) => {
                let mut span = e.span();
                utf16(if e.field() == "image" { &image } else { &digest }, &mut span);
                Outcome::Error(Failure {
                    code: e.code(),
                    field: Some(e.field()),
                    span: Some(span),
                    message: e.to_string(),
                    reference_code: e.reference_code().map(|c| c.as_str()),
                    ..Failure::default()
                })
            }
        })
    })
}
