//! The public `Reference` API and the `oci` profile's validation: behaviour,
//! error codes and classes, spans, and messages pinned word for word.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::reference::{grammar, sort};
use registry_access::{validate, Code, Component, Profile, Reference, Span, State};

const HEX64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn err(r: Result<Reference, registry_access::Error>) -> registry_access::Error {
    r.expect_err("must not parse")
}

#[test]
fn parse_keeps_the_reference_as_written() {
    let r = Reference::parse("test:5000/repo:tag").unwrap();
    assert_eq!(r.domain(), "test:5000");
    assert_eq!(r.path(), "repo");
    assert_eq!(r.name(), "test:5000/repo");
    assert_eq!(r.tag(), Some("tag"));
    assert_eq!(r.digest(), None);
    assert_eq!(r.to_string(), "test:5000/repo:tag");

    let r: Reference = "nginx".parse().unwrap();
    assert_eq!((r.domain(), r.path(), r.to_string().as_str()), ("", "nginx", "nginx"));
}

#[test]
fn parse_normalized_applies_docker_hub_defaults() {
    let r = Reference::parse_normalized("nginx:1.25").unwrap();
    assert_eq!(r.to_string(), "docker.io/library/nginx:1.25");
    assert_eq!(r.domain(), "docker.io");
    assert_eq!(r.path(), "library/nginx");
    assert_eq!(r.familiar(), "nginx:1.25");
    assert_eq!(r.familiar_name(), "nginx");

    let r = Reference::parse_normalized("index.docker.io/team/app").unwrap();
    assert_eq!(r.to_string(), "docker.io/team/app");
    assert_eq!(r.familiar(), "team/app");

    let r = Reference::parse_normalized(&format!("us.icr.io/team/app@sha256:{HEX64}")).unwrap();
    assert_eq!(r.domain(), "us.icr.io");
    assert_eq!(r.digest().unwrap(), format!("sha256:{HEX64}"));
    assert_eq!(r.familiar(), format!("us.icr.io/team/app@sha256:{HEX64}"));
}

#[test]
fn parse_docker_adds_latest_and_drops_a_tag_beside_a_digest() {
    assert_eq!(Reference::parse_docker("busybox").unwrap().to_string(), "docker.io/library/busybox:latest");
    let r = Reference::parse_docker(&format!("gcr.io/a/b:1@sha256:{HEX64}")).unwrap();
    assert_eq!(r.to_string(), format!("gcr.io/a/b@sha256:{HEX64}"));
    assert_eq!(r.tag(), None);
}

#[test]
fn parse_any_reads_a_bare_image_id_as_a_digest_only_reference() {
    let r = Reference::parse_any(HEX64).unwrap();
    assert!(!r.is_named());
    assert_eq!(r.domain(), "");
    assert_eq!(r.path(), "");
    assert_eq!(r.name(), "");
    assert_eq!(r.digest().unwrap(), format!("sha256:{HEX64}"));
    assert_eq!(r.to_string(), format!("sha256:{HEX64}"));
    assert_eq!(r.familiar(), format!("sha256:{HEX64}"));
    // 63 hex digits is an ordinary name.
    assert_eq!(Reference::parse_any(&HEX64[1..]).unwrap().path(), format!("library/{}", &HEX64[1..]));
}

#[test]
fn sha384_and_sha512_are_registered() {
    let d384 = "a".repeat(96);
    let d512 = "b".repeat(128);
    assert!(Reference::parse(&format!("app@sha384:{d384}")).is_ok());
    assert!(Reference::parse(&format!("app@sha512:{d512}")).is_ok());
    let e = err(Reference::parse(&format!("app@sha512:{d384}")));
    assert_eq!(e.code(), Code::OciDigestLength);
    assert_eq!(e.distribution_class(), "digest.ErrDigestInvalidLength");
    assert_eq!(e.span(), Span::new(11, 11 + 96));
    assert_eq!(e.to_string(), format!("sha512 digest \"sha512:{d384}\" must have 128 hexadecimal digits, not 96"));
}

#[test]
fn error_classes_follow_upstream() {
    let cases: &[(&str, &str)] = &[
        ("", "ErrNameEmpty"),
        (":justtag", "ErrReferenceInvalidFormat"),
        ("Uppercase:tag", "ErrNameContainsUppercase"),
        ("repo@sha256:ffffffffffffffffffffffffffffffffff", "digest.ErrDigestInvalidLength"),
        (
            "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "digest.ErrDigestUnsupported",
        ),
        ("a/\u{212A}", "ErrNameContainsUppercase"),
    ];
    for (input, class) in cases {
        let e = err(Reference::parse(input));
        assert_eq!(e.distribution_class(), *class, "{input:?}");
        assert_eq!(e.code().distribution_class(), Some(*class));
    }
    // The limit is on the path: "a" here is the domain.
    assert!(Reference::parse(&format!("a/{}", "b".repeat(255))).is_ok());
    let long = format!("a/{}", "b".repeat(256));
    let e = err(Reference::parse(&long));
    assert_eq!(e.code(), Code::OciNameTooLong);
    assert_eq!(e.span(), Span::new(2, long.len()));
    assert_eq!(e.distribution_message(), "repository name must not be more than 255 characters");
}

