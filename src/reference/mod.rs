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

pub mod code_engine;
pub mod grammar;
pub mod oci;
pub(crate) mod pattern;

use crate::diagnostics::{Code, Component, Span};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// Docker Hub's canonical domain, and the names that normalize to it.
const DEFAULT_DOMAIN: &str = crate::registry::DOCKER_HUB_HOST;
const LEGACY_DEFAULT_DOMAIN: &str = crate::registry::DOCKER_HUB_INDEX_HOST;
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

/// Why a reference did not parse: the first error, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: Code,
    component: Component,
    span: Span,
    message: String,
    /// Upstream's message when it embeds the input (`fmt.Errorf` errors of
    /// `ParseNormalizedNamed`); otherwise it follows from the class.
    upstream: Option<String>,
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
fn clamp(input: &str, r: Range<usize>) -> Range<usize> {
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

/// What both profiles say about a login URL's credentials. It quotes nothing
/// of the input: the text before the `@` is a password or a token.
pub(crate) const USERINFO_MESSAGE: &str =
    "remove the user name and password before \"@\": an image reference carries no credentials";

/// The fix's label for [`USERINFO_MESSAGE`]; the replacement is the input
/// without the credentials.
pub(crate) const USERINFO_FIX_LABEL: &str = "remove the credentials";

/// The credentials of a login URL pasted as an image
/// (`https://iamapikey:KEY@us.icr.io/ns/app`): the byte range of the
/// userinfo and its `@`, when there is one.
///
/// Read after surrounding whitespace and any URL scheme (`https://`,
/// `docker://`, in any case): an `@` in the text before the first `/` is userinfo when a scheme
/// was given or a `/` follows it. A digest never contains `/`, so
/// `app@sha256:…` and `app:v1@sha` (typing a digest) are not userinfo. Without
/// scheme and `/`, `user:pass@host` reads exactly like `repo:tag@digest`, so
/// it is left to the other rules.
///
/// The userinfo ends at the last `@` before the `/` (as Go's `url.Parse`
/// reads an authority): a password with a raw `@` in it (`user:p@ss@host`)
/// is then covered whole.
pub(crate) fn userinfo(input: &str) -> Option<Range<usize>> {
    // Every parse and validation asks, and nearly every input settles it
    // at its first "@" or "/": no "@", or a "/" first that is not a
    // scheme's "://", means no credentials.
    let b = input.as_bytes();
    match b.iter().position(|&c| c == b'@' || c == b'/') {
        None => return None,
        Some(i) if b[i] == b'/' && !(i > 0 && b[i - 1] == b':' && b.get(i + 1) == Some(&b'/')) => return None,
        Some(_) => {}
    }
    let start = input.len() - input.trim_start().len();
    let end = input.trim_end().len().max(start);
    let b = &input.as_bytes()[start..end];
    // A scheme pasted twice is read through as well: its credentials are as
    // secret as any.
    let mut scheme = 0;
    while let Some(n) = url_scheme_len(&b[scheme..]) {
        scheme += n;
    }
    let rest = &b[scheme..];
    let slash = rest.iter().position(|&c| c == b'/');
    let at = rest[..slash.unwrap_or(rest.len())].iter().rposition(|&c| c == b'@')?;
    (scheme > 0 || slash.is_some()).then(|| start + scheme..start + scheme + at + 1)
}

/// The length of a URL scheme and its `://` at the start of `b` (RFC 3986:
/// a letter, then letters, digits, `+`, `.` or `-`). No image reference
/// contains `://`, so any scheme marks a pasted URL.
pub(crate) fn url_scheme_len(b: &[u8]) -> Option<usize> {
    let name = b.iter().take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')).count();
    (name > 0 && b[0].is_ascii_alphabetic() && b[name..].starts_with(b"://")).then_some(name + 3)
}

/// The input without its userinfo (the fix for [`USERINFO_MESSAGE`]).
pub(crate) fn without_userinfo(input: &str, userinfo: Range<usize>) -> String {
    let mut s = String::with_capacity(input.len() - userinfo.len());
    s.push_str(&input[..userinfo.start]);
    s.push_str(&input[userinfo.end..]);
    s
}

/// The most characters of input a message quotes.
const QUOTE_MAX: usize = 200;

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

/// The hex length of a registered digest algorithm (go-digest with sha256,
/// sha384 and sha512 registered, as docker and containerd do).
pub(crate) fn digest_hex_len(algorithm: &str) -> Option<usize> {
    match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    }
}

