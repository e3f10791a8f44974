//! Which credentials an image pull uses (SPEC §3.4): the kubelet's order,
//! the Docker Hub fallback, and a reason for every key that does not match,
//! messages pinned word for word. The upstream table rows are in the
//! conformance suite (`keyring-cases.json`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::Engine as _;
use registry_access::dockerconfig::ConfigCode;
use registry_access::matching::{
    effective_key, explain_match, glob_match, is_default_registry_match, lookup, match_credentials, urls_match,
    BadPattern, Matches, MissReason,
};

const KEY: &str = "CANARYc4n4ry-K3Y_0123456789abcdefghijklmnopq";

/// A `.dockerconfigjson` with one entry per `(key, username)`.
fn config(entries: &[(&str, &str)]) -> String {
    let body: Vec<String> = entries
        .iter()
        .map(|(k, u)| {
            let auth = base64::engine::general_purpose::STANDARD.encode(format!("{u}:{KEY}"));
            format!(r#""{k}":{{"auth":"{auth}"}}"#)
        })
        .collect();
    format!(r#"{{"auths":{{{}}}}}"#, body.join(","))
}

fn matched(m: &Matches) -> Vec<(&str, Option<&str>)> {
    m.matched.iter().map(|k| (k.server.as_str(), k.username.as_deref())).collect()
}

fn reason(m: &Matches, server: &str) -> (MissReason, String) {
    let u = m.unmatched.iter().find(|u| u.server == server).unwrap_or_else(|| panic!("{server} matched: {m:?}"));
    (u.reason, u.message.to_string())
}

#[test]
fn official_image_uses_the_docker_hub_fallback() {
    let m = match_credentials(&config(&[("https://index.docker.io/v1/", "me"), ("us.icr.io", "iamapikey")]), "nginx");
    assert_eq!(m.image.as_deref(), Some("docker.io/library/nginx"));
    assert_eq!(matched(&m), [("https://index.docker.io/v1/", Some("me"))]);
    assert!(m.docker_hub_fallback && m.matched[0].docker_hub_fallback);
    assert_eq!(m.matched[0].effective_key, "index.docker.io");
    assert!(m.matched[0].has_password);
    assert_eq!(
        reason(&m, "us.icr.io"),
        (
            MissReason::DifferentHost,
            "key \"us.icr.io\": host \"us.icr.io\" is not the image's host \"docker.io\"".into()
        )
    );
    assert!(!format!("{m:?}").contains(KEY));
}

#[test]
fn fallback_only_when_nothing_else_matched() {
    let m = match_credentials(
        &config(&[("https://index.docker.io/v1/", "hub"), ("docker.io", "direct")]),
        "library/nginx:1.27",
    );
    assert_eq!(matched(&m), [("docker.io", Some("direct"))]);
    assert!(!m.docker_hub_fallback);
    assert_eq!(reason(&m, "https://index.docker.io/v1/").0, MissReason::DifferentHost);
}

#[test]
fn no_fallback_for_other_registries() {
    let m = match_credentials(&config(&[("https://index.docker.io/v1/", "hub")]), "quay.io/prometheus/node-exporter");
    assert!(m.matched.is_empty() && !m.docker_hub_fallback);
    assert_eq!(
        reason(&m, "https://index.docker.io/v1/").1,
        "key \"https://index.docker.io/v1/\": host \"index.docker.io\" is not the image's host \"quay.io\""
    );
}

#[test]
fn kubelet_order_most_specific_path_first() {
    let cfg = config(&[
        ("*.icr.io", "glob"),
        ("us.icr.io", "host"),
        ("us.icr.io/team1", "team1"),
        ("us.icr.io/team2", "team2"),
    ]);
    let m = match_credentials(&cfg, "us.icr.io/team1/app:1.0");
    assert_eq!(m.image.as_deref(), Some("us.icr.io/team1/app"));
    assert_eq!(
        matched(&m),
        [("us.icr.io/team1", Some("team1")), ("us.icr.io", Some("host")), ("*.icr.io", Some("glob"))]
    );
    assert_eq!(
        reason(&m, "us.icr.io/team2"),
        (
            MissReason::PathPrefix,
            "key \"us.icr.io/team2\": path \"/team2\" is not a prefix of the image's path \"/team1/app\"".into()
        )
    );
}

#[test]
fn path_prefix_is_a_string_prefix() {
    // As the kubelet: "/team1" is a prefix of "/team10/app".
    let m = match_credentials(&config(&[("us.icr.io/team1", "t")]), "us.icr.io/team10/app");
    assert_eq!(matched(&m), [("us.icr.io/team1", Some("t"))]);
}

#[test]
fn reason_different_port() {
    let m = match_credentials(&config(&[("https://us.icr.io:443", "u")]), "us.icr.io/team1/app");
    assert_eq!(
        reason(&m, "https://us.icr.io:443"),
        (
            MissReason::DifferentPort,
            "key \"https://us.icr.io:443\": port \"443\" is not in the image's host \"us.icr.io\"".into()
        )
    );
    let m = match_credentials(&config(&[("registry.example.com", "u")]), "registry.example.com:5000/a/b");
    assert_eq!(
        reason(&m, "registry.example.com").1,
        "key \"registry.example.com\": the image's host \"registry.example.com:5000\" has port \"5000\" and the key none"
    );
    let m = match_credentials(&config(&[("registry.example.com:5001", "u")]), "registry.example.com:5000/a/b");
    assert_eq!(
        reason(&m, "registry.example.com:5001").1,
        "key \"registry.example.com:5001\": port \"5001\" is not the image's port \"5000\""
    );
}

#[test]
fn reason_label_count() {
    let m = match_credentials(&config(&[("*.icr.io", "g")]), "icr.io/team1/app");
    assert_eq!(
        reason(&m, "*.icr.io"),
        (
            MissReason::LabelCount,
            "key \"*.icr.io\": \"*.icr.io\" has 3 host labels, \"icr.io\" has 2; a glob matches one label per label"
                .into()
        )
    );
}

#[test]
fn reason_case_differs() {
    let m = match_credentials(&config(&[("US.ICR.IO", "u")]), "us.icr.io/team1/app");
    assert_eq!(
        reason(&m, "US.ICR.IO"),
        (
            MissReason::CaseDiffers,
            "key \"US.ICR.IO\": host \"US.ICR.IO\" differs from the image's host \"us.icr.io\" only in case; the kubelet compares case-sensitively".into()
        )
    );
    // ...and the config check says so before any pull.
    assert!(m.diagnostics.iter().any(|d| d.code == ConfigCode::ServerKeyNeverMatches));
}

#[test]
fn reason_invalid_key() {
    let m = match_credentials(&config(&[("us.icr.io:abc", "u"), ("us.icr.io", "v")]), "us.icr.io/a/b");
    assert_eq!(matched(&m), [("us.icr.io", Some("v"))]);
    let u = m.unmatched.iter().find(|u| u.server == "us.icr.io:abc").unwrap();
    assert_eq!((u.reason, u.effective_key.as_deref()), (MissReason::InvalidKey, None));
    assert_eq!(u.message, "key \"us.icr.io:abc\" cannot be parsed as a URL; the kubelet ignores it");
}

#[test]
fn reasons_have_stable_codes() {
    let codes: Vec<&str> = MissReason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        codes,
        [
            "different_host",
            "different_port",
            "label_count",
            "path_prefix",
            "case_differs",
            "invalid_key",
            "config_ignored"
        ]
    );
}

#[test]
fn reason_config_ignored_without_auths_wrapper() {
    let legacy = r#"{"us.icr.io":{"auth":"aWFtYXBpa2V5OnA="}}"#;
    let text = format!(
        r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"regcred"}},"type":"kubernetes.io/dockerconfigjson","data":{{".dockerconfigjson":"{}"}}}}"#,
        base64::engine::general_purpose::STANDARD.encode(legacy)
    );
    let m = match_credentials(&text, "us.icr.io/a/b");
    assert!(m.matched.is_empty());
    assert_eq!(
        reason(&m, "us.icr.io").1,
        "key \"us.icr.io\": the kubelet finds no \"auths\" in this config (missing_auths_wrapper)"
    );
    // As a bare text it may be a legacy .dockercfg, which the kubelet reads.
    assert_eq!(matched(&match_credentials(legacy, "us.icr.io/a/b")), [("us.icr.io", Some("iamapikey"))]);
}

