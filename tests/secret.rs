//! Creating a registry secret (SPEC §3.1, §3.2): defaults, every check as a
//! diagnostic code with its message pinned word for word, the outputs byte
//! for byte (current kubectl, without `creationTimestamp`; the kubectl 1.32
//! form is covered by the conformance data), YAML quoting of names, and
//! redaction of the password.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::gojson::{auths_document, AuthEntry};
use registry_access::registry::RegistryKind;
use registry_access::secret::{
    create_registry_secret, shell_quote, validate_secret_name, yaml_name, Field, SecretCode, SecretDiagnostic,
    SecretInput,
};
use registry_access::{Severity, Span};
use std::collections::BTreeSet;

mod support;
use support::secrets::{codes, diags, input, row};

#[test]
fn code_engine_defaults() {
    let out = create_registry_secret(&input("myregistry", None, None, "API_KEY"));
    assert!(out.valid);
    assert_eq!(out.server, "us.icr.io");
    assert_eq!(out.username, "iamapikey");
    assert_eq!(out.registry.kind, RegistryKind::Icr);
    assert_eq!(
        out.dockerconfigjson,
        r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":"API_KEY","auth":"aWFtYXBpa2V5OkFQSV9LRVk="}}}"#
    );
    assert_eq!(
        diags(&out),
        vec![
            (
                "server",
                "default_server",
                "no registry server given: using Code Engine's default \"us.icr.io\"".to_string(),
                Span::new(0, 0),
                None
            ),
            (
                "username",
                "default_username",
                "no username given: using \"iamapikey\" for IBM Cloud Container Registry".to_string(),
                Span::new(0, 0),
                None
            ),
        ]
    );
    // An empty string is the same as none.
    let empty = create_registry_secret(&input("myregistry", Some(""), Some(""), "API_KEY"));
    assert_eq!(empty.dockerconfigjson, out.dockerconfigjson);
    assert_eq!(codes(&empty), ["default_server", "default_username"]);
}

#[test]
fn manifests_like_current_kubectl() {
    let mut i = input("myregistry", None, None, "API_KEY");
    let out = create_registry_secret(&i);
    let data = "eyJhdXRocyI6eyJ1cy5pY3IuaW8iOnsidXNlcm5hbWUiOiJpYW1hcGlrZXkiLCJwYXNzd29yZCI6IkFQSV9LRVkiLCJhdXRoIjoiYVdGdFlYQnBhMlY1T2tGUVNWOUxSVms9In19fQ==";
    assert_eq!(
        out.secret_json.as_deref(),
        Some(format!(
            "{{\n    \"kind\": \"Secret\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"name\": \"myregistry\"\n    }},\n    \"data\": {{\n        \".dockerconfigjson\": \"{data}\"\n    }},\n    \"type\": \"kubernetes.io/dockerconfigjson\"\n}}\n"
        ).as_str())
    );
    assert_eq!(
        out.secret_yaml.as_deref(),
        Some(format!(
            "apiVersion: v1\ndata:\n  .dockerconfigjson: {data}\nkind: Secret\nmetadata:\n  name: myregistry\ntype: kubernetes.io/dockerconfigjson\n"
        ).as_str())
    );

    i.namespace = Some("team-a".to_string());
    i.creation_timestamp_null = true;
    let out = create_registry_secret(&i);
    assert_eq!(
        out.secret_json.as_deref(),
        Some(format!(
            "{{\n    \"kind\": \"Secret\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"name\": \"myregistry\",\n        \"namespace\": \"team-a\",\n        \"creationTimestamp\": null\n    }},\n    \"data\": {{\n        \".dockerconfigjson\": \"{data}\"\n    }},\n    \"type\": \"kubernetes.io/dockerconfigjson\"\n}}\n"
        ).as_str())
    );
    assert_eq!(
        out.secret_yaml.as_deref(),
        Some(format!(
            "apiVersion: v1\ndata:\n  .dockerconfigjson: {data}\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: myregistry\n  namespace: team-a\ntype: kubernetes.io/dockerconfigjson\n"
        ).as_str())
    );
}

