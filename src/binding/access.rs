//! The access check (SPEC §5): the sans-I/O machine, driven by `js/core.js`
//! (which does the fetches); the full module only. Only forwarding: options
//! arrive as strings and flags, each step leaves as JSON text, answers come
//! back as status, headers (JSON pairs) and body bytes.

use super::json::{answer, Js};
use wasm_bindgen::prelude::*;

/// One access check in progress.
#[wasm_bindgen]
pub struct AccessCheck(crate::access::AccessCheck);

#[wasm_bindgen]
impl AccessCheck {
    /// `username` and `password`: the credential (both or none).
    /// `no_platform`: `platform: null`, no platform check (an absent
    /// platform is the machine's default).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)] // the options of `CheckOptions`
    pub fn new(
        image: &str,
        username: Option<String>,
        password: Option<String>,
        dockerconfigjson: Option<String>,
        platform: Option<String>,
        trusted_realm_hosts: Vec<String>,
        no_platform: bool,
        allow_insecure_loopback: bool,
    ) -> AccessCheck {
        let credential =
            username.zip(password).map(|(username, password)| crate::access::Credential { username, password });
        let mut options = crate::access::CheckOptions {
            credential,
            dockerconfigjson,
            allow_insecure_loopback,
            trusted_realm_hosts,
            ..crate::access::CheckOptions::default()
        };
        if no_platform || platform.is_some() {
            options.platform = platform; // JS sends none with `no_platform`
        }
        AccessCheck(crate::access::AccessCheck::new(image, options))
    }

    /// `{"send":{"method","url","headers":[[name,value],…]}}` or `{"done":<report>}`.
    pub fn poll(&mut self) -> Js {
        answer(&self.0.poll())
    }

    /// The answer to the last request: headers as JSON `[[name, value], …]`.
    pub fn receive(&mut self, status: u16, headers_json: &str, body: &[u8]) {
        let headers: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
        let body = body[..body.len().min(crate::access::MAX_BODY)].to_vec();
        self.0.receive(crate::access::Response { status, headers, body });
    }

    /// The last request got no answer: `kind` is "timeout" or "unreachable".
    pub fn fail(&mut self, kind: &str, detail: &str) {
        self.0.fail(match kind {
            "timeout" => crate::access::Failure::Timeout,
            _ => crate::access::Failure::Unreachable(detail.to_string()),
        });
    }

    /// The most body bytes the machine reads (`js/core.js` stops reading there).
    #[wasm_bindgen(js_name = maxBody)]
    pub fn max_body() -> usize {
        crate::access::MAX_BODY
    }
}
