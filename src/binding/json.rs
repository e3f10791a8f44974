//! JSON writing for the cold-path results (registries, secrets, configs,
//! matching), shared by the image and the full module.

// Registries, secrets, docker configs, matching. These are not called per
// keystroke in bulk, so they cross as one JSON text each way (`JSON.parse`
// on the JS side is faster than building objects through the boundary).
// The JSON is written by hand with `gojson` (valid JSON; Go's escaping is
// just stricter): serde_json's `Value` would add its map, serializer and
// float printer to the .wasm for nothing. Spans are converted to UTF-16.
// ---------------------------------------------------------------------------

use crate::diagnostics::{Fix, Span};
use crate::secret::SecretDiagnostic;

#[allow(unused_imports)] // push_num and string_array: the full module's
pub(super) use crate::gojson::{array, push_num, string_array, Obj};

/// The UTF-16 offset of byte offset `i` of `text` (clamped to a char
/// boundary, so a wrong span can never panic here).
pub(super) fn utf16_at(text: &str, i: usize) -> u64 {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    text[..i].chars().map(char::len_utf16).sum::<usize>() as u64
}

pub(super) fn write_span(out: &mut String, text: &str, span: Span) {
    let mut o = Obj::new(out);
    o.num("start", utf16_at(text, span.start)).num("end", utf16_at(text, span.end));
    o.end();
}

pub(super) fn write_fix(o: &mut Obj<'_>, fix: &Option<Fix>) {
    if let Some(f) = fix {
        o.with("fix", |w| {
            let mut x = Obj::new(w);
            x.str("label", &f.label).str("replacement", &f.replacement);
            x.end();
        });
    }
}

/// A registry or secret diagnostic; `text_of` gives the text its span is in.
pub(super) fn write_secret_diagnostic(out: &mut String, d: &SecretDiagnostic, text_of: &dyn Fn(&str) -> String) {
    let field = d.location.as_str();
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("field", field)
        .str("message", &d.message())
        .with("span", |w| write_span(w, &text_of(field), d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}
