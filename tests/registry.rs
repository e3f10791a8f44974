//! Registries (SPEC §2): `registry_info` for every spelling a user types,
//! every server diagnostic code with its message pinned word for word, and
//! `server_for_image`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::registry::{
    closest_icr_domain, is_docker_hub_image_host, registry_info, server_for_image, Endpoint, RegistryInfo,
    RegistryKind, DOCKER_HUB_HOST, DOCKER_HUB_HOSTS, DOCKER_HUB_INDEX_HOST, DOCKER_HUB_KEY, ICR_REGIONS,
};
use registry_access::secret::SecretCode;
use registry_access::{Severity, Span};

/// (code, message, span, fix replacement) of every diagnostic.
fn diags(info: &RegistryInfo) -> Vec<(&'static str, String, Span, Option<String>)> {
    info.diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.location.as_str(), "server");
            assert_eq!(d.severity, d.code.severity());
            (d.code.as_str(), d.message(), d.span, d.fix.as_ref().map(|f| f.replacement.clone()))
        })
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn icr_public_domain() {
    let i = registry_info("us.icr.io");
    assert_eq!(i.kind, RegistryKind::Icr);
    assert_eq!(i.kind.as_str(), "icr");
    assert_eq!(i.host, some("us.icr.io"));
    assert_eq!(i.port, None);
    assert_eq!(i.region, some("us-south"));
    assert_eq!(i.endpoint, Some(Endpoint::Public));
    assert_eq!(i.endpoint.map(Endpoint::as_str), Some("public"));
    assert_eq!(i.credential_key, some("us.icr.io"));
    assert_eq!(i.default_username, some("iamapikey"));
    assert_eq!(i.managed_secret_name, some("ce-auto-icr-private-us-south"));
    assert!(i.diagnostics.is_empty());
    assert!(i.valid());
}

#[test]
fn icr_private_endpoint() {
    let i = registry_info("private.de.icr.io");
    assert_eq!(i.kind, RegistryKind::Icr);
    assert_eq!(i.region, some("eu-de"));
    assert_eq!(i.endpoint, Some(Endpoint::Private));
    assert_eq!(i.endpoint.map(Endpoint::as_str), Some("private"));
    assert_eq!(i.credential_key, some("private.de.icr.io"));
    assert_eq!(i.managed_secret_name, some("ce-auto-icr-private-eu-de"));
    assert!(i.diagnostics.is_empty());
}

#[test]
fn every_icr_region_public_and_private() {
    for r in ICR_REGIONS {
        for (host, endpoint) in [(r.domain, Endpoint::Public), (r.private, Endpoint::Private)] {
            let i = registry_info(host);
            assert_eq!(i.kind, RegistryKind::Icr, "{host}");
            assert_eq!(i.region.as_deref(), Some(r.region), "{host}");
            assert_eq!(i.endpoint, Some(endpoint), "{host}");
            assert_eq!(i.credential_key.as_deref(), Some(host));
            assert_eq!(i.managed_secret_name, Some(format!("ce-auto-icr-private-{}", r.region)));
            assert!(i.diagnostics.is_empty(), "{host}: {:?}", i.diagnostics);
        }
    }
    assert_eq!(registry_info("icr.io").managed_secret_name, some("ce-auto-icr-private-global"));
}

#[test]
fn docker_hub_v1_url_is_the_key() {
    let i = registry_info("https://index.docker.io/v1/");
    assert_eq!(i.kind, RegistryKind::DockerHub);
    assert_eq!(i.kind.as_str(), "dockerhub");
    assert_eq!(i.host, some("index.docker.io"));
    assert_eq!(i.credential_key, some("https://index.docker.io/v1/"));
    assert_eq!(i.region, None);
    assert_eq!(i.endpoint, None);
    assert_eq!(i.default_username, None);
    assert_eq!(i.managed_secret_name, None);
    assert!(i.diagnostics.is_empty());
    // The host alone reduces to the same key for the kubelet: no warning.
    assert!(registry_info("index.docker.io").diagnostics.is_empty());
}