#[test]
fn docker_hub_with_email() {
    let mut i = input("hub", Some("https://index.docker.io/v1/"), Some("myuser"), "dckr_pat_abc");
    i.email = Some("me@example.com".to_string());
    let out = create_registry_secret(&i);
    assert!(out.valid);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.registry.kind, RegistryKind::DockerHub);
    assert_eq!(
        out.dockerconfigjson,
        r#"{"auths":{"https://index.docker.io/v1/":{"username":"myuser","password":"dckr_pat_abc","email":"me@example.com","auth":"bXl1c2VyOmRja3JfcGF0X2FiYw=="}}}"#
    );
}

#[test]
fn commands() {
    let mut i = input("hub", Some("https://index.docker.io/v1/"), Some("myuser"), "dckr_pat_abc");
    i.email = Some("me@example.com".to_string());
    i.namespace = Some("team-a".to_string());
    let c = create_registry_secret(&i).commands;
    assert_eq!(
        c.ibmcloud.line,
        "ibmcloud ce secret create --format registry --name hub --server https://index.docker.io/v1/ --username myuser --email me@example.com --password-from-file password.txt"
    );
    assert_eq!(
        c.ibmcloud_with_password.line,
        "ibmcloud ce secret create --format registry --name hub --server https://index.docker.io/v1/ --username myuser --email me@example.com --password dckr_pat_abc"
    );
    assert_eq!(
        c.kubectl.line,
        "kubectl create secret docker-registry hub --docker-server=https://index.docker.io/v1/ --docker-username=myuser --docker-password=dckr_pat_abc --docker-email=me@example.com --namespace=team-a"
    );
    assert_eq!(c.docker_login.line, "docker login https://index.docker.io/v1/ --username myuser --password-stdin");
    assert_eq!(
        c.docker_login.argv,
        ["docker", "login", "https://index.docker.io/v1/", "--username", "myuser", "--password-stdin"]
    );

    let mut i = input("my-secret", None, None, "it's a $secret");
    i.password_file = Some("my key.txt".to_string());
    let c = create_registry_secret(&i).commands;
    assert_eq!(
        c.ibmcloud.line,
        "ibmcloud ce secret create --format registry --name my-secret --server us.icr.io --username iamapikey --password-from-file 'my key.txt'"
    );
    assert_eq!(
        c.ibmcloud_with_password.line,
        r#"ibmcloud ce secret create --format registry --name my-secret --server us.icr.io --username iamapikey --password 'it'\''s a $secret'"#
    );
    assert_eq!(
        c.kubectl.line,
        r#"kubectl create secret docker-registry my-secret --docker-server=us.icr.io --docker-username=iamapikey '--docker-password=it'\''s a $secret'"#
    );
}

#[test]
fn shell_quote_only_when_needed() {
    assert_eq!(shell_quote("us.icr.io"), "us.icr.io");
    assert_eq!(shell_quote("a-b_c@d%e+f=g:h,i/j"), "a-b_c@d%e+f=g:h,i/j");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("a b"), "'a b'");
    assert_eq!(shell_quote("it's"), r#"'it'\''s'"#);
    assert_eq!(shell_quote("~x"), "'~x'");
    assert_eq!(shell_quote("*"), "'*'");
    assert_eq!(shell_quote("é"), "'é'");
    assert_eq!(shell_quote("a\nb"), "'a\nb'");
}

