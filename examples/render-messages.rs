//! Prints what Rust renders for each input, for the test that compares it
//! with what the JS package renders from the same templates
//! (tests/js/rendering.test.mjs): one JSON string per input line on stdin,
//! one JSON line out per input, `{"codeEngine": {...}, "oci": {...}}`, each
//! validation as the package names its fields (`valid`, `state`,
//! `normalized`, `familiar`, `components`, `diagnostics`), each diagnostic
//! as `[code, severity, component, [start, end], message, fix label, fix
//! replacement]` (null without a fix), its span in UTF-16 code units as
//! JavaScript counts them.
//!
//! ```text
//! cargo run --example render-messages < inputs.jsonl
//! ```

use registry_access::{validate, Diagnostic, Profile};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};

/// The UTF-16 offset of byte offset `byte` of `input` (a char boundary).
fn utf16(input: &str, byte: usize) -> usize {
    input[..byte].encode_utf16().count()
}

fn render(input: &str, profile: Profile) -> Value {
    let v = validate(input, profile);
    let diagnostic = |d: &Diagnostic| {
        let (label, replacement) = d.fix.as_ref().map(|f| (f.label.clone(), f.replacement.clone())).unzip();
        json!([
            d.code.as_str(),
            d.severity.as_str(),
            d.location.as_str(),
            [utf16(input, d.span.start), utf16(input, d.span.end)],
            d.message.to_string(),
            label,
            replacement
        ])
    };
    let c = &v.components;
    json!({
        "valid": v.valid,
        "state": v.state.as_str(),
        "normalized": v.normalized(),
        "familiar": v.familiar(),
        "components": {
            "registry": c.registry,
            "namespace": c.namespace,
            "repository": c.repository,
            "tag": c.tag,
            "digest": c.digest,
        },
        "diagnostics": v.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
    })
}

fn main() -> std::io::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let input: String = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
        let row = json!({ "codeEngine": render(&input, Profile::CodeEngine), "oci": render(&input, Profile::Oci) });
        writeln!(out, "{row}")?;
    }
    out.flush()
}
