//! The state of a check and its driving surface: `poll`, `receive`, `fail`;
//! redirects; the end of a check. What each answer means is in `flow.rs`.

use super::codes::{self, AccessCode, AccessDiagnostic, RedirectWhy};
use super::report::{Report, RequestRecord};
use super::url::{host_of, is_loopback, Url};
use super::{CheckOptions, Credential, Failure, Method, Request, Response, Step, MAX_BODY};
use crate::diagnostics::Code;
use crate::diagnostics::Severity;
use crate::message::Arg;
use crate::reference::Reference;
use base64::Engine as _;
use std::fmt;

/// Redirects followed in a row for one request, at most.
pub(crate) const MAX_REDIRECTS: u8 = 5;

/// What a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    /// `GET /v2/`.
    Ping,
    /// `GET realm?service=…&scope=…`.
    Token,
    /// `HEAD /v2/<path>/manifests/<reference>`.
    Manifest,
    /// `GET /v2/<path>/tags/list`, after a 404 on the manifest.
    Tags,
    /// `GET` of the manifest, to read an index's platforms.
    Index,
}

/// The request out, waiting for its answer.
pub(super) struct Pending {
    pub purpose: Purpose,
    pub request: Request,
    pub url: Url,
    pub redirects: u8,
}

/// A check of one image: see the module documentation of `access`.
pub struct AccessCheck {
    pub(super) options: CheckOptions,
    pub(super) credential: Option<Credential>,
    /// The image as typed (for the fix of `manifest_not_found`).
    pub(super) input: String,
    /// The repository path (`library/nginx`) and the full name without tag.
    pub(super) path: String,
    pub(super) name: String,
    /// The tag or digest pulled; the digest when both are given.
    pub(super) reference: String,
    pub(super) by_digest: bool,
    pub(super) endpoint: Option<Url>,
    /// `Authorization` of registry requests (`Basic …` or `Bearer …`).
    pub(super) authorization: Option<String>,
    pub(super) token: Option<String>,
    /// Whether a 401 after an anonymous `/v2/` was already answered with
    /// the authentication flow (done once).
    pub(super) reauthenticated: bool,
    pub(super) token_with_credentials: bool,
    pending: Option<Pending>,
    done: bool,
    pub(super) report: Report,
}

impl fmt::Debug for AccessCheck {
    // By hand: the credential, the token and the Authorization value stay out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessCheck")
            .field("image", &self.report.image)
            .field("pending", &self.pending.as_ref().map(|p| (p.purpose, &p.request)))
            .field("done", &self.done)
            .finish()
    }
}

impl AccessCheck {
    /// Starts a check of `image`. Never fails: an image that does not parse
    /// ends at once in a report with `invalid_image`.
    pub fn new(image: &str, options: CheckOptions) -> AccessCheck {
        let mut check = AccessCheck {
            credential: options.credential.clone(),
            options,
            input: image.to_string(),
            path: String::new(),
            name: String::new(),
            reference: String::new(),
            by_digest: false,
            endpoint: None,
            authorization: None,
            token: None,
            reauthenticated: false,
            token_with_credentials: false,
            pending: None,
            done: false,
            report: Report {
                ok: false,
                image: String::new(),
                registry: None,
                endpoint: None,
                auth: None,
                credential_key: None,
                digest: None,
                media_type: None,
                platforms: None,
                rate_limit: None,
                requests: Vec::new(),
                diagnostics: Vec::new(),
            },
        };
        let parsed = match Reference::parse_normalized(image) {
            Ok(r) => r.tag_name_only(),
            Err(e) => {
                // A login URL pasted as the image holds a password: not echoed.
                if !matches!(e.code(), Code::OciUserinfoNotAllowed | Code::UserinfoNotAllowed) {
                    check.report.image = image.to_string();
                }
                // The reference error is a message of the image family
                // (its own code and table): an argument holds no message of
                // another family, so it comes rendered.
                check.finish_with(AccessCode::InvalidImage, vec![Arg::plain(e.to_string())]);
                return check;
            }
        };
        check.report.image = parsed.as_str().to_string();
        check.path = parsed.path().to_string();
        check.name = parsed.name().to_string();
        check.by_digest = parsed.digest().is_some();
        check.reference = parsed.digest().or(parsed.tag()).unwrap_or("latest").to_string();
        let api = crate::registry::api_host(parsed.domain()).to_ascii_lowercase();
        check.report.registry = Some(api.clone());
        let scheme = if check.options.allow_insecure_loopback && is_loopback(host_of(&api)) { "http" } else { "https" };
        let Some(endpoint) = Url::parse(&format!("{scheme}://{api}")) else {
            check.finish_with(AccessCode::Unreachable, vec![Arg::plain(api), Arg::quoted("not a valid host")]);
            return check;
        };
        check.report.endpoint = Some(endpoint.origin());
        check.endpoint = Some(endpoint.clone());
        if check.credential.is_none() {
            if let Some(config) = check.options.dockerconfigjson.clone() {
                check.credential_from_config(&config);
            }
        }
        let ping = Url { rest: "/v2/".to_string(), ..endpoint };
        check.send(Purpose::Ping, Method::Get, ping, Vec::new());
        check
    }

