//! Why a reference did not parse ([`Error`]), and the one place the
//! messages of the `oci` codes are written.

use std::fmt;
use std::ops::Range;

use super::grammar;
use super::parse::digest_hex_len;
use crate::diagnostics::{Arg, Code, Component, Message, Span};
use smallvec::{smallvec, SmallVec};

/// Why a reference did not parse: the first error, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub(super) code: Code,
    pub(super) component: Component,
    pub(super) span: Span,
    /// The component the message quotes (a range of the input).
    pub(super) context: Span,
    /// Rendered by `Display` (an error a caller only inspects costs no
    /// rendering); its quoted arguments are copies of the input's pieces.
    pub(super) message: Box<Message<'static, Code>>,
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
        self.message.fmt(f)
    }
}

impl std::error::Error for Error {}

serialize_as_failure!(Error);

impl Error {
    pub(crate) fn failure(&self) -> crate::serialize::Failure {
        let (code, component, span) = (self.code.as_str(), Some(self.component.as_str()), Some(self.span));
        crate::serialize::Failure { code, component, span, message: self.to_string(), ..Default::default() }
    }
}

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
        let message = Box::new(message(self.code, input, span.clone(), context.clone()).into_owned());
        Error {
            code: self.code,
            component: self.code.component(),
            span: Span::new(span.start, span.end),
            context: Span::new(context.start, context.end),
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

/// The arguments of the `oci` codes' messages (their templates are in the
/// code table). `span` is the offending text, `context` the component it
/// belongs to; both are ranges of `input`, so a message never quotes more
/// than the input.
pub(crate) fn message(code: Code, input: &str, span: Range<usize>, context: Range<usize>) -> Message<'_, Code> {
    let (t, c) = (&input[span.clone()], &input[context]);
    fn q(s: &str) -> Arg<'_> {
        Arg::Quoted(s)
    }
    let (form, args): (u8, SmallVec<[Arg<'_>; 2]>) = match code {
        Code::OciSchemeNotAllowed | Code::OciInvalidCharacter | Code::OciHexIdentifier | Code::OciDigestUnsupported => {
            (0, smallvec![q(t)])
        }
        Code::OciPortInvalid
        | Code::OciPathInvalidCharacter
        | Code::OciPathSeparator
        | Code::OciTagInvalidCharacter => (0, smallvec![q(c), q(t)]),
        Code::OciNameTooLong => (
            0,
            smallvec![
                Arg::Word("repository"),
                q(c),
                Arg::Number(c.len() as u64),
                Arg::Number(grammar::NAME_TOTAL_LENGTH_MAX as u64)
            ],
        ),
        Code::OciTagTooLong => {
            (0, smallvec![Arg::Word("tag"), q(c), Arg::Number(c.len() as u64), Arg::Number(grammar::TAG_MAX as u64)])
        }
        Code::OciDigestInvalid if t.is_empty() || span.start == input.len() => (0, smallvec![q(c)]),
        Code::OciDigestInvalid if !c.contains(':') => (1, smallvec![q(c)]),
        Code::OciDigestInvalid => (2, smallvec![q(c), q(t)]),
        Code::OciDigestLength => {
            // Only registered algorithms (short names) get this code.
            let (alg, hex) = c.split_once(':').unwrap_or((c, ""));
            let want = digest_hex_len(alg).unwrap_or(0);
            (0, smallvec![Arg::Escaped(alg), q(c), Arg::Number(want as u64), Arg::Number(hex.len() as u64)])
        }
        // The others quote the component, or nothing.
        _ => (0, smallvec![q(c)]),
    };
    Message { code, form, args }
}
