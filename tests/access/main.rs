//! The access check (SPEC §5) driven by transcripts: recorded request and
//! response sequences, including ones written from Docker Hub's documented
//! challenge and rate-limit headers and from IBM Cloud Container Registry's
//! challenge (its token realm on the registry's own host). No network: the
//! machine does no I/O, and these tests answer its requests themselves.

// Native only, like tests/properties.rs: props.rs uses proptest, a native-only
// dev-dependency, so this test crate does not build for wasm32 (`make
// test-wasm` compiles every test for it). The machine's wasm build is driven
// end to end by the JS tests (tests/js/access_*.test.mjs).
#![cfg(not(target_arch = "wasm32"))]

mod challenge;
mod flows;
mod props;
mod scenarios;

use registry_access::access::{
    AccessCheck, CheckOptions, Credential, Failure, Method, Report, Request, Response, Step,
};

/// The canary password and token: neither may appear in any output.
pub const PASSWORD: &str = "CANARYpw-7f3a9b2cQ";
pub const TOKEN: &str = "CANARYtok-e4d5f6a7b8";

/// Docker Hub's documented challenge.
pub const HUB_CHALLENGE: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#;
/// IBM Cloud Container Registry's challenge: the realm on the registry's host.
pub const ICR_CHALLENGE: &str = r#"Bearer realm="https://us.icr.io/oauth/token",service="registry""#;

pub fn credential() -> Credential {
    Credential { username: "iamapikey".to_string(), password: PASSWORD.to_string() }
}

pub fn with_credential() -> CheckOptions {
    CheckOptions { credential: Some(credential()), ..CheckOptions::default() }
}

pub fn token_body() -> Vec<u8> {
    format!(r#"{{"token":"{TOKEN}","access_token":"{TOKEN}","expires_in":300,"issued_at":"2026-01-01T00:00:00Z"}}"#)
        .into_bytes()
}

/// What the transcript answers to one request.
pub enum Reply {
    Answer(Response),
    Fail(Failure),
}

/// One exchange: the request expected (method and URL) and the reply.
pub struct Exchange {
    pub method: Method,
    pub url: String,
    pub reply: Reply,
}

pub fn get(url: &str, response: Response) -> Exchange {
    Exchange { method: Method::Get, url: url.to_string(), reply: Reply::Answer(response) }
}

pub fn head(url: &str, response: Response) -> Exchange {
    Exchange { method: Method::Head, url: url.to_string(), reply: Reply::Answer(response) }
}

pub fn fail(method: Method, url: &str, failure: Failure) -> Exchange {
    Exchange { method, url: url.to_string(), reply: Reply::Fail(failure) }
}

/// What a run produced: the report, every request handed out, and the
/// `Debug` text of every step.
pub struct Run {
    pub report: Report,
    pub requests: Vec<Request>,
    pub debug: String,
}

impl Run {
    pub fn codes(&self) -> Vec<&'static str> {
        self.report.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    pub fn messages(&self) -> Vec<String> {
        self.report.diagnostics.iter().map(|d| d.message()).collect()
    }

    /// The value of header `name` of request `i`.
    pub fn header(&self, i: usize, name: &str) -> Option<&str> {
        self.requests[i].headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every output a user, a log or JavaScript could see.
    pub fn outputs(&self) -> String {
        let mut out = self.report.to_json();
        out.push_str(&format!("{:?}", self.report));
        out.push_str(&self.debug);
        for m in self.messages() {
            out.push_str(&m);
        }
        out
    }
}

/// Plays `exchanges` against a check of `image`: each request handed out
/// must be the next one of the transcript, and the check must end right
/// after the last.
#[track_caller]
pub fn run(image: &str, options: CheckOptions, exchanges: Vec<Exchange>) -> Run {
    let mut check = AccessCheck::new(image, options);
    let mut requests = Vec::new();
    let mut debug = format!("{check:?}");
    for (i, exchange) in exchanges.into_iter().enumerate() {
        let step = check.poll();
        debug.push_str(&format!("{step:?}"));
        let Step::Send(request) = step else { panic!("step {i}: done early, expected {}", exchange.url) };
        assert_eq!((request.method, request.url.as_str()), (exchange.method, exchange.url.as_str()), "request {i}");
        requests.push(request);
        match exchange.reply {
            Reply::Answer(r) => {
                debug.push_str(&format!("{r:?}"));
                check.receive(r)
            }
            Reply::Fail(f) => check.fail(f),
        }
        debug.push_str(&format!("{check:?}"));
    }
    let step = check.poll();
    debug.push_str(&format!("{step:?}"));
    let Step::Done(report) = step else { panic!("not done after the transcript: {step:?}") };
    // The report stays the answer.
    let Step::Done(again) = check.poll() else { panic!("a second poll after the end sent a request") };
    assert_eq!(again, report);
    Run { report, requests, debug }
}

/// Asserts no form of the canaries is in `text`.
#[track_caller]
pub fn assert_clean(what: &str, text: &str) {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    for secret in [PASSWORD, TOKEN] {
        for form in [secret.to_string(), b64(secret), b64(&format!("iamapikey:{secret}")), secret[..10].to_string()] {
            assert!(!text.contains(&form), "{what} leaks {form:?}:\n{text}");
        }
    }
}
