//! The kubelet's decoding (SPEC §3.3), as data: `data/kubelet/decoding.json`
//! holds the inputs of upstream tests (kubernetes' credential provider,
//! docker/cli's config, containers/image's auth files) and probes of the
//! kubelet's decoding rules, each with the outcome the kubelet gives. Every
//! case is read by `inspect_docker_config`, matched by `match_credentials`
//! and edited by `upsert_credential`, which must all decode it the same way.

use super::check_invariants;
use registry_access::dockerconfig::{inspect_docker_config, upsert_credential, Credential, InspectOptions};
use registry_access::matching::match_credentials;
use serde_json::Value;

fn cases() -> Vec<Value> {
    let data: Value = serde_json::from_str(include_str!("../data/kubelet/decoding.json")).unwrap();
    data["cases"].as_array().unwrap().clone()
}

fn name(case: &Value) -> String {
    format!("{} {} {}: {}", case["repo"], case["file"], case["test"], case["name"])
}

#[test]
fn every_case_reads_as_the_kubelet_decodes_it() {
    let mut checked = 0;
    for case in cases() {
        let input = case["input"].as_str().unwrap();
        let i = inspect_docker_config(input, &InspectOptions { reveal: true });
        check_invariants(input, &i);
        let codes: Vec<&str> = i.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let want: Vec<&str> = case["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert_eq!(codes, want, "{}: {:#?}", name(&case), i.diagnostics);
        assert_eq!(i.valid, case["valid"].as_bool().unwrap(), "{}", name(&case));
        if let Some(entries) = case["entries"].as_array() {
            let got: Vec<(&str, Option<&str>, Option<&str>)> =
                i.entries.iter().map(|e| (e.server.as_str(), e.username.as_deref(), e.password.as_deref())).collect();
            let want: Vec<(&str, Option<&str>, Option<&str>)> = entries
                .iter()
                .map(|e| (e["server"].as_str().unwrap(), e["username"].as_str(), e["password"].as_str()))
                .collect();
            assert_eq!(got, want, "{}", name(&case));
        }
        checked += 1;
    }
    assert_eq!(checked, 64);
}

#[test]
fn matching_uses_the_same_decoding() {
    let mut checked = 0;
    for case in cases() {
        let Some(image) = case["image"].as_str() else { continue };
        let m = match_credentials(case["input"].as_str().unwrap(), image);
        let got: Vec<&str> = m.matched.iter().map(|k| k.server.as_str()).collect();
        let want: Vec<&str> = case["matched"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(got, want, "{}: {:?}", name(&case), m.unmatched);
        // The username the pull sends is the one the reader decodes.
        for k in &m.matched {
            let i = inspect_docker_config(case["input"].as_str().unwrap(), &InspectOptions::default());
            let e = i.entries.iter().find(|e| e.server == k.server).unwrap();
            assert_eq!((&k.username, k.has_password), (&e.username, e.has_password), "{}", name(&case));
        }
        checked += 1;
    }
    assert_eq!(checked, 17);
}

#[test]
fn editing_keeps_what_the_kubelet_decodes() {
    // Adding a registry to a readable config keeps every other credential
    // as the kubelet decodes it, under one "auths".
    let new = Credential { server: "new.example.com".into(), username: "n".into(), password: "p".into(), email: None };
    let mut edited = 0;
    for case in cases() {
        let input = case["input"].as_str().unwrap();
        let before = inspect_docker_config(input, &InspectOptions { reveal: true });
        if !before.valid || before.entries.is_empty() {
            continue;
        }
        let out = upsert_credential(input, &new).unwrap_or_else(|e| panic!("{}: {e}", name(&case)));
        assert_eq!(out.matches("\"auths\"").count(), 1, "{}: {out}", name(&case));
        let after = inspect_docker_config(&out, &InspectOptions { reveal: true });
        for e in &before.entries {
            let a = after.entries.iter().find(|a| a.server == e.server).expect("entry kept");
            assert_eq!((&a.username, &a.password, a.password_length), (&e.username, &e.password, e.password_length));
        }
        edited += 1;
    }
    assert!(edited >= 30, "{edited}");
}
