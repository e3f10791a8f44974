//! The access check (SPEC §5): the sans-I/O machine, driven by `js/core.js`
//! (which does the fetches); the full module only. Only forwarding: options
//! arrive as UTF-16 strings and flags, each step leaves as JSON text, answers
//! come back as status, headers (JSON pairs) and body bytes.

use super::json::{answer, Js};
use super::utf16::Texts;
use wasm_bindgen::prelude::*;

/// One access check in progress.
#[wasm_bindgen]
pub struct AccessCheck {
    machine: crate::access::AccessCheck,
    /// `[string, index, message]` when a string is not unicode text (its
    /// place in the pack, its first lone surrogate): `js/core.js` rejects
    /// then, before any request.
    invalid: Option<Js>,
}

#[wasm_bindgen]
impl AccessCheck {
    /// Strings: `image`, the credential's `username` and `password` (absent
    /// without one), `dockerconfigjson`, `platform`, then each trusted realm
    /// host. `no_platform`: `platform: null`, no platform check (an absent
    /// platform is the machine's default).
    #[wasm_bindgen(constructor)]
    pub fn new(units: &[u16], lengths: &[u32], no_platform: bool, allow_insecure_loopback: bool) -> AccessCheck {
        let mut t = Texts::unpack(units, lengths);
        let invalid = t.bad.first().map(|&(i, b)| answer(&(i, b.at, b.message())));
        let image = t.take(0);
        let credential = match (t.opt(1), t.opt(2)) {
            (Some(username), Some(password)) => Some(crate::access::Credential { username, password }),
            _ => None,
        };
        let mut options = crate::access::CheckOptions {
            credential,
            dockerconfigjson: t.opt(3),
            allow_insecure_loopback,
            trusted_realm_hosts: t.rest(5), // after the five strings above
            ..crate::access::CheckOptions::default()
        };
        if no_platform {
            options.platform = None;
        } else if let Some(p) = t.opt(4) {
            options.platform = Some(p);
        }
        AccessCheck { machine: crate::access::AccessCheck::new(&image, options), invalid }
    }

    /// Why the check cannot start (a string that is not unicode text);
    /// `undefined` when it can.
    pub fn invalid(&self) -> Option<Js> {
        self.invalid.clone()
    }

    /// `{"send":{"method","url","headers":[[name,value],…]}}` or `{"done":<report>}`.
    pub fn poll(&mut self) -> Js {
        answer(&self.machine.poll())
    }

    /// The answer to the last request: headers as JSON `[[name, value], …]`.
    pub fn receive(&mut self, status: u16, headers_json: &str, body: &[u8]) {
        let headers: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
        let body = body[..body.len().min(crate::access::MAX_BODY)].to_vec();
        self.machine.receive(crate::access::Response { status, headers, body });
    }

    /// The last request got no answer: `kind` is "timeout" or "unreachable".
    pub fn fail(&mut self, kind: &str, detail: &str) {
        self.machine.fail(match kind {
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