#[test]
fn docker_hub_aliases() {
    for alias in ["docker.io", "registry-1.docker.io"] {
        let i = registry_info(alias);
        assert_eq!(i.kind, RegistryKind::DockerHub);
        assert_eq!(i.credential_key, some("https://index.docker.io/v1/"));
        assert_eq!(
            diags(&i),
            vec![(
                "server_docker_hub_alias",
                format!("registry server \"{alias}\" is Docker Hub, whose credentials are keyed on \"https://index.docker.io/v1/\""),
                Span::new(0, alias.len()),
                some("https://index.docker.io/v1/"),
            )]
        );
    }
}

#[test]
fn other_registry_with_port() {
    let i = registry_info("host:5000");
    assert_eq!(i.kind, RegistryKind::Other);
    assert_eq!(i.kind.as_str(), "other");
    assert_eq!(i.host, some("host"));
    assert_eq!(i.port, Some(5000));
    assert_eq!(i.credential_key, some("host:5000"));
    assert_eq!(i.default_username, None);
    assert_eq!(i.managed_secret_name, None);
    assert!(i.diagnostics.is_empty());
    let v6 = registry_info("[::1]:5000");
    assert_eq!((v6.host, v6.port, v6.credential_key), (some("[::1]"), Some(5000), some("[::1]:5000")));
}

#[test]
fn scheme() {
    let i = registry_info("https://us.icr.io");
    assert_eq!(i.kind, RegistryKind::Icr);
    assert_eq!(i.credential_key, some("us.icr.io"));
    assert_eq!(
        diags(&i),
        vec![(
            "server_scheme",
            "registry server \"https://us.icr.io\" has a scheme; the credential key is \"us.icr.io\"".to_string(),
            Span::new(0, 8),
            some("us.icr.io"),
        )]
    );
    assert_eq!(
        diags(&registry_info("https://index.docker.io")),
        vec![(
            "server_scheme",
            "registry server \"https://index.docker.io\" has a scheme; the credential key is \"https://index.docker.io/v1/\"".to_string(),
            Span::new(0, 8),
            some("https://index.docker.io/v1/"),
        )]
    );
}

