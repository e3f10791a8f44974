//! Every input the fuzz targets (fuzz/, `make fuzz`) or the worst-case
//! tests found to break an invariant, kept as a regression test. Each test
//! names the target that found it and runs the same checks that target
//! runs, so a regression fails here with the same message.

// Also compiled to wasm and run under wasm-bindgen-test (`make test-wasm`).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::{validate, Code, Profile, Reference, Severity, Span, Validation};

fn check_span(input: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && span.end <= input.len(), "{what}: span {span:?} outside {input:?}");
    assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries of {input:?}"
    );
}

fn check_validation(input: &str, v: &Validation, profile: &str) {
    let has_error = v.diagnostics.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(v.valid, !has_error, "{profile}: valid disagrees with diagnostics for {input:?}");
    for d in &v.diagnostics {
        check_span(input, d.span, &format!("{profile} {}", d.code));
        assert!(!d.message.is_empty());
    }
}

/// The checks of fuzz/fuzz_targets/validate.rs.
fn validate_target(input: &str) {
    let ce = validate(input, Profile::CodeEngine);
    let oci = validate(input, Profile::Oci);
    check_validation(input, &ce, "codeEngine");
    check_validation(input, &oci, "oci");
    let underscore = ce.diagnostics.iter().any(|d| d.code == Code::RegistryUnderscore);
    if ce.valid && !underscore {
        assert!(oci.valid, "valid under codeEngine but not under oci: {input:?}");
    }
}

/// One of the four parsers of `Reference`.
type Parser = fn(&str) -> Result<Reference, registry_access::Error>;

/// The checks of fuzz/fuzz_targets/reference.rs.
fn reference_target(input: &str) {
    let parsers: [(&str, Parser); 4] = [
        ("parse", Reference::parse),
        ("parse_normalized", Reference::parse_normalized),
        ("parse_docker", Reference::parse_docker),
        ("parse_any", Reference::parse_any),
    ];
    for (name, parse) in parsers {
        match parse(input) {
            Ok(r) => assert_eq!(parse(&r.to_string()).as_ref(), Ok(&r), "{name}: {input:?}"),
            Err(e) => check_span(input, e.span(), name),
        }
    }
}

/// validate target: a bracketed registry followed by a character other than
/// ":" made the `oci` port span start inside that character (U+FFFD, from
/// the byte 0xff through `from_utf8_lossy`), and slicing the message text
/// panicked ("start byte index 3 is not a char boundary").
#[test]
fn oci_bracketed_host_followed_by_multibyte_character() {
    let input = String::from_utf8_lossy(b"[]\xff./");
    validate_target(&input);
    reference_target(&input);
    // The original, unminimized find.
    let input = String::from_utf8_lossy(&[
        91, 58, 58, 99, 46, 255, 50, 93, 255, 69, 153, 255, 255, 9, 255, 255, 9, 46, 46, 47, 102,
    ]);
    validate_target(&input);
    for s in ["[::1]é/a", "[::1]x/a", "[::1]:é/a", "[]🐳:1/a"] {
        validate_target(s);
        reference_target(s);
    }
}

/// tests/worst_cases.rs: a namespace of 255 characters or more made the
/// codeEngine path-length rule compute `255 - len` and underflow (a panic
/// in debug builds, a nonsense limit in the message in release builds).
#[test]
fn code_engine_namespace_longer_than_the_path_limit() {
    for len in [254, 255, 256, 300, 100_000] {
        let input = format!("us.icr.io/{}/app", "a".repeat(len));
        validate_target(&input);
        let v = validate(&input, Profile::CodeEngine);
        assert!(v.diagnostics.iter().any(|d| d.code == Code::NamespaceLength), "{len}: {:?}", v.diagnostics);
        for d in &v.diagnostics {
            assert!(!d.message.contains("18446744073709551"), "underflowed limit in {:?}", d.message);
        }
    }
}

/// reference target: the familiar form of `docker.io/bier.mi/redi` is
/// `bier.mi/redi`, which parses with host `bier.mi`. That is what
/// distribution's FamiliarString does (it drops `docker.io/` without looking
/// at the path), so we keep it, and the fuzz target's familiar round trip
/// skips paths whose first component looks like a host.
#[test]
fn familiar_form_of_a_docker_hub_path_that_looks_like_a_host() {
    let r = Reference::parse_normalized("docker.io/bier.mi/redi").unwrap();
    assert_eq!((r.domain(), r.path()), ("docker.io", "bier.mi/redi"));
    assert_eq!(r.familiar(), "bier.mi/redi");
    let again = Reference::parse_normalized(&r.familiar()).unwrap();
    assert_eq!((again.domain(), again.path()), ("bier.mi", "redi"));
    // parse → Display → parse is still stable.
    reference_target("docker.io/bier.mi/redi");
}

/// dockerconfig target: a credential key `[*]ߩ` (a bracketed host followed
/// by a multi-byte character and no port) made `registry_info` slice
/// `host[1..len - 1]` inside that character and panic. Every entry point
/// that reads a server reaches it.
#[test]
fn bracketed_server_followed_by_a_multibyte_character() {
    use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
    use registry_access::matching::match_credentials;
    use registry_access::registry::registry_info;
    use registry_access::secret::{create_registry_secret, SecretInput};
    for server in ["[*]ߩ", "[::1]é", "[]ߩ", "[ߩ", "[::1]x", "https://[*]ߩ/v1/"] {
        let info = registry_info(server);
        for d in &info.diagnostics {
            check_span(server, d.span, d.code.as_str());
        }
        let config = serde_json::json!({ "auths": { server: { "username": "u", "password": "p" } } }).to_string();
        let i = inspect_docker_config(&config, &InspectOptions::default());
        for d in &i.diagnostics {
            check_span(&config, d.span, d.code.as_str());
        }
        match_credentials(&config, "nginx");
        let input = SecretInput {
            name: "pull".into(),
            server: Some(server.into()),
            username: Some("u".into()),
            password: "p".into(),
            ..SecretInput::default()
        };
        let out = create_registry_secret(&input);
        assert!(serde_json::from_str::<serde_json::Value>(&out.dockerconfigjson).is_ok());
    }
    // The valid bracketed forms still read as hosts.
    assert_eq!(registry_info("[::1]:5000").port, Some(5000));
}
