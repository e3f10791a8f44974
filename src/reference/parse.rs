//! Upstream's `Parse` on a text: the error class exactly as
//! distribution/reference decides it, with a finer code saying where the
//! grammar stopped, and go-digest's checks of the digest.

use std::borrow::Cow;
use std::ops::Range;

use super::error::{Error, Failure};
use super::grammar;
use super::login_url::userinfo;
use crate::diagnostics::Code;

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
pub(super) fn validate_matched_digest(text: &str, start: usize) -> Result<(), Failure> {
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
pub(super) fn is_valid_digest(s: &str) -> bool {
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
    // Go's Unicode 15.0 table, not `char::to_lowercase` (newer Unicode).
    crate::lowercase::changes(c)
}

/// Go's `strings.ToLower`, as far as the grammar can tell: ASCII letters,
/// and the only two non-ASCII characters whose lowercase is ASCII (KELVIN
/// SIGN → `k`, LATIN CAPITAL LETTER I WITH DOT ABOVE → `i` under Go's simple
/// case mapping). Every other character stays non-ASCII either way, so
/// leaving it alone cannot change whether the grammar matches.
pub(super) fn go_lower(s: &str) -> Cow<'_, str> {
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
pub(super) fn component_around(s: &[u8], path_start: usize, at: usize) -> Range<usize> {
    let at = at.min(s.len());
    let start = s[path_start..at].iter().rposition(|&b| b == b'/').map_or(path_start, |i| path_start + i + 1);
    let end = s[at..].iter().position(|&b| matches!(b, b'/' | b':' | b'@')).map_or(s.len(), |i| at + i);
    start..end
}

/// The range of the whole path (repository) that starts at `path_start`:
/// up to the first `:` or `@` after it.
pub(super) fn path_around(s: &[u8], path_start: usize) -> Range<usize> {
    let end = s[path_start..].iter().position(|&b| b == b':' || b == b'@').map_or(s.len(), |i| path_start + i);
    path_start..end
}

/// The character starting at `at` as a range (one byte past the end when at
/// the end).
pub(super) fn char_at(s: &str, at: usize) -> Range<usize> {
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
pub(super) fn uppercase_failure(text: &str, lower: &str, parts: &grammar::Parts) -> Failure {
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
pub(super) fn stuck_failure(text: &str, stuck: grammar::Stuck) -> Failure {
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
pub(super) fn userinfo_error(input: &str) -> Option<Error> {
    let ui = userinfo(input)?;
    Some(Failure::new(Code::OciUserinfoNotAllowed, ui.clone(), ui).into_error(input, |p| p))
}