#[test]
fn uppercase_scheme_and_path() {
    let i = registry_info("HTTPS://Host/path");
    assert_eq!(i.host, some("host"));
    assert_eq!(i.credential_key, some("host"));
    assert_eq!(
        diags(&i),
        vec![
            (
                "server_uppercase",
                "registry server \"HTTPS://Host/path\" has uppercase letters, which image pulls never match"
                    .to_string(),
                Span::new(8, 12),
                some("host"),
            ),
            (
                "server_scheme",
                "registry server \"HTTPS://Host/path\" has a scheme; the credential key is \"host\"".to_string(),
                Span::new(0, 8),
                some("host"),
            ),
            (
                "server_path",
                "registry server \"HTTPS://Host/path\" has a path, so it only matches images under \"/path\""
                    .to_string(),
                Span::new(12, 17),
                some("host"),
            ),
        ]
    );
    let upper = registry_info("US.ICR.IO");
    assert_eq!((upper.kind, upper.region.as_deref()), (RegistryKind::Icr, Some("us-south")));
    assert_eq!(upper.diagnostics[0].code, SecretCode::ServerUppercase);
    assert_eq!(upper.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn surrounding_whitespace() {
    let i = registry_info(" us.icr.io ");
    assert_eq!(i.kind, RegistryKind::Icr);
    assert_eq!(
        diags(&i),
        vec![(
            "server_whitespace",
            "registry server \" us.icr.io \" has leading or trailing whitespace".to_string(),
            Span::new(0, 11),
            some("us.icr.io"),
        )]
    );
}

#[test]
fn port_on_icr_or_docker_hub_never_matches() {
    let i = registry_info("us.icr.io:443");
    assert_eq!(i.credential_key, some("us.icr.io:443"));
    assert_eq!(
        diags(&i),
        vec![(
            "server_port_never_matches",
            "registry server \"us.icr.io:443\" has a port, but images on this registry are named without one, so the key never matches".to_string(),
            Span::new(9, 13),
            some("us.icr.io"),
        )]
    );
    let hub = registry_info("index.docker.io:443");
    assert_eq!(hub.diagnostics[0].code, SecretCode::ServerPortNeverMatches);
    assert_eq!(hub.diagnostics[0].fix.as_ref().unwrap().replacement, "https://index.docker.io/v1/");
}

#[test]
fn pattern() {
    let i = registry_info("*.icr.io");
    assert_eq!(i.kind, RegistryKind::Other);
    assert_eq!(i.credential_key, some("*.icr.io"));
    assert_eq!(
        diags(&i),
        vec![(
            "server_pattern",
            "registry server \"*.icr.io\" is a pattern: it matches every host with the same number of labels"
                .to_string(),
            Span::new(0, 8),
            None,
        )]
    );
    assert_eq!(i.diagnostics[0].severity, Severity::Info);
    assert!(i.valid());
}

#[test]
fn unknown_icr_domain() {
    let i = registry_info("uss.icr.io");
    assert_eq!(i.kind, RegistryKind::Other);
    assert_eq!(
        diags(&i),
        vec![(
            "icr_unknown_domain",
            "registry server \"uss.icr.io\" is not a known IBM Cloud Container Registry domain; did you mean \"us.icr.io\"?".to_string(),
            Span::new(0, 10),
            some("us.icr.io"),
        )]
    );
    assert_eq!(closest_icr_domain("privat.jp.icr.io"), "private.jp.icr.io");
}

#[test]
fn deprecated_bluemix_domains() {
    let i = registry_info("registry.ng.bluemix.net");
    assert_eq!(i.kind, RegistryKind::Icr);
    assert_eq!(i.region, some("us-south"));
    assert_eq!(i.default_username, some("iamapikey"));
    assert_eq!(
        diags(&i),
        vec![(
            "deprecated_registry_domain",
            "registry server \"registry.ng.bluemix.net\" is a deprecated domain; use \"us.icr.io\"".to_string(),
            Span::new(0, 23),
            some("us.icr.io"),
        )]
    );
    for r in ICR_REGIONS {
        if let Some(old) = r.deprecated {
            let i = registry_info(old);
            assert_eq!(i.region.as_deref(), Some(r.region));
            assert_eq!(i.diagnostics[0].fix.as_ref().unwrap().replacement, r.domain);
        }
    }
    assert_eq!(
        diags(&registry_info("registry.jp-tok.bluemix.net")),
        vec![(
            "deprecated_registry_domain",
            "registry server \"registry.jp-tok.bluemix.net\" is a deprecated domain; use the matching \"*.icr.io\" domain".to_string(),
            Span::new(0, 27),
            None,
        )]
    );
}

#[test]
fn empty() {
    for s in ["", "  "] {
        let i = registry_info(s);
        assert!(!i.valid());
        assert_eq!((i.host, i.credential_key), (None, None));
        assert_eq!(
            diags(&registry_info(s)),
            vec![("server_empty", "registry server is required".to_string(), Span::new(0, s.len()), None)]
        );
    }
}

#[test]
fn garbage() {
    let cases: &[(&str, &str, Span)] = &[
        ("us icr", "registry server \"us icr\" must not contain whitespace or control characters", Span::new(2, 3)),
        ("a..b", "registry server \"a..b\" has an empty label between periods", Span::new(2, 2)),
        ("host:0", "registry server \"host:0\" has an invalid port \"0\"", Span::new(5, 6)),
        ("host:abc", "registry server \"host:abc\" has an invalid port \"abc\"", Span::new(5, 8)),
        ("host:99999", "registry server \"host:99999\" has an invalid port \"99999\"", Span::new(5, 10)),
        ("https://", "registry server \"https://\" has no host", Span::new(8, 8)),
        (":5000", "registry server \":5000\" has no host", Span::new(0, 0)),
        ("-a.com", "registry server \"-a.com\" has a label that begins or ends with \"-\"", Span::new(0, 2)),
        ("ex%mple.com", "registry server \"ex%mple.com\" is not a host name: \"%\" is not allowed", Span::new(2, 3)),
        ("[zz]:1", "registry server \"[zz]:1\" has an invalid IPv6 address", Span::new(0, 4)),
        ("[::1", "registry server \"[::1\" has an unclosed \"[\"", Span::new(0, 4)),
        ("hé.com", "registry server \"hé.com\" is not a host name: \"é\" is not allowed", Span::new(1, 3)),
    ];
    for (input, message, span) in cases {
        let i = registry_info(input);
        assert!(!i.valid(), "{input}");
        assert_eq!(i.credential_key, None);
        assert_eq!(diags(&i), vec![("server_invalid", message.to_string(), *span, None)], "{input}");
    }
}

/// Odd input gets findings, not a panic, and they hold together: each
/// span is inside the input on character boundaries, each severity is its
/// code's, `valid()` is exactly "no error", and a credential key exists
/// only for a valid server (and is lowercase, like the host).
#[test]
fn odd_input_gets_consistent_findings() {
    let odd =
        ["://", "a://", "[", "]", ":", "/", "::::", "a:", "\u{e9}:\u{e9}", "\u{0}", "x/\u{2028}", "[]:1", "*", "a:1:2"];
    for s in odd {
        let info = registry_info(s);
        assert_eq!(info.input, s);
        for d in &info.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= s.len(), "{s:?}: {d:?}");
            assert!(s.is_char_boundary(d.span.start) && s.is_char_boundary(d.span.end), "{s:?}: {d:?}");
            assert_eq!(d.location.as_str(), "server", "{s:?}");
            assert_eq!(d.severity, d.code.severity(), "{s:?}");
            assert!(!d.message().is_empty() && !d.message().ends_with('.'), "{s:?}: {d:?}");
        }
        let errors = info.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        assert_eq!(info.valid(), errors == 0, "{s:?}");
        if let Some(key) = &info.credential_key {
            assert!(info.valid(), "{s:?}");
            assert_eq!(key, &key.to_lowercase(), "{s:?}");
        }
        if let Some(host) = &info.host {
            assert_eq!(host, &host.to_lowercase(), "{s:?}");
        }
    }
}

