//! Registry knowledge, in both modules.

use super::json::{array, write_secret_diagnostic, write_span, Obj};
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
