//! Image references: distribution/reference's parsing and normalization (the
//! `oci` profile; the grammar is in [`grammar`]) and the Code Engine rules
//! (the `codeEngine` profile, [`code_engine`]).
//!
//! [`Reference`] mirrors upstream's functions:
//!
//! | Go | Rust |
//! | --- | --- |
//! | `Parse`, `Field.UnmarshalText` | [`Reference::parse`], `str::parse` |
//! | `ParseNormalizedNamed` | [`Reference::parse_normalized`] |
//! | `ParseNamed` | [`Reference::parse_named`] |
//! | `ParseDockerRef` | [`Reference::parse_docker`] |
//! | `ParseAnyReference` | [`Reference::parse_any`] |
//! | `WithName`, `WithTag`, `WithDigest`, `TrimNamed`, `TagNameOnly` | [`Reference::with_name`], [`Reference::with_tag`], [`Reference::with_digest`], [`Reference::trim_named`], [`Reference::tag_name_only`] |
//! | `String()`, `Name()`, `FamiliarString`, `FamiliarName` | `Display`, [`Reference::name`], [`Reference::familiar`], [`Reference::familiar_name`] |
//! | `FamiliarMatch`, `Sort` | [`Reference::familiar_match`], [`sort`] |
//!
//! Errors carry upstream's error class ([`Code::distribution_class`]) but say
//! more: which component, which character, and where ([`Error::span`]).
//!
//! ```
//! use registry_access::{Code, Reference, Span};
//!
//! let r = Reference::parse_normalized("nginx:1.25").unwrap();
//! assert_eq!(r.to_string(), "docker.io/library/nginx:1.25");
//! assert_eq!((r.domain(), r.path(), r.tag()), ("docker.io", "library/nginx", Some("1.25")));
//! assert_eq!(r.familiar(), "nginx:1.25");
//!
//! let e = Reference::parse_normalized("us.icr.io/team/app:-rc1").unwrap_err();
//! assert_eq!(e.code(), Code::OciTagBadStart);
//! assert_eq!(e.span(), Span::new(19, 20));
//! assert_eq!(e.to_string(), r#"tag "-rc1" must not begin with "." or "-""#);
//! assert_eq!(e.distribution_message(), "invalid reference format");
//! ```

mod bytes;
pub(crate) mod code_engine;
mod error;
pub mod grammar;
mod login_url;
pub(crate) mod oci;
mod parse;
pub(crate) mod pattern;
mod validation;

pub use error::Error;
pub(crate) use error::{message, Failure};
pub(crate) use login_url::{url_scheme_len, userinfo, without_userinfo, USERINFO_FIX_LABEL};
pub(crate) use parse::{changes_under_lowercase, digest_hex_len, first_uppercase, parse_parts};
use parse::{is_valid_digest, userinfo_error};

pub(crate) use validation::finish;
pub use validation::{validate, Profile};

use crate::diagnostics::{Code, Components, Lazy};
use arrayvec::ArrayString;
use std::borrow::Cow;
use std::fmt;

/// Docker Hub's canonical domain, and the names that normalize to it.
use crate::registry_data::{DOCKER_HUB_HOST as DEFAULT_DOMAIN, DOCKER_HUB_INDEX_HOST as LEGACY_DEFAULT_DOMAIN};
const OFFICIAL_REPO_PREFIX: &str = "library/";
const LOCALHOST: &str = "localhost";

/// A parsed image reference (upstream's `Reference` family in one type).
///
/// The canonical text (`String()`) is stored once; the parts are byte ranges
/// into it, so parsing allocates exactly one `String`. A reference without a
/// name (what [`Reference::parse_any`] returns for a bare image id) has an
/// empty domain and path and only a digest.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    text: String,
    domain_end: usize,
    path: (usize, usize),
    tag: Option<(usize, usize)>,
    digest: Option<(usize, usize)>,
}

