//! The tag and the digest (SPEC §1.3).

use super::{char_len, check_chars, fix, q, replace, Out, Part, ALNUM, DASH, DOT, UNDERSCORE};
use crate::diagnostics::Code;

pub(super) fn check_tag(out: &mut Out, tag: Part) {
    let colon = tag.at - 1;
    if tag.text.is_empty() {
        let msg = "tag must not be empty: add a tag or remove the \":\"";
        let f = fix("remove the \":\"", replace(out.input, colon, tag.at, ""));
        out.add(Code::TagEmpty, colon, tag.at, msg, f, true);
        return;
    }
    let n = char_len(tag.text);
    if n > 128 {
        let msg = format!("tag must be 128 characters or fewer (it has {n})");
        out.add(Code::TagTooLong, tag.at, tag.end(), msg, None, false);
    }
    if matches!(tag.text.as_bytes()[0], b'.' | b'-') {
        let msg = format!("tag {:?} must not begin with \".\" or \"-\"", q(tag.text));
        out.add(Code::TagBadStart, tag.at, tag.at + 1, msg, None, false);
    }
    check_chars(out, tag.text, tag.at, Code::TagInvalidCharacter, "tag", ALNUM | DOT | DASH | UNDERSCORE);
}

pub(super) fn check_digest(out: &mut Out, digest: Part) {
    const PREFIX: &str = "sha256:";
    let d = digest.text;
    if !d.starts_with(PREFIX) {
        // Still typing "sha256:" counts as incomplete.
        let clearable = PREFIX.starts_with(d);
        let (end, msg) = match d.find(':') {
            Some(i) if i > 0 => (i + 1, format!("digest must begin with \"sha256:\", not {:?}", q(&d[..=i]))),
            _ if d.is_empty() => (0, "digest must begin with \"sha256:\"".to_string()),
            _ if clearable => (d.len(), "digest must begin with \"sha256:\"".to_string()),
            _ => (d.len(), format!("digest must begin with \"sha256:\", not {d:?}", d = q(d))),
        };
        out.add(Code::DigestBadPrefix, digest.at, digest.at + end, msg, None, clearable);
        return;
    }
    let hex_at = digest.at + PREFIX.len();
    let hex = &d[PREFIX.len()..];
    let b = hex.as_bytes();
    let mut all_hex = true;
    let mut upper = false;
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_hexdigit() {
            upper |= b[i].is_ascii_uppercase();
            i += 1;
            continue;
        }
        all_hex = false;
        // A run of non-hex characters, cut at character boundaries.
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_hexdigit() {
            j += 1;
        }
        let msg = format!("digest must contain only lowercase hexadecimal digits, not {:?}", q(&hex[i..j]));
        out.add(Code::DigestInvalid, hex_at + i, hex_at + j, msg, None, false);
        i = j;
    }
    if upper && all_hex {
        let lower = hex.to_ascii_lowercase();
        let msg = format!("digest {:?} must use lowercase hexadecimal digits", q(hex));
        let f = fix("use lowercase digits", replace(out.input, hex_at, hex_at + hex.len(), &lower));
        out.add(Code::DigestInvalid, hex_at, hex_at + hex.len(), msg, f, false);
    }
    let n = hex.len();
    if n != 64 && all_hex {
        let msg = format!("digest must have 64 hexadecimal digits after \"sha256:\" (it has {n})");
        let clearable = n < 64;
        out.add(Code::DigestInvalid, hex_at, hex_at + hex.len(), msg, None, clearable);
    }
}
