//! The kubelet's decoding (SPEC §3.3), as data: `data/kubelet/decoding.json`
//! holds the inputs of upstream tests (kubernetes' credential provider,
//! docker/cli's config, containers/image's auth files) and probes of the
//! kubelet's decoding rules, each with the outcome the kubelet gives. Every
//! case is read by `inspect_docker_config`, matched by `match_credentials`
//! and edited by `upsert_credential`, which must all decode it the same way.

use super::*;
use registry_access::matching::match_credentials;
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

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
        let i = inspect_docker_config(input, &InspectOptions { reveal: true, ..Default::default() });
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
        let before = inspect_docker_config(input, &InspectOptions { reveal: true, ..Default::default() });
        if !before.valid || before.entries.is_empty() {
            continue;
        }
        let out = upsert_credential(input, &new).unwrap_or_else(|e| panic!("{}: {e}", name(&case)));
        assert_eq!(out.matches("\"auths\"").count(), 1, "{}: {out}", name(&case));
        let after = inspect_docker_config(&out, &InspectOptions { reveal: true, ..Default::default() });
        for e in &before.entries {
            let a = after.entries.iter().find(|a| a.server == e.server).expect("entry kept");
            assert_eq!((&a.username, &a.password, a.password_length), (&e.username, &e.password, e.password_length));
        }
        edited += 1;
    }
    assert!(edited >= 30, "{edited}");
}

// The issue's examples, messages pinned word for word.

#[test]
fn auth_unpadded_is_read_with_a_note() {
    // docker-credential-desktop writes `auth` without padding; the kubelet
    // reads it (Kubernetes 1.17 and later), `docker login` does not.
    let unpadded = auth("iamapikey", "k3y").trim_end_matches('=').to_string();
    assert_ne!(unpadded, auth("iamapikey", "k3y"));
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{unpadded}"}}}}}}"#);
    let i = inspect(&text);
    let d = only(&i, ConfigCode::AuthUnpadded);
    assert_eq!(
        d.message(),
        "\"auth\" of \"us.icr.io\" is base64 without its \"=\" padding; the kubelet reads it, but docker login refuses it; pad it with \"=\" to a multiple of 4 characters"
    );
    assert_eq!(d.severity, Severity::Info);
    assert!(i.valid);
    assert_eq!((i.entries[0].username.as_deref(), i.entries[0].password_length), (Some("iamapikey"), 3));
    let fix = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fix.label, "encode \"auth\" as padded standard base64");
    assert_eq!(fix.replacement, format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, auth("iamapikey", "k3y")));
}

#[test]
fn auth_undecodable_url_safe_alphabet() {
    // base64url (a JWT library) writes "-" and "_" where base64 has "+" and "/".
    let url_safe = auth("iamapikey", "a>b?").replace('+', "-").replace('/', "_");
    assert!(url_safe.contains(['-', '_']));
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{url_safe}"}}}}}}"#);
    let d = only(&inspect(&text), ConfigCode::AuthUndecodable);
    assert_eq!(
        d.message(),
        "\"auth\" of \"us.icr.io\" is not base64 of \"username:password\" (it uses the URL-safe alphabet, spaces or incomplete padding; encode it as standard base64); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
    );
    let fix = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert!(fix.replacement.contains(&auth("iamapikey", "a>b?")));
}

#[test]
fn auth_not_utf8_is_still_a_credential() {
    // "u:" then the byte 0xFF: the kubelet sends that byte as the password.
    let text = r#"{"auths":{"registry.example.com":{"auth":"dTr/"}}}"#;
    let i = revealed(text);
    let d = only(&i, ConfigCode::AuthNotUtf8);
    assert_eq!(
        d.message(),
        "\"auth\" of \"registry.example.com\" decodes to a password that is not UTF-8 text (a password of 1 byte); the kubelet sends the bytes as they are, but a registry compares text; encode \"auth\" from the username and password as UTF-8"
    );
    let e = &i.entries[0];
    assert_eq!(
        (e.username.as_deref(), e.has_password, e.password_length, e.password.as_deref()),
        (Some("u"), true, 1, None)
    );
}