/// The canonical text of an input: the input itself, or Docker Hub's
/// domain and `library/` before a piece of it, joined in the caller's
/// buffer on the stack when it gives one and the text fits (any text short
/// enough to be a valid reference does), else on the heap (as
/// [`Reference`] keeps it).
pub(crate) enum Canonical<'a, 'b> {
    Input(&'a str),
    /// `pieces`: the domain, `library/` or nothing, and the remainder; the
    /// domain is followed by `/`.
    Stack {
        pieces: [&'a str; 3],
        text: &'b str,
    },
    Heap {
        pieces: [&'a str; 3],
        text: String,
    },
}

/// The longest canonical text built on the stack.
pub(crate) const STACK_TEXT: usize = 512;

/// A buffer for [`Canonical`] on the caller's stack.
pub(crate) type StackText = ArrayString<STACK_TEXT>;

impl<'a, 'b> Canonical<'a, 'b> {
    fn build(pieces: [&'a str; 3], stack: Option<&'b mut StackText>) -> Canonical<'a, 'b> {
        let [domain, head, rest] = pieces;
        let len = domain.len() + 1 + head.len() + rest.len();
        match stack {
            Some(buf) if len <= STACK_TEXT => {
                buf.clear();
                // Within STACK_TEXT nothing fails; `push_str` would bring its
                // panic (CapacityError's Debug, unwrap) into the module.
                for piece in [domain, "/", head, rest] {
                    let _ = buf.try_push_str(piece);
                }
                Canonical::Stack { pieces, text: buf.as_str() }
            }
            _ => {
                let mut text = String::with_capacity(len);
                for piece in [domain, "/", head, rest] {
                    text.push_str(piece);
                }
                Canonical::Heap { pieces, text }
            }
        }
    }
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Canonical::Input(s) => s,
            Canonical::Stack { text, .. } => text,
            Canonical::Heap { text, .. } => text,
        }
    }
    fn into_string(self) -> String {
        match self {
            Canonical::Heap { text, .. } => text,
            other => other.as_str().to_string(),
        }
    }
    /// The components as typed in `input` of a valid reference whose
    /// canonical text this is (SPEC §1.2's split, read off the parse: for a
    /// valid reference the two agree, and this costs no second pass).
    pub(crate) fn typed_components(&self, input: &'a str, parts: &grammar::Parts) -> Components<'a> {
        // Where the typed registry ends and the typed remainder starts, and
        // how long the synthetic head before it is in the text.
        let (registry, rest, head) = match self {
            Canonical::Input(_) => {
                let registry = (!parts.domain.is_empty()).then(|| &input[parts.domain.clone()]);
                (registry, parts.path.start, parts.path.start)
            }
            Canonical::Stack { pieces: [domain, lib, remainder], .. }
            | Canonical::Heap { pieces: [domain, lib, remainder], .. } => {
                let rest = input.len() - remainder.len();
                let registry = (rest > 0).then(|| &input[..rest - 1]);
                (registry, rest, domain.len() + 1 + lib.len())
            }
        };
        let map = |p: usize| p.max(head) - head + rest;
        let piece = |r: &std::ops::Range<usize>| Cow::Borrowed(&input[map(r.start)..map(r.end)]);
        let path = &input[rest..map(parts.path.end)];
        let (namespace, repository) = match path.bytes().position(|b| b == b'/') {
            Some(i) => (Some(Cow::Borrowed(&path[..i])), Some(Cow::Borrowed(&path[i + 1..]))),
            None if path.is_empty() => (None, None),
            None => (None, Some(Cow::Borrowed(path))),
        };
        Components {
            registry: registry.map(Cow::Borrowed),
            namespace,
            repository,
            tag: parts.tag.as_ref().map(piece),
            digest: parts.digest.as_ref().map(piece),
        }
    }

    /// The same text as pieces to join on demand.
    pub(crate) fn lazy(&self) -> Lazy<'a> {
        match self {
            Canonical::Input(s) => Lazy::one(s),
            Canonical::Stack { pieces: [domain, head, rest], .. }
            | Canonical::Heap { pieces: [domain, head, rest], .. } => Lazy::Pieces([domain, "/", head, rest, ""]),
        }
    }
}

/// How a parsed text maps back to the caller's input: positions at or after
/// `head` in the text are `offset` bytes further into the input; positions
/// inside a synthetic head (`docker.io/library/`) clamp to where the input's
/// own text begins.
#[derive(Clone, Copy)]
struct Mapping {
    head: usize,
    rest: usize,
}

impl Mapping {
    const IDENTITY: Mapping = Mapping { head: 0, rest: 0 };
    fn map(self, p: usize) -> usize {
        if p >= self.head {
            p - self.head + self.rest
        } else {
            p.min(self.rest)
        }
    }
}

impl Reference {
    fn from_parts(text: String, parts: grammar::Parts) -> Reference {
        Reference {
            domain_end: parts.domain.end,
            path: (parts.path.start, parts.path.end),
            tag: parts.tag.map(|r| (r.start, r.end)),
            digest: parts.digest.map(|r| (r.start, r.end)),
            text,
        }
    }

    /// Builds a reference from its parts, as upstream's constructors do.
    fn assemble(domain: &str, path: &str, tag: Option<&str>, digest: Option<&str>) -> Reference {
        let mut text = String::with_capacity(
            domain.len() + 1 + path.len() + tag.map_or(0, |t| t.len() + 1) + digest.map_or(0, |d| d.len() + 1),
        );
        text.push_str(domain);
        let domain_end = text.len();
        if !domain.is_empty() {
            text.push('/');
        }
        let path_start = text.len();
        text.push_str(path);
        let path = (path_start, text.len());
        let tag = tag.map(|t| {
            text.push(':');
            let s = text.len();
            text.push_str(t);
            (s, text.len())
        });
        let digest = digest.map(|d| {
            if !text.is_empty() {
                text.push('@');
            }
            let s = text.len();
            text.push_str(d);
            (s, text.len())
        });
        Reference { text, domain_end, path, tag, digest }
    }

    /// Upstream's `Parse`: the reference exactly as written, without
    /// normalization (`nginx` has no domain and path `nginx`).
    pub fn parse(input: &str) -> Result<Reference, Error> {
        if let Some(e) = userinfo_error(input) {
            return Err(e);
        }
        match parse_parts(input) {
            Ok(parts) => Ok(Reference::from_parts(input.to_string(), parts)),
            Err(f) => Err(f.into_error(input, |p| Mapping::IDENTITY.map(p))),
        }
    }

    /// Upstream's `ParseNormalizedNamed`: what docker and Kubernetes accept
    /// for a user-typed name (`nginx` is `docker.io/library/nginx`).
    ///
    /// The error is the first problem of upstream's error class that
    /// `validate(input, Profile::Oci)` reports, with the same code,
    /// component, span and message; a login URL fails with its
    /// `oci_userinfo_not_allowed` even when a scheme comes before it.
    pub fn parse_normalized(input: &str) -> Result<Reference, Error> {
        // Before anything that could quote the input. Upstream fails on every
        // such input (after a scheme the path has an empty component "//";
        // without one, the digest after the "@" would hold a "/"), with
        // ErrReferenceInvalidFormat, except when the text after the domain up
        // to its first ":" has uppercase (`https://TOKEN@host/x`): then its
        // uppercase-repository error quotes that text, token and all, and
        // its class is not kept here.
        if let Some(e) = userinfo_error(input) {
            return Err(e);
        }
        Reference::parse_normalized_first(input).map_err(|e| oci::refine(input, e))
    }

    /// [`Reference::parse_normalized`] with the parser's own first error.
    pub(crate) fn parse_normalized_first(input: &str) -> Result<Reference, Error> {
        let (text, parts) = Reference::normalized_text(input, None)?;
        Ok(Reference::from_parts(text.into_string(), parts))
    }

    /// The canonical text of `input` as upstream's `ParseNormalizedNamed`
    /// reads it, and its parts: borrowed when the input already is that
    /// text, otherwise built on the stack (for any reference short enough
    /// to be valid), so validating a valid reference allocates nothing.
    pub(crate) fn normalized_text<'a, 'b>(
        input: &'a str,
        stack: Option<&'b mut StackText>,
    ) -> Result<(Canonical<'a, 'b>, grammar::Parts), Error> {
        if input.is_empty() {
            // Upstream parses "docker.io/library/" here: an invalid format,
            // not ErrNameEmpty.
            return Err(Failure::new(Code::OciEmpty, 0..0, 0..0).into_error(input, |p| p));
        }
        if grammar::identifier(input) {
            let f = Failure::new(Code::OciHexIdentifier, 0..input.len(), 0..input.len());
            let mut e = f.into_error(input, |p| p);
            e.upstream = Some(format!("invalid repository name ({input}), cannot specify 64-byte hexadecimal strings"));
            return Err(e);
        }
        // Nearly every input is lowercase ASCII: then one pass finds where
        // the domain ends and the uppercase checks have nothing to find.
        let (fast, (domain, rest, library)) = match split_lowercase_ascii(input) {
            Some(split) => (true, split),
            None => (false, split_docker_domain(input)),
        };
        let remainder = &input[rest..];
        // The "remote" upstream checks for uppercase: the remainder up to its
        // first `:` (with the `library/` prefix, which is lowercase anyway).
        let remote = || &remainder[..remainder.bytes().position(|b| b == b':').unwrap_or(remainder.len())];
        if let Some((i, c)) = if fast { None } else { first_uppercase(remote()) } {
            let remote = remote();
            let at = rest + i;
            let f = Failure::new(Code::OciRepositoryUppercase, at..at + c.len_utf8(), rest..rest + remote.len());
            let mut e = f.into_error(input, |p| p);
            let prefix = if library { OFFICIAL_REPO_PREFIX } else { "" };
            e.upstream =
                Some(format!("invalid reference format: repository name ({prefix}{remote}) must be lowercase"));
            return Err(e);
        }
        // The canonical text is the input itself when the input names its
        // domain and needs no `library/`: then nothing is built (a form
        // validates on every keystroke; see `normalized_text`).
        let head_len = domain.len() + 1 + if library { OFFICIAL_REPO_PREFIX.len() } else { 0 };
        let as_typed = !library && rest == domain.len() + 1 && input.starts_with(domain);
        let text = if as_typed {
            Canonical::Input(input)
        } else {
            let head = if library { OFFICIAL_REPO_PREFIX } else { "" };
            Canonical::build([domain, head, remainder], stack)
        };
        let mapping = Mapping { head: head_len, rest };
        match parse_parts(text.as_str()) {
            Ok(parts) => Ok((text, parts)),
            Err(f) => Err(f.into_error(input, |p| mapping.map(p))),
        }
    }

    /// Upstream's `ParseNamed`: like [`Reference::parse_normalized`], but the
    /// input must already be in canonical form (`docker.io/library/nginx`).
    pub fn parse_named(input: &str) -> Result<Reference, Error> {
        let r = Reference::parse_normalized(input)?;
        if r.text != input {
            let f = Failure::new(Code::OciNameNotCanonical, 0..input.len(), 0..input.len());
            return Err(f.into_error(input, |p| p));
        }
        Ok(r)
    }

    /// Upstream's `ParseDockerRef`: normalized, with `:latest` added when
    /// there is neither tag nor digest, and the tag dropped when there is a
    /// digest.
    pub fn parse_docker(input: &str) -> Result<Reference, Error> {
        let r = Reference::parse_normalized(input)?;
        if r.digest.is_some() {
            if r.tag.is_some() {
                return Ok(Reference::assemble(r.domain(), r.path(), None, r.digest()));
            }
            return Ok(r);
        }
        Ok(r.tag_name_only())
    }

    /// Upstream's `ParseAnyReference`: a bare 64-hex image id or a digest
    /// gives a reference with only a digest; anything else is
    /// [`Reference::parse_normalized`].
    pub fn parse_any(input: &str) -> Result<Reference, Error> {
        if grammar::identifier(input) {
            let mut text = String::with_capacity(7 + input.len());
            text.push_str("sha256:");
            text.push_str(input);
            let n = text.len();
            return Ok(Reference { text, domain_end: 0, path: (0, 0), tag: None, digest: Some((0, n)) });
        }
        if is_valid_digest(input) {
            return Ok(Reference {
                text: input.to_string(),
                domain_end: 0,
                path: (0, 0),
                tag: None,
                digest: Some((0, input.len())),
            });
        }
        Reference::parse_normalized(input)
    }

    /// Upstream's `WithName`: a name (no tag, no digest), not normalized.
    pub fn with_name(name: &str) -> Result<Reference, Error> {
        if let Some(e) = userinfo_error(name) {
            return Err(e);
        }
        let s = name.as_bytes();
        let failure = match grammar::name(s) {
            Ok((domain_end, end)) if end == s.len() => {
                let path_start = if domain_end == 0 { 0 } else { domain_end + 1 };
                if end - path_start > grammar::NAME_TOTAL_LENGTH_MAX {
                    Failure::new(Code::OciNameTooLong, path_start..end, path_start..end)
                } else {
                    let parts =
                        grammar::Parts { domain: 0..domain_end, path: path_start..end, tag: None, digest: None };
                    return Ok(Reference::from_parts(name.to_string(), parts));
                }
            }
            // Upstream answers ErrReferenceInvalidFormat for every other
            // failure, the empty name included; keep our finer codes but
            // only those of that class.
            _ if name.is_empty() => Failure::new(Code::OciEmpty, 0..0, 0..0),
            _ => match parse_parts(name) {
                Err(f) if f.code.distribution_class() == Some("ErrReferenceInvalidFormat") => f,
                Err(f) if f.code == Code::OciUppercase => {
                    Failure::new(Code::OciPathInvalidCharacter, f.span, f.context)
                }
                Ok(p) => {
                    // Parsed as a reference, so it has a tag or digest.
                    let at = p.path.end;
                    Failure::new(Code::OciInvalidCharacter, at..at + 1, 0..s.len())
                }
                Err(f) => Failure::new(Code::OciInvalidCharacter, f.span.clone(), f.span),
            },
        };
        Err(failure.into_error(name, |p| p))
    }

    /// Upstream's `WithTag`: this name with `tag` (a digest is kept).
    pub fn with_tag(&self, tag: &str) -> Result<Reference, Error> {
        if !grammar::anchored_tag(tag) || self.path().is_empty() {
            let f = Failure::new(Code::OciTagInvalid, 0..tag.len(), 0..tag.len());
            return Err(f.into_error(tag, |p| p));
        }
        Ok(Reference::assemble(self.domain(), self.path(), Some(tag), self.digest()))
    }

    /// Upstream's `WithDigest`: this name with `digest` (a tag is kept). Like
    /// upstream, only the digest grammar is checked here.
    pub fn with_digest(&self, digest: &str) -> Result<Reference, Error> {
        if !grammar::anchored_digest(digest) || self.path().is_empty() {
            let f = Failure::new(Code::OciDigestFormat, 0..digest.len(), 0..digest.len());
            return Err(f.into_error(digest, |p| p));
        }
        Ok(Reference::assemble(self.domain(), self.path(), self.tag(), Some(digest)))
    }

    /// Upstream's `TrimNamed`: the name alone.
    pub fn trim_named(&self) -> Reference {
        Reference::assemble(self.domain(), self.path(), None, None)
    }

    /// Upstream's `TagNameOnly`: adds `:latest` when there is neither tag nor
    /// digest.
    pub fn tag_name_only(self) -> Reference {
        if self.tag.is_none() && self.digest.is_none() && !self.path().is_empty() {
            return Reference::assemble(self.domain(), self.path(), Some("latest"), None);
        }
        self
    }

    /// The registry host (and port) as parsed; `""` when there is none.
    pub fn domain(&self) -> &str {
        &self.text[..self.domain_end]
    }
    /// The repository path after the domain.
    pub fn path(&self) -> &str {
        &self.text[self.path.0..self.path.1]
    }
    /// Upstream's `Name()`: domain and path.
    pub fn name(&self) -> &str {
        &self.text[..self.path.1]
    }
    pub fn tag(&self) -> Option<&str> {
        self.tag.map(|(s, e)| &self.text[s..e])
    }
    pub fn digest(&self) -> Option<&str> {
        self.digest.map(|(s, e)| &self.text[s..e])
    }
    /// Whether this reference has a name (only [`Reference::parse_any`] of
    /// an image id or digest gives one without).
    pub fn is_named(&self) -> bool {
        self.path.1 > self.path.0
    }
    /// Upstream's `String()`, taking the stored text without copying.
    pub fn into_string(self) -> String {
        self.text
    }
    /// Upstream's `String()` as a borrowed string.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The familiar domain and path: Docker Hub's domain dropped, and its
    /// `library/` prefix too when nothing else is nested.
    fn familiar_parts(&self) -> (&str, &str) {
        let (domain, path) = (self.domain(), self.path());
        if domain != DEFAULT_DOMAIN {
            return (domain, path);
        }
        match path.strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(rest) if !rest.contains('/') => ("", rest),
            _ => ("", path),
        }
    }

    /// Where upstream's `FamiliarString` starts in a canonical `text` with
    /// these parts: it is always a suffix (the same rule as
    /// [`Reference::familiar`], on borrowed text).
    pub(crate) fn familiar_start(text: &str, parts: &grammar::Parts) -> usize {
        if text[..parts.domain.end] != *DEFAULT_DOMAIN {
            return 0;
        }
        match text[parts.path.clone()].strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(rest) if !rest.contains('/') => parts.path.start + OFFICIAL_REPO_PREFIX.len(),
            _ => parts.path.start,
        }
    }

