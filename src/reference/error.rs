//! Why a reference did not parse ([`Error`]), and the one place the
//! messages of the `oci` codes are written.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use super::grammar;
use super::login_url::USERINFO_MESSAGE;
use super::parse::digest_hex_len;
use crate::diagnostics::{Code, Component, Span};

/// Why a reference did not parse: the first error, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub(super) code: Code,
    pub(super) component: Component,
    pub(super) span: Span,
    pub(super) message: String,
    /// Upstream's message when it embeds the input (`fmt.Errorf` errors of
    /// `ParseNormalizedNamed`); otherwise it follows from the class.
    pub(super) upstream: Option<String>,
}

impl Error {
    /// The diagnostic code (one of the `oci_*` codes).
    pub fn code(&self) -> Code {
        self.code
    }
    /// The part of the reference that is wrong.
    pub fn component(&self) -> Component {
        self.component
    }
    /// The offending bytes of the input.
    pub fn span(&self) -> Span {
        self.span
    }
    /// Upstream's error class (`ErrReferenceInvalidFormat`, …).
    pub fn distribution_class(&self) -> &'static str {
        self.code.distribution_class().unwrap_or("ErrReferenceInvalidFormat")
    }
    /// Upstream's error text, for callers that must print exactly what
    /// docker prints (`invalid reference format`, …).
    pub fn distribution_message(&self) -> String {
        if let Some(m) = &self.upstream {
            return m.clone();
        }
        match self.distribution_class() {
            "ErrTagInvalidFormat" => "invalid tag format",
            "ErrDigestInvalidFormat" => "invalid digest format",
            "ErrNameContainsUppercase" => "repository name must be lowercase",
            "ErrNameEmpty" => "repository name must have at least one component",
            "ErrNameTooLong" => "repository name must not be more than 255 characters",
            "ErrNameNotCanonical" => "repository name must be canonical",
            "digest.ErrDigestInvalidFormat" => "invalid checksum digest format",
            "digest.ErrDigestInvalidLength" => "invalid checksum digest length",
            "digest.ErrDigestUnsupported" => "unsupported digest algorithm",
            _ => "invalid reference format",
        }
        .to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// A failure found while parsing `text` (which may be the input with a
/// normalizing prefix): the code, the offending range, and the range of the
/// component it sits in (for the message). Turned into an [`Error`] against
/// the caller's input by [`Failure::into_error`].
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    pub code: Code,
    pub span: Range<usize>,
    pub context: Range<usize>,
}

impl Failure {
    pub(crate) fn new(code: Code, span: Range<usize>, context: Range<usize>) -> Failure {
        Failure { code, span, context }
    }

    /// Maps the ranges through `map` (text position → input position) and
    /// writes the message from the input's own text.
    pub(crate) fn into_error(self, input: &str, map: impl Fn(usize) -> usize) -> Error {
        let span = map(self.span.start)..map(self.span.end);
        let context = map(self.context.start)..map(self.context.end);
        let span = clamp(input, span);
        let context = clamp(input, context);
        let message = message(self.code, input, span.clone(), context);
        Error {
            code: self.code,
            component: self.code.component(),
            span: Span::new(span.start, span.end),
            message,
            upstream: None,
        }
    }
}

