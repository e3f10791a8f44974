//! The `codeEngine` profile (SPEC §1.3, §1.5): every code's message, span and
//! fix pinned word for word, and the examples of the specification.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use registry_access::{validate, Code, Component, Components, Diagnostic, Profile, Severity, State, Validation};

fn ce(input: &str) -> Validation<'_> {
    validate(input, Profile::CodeEngine)
}

const D: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The diagnostic with `code` and span `start..end`; panics with the whole
/// result when there is none.
fn find(input: &str, code: &str, start: usize, end: usize) -> Diagnostic<'static> {
    let v = ce(input);
    v.diagnostics
        .iter()
        .find(|d| d.code.as_str() == code && d.span.start == start && d.span.end == end)
        .cloned()
        .map(Diagnostic::into_owned)
        .unwrap_or_else(|| panic!("{input:?}: no {code} at {start}..{end} in {:#?}", v.diagnostics))
}

/// One pinned diagnostic: input, code, span, message, fix (label, replacement).
type Pin = (&'static str, &'static str, usize, usize, &'static str, Option<(&'static str, &'static str)>);

#[rustfmt::skip]
const PINS: &[Pin] = &[
    ("", "empty", 0, 0, "image reference is empty", None),
    ("   ", "empty", 0, 3, "image reference is empty apart from whitespace", Some(("remove the whitespace", ""))),
    (" nginx", "surrounding_whitespace", 0, 1, r#"leading whitespace " " is not allowed"#, Some(("remove the surrounding whitespace", "nginx"))),
    ("nginx\t", "surrounding_whitespace", 5, 6, r#"trailing whitespace "\t" is not allowed"#, Some(("remove the surrounding whitespace", "nginx"))),
    ("\tnginx ", "surrounding_whitespace", 6, 7, r#"trailing whitespace " " is not allowed"#, Some(("remove the surrounding whitespace", "nginx"))),
    ("us.icr.io/team1/my app", "contains_whitespace", 18, 19, r#"whitespace " " is not allowed inside an image reference"#, None),
    ("nginx\0:1", "contains_whitespace", 5, 6, r#"control character "\0" is not allowed inside an image reference"#, None),
    ("https://us.icr.io/team1/app", "scheme_not_allowed", 0, 8, r#"scheme "https://" is not allowed"#, Some((r#"remove "https://""#, "us.icr.io/team1/app"))),
    ("HTTP://nginx", "scheme_not_allowed", 0, 7, r#"scheme "HTTP://" is not allowed"#, Some((r#"remove "HTTP://""#, "nginx"))),
    (" http://nginx", "scheme_not_allowed", 1, 8, r#"scheme "http://" is not allowed"#, Some((r#"remove "http://""#, " nginx"))),
    ("https://iamapikey:S3CRETKEY@us.icr.io/ns/app:1", "userinfo_not_allowed", 8, 28, r#"remove the user name and password before "@": an image reference carries no credentials"#, Some(("remove the credentials", "https://us.icr.io/ns/app:1"))),
    ("S3CRETKEY@us.icr.io/ns/app", "userinfo_not_allowed", 0, 10, r#"remove the user name and password before "@": an image reference carries no credentials"#, Some(("remove the credentials", "us.icr.io/ns/app"))),
    ("  https://u:KEY@us.icr.io/ns/app  ", "userinfo_not_allowed", 10, 16, r#"remove the user name and password before "@": an image reference carries no credentials"#, Some(("remove the credentials", "  https://us.icr.io/ns/app  "))),
    ("https://user:p@ss@host", "userinfo_not_allowed", 8, 18, r#"remove the user name and password before "@": an image reference carries no credentials"#, Some(("remove the credentials", "https://host"))),
    ("my!reg.io/team1/app", "registry_invalid_character", 2, 3, r#"registry must not contain "!""#, None),
    ("ré!g.io/team1/app", "registry_invalid_character", 1, 4, r#"registry must not contain "é!""#, None),
    ("localhost:5000/team1/app", "registry_port_not_allowed", 9, 14, r#"registry port ":5000" is not allowed"#, None),
    ("[::1]:5000/team1/app", "registry_port_not_allowed", 5, 10, r#"registry port ":5000" is not allowed"#, None),
    ("[::1]:5000/team1/app", "registry_invalid_character", 0, 3, r#"registry must not contain "[::""#, None),
    ("a..b/team1/app", "registry_label_length", 1, 3, r#"registry must not contain "..": labels between periods must not be empty"#, None),
    (".a/team1/app", "registry_label_length", 0, 1, r#"registry must not begin with ".""#, None),
    ("a./team1/app", "registry_label_length", 1, 2, r#"registry must not end with ".""#, None),
    (":5000/team1/app", "registry_label_length", 0, 0, "registry host must not be empty", None),
    ("reg-.io/team1/app", "registry_label_ends_with_dash", 3, 4, r#"registry label "reg-" must not end with "-""#, None),
    ("-reg.io/team1/app", "registry_label_bad_start", 0, 1, r#"registry label "-reg" must not begin with "-""#, None),
    ("my_reg.io/team1/app", "registry_underscore", 0, 9, r#"registry "my_reg.io" contains "_": docker and kubernetes read it as a docker hub path, not a host"#, None),
    ("us.icr.io/app:1.0", "namespace_missing", 10, 13, "namespace is missing: the format is registry/namespace/repository", None),
    ("us.icr.io/team1", "namespace_missing", 10, 15, "namespace is missing: the format is registry/namespace/repository", None),
    ("us.icr.io/", "namespace_missing", 10, 10, "namespace is missing: the format is registry/namespace/repository", None),
    ("us.icr.io/abc/app", "namespace_length", 10, 13, r#"namespace "abc" must be between 4 and 30 characters (it has 3)"#, None),
    ("us.icr.io//app", "namespace_length", 10, 10, "namespace must not be empty", None),
    ("us.icr.io/Team1/app", "namespace_invalid_character", 10, 15, r#"namespace "Team1" must be lowercase"#, Some((r#"use "team1""#, "us.icr.io/team1/app"))),
    ("us.icr.io/te.am/app", "namespace_invalid_character", 12, 13, r#"namespace must not contain ".""#, None),
    ("ghcr.io/MyOrg/app", "owner_must_be_lowercase", 8, 13, r#"github owner "MyOrg" must be lowercase on ghcr.io"#, Some((r#"use "myorg""#, "ghcr.io/myorg/app"))),
    ("us.icr.io/-team/app", "namespace_bad_start_or_end", 10, 11, r#"namespace "-team" must begin and end with a lowercase letter or number"#, None),
    ("us.icr.io/team_/app", "namespace_bad_start_or_end", 14, 15, r#"namespace "team_" must begin and end with a lowercase letter or number"#, None),
    ("abc/app", "docker_user_length", 0, 3, r#"docker user or organization "abc" must be between 4 and 30 characters (it has 3)"#, None),
    ("docker.io//app", "docker_user_length", 10, 10, "docker user or organization must not be empty", None),
    ("my-org/app", "docker_user_invalid_character", 2, 3, r#"docker user or organization must not contain "-""#, None),
    ("MyOrg/app", "docker_user_invalid_character", 0, 5, r#"docker user or organization "MyOrg" must be lowercase"#, Some((r#"use "myorg""#, "myorg/app"))),
    ("us.icr.io/team1/a", "repository_length", 16, 17, r#"repository "a" must be at least 2 characters"#, None),
    ("us.icr.io/team1/", "repository_length", 16, 16, "repository is missing", None),
    ("us.icr.io/team1/App", "repository_invalid_character", 16, 19, r#"repository "App" must be lowercase"#, Some((r#"use "app""#, "us.icr.io/team1/app"))),
    ("us.icr.io/team1/app+x", "repository_invalid_character", 19, 20, r#"repository must not contain "+""#, None),
    ("us.icr.io/team1/.app", "repository_bad_start_or_end", 16, 17, r#"repository ".app" must begin and end with a lowercase letter or number"#, None),
    ("us.icr.io/team1/app-", "repository_bad_start_or_end", 19, 20, r#"repository "app-" must begin and end with a lowercase letter or number"#, None),
    ("us.icr.io/team1/app/", "repository_bad_start_or_end", 19, 20, r#"repository must not end with "/""#, None),
    ("us.icr.io/team1//app", "repository_bad_start_or_end", 16, 17, r#"repository must not begin with "/""#, None),
    ("us.icr.io/team1/a//b", "repository_bad_start_or_end", 17, 19, r#"repository must not contain "//""#, None),
    ("us.icr.io/team1/a_/b", "repository_bad_start_or_end", 17, 18, r#"repository part "a_" must begin and end with a lowercase letter or number"#, None),
    ("us.icr.io/team1/a..b", "path_separator", 17, 19, r#"separator ".." must be one ".", one or two "_", or only "-""#, None),
    ("us.icr.io/team1/a___b", "path_separator", 17, 20, r#"separator "___" must be one ".", one or two "_", or only "-""#, None),
    ("us.icr.io/team1/a._b", "path_separator", 17, 19, r#"separator "._" must be one ".", one or two "_", or only "-""#, None),
    ("nginx:", "tag_empty", 5, 6, r#"tag must not be empty: add a tag or remove the ":""#, Some((r#"remove the ":""#, "nginx"))),
    ("nginx:1.0+build", "tag_invalid_character", 9, 10, r#"tag must not contain "+""#, None),
    ("nginx:-rc1", "tag_bad_start", 6, 7, r#"tag "-rc1" must not begin with "." or "-""#, None),
    ("nginx:.x", "tag_bad_start", 6, 7, r#"tag ".x" must not begin with "." or "-""#, None),
    ("us.icr.io/team1/app@sha", "digest_bad_prefix", 20, 23, r#"digest must begin with "sha256:""#, None),
    ("us.icr.io/team1/app@", "digest_bad_prefix", 20, 20, r#"digest must begin with "sha256:""#, None),
    ("us.icr.io/team1/app@md5", "digest_bad_prefix", 20, 23, r#"digest must begin with "sha256:", not "md5""#, None),
    ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "digest_bad_prefix", 0, 64, "64 hexadecimal digits alone are an image id: write repository@sha256:<digest>", None),
    ("us.icr.io/team1/app@sha256:12", "digest_invalid", 27, 29, r#"digest must have 64 hexadecimal digits after "sha256:" (it has 2)"#, None),
    ("us.icr.io/team1/app@sha256:12xyz", "digest_invalid", 29, 32, r#"digest must contain only lowercase hexadecimal digits, not "xyz""#, None),
    ("nginx", "default_registry", 0, 0, r#"no registry given: "docker.io" is used"#, None),
    ("us.icr.io/team1/app", "default_tag", 19, 19, r#"no tag given: "latest" is used"#, None),
    ("docker.io/nginx", "official_image", 10, 15, r#""nginx" is read as the official docker hub image "library/nginx""#, None),
    ("index.docker.io/library/nginx", "public_registry", 0, 15, "docker hub is public: store enterprise images in a private registry", None),
    ("nginx", "public_registry", 0, 0, "docker hub is public: store enterprise images in a private registry", None),
    ("uss.icr.io/team1/app", "icr_unknown_domain", 0, 10, r#"registry "uss.icr.io" is not a known ibm cloud container registry domain"#, Some((r#"use "us.icr.io""#, "us.icr.io/team1/app"))),
    ("private.us-south.icr.io/team1/app", "icr_unknown_domain", 0, 23, r#"registry "private.us-south.icr.io" is not a known ibm cloud container registry domain"#, Some((r#"use "private.us.icr.io""#, "private.us.icr.io/team1/app"))),
    ("de.icr.oi.icr.io/team1/app", "icr_unknown_domain", 0, 16, r#"registry "de.icr.oi.icr.io" is not a known ibm cloud container registry domain"#, Some((r#"use "de.icr.io""#, "de.icr.io/team1/app"))),
    ("registry.eu-gb.bluemix.net/team1/app", "deprecated_registry_domain", 0, 26, r#"registry "registry.eu-gb.bluemix.net" is deprecated: use "uk.icr.io""#, Some((r#"use "uk.icr.io""#, "uk.icr.io/team1/app"))),
    ("Registry.NG.Bluemix.net/team1/app:1", "deprecated_registry_domain", 0, 23, r#"registry "Registry.NG.Bluemix.net" is deprecated: use "us.icr.io""#, Some((r#"use "us.icr.io""#, "us.icr.io/team1/app:1"))),
    ("registry.xx.bluemix.net/team1/app", "deprecated_registry_domain", 0, 23, r#"registry "registry.xx.bluemix.net" is deprecated: use an icr.io domain"#, None),
];

fn check_pin(input: &str, code: &str, start: usize, end: usize, message: &str, fix: Option<(&str, &str)>) {
    let d = find(input, code, start, end);
    assert_eq!(d.message, message, "{input:?} {code}");
    assert_eq!(d.fix.as_ref().map(|f| (f.label.as_str(), f.replacement.as_str())), fix, "{input:?} {code}");
    assert_eq!(d.severity, d.code.severity(), "{input:?} {code}");
}

#[test]
fn messages_spans_and_fixes_are_pinned() {
    for &(input, code, start, end, message, fix) in PINS {
        check_pin(input, code, start, end, message, fix);
    }
}

#[test]
fn long_inputs_are_pinned() {
    let reg = "a.".repeat(128) + "b"; // 257 characters, 128 periods
    let input = format!("{reg}/team1/app");
    check_pin(&input, "registry_too_long", 0, 257, "registry must be 253 characters or fewer (it has 257)", None);
    check_pin(
        &input,
        "registry_too_many_periods",
        0,
        257,
        "registry must have 127 periods or fewer (it has 128)",
        None,
    );

    let label = "x".repeat(64);
    let input = format!("{label}.io/team1/app");
    let msg = format!("registry label \"{label}\" must be 63 characters or fewer (it has 64)");
    check_pin(&input, "registry_label_length", 0, 64, &msg, None);

    let input = format!("us.icr.io/{}/app", "n".repeat(31));
    let msg = format!("namespace \"{}\" must be between 4 and 30 characters (it has 31)", "n".repeat(31));
    check_pin(&input, "namespace_length", 10, 41, &msg, None);

    let input = format!("us.icr.io/team1/{}", "b".repeat(256));
    check_pin(&input, "repository_length", 16, 272, "repository must be 255 characters or fewer (it has 256)", None);
    // distribution counts namespace and repository together (the path).
    let input = format!("us.icr.io/team1/{}", "b".repeat(250));
    let msg = "repository must be 249 characters or fewer after namespace \"team1\" (it has 250)";
    check_pin(&input, "repository_length", 16, 266, msg, None);
    let input = "b".repeat(248);
    let msg = "repository must be 247 characters or fewer without a namespace (it has 248)";
    check_pin(&input, "repository_length", 0, 248, msg, None);

    let input = format!("nginx:{}", "t".repeat(129));
    check_pin(&input, "tag_too_long", 6, 135, "tag must be 128 characters or fewer (it has 129)", None);

    let input = format!("us.icr.io/team1/app@sha512:{}", "ab".repeat(64));
    check_pin(&input, "digest_bad_prefix", 20, 27, r#"digest must begin with "sha256:", not "sha512:""#, None);

    let upper = "0123456789ABCDEF".repeat(4);
    let input = format!("us.icr.io/team1/app@sha256:{upper}");
    let msg = format!("digest \"{upper}\" must use lowercase hexadecimal digits");
    let fixed = format!("us.icr.io/team1/app@{D}");
    check_pin(&input, "digest_invalid", 27, 91, &msg, Some(("use lowercase digits", &fixed)));

    let input = format!("us.icr.io/team1/app:1.0@{D}");
    check_pin(&input, "tag_and_digest", 19, 23, r#"tag "1.0" is ignored because a digest is given"#, None);

    let input = format!("app@{D}");
    let msg = r#"no namespace given: a digest reference uses the docker organization "ibm""#;
    check_pin(&input, "default_organization", 0, 0, msg, None);
}

/// Every codeEngine code of the table has a pinned message.
#[test]
fn every_code_is_pinned() {
    let long =
        ["registry_too_long", "registry_too_many_periods", "tag_too_long", "tag_and_digest", "default_organization"];
    for code in Code::ALL.iter().filter(|c| c.distribution_class().is_none()) {
        let name = code.as_str();
        assert!(PINS.iter().any(|p| p.1 == name) || long.contains(&name), "{name} has no pinned message");
    }
}

/// SPEC §1.5: short, lowercase, no trailing period; only quoted input may
/// carry uppercase.
#[test]
fn messages_are_short_lowercase_sentences() {
    for &(input, _, _, _, message, _) in PINS {
        let outside_quotes: String = message.split('"').step_by(2).collect();
        assert!(!outside_quotes.chars().any(|c| c.is_uppercase()), "{input:?}: {message}");
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.len() <= 120 + input.len(), "{message}");
    }
}

#[test]
fn severity_and_component_follow_the_table() {
    let v = ce("my_reg.io/team1/app");
    assert_eq!(v.diagnostics[0].severity, Severity::Warning);
    assert_eq!(v.diagnostics[0].location, Component::Registry);
    // path_separator is reported on the component it sits in.
    let d = find("us.icr.io/te___am/app", "path_separator", 12, 15);
    assert_eq!(d.location, Component::Namespace);
    let d = find("us.icr.io/team1/a..b", "path_separator", 17, 19);
    assert_eq!(d.location, Component::Repository);
}

// ---- the examples of SPEC §1.2, §1.3 and §1.5 ----

#[test]
fn spec_incomplete_examples() {
    for input in ["us.icr.io/", "us.icr.io/team1/app:", "us.icr.io/team1/app@sha256:12"] {
        let v = ce(input);
        assert!(!v.valid, "{input}");
        assert_eq!(v.state, State::Incomplete, "{input}: {:#?}", v.diagnostics);
        assert_eq!(v.normalized(), None);
    }
    // Still typing: a short repository, a digest prefix, a trailing separator.
    // "My.Reg" and "Nginx" can still become a registry ("My.Reg.io/team1/app"), where uppercase is fine.
    for input in [
        "",
        "n",
        "us.icr.io/team1",
        "us.icr.io/team1/",
        "us.icr.io/team1/app@sha",
        "us.icr.io/team1/app.",
        "us.icr.io/team1/my-",
        "My.Reg",
        "Nginx",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
        assert_eq!(ce(input).state, State::Incomplete, "{input}");
    }
    // Typing more cannot help.
    for input in [
        "us.icr.io/team1/app: ",
        "us.icr.io/tea/",
        "nginx:-",
        "us.icr.io/team1/app..",
        "us.icr.io/team1/app@sha256:xyz",
        "us.icr.io/app:1",
        "us.icr.io/team1/App",
        "Nginx:1",
        "My..Reg",
    ] {
        assert_eq!(ce(input).state, State::Invalid, "{input}");
    }
}

#[test]
fn spec_rc1_example() {
    let v = ce("us.icr.io/team1/app:-rc1");
    assert_eq!(v.state, State::Invalid);
    let msgs: Vec<String> = v.diagnostics.iter().map(|d| d.message.to_string()).collect();
    assert_eq!(msgs, [r#"tag "-rc1" must not begin with "." or "-""#]);
}

#[test]
fn defaults_and_normalized_form() {
    let cases = [
        ("nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("nginx:1.25", "docker.io/library/nginx:1.25", "nginx:1.25"),
        ("docker.io/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("index.docker.io/ibmcom/app:2", "docker.io/ibmcom/app:2", "ibmcom/app:2"),
        ("us.icr.io/team1/app", "us.icr.io/team1/app:latest", "us.icr.io/team1/app:latest"),
        ("us.icr.io/team1/tools/app:v1", "us.icr.io/team1/tools/app:v1", "us.icr.io/team1/tools/app:v1"),
        ("docker.io/library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest"),
    ];
    for (input, normalized, familiar) in cases {
        let v = ce(input);
        assert!(v.valid, "{input}: {:#?}", v.diagnostics);
        assert_eq!(v.state, State::Valid);
        assert_eq!(v.normalized().as_deref(), Some(normalized), "{input}");
        assert_eq!(v.familiar().as_deref(), Some(familiar), "{input}");
    }
    // The digest form: "docker.io and ibm as the Docker organization".
    let input = format!("app@{D}");
    let v = ce(&input);
    assert_eq!(v.normalized().as_deref(), Some(&*format!("docker.io/ibm/app@{D}")));
    assert_eq!(v.familiar().as_deref(), Some(&*format!("ibm/app@{D}")));
    // Tag and digest: the digest wins.
    let input = format!("us.icr.io/team1/app:1.0@{D}");
    let v = ce(&input);
    assert_eq!(v.normalized().as_deref(), Some(&*format!("us.icr.io/team1/app@{D}")));
    assert_eq!(v.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TagAndDigest]);
}

#[test]
fn info_codes_for_defaults() {
    let codes = |input: &str| ce(input).diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>();
    assert_eq!(codes("nginx"), ["default_registry", "default_tag", "official_image", "public_registry"]);
    assert_eq!(codes("docker.io/nginx:1"), ["official_image", "public_registry"]);
    assert_eq!(codes(&format!("app@{D}")), ["default_registry", "default_organization", "public_registry"]);
    assert_eq!(codes("us.icr.io/team1/app:1"), Vec::<&str>::new());
}

#[test]
fn components_are_as_typed() {
    let input = format!("us.icr.io/team1/tools/app:1.0@{D}");
    let v = ce(&input);
    assert_eq!(
        v.components,
        Components {
            registry: Some("us.icr.io".into()),
            namespace: Some("team1".into()),
            repository: Some("tools/app".into()),
            tag: Some("1.0".into()),
            digest: Some(D.into()),
        }
    );
    let v = ce("nginx");
    assert_eq!(v.components, Components { repository: Some("nginx".into()), ..Components::default() });
    // §1.2: no registry without "." or ":" or "localhost"; uppercase does not make one.
    assert_eq!(ce("team1/app").components.registry, None);
    assert_eq!(ce("localhost/team1/app").components.registry.as_deref(), Some("localhost"));
    let v = ce("Team1/app");
    assert_eq!(v.components.registry, None);
    assert_eq!(v.components.namespace.as_deref(), Some("Team1"));
    assert!(v.diagnostics.iter().any(|d| d.code == Code::DockerUserInvalidCharacter));
    // An empty tag is typed as "".
    assert_eq!(ce("nginx:").components.tag.as_deref(), Some(""));
}

#[test]
fn all_diagnostics_at_once() {
    let v = ce(" https://Reg-.io:5000/Te..am/a__-b:-x ");
    let codes: Vec<&str> =
        v.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "surrounding_whitespace",
            "surrounding_whitespace",
            "scheme_not_allowed",
            "registry_port_not_allowed",
            "registry_label_ends_with_dash",
            "namespace_invalid_character",
            "namespace_invalid_character",
            "path_separator",
            "tag_bad_start",
        ]
    );
    for d in &v.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= 38, "{d:?}");
    }
}

#[test]
fn fixes_replace_the_whole_input() {
    // Applying a fix yields an input without that diagnostic.
    let inputs = [
        " nginx",
        "https://nginx",
        "us.icr.io/Team1/app",
        "us.icr.io/team1/App:1",
        "nginx:",
        "uss.icr.io/team1/app",
        "registry.ng.bluemix.net/team1/app",
    ];
    for input in inputs {
        let v = ce(input);
        let d = v.diagnostics.iter().find(|d| d.fix.is_some()).unwrap_or_else(|| panic!("{input}: no fix"));
        let fixed = &d.fix.as_ref().unwrap().replacement;
        let after = ce(fixed);
        assert!(
            after.valid && after.diagnostics.iter().all(|x| x.code != d.code),
            "{input} -> {fixed}: {:#?}",
            after.diagnostics
        );
    }
}

#[test]
fn hard_cases_do_not_panic_and_spans_are_boundaries() {
    let inputs = [
        "é",
        "/",
        "@",
        ":",
        "@@",
        "::",
        "a/é/ü:é@é",
        "\u{200b}",
        "ab\u{1F600}/cd",
        "x@sha256:é",
        "localhost:",
        "https://",
        "http:/",
        "-",
        "a:b:c/d",
    ];
    for input in inputs {
        let v = ce(input);
        for d in &v.diagnostics {
            assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{input:?} {d:?}");
            assert!(d.span.start <= d.span.end && d.span.end <= input.len());
        }
    }
}

#[test]
fn messages_quote_at_most_200_characters_of_the_input() {
    let tag = format!("-{}", "t".repeat(300));
    let input = format!("nginx:{tag}");
    let v = validate(&input, Profile::CodeEngine);
    let d = v.diagnostics.iter().find(|d| d.code == Code::TagBadStart).unwrap();
    assert_eq!(d.message, format!("tag \"-{}…\" must not begin with \".\" or \"-\"", "t".repeat(199)));

    // However long the input, every message stays short.
    let long = "Ab-".repeat(100_000);
    for input in [
        format!("us.icr.io/team1/{long}"),
        format!("{long}.io/x/y:{long}"),
        format!("nginx:-{long}"),
        format!("us.icr.io/n_{long}/app@sha256:{long}"),
    ] {
        let v = validate(&input, Profile::CodeEngine);
        assert!(!v.valid);
        for d in &v.diagnostics {
            assert!(
                d.message.to_string().len() < 600,
                "{} has a message of {} bytes",
                d.code,
                d.message.to_string().len()
            );
        }
    }
}

// ---- a login URL pasted as the image ----

mod support;
use support::{assert_no_secret, login_urls};

#[test]
fn a_login_url_never_shows_its_password() {
    for input in login_urls() {
        for profile in [Profile::CodeEngine, Profile::Oci] {
            let v = validate(&input, profile);
            assert_eq!(v.state, State::Invalid, "{profile:?}");
            assert!(!v.valid && v.normalized().is_none() && v.familiar().is_none());
            assert_no_secret(&input, "Debug of the validation", &format!("{v:?}"));
            for d in &v.diagnostics {
                assert_no_secret(&input, "a message", &d.message.to_string());
                if let Some(f) = &d.fix {
                    assert_no_secret(&input, "a fix label", &f.label);
                    assert_no_secret(&input, "a fix", &f.replacement);
                }
            }
        }
    }
}

#[test]
fn credentials_get_one_diagnostic_and_the_only_fix() {
    for input in login_urls() {
        let v = ce(&input);
        let with_fix: Vec<_> = v.diagnostics.iter().filter(|d| d.fix.is_some()).collect();
        assert_eq!(with_fix.len(), 1, "{:#?}", v.diagnostics);
        let d = with_fix[0];
        assert_eq!((d.code, d.severity, d.location), (Code::UserinfoNotAllowed, Severity::Error, Component::Reference));
        // The span is the userinfo with its "@"; the fix is the input without it.
        assert!(input[d.span.start..d.span.end].ends_with('@'));
        let fixed = &d.fix.as_ref().unwrap().replacement;
        assert_eq!(fixed.len(), input.len() - (d.span.end - d.span.start));
        assert!(ce(fixed).diagnostics.iter().all(|x| x.code != Code::UserinfoNotAllowed), "{fixed}");
    }
    // Everything else is read after the "@": the components too.
    let v = ce("https://iamapikey:S3CRETKEY@us.icr.io/Team1/app:1");
    assert_eq!(
        v.components,
        Components {
            registry: Some("us.icr.io".into()),
            namespace: Some("Team1".into()),
            repository: Some("app".into()),
            tag: Some("1".into()),
            digest: None,
        }
    );
    let codes: Vec<&str> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["scheme_not_allowed", "userinfo_not_allowed", "namespace_invalid_character"]);
    // The scheme pasted twice is one finding.
    let d = find("http://https://u:p@us.icr.io/team1/app", "scheme_not_allowed", 0, 15);
    assert_eq!(d.message, r#"scheme "http://https://" is not allowed"#);
}

#[test]
fn digests_and_tags_are_not_credentials() {
    // A digest has no "/", so these are not login URLs (same codes as
    // before the rule); nor is "user:pass@host", which reads exactly like
    // "repo:tag@digest".
    let by_digest = format!("app@{D}");
    let cases: &[(&str, &[&str])] = &[
        (&by_digest, &["default_registry", "default_organization", "public_registry"]),
        (
            "app:v1@sha",
            &["digest_bad_prefix", "tag_and_digest", "default_registry", "default_organization", "public_registry"],
        ),
        ("nginx@", &["digest_bad_prefix", "default_registry", "default_organization", "public_registry"]),
    ];
    for (input, codes) in cases {
        let got: Vec<&str> = ce(input).diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(&got, codes, "{input}");
    }
    assert!(ce("user:pass@host").diagnostics.iter().all(|d| d.code != Code::UserinfoNotAllowed));
}

/// Both profiles quote at most 200 characters of the input, the `…` inside
/// the quotes (`"aaa…"`), rendered from the table on demand.
#[test]
fn quotes_of_the_input_are_capped() {
    let input = format!("us.icr.io/team1/{}:-{}", "A".repeat(300), "b".repeat(300));
    for profile in [Profile::CodeEngine, Profile::Oci] {
        let v = validate(&input, profile);
        assert!(!v.valid);
        for d in &v.diagnostics {
            let m = d.message.to_string();
            assert!(!m.contains(&"A".repeat(201)) && !m.contains(&"b".repeat(201)), "{}: {m}", d.code);
        }
    }
    let v = validate(&input, Profile::Oci);
    let tag = v.diagnostics.iter().find(|d| d.code == Code::OciTagBadStart).unwrap();
    assert_eq!(tag.message, format!("tag \"-{}…\" must not begin with \".\" or \"-\"", "b".repeat(199)));
}

/// `message()` renders the `message` field, as the other families' do.
#[test]
fn message_renders_the_data() {
    let v = validate("nginx", Profile::CodeEngine);
    let d = &v.diagnostics[0];
    assert_eq!(d.message(), d.message.to_string());
    assert_eq!(d.message(), "no registry given: \"docker.io\" is used");
}