#[test]
fn invalid_image_is_reported_not_matched() {
    let m = match_credentials(&config(&[("us.icr.io", "u")]), "us.icr.io/Team1/app");
    assert_eq!(m.image, None);
    assert!(m.image_error.is_some());
    assert!(m.matched.is_empty() && m.unmatched.is_empty());
}

#[test]
fn config_findings_come_along() {
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":" {KEY}"}}}}}}"#);
    let m = match_credentials(&text, "us.icr.io/a/b");
    assert_eq!(m.diagnostics[0].code, ConfigCode::PasswordWhitespace);
    assert_eq!(matched(&m), [("us.icr.io", Some("iamapikey"))]);
}

#[test]
fn reason_config_ignored_when_one_auth_does_not_decode() {
    // The kubelet's Go decoding of the whole secret fails on one bad
    // `auth` (MakeDockerKeyring returns the error): the pull fails, even
    // for the good entry.
    let text = format!(
        r#"{{"auths":{{"quay.io":{{"auth":"not base64!"}},"us.icr.io":{{"auth":"{}"}}}}}}"#,
        base64::engine::general_purpose::STANDARD.encode(format!("iamapikey:{KEY}"))
    );
    let m = match_credentials(&text, "us.icr.io/a/b");
    assert!(m.matched.is_empty());
    assert_eq!(m.diagnostics[0].code, ConfigCode::AuthUndecodable);
    assert_eq!(
        reason(&m, "us.icr.io"),
        (
            MissReason::ConfigIgnored,
            "key \"us.icr.io\": the kubelet cannot decode this config and fails the pull (auth_undecodable)".into()
        )
    );
    assert_eq!(m.unmatched.len(), 2);
}