/// Uppercase is what Go's `strings.ToLower` changes, with Go's Unicode 15.0
/// tables (docker and containerd are built with Go), not the newer tables of
/// Rust's standard library: U+A7CB LATIN CAPITAL LETTER RAMS HORN (Unicode
/// 16) is no letter to Go, so an invalid character; U+A7D0 LATIN CAPITAL
/// LETTER CLOSED INSULAR G (Unicode 14) is uppercase; U+0130 lowercases to
/// one "i" (Go's simple mapping), so its fix is a valid name.
#[test]
fn uppercase_follows_gos_unicode_15_tables() {
    for input in ["\u{A7CB}", "a/\u{A7CB}", "nginx\u{1C89}", "a/\u{10D50}", "a/\u{16EA0}"] {
        let e = err(Reference::parse(input));
        assert_eq!(e.distribution_class(), "ErrReferenceInvalidFormat", "{input:?}");
        let e = err(Reference::parse_normalized(input));
        assert_eq!(e.distribution_class(), "ErrReferenceInvalidFormat", "{input:?}");
        let v = validate(input, Profile::Oci);
        let codes: Vec<Code> = v.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::OciInvalidCharacter], "{input:?}");
    }
    let v = validate("a/\u{A7CB}", Profile::Oci);
    assert_eq!(v.diagnostics[0].message, "character \"\u{A7CB}\" is not allowed in an image reference");
    assert_eq!(v.diagnostics[0].span, Span::new(2, 5));

    // `Parse` lowercases the whole input and matches the grammar again,
    // which only an ASCII result can; `ParseNormalizedNamed` (docker's)
    // compares the remote name with its lowercase.
    assert_eq!(err(Reference::parse("a/\u{A7D0}")).distribution_class(), "ErrReferenceInvalidFormat");
    let e = err(Reference::parse_normalized("a/\u{A7D0}"));
    assert_eq!(e.distribution_class(), "fmt:uppercase-repository");
    assert_eq!(e.to_string(), "repository \"a/\u{A7D0}\" must be lowercase");
    let v = validate("a/\u{A7D0}", Profile::Oci);
    assert_eq!(v.diagnostics.len(), 1);
    assert_eq!(v.diagnostics[0].code, Code::OciRepositoryUppercase);
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, "a/\u{A7D1}");

    let v = validate("\u{130}mg", Profile::Oci);
    assert_eq!(v.diagnostics[0].code, Code::OciRepositoryUppercase);
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, "img");
    assert!(validate("img", Profile::Oci).valid);

    // The codeEngine profile allows ASCII only: any other letter, upper or
    // not in any table, is a character the repository must not contain.
    for input in ["a/\u{A7CB}", "a/\u{A7D0}"] {
        let v = validate(input, Profile::CodeEngine);
        let d = v.diagnostics.iter().find(|d| d.code == Code::RepositoryInvalidCharacter).unwrap();
        assert_eq!(d.message, format!("repository must not contain {:?}", &input[2..]));
        assert_eq!(d.span, Span::new(2, 5));
        assert!(d.fix.is_none());
    }
}

