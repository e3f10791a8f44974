//! The `access` diagnostic family (SPEC §5.3): one row per cause a user can
//! act on. These rows are the only place the wording of an access finding
//! lives; a diagnostic holds its code and arguments and renders on demand.

use super::ratelimit::RateLimit;
use crate::diagnostics::{Diagnostic, Fix, Location, Span};
use crate::message::{write_quoted, Arg};

crate::declare_codes! {
    /// Why a pull would not work (SPEC §5.3), plus `invalid_image`.
    pub enum AccessCode {
        /// `{0}`: the reference parser's message.
        InvalidImage = "invalid_image", Error,
            ["{0}; fix the image name before checking access"];
        /// `{0}` host, `{1}` the client's detail.
        Unreachable = "unreachable", Error,
            ["could not reach {0} ({1}); check the host name, the port and the network"];
        /// `{0}` host.
        Timeout = "timeout", Error,
            ["{0} did not answer in time; try again, or check the host and the network"];
        /// `{0}` host, `{1}` what it answered.
        NotARegistry = "not_a_registry", Error,
            ["{0} answered status {1} to \"GET /v2/\", so it serves no registry API there; check the registry host"];
        /// `{0}` host, `{1}` the schemes it offered.
        UnsupportedAuth = "unsupported_auth", Error,
            ["{0} asks for authentication by {1}, which the check does not support; only Basic and Bearer are"];
        /// `{0}` host, `{1}` repository, `{2}` the credential key to add.
        CredentialsRequired = "credentials_required", Error,
            ["{0} requires credentials to pull {1}; give a username and password, or a pull secret with an entry for {2}"];
        /// `{0}` host, `{1}` username.
        CredentialsRejected = "credentials_rejected", Error,
            ["{0} rejected the credentials of user {1}; check the username and the password or API key"];
        /// `{0}` repository, `{1}` host, `{2}` the registry's own words.
        AccessDenied = "access_denied", Error,
            ["the credentials given have no pull access to {0} on {1}{2}; ask for pull access, or use credentials that have it"];
        /// `{0}` repository, `{1}` host.
        RepositoryNotFound = "repository_not_found", Error,
            ["repository {0} does not exist on {1}; check its name and namespace"];
        /// `{0}` repository, `{1}` the tag or digest (a [`reference_arg`]), `{2}`
        /// the closest tags.
        ManifestNotFound = "manifest_not_found", Error,
            ["{0} has no {1}{2}; push it, or use one that exists"];
        /// `{0}` host, `{1}` the limit and window when known.
        RateLimited = "rate_limited", Error,
            ["{0} refused the pull: rate limit reached{1}; wait for the window to pass, or authenticate for a higher limit"];
        /// `{0}` the digest asked for, `{1}` the digest answered.
        DigestMismatch = "digest_mismatch", Error,
            ["the registry answered digest {1} for {0}; do not trust this registry's content for that digest"];
        /// `{0}` image, `{1}` platform asked for, `{2}` the platforms it has.
        PlatformMissing = "platform_missing", Error,
            ["{0} has no image for platform {1}; it has {2}; build and push it for {1}, or choose one of those"];
        /// `{0}` host, `{1}` status, `{2}` the registry's own words.
        RegistryError = "registry_error", Error,
            ["{0} answered status {1}{2}; try again later, or ask the registry's operators"];
        /// `{0}` token endpoint host, `{1}` what was wrong.
        BadTokenResponse = "bad_token_response", Error,
            ["the token endpoint on {0} answered {1} instead of a token; check the registry's authentication setup"];
        /// `{0}` host the credentials would go to.
        InsecureEndpoint = "insecure_endpoint", Error,
            ["credentials would travel over plain http to {0}; nothing was sent; use https (plain http is only for loopback hosts, when allowed)"];
        /// `{0}` registry host, `{1}` realm host.
        RealmUntrusted = "realm_untrusted", Error,
            ["{0} sends credentials to a token realm on another host, {1}; nothing was sent there; add {1} to the trusted realm hosts if it belongs to the registry"];
        /// `{0}` where from, `{1}` where to, `{2}` why (a [`RedirectWhy`]).
        RedirectRefused = "redirect_refused", Error,
            ["{0} redirected to {1}, which the check does not follow: {2}"];
    }
}

/// Why a redirect is not followed: the `{2}` of `redirect_refused`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RedirectWhy {
    /// An authenticated request would go to another host.
    OtherHost,
    /// The target is plain http to a host that is not loopback (or loopback
    /// without the opt-in).
    PlainHttp,
    /// More than [`super::machine::MAX_REDIRECTS`] in a row.
    TooMany,
    /// The `Location` is not an http(s) URL.
    BadLocation,
    /// No `Location` (a browser's manual redirect hides it).
    Hidden,
}

impl RedirectWhy {
    pub(crate) fn text(self) -> &'static str {
        match self {
            RedirectWhy::OtherHost => "the request carries credentials and the target is another host",
            RedirectWhy::PlainHttp => "the target is plain http",
            RedirectWhy::TooMany => "too many redirects in a row",
            RedirectWhy::BadLocation => "the location is not an http or https URL",
            RedirectWhy::Hidden => "the answer does not say where to (browsers hide it: run the check on a server)",
        }
    }
}

