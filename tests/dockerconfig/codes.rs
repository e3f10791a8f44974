//! Every code, from input broken the way people break these files, with
//! its message pinned word for word.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn invalid_json_trailing_comma_from_hand_editing() {
    let text = format!(
        "{{\n  \"auths\": {{\n    \"us.icr.io\": {{\n      \"username\": \"iamapikey\",\n      \"password\": \"{KEY}\",\n    }}\n  }}\n}}\n"
    );
    let i = inspect(&text);
    let d = only(&i, ConfigCode::InvalidJson);
    assert_eq!(d.message(), "invalid JSON at line 6 column 5: trailing comma");
    assert_eq!((d.location.line, d.location.column), (Some(6), Some(5)));
    assert_eq!(&text[d.span.start..d.span.end], "}");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.location.field, ConfigField::Config);
    assert!(!i.valid);
    assert_eq!(i.shape, None);
}

#[test]
fn invalid_json_single_quotes_from_a_shell_snippet() {
    let i = inspect("{'auths': {}}");
    let d = only(&i, ConfigCode::InvalidJson);
    assert_eq!(d.message(), "invalid JSON at line 1 column 2: key must be a string");
    assert_eq!(d.span, Span::new(1, 2));
}

#[test]
fn invalid_json_inside_base64_points_at_the_whole_input() {
    let text = b64("{\"auths\":{\"us.icr.io\":{\"auth\":\"x\"}}");
    let i = inspect(&text);
    let d = only(&i, ConfigCode::InvalidJson);
    assert_eq!(d.message(), "invalid JSON at line 1 column 35 (in the decoded value): EOF while parsing an object");
    assert_eq!(d.span, Span::new(0, text.len()));
}

#[test]
fn missing_auths_wrapper_legacy_dockercfg() {
    // The format `~/.dockercfg` had before Docker 1.7, still in old wikis.
    let text = format!(
        r#"{{"us.icr.io":{{"username":"iamapikey","password":"{KEY}","email":"dev@example.com","auth":"{}"}}}}"#,
        auth("iamapikey", KEY)
    );
    let i = inspect(&text);
    let d = only(&i, ConfigCode::MissingAuthsWrapper);
    assert_eq!(
        d.message(),
        "this is the legacy .dockercfg shape without the \"auths\" wrapper; a .dockerconfigjson needs {\"auths\": ...} around the entries"
    );
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.fix, None, "the fix holds the password: only with reveal");
    assert_eq!(i.shape, Some(Shape::DockerCfg));
    let fix = revealed(&text).diagnostics[0].fix.clone().expect("a fix when revealed");
    assert_eq!(fix.label, "wrap the entries in \"auths\"");
    assert_eq!(
        fix.replacement,
        format!(
            r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":"{KEY}","email":"dev@example.com","auth":"{}"}}}}}}"#,
            auth("iamapikey", KEY)
        )
    );
}

#[test]
fn missing_auths_wrapper_in_a_dockerconfigjson_secret() {
    let legacy = format!(r#"{{"us.icr.io":{{"auth":"{}"}}}}"#, auth("iamapikey", KEY));
    let text = secret_manifest("kubernetes.io/dockerconfigjson", ".dockerconfigjson", &b64(&legacy));
    let i = inspect(&text);
    let d = only(&i, ConfigCode::MissingAuthsWrapper);
    // The kubelet decodes it and finds no credentials: well-formed, but it
    // will not authenticate anything (SPEC §3.3 "Severity").
    assert_eq!(d.severity, Severity::Warning);
    assert!(i.valid);
    assert_eq!(
        d.message(),
        "this .dockerconfigjson has no \"auths\" wrapper (it is the legacy .dockercfg shape), so the kubelet finds no credentials in it; wrap the entries in {\"auths\": ...}"
    );
    let fixed = revealed(&text).diagnostics[0].fix.clone().unwrap().replacement;
    assert!(inspect(&fixed).valid, "{fixed}");
}

#[test]
fn double_base64_from_encoding_twice() {
    // `base64 config.json | base64`: each layer wrapped at 76 columns.
    let wrap = |s: String| -> String {
        s.as_bytes().chunks(76).map(|c| format!("{}\n", String::from_utf8_lossy(c))).collect()
    };
    let once = wrap(b64(&kubectl_config("us.icr.io", "iamapikey", KEY)));
    let twice = wrap(b64(&once));
    let i = inspect(&twice);
    let d = only(&i, ConfigCode::DoubleBase64);
    assert_eq!(d.message(), "the input is base64 of base64 of a config; decode it once more (it was encoded twice)");
    assert_eq!(i.base64_layers, 2);
    assert_eq!(i.entries[0].username.as_deref(), Some("iamapikey"), "still read through both layers");
    let fix = revealed(&twice).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fix.replacement, once.trim());
}