#[test]
fn messages_are_pinned() {
    // (input, code, component, span, message)
    type Case = (&'static str, Code, Component, (usize, usize), &'static str);
    let cases: &[Case] = &[
        ("", Code::OciNameEmpty, Component::Reference, (0, 0), "reference \"\" has no repository name"),
        (
            "nginx:-rc1",
            Code::OciTagBadStart,
            Component::Tag,
            (6, 7),
            "tag \"-rc1\" must not begin with \".\" or \"-\"",
        ),
        (
            "nginx:v1~x",
            Code::OciTagInvalidCharacter,
            Component::Tag,
            (8, 9),
            "tag \"v1~x\" contains \"~\": only letters, digits, \"_\", \".\" and \"-\" are allowed",
        ),
        ("app:", Code::OciTagEmpty, Component::Tag, (4, 4), "tag \"\" is empty: add a tag or remove the \":\""),
        (
            "aa/asdf$$^/aa",
            Code::OciPathInvalidCharacter,
            Component::Repository,
            (7, 8),
            // Parse reads "aa" as a domain: the repository is the rest.
            "repository \"asdf$$^/aa\" contains \"$\": only lowercase letters, digits, \".\", \"_\", \"-\" and \"/\" are allowed",
        ),
        (
            "a___b",
            Code::OciPathSeparator,
            Component::Repository,
            (1, 4),
            "repository \"a___b\" has separator \"___\": use one \".\", one or two \"_\", or any number of \"-\"",
        ),
        (
            "-a/b",
            Code::OciPathBadStartOrEnd,
            Component::Repository,
            (0, 1),
            "repository \"-a/b\": each path component must begin and end with a lowercase letter or digit",
        ),
        ("a//b", Code::OciPathComponentEmpty, Component::Repository, (2, 3), "repository \"/b\" has an empty path component"),
        (
            "app@sha256:12",
            Code::OciDigestInvalid,
            Component::Digest,
            (13, 13),
            "digest \"sha256:12\" is incomplete: it is an algorithm, \":\" and at least 32 hexadecimal digits",
        ),
        (
            "app@md5:0123456789abcdef0123456789abcdef",
            Code::OciDigestUnsupported,
            Component::Digest,
            (4, 7),
            "digest algorithm \"md5\" is not supported: use sha256, sha384 or sha512",
        ),
        (
            " nginx",
            Code::OciInvalidCharacter,
            Component::Reference,
            (0, 1),
            "character \" \" is not allowed in an image reference",
        ),
        (
            "https://iamapikey:S3CRETKEY@us.icr.io/ns/app:1",
            Code::OciUserinfoNotAllowed,
            Component::Reference,
            (8, 28),
            "remove the user name and password before \"@\": an image reference carries no credentials",
        ),
        (
            "S3CRETKEY@us.icr.io/ns/app",
            Code::OciUserinfoNotAllowed,
            Component::Reference,
            (0, 10),
            "remove the user name and password before \"@\": an image reference carries no credentials",
        ),
    ];
    for (input, code, component, (start, end), message) in cases {
        let e = err(Reference::parse(input));
        assert_eq!(e.code(), *code, "{input:?}");
        assert_eq!(e.component(), *component, "{input:?}");
        assert_eq!(e.span(), Span::new(*start, *end), "{input:?}");
        assert_eq!(e.to_string(), *message, "{input:?}");
    }
}

#[test]
fn messages_quote_at_most_200_characters() {
    let tag = "t".repeat(300);
    let e = err(Reference::parse(&format!("app:{tag}")));
    assert_eq!(e.code(), Code::OciTagTooLong);
    assert_eq!(e.span(), Span::new(4 + 128, 4 + 300));
    assert_eq!(e.to_string(), format!("tag \"{}…\" is 300 characters long, more than 128", "t".repeat(200)));
    let long = format!("a/{}", "b".repeat(1000));
    let e = err(Reference::parse(&long));
    assert_eq!(e.to_string(), format!("repository \"{}…\" is 1000 characters long, more than 255", "b".repeat(200)));
}

#[test]
fn normalized_parse_errors_keep_input_offsets_and_upstream_text() {
    // The parser reads "docker.io/library/ab..c" but reports against the input.
    let e = err(Reference::parse_normalized("ab..c"));
    assert_eq!(e.code(), Code::OciPathSeparator);
    assert_eq!(e.span(), Span::new(2, 4));
    assert_eq!(
        e.to_string(),
        "repository \"ab..c\" has separator \"..\": use one \".\", one or two \"_\", or any number of \"-\""
    );

    let e = err(Reference::parse_normalized("docker/Docker"));
    assert_eq!(e.code(), Code::OciRepositoryUppercase);
    assert_eq!(e.distribution_class(), "fmt:uppercase-repository");
    assert_eq!(e.span(), Span::new(7, 8));
    assert_eq!(e.to_string(), "repository \"docker/Docker\" must be lowercase");
    assert_eq!(e.distribution_message(), "invalid reference format: repository name (docker/Docker) must be lowercase");

    let e = err(Reference::parse_normalized(HEX64));
    assert_eq!(e.code(), Code::OciHexIdentifier);
    assert_eq!(
        e.to_string(),
        format!("reference \"{HEX64}\" is a 64-character hexadecimal image id, not a repository name")
    );

    let e = err(Reference::parse_named("nginx"));
    assert_eq!(e.code(), Code::OciNameNotCanonical);
    assert_eq!(e.to_string(), "reference \"nginx\" is not in canonical form");
}

