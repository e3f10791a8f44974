//! The `codeEngine` profile (SPEC §1.3): the component rules of the seed's
//! table "Considerations for images in your registry", with every finding
//! reported at once.
//!
//! The input is split as SPEC §1.2 says (no regex: a few `find`s on the
//! ASCII delimiters `@`, `/` and `:`, so every split point is a character
//! boundary), then each component is checked by a small function over its
//! bytes. Every pass is linear in the input.
//!
//! ```text
//! reference  := [ REGISTRY "/" ] [ NAMESPACE "/" ] REPOSITORY [ ":" TAG ] [ "@" IMAGEID ]
//! REGISTRY   := label ( "." label )*          1-253 characters, at most 127 periods
//! label      := [a-zA-Z0-9] ( [a-zA-Z0-9_-]* [a-zA-Z0-9] )?   1-63 characters
//! NAMESPACE  := part                          4-30 characters, separators "_" "__" "-"+
//! DOCKERUSER := [a-z0-9]{4,30}               (Docker Hub: no registry, docker.io, index.docker.io)
//! REPOSITORY := part ( "/" part )*            2-255 characters
//! part       := [a-z0-9]+ ( separator [a-z0-9]+ )*
//! separator  := "." | "_" | "__" | "-"+       (the OCI distribution grammar)
//! TAG        := [a-zA-Z0-9_] [a-zA-Z0-9._-]{0,127}
//! IMAGEID    := "sha256:" [a-f0-9]{64}
//! ```
//!
//! These rules are at least as strict as distribution/reference wherever
//! the seed allows more, so that an input valid here without a
//! `registry_underscore` warning is valid under `oci` (SPEC §1.3): labels may
//! not begin or end with `-`, path parts follow the OCI separator rule, the
//! path (namespace and repository, with docker's `library/` when there is no
//! namespace) is at most 255 characters as distribution counts it, and a name
//! of 64 hexadecimal digits alone is refused as docker refuses it.

use std::borrow::Cow;

use super::bytes::{is, ALNUM, DASH, DIGIT, DOT, LOWER, SLASH, UNDERSCORE, UPPER};
use crate::diagnostics::{
    Arg, Code, Collect, Component, Components, Diagnostic, Diagnostics, Fix, Lazy, Message, Severity, Span, Validation,
};
use crate::registry_data::{is_docker_hub_image_host, GHCR_HOST, ICR_ENTITLED_HOST, ICR_REGIONS};
// Fix labels quote at most a bounded prefix of a component (as messages
// do): a megabyte of input must not become a megabyte per label.
use crate::message::Quote;
use smallvec::{smallvec, SmallVec};

/// A message's template number (its form in the code table) and arguments.
type Msg<'a> = (u8, SmallVec<[Arg<'a>; 2]>);

/// A piece of the input, quoted in the message.
fn q(s: &str) -> Arg<'_> {
    Arg::Quoted(s)
}

/// The code's only (or first) template, without arguments.
fn plain<'a>() -> Msg<'a> {
    (0, SmallVec::new())
}

mod notes;
mod tag_digest;

use notes::{familiar, normalize, notes};
use tag_digest::{check_digest, check_tag};