#[test]
fn double_base64_in_secret_data() {
    // `--from-literal=.dockerconfigjson=$(base64 -w0 config.json)` on a
    // Secret whose data the API server base64-encodes again.
    let once = b64(&kubectl_config("us.icr.io", "iamapikey", KEY));
    let text = secret_manifest("kubernetes.io/dockerconfigjson", ".dockerconfigjson", &b64(&once));
    let i = inspect(&text);
    let d = only(&i, ConfigCode::DoubleBase64);
    assert_eq!(
        d.message(),
        "data key \".dockerconfigjson\" is base64 of base64 of a config; the kubelet reads base64 text instead of JSON"
    );
    assert_eq!(d.location.field, ConfigField::Secret);
    let fixed = revealed(&text).diagnostics[0].fix.clone().unwrap().replacement;
    let again = inspect(&fixed);
    assert!(again.valid && again.base64_layers == 1, "{fixed}");
}

#[test]
fn auth_mismatch_after_rotating_the_key() {
    // The password field was updated by hand, `auth` still has the old key.
    let text = format!(
        r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":"{KEY}","auth":"{}"}}}}}}"#,
        auth("iamapikey", "old-revoked-key")
    );
    let i = inspect(&text);
    let d = only(&i, ConfigCode::AuthMismatch);
    assert_eq!(d.message(), "\"auth\" of \"us.icr.io\" holds a password that differs from \"password\"; docker and the kubelet use \"auth\"");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.location.server.as_deref(), Some("us.icr.io"));
    assert_eq!(&text[d.span.start..d.span.end], "\"auth\"");
    assert_eq!(i.entries[0].auth_matches, Some(false));
    assert_eq!(i.entries[0].password_length, "old-revoked-key".len(), "auth wins");
    let fixed = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fixed.label, "recompute \"auth\" from \"username\" and \"password\"");
    assert_eq!(fixed.replacement, kubectl_config("us.icr.io", "iamapikey", KEY));
}

#[test]
fn auth_mismatch_from_a_username_with_a_colon() {
    // kubectl accepts `--docker-username=a:b`; readers split `auth` at the
    // first colon and get another username.
    let text = r#"{"auths":{"quay.io":{"username":"a:b","password":"p:q","auth":"YTpiOnA6cQ=="}}}"#;
    let i = inspect(text);
    let d = only(&i, ConfigCode::AuthMismatch);
    assert_eq!(
        d.message(),
        "\"auth\" of \"quay.io\" holds username \"a\" and a password that differ from \"username\" and \"password\"; docker and the kubelet use \"auth\""
    );
    assert_eq!(i.entries[0].username.as_deref(), Some("a"));
}

#[test]
fn auth_undecodable_plain_user_colon_password() {
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"iamapikey:{KEY}"}}}}}}"#);
    let i = inspect(&text);
    let d = only(&i, ConfigCode::AuthUndecodable);
    assert_eq!(
        d.message(),
        "\"auth\" of \"us.icr.io\" is not base64 of \"username:password\" (it looks like plain \"username:password\"; it must be base64-encoded); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
    );
    assert_eq!(d.location.field, ConfigField::Auth);
    assert!(!i.valid);
    let fix = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fix.replacement, format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, auth("iamapikey", KEY)));
}

