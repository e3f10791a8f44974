//! Login URLs pasted as an image (`https://user:KEY@host/ns/app`): where
//! the credentials are, and what both profiles say about them without
//! quoting them.

use std::ops::Range;

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