/// Validates `input` under the `codeEngine` rules (SPEC §1.3).
#[inline]
pub fn validate<'a>(input: &'a str) -> Validation<'a> {
    let mut out = Out {
        input,
        diags: Diagnostics::new(),
        errors: false,
        clearable: Vec::new(),
        per_code: [0; Code::ALL.len()],
        hide_fixes: false,
    };
    if input.is_empty() {
        out.add(Code::Empty, 0, 0, plain(), None, true);
        return out.finish(Components::default(), None, None);
    }
    let start = input.len() - input.trim_start().len();
    let end = input.trim_end().len();
    if start >= end {
        let fix = fix("remove the whitespace", String::new());
        out.add(Code::Empty, 0, input.len(), (1, smallvec![]), fix, false);
        return out.finish(Components::default(), None, None);
    }
    let trimmed = &input[start..end];
    // A login URL's credentials: no fix may carry them, and no other rule
    // reads them (everything else is checked on the text after the "@").
    let userinfo = super::userinfo(input);
    out.hide_fixes = userinfo.is_some();
    if start > 0 {
        let msg = (0, smallvec![Arg::Word("leading"), q(&input[..start])]);
        let fix = fix("remove the surrounding whitespace", trimmed.to_string());
        out.add(Code::SurroundingWhitespace, 0, start, msg, fix, false);
    }
    if end < input.len() {
        let msg = (0, smallvec![Arg::Word("trailing"), q(&input[end..])]);
        let fix = fix("remove the surrounding whitespace", trimmed.to_string());
        out.add(Code::SurroundingWhitespace, end, input.len(), msg, fix, false);
    }

    let mut base = start;
    let mut s = trimmed;
    // With credentials, the scheme is everything before them: any URL
    // scheme (`docker://user:password@…`), and one pasted twice is one
    // finding, so nothing before the credentials goes unreported.
    let schemes = match &userinfo {
        Some(ui) => (ui.start > base).then(|| ui.start - base),
        None => scheme_len(s),
    };
    if let Some(n) = schemes {
        let msg = (0, smallvec![q(&s[..n])]);
        let f = fix(&format!("remove {:?}", Quote(&s[..n])), replace(input, base, base + n, ""));
        out.add(Code::SchemeNotAllowed, base, base + n, msg, f, false);
        base += n;
        s = &s[n..];
    }
    if let Some(ui) = userinfo {
        let f = Some(Fix {
            label: super::USERINFO_FIX_LABEL.to_string(),
            replacement: super::without_userinfo(input, ui.clone()),
        });
        out.add(Code::UserinfoNotAllowed, ui.start, ui.end, plain(), f, false);
        base = ui.end;
        s = &input[ui.end..end];
    }
    check_blanks(&mut out, s, base);

    let parts = split(s, base);
    if super::grammar::identifier(s) {
        // ParseNormalizedNamed refuses a bare image id: docker cannot tell it
        // from a name, and the seed's IMAGEID always carries "sha256:".
        // Typing on (":tag", "/app") makes it a name again: clearable.
        out.add(Code::DigestBadPrefix, base, base + s.len(), plain(), None, true);
    }

    let docker_hub = match parts.registry {
        None => true,
        Some(r) => is_docker_hub_image_host(r.text),
    };
    if let Some(reg) = parts.registry {
        check_registry(&mut out, reg);
    }
    check_namespace(&mut out, &parts, docker_hub);
    check_repository(&mut out, &parts, docker_hub);
    if let Some(tag) = parts.tag {
        check_tag(&mut out, tag);
    }
    if let Some(digest) = parts.digest {
        check_digest(&mut out, digest);
    }
    notes(&mut out, &parts, docker_hub, base);

    let text = |p: Part<'a>| Cow::Borrowed(p.text);
    let components = Components {
        registry: parts.registry.map(text),
        namespace: parts.namespace.map(text),
        repository: Some(text(parts.repository)),
        tag: parts.tag.map(text),
        digest: parts.digest.map(text),
    };
    let normalized = if out.errors { None } else { Some(normalize(input, s, &parts, docker_hub)) };
    let familiar = normalized.as_ref().map(|n| familiar(&parts, n));
    out.finish(components, normalized, familiar)
}

/// One component as typed: its text and its byte offset in the input.
#[derive(Clone, Copy)]
struct Part<'a> {
    text: &'a str,
    at: usize,
}

impl Part<'_> {
    fn end(&self) -> usize {
        self.at + self.text.len()
    }
}

struct Parts<'a> {
    registry: Option<Part<'a>>,
    namespace: Option<Part<'a>>,
    repository: Part<'a>,
    /// The tag's text after the `:` (empty for `app:`).
    tag: Option<Part<'a>>,
    /// The text after the first `@`.
    digest: Option<Part<'a>>,
}

/// At most this many diagnostics of one code (see [`Out::add_in`]).
const MAX_PER_CODE: usize = 8;

/// Collects diagnostics and what decides the state (SPEC §1.5).
struct Out<'a> {
    input: &'a str,
    diags: Diagnostics<'a>,
    /// Some diagnostic is an error.
    errors: bool,
    /// The errors that typing more at the end could clear. That depends on
    /// the instance, not only the code (a short repository at the end can
    /// grow, one before a tag cannot), so it is recorded as they are added.
    clearable: Vec<(Code, Span)>,
    /// How many diagnostics of each code were kept.
    per_code: [u8; Code::ALL.len()],
    /// Fixes other than removing the credentials are dropped: each would be
    /// the whole input, credentials and all.
    hide_fixes: bool,
}

