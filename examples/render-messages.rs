//! Prints the messages Rust renders, for the test that compares them with
//! the messages the JS package renders from the same templates
//! (tests/js/rendering.test.mjs): one JSON string per input line on stdin,
//! one JSON line out per input, `{"codeEngine": [...], "oci": [...]}`, each
//! diagnostic as `[code, message, fix label, fix replacement]` (null
//! without a fix).
//!
//! ```text
//! cargo run --example render-messages < inputs.jsonl
//! ```

use registry_access::{validate, Profile};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let input: String = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
        let render = |profile| -> Vec<Value> {
            let v = validate(&input, profile);
            let fix =
                |d: &registry_access::Diagnostic| d.fix.as_ref().map(|f| (f.label.clone(), f.replacement.clone()));
            v.diagnostics
                .iter()
                .map(|d| {
                    let (label, replacement) = fix(d).unzip();
                    json!([d.code.as_str(), d.message.to_string(), label, replacement])
                })
                .collect()
        };
        let row = json!({ "codeEngine": render(Profile::CodeEngine), "oci": render(Profile::Oci) });
        writeln!(out, "{row}")?;
    }
    out.flush()
}