#[test]
fn parse_normalized_fails_with_what_validate_reports() {
    for input in [
        "a//b",
        "docker..io/x",
        "us.icr.io/Team/App:v1",
        "exa_mple.com:http/foo",
        "app:-x",
        " nginx",
        "app@sha256:12",
        "",
    ] {
        let e = err(Reference::parse_normalized(input));
        let v = validate(input, Profile::Oci);
        assert!(
            v.diagnostics.iter().any(|d| d.code == e.code()
                && d.span == e.span()
                && d.location == e.component()
                && d.message == e.to_string()),
            "{input:?}: {e:?} not among {:?}",
            v.diagnostics
        );
    }
    let e = err(Reference::parse_normalized(""));
    assert_eq!((e.code(), e.distribution_class()), (Code::OciEmpty, "ErrReferenceInvalidFormat"));
    assert_eq!(e.to_string(), "image reference \"\" is empty: enter an image name");
    let e = err(Reference::parse_normalized("a//b"));
    assert_eq!((e.span(), e.component()), (Span::new(1, 2), Component::Repository));
    assert_eq!(e.to_string(), "repository \"a//b\" has an empty path component");
}

#[test]
fn with_name_tag_digest() {
    let r = Reference::with_name("test.com:8000/foo").unwrap();
    let r = r.with_tag("TAG5").unwrap();
    assert_eq!(r.to_string(), "test.com:8000/foo:TAG5");
    let d = "sha256:1234567890098765432112345667890098765";
    assert_eq!(r.with_digest(d).unwrap().to_string(), format!("test.com:8000/foo:TAG5@{d}"));
    assert_eq!(r.trim_named().to_string(), "test.com:8000/foo");

    let e = r.with_tag("-foo").unwrap_err();
    assert_eq!((e.code(), e.distribution_class()), (Code::OciTagInvalid, "ErrTagInvalidFormat"));
    assert_eq!(e.to_string(), "tag \"-foo\" is not a valid tag");
    let e = r.with_digest("foo").unwrap_err();
    assert_eq!((e.code(), e.distribution_class()), (Code::OciDigestFormat, "ErrDigestInvalidFormat"));
    assert_eq!(e.to_string(), "digest \"foo\" is not a valid digest");

    let e = Reference::with_name("").unwrap_err();
    assert_eq!((e.code(), e.distribution_class()), (Code::OciEmpty, "ErrReferenceInvalidFormat"));
    let e = Reference::with_name("Foo").unwrap_err();
    assert_eq!((e.code(), e.distribution_class()), (Code::OciPathInvalidCharacter, "ErrReferenceInvalidFormat"));
    assert_eq!(
        e.to_string(),
        "repository \"Foo\" contains \"F\": only lowercase letters, digits, \".\", \"_\", \"-\" and \"/\" are allowed"
    );
    assert_eq!(Reference::with_name("a/b:tag").unwrap_err().distribution_class(), "ErrReferenceInvalidFormat");
}

#[test]
fn familiar_match_and_sort() {
    let r = Reference::parse_any("foo/c/baz:tag").unwrap();
    assert_eq!(r.familiar_match("foo/**/ba[rz]"), Ok(true));
    assert_eq!(r.familiar_match("foo/*/baz:tag"), Ok(true));
    assert_eq!(r.familiar_match("[-x]").unwrap_err().to_string(), "syntax error in pattern");

    let sorted = sort(&["z.io/name:tag2", "not valid:latest", "z.io/name:tag1", "z.io/name"]);
    assert_eq!(sorted, ["z.io/name:tag1", "z.io/name:tag2", "z.io/name", "not valid:latest"]);
}

#[test]
fn grammar_matchers() {
    assert!(grammar::domain_and_port("[fd00:1:2::3]:75050"));
    assert!(!grammar::domain_and_port("test.com:http"));
    assert_eq!(grammar::anchored_name("a/a/a/a"), Some(("a", "a/a/a")));
    assert_eq!(grammar::anchored_name("do__cker/docker"), Some(("", "do__cker/docker")));
    assert_eq!(
        grammar::reference_groups("localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf3"),
        Some(["localhost", "8080", "sha256:be178c0543eb17f5f3043021c9e5fcf3"])
    );
    assert!(grammar::identifier(HEX64));
    assert!(!grammar::identifier(&HEX64.to_uppercase()));
}

#[test]
fn long_repetitive_inputs_fail_quickly_and_without_panics() {
    let inputs = [
        "a".repeat(100_000) + "!",
        "a:".repeat(50_000),
        "abcdefghijkl:.".repeat(10_000),
        "a$".repeat(50_000),
        "A/".repeat(50_000),
        "é".repeat(50_000),
    ];
    for input in &inputs {
        assert!(Reference::parse(input).is_err());
        let v = validate(input, Profile::Oci);
        assert!(!v.valid);
        assert!(v.diagnostics.len() <= 64, "diagnostics are bounded");
        for d in &v.diagnostics {
            assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end));
        }
    }
}