impl<'a> Out<'a> {
    /// Adds a diagnostic with the code's own component. `clearable`: typing
    /// more characters at the end could make this error go away (it only
    /// counts when the span reaches the end of the input).
    fn add(&mut self, code: Code, start: usize, end: usize, message: Msg<'a>, fix: Option<Fix>, clearable: bool) {
        self.add_in(code, code.component(), start, end, message, fix, clearable)
    }

    #[allow(clippy::too_many_arguments)]
    fn add_in(
        &mut self,
        code: Code,
        component: Component,
        start: usize,
        end: usize,
        (form, args): Msg<'a>,
        fix: Option<Fix>,
        clearable: bool,
    ) {
        let severity = code.severity();
        let span = Span::new(start, end);
        // As in the `oci` profile: a pathological input (`a ` repeated)
        // would otherwise get one diagnostic per character (half a million
        // for 1 MB); the first few of a code say all there is to say. The
        // state does not change: with more than one error of a code, at most
        // one of them ends at the end of the input, so it is invalid anyway.
        let kept = &mut self.per_code[code as usize];
        if usize::from(*kept) >= MAX_PER_CODE {
            return;
        }
        *kept += 1;
        let fix = fix.filter(|_| !self.hide_fixes || code == Code::UserinfoNotAllowed);
        if severity == Severity::Error {
            self.errors = true;
            if clearable && end == self.input.len() {
                self.clearable.push((code, span));
            }
        }
        // The arguments are already a message's list: moved in whole.
        let message = Message { code, form, args };
        self.diags.push_diagnostic(Diagnostic::of(component, span, message)).fix = fix;
    }

    /// The result, with the state from the shared rule (SPEC §1.5);
    /// `normalized` and `familiar` are pieces joined on demand.
    #[inline]
    fn finish(
        self,
        components: Components<'a>,
        normalized: Option<Lazy<'a>>,
        familiar: Option<Lazy<'a>>,
    ) -> Validation<'a> {
        let clearable = self.clearable;
        super::finish(self.input, self.diags, normalized, familiar, components, |d| {
            clearable.contains(&(d.code, d.span))
        })
    }
}

fn fix(label: &str, replacement: String) -> Option<Fix> {
    Some(Fix { label: label.to_string(), replacement })
}

/// The whole input with `start..end` replaced by `with`.
fn replace(input: &str, start: usize, end: usize, with: &str) -> String {
    let mut s = String::with_capacity(input.len() - (end - start) + with.len());
    s.push_str(&input[..start]);
    s.push_str(with);
    s.push_str(&input[end..]);
    s
}

/// Length of a leading `http://` or `https://`, in any case (the URL
/// scheme rule is the login URL's; this profile names only these two).
fn scheme_len(s: &str) -> Option<usize> {
    // Nearly every reference fails here at its first byte.
    if !matches!(s.as_bytes().first(), Some(b'h' | b'H')) {
        return None;
    }
    let n = super::url_scheme_len(s.as_bytes())?;
    let name = &s[..n - 3];
    (name.eq_ignore_ascii_case("http") || name.eq_ignore_ascii_case("https")).then_some(n)
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// `contains_whitespace`: one diagnostic per run of whitespace or control
/// characters. The component checks skip these characters so that one
/// mistake is reported once.
fn check_blanks<'a>(out: &mut Out<'a>, s: &'a str, base: usize) {
    // The common case: printable ASCII only. A fold without early exit, so
    // the compiler vectorizes it.
    if s.bytes().fold(true, |ok, b| ok & (b > b' ') & (b < 0x7f)) {
        return;
    }
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_blank(c) {
            continue;
        }
        let mut j = i + c.len_utf8();
        let mut all_space = c.is_whitespace();
        while let Some(&(k, d)) = iter.peek() {
            if !is_blank(d) {
                break;
            }
            all_space &= d.is_whitespace();
            j = k + d.len_utf8();
            iter.next();
        }
        let what = if all_space { "whitespace" } else { "control character" };
        let msg = (0, smallvec![Arg::Word(what), q(&s[i..j])]);
        out.add(Code::ContainsWhitespace, base + i, base + j, msg, None, false);
    }
}

