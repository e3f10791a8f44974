//! The `oci` profile's validation (SPEC §1.4, §1.5).
//!
//! Validity is decided by one thing only: whether distribution/reference's
//! `ParseNormalizedNamed` ([`Reference::parse_normalized`]) accepts the
//! input, which is what docker and Kubernetes accept for a user-typed name.
//! When it does not, a second pass reads the input component by component
//! (SPEC §1.2) and reports every problem it finds, each with the component,
//! the offending characters and their span, so a form can show them all at
//! once. If that pass finds nothing the parser's own error is reported, so an
//! invalid input always carries at least one error.

use std::borrow::Cow;

use super::finish;
use crate::diagnostics::{
    Code, Collect, Component, Components, Diagnostic, Diagnostics, Fix, Lazy, Severity, Span, Validation,
};
use crate::reference::{changes_under_lowercase, first_uppercase, grammar, message, Error, Reference, StackText};
use crate::registry_data::is_docker_hub_image_host;
use std::ops::Range;

/// Validates `input` under the `oci` profile.
#[inline]
pub fn validate(input: &str) -> Validation<'_> {
    // The parser's own error (not the refined one: the pass below finds the
    // same diagnostics anyway) is only the fallback.
    let mut stack = StackText::new();
    match Reference::normalized_text(input, Some(&mut stack)) {
        Ok((text, parts)) => {
            // Nothing is allocated: the familiar form is a suffix of the
            // canonical text and, for every valid input, of the input too;
            // the canonical text is the input or pieces of it after Docker
            // Hub's head, joined when asked for.
            // A valid reference has no credentials; its components are read
            // off the parse.
            let components = text.typed_components(input, &parts);
            let canonical = text.as_str();
            let familiar = &canonical[Reference::familiar_start(canonical, &parts)..];
            let familiar = match input.strip_suffix(familiar) {
                Some(head) => Lazy::one(&input[head.len()..]),
                None => Lazy::Owned(familiar.to_string()),
            };
            finish(input, Diagnostics::new(), Some(text.lazy()), Some(familiar), components, |_| false)
        }
        Err(e) => {
            let split = Split::new(input);
            // A login URL's components are those of the text after its
            // credentials.
            let components = match super::userinfo(input) {
                Some(ui) => {
                    let rest = &input[ui.end..];
                    Split::new(rest).components(rest)
                }
                None => split.components(input),
            };
            let mut out = Findings { input, list: Diagnostics::new(), completable: Vec::new() };
            diagnose(input, &split, &mut out);
            if !out.list.iter().any(|d| d.severity == Severity::Error) {
                let message = message(e.code(), input, e.span.start..e.span.end, e.context.start..e.context.end);
                out.list.push_diagnostic(Diagnostic::of(e.component(), e.span(), message)).severity = Severity::Error;
            }
            sort_by_span(&mut out.list);
            let Findings { list, completable, .. } = out;
            finish(input, list, None, None, components, |d| completable.contains(&(d.code, d.span.start)))
        }
    }
}