    /// The credential the kubelet would use for this image (SPEC §3.4): the
    /// first entry its matching returns. (The kubelet tries them all in
    /// turn; a check of the first is what a single pull tells.)
    fn credential_from_config(&mut self, config: &str) {
        use crate::dockerconfig::{inspect_docker_config, InspectOptions};
        let matches = crate::matching::match_credentials(config, &self.input);
        let Some(first) = matches.matched.first() else { return };
        self.report.credential_key = Some(first.server.clone());
        let revealed = inspect_docker_config(config, &InspectOptions { reveal: true, ..Default::default() });
        let Some(entry) = revealed.entries.iter().find(|e| e.server == first.server) else { return };
        if let Some(username) = &entry.username {
            let password = entry.password.clone().unwrap_or_default();
            self.credential = Some(Credential { username: username.clone(), password });
        }
    }

    /// What to do next. After the report, every call returns it again.
    pub fn poll(&mut self) -> Step {
        if !self.done {
            match &self.pending {
                Some(p) => return Step::Send(p.request.clone()),
                // Every path sends a request or finishes; this is a guard.
                None => self.finish(),
            }
        }
        Step::Done(self.report.clone())
    }

    /// The answer to the last request handed out; ignored when none is out.
    pub fn receive(&mut self, mut response: Response) {
        let Some(pending) = self.pending.take() else { return };
        response.body.truncate(MAX_BODY);
        self.report.requests.push(RequestRecord {
            method: pending.request.method,
            url: pending.request.url.clone(),
            status: Some(response.status),
        });
        if let Some(limit) = super::ratelimit::read(&response) {
            self.report.rate_limit = Some(limit);
        }
        if matches!(response.status, 301 | 302 | 303 | 307 | 308) {
            // No Location (a browser's manual redirect hides it): a redirect
            // to an unknown target, refused below, not a registry error.
            let location = response.header("location").unwrap_or_default().to_string();
            self.redirect(pending, &location);
            return;
        }
        self.answer(pending, response);
    }

    /// The last request handed out got no answer.
    pub fn fail(&mut self, failure: Failure) {
        let Some(pending) = self.pending.take() else { return };
        self.report.requests.push(RequestRecord {
            method: pending.request.method,
            url: pending.request.url.clone(),
            status: None,
        });
        let host = Arg::plain(pending.url.authority.clone());
        match failure {
            Failure::Unreachable(detail) => self.finish_with(AccessCode::Unreachable, vec![host, Arg::quoted(detail)]),
            Failure::Timeout => self.finish_with(AccessCode::Timeout, vec![host]),
        }
    }

