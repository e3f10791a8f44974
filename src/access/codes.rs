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
        /// `{0}` repository, `{1}` host; form [`SAID`] adds `{2}`, the
        /// registry's own words.
        AccessDenied = "access_denied", Error,
            [
                "the credentials given have no pull access to {0} on {1}; ask for pull access, or use credentials that have it",
                "the credentials given have no pull access to {0} on {1} (the registry said {2}); ask for pull access, or use credentials that have it"
            ];
        /// `{0}` repository, `{1}` host.
        RepositoryNotFound = "repository_not_found", Error,
            ["repository {0} does not exist on {1}; check its name and namespace"];
        /// `{0}` repository, `{1}` the tag or digest (forms by
        /// [`manifest_not_found`]), `{2}` the closest tags (a [`list_arg`]).
        ManifestNotFound = "manifest_not_found", Error,
            [
                "{0} has no tag {1}; push it, or use one that exists",
                "{0} has no digest {1}; push it, or use one that exists",
                "{0} has no tag {1}; the repository has no tags; push it, or use one that exists",
                "{0} has no digest {1}; the repository has no tags; push it, or use one that exists",
                "{0} has no tag {1}; the closest tags are {2}; push it, or use one that exists"
            ];
        /// `{0}` host; forms 1 and 2 (by [`rate_limited`]) add the limit
        /// `{1}` and the window `{2}` when the headers said.
        RateLimited = "rate_limited", Error,
            [
                "{0} refused the pull: rate limit reached; wait for the window to pass, or authenticate for a higher limit",
                "{0} refused the pull: rate limit reached ({1} pulls per {2} seconds); wait for the window to pass, or authenticate for a higher limit",
                "{0} refused the pull: rate limit reached ({1} pulls); wait for the window to pass, or authenticate for a higher limit"
            ];
        /// `{0}` the digest asked for, `{1}` the digest answered.
        DigestMismatch = "digest_mismatch", Error,
            ["the registry answered digest {1} for {0}; do not trust this registry's content for that digest"];
        /// `{0}` image, `{1}` platform asked for, `{2}` the platforms it has.
        PlatformMissing = "platform_missing", Error,
            ["{0} has no image for platform {1}; it has {2}; build and push it for {1}, or choose one of those"];
        /// `{0}` host, `{1}` status; form [`SAID`] adds `{2}`, the
        /// registry's own words; form [`BAD_MANIFEST`] says the manifest is
        /// not JSON.
        RegistryError = "registry_error", Error,
            [
                "{0} answered status {1}; try again later, or ask the registry's operators",
                "{0} answered status {1} (the registry said {2}); try again later, or ask the registry's operators",
                "{0} answered status {1} with a manifest that is not valid JSON; try again later, or ask the registry's operators"
            ];
        /// `{0}` token endpoint host; the form says what was wrong (a
        /// [`TokenProblem`]), `{1}` the status of form 0.
        BadTokenResponse = "bad_token_response", Error,
            [
                "the token endpoint on {0} answered status {1} instead of a token; check the registry's authentication setup",
                "the token endpoint on {0} answered a body that is not JSON instead of a token; check the registry's authentication setup",
                "the token endpoint on {0} answered JSON without \"token\" or \"access_token\" instead of a token; check the registry's authentication setup"
            ];
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

/// What was wrong with a token endpoint's answer: the form of
/// `bad_token_response`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Status(u16),
    NotJson,
    NoToken,
}

impl TokenProblem {
    /// The form of `bad_token_response` and its arguments after the host.
    pub(crate) fn form(self) -> (u8, Option<Arg<'static>>) {
        match self {
            TokenProblem::Status(s) => (0, Some(Arg::Number(s.into()))),
            TokenProblem::NotJson => (1, None),
            TokenProblem::NoToken => (2, None),
        }
    }
}

/// Items shown in a list argument, at most (so no message grows with an
/// answer).
const LIST_LIMIT: usize = 20;