/// Orders `list` by span, keeping the order of equal spans: an insertion
/// sort, because the list is short (at most [`MAX_PER_CODE`] of each code)
/// and this is the image module's only sort, where the standard library's
/// stable sort would add 3.9 KB.
fn sort_by_span(list: &mut [Diagnostic<'_>]) {
    let key = |d: &Diagnostic<'_>| (d.span.start, d.span.end);
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 && key(&list[j - 1]) > key(&list[j]) {
            list.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Replaces a parse error by the first diagnostic of the same upstream
/// error class, so that [`Reference::parse_normalized`] fails with exactly
/// what a form shows first for that problem (SPEC §1.5). The error class
/// never changes; without such a diagnostic the parser's error stays.
pub(crate) fn refine(input: &str, mut e: Error) -> Error {
    let mut out = Findings { input, list: Diagnostics::new(), completable: Vec::new() };
    diagnose(input, &Split::new(input), &mut out);
    let class = e.code().distribution_class();
    let first = out
        .list
        .into_iter()
        .filter(|d| d.severity == Severity::Error && d.code.distribution_class() == class)
        .min_by_key(|d| (d.span.start, d.span.end));
    if let Some(d) = first {
        e.code = d.code;
        e.component = d.location;
        e.span = d.span;
        e.message = Box::new(d.message.into_owned());
    }
    e
}

/// The input split into its components as typed (SPEC §1.2), as ranges.
struct Split {
    registry: Option<Range<usize>>,
    /// The repository path after the registry (namespace and repository).
    path: Range<usize>,
    /// The `:` before a tag.
    colon: Option<usize>,
    /// The `@` before a digest.
    at: Option<usize>,
    /// Whether Docker Hub normalization puts `library/` before the path
    /// (it counts toward the 255-character limit).
    library: bool,
}

impl Split {
    fn new(input: &str) -> Split {
        // One pass over the name (up to the first `@`): where the slashes and
        // the last `:` are. Byte loops, as these strings are short.
        let b = input.as_bytes();
        let (mut at, mut first_slash, mut last_slash, mut last_colon) = (None, None, None, None);
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'@' => {
                    at = Some(i);
                    break;
                }
                b'/' => {
                    first_slash = first_slash.or(Some(i));
                    last_slash = Some(i);
                }
                b':' => last_colon = Some(i),
                _ => {}
            }
        }
        let name_end = at.unwrap_or(input.len());
        // TAG follows the last `:` after the last `/`.
        let colon = last_colon.filter(|&c| last_slash.map_or(true, |s| c > s));
        let path_end = colon.unwrap_or(name_end);
        let registry = first_slash.and_then(|i| {
            let first = &input[..i];
            let is_registry = b[..i].iter().any(|&c| c == b'.' || c == b':')
                || first == "localhost"
                || first_uppercase(first).is_some();
            is_registry.then_some(0..i)
        });
        let path_start = registry.as_ref().map_or(0, |r| r.end + 1);
        let path = path_start..path_end.max(path_start);
        let hub = registry.as_ref().map_or(true, |r| is_docker_hub_image_host(&input[r.clone()]));
        let nested = last_slash.is_some_and(|s| s >= path.start && s < path.end);
        let library = hub && !nested;
        Split { registry, path, colon, at, library }
    }

    fn tag(&self, len: usize) -> Option<Range<usize>> {
        self.colon.map(|c| c + 1..self.at.unwrap_or(len))
    }

    fn digest(&self, len: usize) -> Option<Range<usize>> {
        self.at.map(|a| a + 1..len)
    }

    fn components<'a>(&self, input: &'a str) -> Components<'a> {
        let text = |r: &Range<usize>| Cow::Borrowed(&input[r.clone()]);
        let path = &input[self.path.clone()];
        let (namespace, repository) = match path.bytes().position(|b| b == b'/') {
            Some(i) => (Some(Cow::Borrowed(&path[..i])), Some(Cow::Borrowed(&path[i + 1..]))),
            None if path.is_empty() => (None, None),
            None => (None, Some(Cow::Borrowed(path))),
        };
        Components {
            registry: self.registry.as_ref().map(text),
            namespace,
            repository,
            tag: self.tag(input.len()).as_ref().map(text),
            digest: self.digest(input.len()).as_ref().map(text),
        }
    }
}

/// The diagnostics found so far, and which of them typing more could clear
/// (by code and start, which identifies a diagnostic here).
struct Findings<'a> {
    input: &'a str,
    list: Diagnostics<'a>,
    completable: Vec<(Code, usize)>,
}

/// At most this many diagnostics of one code: a pathological input (`a$`
/// repeated) would otherwise get one message per character, each quoting the
/// component, which is quadratic in the input.
const MAX_PER_CODE: usize = 8;

impl<'a> Findings<'a> {
    fn push(&mut self, code: Code, component: Component, span: Range<usize>, context: Range<usize>, fix: Option<Fix>) {
        if self.list.iter().filter(|d| d.code == code).count() >= MAX_PER_CODE {
            return;
        }
        let message = message(code, self.input, span.clone(), context);
        self.list.push_diagnostic(Diagnostic::of(component, Span::new(span.start, span.end), message)).fix = fix;
    }

