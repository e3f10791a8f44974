//! Schema of the `kubectl-*.json` files: real output of
//! `kubectl create secret docker-registry NAME … --dry-run=client -o json|yaml`
//! (kubectl v1.32, see `tests/data/PROVENANCE.md`). Two shapes:
//! - golden (`stdout_b64`, the exact `-o json` stdout, and `dockerconfigjson`);
//! - secrets (`secret_json`, `secret_yaml`, `dockerconfigjson`, and a
//!   `namespace` in the input).
//!
//! Every output is compared byte for byte. The data comes from kubectl 1.32,
//! which prints `"creationTimestamp": null`, so the cases run with that
//! option. A case without a server gets kubectl's default server explicitly
//! (ours is Code Engine's `us.icr.io`). No file-system access here: the wasm
//! build embeds the data.

use super::Report;
use base64::Engine as _;
use registry_access::secret::{create_registry_secret, SecretInput};
use serde_json::Value;

/// kubectl's default `--docker-server`.
const KUBECTL_DEFAULT_SERVER: &str = "https://index.docker.io/v1/";

pub fn run(file: &str, data: &Value, report: &mut Report) {
    let Some(cases) = data["cases"].as_array() else {
        return report.fail(file, "", "expected an object with a \"cases\" array");
    };
    let stem = file.trim_end_matches(".json");
    for (i, case) in cases.iter().enumerate() {
        let id = case["id"].as_str().map(str::to_string).unwrap_or_else(|| format!("{stem}-{:03}", i + 1));
        let name = case["input"]["name"].as_str().unwrap_or("");
        report.case(file, &id, name, check(case));
    }
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn check(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let secret = SecretInput {
        name: input["name"].as_str().ok_or("input.name is missing")?.to_string(),
        server: Some(opt(&input["server"]).unwrap_or_else(|| KUBECTL_DEFAULT_SERVER.to_string())),
        username: opt(&input["username"]),
        password: input["password"].as_str().ok_or("input.password is missing")?.to_string(),
        email: opt(&input["email"]),
        namespace: opt(&input["namespace"]),
        creation_timestamp_null: true,
        password_file: None,
        now: None,
    };
    let out = create_registry_secret(&secret);
    let mut checked = 0;
    if let Some(want) = case["dockerconfigjson"].as_str() {
        same("dockerconfigjson", &out.dockerconfigjson, want)?;
        checked += 1;
    }
    if let Some(want) = case["auth_decoded"].as_str() {
        let doc: Value = serde_json::from_str(&out.dockerconfigjson)
            .map_err(|e| format!("our dockerconfigjson is not JSON: {e}"))?;
        let auths = doc["auths"].as_object().ok_or("no auths object")?;
        let auth = auths.values().next().and_then(|e| e["auth"].as_str()).ok_or("no auth field")?;
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(auth).map_err(|e| format!("auth is not base64: {e}"))?;
        same("auth (decoded)", &String::from_utf8_lossy(&bytes), want)?;
        checked += 1;
    }
    if let Some(b64) = case["stdout_b64"].as_str() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("stdout_b64 is not base64: {e}"))?;
        let want = String::from_utf8(bytes).map_err(|e| format!("stdout is not UTF-8: {e}"))?;
        same("secret json (stdout)", out.secret_json.as_deref().ok_or("no JSON manifest built")?, &want)?;
        checked += 1;
    }
    if let Some(want) = case["secret_json"].as_str() {
        same("secret json", out.secret_json.as_deref().ok_or("no JSON manifest built")?, want)?;
        checked += 1;
    }
    if let Some(want) = case["secret_yaml"].as_str() {
        same("secret yaml", out.secret_yaml.as_deref().ok_or("no YAML manifest built")?, want)?;
        checked += 1;
    }
    if checked == 0 {
        return Err("the case has no expected output".to_string());
    }
    Ok(())
}

/// Byte comparison that names the first differing byte. The values hold test
/// passwords from the data file only.
fn same(what: &str, got: &str, want: &str) -> Result<(), String> {
    if got == want {
        return Ok(());
    }
    let at = got.bytes().zip(want.bytes()).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    Err(format!("{what} differs at byte {at}:\n  got  {got:?}\n  want {want:?}"))
}