/// Keeps a range inside `input` and on character boundaries, so slicing it
/// can never panic.
pub(super) fn clamp(input: &str, r: Range<usize>) -> Range<usize> {
    let mut start = r.start.min(input.len());
    let mut end = r.end.min(input.len()).max(start);
    while !input.is_char_boundary(start) {
        start -= 1;
    }
    while !input.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The one place the messages of the `oci` codes are written. `span` is the
/// offending text, `context` the component it belongs to; both are ranges of
/// `input`, so a message never quotes more than the input.
pub(crate) fn message(code: Code, input: &str, span: Range<usize>, context: Range<usize>) -> String {
    let (t_raw, c_raw) = (&input[span.clone()], &input[context]);
    // What the message quotes, cut after QUOTE_MAX characters: a form never
    // needs more, and a megabyte of input then costs kilobytes of messages.
    let (t, c) = (shorten(t_raw), shorten(c_raw));
    match code {
        Code::OciUserinfoNotAllowed => USERINFO_MESSAGE.to_string(),
        Code::OciNameEmpty => "reference \"\" has no repository name".to_string(),
        Code::OciEmpty => "image reference \"\" is empty: enter an image name".to_string(),
        Code::OciSchemeNotAllowed => format!("remove {t:?}: an image reference is not a url"),
        Code::OciInvalidCharacter => format!("character {t:?} is not allowed in an image reference"),
        Code::OciRegistryInvalid => format!("registry {c:?} is not a valid host name or address"),
        Code::OciPortInvalid => format!("registry {c:?} has port {t:?}: a port must be a number"),
        Code::OciPathComponentEmpty => format!("repository {c:?} has an empty path component"),
        Code::OciPathInvalidCharacter => format!(
            "repository {c:?} contains {t:?}: only lowercase letters, digits, \".\", \"_\", \"-\" and \"/\" are allowed"
        ),
        Code::OciPathBadStartOrEnd => {
            format!("repository {c:?}: each path component must begin and end with a lowercase letter or digit")
        }
        Code::OciPathSeparator => {
            format!("repository {c:?} has separator {t:?}: use one \".\", one or two \"_\", or any number of \"-\"")
        }
        Code::OciUppercase | Code::OciRepositoryUppercase => format!("repository {c:?} must be lowercase"),
        Code::OciHexIdentifier => {
            format!("reference {t:?} is a 64-character hexadecimal image id, not a repository name")
        }
        Code::OciNameTooLong => {
            format!("repository {c:?} is {} characters long, more than {}", c_raw.len(), grammar::NAME_TOTAL_LENGTH_MAX)
        }
        Code::OciNameNotCanonical => format!("reference {c:?} is not in canonical form"),
        Code::OciTagEmpty => "tag \"\" is empty: add a tag or remove the \":\"".to_string(),
        Code::OciTagBadStart => format!("tag {c:?} must not begin with \".\" or \"-\""),
        Code::OciTagInvalidCharacter => {
            format!("tag {c:?} contains {t:?}: only letters, digits, \"_\", \".\" and \"-\" are allowed")
        }
        Code::OciTagTooLong => format!("tag {c:?} is {} characters long, more than {}", c_raw.len(), grammar::TAG_MAX),
        Code::OciTagInvalid => format!("tag {c:?} is not a valid tag"),
        Code::OciDigestInvalid if t_raw.is_empty() || span.start == input.len() => {
            format!("digest {c:?} is incomplete: it is an algorithm, \":\" and at least 32 hexadecimal digits")
        }
        Code::OciDigestInvalid if !c_raw.contains(':') => {
            format!("digest {c:?} must be an algorithm, \":\" and at least 32 hexadecimal digits")
        }
        Code::OciDigestInvalid => {
            format!("digest {c:?} contains {t:?}: it is an algorithm, \":\" and at least 32 hexadecimal digits")
        }
        Code::OciDigestFormat => format!("digest {c:?} is not a valid digest"),
        Code::OciDigestEncoding => format!("digest {c:?} must use lowercase hexadecimal digits"),
        Code::OciDigestLength => {
            // Only registered algorithms (short names) get this code.
            let (alg, hex) = c_raw.split_once(':').unwrap_or((c_raw, ""));
            format!(
                "{} digest {c:?} must have {} hexadecimal digits, not {}",
                shorten(alg),
                digest_hex_len(alg).unwrap_or(0),
                hex.len()
            )
        }
        Code::OciDigestUnsupported => {
            format!("digest algorithm {t:?} is not supported: use sha256, sha384 or sha512")
        }
        other => format!("{other} in {c:?}"),
    }
}

/// The most characters of input a message quotes.
pub(super) const QUOTE_MAX: usize = 200;

/// `s`, or its first [`QUOTE_MAX`] characters and "…".
pub(crate) fn shorten(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(QUOTE_MAX) {
        None => Cow::Borrowed(s),
        Some((cut, _)) => {
            let mut short = String::with_capacity(cut + 3);
            short.push_str(&s[..cut]);
            short.push('…');
            Cow::Owned(short)
        }
    }
}