    /// Upstream's `FamiliarName`: `docker.io/library/nginx` → `nginx`.
    pub fn familiar_name(&self) -> String {
        let mut out = String::new();
        self.push_familiar_name(&mut out, 0);
        out
    }

    fn push_familiar_name(&self, out: &mut String, extra: usize) {
        let (domain, path) = self.familiar_parts();
        out.reserve(domain.len() + 1 + path.len() + extra);
        if !domain.is_empty() {
            out.push_str(domain);
            out.push('/');
        }
        out.push_str(path);
    }

    /// Upstream's `FamiliarString`: the familiar name with tag and digest.
    pub fn familiar(&self) -> String {
        if !self.is_named() {
            return self.text.clone();
        }
        let rest = &self.text[self.path.1..];
        let mut out = String::new();
        self.push_familiar_name(&mut out, rest.len());
        out.push_str(rest);
        out
    }

    /// Upstream's `FamiliarMatch`: whether `pattern` (Go `path.Match`
    /// syntax) matches the familiar string, or the familiar name. The error
    /// is `syntax error in pattern` (Go's `path.ErrBadPattern`).
    pub fn familiar_match(&self, pattern: &str) -> Result<bool, PatternError> {
        let matched = pattern::path_match(pattern, &self.familiar())?;
        if !matched && self.is_named() {
            return Ok(pattern::path_match(pattern, &self.familiar_name()).unwrap_or(false));
        }
        Ok(matched)
    }