/// Splits as SPEC §1.2: the digest after the first `@`; the tag after the
/// last `:` that follows the last `/`; the first `/` part is the registry when
/// it has `.` or `:` or is `localhost` (uppercase alone does not make a
/// registry here: it is reported as uppercase in the namespace).
fn split(s: &str, base: usize) -> Parts<'_> {
    let (name, digest) = match find_byte(s, b'@') {
        Some(i) => (&s[..i], Some(Part { text: &s[i + 1..], at: base + i + 1 })),
        None => (s, None),
    };
    let last_slash = rfind_byte(name, b'/').map_or(0, |i| i + 1);
    let (name, tag) = match rfind_byte(&name[last_slash..], b':') {
        Some(i) => {
            let c = last_slash + i;
            (&name[..c], Some(Part { text: &name[c + 1..], at: base + c + 1 }))
        }
        None => (name, None),
    };
    let (registry, rest, rest_at) = match find_byte(name, b'/') {
        Some(i) if is_registry(&name[..i]) => (Some(Part { text: &name[..i], at: base }), &name[i + 1..], base + i + 1),
        _ => (None, name, base),
    };
    let (namespace, repository) = match find_byte(rest, b'/') {
        Some(i) => (Some(Part { text: &rest[..i], at: rest_at }), Part { text: &rest[i + 1..], at: rest_at + i + 1 }),
        None => (None, Part { text: rest, at: rest_at }),
    };
    Parts { registry, namespace, repository, tag, digest }
}

// Byte searches: every delimiter is ASCII, so a byte position is a character
// boundary, and a plain loop beats the generic char searcher on short names.
fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|c| c == b)
}

fn rfind_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().rposition(|c| c == b)
}

fn is_registry(first: &str) -> bool {
    first.bytes().any(|b| b == b'.' || b == b':') || first == "localhost"
}

// ---- registry ----

fn check_registry<'a>(out: &mut Out<'a>, reg: Part<'a>) {
    // The port starts at the first ":" (after the "]" of a bracketed IPv6
    // address, whose colons belong to the host and are reported there).
    let from = match reg.text.as_bytes().first() {
        Some(b'[') => find_byte(reg.text, b']').unwrap_or(0),
        _ => 0,
    };
    let (host, port) = match find_byte(&reg.text[from..], b':') {
        Some(i) => (&reg.text[..from + i], Some(from + i)),
        None => (reg.text, None),
    };
    let at = reg.at;
    let n = char_len(host);
    if n > 253 {
        let msg = (0, smallvec![Arg::Number(n as u64)]);
        out.add(Code::RegistryTooLong, at, at + host.len(), msg, None, false);
    }
    check_chars(out, host, at, Code::RegistryInvalidCharacter, "registry", ALNUM | DOT | DASH | UNDERSCORE);
    if let Some(i) = port {
        let msg = (0, smallvec![q(&reg.text[i..])]);
        out.add(Code::RegistryPortNotAllowed, at + i, reg.end(), msg, None, false);
    }
    let periods = host.bytes().filter(|&b| b == b'.').count();
    if periods > 127 {
        let msg = (0, smallvec![Arg::Number(periods as u64)]);
        out.add(Code::RegistryTooManyPeriods, at, at + host.len(), msg, None, false);
    }
    check_labels(out, host, at);
    if host.contains('_') {
        let msg = (0, smallvec![q(host)]);
        out.add(Code::RegistryUnderscore, at, at + host.len(), msg, None, false);
    }
    check_icr(out, host, at);
}

/// Label rules: 1-63 characters, no `-` at either end. Runs of empty labels
/// (`..`) are one diagnostic each.
fn check_labels<'a>(out: &mut Out<'a>, host: &'a str, at: usize) {
    if host.is_empty() {
        out.add(Code::RegistryLabelLength, at, at, plain(), None, false);
        return;
    }
    let b = host.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'.' {
            let j = run_end(b, i, |c| c == b'.');
            let run = &host[i..j];
            let msg = if i == 0 {
                (1, smallvec![q(run)])
            } else if j == b.len() {
                (2, smallvec![q(run)])
            } else if j - i > 1 {
                (3, smallvec![q(run)])
            } else {
                i = j;
                continue;
            };
            out.add(Code::RegistryLabelLength, at + i, at + j, msg, None, false);
            i = j;
            continue;
        }
        let j = run_end(b, i, |c| c != b'.');
        let label = &host[i..j];
        let n = char_len(label);
        if n > 63 {
            let msg = (4, smallvec![q(label), Arg::Number(n as u64)]);
            out.add(Code::RegistryLabelLength, at + i, at + j, msg, None, false);
        }
        let lb = label.as_bytes();
        if lb[0] == b'-' {
            let k = run_end(lb, 0, |c| c == b'-');
            let msg = (0, smallvec![q(label)]);
            out.add(Code::RegistryLabelBadStart, at + i, at + i + k, msg, None, false);
        } else if lb[lb.len() - 1] == b'-' {
            let k = lb.iter().rposition(|&c| c != b'-').map_or(0, |k| k + 1);
            let msg = (0, smallvec![q(label)]);
            out.add(Code::RegistryLabelEndsWithDash, at + i + k, at + j, msg, None, false);
        }
        i = j;
    }
}

