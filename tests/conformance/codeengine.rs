//! Schema of `codeengine-*.json` (SPEC §1.3):
//! `[{ "id", "input", "valid", "codes": [codes that must be present],
//!     "normalized" (when valid), "state" (optional) }]`.
//!
//! `codeengine-spec.json` must also cover the profile: every codeEngine code
//! of the table is listed as present by some case, and for every code there
//! is a valid case whose id starts with `<code>/` (the rule checked and
//! passed).

use super::Report;
use registry_access::{validate, Code, Profile};

pub fn run(file: &str, data: &serde_json::Value, report: &mut Report) {
    let Some(cases) = data.as_array() else {
        return report.fail(file, "", "expected a JSON array of cases");
    };
    for (i, case) in cases.iter().enumerate() {
        let id = case["id"].as_str().map_or_else(|| format!("#{i}"), str::to_string);
        let input = case["input"].as_str().unwrap_or_default();
        report.case(file, &id, input, check(case));
    }
    if file == "codeengine-spec.json" {
        report.case(file, "coverage", "", coverage(cases));
    }
}

fn check(case: &serde_json::Value) -> Result<(), String> {
    let input = case["input"].as_str().ok_or("case has no string \"input\"")?;
    let valid = case["valid"].as_bool().ok_or("case has no boolean \"valid\"")?;
    let v = validate(input, Profile::CodeEngine);
    let got: Vec<&str> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
    if v.valid != valid {
        return Err(format!("valid: expected {valid}, got {} (diagnostics {got:?})", v.valid));
    }
    for code in case["codes"].as_array().into_iter().flatten() {
        let code = code.as_str().ok_or("\"codes\" must hold strings")?;
        if Code::from_name(code).is_none() {
            return Err(format!("{code:?} is not a code of the table"));
        }
        if !got.contains(&code) {
            return Err(format!("code {code:?} missing (diagnostics {got:?})"));
        }
    }
    if let Some(norm) = case.get("normalized").and_then(|n| n.as_str()) {
        if v.normalized.as_deref() != Some(norm) {
            return Err(format!("normalized: expected {norm:?}, got {:?}", v.normalized));
        }
    }
    if let Some(state) = case.get("state").and_then(|s| s.as_str()) {
        if v.state.as_str() != state {
            return Err(format!("state: expected {state:?}, got {:?} (diagnostics {got:?})", v.state.as_str()));
        }
    }
    Ok(())
}

/// Every codeEngine code (the table's rows without a distribution class) is
/// present in some case and has a passing case named after it.
fn coverage(cases: &[serde_json::Value]) -> Result<(), String> {
    let mut missing = Vec::new();
    for code in Code::ALL.iter().filter(|c| c.distribution_class().is_none()) {
        let name = code.as_str();
        let present = cases
            .iter()
            .any(|c| c["codes"].as_array().is_some_and(|codes| codes.iter().any(|x| x.as_str() == Some(name))));
        let prefix = format!("{name}/");
        let passing = cases
            .iter()
            .any(|c| c["valid"].as_bool() == Some(true) && c["id"].as_str().is_some_and(|id| id.starts_with(&prefix)));
        if !present {
            missing.push(format!("{name} (no case where it is present)"));
        }
        if !passing {
            missing.push(format!("{name} (no valid case with id \"{name}/…\")"));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("codeengine-spec.json does not cover: {}", missing.join(", ")))
    }
}
