//! Checks shared by the fuzz targets. Each one panics with the offending
//! value, so libFuzzer records a crash and the input becomes a regression
//! test in tests/fuzz_regressions.rs.
#![allow(dead_code)]

use registry_access::{Severity, Span, Validation};

/// A span lies inside `input` and on char boundaries (Rust spans are byte
/// offsets; a span inside a UTF-8 sequence would break every consumer).
pub fn check_span(input: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= input.len(),
        "{what}: span {span:?} outside input of {} bytes: {input:?}",
        input.len()
    );
    assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries of {input:?}"
    );
}

/// The invariants of one validation result (SPEC §1.5).
pub fn check_validation(input: &str, v: &Validation, profile: &str) {
    let has_error = v.diagnostics.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(v.valid, !has_error, "{profile}: valid disagrees with diagnostics for {input:?}: {v:?}");
    assert_eq!(
        v.valid,
        v.state == registry_access::State::Valid,
        "{profile}: valid disagrees with state for {input:?}: {v:?}"
    );
    if v.valid {
        assert!(v.normalized().is_some(), "{profile}: valid without normalized for {input:?}");
    }
    for d in &v.diagnostics {
        check_span(input, d.span, &format!("{profile} {}", d.code));
        assert!(!d.message.to_string().is_empty(), "{profile}: empty message for {input:?}");
        assert_eq!(d.severity, d.code.severity(), "{profile}: severity of {} for {input:?}", d.code);
    }
}

/// A stand-in for a password: same length and character classes, so the
/// same shape checks fire, but different text. `None` when it would equal
/// the password.
pub fn stand_in(password: &str) -> Option<String> {
    let s: String = password
        .chars()
        .map(|c| match c {
            'a'..='z' => if c == 'q' { 'z' } else { 'q' },
            'A'..='Z' => if c == 'Q' { 'Z' } else { 'Q' },
            '0'..='9' => if c == '7' { '3' } else { '7' },
            _ => c,
        })
        .collect();
    (s != password).then_some(s)
}

/// How often `needle` occurs in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    hay.match_indices(needle).count()
}
