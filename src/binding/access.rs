//! The access check (SPEC §5): the sans-I/O machine, driven by `js/core.js`
//! (which does the fetches); the full module only. Only forwarding: options
//! arrive as JSON text, each step leaves as JSON text, answers come back as
//! status, headers (JSON pairs) and body bytes.

use super::json::{array, string_array, Obj};
use wasm_bindgen::prelude::*;

/// The options as `js/core.js` sends them (already type-checked there). No
/// `Debug`: it holds the password.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct AccessOptionsIn {
    credential: Option<AccessCredentialIn>,
    dockerconfigjson: Option<String>,
    /// Absent: the machine's default platform; `null`: no platform check.
    #[serde(deserialize_with = "present")]
    platform: Option<Option<String>>,
    allow_insecure_loopback: bool,
    trusted_realm_hosts: Vec<String>,
}

#[derive(serde::Deserialize)]
struct AccessCredentialIn {
    username: String,
    password: String,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    <Option<String> as serde::Deserialize>::deserialize(d).map(Some)
}

/// One access check in progress.
#[wasm_bindgen]
pub struct AccessCheck {
    machine: crate::access::AccessCheck,
}

#[wasm_bindgen]
impl AccessCheck {
    #[wasm_bindgen(constructor)]
    pub fn new(image: &str, options_json: &str) -> Result<AccessCheck, JsError> {
        // serde's message could quote a value, so it is not passed on.
        let o: AccessOptionsIn = serde_json::from_str(options_json)
            .map_err(|_| JsError::new("checkImageAccess: the options did not reach WebAssembly as JSON"))?;
        let mut options = crate::access::CheckOptions {
            credential: o.credential.map(|c| crate::access::Credential { username: c.username, password: c.password }),
            dockerconfigjson: o.dockerconfigjson,
            allow_insecure_loopback: o.allow_insecure_loopback,
            trusted_realm_hosts: o.trusted_realm_hosts,
            ..crate::access::CheckOptions::default()
        };
        if let Some(platform) = o.platform {
            options.platform = platform;
        }
        Ok(AccessCheck { machine: crate::access::AccessCheck::new(image, options) })
    }

    /// `{"send":{"method","url","headers":[[name,value],…]}}` or `{"done":<report>}`.
    pub fn poll(&mut self) -> String {
        match self.machine.poll() {
            crate::access::Step::Done(report) => format!("{{\"done\":{}}}", report.to_json()),
            crate::access::Step::Send(request) => {
                let mut out = String::new();
                let mut o = Obj::new(&mut out);
                o.with("send", |w| {
                    let mut r = Obj::new(w);
                    r.str("method", request.method.as_str()).str("url", &request.url);
                    r.with("headers", |w| {
                        array(w, &request.headers, |w, (k, v)| string_array(w, [k.as_str(), v.as_str()]))
                    });
                    r.end();
                });
                o.end();
                out
            }
        }
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
