//! Image policies and pinning (SPEC §6): a table of attempts to get an image
//! past a registry list (host, label, path and port boundaries, case,
//! Docker Hub's implicit `docker.io` and `library/`, digests, scheme and
//! userinfo tricks) in `tests/data/policy/bypass.json`, every rule's message
//! pinned word for word, and `pin_image`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::policy::{evaluate_image_policy, pin_image, ImagePolicy, PolicyRule};
use registry_access::Span;
use serde_json::Value;

const D: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
}

fn policy_of(v: &Value) -> ImagePolicy {
    ImagePolicy {
        allowed_registries: strings(&v["allowedRegistries"]),
        blocked_registries: strings(&v["blockedRegistries"]).unwrap_or_default(),
        disallow_latest: v["disallowLatest"].as_bool().unwrap_or(false),
        require_digest: v["requireDigest"].as_bool().unwrap_or(false),
        require_tag: v["requireTag"].as_bool().unwrap_or(false),
    }
}

#[test]
fn bypass_attempts() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("data/policy/bypass.json")).unwrap();
    assert!(cases.len() >= 60);
    for case in &cases {
        let image = case["image"].as_str().unwrap();
        let why = case["why"].as_str().unwrap();
        let r = evaluate_image_policy(image, &policy_of(&case["policy"])).unwrap();
        let rules: Vec<&str> = r.violations.iter().map(|v| v.code.as_str()).collect();
        assert_eq!(rules, strings(&case["rules"]).unwrap(), "{image:?}: {why}");
        assert_eq!(r.allowed, case["allowed"].as_bool().unwrap(), "{image:?}: {why}");
        assert_eq!(r.allowed, r.violations.is_empty());
        if let Some(n) = case["normalized"].as_str() {
            assert_eq!(r.normalized.as_deref(), Some(n), "{image:?}");
        }
        assert_eq!(r.normalized.is_none(), rules.contains(&"invalid_reference"), "{image:?}");
        for v in &r.violations {
            assert!(v.span.start <= v.span.end && v.span.end <= image.len(), "{image:?}");
            assert_eq!(v.location.diagnostics.is_empty(), v.code != PolicyRule::InvalidReference, "{image:?}");
        }
    }
}

fn one(image: &str, policy: &ImagePolicy) -> (&'static str, String, Span) {
    let r = evaluate_image_policy(image, policy).unwrap();
    assert_eq!(r.violations.len(), 1, "{image}: {:?}", r.violations);
    let v = &r.violations[0];
    (v.code.as_str(), v.message(), v.span)
}