#[test]
fn auth_undecodable_without_colon() {
    // Only the API key was encoded.
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, b64(KEY));
    let d = only(&inspect(&text), ConfigCode::AuthUndecodable);
    assert_eq!(
        d.message(),
        "\"auth\" of \"us.icr.io\" is not base64 of \"username:password\" (it decodes to text without a \":\" between username and password); the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
    );
}

#[test]
fn credential_helper_only_from_docker_desktop() {
    // `docker login` on Docker Desktop: the secret is in the OS keychain.
    let text = r#"{
	"auths": {
		"https://index.docker.io/v1/": {},
		"us.icr.io": {}
	},
	"credsStore": "desktop",
	"currentContext": "desktop-linux"
}"#;
    let i = inspect(text);
    let d = only(&i, ConfigCode::CredentialHelperOnly);
    assert_eq!(
        d.message(),
        "the credentials are in the credential helper \"desktop\" (credsStore/credHelpers), not in this file; the kubelet cannot run helpers, so this file holds no credentials"
    );
    assert_eq!(i.credential_helpers, vec!["desktop".to_string()]);
    assert_eq!(i.entries.len(), 2);
}

#[test]
fn credential_helper_only_with_cred_helpers_and_no_auths() {
    // `gcloud auth configure-docker` writes only credHelpers.
    let text = r#"{"credHelpers":{"gcr.io":"gcloud","us-docker.pkg.dev":"gcloud"}}"#;
    let i = inspect(text);
    let d = only(&i, ConfigCode::CredentialHelperOnly);
    assert!(d.message().starts_with("the credentials are in the credential helper \"gcloud\" "), "{}", d.message());
    assert_eq!(i.shape, Some(Shape::DockerConfigJson));
}

#[test]
fn identity_token_only_from_az_acr_login() {
    // `az acr login` stores a null-GUID username, no password, and a token.
    let text = format!(
        r#"{{"auths":{{"myregistry.azurecr.io":{{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":"{KEY}"}}}}}}"#
    );
    let i = inspect(&text);
    let d = only(&i, ConfigCode::IdentityTokenOnly);
    assert_eq!(
        d.message(),
        "entry \"myregistry.azurecr.io\" has only an identity token, which the kubelet ignores; store a username and password (or a token as the password)"
    );
    assert_eq!(&text[d.span.start..d.span.end], "\"identitytoken\"");
    assert!(i.entries[0].has_identity_token);
    assert!(!i.entries[0].has_password);
    assert_eq!(revealed(&text).entries[0].identity_token.as_deref(), Some(KEY));
}

#[test]
fn wrong_secret_type_opaque_from_create_secret_generic() {
    // `kubectl create secret generic regcred --from-file=.dockerconfigjson=config.json`
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = secret_manifest("Opaque", ".dockerconfigjson", &b64(&config));
    let i = inspect(&text);
    let d = only(&i, ConfigCode::WrongSecretType);
    assert_eq!(
        d.message(),
        "the secret has type \"Opaque\"; the kubelet only reads pull secrets of type kubernetes.io/dockerconfigjson"
    );
    assert_eq!(i.entries.len(), 1, "the credentials are still read");
    let fix = revealed(&text).diagnostics[0].fix.clone().unwrap();
    assert_eq!(fix.label, "set type to kubernetes.io/dockerconfigjson");
    assert!(inspect(&fix.replacement).valid);
}

#[test]
fn wrong_secret_type_when_type_is_missing() {
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = format!(
        r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"regcred"}},"data":{{".dockerconfigjson":"{}"}}}}"#,
        b64(&config)
    );
    let d = only(&inspect(&text), ConfigCode::WrongSecretType);
    assert_eq!(
        d.message(),
        "the secret has no type (the API server uses \"Opaque\"); the kubelet only reads pull secrets of type kubernetes.io/dockerconfigjson"
    );
}

#[test]
fn wrong_secret_type_not_a_secret() {
    let text = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"regcred"},"data":{"config.json":"{}"}}"#;
    let d = only(&inspect(text), ConfigCode::WrongSecretType);
    assert_eq!(
        d.message(),
        "kind \"ConfigMap\" is not a Secret; registry credentials need a Secret of type kubernetes.io/dockerconfigjson"
    );
}