#[test]
fn field_names_match_as_go_matches_them() {
    // Go's encoding/json matches field names case-insensitively.
    let i = inspect(r#"{"Auths":{"r.example.com":{"Username":"u","Password":"p"}}}"#);
    assert!(i.valid && i.diagnostics.is_empty(), "{:?}", i.diagnostics);
    assert_eq!(i.shape, Some(Shape::DockerConfigJson));
    assert_eq!((i.entries[0].username.as_deref(), i.entries[0].password_length), (Some("u"), 1));
    let i = inspect(r#"{"auths":{"r.example.com":{"AUTH":"dTpw","EMAIL":"a@example.com"}}}"#);
    assert!(i.diagnostics.is_empty(), "{:?}", i.diagnostics);
    assert_eq!((i.entries[0].username.as_deref(), i.entries[0].email.as_deref()), (Some("u"), Some("a@example.com")));
    // docker's own settings in any spelling: a docker config, not a legacy file.
    let i = inspect(r#"{"PsFormat": "format"}"#);
    assert_eq!((i.shape, codes(&i)), (Some(Shape::DockerConfigJson), vec!["no_entries"]));
    // Two spellings of one field: Go keeps the last, `null` changes nothing.
    let i = revealed(r#"{"auths":{"r.example.com":{"username":"a","password":"p","Username":"b","PASSWORD":null}}}"#);
    assert_eq!(codes(&i), ["duplicate_key", "duplicate_key"]);
    assert_eq!(
        i.diagnostics[0].message(),
        "keys \"username\" and \"Username\" are the same field for the kubelet (Go matches field names case-insensitively); keep one"
    );
    assert_eq!((i.entries[0].username.as_deref(), i.entries[0].password.as_deref()), (Some("b"), Some("p")));
    // A type error names the key as written.
    let text = r#"{"auths":{"r.example.com":{"Password":7,"username":"u"}}}"#;
    let d = only(&inspect(text), ConfigCode::InvalidFieldType);
    assert_eq!(d.message(), "\"Password\" of \"r.example.com\" must be a string, found a number; the kubelet cannot decode the secret, so every pull of a pod that uses it fails");
    assert_eq!(&text[d.span.start..d.span.end], "\"Password\"");
}

#[test]
fn http_headers_of_the_wrong_type_break_the_whole_secret() {
    let text = r#"{"auths":{"r.example.com":{"auth":"dTpw"}},"HttpHeaders":{"X-Meta":1}}"#;
    let i = inspect(text);
    let d = only(&i, ConfigCode::InvalidFieldType);
    assert_eq!(
        d.message(),
        "\"HttpHeaders\": its value \"X-Meta\" must be a string, found a number; the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
    );
    assert_eq!(&text[d.span.start..d.span.end], "\"HttpHeaders\"");
    let i = inspect(r#"{"auths":{},"httpheaders":"x"}"#);
    assert_eq!(codes(&i), ["invalid_field_type", "no_entries"]);
    let d = &i.diagnostics[0];
    assert_eq!(d.message(), "\"httpheaders\": it must be an object of strings, found a string; the kubelet cannot decode the secret, so every pull of a pod that uses it fails");
    assert!(inspect(r#"{"auths":{"r.example.com":{"auth":"dTpw"}},"HttpHeaders":{"a":"b","c":null}}"#).valid);
}

#[test]
fn null_entries_and_null_auths_are_empty() {
    let d = only(&inspect(r#"{"auths":{"r.example.com":null}}"#), ConfigCode::EmptyEntry);
    assert_eq!(d.message(), "entry \"r.example.com\" holds no credentials");
    assert_eq!(d.severity, Severity::Warning);
    let i = inspect(r#"{"auths":null}"#);
    assert_eq!((i.valid, codes(&i)), (true, vec!["no_entries"]));
}

#[test]
fn wrong_secret_type_for_the_data_key_it_holds() {
    // `kubectl create secret generic --type=kubernetes.io/dockercfg
    // --from-file=.dockerconfigjson=...`: the kubelet reads neither.
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = secret_manifest("kubernetes.io/dockercfg", ".dockerconfigjson", &b64(&config));
    let i = inspect(&text);
    let d = only(&i, ConfigCode::WrongSecretType);
    assert_eq!(
        d.message(),
        "the secret has type \"kubernetes.io/dockercfg\" but holds the data key \".dockerconfigjson\", which the kubelet reads only from a secret of type kubernetes.io/dockerconfigjson; set the type to kubernetes.io/dockerconfigjson"
    );
    assert_eq!(i.entries.len(), 1, "the credentials are still read");
    let fix = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fix.label, "set type to kubernetes.io/dockerconfigjson");
    assert!(inspect(&fix.replacement).valid);
    let legacy = format!(r#"{{"us.icr.io":{{"auth":"{}"}}}}"#, auth("iamapikey", KEY));
    let text = secret_manifest("kubernetes.io/dockerconfigjson", ".dockercfg", &b64(&legacy));
    let d = only(&inspect(&text), ConfigCode::WrongSecretType);
    assert!(
        d.message().starts_with(
            "the secret has type \"kubernetes.io/dockerconfigjson\" but holds the data key \".dockercfg\""
        ),
        "{}",
        d.message()
    );
}