#[test]
fn server_for_image_keys() {
    let cases = [
        ("nginx", "https://index.docker.io/v1/"),
        ("docker.io/library/nginx:1.25", "https://index.docker.io/v1/"),
        ("index.docker.io/team/app", "https://index.docker.io/v1/"),
        ("us.icr.io/team/app:1", "us.icr.io"),
        ("private.us.icr.io/team/app", "private.us.icr.io"),
        ("localhost:5000/a/b", "localhost:5000"),
        ("Registry.Example.COM/x/y", "Registry.Example.COM"),
    ];
    for (image, key) in cases {
        assert_eq!(server_for_image(image).as_deref(), Ok(key), "{image}");
    }
    // The error is the image parser's own (pinned by its tests).
    assert!(server_for_image("UPPER").is_err());
    assert!(server_for_image("").is_err());
}

#[test]
fn image_and_server_fields_suggest_the_same_icr_domain() {
    // "rvae.icr.io" is 4 edits from both "au.icr.io" and "private.icr.io":
    // a tie goes to the public domain, in both fields.
    assert_eq!(closest_icr_domain("rvae.icr.io"), "au.icr.io");
    assert_eq!(closest_icr_domain("RVAE.ICR.IO"), "au.icr.io");
    let v = registry_access::validate("rvae.icr.io/team1/app", registry_access::Profile::CodeEngine);
    let d = v.diagnostics.iter().find(|d| d.code.as_str() == "icr_unknown_domain").unwrap();
    assert_eq!(d.fix.as_ref().unwrap().replacement, "au.icr.io/team1/app");
    let info = registry_info("rvae.icr.io");
    let d = info.diagnostics.iter().find(|d| d.code.as_str() == "icr_unknown_domain").unwrap();
    assert_eq!(d.fix.as_ref().unwrap().replacement, "au.icr.io");
}