#[test]
fn server_key_never_matches_explicit_port_443() {
    let text = format!(r#"{{"auths":{{"https://us.icr.io:443":{{"auth":"{}"}}}}}}"#, auth("iamapikey", KEY));
    let i = inspect(&text);
    let d = only(&i, ConfigCode::ServerKeyNeverMatches);
    assert_eq!(
        d.message(),
        "key \"https://us.icr.io:443\" never matches an image: the kubelet compares ports as written, and images on this registry are written without \":443\"; use \"us.icr.io\""
    );
    assert_eq!(&text[d.span.start..d.span.end], "\"https://us.icr.io:443\"");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn server_key_never_matches_other_spellings() {
    let cases = [
        ("registry-1.docker.io", "key \"registry-1.docker.io\" never matches an image: images are never written with the host \"registry-1.docker.io\"; use \"https://index.docker.io/v1/\""),
        ("US.ICR.IO", "key \"US.ICR.IO\" never matches an image: the kubelet compares hosts case-sensitively and image hosts are lowercase; use \"us.icr.io\""),
        ("https://index.docker.io/v1", "key \"https://index.docker.io/v1\" never matches an image: Docker Hub credentials must reduce to \"index.docker.io\" for the kubelet's Docker Hub fallback (a path is kept unless it is exactly /v1/ or /v2/); use \"https://index.docker.io/v1/\""),
        ("us.icr.io.", "key \"us.icr.io.\" never matches an image: the trailing dot makes one more host label than any image has; use \"us.icr.io\""),
        ("docker://us.icr.io", "key \"docker://us.icr.io\" never matches an image: the kubelet only understands the schemes https:// and http://, not \"docker\"; use \"us.icr.io\""),
        ("us.icr.io:abc", "key \"us.icr.io:abc\" never matches an image: the kubelet cannot parse it as a URL and ignores it"),
        // docker drops "/v1" either way; the kubelet keeps it without the slash.
        ("https://normalize.example.org/v1", "key \"https://normalize.example.org/v1\" never matches an image: the kubelet drops only \"/v1\" followed by \"/\", so it keeps the path \"/v1\" and matches only repositories under \"normalize.example.org/v1\"; use \"normalize.example.org\""),
        ("localhost:5000/v2", "key \"localhost:5000/v2\" never matches an image: the kubelet drops only \"/v2\" followed by \"/\", so it keeps the path \"/v2\" and matches only repositories under \"localhost:5000/v2\"; use \"localhost:5000\""),
    ];
    for (key, message) in cases {
        let text = format!(r#"{{"auths":{{"{key}":{{"auth":"{}"}}}}}}"#, auth("iamapikey", KEY));
        let i = inspect(&text);
        let d = i.diagnostics.iter().find(|d| d.code == ConfigCode::ServerKeyNeverMatches).expect(key);
        assert_eq!(d.message(), message, "{key}");
    }
}

#[test]
fn good_keys_are_not_flagged() {
    for key in [
        "us.icr.io",
        "https://us.icr.io",
        "https://index.docker.io/v1/",
        "docker.io",
        "registry.example.com:5000",
        "quay.io/team",
        "*.icr.io",
    ] {
        // ICR keys get ICR's username, the others a Docker-ID-like one.
        let user = if key.contains("icr.io") { "iamapikey" } else { "ci-bot" };
        let text = format!(r#"{{"auths":{{"{key}":{{"auth":"{}"}}}}}}"#, auth(user, "s3cr3t-pass"));
        assert_eq!(codes(&inspect(&text)), Vec::<&str>::new(), "{key}");
    }
}

#[test]
fn empty_input_pasted_nothing() {
    let d = only(&inspect("\n"), ConfigCode::Empty);
    assert_eq!(d.message(), "the input is empty");
    assert_eq!(only(&inspect(""), ConfigCode::Empty).span, Span::new(0, 0));
}

#[test]
fn not_an_object_json_string_from_jq() {
    // `jq '.data[".dockerconfigjson"] | @base64d' -- without -r: a JSON string.
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = serde_json::to_string(&config).unwrap();
    let d = only(&inspect(&text), ConfigCode::NotAnObject);
    assert_eq!(d.message(), "expected a JSON object, found a string");
    let d = only(&inspect(r#"{"auths":[]}"#), ConfigCode::NotAnObject);
    assert_eq!(d.message(), "\"auths\" must be an object, found an array");
}

#[test]
fn reads_a_yaml_secret_from_a_live_cluster() {
    // `kubectl get secret regcred -o yaml` after `kubectl apply`: an
    // annotation with a block scalar, quoted scalars, a list, CRLF endings.
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = format!(
        "# from the cluster\n---\napiVersion: v1\ndata:\n  .dockerconfigjson: {}\nkind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {{\"apiVersion\":\"v1\",\"kind\":\"Secret\"}}\n  creationTimestamp: \"2026-11-26T10:00:00Z\"\n  name: regcred\n  namespace: 'team1'\n  ownerReferences:\n  - apiVersion: v1\n    kind: ServiceAccount\n    name: default\n  resourceVersion: \"12345\"\n  uid: 0b7f1c1e-0000-4000-8000-000000000000\ntype: kubernetes.io/dockerconfigjson\n",
        b64(&config)
    )
    .replace('\n', "\r\n");
    let i = inspect(&text);
    assert!(i.valid, "{:?}", i.diagnostics);
    let s = i.secret.clone().unwrap();
    assert_eq!((s.name.as_deref(), s.namespace.as_deref()), (Some("regcred"), Some("team1")));
    assert_eq!(i.entries[0].username.as_deref(), Some("iamapikey"));
    assert_eq!(i.entries[0].password_length, KEY.len());
}

#[test]
fn reads_yaml_string_data_with_a_block_scalar() {
    // Written by hand for `kubectl apply -f`.
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: |\n    {{\n      \"auths\": {{\n        \"us.icr.io\": {{ \"username\": \"iamapikey\", \"password\": \"{KEY}\" }}\n      }}\n    }}\n"
    );
    let i = inspect(&text);
    assert!(i.valid, "{:?}", i.diagnostics);
    assert_eq!(i.entries[0].password_length, KEY.len());
    assert_eq!(upsert_credential(&text, &cred("de.icr.io", "iamapikey", "p")).unwrap().matches("\"auths\"").count(), 1);
}

#[test]
fn yaml_not_supported_flow_mapping() {
    let text = "apiVersion: v1\nkind: Secret\ndata: {.dockerconfigjson: e30=}\ntype: kubernetes.io/dockerconfigjson\n";
    let d = only(&inspect(text), ConfigCode::YamlNotSupported);
    assert_eq!(
        d.message(),
        "YAML line 3: flow collections ({...}, [...]) are not read; paste it as JSON (kubectl get secret NAME -o json)"
    );
}

#[test]
fn yaml_not_supported_when_not_a_manifest() {
    // A compose file pasted into the wrong box.
    let d = only(&inspect("services:\n  web:\n    image: nginx\n"), ConfigCode::YamlNotSupported);
    assert_eq!(
        d.message(),
        "this YAML is not a Kubernetes Secret manifest; paste it as JSON (kubectl get secret NAME -o json)"
    );
    let d = only(&inspect("apiVersion: v1\nkind: Secret\ndata:\n  x: &a b\n"), ConfigCode::YamlNotSupported);
    assert_eq!(
        d.message(),
        "YAML line 4: anchors, aliases and tags are not read; paste it as JSON (kubectl get secret NAME -o json)"
    );
}

#[test]
fn yaml_list_of_secrets_is_not_one_secret() {
    // `kubectl get secrets -o yaml` (plural) prints a List.
    let text = "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\n  type: kubernetes.io/dockerconfigjson\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
    let d = only(&inspect(text), ConfigCode::WrongSecretType);
    assert_eq!(
        d.message(),
        "kind \"List\" is not a Secret; registry credentials need a Secret of type kubernetes.io/dockerconfigjson"
    );
}

#[test]
fn no_entries_after_docker_logout() {
    let d = only(&inspect("{\n\t\"auths\": {}\n}"), ConfigCode::NoEntries);
    assert_eq!(d.message(), "the config holds no registry credentials");
}

#[test]
fn empty_entry_without_helper() {
    let text = r#"{"auths":{"us.icr.io":{}}}"#;
    let d = only(&inspect(text), ConfigCode::EmptyEntry);
    assert_eq!(d.message(), "entry \"us.icr.io\" holds no credentials");
    assert_eq!(d.span, Span::new(10, 21));
}

#[test]
fn incomplete_credentials_username_only() {
    let d = only(&inspect(r#"{"auths":{"us.icr.io":{"username":"iamapikey"}}}"#), ConfigCode::IncompleteCredentials);
    assert_eq!(d.message(), "entry \"us.icr.io\" has a username but no password");
    assert_eq!(d.location.field, ConfigField::Password);
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"password":"{KEY}"}}}}}}"#);
    let d = only(&inspect(&text), ConfigCode::IncompleteCredentials);
    assert_eq!(d.message(), "entry \"us.icr.io\" has a password but no username");
}

#[test]
fn invalid_field_type_numeric_password() {
    // A numeric PIN-like token written without quotes by a template.
    let text = r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":12345678}}}"#;
    let d = only(&inspect(text), ConfigCode::InvalidFieldType);
    assert_eq!(
        d.message(),
        "\"password\" of \"us.icr.io\" must be a string, found a number; the kubelet cannot decode the secret, so every pull of a pod that uses it fails"
    );
    assert_eq!(&text[d.span.start..d.span.end], "\"password\"");
    let d = only(&inspect(r#"{"auths":{"us.icr.io":"iamapikey"}}"#), ConfigCode::InvalidFieldType);
    assert_eq!(d.message(), "entry \"us.icr.io\" must be an object, found a string; the kubelet cannot decode the secret, so every pull of a pod that uses it fails");
}

#[test]
fn missing_data_key_from_file_name() {
    // `--from-file=config.json` keeps the file name as the key.
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = secret_manifest("kubernetes.io/dockerconfigjson", "config.json", &b64(&config));
    let d = only(&inspect(&text), ConfigCode::MissingDataKey);
    assert_eq!(d.message(), "the secret has no data key \".dockerconfigjson\" (found keys \"config.json\")");
}

#[test]
fn secret_data_invalid_json_pasted_into_data() {
    let config = kubectl_config("us.icr.io", "iamapikey", KEY);
    let text = format!(
        r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"regcred"}},"type":"kubernetes.io/dockerconfigjson","data":{{".dockerconfigjson":{}}}}}"#,
        serde_json::to_string(&config).unwrap()
    );
    let d = only(&inspect(&text), ConfigCode::SecretDataInvalid);
    assert_eq!(
        d.message(),
        "data key \".dockerconfigjson\" is not base64 text (data values are base64; put plain JSON under stringData)"
    );
}

#[test]
fn password_whitespace_from_echo_without_n() {
    // `echo "iamapikey:$KEY" | base64` encodes the newline too.
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, b64(&format!("iamapikey:{KEY}\n")));
    let d = only(&inspect(&text), ConfigCode::PasswordWhitespace);
    assert_eq!(
        d.message(),
        "the password of \"us.icr.io\" in \"auth\" starts or ends with whitespace or a line break (a pasted key, or `echo` without -n); the registry will reject it"
    );
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey","password":" {KEY}"}}}}}}"#);
    let d = only(&inspect(&text), ConfigCode::PasswordWhitespace);
    assert_eq!(d.location.field, ConfigField::Password);
}

