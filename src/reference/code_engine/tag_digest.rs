//! The tag and the digest (SPEC §1.3).

use super::{char_len, check_chars, fix, plain, q, replace, Out, Part, ALNUM, DASH, DOT, UNDERSCORE};
use crate::diagnostics::{Arg, Code};
use smallvec::smallvec;

pub(super) fn check_tag<'a>(out: &mut Out<'a>, tag: Part<'a>) {
    let colon = tag.at - 1;
    if tag.text.is_empty() {
        let f = fix("remove the \":\"", replace(out.input, colon, tag.at, ""));
        out.add(Code::TagEmpty, colon, tag.at, plain(), f, true);
        return;
    }
    let n = char_len(tag.text);
    if n > 128 {
        let msg = (0, smallvec![Arg::Number(n as u64)]);
        out.add(Code::TagTooLong, tag.at, tag.end(), msg, None, false);
    }
    if matches!(tag.text.as_bytes()[0], b'.' | b'-') {
        let msg = (0, smallvec![q(tag.text)]);
        out.add(Code::TagBadStart, tag.at, tag.at + 1, msg, None, false);
    }
    check_chars(out, tag.text, tag.at, Code::TagInvalidCharacter, "tag", ALNUM | DOT | DASH | UNDERSCORE);
}

pub(super) fn check_digest<'a>(out: &mut Out<'a>, digest: Part<'a>) {
    const PREFIX: &str = "sha256:";
    let d = digest.text;
    if !d.starts_with(PREFIX) {
        // Still typing "sha256:" counts as incomplete.
        let clearable = PREFIX.starts_with(d);
        let (end, msg) = match d.find(':') {
            Some(i) if i > 0 => (i + 1, (2, smallvec![q(&d[..=i])])),
            _ if d.is_empty() => (0, (1, smallvec![])),
            _ if clearable => (d.len(), (1, smallvec![])),
            _ => (d.len(), (2, smallvec![q(d)])),
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
        let msg = (0, smallvec![q(&hex[i..j])]);
        out.add(Code::DigestInvalid, hex_at + i, hex_at + j, msg, None, false);
        i = j;
    }
    if upper && all_hex {
        let lower = hex.to_ascii_lowercase();
        let msg = (1, smallvec![q(hex)]);
        let f = fix("use lowercase digits", replace(out.input, hex_at, hex_at + hex.len(), &lower));
        out.add(Code::DigestInvalid, hex_at, hex_at + hex.len(), msg, f, false);
    }
    let n = hex.len();
    if n != 64 && all_hex {
        let msg = (2, smallvec![Arg::Number(n as u64)]);
        let clearable = n < 64;
        out.add(Code::DigestInvalid, hex_at, hex_at + hex.len(), msg, None, clearable);
    }
}