#[test]
fn validate_oci_valid() {
    let v = validate("us.icr.io/team/app:1.0", Profile::Oci);
    assert!(v.valid);
    assert_eq!(v.state, State::Valid);
    assert_eq!(v.normalized().as_deref(), Some("us.icr.io/team/app:1.0"));
    assert_eq!(v.familiar().as_deref(), Some("us.icr.io/team/app:1.0"));
    assert_eq!(v.components.registry.as_deref(), Some("us.icr.io"));
    assert_eq!(v.components.namespace.as_deref(), Some("team"));
    assert_eq!(v.components.repository.as_deref(), Some("app"));
    assert_eq!(v.components.tag.as_deref(), Some("1.0"));
    assert!(v.diagnostics.is_empty());

    let v = validate("nginx", Profile::Oci);
    assert_eq!(v.normalized().as_deref(), Some("docker.io/library/nginx"));
    assert_eq!(v.familiar().as_deref(), Some("nginx"));
    assert_eq!(v.components.registry, None);
    assert_eq!(v.components.namespace, None);
    assert_eq!(v.components.repository.as_deref(), Some("nginx"));
}

#[test]
fn validate_oci_incomplete_while_typing() {
    // "Team" is a registry in `oci` (upstream reads an uppercase first part
    // as a host), so only the empty tag is missing here.
    assert_eq!(validate("Team/app:", Profile::Oci).state, State::Incomplete);
    for input in ["", "us.icr.io/", "us.icr.io/team/", "app:", "app@", "app@sha256:", "app@sha256:12", "app@sha2"] {
        let v = validate(input, Profile::Oci);
        assert_eq!(v.state, State::Incomplete, "{input:?}: {:?}", v.diagnostics);
        assert!(!v.valid);
        assert_eq!(v.normalized(), None);
    }
    for input in ["app:@sha256:12", "a$", "app@sha256:xyz", "team/App:", "a//"] {
        assert_eq!(validate(input, Profile::Oci).state, State::Invalid, "{input:?}");
    }
}

#[test]
fn prefixes_of_valid_references_are_never_invalid() {
    // What a form sees while someone types a valid reference character by
    // character: valid or incomplete, never invalid. (Prefixes that are a
    // different reference, like an uppercase first part before its "/" or a
    // bracketed IPv6 host, are left out of this list on purpose.)
    let inputs = [
        "us.icr.io/team-1/app_v2:1.0.0".to_string(),
        format!("docker.io/library/nginx@sha256:{HEX64}"),
        "localhost:5000/a/b".to_string(),
        "registry.example.com:443/a__b/c--d.e:v1-rc.1".to_string(),
        format!("ghcr.io/org/repo:tag@sha512:{HEX64}{HEX64}"),
    ];
    for input in &inputs {
        assert!(validate(input, Profile::Oci).valid, "{input:?}");
        for (i, _) in input.char_indices() {
            let prefix = &input[..i];
            let v = validate(prefix, Profile::Oci);
            assert_ne!(v.state, State::Invalid, "{prefix:?} (of {input:?}): {:?}", v.diagnostics);
        }
    }
}

#[test]
fn validate_oci_reports_every_problem() {
    let v = validate("us.icr.io/Team/a..b:-v1~", Profile::Oci);
    let codes: Vec<_> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["oci_repository_uppercase", "oci_path_separator", "oci_tag_bad_start", "oci_tag_invalid_character"]
    );
    let upper = &v.diagnostics[0];
    assert_eq!(upper.location, Component::Namespace);
    assert_eq!(upper.span, Span::new(10, 11));
    assert_eq!(upper.message, "repository \"Team/a..b\" must be lowercase");
    assert_eq!(upper.fix.as_ref().unwrap().replacement, "us.icr.io/team/a..b:-v1~");
    assert_eq!(v.diagnostics[1].span, Span::new(16, 18));
    assert_eq!(v.state, State::Invalid);
}

#[test]
fn validate_oci_registry_and_port() {
    let v = validate("exa_mple.com:http/foo", Profile::Oci);
    let got: Vec<_> = v.diagnostics.iter().map(|d| (d.code, d.span, d.message.to_string())).collect();
    let got: Vec<_> = got.iter().map(|(c, s, m)| (*c, *s, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                Code::OciRegistryInvalid,
                Span::new(0, 12),
                "registry \"exa_mple.com:http\" is not a valid host name or address"
            ),
            (
                Code::OciPortInvalid,
                Span::new(13, 17),
                "registry \"exa_mple.com:http\" has port \"http\": a port must be a number"
            ),
        ]
    );
    // Upstream reads a first part that is no host as a path component.
    assert!(validate("exa_mple.com/foo", Profile::Oci).valid);
}

