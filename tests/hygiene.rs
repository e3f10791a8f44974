//! Secret hygiene (issue item 7): every public function of the crate runs
//! with a canary password (and the canary in `auth`, in identity tokens, in
//! broken inputs), and the canary must never appear in a diagnostic, an
//! error message or a `Debug` print. Types that hold a password must redact
//! it in `Debug`.
//!
//! The canary is searched for as written, base64-encoded (alone and as
//! `user:canary`, the `auth` form) and Go/JSON-escaped, so an encoded leak
//! is caught too. Outputs that carry the password by design (the
//! `.dockerconfigjson`, the Secret manifests, the `--password` command, an
//! edited config, a fix or entry under `reveal: true`) are the product, not
//! a leak, and are not searched; their `Debug` is.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::Engine as _;
use registry_access::dockerconfig::{
    inspect_docker_config, merge_docker_configs, remove_credential, upsert_credential, Credential, InspectOptions,
};
use registry_access::gojson::{auths_document, AuthEntry};
use registry_access::matching::{explain_match, lookup, match_credentials};
use registry_access::registry::{registry_info, server_for_image};
use registry_access::secret::{create_registry_secret, validate_secret_name, SecretInput};
use registry_access::{validate, Profile, Reference};

/// Looks like a real IBM Cloud API key (44 characters of `A-Za-z0-9_-`),
/// so it passes the shape checks that quote nothing.
const CANARY: &str = "CANARYx9Qw_Zt-3b7LmNoPqRsTuVwXyZ0123456789ab";
/// A canary full of characters that escaping changes, with spaces and a
/// newline (a password typed by a person).
const CANARY2: &str = "c4n4ry <&> \"q\" \\ $HOME `x` 'y'\n pässwörd";

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Every form a canary could leak in.
fn forms(canary: &str) -> Vec<String> {
    let mut v = vec![
        canary.to_string(),
        b64(canary),
        b64(&format!("iamapikey:{canary}")),
        b64(&format!("u:{canary}")),
        registry_access::gojson::string(canary).trim_matches('"').to_string(),
        serde_json::to_string(canary).unwrap().trim_matches('"').to_string(),
        format!("{canary:?}").trim_matches('"').to_string(),
    ];
    // A distinctive piece, in case something truncates or re-wraps it.
    v.push(canary.chars().take(12).collect());
    v.sort();
    v.dedup();
    v
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for canary in [CANARY, CANARY2] {
        for form in forms(canary) {
            assert!(!text.contains(&form), "{what} leaks the canary as {form:?}:\n{text}");
        }
    }
}