    /// Upstream's rank for [`sort`]: more information first.
    fn rank(&self) -> u8 {
        match (self.is_named(), self.tag.is_some(), self.digest.is_some()) {
            (true, true, true) => 1,
            (true, true, false) => 2,
            (true, false, true) => 3,
            (true, false, false) => 4,
            (false, _, _) => 5,
        }
    }
}

pub use pattern::PatternError;

/// Upstream's `Sort`: references parsed with [`Reference::parse_any`] and
/// written in canonical form, those with more information first (name, tag
/// and digest; name and tag; name and digest; name; digest), ties in string
/// order; the strings that do not parse come last, sorted.
pub fn sort<S: AsRef<str>>(references: &[S]) -> Vec<String> {
    let mut parsed = Vec::new();
    let mut bad = Vec::new();
    for r in references {
        match Reference::parse_any(r.as_ref()) {
            Ok(p) => parsed.push(p),
            Err(_) => bad.push(r.as_ref().to_string()),
        }
    }
    parsed.sort_by(|a, b| a.rank().cmp(&b.rank()).then_with(|| a.text.cmp(&b.text)));
    bad.sort();
    parsed.into_iter().map(|p| p.text).chain(bad).collect()
}

/// [`split_docker_domain`] in one pass for input without uppercase or
/// non-ASCII characters (`None` otherwise, then the general version runs).
fn split_lowercase_ascii(input: &str) -> Option<(&str, usize, bool)> {
    let b = input.as_bytes();
    // A fold without early exit, so the compiler vectorizes it.
    let odd = b.iter().fold(0u8, |acc, &c| acc | u8::from(c.wrapping_sub(b'A') < 26) | (c & 0x80));
    if odd != 0 {
        return None;
    }
    let slash = b.iter().position(|&c| c == b'/');
    let host_like = slash.is_some_and(|i| b[..i].iter().any(|&c| c == b'.' || c == b':'));
    let second_slash = slash.is_some_and(|i| b[i + 1..].contains(&b'/'));
    let Some(slash) = slash else {
        return Some((DEFAULT_DOMAIN, 0, true));
    };
    let first = &input[..slash];
    Some(if first == LOCALHOST || (host_like && first != LEGACY_DEFAULT_DOMAIN) {
        // "docker.io/nginx" is still Docker Hub: official image.
        (first, slash + 1, first == DEFAULT_DOMAIN && !second_slash)
    } else if first == LEGACY_DEFAULT_DOMAIN {
        (DEFAULT_DOMAIN, slash + 1, !second_slash)
    } else {
        // Docker Hub with the whole input as the remainder, which has a `/`.
        (DEFAULT_DOMAIN, 0, false)
    })
}