/// `icr_unknown_domain` and `deprecated_registry_domain` (SPEC §2.1 through
/// `registry::ICR_REGIONS`). Host names compare without regard to case.
fn check_icr<'a>(out: &mut Out<'a>, host: &'a str, at: usize) {
    let end = at + host.len();
    let is = |a: &str| host.eq_ignore_ascii_case(a);
    if ends_with_ignore_case(host, ".icr.io") || is("icr.io") {
        // `cp.icr.io` is IBM's entitled registry: known, though not a region.
        if !is(ICR_ENTITLED_HOST) && !ICR_REGIONS.iter().any(|r| is(r.domain) || is(r.private)) {
            let best = crate::registry_data::closest_icr_domain(host);
            let msg = (0, smallvec![q(host)]);
            let f = fix(&format!("use {best:?}"), replace(out.input, at, end, best));
            out.add(Code::IcrUnknownDomain, at, end, msg, f, false);
        }
    } else if let Some(r) = ICR_REGIONS.iter().find(|r| r.deprecated.is_some_and(is)) {
        let msg = (0, smallvec![q(host), q(r.domain)]);
        let f = fix(&format!("use {:?}", r.domain), replace(out.input, at, end, r.domain));
        out.add(Code::DeprecatedRegistryDomain, at, end, msg, f, false);
    } else if starts_with_ignore_case(host, "registry.") && ends_with_ignore_case(host, ".bluemix.net") {
        let msg = (1, smallvec![q(host)]);
        out.add(Code::DeprecatedRegistryDomain, at, end, msg, None, false);
    }
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

// ---- namespace and repository ----

fn check_namespace<'a>(out: &mut Out<'a>, parts: &Parts<'a>, docker_hub: bool) {
    let Some(ns) = parts.namespace else {
        if !docker_hub {
            let repo = parts.repository;
            // Typing "/<repository>" after what is now the repository could
            // make it the namespace, so this is clearable at the end.
            let clearable = parts.tag.is_none() && parts.digest.is_none();
            out.add(Code::NamespaceMissing, repo.at, repo.end(), plain(), None, clearable);
        }
        return;
    };
    let (len_code, what) = if docker_hub {
        (Code::DockerUserLength, "docker user or organization")
    } else {
        (Code::NamespaceLength, "namespace")
    };
    let n = char_len(ns.text);
    if n == 0 {
        out.add(len_code, ns.at, ns.at, (0, smallvec![Arg::Word(what)]), None, false);
        return;
    }
    if !(4..=30).contains(&n) {
        let msg = (1, smallvec![Arg::Word(what), q(ns.text), Arg::Number(n as u64)]);
        out.add(len_code, ns.at, ns.end(), msg, None, false);
    }
    if docker_hub {
        check_lowercase_chars(out, ns, Code::DockerUserInvalidCharacter, what, LOWER | DIGIT, false);
    } else {
        let allowed = LOWER | DIGIT | DASH | UNDERSCORE;
        let ghcr = parts.registry.is_some_and(|r| r.text.eq_ignore_ascii_case(GHCR_HOST));
        if ghcr && ns.text.bytes().any(|b| is(b, UPPER)) {
            // On ghcr.io the namespace is a GitHub user or organization,
            // which GitHub shows with capitals ("MyOrg"); ghcr.io names
            // only work lowercase, which says more than the ICR wording.
            let lower = ns.text.to_ascii_lowercase();
            let msg = (0, smallvec![q(ns.text)]);
            let f = fix(&format!("use {lower:?}", lower = Quote(&lower)), replace(out.input, ns.at, ns.end(), &lower));
            out.add(Code::OwnerMustBeLowercase, ns.at, ns.end(), msg, f, false);
            check_chars(out, ns.text, ns.at, Code::NamespaceInvalidCharacter, what, allowed | UPPER);
        } else {
            check_lowercase_chars(out, ns, Code::NamespaceInvalidCharacter, what, allowed, false);
        }
        check_path_part(
            out,
            ns.text,
            ns.at,
            Component::Namespace,
            Code::NamespaceBadStartOrEnd,
            "namespace",
            DASH | UNDERSCORE,
            false,
        );
    }
}