/// SPEC §2.2: each kind's hosts, with region, default username and the
/// usernames it accepts, and the near misses that are some other registry.
#[test]
fn kinds_of_spec_2_2_by_host() {
    /// (server, kind, host, region, default username)
    type Row = (&'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>);
    let known: &[Row] = &[
        ("us.icr.io", "icr", "us.icr.io", Some("us-south"), Some("iamapikey")),
        ("cp.icr.io", "icr-entitled", "cp.icr.io", None, Some("cp")),
        ("https://CP.ICR.IO", "icr-entitled", "cp.icr.io", None, Some("cp")),
        ("docker.io", "dockerhub", "docker.io", None, None),
        ("ghcr.io", "ghcr", "ghcr.io", None, None),
        ("https://ghcr.io/owner", "ghcr", "ghcr.io", None, None),
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "ecr",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            Some("us-east-1"),
            Some("AWS"),
        ),
        (
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
            "ecr",
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
            Some("cn-north-1"),
            Some("AWS"),
        ),
        (
            "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "ecr",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            Some("eu-west-1"),
            Some("AWS"),
        ),
        ("us-central1-docker.pkg.dev", "gar", "us-central1-docker.pkg.dev", Some("us-central1"), Some("_json_key")),
        ("europe-west4-docker.pkg.dev", "gar", "europe-west4-docker.pkg.dev", Some("europe-west4"), Some("_json_key")),
        ("gcr.io", "gar", "gcr.io", None, Some("_json_key")),
        ("us.gcr.io", "gar", "us.gcr.io", Some("us"), Some("_json_key")),
        ("eu.gcr.io", "gar", "eu.gcr.io", Some("eu"), Some("_json_key")),
        ("asia.gcr.io", "gar", "asia.gcr.io", Some("asia"), Some("_json_key")),
        ("myregistry.azurecr.io", "acr", "myregistry.azurecr.io", None, None),
        ("quay.io", "quay", "quay.io", None, None),
        // Near misses: a label too few or too many, a look-alike suffix.
        ("123.dkr.ecr.us-east-1.amazonaws.com", "other", "123.dkr.ecr.us-east-1.amazonaws.com", None, None),
        (
            "12345678901.dkr.ecr.us-east-1.amazonaws.com",
            "other",
            "12345678901.dkr.ecr.us-east-1.amazonaws.com",
            None,
            None,
        ),
        (
            "1234567890123.dkr.ecr.us-east-1.amazonaws.com",
            "other",
            "1234567890123.dkr.ecr.us-east-1.amazonaws.com",
            None,
            None,
        ),
        (
            "12345678901a.dkr.ecr.us-east-1.amazonaws.com",
            "other",
            "12345678901a.dkr.ecr.us-east-1.amazonaws.com",
            None,
            None,
        ),
        ("123456789012.dkr.ecr.amazonaws.com", "other", "123456789012.dkr.ecr.amazonaws.com", None, None),
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com",
            "other",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com",
            None,
            None,
        ),
        (
            "x.123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "other",
            "x.123456789012.dkr.ecr.us-east-1.amazonaws.com",
            None,
            None,
        ),
        ("ghcr.io.evil.com", "other", "ghcr.io.evil.com", None, None),
        ("evilghcr.io", "other", "evilghcr.io", None, None),
        ("quay.io.evil.com", "other", "quay.io.evil.com", None, None),
        ("us--docker.pkg.dev", "other", "us--docker.pkg.dev", None, None),
        ("docker.pkg.dev", "other", "docker.pkg.dev", None, None),
        ("us.docker.pkg.dev", "other", "us.docker.pkg.dev", None, None),
        ("uk.gcr.io", "other", "uk.gcr.io", None, None),
        ("gcr.io.evil.com", "other", "gcr.io.evil.com", None, None),
        ("abc.azurecr.io", "other", "abc.azurecr.io", None, None),
        ("my-registry.azurecr.io", "other", "my-registry.azurecr.io", None, None),
        ("a.myregistry.azurecr.io", "other", "a.myregistry.azurecr.io", None, None),
        ("myregistry.azurecr.io.evil.com", "other", "myregistry.azurecr.io.evil.com", None, None),
    ];
    for &(server, kind, host, region, user) in known {
        let i = registry_info(server);
        assert_eq!(i.kind.as_str(), kind, "{server}");
        assert_eq!(RegistryKind::from_name(kind), Some(i.kind));
        assert_eq!(i.host.as_deref(), Some(host), "{server}");
        assert_eq!(i.region.as_deref(), region, "{server}");
        assert_eq!(i.default_username.as_deref(), user, "{server}");
        assert_eq!(i.credential_key.as_deref(), Some(if kind == "dockerhub" { DOCKER_HUB_KEY } else { host }));
        assert_eq!(i.managed_secret_name.is_some(), kind == "icr", "{server}");
        // The entitled registry is a known IBM domain, not an unknown one.
        assert!(!i.diagnostics.iter().any(|d| d.code.as_str() == "icr_unknown_domain"), "{server}");
    }
    // Every kind's name, as SPEC §2.2's first column.
    let names: Vec<&str> = RegistryKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names, ["icr", "icr-entitled", "dockerhub", "ghcr", "ecr", "gar", "acr", "quay", "other"]);
}