#[test]
fn reason_config_ignored_for_an_opaque_secret() {
    let config = config(&[("us.icr.io", "iamapikey")]);
    let text = format!(
        r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"regcred"}},"type":"Opaque","data":{{".dockerconfigjson":"{}"}}}}"#,
        base64::engine::general_purpose::STANDARD.encode(config)
    );
    let m = match_credentials(&text, "us.icr.io/a/b");
    assert!(m.matched.is_empty());
    assert_eq!(
        reason(&m, "us.icr.io"),
        (
            MissReason::ConfigIgnored,
            "key \"us.icr.io\": the kubelet does not read this config (wrong_secret_type)".into()
        )
    );
}

#[test]
fn any_shape_of_config_is_accepted() {
    let b64 = base64::engine::general_purpose::STANDARD.encode(config(&[("us.icr.io", "u")]));
    let m = match_credentials(&format!("{b64}\n"), "us.icr.io/a/b");
    assert_eq!(matched(&m), [("us.icr.io", Some("u"))]);
    let unreadable = match_credentials("{", "us.icr.io/a/b");
    assert_eq!(unreadable.diagnostics[0].code, ConfigCode::InvalidJson);
    assert!(unreadable.matched.is_empty());
}

#[test]
fn same_registry_twice_keeps_the_config_order() {
    // Go returns both in map order (random); here in key order.
    let l = lookup(&["quay.io", "https://quay.io/v1/"], "quay.io/a/b");
    let hits: Vec<(usize, &str)> = l.hits.iter().map(|h| (h.index, h.effective_key.as_str())).collect();
    assert_eq!(hits, [(0, "quay.io"), (1, "quay.io")]);
}