#[test]
fn validate_oci_url_scheme() {
    let v = validate("https://us.icr.io/Team/app", Profile::Oci);
    let got: Vec<_> = v.diagnostics.iter().map(|d| (d.code, d.span, d.message.to_string())).collect();
    let got: Vec<_> = got.iter().map(|(c, s, m)| (*c, *s, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (Code::OciSchemeNotAllowed, Span::new(0, 8), "remove \"https://\": an image reference is not a url"),
            (Code::OciRepositoryUppercase, Span::new(18, 19), "repository \"Team/app\" must be lowercase"),
        ]
    );
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, "us.icr.io/Team/app");
    let e = err(Reference::parse_normalized("http://nginx"));
    assert_eq!(
        (e.code(), e.span(), e.distribution_class()),
        (Code::OciSchemeNotAllowed, Span::new(0, 7), "ErrReferenceInvalidFormat")
    );
    // Repeated schemes are one finding, and never recurse.
    let many = "http://".repeat(20_000) + "nginx";
    let v = validate(&many, Profile::Oci);
    assert_eq!(v.diagnostics.len(), 1);
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, "nginx");
}

#[test]
fn validate_oci_fixes() {
    let v = validate("app:", Profile::Oci);
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, "app");
    let v = validate(" nginx ", Profile::Oci);
    assert!(v.diagnostics.iter().all(|d| d.fix.as_ref().unwrap().replacement == "nginx"));
    let input = format!("app@sha256:{}", HEX64.to_uppercase());
    let v = validate(&input, Profile::Oci);
    assert_eq!(v.diagnostics[0].code, Code::OciDigestEncoding);
    assert_eq!(v.diagnostics[0].fix.as_ref().unwrap().replacement, format!("app@sha256:{HEX64}"));
}

// ---- a login URL pasted as the image ----

mod support;
use support::{assert_no_secret, login_urls};

#[test]
fn validate_oci_login_url() {
    let input = "https://iamapikey:S3CRETKEY@us.icr.io/ns/App:1";
    let v = validate(input, Profile::Oci);
    let got: Vec<_> = v.diagnostics.iter().map(|d| (d.code, d.span, d.message.to_string())).collect();
    let got: Vec<_> = got.iter().map(|(c, s, m)| (*c, *s, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (Code::OciSchemeNotAllowed, Span::new(0, 8), "remove \"https://\": an image reference is not a url"),
            (
                Code::OciUserinfoNotAllowed,
                Span::new(8, 28),
                "remove the user name and password before \"@\": an image reference carries no credentials"
            ),
            (Code::OciRepositoryUppercase, Span::new(41, 42), "repository \"ns/App\" must be lowercase"),
        ]
    );
    // The one fix removes the credentials; the others would carry them.
    let fixes: Vec<_> = v
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .map(|f| (f.label.as_str(), f.replacement.as_str()))
        .collect();
    assert_eq!(fixes, [("remove the credentials", "https://us.icr.io/ns/App:1")]);
    assert_eq!(Code::OciUserinfoNotAllowed.component(), Component::Reference);
    // Components are those after the "@".
    assert_eq!(v.components.registry.as_deref(), Some("us.icr.io"));
    assert_eq!(v.components.namespace.as_deref(), Some("ns"));
    assert_eq!(v.components.tag.as_deref(), Some("1"));
    assert_eq!((v.state, v.normalized(), v.familiar()), (State::Invalid, None, None));

    let v = validate("  https://u:KEY@us.icr.io/ns/app  ", Profile::Oci);
    let d = v.diagnostics.iter().find(|d| d.code == Code::OciUserinfoNotAllowed).unwrap();
    assert_eq!(d.span, Span::new(10, 16));
    assert_eq!(d.fix.as_ref().unwrap().replacement, "  https://us.icr.io/ns/app  ");
}

#[test]
fn parsers_refuse_a_login_url_without_quoting_it() {
    let e = err(Reference::parse_normalized("iamapikey:S3CRETKEY@us.icr.io/ns/app"));
    assert_eq!(
        (e.code(), e.component(), e.span()),
        (Code::OciUserinfoNotAllowed, Component::Reference, Span::new(0, 20))
    );
    assert_eq!(
        e.to_string(),
        "remove the user name and password before \"@\": an image reference carries no credentials"
    );
    // Upstream fails on these too, with this class (its own message would
    // quote the input; ours says only the class's text).
    assert_eq!(e.distribution_class(), "ErrReferenceInvalidFormat");
    assert_eq!(e.distribution_message(), "invalid reference format");
    for input in login_urls() {
        for (name, r) in [
            ("parse", Reference::parse(&input)),
            ("parse_normalized", Reference::parse_normalized(&input)),
            ("parse_docker", Reference::parse_docker(&input)),
            ("parse_any", Reference::parse_any(&input)),
            ("parse_named", Reference::parse_named(&input)),
            ("with_name", Reference::with_name(&input)),
        ] {
            let e = err(r);
            assert_eq!(e.code(), Code::OciUserinfoNotAllowed, "{name}");
            assert!(input[e.span().start..e.span().end].ends_with('@'), "{name}");
            assert_no_secret(&input, name, &format!("{e} {e:?} {}", e.distribution_message()));
        }
    }
}

