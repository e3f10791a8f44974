//! The reference grammar of distribution/reference (commit 0965666a),
//! written once here and mirrored function by function below.
//!
//! ```text
//! reference        := name [ ":" tag ] [ "@" digest ]
//! name             := [ domain-and-port "/" ] path
//! domain-and-port  := host [ ":" port ]
//! host             := domain-name | "[" ipv6-chars "]"
//! domain-name      := domain-component ( "." domain-component )*
//! domain-component := /[a-zA-Z0-9]/ | /[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
//! ipv6-chars       := /[a-fA-F0-9:]+/
//! port             := /[0-9]+/
//! path             := path-component ( "/" path-component )*
//! path-component   := alpha-numeric ( separator alpha-numeric )*
//! alpha-numeric    := /[a-z0-9]+/
//! separator        := /[_.]|__|[-]+/
//! tag              := /[\w][\w.-]{0,127}/            (\w is [A-Za-z0-9_])
//! digest           := algorithm ":" encoded
//! algorithm        := algorithm-component ( /[-_+.]/ algorithm-component )*
//! algorithm-component := /[A-Za-z][A-Za-z0-9]*/
//! encoded          := /[0-9a-fA-F]{32,}/
//! identifier       := /[a-f0-9]{64}/
//! ```
//!
//! The regular expressions upstream are anchored at both ends, so a match is
//! a whole-input match. The grammar is unambiguous once one observes that a
//! domain can never contain `/`: the optional `domain-and-port "/"` prefix is
//! taken exactly when the text before the first `/` is a `domain-and-port`
//! (the regexp's greedy `?` prefers it), and what follows that `/` is read the
//! same way with or without the prefix (a path component is followed by `/`
//! in both readings). Every function below therefore scans forward once,
//! never backtracks, and runs in time linear in its input.
//!
//! The functions work on bytes: every byte the grammar accepts is ASCII, so a
//! position where a function stops is always a character boundary of the
//! input `&str` (a non-ASCII character stops the scan at its first byte).

use std::ops::Range;

/// Upstream's `NameTotalLengthMax`: the limit on the path (not the domain).
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// The longest tag: one leading word character and up to 127 more.
pub const TAG_MAX: usize = 128;

use super::bytes::{is, ALNUM, HEX, LABEL, LOWER_ALNUM, LOWER_HEX, TAG, WORD};

#[inline]
fn is_lower_alnum(b: u8) -> bool {
    is(b, LOWER_ALNUM)
}

#[inline]
fn is_word(b: u8) -> bool {
    is(b, WORD)
}

/// Whether every byte of `s` is a lowercase hex digit (`[0-9a-f]`).
#[inline]
pub(crate) fn all_lower_hex(s: &[u8]) -> bool {
    s.iter().all(|&b| is(b, LOWER_HEX))
}

/// `alpha-numeric := /[a-z0-9]+/`: the end of the run starting at `i`
/// (`i` itself when there is none).
#[inline]
fn alpha_numeric(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_lower_alnum(s[i]) {
        i += 1;
    }
    i
}

/// `separator := /[_.]|__|[-]+/`, only when an `alpha-numeric` follows it
/// (a separator never ends a component): the end of the separator.
#[inline]
fn separator(s: &[u8], i: usize) -> Option<usize> {
    let end = match s.get(i)? {
        b'.' => i + 1,
        b'_' if s.get(i + 1) == Some(&b'_') => i + 2,
        b'_' => i + 1,
        b'-' => {
            let mut j = i;
            while s.get(j) == Some(&b'-') {
                j += 1;
            }
            j
        }
        _ => return None,
    };
    match s.get(end) {
        Some(&b) if is_lower_alnum(b) => Some(end),
        _ => None,
    }
}

/// `path-component := alpha-numeric ( separator alpha-numeric )*` starting at
/// `i`: its end, or `None` when no component starts there.
pub(crate) fn path_component(s: &[u8], i: usize) -> Option<usize> {
    let mut end = alpha_numeric(s, i);
    if end == i {
        return None;
    }
    while let Some(sep_end) = separator(s, end) {
        end = alpha_numeric(s, sep_end);
    }
    Some(end)
}

/// `path := path-component ( "/" path-component )*` starting at `i`: its end
/// (the longest path), or `Err(position)` where a component was required.
pub(crate) fn path(s: &[u8], i: usize) -> Result<usize, usize> {
    let mut end = path_component(s, i).ok_or(i)?;
    while s.get(end) == Some(&b'/') {
        end = path_component(s, end + 1).ok_or(end + 1)?;
    }
    Ok(end)
}