fn check_repository<'a>(out: &mut Out<'a>, parts: &Parts<'a>, docker_hub: bool) {
    let repo = parts.repository;
    let at_end = repo.end() == out.input.len();
    let n = char_len(repo.text);
    if n == 0 {
        out.add(Code::RepositoryLength, repo.at, repo.at, plain(), None, true);
        return;
    }
    if n < 2 {
        let msg = (1, smallvec![q(repo.text)]);
        out.add(Code::RepositoryLength, repo.at, repo.end(), msg, None, true);
    } else if n > 255 {
        let msg = (2, smallvec![Arg::Number(n as u64)]);
        out.add(Code::RepositoryLength, repo.at, repo.end(), msg, None, false);
    } else {
        // distribution limits the path (namespace/repository, with docker's
        // "library/" when Docker Hub has no namespace) to 255 characters.
        let prefix = match parts.namespace {
            Some(ns) => Some(char_len(ns.text) + 1),
            None if docker_hub => Some("library/".len()),
            None => None,
        };
        // A namespace that alone fills the 255 is already reported by the
        // namespace length rule (and `255 - p` would underflow).
        if let Some(p) = prefix.filter(|&p| p < 255) {
            if p + n > 255 {
                let max = 255 - p;
                let msg = match parts.namespace {
                    Some(ns) => (3, smallvec![Arg::Number(max as u64), q(ns.text), Arg::Number(n as u64)]),
                    None => (4, smallvec![Arg::Number(max as u64), Arg::Number(n as u64)]),
                };
                out.add(Code::RepositoryLength, repo.at, repo.end(), msg, None, false);
            }
        }
    }
    // "My.Reg" while typing "My.Reg.io/team1/app": before the "/" it is a
    // repository, after it a registry, where uppercase is fine.
    let host_in_progress = parts.registry.is_none()
        && parts.namespace.is_none()
        && parts.tag.is_none()
        && parts.digest.is_none()
        && could_become_host(repo.text);
    let allowed = LOWER | DIGIT | DOT | DASH | UNDERSCORE | SLASH;
    check_lowercase_chars(out, repo, Code::RepositoryInvalidCharacter, "repository", allowed, host_in_progress);
    // Empty parts: runs of "/" at either end or "//" inside.
    let b = repo.text.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'/') {
        let s = i + k;
        let e = run_end(b, s, |c| c == b'/');
        let run = &repo.text[s..e];
        let found = if s == 0 {
            Some((1, false))
        } else if e == b.len() {
            Some((2, run.len() == 1))
        } else if e - s > 1 {
            Some((3, false))
        } else {
            None
        };
        if let Some((form, clearable)) = found {
            let msg = (form, smallvec![q(run)]);
            out.add(Code::RepositoryBadStartOrEnd, repo.at + s, repo.at + e, msg, None, clearable);
        }
        i = e;
    }
    let mut at = 0;
    for part in repo.text.split('/') {
        if !part.is_empty() {
            let last = at + part.len() == b.len() && at_end;
            let what = if part.len() == repo.text.len() { "repository" } else { "repository part" };
            check_path_part(
                out,
                part,
                repo.at + at,
                Component::Repository,
                Code::RepositoryBadStartOrEnd,
                what,
                DOT | DASH | UNDERSCORE,
                last,
            );
        }
        at += part.len() + 1;
    }
}

/// Text that could still grow into a host name (`My.Reg` of `My.Reg.io/…`,
/// or `Nginx` of `Nginx.io/…`): the registry alphabet, no empty label, no
/// `-` next to a period. Taking SPEC §1.5 at its word ("typing more could
/// clear it"), uppercase there is incomplete rather than invalid; the
/// diagnostic and its lowercase fix are the same.
fn could_become_host(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().all(|&c| is(c, ALNUM | DOT | DASH | UNDERSCORE))
        && !matches!(b.first(), Some(b'.' | b'-'))
        && !b.windows(2).any(|w| matches!(w, b".." | b".-" | b"-."))
}