#[test]
fn messages() {
    let allowed = ImagePolicy { allowed_registries: Some(vec!["us.icr.io/team1".into()]), ..Default::default() };
    assert_eq!(
        one("us.icr.io.evil.com/team1/app", &allowed),
        (
            "registry_not_allowed",
            r#"image "us.icr.io.evil.com/team1/app" is not from an allowed registry: allowed are "us.icr.io/team1""#
                .into(),
            Span::new(0, 18)
        )
    );
    let many = ImagePolicy {
        allowed_registries: Some((1..=7).map(|i| format!("r{i}.example.com")).collect()),
        ..Default::default()
    };
    assert_eq!(
        one("nginx", &many).1,
        r#"image "nginx" is not from an allowed registry: allowed are "r1.example.com", "r2.example.com", "r3.example.com", "r4.example.com", "r5.example.com" and 2 more"#
    );
    let none = ImagePolicy { allowed_registries: Some(vec![]), ..Default::default() };
    assert_eq!(one("nginx", &none).1, r#"image "nginx" is not from an allowed registry: allowed are none"#);
    let blocked = ImagePolicy { blocked_registries: vec!["docker.io".into()], ..Default::default() };
    assert_eq!(
        one("nginx:1.25", &blocked),
        ("registry_blocked", r#"image "nginx:1.25" is from a blocked registry ("docker.io")"#.into(), Span::new(0, 0))
    );
    let latest = ImagePolicy { disallow_latest: true, ..Default::default() };
    assert_eq!(
        one("us.icr.io/team1/app:latest", &latest),
        (
            "latest_tag",
            r#"image "us.icr.io/team1/app:latest" uses the tag "latest", which moves with every push: use a version tag or a digest"#.into(),
            Span::new(20, 26)
        )
    );
    assert_eq!(
        one("nginx", &latest),
        (
            "latest_tag",
            r#"image "nginx" has no tag, so it is "latest", which moves with every push: use a version tag or a digest"#
                .into(),
            Span::new(5, 5)
        )
    );
    let digest = ImagePolicy { require_digest: true, ..Default::default() };
    assert_eq!(
        one("docker.io/library/nginx:1.25", &digest),
        (
            "digest_required",
            r#"image "docker.io/library/nginx:1.25" has no digest: pin it as nginx:1.25@sha256:…"#.into(),
            Span::new(28, 28)
        )
    );
    let tag = ImagePolicy { require_tag: true, ..Default::default() };
    let image = format!("us.icr.io/team1/app@{D}");
    assert_eq!(
        one(&image, &tag),
        (
            "tag_required",
            format!("image {image:?} has no tag: add one, such as us.icr.io/team1/app:1.0"),
            Span::new(19, 19)
        )
    );
    let r = evaluate_image_policy("us.icr.io/Team1/app", &ImagePolicy::default()).unwrap();
    assert_eq!(r.violations.len(), 1);
    let v = &r.violations[0];
    assert_eq!(v.code.as_str(), "invalid_reference");
    assert_eq!(
        v.message,
        r#"image "us.icr.io/Team1/app" is not a valid reference: repository "Team1/app" must be lowercase"#
    );
    assert_eq!(v.span, v.location.diagnostics[0].span);
    assert_eq!(v.location.diagnostics[0].code.as_str(), "oci_repository_uppercase");
}

#[test]
fn rules_are_declared_once() {
    let names: Vec<&str> = PolicyRule::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "registry_not_allowed",
            "registry_blocked",
            "latest_tag",
            "digest_required",
            "tag_required",
            "invalid_reference"
        ]
    );
    for r in PolicyRule::ALL {
        assert_eq!(PolicyRule::from_name(r.as_str()), Some(*r));
        assert_eq!(registry_access::message::arity(r.template()), 2, "{r}");
    }
}