#[test]
fn duplicate_server_two_spellings() {
    let a = auth("iamapikey", KEY);
    let text = format!(r#"{{"auths":{{"https://us.icr.io":{{"auth":"{a}"}},"us.icr.io":{{"auth":"{a}"}}}}}}"#);
    let d = only(&inspect(&text), ConfigCode::DuplicateServer);
    assert_eq!(
        d.message(),
        "keys \"https://us.icr.io\" and \"us.icr.io\" are the same registry \"us.icr.io\" for the kubelet, which tries both in no fixed order; keep one"
    );
}

#[test]
fn duplicate_key_after_pasting_a_second_login() {
    // Two configs merged by hand: the first "us.icr.io" is silently dropped.
    let text = format!(
        "{{\"auths\":{{\"us.icr.io\":{{\"auth\":\"{}\"}},\n\"us.icr.io\":{{\"auth\":\"{}\"}}}}}}",
        auth("iamapikey", "old"),
        auth("iamapikey", KEY)
    );
    let i = inspect(&text);
    let d = only(&i, ConfigCode::DuplicateKey);
    assert_eq!(
        d.message(),
        "key \"us.icr.io\" appears twice in one object; only the last one counts (for docker and the kubelet too)"
    );
    assert_eq!(d.span.start, text.rfind("\"us.icr.io\"").unwrap());
    assert_eq!(i.entries[0].password_length, KEY.len(), "the last one counts");
}

#[test]
fn unknown_field_from_docker_api_auth_config() {
    let text =
        format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}","serveraddress":"us.icr.io"}}}}}}"#, auth("iamapikey", KEY));
    let d = only(&inspect(&text), ConfigCode::UnknownField);
    assert_eq!(
        d.message(),
        "field \"serveraddress\" of \"us.icr.io\" is not one kubectl or the kubelet reads; it is ignored"
    );
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn username_colon_from_pasting_user_and_key_together() {
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"username":"iamapikey:{KEY}","password":"{KEY}"}}}}}}"#);
    let i = inspect(&text);
    let d = only(&i, ConfigCode::UsernameColon);
    assert_eq!(
        d.message(),
        "\"username\" of \"us.icr.io\" contains \":\", so the registry reads the rest as part of the password (a pasted \"user:password\"?)"
    );
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(i.entries[0].username.as_deref(), Some("iamapikey"));
}

