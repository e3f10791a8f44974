//! Editing: `upsert_credential`, `remove_credential`, `merge_docker_configs`.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn upsert_into_nothing_is_byte_identical_to_kubectl() {
    // The golden outputs of `kubectl create secret docker-registry`.
    let golden: serde_json::Value = serde_json::from_str(include_str!("../data/kubectl-golden.json")).unwrap();
    let mut compared = 0;
    for case in golden["cases"].as_array().unwrap() {
        let input = &case["input"];
        let username = input["username"].as_str().unwrap();
        if username.contains(':') {
            continue; // SPEC §3.1: a ':' in the username is refused (it corrupts auth)
        }
        let c = Credential {
            server: input["server"].as_str().unwrap_or("https://index.docker.io/v1/").into(),
            username: username.into(),
            password: input["password"].as_str().unwrap().into(),
            email: input["email"].as_str().map(str::to_string),
        };
        assert_eq!(upsert_credential("", &c).unwrap(), case["dockerconfigjson"].as_str().unwrap(), "{c:?}");
        compared += 1;
    }
    assert_eq!(compared, 10);
}

#[test]
fn upsert_adds_sorted_and_replaces_the_same_registry() {
    let start = format!(
        r#"{{"auths":{{"https://us.icr.io/":{{"auth":"{}"}},"quay.io":{{"auth":"{}"}}}}}}"#,
        auth("iamapikey", "old"),
        auth("bot", "q")
    );
    let out = upsert_credential(&start, &cred("us.icr.io", "iamapikey", "new")).unwrap();
    assert_eq!(
        out,
        format!(
            r#"{{"auths":{{"quay.io":{{"auth":"{}"}},"us.icr.io":{{"username":"iamapikey","password":"new","auth":"{}"}}}}}}"#,
            auth("bot", "q"),
            auth("iamapikey", "new")
        )
    );
    let out = upsert_credential(&out, &cred("de.icr.io", "iamapikey", "d")).unwrap();
    let servers: Vec<String> = inspect(&out).entries.into_iter().map(|e| e.server).collect();
    assert_eq!(servers, ["de.icr.io", "quay.io", "us.icr.io"]);
}

#[test]
fn upsert_with_email_and_go_escaping() {
    let c = Credential { email: Some("dev@example.com".into()), ..cred("us.icr.io", "iamapikey", "p<&>") };
    assert_eq!(
        upsert_credential("{\"auths\":{}}\n", &c).unwrap(),
        r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":"p\u003c\u0026\u003e","email":"dev@example.com","auth":"aWFtYXBpa2V5OnA8Jj4="}}}"#
    );
}

#[test]
fn upsert_keeps_fields_kubectl_does_not_know() {
    // Documented choice: nothing is dropped. credsStore and an ACR identity
    // token stay, written after kubectl's fields with sorted keys.
    let start = r#"{"auths":{"myregistry.azurecr.io":{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":"tok"}},"credsStore":"desktop","HttpHeaders":{"User-Agent":"x"}}"#;
    let out = upsert_credential(start, &cred("us.icr.io", "iamapikey", "p")).unwrap();
    assert_eq!(
        out,
        r#"{"auths":{"myregistry.azurecr.io":{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":"tok"},"us.icr.io":{"username":"iamapikey","password":"p","auth":"aWFtYXBpa2V5OnA="}},"HttpHeaders":{"User-Agent":"x"},"credsStore":"desktop"}"#
    );
}