    /// Follows a redirect by hand: same host, or another host when no
    /// credentials travel; https (or loopback http with the opt-in) only.
    fn redirect(&mut self, pending: Pending, location: &str) {
        let from = Arg::plain(pending.url.authority.clone());
        let refuse = |check: &mut AccessCheck, why: RedirectWhy| {
            check.finish_with(
                AccessCode::RedirectRefused,
                vec![from.clone(), Arg::quoted(location.trim()), Arg::plain(why.text())],
            )
        };
        if location.trim().is_empty() {
            return refuse(self, RedirectWhy::Hidden);
        }
        let Some(target) = pending.url.join(location) else { return refuse(self, RedirectWhy::BadLocation) };
        if pending.redirects >= MAX_REDIRECTS {
            return refuse(self, RedirectWhy::TooMany);
        }
        let authorized = pending.request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization"));
        if !target.is_secure(self.options.allow_insecure_loopback) {
            if authorized {
                return self.finish_with(AccessCode::InsecureEndpoint, vec![Arg::plain(target.authority)]);
            }
            return refuse(self, RedirectWhy::PlainHttp);
        }
        if authorized && target.authority != pending.url.authority {
            return refuse(self, RedirectWhy::OtherHost);
        }
        let request = Request { url: target.to_string(), ..pending.request };
        self.pending = Some(Pending { request, url: target, redirects: pending.redirects + 1, ..pending });
    }

    /// Hands out `url` next.
    pub(super) fn send(&mut self, purpose: Purpose, method: Method, url: Url, headers: Vec<(String, String)>) {
        let request = Request { method, url: url.to_string(), headers };
        self.pending = Some(Pending { purpose, request, url, redirects: 0 });
    }

    /// A request to the registry's API at `rest`, with its authorization.
    pub(super) fn send_registry(&mut self, purpose: Purpose, method: Method, rest: String, accept: Option<String>) {
        let Some(endpoint) = self.endpoint.clone() else { return self.finish() };
        let mut headers = Vec::new();
        if let Some(accept) = accept {
            headers.push(("Accept".to_string(), accept));
        }
        if let Some(auth) = &self.authorization {
            headers.push(("Authorization".to_string(), auth.clone()));
        }
        self.send(purpose, method, Url { rest, ..endpoint }, headers);
    }

    /// `Basic base64(user:password)`.
    pub(super) fn basic(credential: &Credential) -> String {
        let pair = format!("{}:{}", credential.username, credential.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }

    pub(super) fn push(&mut self, diagnostic: AccessDiagnostic) {
        self.report.diagnostics.push(diagnostic);
    }

    pub(super) fn finish_with(&mut self, code: AccessCode, args: Vec<Arg<'static>>) {
        self.finish_form(code, 0, args);
    }

    /// [`finish_with`](Self::finish_with) template `form` of `code`.
    pub(super) fn finish_form(&mut self, code: AccessCode, form: u8, args: Vec<Arg<'static>>) {
        self.push(codes::finding(code, form, args));
        self.finish();
    }

    /// Ends the check: nothing more is sent, and the report is cleaned of
    /// any text that holds a secret (a registry that echoes one).
    pub(super) fn finish(&mut self) {
        self.pending = None;
        self.done = true;
        self.report.ok = !self.report.diagnostics.iter().any(|d| d.code.severity() == Severity::Error);
        let secrets = self.secrets();
        let holds_secret = |s: &str| secrets.iter().any(|x| s.contains(x.as_str()));
        let clean = |s: &mut String| {
            if holds_secret(s) {
                *s = "<redacted>".to_string();
            }
        };
        for d in &mut self.report.diagnostics {
            codes::drop_registry_words(d, holds_secret);
            for arg in &mut d.message.args {
                match arg {
                    Arg::OwnedQuoted(s) if holds_secret(s) => *s = "<redacted>".into(),
                    // A plain argument with a secret is a registry's words
                    // wrapped in the library's: left out whole.
                    Arg::Plain(s) if holds_secret(s) => *s = "".into(),
                    _ => {}
                }
            }
            if let Some(fix) = &mut d.fix {
                clean(&mut fix.label);
                clean(&mut fix.replacement);
            }
        }
        for r in &mut self.report.requests {
            clean(&mut r.url);
        }
    }

    /// The password, the token and the Basic value, where long enough that
    /// finding them is no coincidence.
    fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = &self.credential {
            out.push(c.password.clone());
            out.push(AccessCheck::basic(c).trim_start_matches("Basic ").to_string());
        }
        out.extend(self.token.clone());
        out.retain(|s| s.len() >= 4);
        out
    }
}
