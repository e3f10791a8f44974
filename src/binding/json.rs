//! How the cold-path results (registries, secrets, configs, matching,
//! policies, the access check) cross: the core's result types derive
//! `Serialize` with the API's field names, and [`answer`] hands them over as
//! JSON text that `js/core.js` reads with one `JSON.parse`. (Not through
//! serde-wasm-bindgen: measured, it made both modules bigger for little less
//! CPU per call; README, "The binding's cold path".)
//!
//! The strings arrive through wasm-bindgen (UTF-8): `js/core.js` reports a
//! lone surrogate (`invalid_utf16`) before calling, so none becomes U+FFFD
//! here. Spans leave in UTF-16 code units (JS string indices): the core's
//! are bytes, so each call converts its result's spans ([`utf16`]) first.

use crate::diagnostics::Span;
use crate::serialize::Failure;
use serde::Serialize;

/// What a cold-path call returns to `js/core.js`.
pub(super) type Js = String;

/// A result as JSON text (serializing these plain types cannot fail).
pub(super) fn answer<T: Serialize>(value: &T) -> Js {
    serde_json::to_string(value).unwrap_or_default()
}

/// Byte span `s` of `text` in UTF-16 code units.
pub(super) fn utf16(text: &str, s: &mut Span) {
    if !text.is_ascii() {
        *s = Span::new(utf16_at(text, s.start), utf16_at(text, s.end));
    }
}

/// The UTF-16 offset of byte offset `i` of `text` (clamped to a char
/// boundary, so a wrong span cannot panic here).
pub(super) fn utf16_at(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    text[..i].chars().map(char::len_utf16).sum()
}

impl Failure {
    /// With its span in UTF-16 code units of `text`.
    pub(super) fn in_utf16(mut self, text: &str) -> Failure {
        self.span.iter_mut().for_each(|s| utf16(text, s));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn spans_in_utf16() {
        let mut s = Span::new(1, 5); // the emoji: four bytes, two units
        utf16("a😀b", &mut s);
        assert_eq!((s.start, s.end), (1, 3));
        assert_eq!(utf16_at("a😀b", 3), 1); // inside the emoji: its start
        assert_eq!(answer(&Ok::<_, Failure>("a")), r#"{"Ok":"a"}"#);
    }
}