#[test]
fn usernames_each_kind_accepts() {
    let usernames = |server: &str| registry_info(server).usernames.to_vec();
    assert_eq!(usernames("us.icr.io"), ["iamapikey", "iambearer", "iamrefresh"]);
    assert_eq!(usernames("cp.icr.io"), ["cp"]);
    assert_eq!(usernames("123456789012.dkr.ecr.us-east-1.amazonaws.com"), ["AWS"]);
    assert_eq!(usernames("gcr.io"), ["_json_key", "_json_key_base64", "oauth2accesstoken"]);
    for own in ["docker.io", "ghcr.io", "quay.io", "myregistry.azurecr.io", "example.com"] {
        assert!(usernames(own).is_empty(), "{own}");
    }
}

/// The Docker Hub hosts are one list: each is Docker Hub, and the image
/// hosts among them are the two a reference normalizes.
#[test]
fn docker_hub_hosts_in_one_place() {
    for host in DOCKER_HUB_HOSTS {
        assert_eq!(registry_info(host).kind, RegistryKind::DockerHub, "{host}");
    }
    assert!(is_docker_hub_image_host(DOCKER_HUB_HOST) && is_docker_hub_image_host(DOCKER_HUB_INDEX_HOST));
    assert!(!is_docker_hub_image_host("registry-1.docker.io"));
    assert_eq!(server_for_image("index.docker.io/library/nginx").unwrap(), DOCKER_HUB_KEY);
}

/// A server's quote in a message stops after 200 characters (`"…"`), like
/// every message's.
#[test]
fn quotes_of_the_server_are_capped() {
    let server = format!("HTTPS://{}.example.com/path", "s".repeat(1000));
    let i = registry_info(&server);
    assert!(!i.diagnostics.is_empty());
    for d in &i.diagnostics {
        assert!(!d.message().contains(&"s".repeat(201)), "{}: {}", d.code, d.message);
        assert!(d.message().len() < 1000, "{}: {} bytes", d.code, d.message().len());
    }
    assert!(
        i.diagnostics.iter().any(|d| d.message().contains(&format!("{}…\"", "s".repeat(192)))),
        "{:#?}",
        i.diagnostics
    );
}