    /// A problem at the end of the input that more typing could clear.
    fn push_completable(
        &mut self,
        code: Code,
        component: Component,
        span: Range<usize>,
        context: Range<usize>,
        fix: Option<Fix>,
    ) {
        self.completable.push((code, span.start));
        self.push(code, component, span, context, fix);
    }
}

fn diagnose<'a>(input: &'a str, split: &Split, out: &mut Findings<'a>) {
    if input.is_empty() {
        return out.push_completable(Code::OciEmpty, Component::Reference, 0..0, 0..0, None);
    }
    if grammar::identifier(input) {
        return out.push(Code::OciHexIdentifier, Component::Reference, 0..input.len(), 0..input.len(), None);
    }
    if let Some(ui) = super::userinfo(input) {
        return diagnose_login_url(input, ui, out);
    }
    // `https://us.icr.io/app`: say so once (with the fix), then read what
    // follows the scheme(s) as the reference it was meant to be.
    let mut end = 0;
    while let Some(n) = super::url_scheme_len(&input.as_bytes()[end..]) {
        end += n;
    }
    if end > 0 {
        let fix = Fix { label: "remove the scheme".to_string(), replacement: input[end..].to_string() };
        // After another scheme (`docker://user:password@host/…`) the rest
        // is read as a login URL below, and this fix would carry its
        // credentials.
        let fix = Some(fix).filter(|_| super::userinfo(&input[end..]).is_none());
        out.push(Code::OciSchemeNotAllowed, Component::Reference, 0..end, 0..end, fix);
        let rest = &input[end..];
        if !rest.is_empty() {
            let mut inner = Findings { input: rest, list: Diagnostics::new(), completable: Vec::new() };
            diagnose(rest, &Split::new(rest), &mut inner);
            for mut d in inner.list {
                d.span = Span::new(d.span.start + end, d.span.end + end);
                out.list.push(d);
            }
        }
        return;
    }
    check_components(input, split, out);
}

/// A login URL (`https://user:password@host/…`, see [`super::userinfo`]):
/// the whitespace and scheme before the credentials, the credentials (the
/// one fix: the input without them), then the text after the `@` read as the
/// reference it was meant to be. No other finding has a fix, as each would
/// be the whole input with the credentials, and none reads them.
fn diagnose_login_url<'a>(input: &'a str, ui: Range<usize>, out: &mut Findings<'a>) {
    let scheme = input[..ui.start].trim_start();
    let ws = ui.start - scheme.len();
    if ws > 0 {
        out.push(Code::OciInvalidCharacter, Component::Reference, 0..ws, 0..ws, None);
    }
    if !scheme.is_empty() {
        out.push(Code::OciSchemeNotAllowed, Component::Reference, ws..ui.start, ws..ui.start, None);
    }
    let fix =
        Fix { label: super::USERINFO_FIX_LABEL.to_string(), replacement: super::without_userinfo(input, ui.clone()) };
    out.push(Code::OciUserinfoNotAllowed, Component::Reference, ui.clone(), ui.clone(), Some(fix));
    let rest = &input[ui.end..];
    if rest.is_empty() {
        return;
    }
    // Only the component checks, so this never recurses.
    let mut inner = Findings { input: rest, list: Diagnostics::new(), completable: Vec::new() };
    check_components(rest, &Split::new(rest), &mut inner);
    for mut d in inner.list {
        d.span = Span::new(d.span.start + ui.end, d.span.end + ui.end);
        d.fix = None;
        out.list.push(d);
    }
}

/// The registry, path, tag and digest checks of SPEC §1.2's split.
fn check_components<'a>(input: &'a str, split: &Split, out: &mut Findings<'a>) {
    if let Some(r) = &split.registry {
        check_registry(input, r.clone(), out);
    }
    check_path(input, split, out);
    if let (Some(c), Some(tag)) = (split.colon, split.tag(input.len())) {
        check_tag(input, c, tag, out);
    }
    if let Some(d) = split.digest(input.len()) {
        check_digest(input, d, out);
    }
}