#[test]
fn lookup_uses_the_image_as_given() {
    // Unnormalized "nginx" has one host label "nginx" and is Docker Hub by
    // isDefaultRegistryMatch.
    let l = lookup(&["https://index.docker.io/v1/"], "nginx");
    assert!(l.docker_hub_fallback && l.hits.len() == 1);
    assert!(l.misses.is_empty());
}

#[test]
fn effective_keys_as_the_kubelet_indexes_them() {
    let cases = [
        ("https://index.docker.io/v1/", Some("index.docker.io")),
        ("index.docker.io/v2/", Some("index.docker.io")),
        ("https://index.docker.io/v1", Some("index.docker.io/v1")),
        ("http://quay.io/v1/team", Some("quay.io/team")),
        ("us.icr.io/", Some("us.icr.io")),
        ("user:pw@us.icr.io", Some("us.icr.io")),
        ("us.icr.io/a%2Fb", Some("us.icr.io/a/b")),
        ("us.icr.io/a%zz", None),
        ("us.icr.io?x=1", Some("us.icr.io")),
        ("[::1]:5000", Some("[::1]:5000")),
        ("us icr.io", None),
        ("us.icr.io:5000x", None),
    ];
    for (key, want) in cases {
        assert_eq!(effective_key(key).as_deref(), want, "{key}");
    }
}

#[test]
fn urls_match_like_urls_match_str() {
    assert!(urls_match("*.kubernetes.io", "prefix.kubernetes.io"));
    assert!(!urls_match("*.kubernetes.io", "kubernetes.io"));
    assert!(urls_match("x[a-c]*.io/p", "xb2.io/path"));
    // Go's net.SplitHostPort rejects a "[" outside an IPv6 literal, so the
    // kubelet sees no port in such a key: a class and a port never match.
    assert!(!urls_match("x[a-c]*.io:5000/p", "xb2.io:5000/path"));
    // Go's net/url takes a host starting with "[" for an IPv6 literal.
    assert!(!urls_match("[a-c]*.io:5000/p", "b.io:5000/path"));
    assert!(!urls_match("[", "a"));
    assert_eq!(explain_match("[", "a").unwrap_err().1, "key \"[\" cannot be parsed as a URL");
    assert_eq!(explain_match("a[", "ab").unwrap_err().0, MissReason::InvalidKey);
    assert_eq!(explain_match("a[", "ab").unwrap_err().1, "host label \"a[\" is not a valid glob");
    assert!(!urls_match("us.icr.io", "us icr.io"));
}

#[test]
fn default_registry_by_first_component() {
    assert!(is_default_registry_match("nginx"));
    assert!(is_default_registry_match("library/nginx"));
    assert!(is_default_registry_match("index.docker.io/library/nginx"));
    assert!(!is_default_registry_match("localhost:5000/a"));
    assert!(!is_default_registry_match("/a"));
}

#[test]
fn glob_is_go_filepath_match() {
    assert_eq!(glob_match("*", "prefix"), Ok(true));
    assert_eq!(glob_match("*", "a/b"), Ok(false), "* stops at /");
    assert_eq!(glob_match("pre?ix", "prefix"), Ok(true));
    assert_eq!(glob_match("[!a]x", "!x"), Ok(true), "only ^ negates, as in Go");
    assert_eq!(glob_match("[^a]x", "bx"), Ok(true));
    assert_eq!(glob_match("[a-]", "a"), Err(BadPattern));
    assert_eq!(glob_match("x\\", "x"), Err(BadPattern));
    assert_eq!(glob_match("\\[", "["), Ok(true));
    assert_eq!(glob_match("ü*", "über"), Ok(true));
    assert_eq!(glob_match("?ber", "über"), Ok(true), "? is one character, not one byte");
    // A malformed tail is reported even when the head already failed.
    assert_eq!(glob_match("a*[", "b"), Err(BadPattern));
}

