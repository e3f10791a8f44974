//! Schema of the `keyring-*.json` files: rows of the kubelet's
//! `pkg/credentialprovider/keyring_test.go` tables (see
//! `tests/data/PROVENANCE.md`). Each row names the Go function under test:
//!
//! - `URLsMatchStr(glob, target)`: `urls_match(config_key, image) == matches`;
//! - `isDefaultRegistryMatch(image)`: `is_default_registry_match(image)`;
//! - `BasicDockerKeyring.Add(cfg); Lookup(image)` and `Lookup`: one key
//!   (`config_key`) or several (`config_keys`, key → the credential's name),
//!   looked up with the image exactly as the Go test passes it (no
//!   normalization); `matches` says whether anything is found,
//!   `expected_creds_in_order` which credentials in which order, and
//!   `max_results` an upper bound on how many.
//!
//! Case ids are `<file stem>-NNN` (1-based row number) unless a row has an
//! `id`. No file-system access: the wasm build embeds the data.

use super::Report;
use registry_access::matching::{is_default_registry_match, lookup, urls_match};
use serde_json::Value;

pub fn run(file: &str, data: &Value, report: &mut Report) {
    let Some(cases) = data["cases"].as_array() else {
        return report.fail(file, "", "expected an object with a \"cases\" array");
    };
    let stem = file.trim_end_matches(".json");
    for (i, case) in cases.iter().enumerate() {
        let id = case["id"].as_str().map(str::to_string).unwrap_or_else(|| format!("{stem}-{:03}", i + 1));
        let input = format!(
            "{} {} {}",
            case["test"].as_str().unwrap_or(""),
            case["config_key"].as_str().unwrap_or(""),
            case["image"].as_str().unwrap_or("")
        );
        report.case(file, &id, &input, check(case));
    }
}

fn check(case: &Value) -> Result<(), String> {
    let function = case["function"].as_str().ok_or("no \"function\"")?;
    let image = case["image"].as_str().ok_or("no \"image\"")?;
    let want = case["matches"].as_bool().ok_or("no \"matches\"")?;
    if function.starts_with("URLsMatchStr") {
        let key = case["config_key"].as_str().ok_or("no \"config_key\"")?;
        let got = urls_match(key, image);
        return if got == want { Ok(()) } else { Err(format!("urls_match gave {got}, want {want}")) };
    }
    if function.starts_with("isDefaultRegistryMatch") {
        let got = is_default_registry_match(image);
        return if got == want { Ok(()) } else { Err(format!("is_default_registry_match gave {got}, want {want}")) };
    }
    if !function.contains("Lookup") {
        return Err(format!("unknown function {function:?}"));
    }
    // (key, credential name): a single key's credential is named by the key.
    let keys: Vec<(String, String)> = match (&case["config_keys"], case["config_key"].as_str()) {
        (Value::Object(m), _) => m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or(k).to_string())).collect(),
        (_, Some(k)) => {
            let name =
                case["expected_creds_in_order"].as_array().and_then(|a| a.first()).and_then(Value::as_str).unwrap_or(k);
            vec![(k.to_string(), name.to_string())]
        }
        _ => return Err("no \"config_key\" or \"config_keys\"".into()),
    };
    let key_refs: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let found = lookup(&key_refs, image);
    let got: Vec<&str> = found.hits.iter().map(|h| keys[h.index].1.as_str()).collect();
    if got.is_empty() == want {
        return Err(format!("lookup found {got:?}, want matches={want}"));
    }
    if let Some(order) = case["expected_creds_in_order"].as_array() {
        let order: Vec<&str> = order.iter().filter_map(Value::as_str).collect();
        if got != order {
            return Err(format!("lookup found {got:?}, want {order:?}"));
        }
    }
    if let Some(max) = case["max_results"].as_u64() {
        if got.len() as u64 > max {
            return Err(format!("lookup found {} credentials, want at most {max}", got.len()));
        }
    }
    Ok(())
}