fn check_registry(input: &str, r: Range<usize>, out: &mut Findings) {
    let text = &input[r.clone()];
    let s = input.as_bytes();
    // Upstream reads a first part that is not a host as a path component;
    // only when it is neither is it wrong here.
    if grammar::domain_and_port(text) || grammar::path_component(&s[..r.end], r.start) == Some(r.end) {
        return;
    }
    let host_end = if text.starts_with('[') {
        text.find(']').map_or(text.len(), |i| i + 1)
    } else {
        text.find(':').unwrap_or(text.len())
    };
    let host_ok = grammar::domain_and_port(&text[..host_end]);
    if !host_ok {
        out.push(Code::OciRegistryInvalid, Component::Registry, r.start..r.start + host_end, r.clone(), None);
    }
    if host_end < text.len() {
        // After "[...]" the next character need not be ":" (nor ASCII): then
        // the bad "port" starts at that character, so the span stays on
        // char boundaries.
        let colon = s.get(r.start + host_end) == Some(&b':');
        let port = r.start + host_end + usize::from(colon)..r.end;
        let port_ok = colon && !port.is_empty() && s[port.clone()].iter().all(u8::is_ascii_digit);
        if !port_ok {
            let span = if port.is_empty() { port.start - 1..port.start } else { port };
            out.push(Code::OciPortInvalid, Component::Registry, span, r, None);
        }
    }
}

#[inline]
fn is_sep(b: u8) -> bool {
    matches!(b, b'.' | b'_' | b'-')
}

fn check_path(input: &str, split: &Split, out: &mut Findings) {
    let s = input.as_bytes();
    let path = split.path.clone();
    let nested = input[path.clone()].contains('/');
    let component = |start: usize| {
        // Which part of SPEC §1.2 this component belongs to: the first of
        // several is the namespace.
        if start == path.start && nested {
            Component::Namespace
        } else {
            Component::Repository
        }
    };

    // Uppercase: one diagnostic for the whole path, with the lowercase fix.
    let upper: Vec<(usize, char)> =
        input[path.clone()].char_indices().filter(|&(_, c)| changes_under_lowercase(c)).collect();
    if let (Some(&(first, _)), Some(&(last, c))) = (upper.first(), upper.last()) {
        let span = path.start + first..path.start + last + c.len_utf8();
        let mut fixed = String::with_capacity(input.len());
        fixed.push_str(&input[..path.start]);
        // Go's `strings.ToLower`, from its Unicode 15.0 table.
        input[path.clone()].chars().for_each(|c| crate::lowercase::push(&mut fixed, c));
        fixed.push_str(&input[path.end..]);
        let fix = Fix { label: "use lowercase".to_string(), replacement: fixed };
        out.push(Code::OciRepositoryUppercase, component(span.start), span, path.clone(), Some(fix));
    }

    let mut start = path.start;
    loop {
        let end = s[start..path.end].iter().position(|&b| b == b'/').map_or(path.end, |i| start + i);
        let comp = component(start);
        if start == end {
            // `a//b`, a leading or trailing `/`, or nothing after the registry.
            let span = if start > 0 && s[start - 1] == b'/' {
                start - 1..start
            } else {
                start..(start + 1).min(end.max(start))
            };
            if end == input.len() {
                out.push_completable(Code::OciPathComponentEmpty, comp, span, path.clone(), None);
            } else {
                out.push(Code::OciPathComponentEmpty, comp, span, path.clone(), None);
            }
        } else {
            check_component(input, start, end, &path, comp, out);
        }
        if end >= path.end {
            break;
        }
        start = end + 1;
    }

    let normalized_len = path.len() + if split.library { "library/".len() } else { 0 };
    if normalized_len > grammar::NAME_TOTAL_LENGTH_MAX {
        out.push(Code::OciNameTooLong, Component::Repository, path.clone(), path, None);
    }
}