#[test]
fn glob_has_no_backtracking_blowup() {
    // Exponential for a naive recursive matcher; quadratic at worst here.
    // Correctness only: performance goals live in benchmarks.
    let pattern = "*a".repeat(30) + "b";
    assert_eq!(glob_match(&pattern, &"a".repeat(300)), Ok(false));
    assert_eq!(glob_match(&pattern, &("a".repeat(300) + "b")), Ok(true));
}

/// Properties (native only: proptest does not target wasm32).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};

    /// Obvious exponential glob semantics, for small inputs: `*` any run of
    /// non-`/`, `?` one non-`/`, anything else itself.
    fn naive(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).take_while(|&i| i == 0 || n[i - 1] != '/').any(|i| naive(&p[1..], &n[i..])),
            Some('?') => !n.is_empty() && n[0] != '/' && naive(&p[1..], &n[1..]),
            Some(c) => n.first() == Some(c) && naive(&p[1..], &n[1..]),
        }
    }

    proptest! {
        #[test]
        fn glob_agrees_with_the_naive_definition(p in "[ab*?/.]{0,8}", n in "[ab/.]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let nc: Vec<char> = n.chars().collect();
            prop_assert_eq!(glob_match(&p, &n), Ok(naive(&pc, &nc)), "pattern {:?} name {:?}", p, n);
        }

        #[test]
        fn lookup_places_every_key_once(key in "\\PC{0,40}", image in "\\PC{0,40}") {
            let l = lookup(&[key.as_str(), "index.docker.io"], &image);
            let mut seen: Vec<usize> = l.hits.iter().map(|h| h.index).chain(l.misses.iter().map(|m| m.index)).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, vec![0, 1], "{:?}", l);
            // A key the kubelet cannot parse is never used.
            if effective_key(&key).is_none() {
                prop_assert!(l.misses.iter().any(|m| m.index == 0 && m.reason == MissReason::InvalidKey));
            }
            prop_assert_eq!(urls_match(&key, &image), explain_match(&key, &image).is_ok());
            // The fallback gives only keys that reduce to Docker Hub, and
            // only for a Docker Hub image.
            if l.docker_hub_fallback {
                prop_assert!(is_default_registry_match(&image));
                prop_assert!(!l.hits.is_empty() && l.hits.iter().all(|h| h.effective_key == "index.docker.io"));
            }
            let _ = glob_match(&key, &image);
        }

        #[test]
        fn match_credentials_accounts_for_every_entry(text in "\\PC{0,80}", image in "[a-z0-9./:_-]{0,30}") {
            let m = match_credentials(&text, &image);
            let i = inspect_docker_config(&text, &InspectOptions::default());
            prop_assert_eq!(&m.diagnostics, &i.diagnostics);
            prop_assert_eq!(m.image.is_some(), m.image_error.is_none());
            if m.image.is_some() {
                prop_assert_eq!(m.matched.len() + m.unmatched.len(), i.entries.len());
            } else {
                prop_assert!(m.matched.is_empty() && m.unmatched.is_empty());
            }
        }

        #[test]
        fn a_key_written_as_the_image_host_matches(host in "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){1,3}", repo in "[a-z]{1,8}/[a-z]{1,8}") {
            let image = format!("{host}/{repo}");
            prop_assert!(urls_match(&host, &image));
            let l = lookup(&[format!("https://{host}/v1/").as_str()], &image);
            prop_assert_eq!(l.hits.len(), 1);
        }
    }
}

/// A key's quote in a reason stops after 200 characters (`"…"`), like
/// every message's: a pasted megabyte key is not repeated in full.
#[test]
fn quotes_of_keys_are_capped() {
    let key = format!("{}.example.com", "k".repeat(1000));
    let found = lookup(&[key.as_str()], "us.icr.io/team1/app");
    let message = found.misses[0].message.to_string();
    assert!(message.contains(&format!("\"{}…\"", "k".repeat(200))), "{message}");
    assert!(!message.contains(&"k".repeat(201)), "{message}");
}
