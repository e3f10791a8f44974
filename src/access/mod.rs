//! Checking access before a deploy (SPEC §5): will a pull of this image work,
//! and if not, why.
//!
//! [`AccessCheck`] is a sans-I/O state machine in the manner of quinn-proto
//! and rustls: [`AccessCheck::poll`] hands out the next HTTP request,
//! [`AccessCheck::receive`] or [`AccessCheck::fail`] takes what became of
//! it, and the last step is a [`Report`]. It does no I/O itself, so the same
//! machine runs in browsers, workers and natively, and every path through it
//! is tested with recorded answers.
//!
//! ```
//! use registry_access::access::{AccessCheck, CheckOptions, Response, Step};
//! let mut check = AccessCheck::new("localhost:5000/app:1", CheckOptions {
//!     allow_insecure_loopback: true,
//!     platform: None,
//!     ..CheckOptions::default()
//! });
//! let Step::Send(ping) = check.poll() else { unreachable!() };
//! assert_eq!(ping.url, "http://localhost:5000/v2/");
//! check.receive(Response::new(200));
//! let Step::Send(head) = check.poll() else { unreachable!() };
//! assert_eq!(head.url, "http://localhost:5000/v2/app/manifests/1");
//! check.receive(Response::new(200).with_header("Docker-Content-Digest", "sha256:ab"));
//! let Step::Done(report) = check.poll() else { unreachable!() };
//! assert!(report.ok);
//! assert_eq!(report.digest.as_deref(), Some("sha256:ab"));
//! ```
//!
//! Policies the SPEC leaves open, decided here:
//! - Credentials go only over https, or plain http to loopback with
//!   `allow_insecure_loopback`; otherwise `insecure_endpoint` and nothing is
//!   sent. A token counts as a credential: a plain-http realm that is not
//!   loopback is refused even for an anonymous token.
//! - A realm on another host that is not known (`registry::KNOWN_AUTH_HOSTS`)
//!   nor trusted is refused (`realm_untrusted`) only when credentials would
//!   go there; an anonymous token request carries nothing secret and is
//!   made. Hosts are compared without ports (a token service on another
//!   port of the registry's host is the same host).
//! - With a Bearer token obtained with credentials, a 401 on the manifest
//!   means the token lacks the pull scope: `access_denied` (the token
//!   endpoint accepted the credentials). With Basic, a 401 is
//!   `credentials_rejected`.
//! - A dockerconfigjson is read only when no `credential` is given.

mod challenge;
mod codes;
mod errors;
mod flow;
mod machine;
mod manifest;
mod ratelimit;
mod report;
mod url;

pub use challenge::{parse as parse_challenges, parse_all as parse_challenge_headers, Challenge};
pub use codes::{AccessCode, AccessDiagnostic, AccessFix, Pull};
pub use errors::{parse as parse_registry_errors, RegistryError};
pub use machine::AccessCheck;
pub use manifest::{DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST};
pub use ratelimit::RateLimit;
pub use report::{Auth, Report, RequestRecord};

use std::fmt;

/// The machine reads at most this many bytes of a response body.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// A username and password (or API key, or token used as a password).
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for Credential {
    // By hand: the password never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential").field("username", &self.username).field("password", &"<redacted>").finish()
    }
}

/// What to check with.
#[derive(Clone, PartialEq, Eq)]
pub struct CheckOptions {
    pub credential: Option<Credential>,
    /// A `.dockerconfigjson` (any shape `dockerconfig` reads): the kubelet's
    /// matching (SPEC §3.4) picks the credential. Ignored when `credential`
    /// is given.
    pub dockerconfigjson: Option<String>,
    /// `os/arch[/variant]`; `None` skips the platform check.
    pub platform: Option<String>,
    /// Plain http to 127.0.0.0/8, `::1` and `localhost` (tests, local
    /// registries); https everywhere otherwise.
    pub allow_insecure_loopback: bool,
    /// Token realm hosts to send credentials to besides the registry's own
    /// and the known ones (`host` or `host:port`).
    pub trusted_realm_hosts: Vec<String>,
}

impl fmt::Debug for CheckOptions {
    // By hand: a `.dockerconfigjson` holds passwords (its `auth` fields), so
    // only its length is shown; the credential's Debug redacts its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = self.dockerconfigjson.as_ref().map(|c| format!("<{} bytes redacted>", c.len()));
        f.debug_struct("CheckOptions")
            .field("credential", &self.credential)
            .field("dockerconfigjson", &config)
            .field("platform", &self.platform)
            .field("allow_insecure_loopback", &self.allow_insecure_loopback)
            .field("trusted_realm_hosts", &self.trusted_realm_hosts)
            .finish()
    }
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            credential: None,
            dockerconfigjson: None,
            platform: Some("linux/amd64".to_string()),
            allow_insecure_loopback: false,
            trusted_realm_hosts: Vec::new(),
        }
    }
}

/// What the driver does next.
// The report is handed out once per check; boxing it would only make the
// agreed interface (`Step::Done(Report)`) clumsier for callers.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Send this request, then call `receive` or `fail`.
    Send(Request),
    /// The check is over.
    Done(Report),
}

/// An HTTP method the check uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "HEAD")]
    Head,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
        }
    }
}

/// A request to send: no body, and redirects are not to be followed by the
/// client (the machine decides). `Serialize` is for the driver that sends
/// it (the binding hands it to JavaScript's `fetch`): it holds the
/// `Authorization` header, unlike `Debug`.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for Request {
    // By hand: the Authorization header's value never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), if k.eq_ignore_ascii_case("authorization") { "<redacted>" } else { v.as_str() }))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .finish()
    }
}

/// An answer: status, headers (names in any case) and the body (the
/// machine reads at most [`MAX_BODY`] bytes of it).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: Vec::new() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    /// The first header named `name`, ignoring ASCII case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header named `name`, ignoring ASCII case, in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Response {
    // By hand: a token endpoint's body holds the token; only its length shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Why the last request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// DNS, connection refused, TLS…: the client's detail (quoted in the
    /// message, so it must not hold a secret).
    Unreachable(String),
    Timeout,
}