/// One path component `start..end` (non-empty): edges, separators and
/// characters. Uppercase letters count as letters here (reported once for
/// the whole path).
fn check_component(input: &str, start: usize, end: usize, path: &Range<usize>, comp: Component, out: &mut Findings) {
    let s = input.as_bytes();
    let lead = s[start..end].iter().take_while(|&&b| is_sep(b)).count();
    if lead > 0 {
        out.push(Code::OciPathBadStartOrEnd, comp, start..start + lead, path.clone(), None);
    }
    let mut i = start + lead;
    while i < end {
        let b = s[i];
        if b.is_ascii_alphanumeric() {
            i += 1;
        } else if is_sep(b) {
            let j = i + s[i..end].iter().take_while(|&&b| is_sep(b)).count();
            let run = &s[i..j];
            let ok = run == b"." || run == b"_" || run == b"__" || run.iter().all(|&b| b == b'-');
            if j == end && ok && j == input.len() {
                // `a-` while typing `a-b`: a letter or digit completes it.
                out.push_completable(Code::OciPathBadStartOrEnd, comp, i..j, path.clone(), None);
            } else if j == end {
                out.push(Code::OciPathBadStartOrEnd, comp, i..j, path.clone(), None);
            } else {
                if !ok {
                    out.push(Code::OciPathSeparator, comp, i..j, path.clone(), None);
                }
            }
            i = j;
        } else {
            // A run of characters that are neither letters, digits nor
            // separators (uppercase non-ASCII letters excepted).
            let mut j = i;
            for (k, c) in input[i..end].char_indices() {
                let ok = c.is_ascii_alphanumeric() || (c.is_ascii() && is_sep(c as u8)) || changes_under_lowercase(c);
                if ok {
                    break;
                }
                j = i + k + c.len_utf8();
            }
            if j == i {
                // An uppercase non-ASCII letter: already reported.
                i += input[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let code = if input[i..j].chars().all(|c| c.is_ascii_graphic()) {
                Code::OciPathInvalidCharacter
            } else {
                Code::OciInvalidCharacter
            };
            let fix = whitespace_fix(input, i..j);
            out.push(code, comp, i..j, path.clone(), fix);
            i = j;
        }
    }
}

/// When the offending text is whitespace at either end of the input, the
/// obvious fix is the trimmed input.
fn whitespace_fix(input: &str, span: Range<usize>) -> Option<Fix> {
    // Only the two runs at the edges qualify, so the trim below runs at most
    // twice per input (keeps validation linear).
    if !(span.start == 0 || span.end == input.len()) || !input[span].chars().all(char::is_whitespace) {
        return None;
    }
    let trimmed = input.trim();
    (!trimmed.is_empty())
        .then(|| Fix { label: "remove the surrounding whitespace".to_string(), replacement: trimmed.to_string() })
}

fn check_tag(input: &str, colon: usize, tag: Range<usize>, out: &mut Findings) {
    let s = input.as_bytes();
    if tag.is_empty() {
        let mut fixed = String::with_capacity(input.len());
        fixed.push_str(&input[..colon]);
        fixed.push_str(&input[colon + 1..]);
        let fix = Some(Fix { label: "remove the \":\"".to_string(), replacement: fixed });
        if tag.end == input.len() {
            out.push_completable(Code::OciTagEmpty, Component::Tag, colon..colon + 1, tag, fix);
        } else {
            out.push(Code::OciTagEmpty, Component::Tag, colon..colon + 1, tag, fix);
        }
        return;
    }
    if matches!(s[tag.start], b'.' | b'-') {
        out.push(Code::OciTagBadStart, Component::Tag, tag.start..tag.start + 1, tag.clone(), None);
    }
    let mut i = tag.start;
    while i < tag.end {
        let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
        if ok(s[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        for (k, c) in input[i..tag.end].char_indices() {
            if c.is_ascii() && ok(c as u8) {
                break;
            }
            j = i + k + c.len_utf8();
        }
        let fix = whitespace_fix(input, i..j);
        out.push(Code::OciTagInvalidCharacter, Component::Tag, i..j, tag.clone(), fix);
        i = j;
    }
    if tag.len() > grammar::TAG_MAX {
        let mut from = tag.start + grammar::TAG_MAX;
        while !input.is_char_boundary(from) {
            from += 1;
        }
        out.push(Code::OciTagTooLong, Component::Tag, from..tag.end, tag, None);
    }
}

fn check_digest(input: &str, d: Range<usize>, out: &mut Findings) {
    let s = input.as_bytes();
    let alg_ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'.');
    let colon = s[d.clone()].iter().position(|&b| b == b':').map(|i| d.start + i);
    let Some(colon) = colon else {
        // No `:` yet: incomplete while what is there could begin an algorithm.
        // No `:` yet: incomplete only while the text could still become a
        // registered algorithm (`sha2` → `sha256`).
        let typed = &input[d.clone()];
        match s[d.clone()].iter().position(|&b| !alg_ok(b)) {
            None if ["sha256", "sha384", "sha512"].iter().any(|a| a.starts_with(typed)) => {
                out.push_completable(Code::OciDigestInvalid, Component::Digest, d.end..d.end, d.clone(), None)
            }
            None => out.push(Code::OciDigestInvalid, Component::Digest, d.clone(), d.clone(), None),
            Some(i) => {
                let at = d.start + i;
                let span = at..at + input[at..].chars().next().map_or(1, char::len_utf8);
                out.push(Code::OciDigestInvalid, Component::Digest, span, d.clone(), None)
            }
        }
        return;
    };
    if grammar::algorithm(s, d.start) != Some(colon) {
        out.push(
            Code::OciDigestInvalid,
            Component::Digest,
            d.start..colon.max(d.start + 1).min(d.end),
            d.clone(),
            None,
        );
        return;
    }
    let hex = colon + 1..d.end;
    if let Some(i) = s[hex.clone()].iter().position(|b| !b.is_ascii_hexdigit()) {
        let at = hex.start + i;
        let span = at..at + input[at..].chars().next().map_or(1, char::len_utf8);
        out.push(Code::OciDigestInvalid, Component::Digest, span, d.clone(), None);
        return;
    }
    let alg = &input[d.start..colon];
    let want = super::digest_hex_len(alg);
    if hex.len() < 32 {
        // Too short for the grammar: more digits complete it, but only for a
        // registered algorithm and lowercase digits.
        if want.is_some() && !s[hex.clone()].iter().any(u8::is_ascii_uppercase) {
            out.push_completable(Code::OciDigestInvalid, Component::Digest, hex.end..hex.end, d.clone(), None);
        } else {
            out.push(Code::OciDigestInvalid, Component::Digest, hex.end..hex.end, d.clone(), None);
        }
        return;
    }
    match want {
        None if alg.bytes().any(|b| b.is_ascii_uppercase()) => {
            out.push(Code::OciDigestEncoding, Component::Digest, d.start..colon, d.clone(), None)
        }
        None => out.push(Code::OciDigestUnsupported, Component::Digest, d.start..colon, d.clone(), None),
        Some(n) if hex.len() < n && !s[hex.clone()].iter().any(u8::is_ascii_uppercase) => {
            out.push_completable(Code::OciDigestLength, Component::Digest, hex.clone(), d.clone(), None)
        }
        Some(n) if hex.len() < n => out.push(Code::OciDigestLength, Component::Digest, hex.clone(), d.clone(), None),
        Some(n) if hex.len() > n => out.push(Code::OciDigestLength, Component::Digest, hex.clone(), d.clone(), None),
        Some(_) => {
            if let Some(i) = s[hex.clone()].iter().position(|b| b.is_ascii_uppercase()) {
                let fix = {
                    let mut f = input.to_string();
                    f.replace_range(hex.clone(), &input[hex.clone()].to_ascii_lowercase());
                    Fix { label: "use lowercase hexadecimal digits".to_string(), replacement: f }
                };
                out.push(Code::OciDigestEncoding, Component::Digest, hex.start + i..hex.end, d.clone(), Some(fix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A valid reference's components are read off the parse; they are the
    /// split's (SPEC §1.2), which an invalid one still uses.
    #[test]
    fn parsed_components_are_the_split() {
        let corpus = include_str!("../../bench/corpus-10k.txt");
        let extra = ["docker.io/nginx", "index.docker.io/a/b:1", "localhost/x", "FOO/bar", "h:5000/a/b/c@sha256:"];
        let mut valid = 0;
        for line in corpus.lines().chain(extra) {
            let v = validate(line);
            if v.valid {
                valid += 1;
                assert_eq!(v.components, Split::new(line).components(line), "{line}");
            }
        }
        assert!(valid > 8000);
    }
}