#[test]
fn validate_oci_never_shows_a_login_urls_password() {
    for input in login_urls() {
        for profile in [Profile::Oci, Profile::CodeEngine] {
            let v = validate(&input, profile);
            assert_eq!(v.state, State::Invalid);
            assert_no_secret(&input, "Debug of the validation", &format!("{v:?}"));
            for d in &v.diagnostics {
                assert_no_secret(&input, "a message", &d.message.to_string());
                if let Some(f) = &d.fix {
                    assert_no_secret(&input, "a fix", &format!("{} {}", f.label, f.replacement));
                }
            }
        }
    }
}

#[test]
fn digests_are_not_credentials() {
    // A digest never contains "/": these keep the codes they had.
    let by_digest = format!("app@sha256:{HEX64}");
    assert!(validate(&by_digest, Profile::Oci).valid);
    for input in ["app:v1@sha", "nginx@"] {
        let v = validate(input, Profile::Oci);
        let codes: Vec<_> = v.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::OciDigestInvalid], "{input}");
        assert_eq!(v.state, State::Incomplete);
        assert_eq!(err(Reference::parse_normalized(input)).code(), Code::OciDigestInvalid);
    }
    // Without scheme and "/", "user:pass@host" reads as "repo:tag@digest".
    assert_eq!(err(Reference::parse("user:pass@host")).code(), Code::OciDigestInvalid);
}

#[test]
fn every_oci_code_declares_its_distribution_class() {
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("oci_")) {
        assert!(code.distribution_class().is_some(), "{code}");
    }
}

/// Properties over generated inputs (native only: proptest does not target
/// wasm32). Inputs are drawn from the characters that matter to the grammar
/// plus a few that never belong, so most cases reach deep into the parser.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn input() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            "b",
            "0",
            "f",
            "A",
            "K",
            "\u{212A}",
            "\u{130}",
            "-",
            "--",
            "_",
            "__",
            ".",
            ":",
            "/",
            "@",
            "[",
            "]",
            "é",
            " ",
            "sha256:",
            "sha512:",
            "0123456789abcdef0123456789abcdef",
            HEX64,
            "localhost",
            "docker.io",
            "index.docker.io",
            "library",
            ":5000",
            "~",
            "😀",
        ]);
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn inside(input: &str, span: Span) -> bool {
        span.start <= span.end
            && span.end <= input.len()
            && input.is_char_boundary(span.start)
            && input.is_char_boundary(span.end)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parse_round_trips_and_errors_point_into_the_input(s in input()) {
            for (name, r) in [
                ("parse", Reference::parse(&s)),
                ("parse_normalized", Reference::parse_normalized(&s)),
                ("parse_docker", Reference::parse_docker(&s)),
                ("parse_any", Reference::parse_any(&s)),
                ("with_name", Reference::with_name(&s)),
            ] {
                match r {
                    Ok(r) => {
                        let again = Reference::parse(&r.to_string());
                        prop_assert!(again.is_ok(), "{name}({s:?}) = {r} does not parse back");
                        if r.is_named() {
                            prop_assert_eq!(again.unwrap(), r.clone());
                        }
                    }
                    Err(e) => {
                        prop_assert!(inside(&s, e.span()), "{name}({s:?}): span {:?}", e.span());
                        let m = e.to_string();
                        prop_assert!(!m.is_empty() && !m.ends_with('.') && !m.starts_with(char::is_uppercase));
                    }
                }
            }
            if let Ok(r) = Reference::parse_normalized(&s) {
                prop_assert_eq!(Reference::parse_normalized(&r.to_string()), Ok(r));
            }
        }

        #[test]
        fn oci_validity_is_exactly_parse_normalized(s in input()) {
            let v = validate(&s, Profile::Oci);
            prop_assert_eq!(v.valid, Reference::parse_normalized(&s).is_ok());
            prop_assert_eq!(v.valid, v.state == State::Valid);
            prop_assert_eq!(v.valid, v.normalized().is_some());
            if !v.valid {
                prop_assert!(v.diagnostics.iter().any(|d| d.severity == registry_access::Severity::Error));
            }
            for d in &v.diagnostics {
                prop_assert!(inside(&s, d.span), "{s:?}: {d:?}");
                prop_assert!(d.code.as_str().starts_with("oci_"));
            }
        }

        /// "incomplete" promises that typing more can make the input valid.
        #[test]
        fn incomplete_inputs_can_be_completed(s in input()) {
            if validate(&s, Profile::Oci).state == State::Incomplete {
                let hex = "0123456789abcdef".repeat(8);
                let mut completions = vec!["a".to_string(), "/a".to_string(), "a/a".to_string()];
                completions.extend((1..=128).map(|k| hex[..k].to_string()));
                completions.extend(["sha256:", "256:", "56:", "6:", ":"].iter().map(|p| format!("{p}{}", &hex[..64])));
                prop_assert!(
                    completions.iter().any(|c| validate(&format!("{s}{c}"), Profile::Oci).valid),
                    "{s:?} is reported incomplete but nothing completes it"
                );
            }
        }
    }
}