/// `"a", "b", "c"` (each quoted and capped), or `none`. Text rather than a
/// template form: the number of items varies.
pub(crate) fn list_arg(items: &[String]) -> Arg<'static> {
    if items.is_empty() {
        return Arg::Word("none");
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

/// The form and arguments of `manifest_not_found` for `repository`
/// (quoted) and the tag or digest `reference`: with the closest `tags`, or
/// that there are none; the bare form when the tags could not be listed.
pub(crate) fn manifest_not_found(
    repository: &str,
    by_digest: bool,
    reference: &str,
    tags: Option<&[String]>,
    closest: &[String],
) -> (u8, Vec<Arg<'static>>) {
    let mut args = vec![Arg::quoted(repository), Arg::quoted(reference)];
    let form = match tags {
        Some([]) => 2,
        Some(_) if !by_digest && !closest.is_empty() => {
            args.push(list_arg(closest));
            4
        }
        _ => 0,
    };
    // Each form has its digest twin next to it, but the closest tags are
    // never listed for a digest.
    (form + u8::from(by_digest && form < 4), args)
}

/// The label of the fix that uses `tag`.
pub(crate) fn use_tag_label(tag: &str) -> String {
    let mut out = "use tag ".to_string();
    let _ = write_quoted(&mut out, tag);
    out
}

/// The form of `access_denied` and `registry_error` that quotes the
/// registry's own words (their last argument, `{2}`).
pub(crate) const SAID: u8 = 1;

/// The form of `registry_error` for a manifest that is not JSON.
pub(crate) const BAD_MANIFEST: u8 = 2;

/// `args` (of `access_denied` or `registry_error`) and their form: with the
/// registry's own words when it said any.
pub(crate) fn registry_said(mut args: Vec<Arg<'static>>, said: Option<String>) -> (u8, Vec<Arg<'static>>) {
    match said {
        Some(said) => {
            args.push(Arg::quoted(said));
            (SAID, args)
        }
        None => (0, args),
    }
}

/// The registry's own words that hold a secret are left out whole (back to
/// the form without them), rather than quoted with the secret redacted.
pub(crate) fn drop_registry_words(d: &mut AccessDiagnostic, holds_secret: impl Fn(&str) -> bool) {
    let said = matches!(d.code, AccessCode::AccessDenied | AccessCode::RegistryError) && d.message.form == SAID;
    if said && d.message.args.last().and_then(Arg::text).is_some_and(holds_secret) {
        d.message.args.pop();
        d.message.form = 0;
    }
}

/// The form of `rate_limited` and its arguments after the host: the limit
/// and window when the headers said.
pub(crate) fn rate_limited(limit: Option<&RateLimit>) -> (u8, Vec<Arg<'static>>) {
    match limit {
        Some(RateLimit { limit: Some(n), window_seconds: Some(w), .. }) => (1, vec![Arg::Number(*n), Arg::Number(*w)]),
        Some(RateLimit { limit: Some(n), window_seconds: None, .. }) => (2, vec![Arg::Number(*n)]),
        _ => (0, Vec::new()),
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

/// A finding of `code`, template `form`, with `args`.
pub(crate) fn finding(code: AccessCode, form: u8, args: Vec<Arg<'static>>) -> AccessDiagnostic {
    Diagnostic::new(code, Pull, Span::default(), form, args)
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

    /// The forms the transcripts do not reach, word for word.
    #[test]
    fn forms_say_what_the_arguments_said() {
        let render = |code, (form, args): (u8, Vec<Arg<'static>>)| finding(code, form, args).message();
        let host = || Arg::plain("h");
        let token = |p: TokenProblem| {
            let (form, rest) = p.form();
            (form, std::iter::once(host()).chain(rest).collect())
        };
        assert_eq!(
            render(AccessCode::BadTokenResponse, token(TokenProblem::NotJson)),
            "the token endpoint on h answered a body that is not JSON instead of a token; check the registry's authentication setup"
        );
        assert_eq!(
            render(AccessCode::BadTokenResponse, token(TokenProblem::NoToken)),
            "the token endpoint on h answered JSON without \"token\" or \"access_token\" instead of a token; check the registry's authentication setup"
        );
        let limited = |limit: Option<RateLimit>| {
            let (form, rest) = rate_limited(limit.as_ref());
            (form, std::iter::once(host()).chain(rest).collect())
        };
        let tail = "; wait for the window to pass, or authenticate for a higher limit";
        assert_eq!(
            render(AccessCode::RateLimited, limited(None)),
            format!("h refused the pull: rate limit reached{tail}")
        );
        let some = RateLimit { limit: Some(100), ..RateLimit::default() };
        assert_eq!(
            render(AccessCode::RateLimited, limited(Some(some))),
            format!("h refused the pull: rate limit reached (100 pulls){tail}")
        );
        let tags = ["1.0".to_string()];
        let tail = "; push it, or use one that exists";
        let missing = |by_digest, reference, tags: Option<&[String]>| {
            render(AccessCode::ManifestNotFound, manifest_not_found("a/b", by_digest, reference, tags, &[]))
        };
        assert_eq!(missing(false, "2.0", None), format!("\"a/b\" has no tag \"2.0\"{tail}"));
        assert_eq!(missing(false, "2.0", Some(&tags)), format!("\"a/b\" has no tag \"2.0\"{tail}"));
        assert_eq!(
            missing(false, "2.0", Some(&[])),
            format!("\"a/b\" has no tag \"2.0\"; the repository has no tags{tail}")
        );
        assert_eq!(
            missing(true, "sha256:0", Some(&[])),
            format!("\"a/b\" has no digest \"sha256:0\"; the repository has no tags{tail}")
        );
        assert_eq!(missing(true, "sha256:0", Some(&tags)), format!("\"a/b\" has no digest \"sha256:0\"{tail}"));
        // The registry's words go whole when they hold a secret.
        let (form, args) = registry_said(vec![Arg::quoted("a/b"), host()], Some("token s3cret".into()));
        let mut d = finding(AccessCode::AccessDenied, form, args);
        drop_registry_words(&mut d, |s| s.contains("s3cret"));
        assert_eq!(
            d.message(),
            "the credentials given have no pull access to \"a/b\" on h; ask for pull access, or use credentials that have it"
        );
    }

    #[test]
    fn serializes_code_severity_message_and_fix() {
        let d = finding(AccessCode::Timeout, 0, vec![Arg::plain("us.icr.io")]);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"code":"timeout","severity":"error","message":"us.icr.io did not answer in time; try again, or check the host and the network"}"#
        );
        let d = d.with_fix(AccessFix { label: "l".into(), replacement: "r".into() });
        assert!(serde_json::to_string(&d).unwrap().ends_with(r#","fix":{"label":"l","replacement":"r"}}"#));
    }
}