/// Start, end and separators of one path part (a namespace or one `/` part
/// of a repository): it begins and ends with a letter or digit, and between
/// letters and digits a separator is one `.`, one or two `_`, or any number
/// of `-` (distribution's `path-component`). `seps` are the separator classes
/// this component allows; other characters were reported as invalid and
/// only break runs. `at_input_end`: the part ends the input, so a trailing
/// separator may still be followed by more letters.
#[allow(clippy::too_many_arguments)]
fn check_path_part<'a>(
    out: &mut Out<'a>,
    part: &'a str,
    at: usize,
    component: Component,
    edge_code: Code,
    what: &'static str,
    seps: u16,
    at_input_end: bool,
) {
    let b = part.as_bytes();
    let is_sep = |c: u8| is(c, seps);
    let edge_msg = || (0, smallvec![Arg::Word(what), q(part)]);
    let lead = run_end(b, 0, is_sep);
    if lead == b.len() {
        out.add_in(edge_code, component, at, at + b.len(), edge_msg(), None, false);
        return;
    }
    if lead > 0 {
        out.add_in(edge_code, component, at, at + lead, edge_msg(), None, false);
    }
    let trail = b.iter().rposition(|&c| !is_sep(c)).map_or(0, |k| k + 1);
    if trail < b.len() {
        let clearable = at_input_end && separator_ok(&b[trail..]);
        out.add_in(edge_code, component, at + trail, at + b.len(), edge_msg(), None, clearable);
    }
    // Interior runs between two letters or digits.
    let mut i = lead;
    while i < trail {
        if !is_sep(b[i]) {
            i += 1;
            continue;
        }
        let j = run_end(b, i, is_sep);
        let between = is(b[i - 1], ALNUM) && b.get(j).is_some_and(|&c| is(c, ALNUM));
        if between && !separator_ok(&b[i..j]) {
            let msg = (0, smallvec![q(&part[i..j])]);
            out.add_in(Code::PathSeparator, component, at + i, at + j, msg, None, false);
        }
        i = j;
    }
}

fn separator_ok(run: &[u8]) -> bool {
    matches!(run, b"." | b"_" | b"__") || run.iter().all(|&c| c == b'-')
}

/// Invalid characters of a lowercase component: uppercase ASCII letters get
/// one diagnostic over the component with a lowercase fix; every run of
/// other disallowed characters gets its own. Whitespace and control
/// characters were reported by `contains_whitespace`.
/// `upper_clearable`: typing on could make this part a registry, where
/// uppercase is allowed.
fn check_lowercase_chars<'a>(
    out: &mut Out<'a>,
    part: Part<'a>,
    code: Code,
    what: &'static str,
    allowed: u16,
    upper_clearable: bool,
) {
    if part.text.bytes().any(|b| is(b, UPPER)) {
        let lower = part.text.to_ascii_lowercase();
        let msg = (1, smallvec![Arg::Word(what), q(part.text)]);
        let f = fix(&format!("use {lower:?}", lower = Quote(&lower)), replace(out.input, part.at, part.end(), &lower));
        out.add(code, part.at, part.end(), msg, f, upper_clearable);
    }
    check_chars(out, part.text, part.at, code, what, allowed | UPPER);
}

/// One diagnostic per run of characters that are neither of the `allowed`
/// classes nor blank.
fn check_chars<'a>(out: &mut Out<'a>, text: &'a str, at: usize, code: Code, what: &'static str, allowed: u16) {
    if text.bytes().all(|c| is(c, allowed)) {
        return;
    }
    let bad = |c: char| !(is_blank(c) || (c.is_ascii() && is(c as u8, allowed)));
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !bad(c) {
            continue;
        }
        let mut j = i + c.len_utf8();
        while let Some(&(k, d)) = iter.peek() {
            if !bad(d) {
                break;
            }
            j = k + d.len_utf8();
            iter.next();
        }
        let msg = (0, smallvec![Arg::Word(what), q(&text[i..j])]);
        out.add(code, at + i, at + j, msg, None, false);
    }
}

/// End of the run of bytes matching `f` that starts at `i`.
fn run_end(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> usize {
    b[i..].iter().position(|&c| !f(c)).map_or(b.len(), |k| i + k)
}

/// A length in characters, as the seed's limits count them. Nearly every
/// reference is ASCII, where that is the byte length: `is_ascii` reads a word
/// at a time, counting decodes every character.
fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}
