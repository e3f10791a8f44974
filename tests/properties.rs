#![cfg(not(target_arch = "wasm32"))]
//! Property tests (proptest) over realistic references, mutated references
//! and arbitrary strings:
//! - a parsed reference's `Display` parses back to an equal reference;
//! - `validate` never panics, under either profile;
//! - every span lies inside the input, on character boundaries;
//! - a `codeEngine`-valid input without a `registry_underscore` warning is
//!   `oci`-valid (SPEC §1.3), and so is its normalized form.

use proptest::prelude::*;
use registry_access::{validate, Code, Profile, Reference, State, Validation};

/// Mostly well-formed references in the shapes people type, with enough
/// variety (ports, uppercase, separators, digests) to reach both sides of
/// every rule.
fn realistic() -> impl Strategy<Value = String> {
    let registry = prop_oneof![
        Just(String::new()),
        Just("docker.io/".to_string()),
        Just("index.docker.io/".to_string()),
        Just("us.icr.io/".to_string()),
        Just("private.de.icr.io/".to_string()),
        Just("localhost/".to_string()),
        Just("localhost:5000/".to_string()),
        Just("my_reg.example.com/".to_string()),
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?(\\.[a-z0-9]{1,5}){1,3}(:[0-9]{2,5})?/",
    ];
    let namespace = prop_oneof![
        Just(String::new()),
        "[a-z0-9]{4,12}/",
        "[a-z0-9]{1,5}([_-]{1,2}[a-z0-9]{1,5}){0,2}/",
        "[a-zA-Z0-9._-]{1,12}/",
    ];
    let repository = prop_oneof![
        "[a-z0-9]{2,12}",
        "[a-z0-9]{1,6}([._-][a-z0-9]{1,6}){0,2}(/[a-z0-9]{1,6}([._-][a-z0-9]{1,6})?){0,2}",
        "[a-zA-Z0-9._/-]{1,16}",
    ];
    let tag = prop_oneof![Just(String::new()), ":[A-Za-z0-9_][A-Za-z0-9._-]{0,15}", ":[A-Za-z0-9._+-]{0,6}",];
    let digest = prop_oneof![Just(String::new()), "@sha256:[a-f0-9]{64}", "@sha(256|512):[a-fA-F0-9]{0,70}",];
    (registry, namespace, repository, tag, digest).prop_map(|(r, n, p, t, d)| format!("{r}{n}{p}{t}{d}"))
}

/// References built from the allowed alphabet of every component, so that
/// most of them are valid under both profiles.
fn well_formed() -> impl Strategy<Value = String> {
    let registry = prop_oneof![
        Just(String::new()),
        Just("docker.io/".to_string()),
        Just("us.icr.io/".to_string()),
        Just("localhost/".to_string()),
        "[a-z0-9]{1,8}(-[a-z0-9]{1,4})?(\\.[a-zA-Z0-9]{1,6}){1,2}/",
    ];
    let namespace = prop_oneof![Just(String::new()), "[a-z0-9]{4,10}/", "[a-z0-9]{2,5}(_|__|-{1,3})[a-z0-9]{2,5}/",];
    let repository = "[a-z0-9]{2,8}((\\.|_|__|-{1,3})[a-z0-9]{1,6}){0,2}(/[a-z0-9]{1,6}){0,2}";
    let tag = prop_oneof![Just(String::new()), ":[A-Za-z0-9_][A-Za-z0-9._-]{0,15}"];
    let digest = prop_oneof![3 => Just(String::new()), 1 => "@sha256:[a-f0-9]{64}"];
    (registry, namespace, repository, tag, digest).prop_map(|(r, n, p, t, d)| format!("{r}{n}{p}{t}{d}"))
}

/// A realistic reference with a few characters inserted, deleted or replaced
/// (typing mistakes, pasted junk, multibyte characters).
fn mutated() -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        0u8..3,
        prop::sample::select(vec![' ', '\t', '/', ':', '@', '.', '_', '-', 'A', 'é', '\u{200b}', '\0', '$', '😀']),
    );
    (realistic(), prop::collection::vec(edit, 1..4)).prop_map(|(s, edits)| {
        let mut chars: Vec<char> = s.chars().collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        chars.into_iter().collect()
    })
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => well_formed(),
        3 => realistic(),
        3 => mutated(),
        1 => "[a-zA-Z0-9._/:@ -]{0,40}",
        1 => any::<String>(),
    ]
}

fn check_spans(input: &str, v: &Validation) -> Result<(), TestCaseError> {
    for d in &v.diagnostics {
        prop_assert!(d.span.start <= d.span.end, "{input:?}: {d:?}");
        prop_assert!(d.span.end <= input.len(), "{input:?}: {d:?}");
        prop_assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{input:?}: {d:?}");
    }
    Ok(())
}