/// The hand-written grammar against upstream's own regular expressions
/// (regexp.go at 0965666a), compiled by the `regex` crate, whose RE2
/// semantics (leftmost-first, no backtracking) are Go's: same matches, same
/// groups. Native only.
#[cfg(not(target_arch = "wasm32"))]
mod oracle {
    use proptest::prelude::*;
    use regex::Regex;
    use registry_access::reference::grammar;
    use std::sync::OnceLock;

    struct Upstream {
        reference: Regex,
        anchored_name: Regex,
        anchored_domain_and_port: Regex,
    }

    fn upstream() -> &'static Upstream {
        static RE: OnceLock<Upstream> = OnceLock::new();
        RE.get_or_init(|| {
            // regexp.go, with Go's ASCII `\w` spelled out (the regex crate's
            // `\w` is Unicode).
            let alphanumeric = "[a-z0-9]+";
            let separator = "(?:[._]|__|[-]+)";
            let domain_component = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
            let optional_port = "(?::[0-9]+)?";
            let tag = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}";
            let digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}";
            let ipv6 = r"\[(?:[a-fA-F0-9:]+)\]";
            let domain_name = format!(r"{domain_component}(?:\.{domain_component})*");
            let host = format!("(?:{domain_name}|{ipv6})");
            let domain_and_port = format!("{host}{optional_port}");
            let path_component = format!("{alphanumeric}(?:{separator}{alphanumeric})*");
            let remote_name = format!("{path_component}(?:/{path_component})*");
            let name = format!("(?:{domain_and_port}/)?{remote_name}");
            Upstream {
                reference: Regex::new(&format!("^({name})(?::({tag}))?(?:@({digest}))?$")).unwrap(),
                anchored_name: Regex::new(&format!("^(?:({domain_and_port})/)?({remote_name})$")).unwrap(),
                anchored_domain_and_port: Regex::new(&format!("^{domain_and_port}$")).unwrap(),
            }
        })
    }

    fn input() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            "b",
            "z",
            "0",
            "9",
            "f",
            "A",
            "F",
            "-",
            "--",
            "_",
            "__",
            ".",
            ":",
            "/",
            "@",
            "[",
            "]",
            "é",
            " ",
            "sha256:",
            "0123456789abcdef0123456789abcdef",
            "localhost",
            ":5000",
            "~",
            "+",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "a:",
            "a/",
            "a.",
        ]);
        prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn grammar_matches_upstreams_regexps(s in input()) {
            let re = upstream();
            let want = re.reference.captures(&s).map(|c| {
                [1, 2, 3].map(|i| c.get(i).map_or("", |m| m.as_str()))
            });
            prop_assert_eq!(grammar::reference_groups(&s), want, "referenceRegexp on {:?}", s);
            let want = re.anchored_name.captures(&s).map(|c| {
                (c.get(1).map_or("", |m| m.as_str()), c.get(2).map_or("", |m| m.as_str()))
            });
            prop_assert_eq!(grammar::anchored_name(&s), want, "anchoredNameRegexp on {:?}", s);
            prop_assert_eq!(
                grammar::domain_and_port(&s),
                re.anchored_domain_and_port.is_match(&s),
                "anchoredDomainAndPort on {:?}", s
            );
        }
    }
}

/// The code table's templates and the producers agree: over the corpus, in
/// both profiles, every diagnostic gives at least the arguments its
/// template uses, and its form is one of its code's templates.
#[test]
fn every_message_has_its_arguments() {
    let mut seen = std::collections::BTreeSet::new();
    let corpus = include_str!("../bench/corpus-10k.txt");
    for line in corpus.lines() {
        for profile in [Profile::Oci, Profile::CodeEngine] {
            for d in validate(line, profile).diagnostics.iter() {
                let templates = d.code.templates();
                assert!(usize::from(d.message.form) < templates.len(), "{} form {}", d.code, d.message.form);
                let template = templates[usize::from(d.message.form)];
                let want = registry_access::message::arity(template);
                assert!(d.message.args.len() >= want, "{}: {template:?} with {:?}", d.code, d.message.args);
                seen.insert((d.code.as_str(), d.message.form));
            }
        }
    }
    assert!(seen.len() > 40, "{} (code, form) pairs over the corpus", seen.len());
}