#[test]
fn name_checks() {
    let cases: &[(&str, &str, &str, Span, Option<&str>)] = &[
        ("", "name_empty", "secret name is required", Span::new(0, 0), None),
        (
            "My_App",
            "name_invalid_character",
            "secret name \"My_App\" may contain only lowercase letters, digits, \"-\" and \".\", not \"M\"",
            Span::new(0, 1),
            Some("my-app"),
        ),
        (
            "app secret",
            "name_invalid_character",
            "secret name \"app secret\" may contain only lowercase letters, digits, \"-\" and \".\", not \" \"",
            Span::new(3, 4),
            Some("app-secret"),
        ),
        (
            "-app",
            "name_bad_start_or_end",
            "secret name \"-app\" must begin and end with a lowercase letter or digit, also around each \".\"",
            Span::new(0, 4),
            Some("app"),
        ),
        (
            "a-.b",
            "name_bad_start_or_end",
            "secret name \"a-.b\" must begin and end with a lowercase letter or digit, also around each \".\"",
            Span::new(0, 2),
            Some("a.b"),
        ),
        (
            "a..b",
            "name_bad_start_or_end",
            "secret name \"a..b\" must not begin or end with \".\" or have \"..\"",
            Span::new(2, 2),
            Some("a.b"),
        ),
        (
            "app.",
            "name_bad_start_or_end",
            "secret name \"app.\" must not begin or end with \".\" or have \"..\"",
            Span::new(4, 4),
            Some("app"),
        ),
    ];
    for (name, code, message, span, fix) in cases {
        let got: Vec<_> = validate_secret_name(name).iter().map(row).collect();
        assert_eq!(got, vec![("name", *code, message.to_string(), *span, fix.map(str::to_string))], "{name:?}");
    }
    let long = "a".repeat(254);
    let got: Vec<_> = validate_secret_name(&long).iter().map(row).collect();
    assert_eq!(
        got,
        vec![(
            "name",
            "name_too_long",
            // The quote stops after 200 characters, as every quote does.
            format!("secret name \"{}…\" is 254 characters long; the limit is 253", &long[..200]),
            Span::new(253, 254),
            None
        )]
    );
    for ok in ["a", "my-secret", "my.registry", "ce-registry-2", "0", &"a".repeat(253)] {
        assert!(validate_secret_name(ok).is_empty(), "{ok}");
    }
    // The name check is part of create_registry_secret, and an invalid name
    // means no manifest.
    let out = create_registry_secret(&input("My_App", None, None, "p"));
    assert!(!out.valid);
    assert_eq!(codes(&out)[0], "name_invalid_character");
    assert_eq!((out.secret_json, out.secret_yaml), (None, None));
}

#[test]
fn username_checks() {
    let out = create_registry_secret(&input("x", Some("example.com"), None, "p"));
    assert_eq!(
        diags(&out),
        vec![("username", "username_empty", "username is required".to_string(), Span::new(0, 0), None)]
    );
    assert!(!out.valid);

    let out = create_registry_secret(&input("x", Some("example.com"), Some("a:b"), "p"));
    assert_eq!(
        diags(&out),
        vec![(
            "username",
            "username_colon",
            "username must not contain \":\", which separates username and password in \"auth\"".to_string(),
            Span::new(1, 2),
            None
        )]
    );
    // kubectl stores it anyway (conformance case kubectl-golden-007).
    assert_eq!(
        out.dockerconfigjson,
        r#"{"auths":{"example.com":{"username":"a:b","password":"p","auth":"YTpiOnA="}}}"#
    );

    let out = create_registry_secret(&input("x", Some("us.icr.io"), Some("bob"), "p"));
    assert_eq!(
        diags(&out),
        vec![(
            "username",
            "username_not_icr",
            "username \"bob\" is not an IBM Cloud Container Registry username: use \"iamapikey\" with an API key (or \"iambearer\", \"iamrefresh\" with a token)".to_string(),
            Span::new(0, 3),
            Some("iamapikey".to_string())
        )]
    );
    for ok in ["iamapikey", "iamrefresh"] {
        assert!(create_registry_secret(&input("x", Some("de.icr.io"), Some(ok), "p")).diagnostics.is_empty());
    }
    // An IAM access token lasts about an hour (SPEC §2.2).
    let out = create_registry_secret(&input("x", Some("de.icr.io"), Some("iambearer"), "p"));
    assert_eq!(codes(&out), ["short_lived_credential"]);

    let out = create_registry_secret(&input("x", Some("example.com"), Some("iamapikey"), "p"));
    assert_eq!(
        diags(&out),
        vec![(
            "username",
            "username_iamapikey_not_icr",
            "username \"iamapikey\" is for IBM Cloud Container Registry, but the server \"example.com\" is not one"
                .to_string(),
            Span::new(0, 9),
            None
        )]
    );
    assert!(out.valid);
}