proptest! {
    // 1024 cases unless PROPTEST_CASES says otherwise (for longer runs).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1024),
        ..ProptestConfig::default()
    })]

    #[test]
    fn display_parses_back_to_an_equal_reference(input in any_input()) {
        if let Ok(r) = Reference::parse(&input) {
            let shown = r.to_string();
            prop_assert_eq!(Reference::parse(&shown), Ok(r), "{:?} -> {:?}", input, shown);
        }
        if let Ok(r) = Reference::parse_normalized(&input) {
            let shown = r.to_string();
            prop_assert_eq!(Reference::parse(&shown), Ok(r.clone()), "{:?} -> {:?}", input, shown);
            prop_assert_eq!(Reference::parse_normalized(&shown), Ok(r), "{:?} -> {:?}", input, shown);
        }
    }

    #[test]
    fn validate_never_panics_and_spans_are_in_bounds(input in any_input()) {
        for profile in [Profile::CodeEngine, Profile::Oci] {
            let v = validate(&input, profile);
            check_spans(&input, &v)?;
            prop_assert_eq!(v.valid, v.normalized().is_some(), "{:?} {:?}", profile, input);
        }
    }

    #[test]
    fn code_engine_valid_is_oci_valid(input in any_input()) {
        let v = validate(&input, Profile::CodeEngine);
        if v.valid && !v.diagnostics.iter().any(|d| d.code == Code::RegistryUnderscore) {
            let parsed = Reference::parse_normalized(&input);
            prop_assert!(parsed.is_ok(), "{:?} is codeEngine-valid but not oci-valid: {:?}", input, parsed.err().map(|e| e.to_string()));
            let normalized = v.normalized().unwrap_or_default();
            let parsed = Reference::parse_normalized(&normalized);
            prop_assert!(parsed.is_ok(), "normalized {:?} is not oci-valid: {:?}", normalized, parsed.err().map(|e| e.to_string()));
            prop_assert!(validate(&input, Profile::Oci).valid, "{:?}", input);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    /// While a valid reference is being typed, every prefix is valid or
    /// incomplete, never invalid (SPEC §1.5: forms show "incomplete" gently).
    /// Registries with "_" are left out: before their "/" they are a
    /// repository whose separators may be wrong in the middle (`a._b`).
    #[test]
    fn prefixes_of_a_valid_input_are_never_invalid(input in prop_oneof![well_formed(), realistic()]) {
        let v = validate(&input, Profile::CodeEngine);
        if v.valid && !v.diagnostics.iter().any(|d| d.code == Code::RegistryUnderscore) {
            for (i, _) in input.char_indices() {
                let prefix = &input[..i];
                let v = validate(prefix, Profile::CodeEngine);
                prop_assert!(v.state != State::Invalid, "{:?} is a prefix of valid {:?} but invalid: {:?}", prefix, input, v.diagnostics);
            }
        }
    }
}

/// The generators do reach valid inputs (so the properties above are not
/// vacuous): a fixed-seed sample has both valid and invalid inputs.
#[test]
fn generators_reach_valid_and_invalid_inputs() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..500 {
        let input = any_input().new_tree(&mut runner).unwrap().current();
        if validate(&input, Profile::CodeEngine).valid {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(valid > 100 && invalid > 100, "valid {valid}, invalid {invalid}");
}

/// The boundary cases of `codeengine-spec.json` (longest registry, label,
/// namespace, path and tag; every separator form): each valid one without a
/// `registry_underscore` warning is `oci`-valid.
#[test]
fn valid_spec_cases_are_oci_valid() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("data/codeengine-spec.json")).expect("codeengine-spec.json is JSON");
    let mut checked = 0;
    for case in cases.as_array().expect("an array of cases") {
        let input = case["input"].as_str().expect("input");
        let v = validate(input, Profile::CodeEngine);
        if v.valid && !v.diagnostics.iter().any(|d| d.code == Code::RegistryUnderscore) {
            checked += 1;
            let parsed = Reference::parse_normalized(input);
            assert!(parsed.is_ok(), "{} {input:?}: {:?}", case["id"], parsed.err().map(|e| e.to_string()));
        }
    }
    assert!(checked > 40, "only {checked} valid cases");
}

/// The suggestion for an unknown `*.icr.io` host, computed the plain way:
/// full Levenshtein distance (ASCII case folded) to every public domain,
/// then every private one, first smallest wins. `closest_icr_domain` cuts
/// this short for speed and must still pick the same domain.
fn closest_icr_domain_plainly(host: &str) -> &'static str {
    fn distance(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
            let mut diag = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let next = (row[j + 1] + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
                diag = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }
    let host: Vec<char> = host.chars().map(|c| c.to_ascii_lowercase()).collect();
    let regions = registry_access::registry::ICR_REGIONS;
    let candidates = regions.iter().map(|r| r.domain).chain(regions.iter().map(|r| r.private));
    let mut best = (usize::MAX, regions[0].domain);
    for d in candidates {
        let dist = distance(&host, &d.chars().collect::<Vec<_>>());
        if dist < best.0 {
            best = (dist, d);
        }
    }
    best.1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn closest_icr_domain_is_the_plain_nearest(
        host in prop_oneof![
            "[a-zA-Z.-]{0,12}\\.icr\\.io",
            "(private\\.)?[a-z]{1,4}(-[a-z]{2,4})?\\.[ic]{2}r\\.[io]{1,3}",
            "[a-zA-Zé.]{0,70}",
        ]
    ) {
        prop_assert_eq!(registry_access::registry::closest_icr_domain(&host), closest_icr_domain_plainly(&host));
    }
}
