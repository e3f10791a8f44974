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
use crate::gojson::write_string;
use crate::secret::SecretDiagnostic;

/// Writes one JSON object, field by field.
pub(super) struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub(super) fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }
    pub(super) fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
        self.out
    }
    pub(super) fn str(&mut self, k: &str, v: &str) -> &mut Self {
        write_string(self.key(k), v);
        self
    }
    pub(super) fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }
    pub(super) fn raw(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k).push_str(v);
        self
    }
    pub(super) fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.raw(k, if v { "true" } else { "false" })
    }
    pub(super) fn num(&mut self, k: &str, v: u64) -> &mut Self {
        push_num(self.key(k), v);
        self
    }
    pub(super) fn opt_num(&mut self, k: &str, v: Option<u64>) -> &mut Self {
        match v {
            Some(v) => self.num(k, v),
            None => self.raw(k, "null"),
        }
    }
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub(super) fn opt_bool(&mut self, k: &str, v: Option<bool>) -> &mut Self {
        match v {
            Some(v) => self.bool(k, v),
            None => self.raw(k, "null"),
        }
    }
    /// A field whose value `f` writes.
    pub(super) fn with(&mut self, k: &str, f: impl FnOnce(&mut String)) -> &mut Self {
        f(self.key(k));
        self
    }
    pub(super) fn end(&mut self) {
        self.out.push('}');
    }
}

pub(super) fn push_num(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Writes a JSON array of `items`, each written by `f`.
pub(super) fn array<T>(out: &mut String, items: impl IntoIterator<Item = T>, mut f: impl FnMut(&mut String, T)) {
    out.push('[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        f(out, x);
    }
    out.push(']');
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
pub(super) fn string_array<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>) {
    array(out, items, write_string);
}

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
    let field = d.field.as_str();
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("field", field)
        .str("message", &d.message)
        .with("span", |w| write_span(w, &text_of(field), d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}