/// `domain-component`: the end of the component starting at `i`, or `None`.
fn domain_component(s: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j < s.len() && is(s[j], LABEL) {
        j += 1;
    }
    // Must begin and end with a letter or digit: trailing dashes are not part
    // of the component (and then whatever follows makes the domain fail).
    if j == i || s[i] == b'-' {
        return None;
    }
    while s[j - 1] == b'-' {
        j -= 1;
    }
    Some(j)
}

/// `host := domain-name | "[" ipv6-chars "]"` starting at `i`: its end.
fn host(s: &[u8], i: usize) -> Option<usize> {
    if s.get(i) == Some(&b'[') {
        let mut j = i + 1;
        while j < s.len() && (s[j].is_ascii_hexdigit() || s[j] == b':') {
            j += 1;
        }
        return (j > i + 1 && s.get(j) == Some(&b']')).then_some(j + 1);
    }
    let mut end = domain_component(s, i)?;
    while s.get(end) == Some(&b'.') {
        end = domain_component(s, end + 1)?;
    }
    Some(end)
}

/// `domain-and-port := host [ ":" port ]`, anchored: the whole of `s` must
/// match (upstream's `anchoredDomainAndPort`, used on the text before the
/// first `/`).
pub fn domain_and_port(s: &str) -> bool {
    domain_and_port_bytes(s.as_bytes())
}

fn domain_and_port_bytes(s: &[u8]) -> bool {
    let Some(end) = host(s, 0) else { return false };
    match s.get(end) {
        None => true,
        Some(b':') => s.len() > end + 1 && s[end + 1..].iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// `name := [ domain-and-port "/" ] path` starting at 0: the domain's end
/// (0 when there is none: the path starts at 0) and the path's end, or
/// `Err(position)` where the path broke.
pub(crate) fn name(s: &[u8]) -> Result<(usize, usize), usize> {
    // The text before the first `/` is a domain exactly when it matches
    // `domain-and-port` (see the module docs for why this is the regexp's
    // choice). A domain cannot contain `/`, `@` or whitespace, so scanning to
    // the first `/` is enough.
    if let Some(slash) = s.iter().position(|&b| b == b'/') {
        if domain_and_port_bytes(&s[..slash]) {
            let end = path(s, slash + 1)?;
            return Ok((slash, end));
        }
    }
    Ok((0, path(s, 0)?))
}

/// Upstream's `anchoredNameRegexp`: the whole of `s` is a name. Returns the
/// domain (`""` when absent) and the path, as the regexp's two groups.
pub fn anchored_name(s: &str) -> Option<(&str, &str)> {
    let (domain_end, end) = name(s.as_bytes()).ok()?;
    if end != s.len() {
        return None;
    }
    let path_start = if domain_end == 0 { 0 } else { domain_end + 1 };
    Some((&s[..domain_end], &s[path_start..]))
}

/// `tag := /[\w][\w.-]{0,127}/` starting at `i`: the end of the run of tag
/// characters (the caller checks the length and what follows).
pub(crate) fn tag_run(s: &[u8], i: usize) -> usize {
    let mut j = i;
    if j < s.len() && is_word(s[j]) {
        j += 1;
        while j < s.len() && is(s[j], TAG) {
            j += 1;
        }
    }
    j
}

/// Upstream's `anchoredTagRegexp`: the whole of `s` is a tag.
pub fn anchored_tag(s: &str) -> bool {
    !s.is_empty() && s.len() <= TAG_MAX && tag_run(s.as_bytes(), 0) == s.len()
}

/// `algorithm` starting at `i`: its end, or `None`.
pub(crate) fn algorithm(s: &[u8], i: usize) -> Option<usize> {
    let component = |j: usize| -> Option<usize> {
        if !s.get(j)?.is_ascii_alphabetic() {
            return None;
        }
        let mut k = j + 1;
        while k < s.len() && is(s[k], ALNUM) {
            k += 1;
        }
        Some(k)
    };
    let mut end = component(i)?;
    while let Some(b'-' | b'_' | b'+' | b'.') = s.get(end) {
        end = component(end + 1)?;
    }
    Some(end)
}

/// `digest := algorithm ":" encoded` spanning `s[i..]` to its end: `Ok` when
/// it matches, else `Err(position)` of the first byte that breaks it.
pub(crate) fn digest(s: &[u8], i: usize) -> Result<(), usize> {
    let alg_end = algorithm(s, i).ok_or(i)?;
    if s.get(alg_end) != Some(&b':') {
        return Err(alg_end);
    }
    let hex = alg_end + 1;
    let mut j = hex;
    while j < s.len() && is(s[j], HEX) {
        j += 1;
    }
    if j < s.len() {
        Err(j)
    } else if j - hex < 32 {
        Err(s.len())
    } else {
        Ok(())
    }
}

/// Upstream's `anchoredDigestRegexp` (what `WithDigest` checks).
pub fn anchored_digest(s: &str) -> bool {
    digest(s.as_bytes(), 0).is_ok()
}

/// Upstream's `anchoredIdentifierRegexp`: 64 lowercase hex digits.
pub fn identifier(s: &str) -> bool {
    s.len() == 64 && all_lower_hex(s.as_bytes())
}

/// The byte ranges of a whole-input `reference` match. `domain` is empty
/// (`0..0`) when absent; the name is `0..path.end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    pub domain: Range<usize>,
    pub path: Range<usize>,
    pub tag: Option<Range<usize>>,
    pub digest: Option<Range<usize>>,
}

/// Where and in which part the grammar stopped matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stuck {
    /// In the name (domain or path) at this byte.
    Name(usize),
    /// In the tag that starts at `start` (after the `:`), at byte `at`.
    Tag { start: usize, at: usize },
    /// In the digest that starts at `start` (after the `@`), at byte `at`.
    Digest { start: usize, at: usize },
    /// The name is complete but this byte cannot follow it.
    Trailing(usize),
}

