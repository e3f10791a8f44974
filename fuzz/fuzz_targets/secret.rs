//! `create_registry_secret`: no panic; the built `.dockerconfigjson` parses
//! with serde_json and decodes back to the input credentials (fields and
//! `auth`); `inspect_docker_config` reads it back; spans lie inside their
//! field on char boundaries; the password never shows in a message or a
//! Debug print.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
use registry_access::secret::{create_registry_secret, Field, SecretInput};

mod common;

#[derive(Arbitrary, Debug)]
struct Fields {
    name: String,
    server: Option<String>,
    username: Option<String>,
    password: String,
    email: Option<String>,
    namespace: Option<String>,
    creation_timestamp_null: bool,
    password_file: Option<String>,
}

fuzz_target!(|f: Fields| {
    let input = SecretInput {
        name: f.name,
        server: f.server,
        username: f.username,
        password: f.password,
        email: f.email,
        namespace: f.namespace,
        creation_timestamp_null: f.creation_timestamp_null,
        password_file: f.password_file,
        // A fixed clock: the fuzzer reruns an input and needs the same answer.
        now: Some(0),
    };
    let out = create_registry_secret(&input);

    // The document kubectl would store, read back with serde_json.
    let doc: serde_json::Value = serde_json::from_str(&out.dockerconfigjson)
        .unwrap_or_else(|e| panic!("dockerconfigjson does not parse ({e}) for {input:?}"));
    let entry = &doc["auths"][out.server.as_str()];
    assert!(entry.is_object(), "no entry for server {:?} in the document", out.server);
    // kubectl's DockerConfigEntry omits empty fields (omitempty).
    let field = |k: &str| entry.get(k).map(|v| v.as_str().expect("a string field"));
    assert_eq!(field("username").unwrap_or(""), out.username, "username for {input:?}");
    assert_eq!(field("password").unwrap_or(""), input.password, "password for {input:?}");
    assert!(field("username") != Some("") && field("password") != Some(""), "empty field written for {input:?}");
    let email = input.email.as_deref().unwrap_or("");
    if email.is_empty() {
        assert!(entry.get("email").is_none(), "empty email written for {input:?}");
    } else {
        assert_eq!(entry["email"].as_str(), Some(email), "email for {input:?}");
    }
    let auth = entry["auth"].as_str().expect("auth is a string");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(auth)
        .unwrap_or_else(|e| panic!("auth is not padded standard base64 ({e}) for {input:?}"));
    assert_eq!(
        decoded,
        format!("{}:{}", out.username, input.password).into_bytes(),
        "auth does not decode to username:password for {input:?}"
    );

    // Our own reader agrees with what we wrote.
    let back = inspect_docker_config(&out.dockerconfigjson, &InspectOptions { reveal: true, ..Default::default() });
    assert_eq!(back.entries.len(), 1, "entries read back for {input:?}: {back:?}");
    let e = &back.entries[0];
    assert_eq!(e.server, out.server);
    // (A username with ":" is an error, and `auth` then splits elsewhere.)
    if !input.password.is_empty() && !out.username.contains(':') {
        assert_eq!(e.password.as_deref(), Some(input.password.as_str()), "password read back for {input:?}");
    }

    for d in &out.diagnostics {
        let value: &str = match d.location {
            Field::Name => &input.name,
            Field::Server => input.server.as_deref().unwrap_or(""),
            Field::Username => input.username.as_deref().unwrap_or(""),
            Field::Password => &input.password,
            Field::Email => email,
            Field::Namespace => input.namespace.as_deref().unwrap_or(""),
            _ => continue,
        };
        common::check_span(value, d.span, d.code.as_str());
    }

    // The password never shows: the output with the password holds it no
    // more often than the output with a stand-in password of the same shape
    // (field names, fixed texts and the other fields may contain it by
    // chance, and do so equally in both).
    let pw = input.password.as_str();
    if let Some(other) = common::stand_in(pw) {
        let out2 = create_registry_secret(&SecretInput { password: other, ..input.clone() });
        let messages = |o: &registry_access::secret::SecretOutput| {
            o.diagnostics.iter().map(|d| d.message()).collect::<Vec<_>>().join("\n")
        };
        assert!(
            common::count(&messages(&out), pw) <= common::count(&messages(&out2), pw),
            "password in a message: {:?}",
            out.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        assert!(
            common::count(&format!("{out:?}"), pw) <= common::count(&format!("{out2:?}"), pw),
            "password in Debug of the output"
        );
    }
});
