//! How the cold-path results (registries, secrets, configs, matching,
//! policies, the access check) cross to JavaScript: the core's result types
//! derive `Serialize` with the API's field names, and [`answer`] hands them
//! over as JSON text that `js/core.js` reads with one `JSON.parse`.
//!
//! Why JSON text and not serde-wasm-bindgen (the design's first idea): both
//! were built and measured (README, "The binding"). serde-wasm-bindgen
//! builds the object in wasm through one JS call per field and string,
//! which made `inspectDockerConfig` about 2x slower than one string and
//! `JSON.parse`, and js-sys with it made the full module bigger; serde_json
//! is already in the full module (configs are JSON), and its serializer is
//! the smaller addition to the image module.
//!
//! Spans cross in UTF-16 code units (JS string indices): the core's are
//! byte offsets, so each result's spans are converted ([`utf16`]) before
//! it is serialized.

use super::utf16::Texts;
use crate::diagnostics::Span;
use serde::Serialize;

/// What a cold-path call returns to `js/core.js`.
pub(super) type Js = String;

/// A result as JSON text for `JSON.parse` (serializing these plain types
/// cannot fail).
pub(super) fn answer<T: Serialize>(value: &T) -> Js {
    serde_json::to_string(value).unwrap_or_default()
}

/// Byte span `s` of `text` in UTF-16 code units (clamped to char
/// boundaries, so a wrong span cannot panic here).
pub(super) fn utf16(text: &str, s: &mut Span) {
    if !text.is_ascii() {
        *s = Span::new(utf16_at(text, s.start), utf16_at(text, s.end));
    }
}

/// The UTF-16 offset of byte offset `i` of `text`.
pub(super) fn utf16_at(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    text[..i].chars().map(char::len_utf16).sum()
}

/// `{"ok": value}` or `{"error": failure}`: for the functions that throw.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Outcome<T> {
    Ok(T),
    Error(Failure),
}

/// What the error classes of `js/core.js` are built from: the fields each
/// error has (`field`, `component`, `list`, `index`, `span`,
/// `referenceCode`), the others left out.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Failure {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_code: Option<&'static str>,
}

/// A string of the call with a lone surrogate: its place in the pack, the
/// surrogate's UTF-16 index, and the one wording of `invalid_utf16`.
#[derive(Serialize)]
pub(super) struct Unreadable {
    pub string: usize,
    pub index: usize,
    pub message: String,
}

/// `{"invalidUtf16": [Unreadable, …]}` when some string of the call is not
/// unicode text (nothing is read from it, so no result is built: a secret
/// built from the decoded text would hold another password than the one
/// typed; `js/core.js` answers in the function's own shape); else `f`'s
/// answer.
pub(super) fn unpacked(units: &[u16], lengths: &[u32], f: impl FnOnce(&mut Texts) -> Js) -> Js {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        invalid_utf16: Vec<Unreadable>,
    }
    let mut t = Texts::unpack(units, lengths);
    if t.bad.is_empty() {
        return f(&mut t);
    }
    let bad = t.bad.iter().map(|&(string, b)| Unreadable { string, index: b.at, message: b.message() });
    answer(&Answer { invalid_utf16: bad.collect() })
}