/// `reference := name [ ":" tag ] [ "@" digest ]`, anchored.
pub(crate) fn reference_parts(s: &[u8]) -> Result<Parts, Stuck> {
    let (domain_end, path_end) = name(s).map_err(Stuck::Name)?;
    let path_start = if domain_end == 0 { 0 } else { domain_end + 1 };
    let mut i = path_end;
    let mut tag = None;
    if s.get(i) == Some(&b':') {
        let start = i + 1;
        let end = tag_run(s, start);
        if end == start {
            return Err(Stuck::Tag { start, at: start });
        }
        if end - start > TAG_MAX {
            return Err(Stuck::Tag { start, at: start + TAG_MAX });
        }
        tag = Some(start..end);
        i = end;
    }
    let mut dig = None;
    if s.get(i) == Some(&b'@') {
        let start = i + 1;
        digest(s, start).map_err(|at| Stuck::Digest { start, at })?;
        dig = Some(start..s.len());
        i = s.len();
    }
    if i != s.len() {
        return Err(if tag.is_some() { Stuck::Tag { start: path_end + 1, at: i } } else { Stuck::Trailing(i) });
    }
    Ok(Parts { domain: 0..domain_end, path: path_start..path_end, tag, digest: dig })
}

/// Upstream's `ReferenceRegexp`, anchored: the ranges of its groups.
pub fn reference(s: &str) -> Option<Parts> {
    reference_parts(s.as_bytes()).ok()
}

/// The three groups of upstream's `ReferenceRegexp` as text: name, tag,
/// digest (`""` when absent), as `FindStringSubmatch` returns them.
pub fn reference_groups(s: &str) -> Option<[&str; 3]> {
    let p = reference(s)?;
    let text = |r: Option<Range<usize>>| r.map_or("", |r| &s[r]);
    Some([&s[..p.path.end], text(p.tag), text(p.digest)])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn separators() {
        assert_eq!(path_component(b"a__b", 0), Some(4));
        assert_eq!(path_component(b"a___b", 0), Some(1));
        assert_eq!(path_component(b"a---b", 0), Some(5));
        assert_eq!(path_component(b"a._b", 0), Some(1));
        assert_eq!(path_component(b"-a", 0), None);
    }

    #[test]
    fn domains() {
        assert!(domain_and_port("a-b.com:80"));
        assert!(!domain_and_port("a-.com"));
        assert!(!domain_and_port("a.com:"));
        assert!(!domain_and_port("[]:80"));
        assert!(domain_and_port("[::1]:80"));
        assert!(!domain_and_port(""));
    }

    #[test]
    fn long_repetitive_inputs_are_linear() {
        // Quadratic behaviour would take minutes on these; linear takes ms.
        let mut s = "a".repeat(200_000);
        s.push('!');
        assert!(reference(&s).is_none());
        assert!(reference(&"a:".repeat(100_000)).is_none());
        assert!(reference(&"abcdefghijkl:.".repeat(20_000)).is_none());
        assert!(reference(&"a/".repeat(100_000)).is_none());
        assert!(reference(&"a-".repeat(100_000)).is_none());
        assert!(reference(&"a.".repeat(100_000)).is_none());
    }
}