#[test]
fn malformed_entries_refuse_the_policy() {
    for (entry, message) in [
        ("", r#"allowedRegistries[0] "" is not a registry entry: it is empty"#),
        (
            "https://us.icr.io",
            r#"allowedRegistries[0] "https://us.icr.io" is not a registry entry: write the host without a scheme, as images name it"#,
        ),
        (
            "us.icr.io/team1/app:1.0",
            r#"allowedRegistries[0] "us.icr.io/team1/app:1.0" is not a registry entry: an entry names a registry or a repository prefix, not a tag"#,
        ),
        (
            "us.icr.io:https",
            r#"allowedRegistries[0] "us.icr.io:https" is not a registry entry: its port is not a number"#,
        ),
        ("us..icr.io", r#"allowedRegistries[0] "us..icr.io" is not a registry entry: its host has an empty label"#),
        ("[a.icr.io", r#"allowedRegistries[0] "[a.icr.io" is not a registry entry: its host is not a valid pattern"#),
        ("us.icr.io//x", r#"allowedRegistries[0] "us.icr.io//x" is not a registry entry: its path has an empty part"#),
        (" us.icr.io", r#"allowedRegistries[0] " us.icr.io" is not a registry entry: it holds whitespace"#),
    ] {
        let p = ImagePolicy { allowed_registries: Some(vec![entry.into()]), ..Default::default() };
        let e = evaluate_image_policy("nginx", &p).unwrap_err();
        assert_eq!((e.code(), e.to_string().as_str()), ("invalid_policy_entry", message));
    }
    // A malformed block is refused too: skipping it would let images through.
    let p = ImagePolicy { blocked_registries: vec!["ok.io".into(), "bad host".into()], ..Default::default() };
    let e = evaluate_image_policy("nginx", &p).unwrap_err();
    assert_eq!((e.list, e.index), ("blockedRegistries", 1));
}

#[test]
fn pinning() {
    let sha384 = format!("sha384:{}", "b".repeat(96));
    let sha512 = format!("sha512:{}", "c".repeat(128));
    assert_eq!(pin_image("nginx:1.25", D).unwrap(), format!("docker.io/library/nginx:1.25@{D}"));
    assert_eq!(pin_image("nginx", D).unwrap(), format!("docker.io/library/nginx@{D}"));
    assert_eq!(pin_image("us.icr.io/team1/app:v2", &sha384).unwrap(), format!("us.icr.io/team1/app:v2@{sha384}"));
    assert_eq!(pin_image("localhost:5000/app", &sha512).unwrap(), format!("localhost:5000/app@{sha512}"));
    // Already pinned to this digest: the same, normalized.
    assert_eq!(pin_image(&format!("nginx:1.25@{D}"), D).unwrap(), format!("docker.io/library/nginx:1.25@{D}"));
    // A pinned image passes a policy that wants a digest and no latest.
    let strict = ImagePolicy { require_digest: true, disallow_latest: true, ..Default::default() };
    assert!(evaluate_image_policy(&pin_image("nginx", D).unwrap(), &strict).unwrap().allowed);

    let err = |image: &str, digest: &str| {
        let e = pin_image(image, digest).unwrap_err();
        (e.code(), e.field(), e.span(), e.to_string(), e.reference_code().map(|c| c.as_str()))
    };
    assert_eq!(
        err("nginx", "sha256:abc"),
        (
            "invalid_digest",
            "digest",
            Span::new(10, 10),
            "digest is not valid: digest \"sha256:abc\" is incomplete: it is an algorithm, \":\" and at least 32 hexadecimal digits".into(),
            Some("oci_digest_invalid")
        )
    );
    let short = format!("sha256:{}", "a".repeat(40));
    let e = err("nginx", &short);
    assert_eq!((e.0, e.4), ("invalid_digest", Some("oci_digest_length")));
    assert!(e.3.starts_with("digest is not valid: "), "{}", e.3);
    assert_eq!(err("nginx", "md5:0123456789abcdef0123456789abcdef").0, "invalid_digest");
    assert_eq!(err("nginx", &D.to_uppercase()).0, "invalid_digest");
    assert_eq!(
        err("nginx", ""),
        (
            "invalid_digest",
            "digest",
            Span::new(0, 0),
            "digest is empty: give one like sha256:<64 hex digits>".into(),
            None
        )
    );
    assert_eq!(err("nginx", "sha256:a@b").0, "invalid_digest");
    assert_eq!(err("nginx", "x/y").1, "digest");
    let e = err("Nginx", D);
    assert_eq!((e.0, e.1, e.2), ("invalid_image", "image", Span::new(0, 1)));
    let other = format!("sha256:{}", "b".repeat(64));
    let image = format!("nginx@{D}");
    assert_eq!(
        err(&image, &other),
        (
            "digest_conflict",
            "image",
            Span::new(6, image.len()),
            format!("image is already pinned to {D:?}, not {other:?}"),
            None
        )
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use registry_access::credential::check_credential;

    proptest! {
        /// No image, entry or credential makes these panic; an allowed image
        /// has a normalized form; no message holds the password.
        #[test]
        fn never_panic(
            image in "[a-zA-Z0-9./:@_*?\\[\\]-]{0,40}|\\PC{0,20}",
            entry in "[a-zA-Z0-9./:@_*?\\[\\]-]{0,20}|\\PC{0,12}",
            user in "\\PC{0,12}",
            password in "Zq9\\PC{0,30}",
        ) {
            let p = ImagePolicy {
                allowed_registries: Some(vec![entry.clone()]),
                blocked_registries: vec![entry.clone()],
                disallow_latest: true,
                require_digest: false,
                require_tag: false,
            };
            if let Ok(r) = evaluate_image_policy(&image, &p) {
                prop_assert!(!r.allowed);
                for v in &r.violations {
                    prop_assert!(v.span.end <= image.len() && image.is_char_boundary(v.span.start));
                }
            }
            let _ = pin_image(&image, &entry);
            for server in [entry.as_str(), "ghcr.io/Owner", "123456789012.dkr.ecr.us-east-1.amazonaws.com"] {
                for f in check_credential(server, &user, &password, Some(u64::MAX)) {
                    prop_assert!(!f.message().contains(&password));
                }
            }
        }
    }
}

/// A violation is the generic diagnostic: its JSON (the one serializer of
/// every family) has the rule's code, the part of the image and the
/// image's own diagnostics when it is not a valid reference.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn violations_serialize_as_every_diagnostic() {
    let p = ImagePolicy { require_tag: true, ..ImagePolicy::default() };
    let r = evaluate_image_policy("us.icr.io/team1/app", &p).unwrap();
    assert_eq!(
        serde_json::to_string(&r.violations[0]).unwrap(),
        r#"{"code":"tag_required","severity":"error","component":"tag","diagnostics":[],"message":"image \"us.icr.io/team1/app\" has no tag: add one, such as us.icr.io/team1/app:1.0"}"#
    );
    let r = evaluate_image_policy("us.icr.io/Team1/app", &ImagePolicy::default()).unwrap();
    let json = serde_json::to_string(&r.violations[0]).unwrap();
    assert!(
        json.starts_with(r#"{"code":"invalid_reference","severity":"error","component":"namespace","diagnostics":[{"code":"oci_repository_uppercase","severity":"error","component":"namespace","message":"#),
        "{json}"
    );
}

/// The thrown errors serialize as one shape (`js/core.js` builds its error
/// classes from it): every field present, `null` when the error has none;
/// spans in bytes natively (the binding converts them to UTF-16).
#[test]
fn errors_serialize_as_failures() {
    fn json<T: serde::Serialize>(e: &T) -> String {
        serde_json::to_string(e).unwrap()
    }
    let pin = pin_image("é", "sha256:1").unwrap_err();
    assert_eq!(
        json(&pin),
        r#"{"code":"invalid_image","message":"image is not a valid reference: character \"é\" is not allowed in an image reference","field":"image","component":null,"list":null,"index":null,"span":{"start":0,"end":2},"referenceCode":"oci_invalid_character"}"#
    );
    let policy = ImagePolicy { blocked_registries: vec![String::new()], ..ImagePolicy::default() };
    let e = evaluate_image_policy("ok", &policy).unwrap_err();
    assert_eq!(
        json(&e),
        r#"{"code":"invalid_policy_entry","message":"blockedRegistries[0] \"\" is not a registry entry: it is empty","field":null,"component":null,"list":"blockedRegistries","index":0,"span":null,"referenceCode":null}"#
    );
    let e = registry_access::registry::server_for_image("a//b").unwrap_err();
    assert_eq!(
        json(&e),
        r#"{"code":"oci_path_component_empty","message":"repository \"a//b\" has an empty path component","field":null,"component":"repository","list":null,"index":null,"span":{"start":1,"end":2},"referenceCode":null}"#
    );
    let e = registry_access::dockerconfig::remove_credential("{}", "nope").unwrap_err();
    assert!(json(&e).starts_with(r#"{"code":"server_not_found","message":""#), "{}", json(&e));
    assert!(json(&e)
        .ends_with(r#"","field":null,"component":null,"list":null,"index":null,"span":null,"referenceCode":null}"#));
}