#[test]
fn upsert_converts_legacy_and_base64_input() {
    let legacy = format!(r#"{{"quay.io":{{"auth":"{}"}}}}"#, auth("bot", "q"));
    let want = format!(
        r#"{{"auths":{{"quay.io":{{"auth":"{}"}},"us.icr.io":{{"username":"iamapikey","password":"p","auth":"aWFtYXBpa2V5OnA="}}}}}}"#,
        auth("bot", "q")
    );
    assert_eq!(upsert_credential(&legacy, &cred("us.icr.io", "iamapikey", "p")).unwrap(), want);
    assert_eq!(upsert_credential(&b64(&legacy), &cred("us.icr.io", "iamapikey", "p")).unwrap(), want);
}

#[test]
fn upsert_refuses_bad_credentials() {
    let e = upsert_credential("", &cred("us.icr.io", "iam:apikey", KEY)).unwrap_err();
    assert_eq!(e.to_string(), "username must not contain \":\" (it separates username and password in \"auth\")");
    assert_eq!((e.code(), e.field()), ("invalid_credential", Some("username")));
    let e = upsert_credential("", &cred("us.icr.io", "iamapikey", "")).unwrap_err();
    assert_eq!(e.to_string(), "password is required");
    let e = upsert_credential("", &cred("", "iamapikey", KEY)).unwrap_err();
    assert_eq!(e.to_string(), "server is required");
    let e = upsert_credential("", &cred("us.icr.io ", "iamapikey", KEY)).unwrap_err();
    assert_eq!(e.to_string(), "server \"us.icr.io \" must not contain whitespace or control characters");
    let e = upsert_credential("", &cred("us.icr.io", "", KEY)).unwrap_err();
    assert_eq!(e.to_string(), "username is required");
}

#[test]
fn edits_refuse_unreadable_configs() {
    let broken = format!("{{\"auths\":{{\"us.icr.io\":{{\"password\":\"{KEY}\",}}}}}}");
    let e = upsert_credential(&broken, &cred("us.icr.io", "iamapikey", KEY)).unwrap_err();
    assert_eq!(e.to_string(), "cannot edit this config: invalid JSON at line 1 column 82: trailing comma");
    assert_eq!(e.code(), "invalid_json");
    assert!(!format!("{e:?}").contains(KEY));
    let e = merge_docker_configs("{}", "[]").unwrap_err();
    assert_eq!(e.to_string(), "cannot edit this config: expected a JSON object, found an array");
    let e = upsert_credential(r#"{"auths":{"quay.io":{"username":7}}}"#, &cred("us.icr.io", "u", "p")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot edit this config: entry \"quay.io\" is not an object of string fields; fix or remove it first"
    );
    assert_eq!(e.code(), "invalid_field_type");
    // ...but replacing the broken entry itself works.
    assert!(upsert_credential(r#"{"auths":{"quay.io":{"username":7}}}"#, &cred("quay.io", "u", "p")).is_ok());
}

#[test]
fn remove_drops_every_spelling_of_the_registry() {
    let a = auth("iamapikey", KEY);
    let text = format!(
        r#"{{"auths":{{"https://us.icr.io":{{"auth":"{a}"}},"quay.io":{{"auth":"{a}"}},"us.icr.io":{{"auth":"{a}"}}}}}}"#
    );
    assert_eq!(
        remove_credential(&text, "us.icr.io").unwrap(),
        format!(r#"{{"auths":{{"quay.io":{{"auth":"{a}"}}}}}}"#)
    );
    assert_eq!(
        remove_credential(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{a}"}}}}}}"#), "quay.io").unwrap(),
        r#"{"auths":{}}"#
    );
    let e = remove_credential(&text, "de.icr.io").unwrap_err();
    assert_eq!(e.to_string(), "no credentials for \"de.icr.io\" in this config");
    assert_eq!(e.code(), "server_not_found");
}

#[test]
fn merge_b_wins_on_conflicts() {
    let a = format!(
        r#"{{"auths":{{"https://us.icr.io/":{{"auth":"{}"}},"quay.io":{{"auth":"{}"}}}},"credsStore":"desktop"}}"#,
        auth("iamapikey", "old"),
        auth("bot", "q")
    );
    let b = format!(
        r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":"new","auth":"{}"}}}},"credsStore":"osxkeychain"}}"#,
        auth("iamapikey", "new")
    );
    assert_eq!(
        merge_docker_configs(&a, &b).unwrap(),
        format!(
            r#"{{"auths":{{"quay.io":{{"auth":"{}"}},"us.icr.io":{{"username":"iamapikey","password":"new","auth":"{}"}}}},"credsStore":"osxkeychain"}}"#,
            auth("bot", "q"),
            auth("iamapikey", "new")
        )
    );
    // Either side may be empty, legacy, base64 or a Secret manifest.
    let manifest = secret_manifest("kubernetes.io/dockerconfigjson", ".dockerconfigjson", &b64(&b));
    assert_eq!(merge_docker_configs("", &manifest).unwrap(), merge_docker_configs(&b, "").unwrap());
}

#[test]
fn edited_output_reads_back_clean() {
    let mut text = String::new();
    for (server, user, pass) in [
        ("us.icr.io", "iamapikey", KEY),
        ("https://index.docker.io/v1/", "me", "dckr_pat_0123456789abcdefghijklmnopq"),
        ("registry.example.com:5000", "ci", "pässwörd <&>"),
    ] {
        text = upsert_credential(&text, &cred(server, user, pass)).unwrap();
    }
    let i = inspect(&text);
    assert!(i.valid && i.diagnostics.is_empty(), "{:?}", i.diagnostics);
    assert_eq!(i.entries.len(), 3);
    assert!(i.entries.iter().all(|e| e.auth_matches == Some(true)));
}

#[test]
fn upsert_edits_the_auths_object_in_any_spelling() {
    // Go reads "Auths" as "auths": the edit changes that object, written as
    // kubectl spells it, and adds no second one.
    let start = r#"{"Auths":{"r.example.com":{"Username":"u","Password":"p"}},"credsStore":"desktop"}"#;
    let out = upsert_credential(start, &cred("quay.io", "q", "w")).unwrap();
    assert_eq!(
        out,
        r#"{"auths":{"quay.io":{"username":"q","password":"w","auth":"cTp3"},"r.example.com":{"username":"u","password":"p"}},"credsStore":"desktop"}"#
    );
    // A null entry is an empty entry, not an error.
    let out = upsert_credential(r#"{"auths":{"r.example.com":null}}"#, &cred("quay.io", "q", "w")).unwrap();
    assert_eq!(out, r#"{"auths":{"quay.io":{"username":"q","password":"w","auth":"cTp3"},"r.example.com":{}}}"#);
    assert_eq!(remove_credential(r#"{"AUTHS":{"quay.io":{"AUTH":"cTp3"}}}"#, "quay.io").unwrap(), r#"{"auths":{}}"#);
}