/// go-digest's `Digest.Validate` for text that already matched the
/// reference grammar's digest (so it has a `:` and hex after it). `start` is
/// the digest's offset in the parsed text, for the spans.
fn validate_matched_digest(text: &str, start: usize) -> Result<(), Failure> {
    let d = &text[start..];
    let colon = d.find(':').unwrap_or(d.len());
    let (alg, hex) = (&d[..colon], &d[(colon + 1).min(d.len())..]);
    let whole = start..text.len();
    let Some(len) = digest_hex_len(alg) else {
        // go-digest: an unknown algorithm is "unsupported" only when the
        // digest also matches its own (lowercase) digest grammar.
        let code = if alg.bytes().any(|b| b.is_ascii_uppercase()) {
            Code::OciDigestEncoding
        } else {
            Code::OciDigestUnsupported
        };
        let span = if code == Code::OciDigestUnsupported { start..start + colon } else { whole.clone() };
        return Err(Failure::new(code, span, whole));
    };
    let hex_start = start + colon + 1;
    if hex.len() != len {
        return Err(Failure::new(Code::OciDigestLength, hex_start..text.len(), whole));
    }
    if grammar::all_lower_hex(hex.as_bytes()) {
        return Ok(());
    }
    if let Some(i) = hex.bytes().position(|b| !(b.is_ascii_digit() || (b'a'..=b'f').contains(&b))) {
        return Err(Failure::new(Code::OciDigestEncoding, hex_start + i..hex_start + i + 1, whole));
    }
    Ok(())
}

/// go-digest's `digest.Parse` on arbitrary text (what `ParseAnyReference`
/// tries before reading a name): a registered algorithm and its hex.
fn is_valid_digest(s: &str) -> bool {
    match s.split_once(':') {
        Some((alg, hex)) => {
            digest_hex_len(alg).is_some_and(|n| hex.len() == n && grammar::all_lower_hex(hex.as_bytes()))
        }
        None => false,
    }
}

/// The first character of `s` that Go's `strings.ToLower` changes, with its
/// offset; ASCII is checked bytewise first since nearly every input is ASCII.
pub(crate) fn first_uppercase(s: &str) -> Option<(usize, char)> {
    let start = s.bytes().position(|b| b.is_ascii_uppercase() || !b.is_ascii())?;
    s[start..].char_indices().map(|(i, c)| (start + i, c)).find(|&(_, c)| changes_under_lowercase(c))
}

/// Whether Go's `strings.ToLower` changes this character.
#[inline]
pub(crate) fn changes_under_lowercase(c: char) -> bool {
    // A table of runs rather than `char::to_lowercase` (WebAssembly size).
    crate::lowercase::changes(c)
}

/// Go's `strings.ToLower`, as far as the grammar can tell: ASCII letters,
/// and the only two non-ASCII characters whose lowercase is ASCII (KELVIN
/// SIGN → `k`, LATIN CAPITAL LETTER I WITH DOT ABOVE → `i` under Go's simple
/// case mapping). Every other character stays non-ASCII either way, so
/// leaving it alone cannot change whether the grammar matches.
fn go_lower(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| b.is_ascii_uppercase()) && s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{212A}' => 'k',
                '\u{0130}' => 'i',
                c => c.to_ascii_lowercase(),
            })
            .collect(),
    )
}

/// The range of the path component around byte `at` of `s[path_start..]`.
fn component_around(s: &[u8], path_start: usize, at: usize) -> Range<usize> {
    let at = at.min(s.len());
    let start = s[path_start..at].iter().rposition(|&b| b == b'/').map_or(path_start, |i| path_start + i + 1);
    let end = s[at..].iter().position(|&b| matches!(b, b'/' | b':' | b'@')).map_or(s.len(), |i| at + i);
    start..end
}

/// The range of the whole path (repository) that starts at `path_start`:
/// up to the first `:` or `@` after it.
fn path_around(s: &[u8], path_start: usize) -> Range<usize> {
    let end = s[path_start..].iter().position(|&b| b == b':' || b == b'@').map_or(s.len(), |i| path_start + i);
    path_start..end
}

/// The character starting at `at` as a range (one byte past the end when at
/// the end).
fn char_at(s: &str, at: usize) -> Range<usize> {
    match s.get(at..).and_then(|r| r.chars().next()) {
        Some(c) => at..at + c.len_utf8(),
        None => s.len()..s.len(),
    }
}

/// Upstream's `Parse`, on `text`, returning the parts or the failure (with
/// ranges in `text`). The error class follows upstream exactly: empty →
/// `ErrNameEmpty`; a grammar failure that lowercasing would cure →
/// `ErrNameContainsUppercase`; any other grammar failure →
/// `ErrReferenceInvalidFormat` (with a finer code saying where); then the
/// path length, then the digest.
pub(crate) fn parse_parts(text: &str) -> Result<grammar::Parts, Failure> {
    let s = text.as_bytes();
    match grammar::reference_parts(s) {
        Ok(parts) => {
            if parts.path.len() > grammar::NAME_TOTAL_LENGTH_MAX {
                return Err(Failure::new(Code::OciNameTooLong, parts.path.clone(), parts.path));
            }
            if let Some(d) = &parts.digest {
                validate_matched_digest(text, d.start)?;
            }
            Ok(parts)
        }
        Err(_) if text.is_empty() => Err(Failure::new(Code::OciNameEmpty, 0..0, 0..0)),
        Err(stuck) => {
            let lower = go_lower(text);
            if let Cow::Owned(lower) = &lower {
                if let Ok(parts) = grammar::reference_parts(lower.as_bytes()) {
                    return Err(uppercase_failure(text, lower, &parts));
                }
            }
            Err(stuck_failure(text, stuck))
        }
    }
}

