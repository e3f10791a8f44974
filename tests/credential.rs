//! The credential conventions of SPEC §2.2 (`credential::check_credential`)
//! through the secret builder, alone, and through the config reader: each
//! registry's usernames, short-lived credentials, expired tokens and
//! `ghcr.io` owners, every message pinned word for word, and no message or
//! Debug print holding the password or token.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::registry::RegistryKind;
use registry_access::secret::{create_registry_secret, Field, SecretCode};
use registry_access::Span;

mod support;
use support::secrets::{codes, diags, input};

/// A JWT whose payload holds `exp` (header and signature are not read).
fn jwt(exp: u64) -> String {
    use base64::Engine as _;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!("{}.{}.c2lnbmF0dXJl", enc(r#"{"alg":"RS256","typ":"JWT"}"#), enc(&format!(r#"{{"exp":{exp},"iss":"x"}}"#)))
}

#[test]
fn registry_conventions_of_spec_2_2() {
    let ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    // The entitled registry's username is "cp"; this replaces the general
    // "iamapikey is for ICR" finding.
    let out = create_registry_secret(&input("x", Some("cp.icr.io"), Some("iamapikey"), "p"));
    assert_eq!(
        diags(&out),
        vec![(
            "username",
            "username_unexpected_for_registry",
            r#"username "iamapikey" does not work on "cp.icr.io" (IBM's entitled registry): use "cp""#.to_string(),
            Span::new(0, 9),
            Some("cp".to_string())
        )]
    );
    assert_eq!(out.registry.kind, RegistryKind::IcrEntitled);
    assert!(create_registry_secret(&input("x", Some("cp.icr.io"), Some("cp"), "p")).diagnostics.is_empty());
    // "cp" on a regional ICR domain names the registry it was made for.
    let out = create_registry_secret(&input("x", Some("us.icr.io"), Some("cp"), "p"));
    assert_eq!(
        diags(&out),
        vec![(
            "username",
            "username_unexpected_for_registry",
            r#"username "cp" does not work on "us.icr.io" (IBM Cloud Container Registry): use "iamapikey""#.to_string(),
            Span::new(0, 2),
            Some("iamapikey".to_string())
        )]
    );
    // ECR: "AWS" only, and every ECR password lasts 12 hours.
    let out = create_registry_secret(&input("x", Some(ecr), Some("aws"), "p"));
    assert_eq!(
        diags(&out),
        vec![
            (
                "username",
                "username_unexpected_for_registry",
                format!(r#"username "aws" does not work on "{ecr}" (Amazon ECR): use "AWS""#),
                Span::new(0, 3),
                Some("AWS".to_string())
            ),
            (
                "password",
                "short_lived_credential",
                "the password is an ECR password (from \"aws ecr get-login-password\"), which expires after 12 hours, so a pull secret holding it stops working: refresh the pull secret with a scheduled job, or use the platform's own ECR integration".to_string(),
                Span::new(0, 1),
                None
            ),
        ]
    );
    // Artifact Registry: a service account key lasts, an access token does not.
    assert!(create_registry_secret(&input("x", Some("europe-west4-docker.pkg.dev"), Some("_json_key"), "{}"))
        .diagnostics
        .is_empty());
    let out = create_registry_secret(&input("x", Some("gcr.io"), Some("oauth2accesstoken"), "ya29.x"));
    assert_eq!(
        diags(&out),
        vec![(
            "password",
            "short_lived_credential",
            "the password is an OAuth access token (username \"oauth2accesstoken\"), which expires after 1 hour, so a pull secret holding it stops working: use the username \"_json_key\" with a service account key".to_string(),
            Span::new(0, 6),
            None
        )]
    );
    let out = create_registry_secret(&input("x", Some("us-docker.pkg.dev"), Some("me@example.com"), "p"));
    assert_eq!(codes(&out), ["username_unexpected_for_registry"]);
    assert_eq!(out.diagnostics[0].fix.as_ref().unwrap().replacement, "_json_key");
    // Azure: the all-zero username carries an AAD token.
    let out = create_registry_secret(&input(
        "x",
        Some("myregistry.azurecr.io"),
        Some("00000000-0000-0000-0000-000000000000"),
        "p",
    ));
    assert_eq!(
        diags(&out)[0].2,
        "the password is an AAD access token (the all-zero username), which expires after about 3 hours, so a pull secret holding it stops working: use a service principal or a repository-scoped token and its password"
    );
    assert!(create_registry_secret(&input("x", Some("myregistry.azurecr.io"), Some("sp-id"), "p"))
        .diagnostics
        .is_empty());
    // Anything goes on ghcr.io and quay.io, whose usernames are the user's.
    for server in ["ghcr.io", "quay.io"] {
        assert!(create_registry_secret(&input("x", Some(server), Some("Someone+robot"), "p")).diagnostics.is_empty());
    }
}

#[test]
fn expired_tokens() {
    let token = jwt(1_700_000_000);
    let mut i = input("x", Some("us.icr.io"), Some("iamrefresh"), &token);
    i.now = Some(1_700_000_000 + 3 * 3600 + 59);
    assert_eq!(
        diags(&create_registry_secret(&i)),
        vec![(
            "password",
            "token_expired",
            "the password is a token that expired at 2023-11-14T22:13:20Z, 3 hours before now: get a new one"
                .to_string(),
            Span::new(0, token.len()),
            None
        )]
    );
    // Not yet expired, or exactly now: nothing.
    for now in [1_600_000_000, 1_700_000_000] {
        i.now = Some(now);
        assert!(create_registry_secret(&i).diagnostics.is_empty(), "{now}");
    }
    // An IAM token pasted with its "Bearer " prefix is still read.
    let mut i = input("x", Some("us.icr.io"), Some("iambearer"), &format!("Bearer {token}"));
    i.now = Some(1_700_000_030);
    assert_eq!(codes(&create_registry_secret(&i)), ["short_lived_credential", "token_expired"]);
    assert_eq!(create_registry_secret(&i).diagnostics[1].span, Span::new(7, 7 + token.len()));
    // Without `now`, the current time natively (an expiry in 2001 is past);
    // WebAssembly has no clock of its own, so there the check needs `now`.
    let i = input("x", Some("cp.icr.io"), Some("cp"), &jwt(1_000_000_000));
    let want: &[&str] = if cfg!(target_arch = "wasm32") { &[] } else { &["token_expired"] };
    assert_eq!(codes(&create_registry_secret(&i)), want);
    // The token itself is never in a message or a Debug print.
    let mut i = i;
    i.now = Some(1_700_000_000);
    let out = create_registry_secret(&i);
    let text = format!("{out:?} {:?}", out.diagnostics.iter().map(|d| d.message()).collect::<Vec<_>>());
    assert_eq!(codes(&out), ["token_expired"]);
    assert!(!text.contains(&i.password[10..]));
}

#[test]
fn ghcr_owner_must_be_lowercase() {
    let out = create_registry_secret(&input("x", Some("ghcr.io/MyOrg"), Some("me"), "p"));
    assert_eq!(
        diags(&out),
        vec![
            (
                "server",
                "server_path",
                r#"registry server "ghcr.io/MyOrg" has a path, so it only matches images under "/MyOrg""#.to_string(),
                Span::new(7, 13),
                Some("ghcr.io".to_string())
            ),
            (
                "server",
                "owner_must_be_lowercase",
                r#"owner "MyOrg" on ghcr.io must be lowercase, as every image name there is: use "myorg""#.to_string(),
                Span::new(8, 13),
                Some("ghcr.io/myorg".to_string())
            ),
        ]
    );
    let out = create_registry_secret(&input("x", Some("ghcr.io/myorg"), Some("me"), "p"));
    assert_eq!(codes(&out), ["server_path"]);
}

/// The checks without building a secret: what a form calls per keystroke.
#[test]
fn check_credential_alone() {
    use registry_access::credential::{check_credential, CODES};
    let f = check_credential("cp.icr.io", "iamapikey", "p", None);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].code, f[0].location), (SecretCode::UsernameUnexpectedForRegistry, Field::Username));
    assert_eq!(
        f[0].message(),
        r#"username "iamapikey" does not work on "cp.icr.io" (IBM's entitled registry): use "cp""#
    );
    // A pasted "user:password" in the username field is quoted up to its ":".
    let f = check_credential("123456789012.dkr.ecr.us-east-1.amazonaws.com", "admin:s3cret", "p", None);
    assert!(f[0].message().starts_with(r#"username "admin:…" does not work"#), "{}", f[0].message());
    assert!(!format!("{f:?}").contains("s3cret"));
    // Without `now` an expired token is not reported; with it, it is.
    let token = jwt(1_000);
    assert!(check_credential("example.com", "u", &token, None).is_empty());
    assert_eq!(check_credential("example.com", "u", &token, Some(1_001))[0].code, SecretCode::TokenExpired);
    for c in CODES {
        assert_eq!(SecretCode::from_name(c.as_str()), Some(c));
    }
}

/// The config reader finds the same conventions on each entry, with the
/// secret builder's messages after the entry's key, and the rows of its code
/// table agree with the credential family's declarations.
#[test]
fn config_reader_reports_the_conventions() {
    use registry_access::credential::CODES;
    use registry_access::dockerconfig::{inspect_docker_config, ConfigCode, InspectOptions};
    let text = r#"{"auths":{"cp.icr.io":{"username":"iamapikey","password":"p"},"123456789012.dkr.ecr.us-east-1.amazonaws.com":{"username":"AWS","password":"eyJwYXlsb2FkIjoi"}}}"#;
    let i = inspect_docker_config(text, &InspectOptions { reveal: false, ..Default::default() });
    let messages: Vec<String> = i.diagnostics.iter().map(|d| d.message()).collect();
    let found: Vec<(&str, &str)> =
        i.diagnostics.iter().zip(&messages).map(|(d, m)| (d.code.as_str(), m.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                "short_lived_credential",
                "\"123456789012.dkr.ecr.us-east-1.amazonaws.com\": the password is an ECR password (from \"aws ecr get-login-password\"), which expires after 12 hours, so a pull secret holding it stops working: refresh the pull secret with a scheduled job, or use the platform's own ECR integration"
            ),
            (
                "username_unexpected_for_registry",
                "\"cp.icr.io\": username \"iamapikey\" does not work on \"cp.icr.io\" (IBM's entitled registry): use \"cp\""
            ),
        ]
    );
    for c in CODES {
        let row = ConfigCode::ALL.iter().find(|r| r.as_str() == c.as_str()).expect("a ConfigCode row");
        assert_eq!(row.severity(), c.severity(), "{c}");
    }
}

/// The config reader checks an expiring token against `InspectOptions::now`
/// (WebAssembly has no clock, so the JS binding passes its own): expired
/// after its `exp`, not before, and the token is never in the message.
#[test]
fn config_reader_checks_expiry_against_now() {
    use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
    let token = jwt(1_700_000_000);
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamrefresh","password":"{token}"}}}}}}"#);
    let at = |now| inspect_docker_config(&text, &InspectOptions { now: Some(now), ..Default::default() });
    let i = at(1_700_000_000 + 3 * 3600 + 59);
    let messages: Vec<String> = i.diagnostics.iter().map(|d| d.message()).collect();
    let found: Vec<(&str, &str, &str)> = i
        .diagnostics
        .iter()
        .zip(&messages)
        .map(|(d, m)| (d.code.as_str(), d.location.field.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "token_expired",
            "password",
            "\"us.icr.io\": the password is a token that expired at 2023-11-14T22:13:20Z, 3 hours before now: get a new one"
        )]
    );
    assert!(!format!("{i:?}").contains(&token[10..]));
    assert!(at(1_600_000_000).diagnostics.is_empty());
}

/// Findings stay in field order: a server finding of the conventions comes
/// before the username and password findings.
#[test]
fn findings_in_field_order() {
    let out = create_registry_secret(&input("x", Some("ghcr.io/Me"), Some("iamapikey"), " p"));
    let fields: Vec<&str> = out.diagnostics.iter().map(|d| d.location.as_str()).collect();
    assert_eq!(fields, ["server", "server", "username", "password"]);
    assert_eq!(
        codes(&out),
        ["server_path", "owner_must_be_lowercase", "username_iamapikey_not_icr", "password_whitespace"]
    );
    assert_eq!(out.diagnostics[1].location, Field::Server);
}
