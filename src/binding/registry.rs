//! Registry knowledge, image policies and pinning (SPEC §2, §6), in both
//! modules: forwarding only (see `json`).

use super::json::{answer, unpacked, utf16, Failure, Js};
use crate::registry::RegistryInfo;
use wasm_bindgen::prelude::*;

/// A registry info's spans, in UTF-16 of its input.
pub(super) fn registry_spans(info: &mut RegistryInfo) {
    info.diagnostics.iter_mut().for_each(|d| utf16(&info.input, &mut d.span));
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

/// Strings: `image`.
#[wasm_bindgen]
pub fn server_for_image_json(units: &[u16], lengths: &[u32]) -> Js {
    unpacked(units, lengths, |t| {
        let image = t.take(0);
        answer(&crate::registry::server_for_image(&image).map_err(|e| {
            let mut span = e.span();
            utf16(&image, &mut span);
            let (code, component) = (e.code().as_str(), Some(e.component().as_str()));
            Failure { code, component, span: Some(span), message: e.to_string(), ..Failure::default() }
        }))
    })
}

/// Strings: `image, ...allowed, ...blocked`, the first `n_allowed` entries
/// allowed ones.
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
        let blocked_registries = allowed.split_off(n_allowed.min(allowed.len()));
        let allowed_registries = has_allowed.then_some(allowed);
        let policy = crate::policy::ImagePolicy {
            allowed_registries,
            blocked_registries,
            disallow_latest,
            require_digest,
            require_tag,
        };
        let mut r = crate::policy::evaluate_image_policy(&image, &policy).map_err(|e| {
            let (list, index) = (Some(e.list), Some(e.index));
            Failure { code: e.code(), list, index, message: e.to_string(), ..Failure::default() }
        });
        for v in r.iter_mut().flat_map(|r| &mut r.violations) {
            utf16(&image, &mut v.span);
            v.location.diagnostics.iter_mut().for_each(|d| utf16(&image, &mut d.span));
        }
        answer(&r)
    })
}

/// Strings: `image, digest`.
#[wasm_bindgen]
pub fn pin_image_json(units: &[u16], lengths: &[u32]) -> Js {
    unpacked(units, lengths, |t| {
        let (image, digest) = (t.take(0), t.take(1));
        answer(&crate::policy::pin_image(&image, &digest).map_err(|e| {
            let mut span = e.span();
            utf16(if e.field() == "image" { &image } else { &digest }, &mut span);
            let (field, reference_code) = (Some(e.field()), e.reference_code().map(|c| c.as_str()));
            Failure {
                code: e.code(),
                field,
                span: Some(span),
                message: e.to_string(),
                reference_code,
                ..Failure::default()
            }
        }))
    })
}