#[test]
fn password_checks() {
    let out = create_registry_secret(&input("x", Some("example.com"), Some("u"), ""));
    assert_eq!(
        diags(&out),
        vec![("password", "password_empty", "password is required".to_string(), Span::new(0, 0), None)]
    );
    assert!(!out.valid);

    let whitespace =
        "password has leading or trailing whitespace or a line break, which a pasted key usually should not";
    for (password, span) in
        [(" key", Span::new(0, 1)), ("key\n", Span::new(3, 4)), ("ke\ny", Span::new(2, 3)), ("key\t ", Span::new(3, 5))]
    {
        let out = create_registry_secret(&input("x", Some("example.com"), Some("u"), password));
        assert_eq!(
            diags(&out),
            vec![("password", "password_whitespace", whitespace.to_string(), span, None)],
            "{password:?}"
        );
        assert!(out.valid);
    }

    let key = "QPFeNBTxaQWk8JzFalHlsZfYcMMDktXP_tKsf2rcDkdf";
    let out = create_registry_secret(&input("x", Some("example.com"), Some("u"), key));
    assert_eq!(
        diags(&out),
        vec![(
            "password",
            "password_api_key_username",
            "password looks like an IBM Cloud API key, which needs the username \"iamapikey\", not \"u\"".to_string(),
            Span::new(0, 44),
            None
        )]
    );
    assert!(create_registry_secret(&input("x", Some("us.icr.io"), Some("iamapikey"), key)).diagnostics.is_empty());

    for token in ["dckr_pat_gjmUhBel31iEl2hpChYgCfrL1sp", "dckr_oat_gjmUhBel31iEl2hpChYgCfrL1sp"] {
        let out = create_registry_secret(&input("x", Some("us.icr.io"), Some("iamapikey"), token));
        assert_eq!(
            diags(&out),
            vec![(
                "password",
                "password_docker_token_on_icr",
                "password looks like a Docker Hub access token, but the server is IBM Cloud Container Registry"
                    .to_string(),
                Span::new(0, 9),
                None
            )]
        );
        assert!(create_registry_secret(&input("x", Some("https://index.docker.io/v1/"), Some("me"), token))
            .diagnostics
            .is_empty());
    }
}

#[test]
fn email_and_namespace_checks() {
    let mut i = input("x", Some("example.com"), Some("u"), "p");
    i.email = Some("nope".to_string());
    let out = create_registry_secret(&i);
    assert_eq!(
        diags(&out),
        vec![(
            "email",
            "email_invalid",
            "email \"nope\" is not an address like name@example.com".to_string(),
            Span::new(0, 4),
            None
        )]
    );
    for bad in ["a@b", "@x.io", "a b@x.io", "a@x..io", "a@@x.io"] {
        i.email = Some(bad.to_string());
        assert_eq!(codes(&create_registry_secret(&i)), ["email_invalid"], "{bad}");
    }
    for ok in ["e@example.com", "a+b@x.io", ""] {
        i.email = Some(ok.to_string());
        assert!(create_registry_secret(&i).diagnostics.is_empty(), "{ok}");
    }

    let mut i = input("x", Some("example.com"), Some("u"), "p");
    i.namespace = Some("Team_A".to_string());
    let out = create_registry_secret(&i);
    assert_eq!(
        diags(&out),
        vec![(
            "namespace",
            "namespace_invalid",
            "namespace \"Team_A\" must be 1 to 63 lowercase letters, digits or \"-\", beginning and ending with a letter or digit".to_string(),
            Span::new(0, 6),
            None
        )]
    );
    assert_eq!((out.secret_json, out.secret_yaml), (None, None));
    for bad in ["a.b", "-a", &"a".repeat(64)] {
        i.namespace = Some(bad.to_string());
        assert_eq!(codes(&create_registry_secret(&i)), ["namespace_invalid"], "{bad}");
    }
}

