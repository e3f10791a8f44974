//! Registry knowledge, image policies and pinning (SPEC §2, §6), in both
//! modules: forwarding only (see `json`).

use super::json::{answer, utf16, Js};
use crate::registry::RegistryInfo;
use wasm_bindgen::prelude::*;

/// A registry info's spans, in UTF-16 of its input.
pub(super) fn registry_spans(info: &mut RegistryInfo) {
    info.diagnostics.iter_mut().for_each(|d| utf16(&info.input, &mut d.span));
}

#[wasm_bindgen]
pub fn registry_info_json(server: &str) -> Js {
    let mut info = crate::registry::registry_info(server);
    registry_spans(&mut info);
    answer(&info)
}

#[wasm_bindgen]
pub fn server_for_image_json(image: &str) -> Js {
    answer(&crate::registry::server_for_image(image).map_err(|e| e.failure().in_utf16(image)))
}

/// `allowed`: `None` when the policy has no allow list.
#[wasm_bindgen]
pub fn evaluate_image_policy_json(
    image: &str,
    allowed: Option<Vec<String>>,
    blocked: Vec<String>,
    disallow_latest: bool,
    require_digest: bool,
    require_tag: bool,
) -> Js {
    let policy = crate::policy::ImagePolicy {
        allowed_registries: allowed,
        blocked_registries: blocked,
        disallow_latest,
        require_digest,
        require_tag,
    };
    let mut r = crate::policy::evaluate_image_policy(image, &policy);
    for v in r.iter_mut().flat_map(|r| &mut r.violations) {
        utf16(image, &mut v.span);
        v.location.diagnostics.iter_mut().for_each(|d| utf16(image, &mut d.span));
    }
    answer(&r)
}

#[wasm_bindgen]
pub fn pin_image_json(image: &str, digest: &str) -> Js {
    answer(&crate::policy::pin_image(image, digest).map_err(|e| {
        let text = if e.field() == "image" { image } else { digest };
        e.failure().in_utf16(text)
    }))
}