/// Realistic configs, good and broken, each holding a canary secret.
fn configs() -> Vec<String> {
    let mut out = Vec::new();
    for canary in [CANARY, CANARY2] {
        let json_pw = serde_json::to_string(canary).unwrap();
        let auth = b64(&format!("iamapikey:{canary}"));
        let good =
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":{json_pw},"auth":"{auth}"}}}}}}"#);
        out.extend([
            good.clone(),
            // auth only; legacy; base64 once and twice; wrapped in a Secret
            format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{auth}"}}}}}}"#),
            format!(r#"{{"us.icr.io":{{"username":"iamapikey","password":{json_pw},"auth":"{auth}"}}}}"#),
            b64(&good),
            b64(&b64(&good)),
            format!(r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"x"}},"type":"Opaque","data":{{".dockerconfigjson":"{}"}}}}"#, b64(&good)),
            format!(r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"x"}},"type":"kubernetes.io/dockerconfigjson","data":{{".dockerconfigjson":"{}"}}}}"#, b64(&b64(&good))),
            format!(r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"x"}},"type":"kubernetes.io/dockerconfigjson","stringData":{{".dockerconfigjson":{}}}}}"#, serde_json::to_string(&good).unwrap()),
            format!(r#"{{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","data":{{".dockerconfigjson":{}}}}}"#, serde_json::to_string(&good).unwrap()),
            // auth mismatch both ways, undecodable auth (plain, unpadded), whitespace
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":{json_pw},"auth":"{}"}}}}}}"#, b64("iamapikey:old")),
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":"old","auth":"{auth}"}}}}}}"#),
            format!(r#"{{"auths":{{"us.icr.io":{{"username":{},"password":"old","auth":"{auth}"}}}}}}"#, json_pw),
            format!(r#"{{"auths":{{"us.icr.io":{{"auth":{}}}}}}}"#, serde_json::to_string(&format!("iamapikey:{canary}")).unwrap()),
            format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, auth.trim_end_matches('=')),
            format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, b64(canary)),
            format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, b64(&format!("iamapikey: {canary}\n"))),
            // "user:password" pasted into the username field
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey:{}","password":"x"}}}}}}"#, json_pw.trim_matches('"')),
            // identity token, helper, unknown field holding the canary
            format!(r#"{{"auths":{{"x.azurecr.io":{{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":{json_pw}}}}},"credsStore":"desktop"}}"#),
            format!(r#"{{"auths":{{"us.icr.io":{{"registrytoken":{json_pw}}}}}}}"#),
            // wrong types, broken JSON next to the canary
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":[{json_pw}]}}}}}}"#),
            format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":{json_pw},}}}}}}"#),
            format!(r#"{{"auths":{{"us.icr.io":{{"password":{json_pw} "username":"iamapikey"}}}}}}"#),
            format!(r#"{{"auths":{{"us.icr.io":{{"password":"{canary}"#),
            format!("{{'auths': {{'us.icr.io': {{'password': '{canary}'}}}}}}"),
            format!("apiVersion: v1\nkind: Secret\nstringData:\n  password: {canary}\n"),
            // keys the kubelet never matches
            format!(r#"{{"auths":{{"https://us.icr.io:443":{{"auth":"{auth}"}},"US.ICR.IO":{{"auth":"{auth}"}},"us.icr.io":{{"auth":"{auth}"}},"https://us.icr.io/":{{"auth":"{auth}"}}}}}}"#),
        ]);
        // The canary where a password is typed by mistake.
        out.push(canary.to_string());
        out.push(b64(canary));
    }
    out
}

#[test]
fn inspect_never_shows_the_canary() {
    for text in configs() {
        let i = inspect_docker_config(&text, &InspectOptions::default());
        for d in &i.diagnostics {
            assert_clean("a diagnostic message", &d.message());
            assert!(
                d.fix.is_none() || !d.fix.as_ref().unwrap().replacement.contains(CANARY),
                "unrevealed fix holds the canary"
            );
            if let Some(f) = &d.fix {
                assert_clean("a fix", &format!("{} {}", f.label, f.replacement));
            }
        }
        for e in &i.entries {
            assert_eq!((&e.password, &e.auth, &e.identity_token), (&None, &None, &None));
        }
        assert_clean("Debug of an inspection", &format!("{i:?} {i:#?}"));
        // Revealed, the secrets are in the fields asked for, never in Debug.
        let r = inspect_docker_config(&text, &InspectOptions { reveal: true, ..Default::default() });
        assert_clean("Debug of a revealed inspection", &format!("{r:?} {r:#?}"));
        for d in &r.diagnostics {
            assert_clean("a revealed diagnostic message", &d.message());
        }
    }
}

#[test]
fn editing_never_shows_the_canary() {
    for canary in [CANARY, CANARY2] {
        // "user:password" pasted into the username field, too.
        let pasted = format!("iamapikey:{canary}");
        for user in ["iamapikey", "iam:apikey", "", pasted.as_str()] {
            for server in ["us.icr.io", "", " us.icr.io"] {
                let c =
                    Credential { server: server.into(), username: user.into(), password: canary.into(), email: None };
                // Debug prints the username by design; only a real one is clean.
                if user != pasted {
                    assert_clean("Debug of a Credential", &format!("{c:?} {c:#?}"));
                }
                for text in configs().iter().map(String::as_str).chain(["", "{", "[]"]) {
                    match upsert_credential(text, &c) {
                        Ok(_) => {}
                        Err(e) => assert_clean("an upsert error", &format!("{e} {e:?} {}", e.code())),
                    }
                }
            }
        }
    }
    for a in configs() {
        if let Err(e) = remove_credential(&a, "quay.io") {
            assert_clean("a remove error", &format!("{e} {e:?}"));
        }
        for b in ["", "{", "[]", &a] {
            if let Err(e) = merge_docker_configs(&a, b) {
                assert_clean("a merge error", &format!("{e} {e:?}"));
            }
            if let Err(e) = merge_docker_configs(b, &a) {
                assert_clean("a merge error", &format!("{e} {e:?}"));
            }
        }
    }
}

#[test]
fn matching_never_shows_the_canary() {
    for text in configs() {
        for image in ["nginx", "us.icr.io/team1/app:1.0", "US.ICR.IO/x/y", "not valid"] {
            let m = match_credentials(&text, image);
            assert_clean("Debug of matches", &format!("{m:?}"));
            for d in &m.diagnostics {
                assert_clean("a matching diagnostic", &d.message());
            }
        }
    }
    // Lower-level functions only see keys and images; run them anyway.
    let l = lookup(&["us.icr.io", "https://index.docker.io/v1/"], "docker.io/library/nginx");
    assert_clean("Debug of a lookup", &format!("{l:?}"));
    assert_clean("a match explanation", &format!("{:?}", explain_match("us.icr.io:443", "us.icr.io/a")));
}

#[test]
fn creating_a_secret_never_shows_the_canary() {
    for canary in [CANARY, CANARY2, " padded-canary-CANARYx9Qw_Zt-3b7LmNoPqRsTuVwXyZ0123456789ab \n"] {
        for (server, user) in [
            (None, None),
            (Some("us.icr.io"), Some("iambearer")),
            (Some("https://index.docker.io/v1/"), Some("me")),
            (Some("US.ICR.IO:443/path"), Some("user:colon")),
            (Some("registry-1.docker.io"), Some("iamapikey")),
            (Some(""), Some("")),
        ] {
            let input = SecretInput {
                name: "Bad_Name".into(),
                server: server.map(str::to_string),
                username: user.map(str::to_string),
                password: canary.into(),
                email: Some("not-an-email".into()),
                namespace: Some("team1".into()),
                creation_timestamp_null: false,
                password_file: None,
                now: None,
            };
            assert_clean("Debug of SecretInput", &format!("{input:?} {input:#?}"));
            let out = create_registry_secret(&input);
            for d in &out.diagnostics {
                assert_clean("a secret diagnostic", &format!("{} {d:?}", d.message));
            }
            assert_clean("Debug of SecretOutput", &format!("{out:?} {out:#?}"));
            assert_clean("Debug of the commands", &format!("{:?}", out.commands));
            // The --password-from-file command is the one meant for history.
            assert_clean("the recommended ibmcloud command", &out.commands.ibmcloud.line);
            assert_clean("the docker login command", &out.commands.docker_login.line);
        }
    }
}

#[test]
fn a_password_pasted_into_the_username_field_stays_out_of_messages() {
    // "iamapikey:<key>" pasted whole into the username field: every message
    // about the username stops at its ":".
    for canary in [CANARY, CANARY2] {
        for server in ["us.icr.io", "quay.io"] {
            let input = SecretInput {
                name: "ok".into(),
                server: Some(server.into()),
                username: Some(format!("iamapikey:{canary}")),
                password: CANARY.into(),
                email: None,
                namespace: None,
                creation_timestamp_null: false,
                password_file: None,
                now: None,
            };
            let out = create_registry_secret(&input);
            assert!(out.diagnostics.iter().any(|d| d.code.as_str() == "username_colon"));
            for d in &out.diagnostics {
                assert_clean("a secret diagnostic", &d.message());
            }
        }
    }
}

#[test]
fn shared_types_redact_in_debug() {
    let e = AuthEntry::new("iamapikey", CANARY, "");
    assert_clean("Debug of AuthEntry", &format!("{e:?} {e:#?}"));
    let doc = auths_document([("us.icr.io", &e)]);
    assert!(doc.contains(CANARY), "the document itself is the product");
}

#[test]
fn functions_without_secret_inputs_run_clean() {
    // They never receive a password; run so that every public function is
    // covered, and to catch a canary leaking from shared state.
    for input in ["us.icr.io", "https://us.icr.io:443/v2/", "HTTPS://Host/path", "docker.io", ""] {
        let info = registry_info(input);
        assert_clean("registry_info", &format!("{info:?}"));
        assert_clean("server_for_image", &format!("{:?}", server_for_image(input)));
        assert_clean("validate_secret_name", &format!("{:?}", validate_secret_name(input)));
        for profile in [Profile::CodeEngine, Profile::Oci] {
            assert_clean("validate", &format!("{:?}", validate(input, profile)));
        }
        assert_clean("parse", &format!("{:?}", Reference::parse_normalized(input)));
    }
}

#[test]
fn a_login_url_pasted_as_the_image_does_not_echo_the_password() {
    // `https://user:password@host/...` pasted into the image field of a
    // "will this pull work?" form.
    let image = format!("https://iamapikey:{CANARY}@us.icr.io/team1/app:1.0");
    let m = match_credentials(&configs()[0], &image);
    assert_eq!(
        m.image_error.as_deref(),
        Some("the image contains credentials before \"@\"; remove them (image names never carry credentials)")
    );
    assert_clean("Debug of matches", &format!("{m:?}"));
}

#[test]
fn validate_and_parse_never_show_a_login_urls_password() {
    // The same login URLs in the image field itself: no diagnostic, fix,
    // component or parse error may show the password.
    for canary in [CANARY, CANARY2] {
        for image in [
            format!("https://iamapikey:{canary}@us.icr.io/team1/app:1.0"),
            format!("iamapikey:{canary}@us.icr.io/team1/app"),
            format!("{canary}@us.icr.io/team1/app"),
            format!("https://user:{canary}@host"),
            format!("  https://u:{canary}@us.icr.io/team1/app  "),
            format!("docker://u:{canary}@us.icr.io/team1/app"),
        ] {
            for profile in [Profile::CodeEngine, Profile::Oci] {
                let v = validate(&image, profile);
                assert!(!v.valid);
                assert_clean("validate", &format!("{v:?} {v:#?}"));
                for d in &v.diagnostics {
                    assert_clean("a validate message", &d.message.to_string());
                    if let Some(f) = &d.fix {
                        assert_clean("a validate fix", &format!("{} {}", f.label, f.replacement));
                    }
                }
            }
            for r in [
                Reference::parse(&image),
                Reference::parse_normalized(&image),
                Reference::parse_docker(&image),
                Reference::parse_any(&image),
            ] {
                let e = r.expect_err("a login URL is no reference");
                assert_clean("parse", &format!("{e} {e:?} {}", e.distribution_message()));
            }
        }
    }
}