#[test]
fn username_not_icr_ibmid_email_as_username() {
    // The IBMid e-mail typed as the username, the API key as the password.
    let text = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{}"}}}}}}"#, auth("jane@example.com", KEY));
    let i = inspect(&text);
    assert_eq!(codes(&i), ["username_not_icr", "password_api_key_username"]);
    assert_eq!(
        i.diagnostics[0].message(),
        "\"us.icr.io\": username \"jane@example.com\" is not an IBM Cloud Container Registry username: use \"iamapikey\" with an API key (or \"iambearer\", \"iamrefresh\" with a token)"
    );
    assert_eq!(
        i.diagnostics[1].message(),
        "\"us.icr.io\": password looks like an IBM Cloud API key, which needs the username \"iamapikey\", not \"jane@example.com\""
    );
    assert_eq!(i.diagnostics[0].location.field, ConfigField::Auth);
}

#[test]
fn password_api_key_username_on_a_private_registry() {
    let text = format!(r#"{{"auths":{{"registry.example.com":{{"username":"ci","password":"{KEY}"}}}}}}"#);
    let d = only(&inspect(&text), ConfigCode::PasswordApiKeyUsername);
    assert_eq!(d.location.field, ConfigField::Password);
    assert_eq!(&text[d.span.start..d.span.end], "\"password\"");
}

#[test]
fn username_iamapikey_not_icr_on_docker_hub() {
    // An ICR login copied under the Docker Hub key.
    let text = format!(r#"{{"auths":{{"https://index.docker.io/v1/":{{"auth":"{}"}}}}}}"#, auth("iamapikey", KEY));
    let d = only(&inspect(&text), ConfigCode::UsernameIamapikeyNotIcr);
    assert_eq!(
        d.message(),
        "\"https://index.docker.io/v1/\": username \"iamapikey\" is for IBM Cloud Container Registry, but the server \"index.docker.io\" is not one"
    );
}

#[test]
fn password_docker_token_on_icr_after_copying_the_wrong_token() {
    let text = format!(
        r#"{{"auths":{{"de.icr.io":{{"auth":"{}"}}}}}}"#,
        auth("iamapikey", "dckr_pat_0123456789abcdefghijklmnopq")
    );
    let d = only(&inspect(&text), ConfigCode::PasswordDockerTokenOnIcr);
    assert_eq!(
        d.message(),
        "\"de.icr.io\": password looks like a Docker Hub access token, but the server is IBM Cloud Container Registry"
    );
}