#[test]
fn nul_characters() {
    let mut i = input("x", Some("example.com"), Some("u\0"), "p\0q");
    i.email = Some("a\0@x.io".to_string());
    let out = create_registry_secret(&i);
    assert!(!out.valid);
    let nul: Vec<_> = diags(&out).into_iter().filter(|d| d.1 == "nul_character").collect();
    assert_eq!(
        nul,
        vec![
            (
                "username",
                "nul_character",
                "username must not contain a NUL character, which no command line can carry".to_string(),
                Span::new(1, 2),
                None
            ),
            (
                "password",
                "nul_character",
                "password must not contain a NUL character, which no command line can carry".to_string(),
                Span::new(1, 2),
                None
            ),
            (
                "email",
                "nul_character",
                "email must not contain a NUL character, which no command line can carry".to_string(),
                Span::new(1, 2),
                None
            ),
        ]
    );
    // The stored material still holds the value, as Go would write it.
    assert!(out.dockerconfigjson.contains(r#""password":"p\u0000q""#));
}

#[test]
fn server_diagnostics_come_from_registry_info() {
    let out = create_registry_secret(&input("x", Some("docker.io"), Some("me"), "p"));
    assert_eq!(codes(&out), ["server_docker_hub_alias"]);
    assert_eq!(out.diagnostics[0].location, Field::Server);
    // kubectl stores the server as typed; the fix is the diagnostic's job.
    assert_eq!(out.dockerconfigjson, r#"{"auths":{"docker.io":{"username":"me","password":"p","auth":"bWU6cA=="}}}"#);
    let out = create_registry_secret(&input("x", Some("bad host"), Some("me"), "p"));
    assert_eq!(codes(&out), ["server_invalid"]);
    assert!(!out.valid);
}

/// Every code of the table has at least one input that produces it.
#[test]
fn every_code_is_produced() {
    let mut seen = BTreeSet::new();
    let mut run = |i: SecretInput| {
        for d in create_registry_secret(&i).diagnostics {
            seen.insert(d.code.as_str());
        }
    };
    let servers = [
        "",
        "  ",
        "bad host",
        " us.icr.io",
        "US.icr.io",
        "https://us.icr.io",
        "host/path",
        "docker.io",
        "us.icr.io:443",
        "*.icr.io",
        "uss.icr.io",
        "registry.ng.bluemix.net",
    ];
    for s in servers {
        run(input("x", Some(s), Some("u"), "p"));
    }
    for n in ["", "A", "-a", &"a".repeat(254)] {
        run(input(n, None, None, "p"));
    }
    run(input("x", Some("example.com"), None, ""));
    run(input("x", Some("example.com"), Some("a:b"), " p"));
    run(input("x", Some("us.icr.io"), Some("bob"), "dckr_pat_QPFeNBTxaQWk8JzFalHlsZfYcMMDktXP_tK"));
    run(input("x", Some("example.com"), Some("iamapikey"), "p"));
    let mut i = input("x", None, None, "p");
    i.email = Some("nope".to_string());
    i.namespace = Some("NS".to_string());
    run(i);
    run(input("x", Some("example.com"), Some("u"), "p\0q"));
    run(input("x", Some("cp.icr.io"), Some("iamapikey"), "p"));
    run(input("x", Some("123456789012.dkr.ecr.us-east-1.amazonaws.com"), Some("AWS"), "p"));
    run(input("x", Some("ghcr.io/Owner"), Some("me"), "p"));
    // A JWT whose payload is {"exp":1000000000} (2001).
    let mut i = input("x", Some("ghcr.io"), Some("me"), "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjEwMDAwMDAwMDB9.c2ln");
    i.now = Some(1_700_000_000);
    run(i);
    let all: BTreeSet<&str> = SecretCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(seen, all);
    for c in SecretCode::ALL {
        assert_eq!(SecretCode::from_name(c.as_str()), Some(*c));
    }
    assert_eq!(SecretCode::ServerInvalid.severity(), Severity::Error);
}

#[test]
fn yaml_quoting_of_names() {
    // Pinned from real kubectl v1.32.4 output (tests/data/kubectl-yaml-names.json
    // has the full manifests).
    for quoted in [
        "123",
        "yes",
        "y",
        "n",
        "on",
        "off",
        "true",
        "false",
        "null",
        "0x1f",
        "0o17",
        "0b101",
        "017",
        "08",
        "1e3",
        "1e-3",
        "1e-400",
        "1.5",
        "2024-01-02",
        "2024-1-2",
        "2024-02-29",
        "9223372036854775808",
        "18446744073709551616",
    ] {
        assert_eq!(yaml_name(quoted), format!("\"{quoted}\""), "{quoted}");
    }
    for plain in [
        "nan",
        "inf",
        "0x",
        "0xg",
        "0b2",
        "1e400",
        "1.2.3",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-01-02-x",
        "20240-01-02",
        "1-2",
        "a1",
        "1e",
        "0x1p-2",
        "2024-001-02",
        "my.registry",
    ] {
        assert_eq!(yaml_name(plain), plain, "{plain}");
    }
}

#[test]
fn debug_never_shows_the_password() {
    let canary = "Canary-9f8e7d-\u{2028}-'\"$";
    let mut i = input("x", Some("us.icr.io"), Some("iamapikey"), canary);
    i.email = Some("e@example.com".to_string());
    let out = create_registry_secret(&i);
    // The outputs do hold it (that is their purpose)...
    assert!(out.commands.ibmcloud_with_password.argv.iter().any(|a| a == canary));
    // ...but no Debug print or message does.
    let auth = AuthEntry::new("iamapikey", canary, "");
    for text in [
        format!("{i:?}"),
        format!("{out:?}"),
        format!("{:?}", out.commands),
        format!("{auth:?}"),
        format!("{:#?}", out),
    ] {
        assert!(!text.contains("Canary-9f8e7d"), "{text}");
        assert!(!text.contains(&auth.auth), "{text}");
    }
    for d in &out.diagnostics {
        assert!(!d.message().contains("Canary"));
    }
    // Passwords that trip every password check still stay out of messages.
    for p in [" Canary-1", "Canary-2\n", "dckr_pat_Canary-3", "Canary4abcdefghijklmnopqrstuvwxyzABCDEFGHIJK"] {
        for server in ["us.icr.io", "example.com"] {
            let out = create_registry_secret(&input("x", Some(server), Some("bob"), p));
            for d in &out.diagnostics {
                assert!(!d.message().contains("Canary"), "{}", d.message);
                assert!(d.fix.as_ref().map_or(true, |f| !f.replacement.contains("Canary")));
            }
            assert!(!format!("{out:?}").contains("Canary"));
        }
    }
}

#[test]
fn auths_document_for_several_registries() {
    let a = AuthEntry::new("iamapikey", "k", "");
    let b = AuthEntry::new("me", "t", "me@example.com");
    assert_eq!(
        auths_document([("us.icr.io", &a), ("https://index.docker.io/v1/", &b)]),
        r#"{"auths":{"https://index.docker.io/v1/":{"username":"me","password":"t","email":"me@example.com","auth":"bWU6dA=="},"us.icr.io":{"username":"iamapikey","password":"k","auth":"aWFtYXBpa2V5Oms="}}}"#
    );
}

/// The text of `input` that a diagnostic's field points into.
fn field_text(input: &SecretInput, field: Field) -> &str {
    fn or_empty(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("")
    }
    match field {
        Field::Name => &input.name,
        Field::Server => or_empty(&input.server),
        Field::Username => or_empty(&input.username),
        Field::Password => &input.password,
        Field::Email => or_empty(&input.email),
        Field::Namespace => or_empty(&input.namespace),
        Field::Config | Field::Image => panic!("a secret's input has no {} field", field.as_str()),
    }
}

/// Every diagnostic points inside its own field, on character boundaries,
/// with its code's severity.
#[track_caller]
fn assert_consistent(input: &SecretInput, diagnostics: &[SecretDiagnostic]) {
    for d in diagnostics {
        let text = field_text(input, d.location);
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{input:?}: {d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{input:?}: {d:?}");
        assert_eq!(d.severity, d.code.severity(), "{d:?}");
        assert!(!d.message().is_empty() && !d.message().ends_with('.'), "{d:?}");
    }
}

/// Odd text in every field gets findings, not a panic, and they hold
/// together: spans inside their field, `valid` exactly when there is no
/// error, manifests exactly when name and namespace are fine.
#[test]
fn odd_input_gets_consistent_findings() {
    let odd = ["", " ", "\u{0}", "\u{e9}", "a:b:c", "[", "://", "\n", "x/\u{2028}", "::::", "-", "."];
    for a in odd {
        for b in odd {
            let mut i = input(a, Some(b), Some(a), b);
            i.email = Some(a.to_string());
            i.namespace = Some(b.to_string());
            let out = create_registry_secret(&i);
            assert_consistent(&i, &out.diagnostics);
            let errors = out.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            assert_eq!(out.valid, errors == 0, "{i:?}");
            let manifest_blocked = out
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error && matches!(d.location, Field::Name | Field::Namespace));
            assert_eq!(out.secret_json.is_none(), manifest_blocked, "{i:?}");
            assert_eq!(out.secret_yaml.is_none(), manifest_blocked, "{i:?}");
        }
        let name = input(a, None, None, "");
        let diagnostics = validate_secret_name(a);
        assert_consistent(&name, &diagnostics);
        assert!(diagnostics.iter().all(|d| d.location == Field::Name), "{a:?}");
        // None of these is a valid Kubernetes name.
        assert!(diagnostics.iter().any(|d| d.severity == Severity::Error), "{a:?}");
    }
}

/// Properties over arbitrary input (native only: proptest does not target
/// wasm32).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use base64::Engine as _;
    use proptest::prelude::*;
    use registry_access::registry::registry_info;
    use registry_access::secret::{create_registry_secret, SecretInput};
    use registry_access::Severity;

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9.:/-]{0,20}",
            any::<String>(),
            "[ -~\u{2028}\u{2029}é日]{0,20}",
            Just("us.icr.io".to_string()),
            Just("https://index.docker.io/v1/".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn outputs_hold_exactly_the_input(name in field(), server in field(), user in field(), password in field(), email in field(), ns in field()) {
            let input = SecretInput {
                name, server: Some(server), username: Some(user), password: password.clone(),
                email: Some(email.clone()), namespace: Some(ns), ..SecretInput::default()
            };
            let out = create_registry_secret(&input);
            let doc: serde_json::Value = serde_json::from_str(&out.dockerconfigjson).unwrap();
            let auths = doc["auths"].as_object().unwrap();
            prop_assert_eq!(auths.len(), 1);
            let entry = &auths[&out.server];
            let text = |k: &str| entry.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            prop_assert_eq!(text("username"), out.username.clone());
            prop_assert_eq!(text("password"), password.clone());
            prop_assert_eq!(text("email"), email);
            let auth = base64::engine::general_purpose::STANDARD.decode(text("auth")).unwrap();
            prop_assert_eq!(auth, format!("{}:{}", out.username, password).into_bytes());
            if let Some(json) = &out.secret_json {
                let secret: serde_json::Value = serde_json::from_str(json).unwrap();
                let data = secret["data"][".dockerconfigjson"].as_str().unwrap();
                prop_assert_eq!(base64::engine::general_purpose::STANDARD.decode(data).unwrap(), out.dockerconfigjson.as_bytes().to_vec());
                prop_assert_eq!(secret["metadata"]["name"].as_str(), Some(input.name.as_str()));
            }
            prop_assert_eq!(out.valid, out.diagnostics.iter().all(|d| d.severity != Severity::Error));
        }

        #[test]
        fn messages_never_hold_the_password(password in "[A-Za-z0-9 \\n_-]{0,6}Zq9[A-Za-z0-9 \\n_-]{0,40}", server in field(), user in "[a-z]{0,8}") {
            let out = create_registry_secret(&SecretInput {
                name: "x".into(), server: Some(server), username: Some(user), password: password.clone(), ..SecretInput::default()
            });
            let debug = format!("{out:?}");
            prop_assert!(!debug.contains(&password));
            for d in &out.diagnostics {
                prop_assert!(!d.message().contains(&password));
                prop_assert!(!d.message().contains("Zq9"));
            }
        }

        #[test]
        fn credential_key_is_a_fixed_point(server in field()) {
            let info = registry_info(&server);
            if let Some(key) = &info.credential_key {
                let again = registry_info(key);
                prop_assert_eq!(again.credential_key.as_ref(), Some(key));
                prop_assert_eq!(again.kind, info.kind);
                prop_assert_eq!(&again.region, &info.region);
            } else {
                prop_assert!(!info.valid());
            }
        }
    }
}