/// What was wrong with a token endpoint's answer: the `{1}` of
/// `bad_token_response`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Status(u16),
    NotJson,
    NoToken,
}

impl TokenProblem {
    pub(crate) fn arg(self) -> Arg<'static> {
        Arg::plain(match self {
            TokenProblem::Status(s) => format!("status {s}"),
            TokenProblem::NotJson => "a body that is not JSON".to_string(),
            TokenProblem::NoToken => "JSON without \"token\" or \"access_token\"".to_string(),
        })
    }
}

/// Items shown in a list argument, at most (so no message grows with an
/// answer).
const LIST_LIMIT: usize = 20;

/// `"a", "b", "c"` (each quoted and capped), or `none`.
pub(crate) fn list_arg(items: &[String]) -> Arg<'static> {
    if items.is_empty() {
        return Arg::plain("none");
    }
    let mut out = String::new();
    for (i, item) in items.iter().take(LIST_LIMIT).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write_quoted(&mut out, item);
    }
    if items.len() > LIST_LIMIT {
        out.push_str(", …");
    }
    Arg::plain(out)
}

/// The `{2}` of `manifest_not_found`: the closest tags, or that there are
/// none; nothing when the tags could not be listed.
pub(crate) fn closest_arg(tags: Option<&[String]>, closest: &[String]) -> Arg<'static> {
    match tags {
        None => Arg::plain(""),
        Some([]) => Arg::plain("; the repository has no tags"),
        Some(_) if closest.is_empty() => Arg::plain(""),
        Some(_) => {
            let Arg::Plain(list) = list_arg(closest) else { return Arg::plain("") };
            Arg::plain(format!("; the closest tags are {list}"))
        }
    }
}

/// The `{1}` of `manifest_not_found`: `tag "1.0"` or `digest "sha256:…"`.
pub(crate) fn reference_arg(by_digest: bool, reference: &str) -> Arg<'static> {
    let mut out = if by_digest { "digest " } else { "tag " }.to_string();
    let _ = write_quoted(&mut out, reference);
    Arg::plain(out)
}

/// The label of the fix that uses `tag`.
pub(crate) fn use_tag_label(tag: &str) -> String {
    let mut out = "use tag ".to_string();
    let _ = write_quoted(&mut out, tag);
    out
}

/// The registry's own words for a message (`: the registry said "…"`), or
/// nothing.
pub(crate) fn registry_said(said: Option<String>) -> Arg<'static> {
    let Some(said) = said else { return Arg::plain("") };
    let mut out = " (the registry said ".to_string();
    let _ = write_quoted(&mut out, &said);
    out.push(')');
    Arg::plain(out)
}

/// The `{1}` of `rate_limited`: ` (100 pulls per 21600 seconds)` when the
/// headers said.
pub(crate) fn limit_arg(limit: Option<&RateLimit>) -> Arg<'static> {
    match limit {
        Some(RateLimit { limit: Some(n), window_seconds: Some(w), .. }) => {
            Arg::plain(format!(" ({n} pulls per {w} seconds)"))
        }
        Some(RateLimit { limit: Some(n), window_seconds: None, .. }) => Arg::plain(format!(" ({n} pulls)")),
        _ => Arg::plain(""),
    }
}

/// A suggested repair: `replacement` is the whole image to use instead.
pub type AccessFix = Fix;

/// Where an access finding points: the pull the check tried, as a whole
/// (its findings are about the image, the registry or the credentials
/// together, so they carry no span either). It adds nothing to the JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pull;

impl Location for Pull {
    type Code = AccessCode;
}

/// One finding of an access check: a code and its arguments. Its message is
/// rendered from the code's template; serialized as `code`, `severity`,
/// `message` and `fix` when there is one.
pub type AccessDiagnostic = Diagnostic<'static, Pull>;

/// A finding of `code` with `args`.
pub(crate) fn finding(code: AccessCode, args: Vec<Arg<'static>>) -> AccessDiagnostic {
    Diagnostic::new(code, Pull, Span::default(), 0, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_lowercase_without_a_trailing_period() {
        for code in AccessCode::ALL {
            let t = code.template();
            assert!(!t.ends_with('.'), "{code}");
            assert!(t.chars().next().is_some_and(|c| !c.is_uppercase()), "{code}");
            assert_eq!(AccessCode::from_name(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn serializes_code_severity_message_and_fix() {
        let d = finding(AccessCode::Timeout, vec![Arg::plain("us.icr.io")]);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"code":"timeout","severity":"error","message":"us.icr.io did not answer in time; try again, or check the host and the network"}"#
        );
        let d = d.with_fix(AccessFix { label: "l".into(), replacement: "r".into() });
        assert!(serde_json::to_string(&d).unwrap().ends_with(r#","fix":{"label":"l","replacement":"r"}}"#));
    }
}