/// Upstream's `splitDockerDomain`: the domain (Docker Hub's canonical one
/// when the first part is not a host), where the remainder starts in
/// `input`, and whether `library/` goes before it.
fn split_docker_domain(input: &str) -> (&str, usize, bool) {
    let b = input.as_bytes();
    let Some(slash) = b.iter().position(|&c| c == b'/') else {
        // A single element ("nginx", "nginx:1.25") is always an official
        // image, even "localhost" or "example.com".
        return (DEFAULT_DOMAIN, 0, true);
    };
    let first = &input[..slash];
    let (domain, start) = if first == LOCALHOST {
        (first, slash + 1)
    } else if first == LEGACY_DEFAULT_DOMAIN {
        (DEFAULT_DOMAIN, slash + 1)
    } else if b[..slash].iter().any(|&c| c == b'.' || c == b':') || first_uppercase(first).is_some() {
        (first, slash + 1)
    } else {
        (DEFAULT_DOMAIN, 0)
    };
    let library = domain == DEFAULT_DOMAIN && !b[start..].contains(&b'/');
    (domain, start, library)
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `str::parse` is upstream's `Parse` (as `Field.UnmarshalText` is).
impl std::str::FromStr for Reference {
    type Err = Error;
    fn from_str(s: &str) -> Result<Reference, Error> {
        Reference::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_pass_split_agrees_with_upstreams_split() {
        let parts = ["", "a", "docker.io", "index.docker.io", "localhost", "x.y", "h:5000", "library", "/", ":", "."];
        for a in parts {
            for b in parts {
                for c in parts {
                    let input = format!("{a}/{b}{c}");
                    for input in [input.as_str(), a, &format!("{a}{b}/{c}/x")] {
                        if let Some(fast) = split_lowercase_ascii(input) {
                            assert_eq!(fast, split_docker_domain(input), "{input:?}");
                        }
                    }
                }
            }
        }
        assert_eq!(split_lowercase_ascii("Foo/bar"), None);
    }
}