/// `ErrNameContainsUppercase`: point at the first character of the path that
/// lowercasing changes.
fn uppercase_failure(text: &str, lower: &str, parts: &grammar::Parts) -> Failure {
    // Lowercasing keeps byte offsets unless one of the two multi-byte
    // characters was folded; then point at the first changed character.
    let path = if lower.len() == text.len() { parts.path.clone() } else { 0..text.len() };
    let at = text[path.clone()]
        .char_indices()
        .find(|&(_, c)| changes_under_lowercase(c))
        .map_or(path.start, |(i, _)| path.start + i);
    Failure::new(Code::OciUppercase, char_at(text, at), path_around(text.as_bytes(), path.start))
}

/// A finer `ErrReferenceInvalidFormat` code from where the grammar stopped.
fn stuck_failure(text: &str, stuck: grammar::Stuck) -> Failure {
    use grammar::Stuck;
    let s = text.as_bytes();
    // Where the path starts: after a leading domain, when the text before
    // the first `/` is one.
    let path_start = match s.iter().position(|&b| b == b'/') {
        Some(i) if grammar::domain_and_port(&text[..i]) => i + 1,
        _ => 0,
    };
    match stuck {
        Stuck::Name(at) | Stuck::Trailing(at) => {
            let context = path_around(s, path_start);
            let span = char_at(text, at);
            let code = match s.get(at) {
                None => Code::OciPathComponentEmpty,
                Some(b'/') => Code::OciPathComponentEmpty,
                Some(b'.' | b'_' | b'-') => {
                    // A separator that does not sit between two
                    // alphanumerics: at a component's edge or doubled.
                    let comp = component_around(s, path_start, at);
                    let at_edge = at == comp.start
                        || s.get(at + 1).map_or(true, |&b| matches!(b, b'/' | b':' | b'@'))
                        || s[at..comp.end].iter().take_while(|b| matches!(b, b'.' | b'_' | b'-')).count()
                            == comp.end - at;
                    if at_edge {
                        Code::OciPathBadStartOrEnd
                    } else {
                        let sep_end = at + s[at..].iter().take_while(|b| matches!(b, b'.' | b'_' | b'-')).count();
                        return Failure::new(Code::OciPathSeparator, at..sep_end, context);
                    }
                }
                Some(&b) if b.is_ascii_alphanumeric() => Code::OciPathInvalidCharacter,
                Some(&b) if b.is_ascii_graphic() => {
                    if path_start == 0 && (b == b':' || b == b'[' || b == b']') && s.contains(&b'/') {
                        // The first part looked like a registry but is not one.
                        let end = s.iter().position(|&b| b == b'/').unwrap_or(s.len());
                        return Failure::new(Code::OciRegistryInvalid, 0..end, 0..end);
                    }
                    Code::OciPathInvalidCharacter
                }
                Some(_) => Code::OciInvalidCharacter,
            };
            Failure::new(code, span, context)
        }
        Stuck::Tag { start, at } => {
            let end = s[start..].iter().position(|&b| b == b'@').map_or(s.len(), |i| start + i);
            let context = start..end;
            if at == start && at == end {
                Failure::new(Code::OciTagEmpty, start..start, context)
            } else if at == start && matches!(s[at], b'.' | b'-') {
                Failure::new(Code::OciTagBadStart, char_at(text, at), context)
            } else if at == start + grammar::TAG_MAX && grammar::tag_run(s, start) > at {
                Failure::new(Code::OciTagTooLong, at..grammar::tag_run(s, start), context)
            } else {
                Failure::new(Code::OciTagInvalidCharacter, char_at(text, at), context)
            }
        }
        Stuck::Digest { start, at } => Failure::new(Code::OciDigestInvalid, char_at(text, at), start..s.len()),
    }
}

/// Every parser's error for a login URL (see [`userinfo`]): the span of the
/// credentials and a message that quotes none of the input, so neither
/// `Display` nor `Debug` can show the password.
fn userinfo_error(input: &str) -> Option<Error> {
    let ui = userinfo(input)?;
    Some(Failure::new(Code::OciUserinfoNotAllowed, ui.clone(), ui).into_error(input, |p| p))
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
        let head_len = domain.len() + 1 + if library { OFFICIAL_REPO_PREFIX.len() } else { 0 };
        let mut text = String::with_capacity(head_len + remainder.len());
        text.push_str(domain);
        text.push('/');
        if library {
            text.push_str(OFFICIAL_REPO_PREFIX);
        }
        text.push_str(remainder);
        let mapping = Mapping { head: head_len, rest };
        match parse_parts(&text) {
            Ok(parts) => Ok(Reference::from_parts(text, parts)),
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
