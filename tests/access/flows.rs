//! Whole checks that succeed, and the rules on the way: headers sent,
//! redirects, realms, credentials from a pull secret, the report's JSON.

use super::*;

const HUB_PING: &str = "https://registry-1.docker.io/v2/";
const HUB_TOKEN: &str =
    "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull";
const HUB_NGINX: &str = "https://registry-1.docker.io/v2/library/nginx/manifests/latest";
const ICR_PING: &str = "https://us.icr.io/v2/";
const ICR_TOKEN: &str = "https://us.icr.io/oauth/token?service=registry&scope=repository%3Ateam%2Fapp%3Apull";
const ICR_APP: &str = "https://us.icr.io/v2/team/app/manifests/1.0";
const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

fn challenge(value: &str) -> Response {
    Response::new(401).with_header("WWW-Authenticate", value)
}

fn ok_token() -> Response {
    Response::new(200).with_body(token_body())
}

fn basic_header() -> String {
    use base64::Engine as _;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("iamapikey:{PASSWORD}")))
}

fn manifest_ok(media_type: &str) -> Response {
    Response::new(200).with_header("Content-Type", media_type).with_header("Docker-Content-Digest", "sha256:d1")
}

#[test]
fn docker_hub_anonymous_with_an_index_and_its_rate_limit() {
    let head_answer = manifest_ok("application/vnd.oci.image.index.v1+json")
        .with_header("RateLimit-Limit", "100;w=21600")
        .with_header("RateLimit-Remaining", "76;w=21600");
    let index = Response::new(200).with_body(
        r#"{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"platform":{"os":"linux","architecture":"amd64"}},{"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},{"platform":{"os":"unknown","architecture":"unknown"}}]}"#,
    );
    let run = run(
        "nginx",
        CheckOptions::default(),
        vec![
            get(HUB_PING, challenge(HUB_CHALLENGE)),
            get(HUB_TOKEN, ok_token()),
            head(HUB_NGINX, head_answer),
            get(HUB_NGINX, index),
        ],
    );
    assert_eq!(run.header(1, "authorization"), None, "an anonymous token request carries no credentials");
    assert_eq!(run.header(2, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(run.header(2, "accept"), Some(ACCEPT));
    assert_eq!(
        run.report.to_json(),
        r#"{"ok":true,"image":"docker.io/library/nginx:latest","registry":"registry-1.docker.io","endpoint":"https://registry-1.docker.io","auth":"bearer","credentialKey":null,"digest":"sha256:d1","mediaType":"application/vnd.oci.image.index.v1+json","platforms":["linux/amd64","linux/arm64/v8"],"rateLimit":{"limit":100,"remaining":76,"windowSeconds":21600},"requests":[{"method":"GET","url":"https://registry-1.docker.io/v2/","status":401},{"method":"GET","url":"https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull","status":200},{"method":"HEAD","url":"https://registry-1.docker.io/v2/library/nginx/manifests/latest","status":200},{"method":"GET","url":"https://registry-1.docker.io/v2/library/nginx/manifests/latest","status":200}],"diagnostics":[]}"#
    );
    assert_clean("hub report", &run.outputs());
}

#[test]
fn icr_with_an_api_key_and_a_single_manifest() {
    let run = run(
        "us.icr.io/team/app:1.0",
        with_credential(),
        vec![
            get(ICR_PING, challenge(ICR_CHALLENGE)),
            get(ICR_TOKEN, ok_token()),
            head(ICR_APP, manifest_ok("application/vnd.docker.distribution.manifest.v2+json")),
        ],
    );
    assert!(run.report.ok, "{:?}", run.messages());
    assert_eq!(run.header(1, "authorization"), Some(basic_header().as_str()));
    assert_eq!(run.header(2, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(run.report.platforms, None);
    assert_eq!(run.report.media_type.as_deref(), Some("application/vnd.docker.distribution.manifest.v2+json"));
    assert_clean("icr", &run.outputs());
    assert!(!run.debug.contains("Bearer C"), "Debug shows the Authorization value");
}

#[test]
fn the_credential_comes_from_a_pull_secret_by_the_kubelets_matching() {
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("iamapikey:{PASSWORD}"));
    let config = format!(r#"{{"auths":{{"quay.io":{{"auth":"dTpw"}},"us.icr.io":{{"auth":"{auth}"}}}}}}"#);
    let options = CheckOptions { dockerconfigjson: Some(config), platform: None, ..CheckOptions::default() };
    let run = run(
        "us.icr.io/team/app:1.0",
        options,
        vec![get(ICR_PING, challenge(ICR_CHALLENGE)), get(ICR_TOKEN, ok_token()), head(ICR_APP, manifest_ok("x/y"))],
    );
    assert!(run.report.ok);
    assert_eq!(run.report.credential_key.as_deref(), Some("us.icr.io"));
    assert_eq!(run.header(1, "authorization"), Some(basic_header().as_str()));
    assert_clean("config", &run.outputs());
}

#[test]
fn basic_auth_on_a_loopback_registry() {
    let options = CheckOptions {
        credential: Some(credential()),
        allow_insecure_loopback: true,
        platform: None,
        ..CheckOptions::default()
    };
    let run = run(
        "127.0.0.1:5000/app:1",
        options.clone(),
        vec![
            get("http://127.0.0.1:5000/v2/", challenge(r#"basic realm="Registry Realm""#)),
            head("http://127.0.0.1:5000/v2/app/manifests/1", manifest_ok("application/vnd.oci.image.manifest.v1+json")),
        ],
    );
    assert!(run.report.ok);
    assert_eq!(run.report.auth, Some(registry_access::access::Auth::Basic));
    assert_eq!(run.header(1, "authorization"), Some(basic_header().as_str()));
    // A wrong password: the registry answers 401 to the credentials.
    let rejected = run_rejected(options);
    assert_eq!(rejected.codes(), ["credentials_rejected"]);
    // Anonymous against Basic: nothing to send.
    let anon = super::run(
        "127.0.0.1:5000/app:1",
        CheckOptions { allow_insecure_loopback: true, ..CheckOptions::default() },
        vec![get("http://127.0.0.1:5000/v2/", challenge(r#"Basic realm="r""#))],
    );
    assert_eq!(anon.codes(), ["credentials_required"]);
    assert_eq!(
        anon.messages(),
        [
            r#"127.0.0.1:5000 requires credentials to pull "app"; give a username and password, or a pull secret with an entry for "127.0.0.1:5000""#
        ]
    );
}

fn run_rejected(options: CheckOptions) -> Run {
    run(
        "127.0.0.1:5000/app:1",
        options,
        vec![
            get("http://127.0.0.1:5000/v2/", challenge(r#"Basic realm="r""#)),
            head("http://127.0.0.1:5000/v2/app/manifests/1", challenge(r#"Basic realm="r""#)),
        ],
    )
}

#[test]
fn loopback_is_https_without_the_opt_in_and_http_with_it() {
    let mut check = AccessCheck::new("localhost:5000/app", CheckOptions::default());
    let Step::Send(r) = check.poll() else { panic!() };
    assert_eq!(r.url, "https://localhost:5000/v2/");
    let mut check =
        AccessCheck::new("[::1]:5000/app", CheckOptions { allow_insecure_loopback: true, ..CheckOptions::default() });
    let Step::Send(r) = check.poll() else { panic!() };
    assert_eq!(r.url, "http://[::1]:5000/v2/");
    let mut check = AccessCheck::new(
        "example.com:5000/app",
        CheckOptions { allow_insecure_loopback: true, ..CheckOptions::default() },
    );
    let Step::Send(r) = check.poll() else { panic!() };
    assert_eq!(r.url, "https://example.com:5000/v2/");
}

#[test]
fn redirects_same_host_followed_other_host_only_without_credentials() {
    let options = CheckOptions { platform: None, ..with_credential() };
    let run = super::run(
        "us.icr.io/team/app:1.0",
        options,
        vec![
            get(ICR_PING, Response::new(301).with_header("Location", "/v2")),
            get("https://us.icr.io/v2", Response::new(308).with_header("location", "https://us.icr.io/v2/")),
            get(ICR_PING, challenge(ICR_CHALLENGE)),
            get(ICR_TOKEN, ok_token()),
            head(ICR_APP, Response::new(307).with_header("Location", "/v2/team/app/manifests/1.0?x=1")),
            head("https://us.icr.io/v2/team/app/manifests/1.0?x=1", manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok, "{:?}", run.messages());
    assert_eq!(run.header(5, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    // Anonymous: another host is fine.
    let run = super::run(
        "localhost:5000/app:1",
        CheckOptions { allow_insecure_loopback: true, platform: None, ..CheckOptions::default() },
        vec![
            get("http://localhost:5000/v2/", Response::new(302).with_header("Location", "http://127.0.0.1:5000/v2/")),
            get("http://127.0.0.1:5000/v2/", Response::new(200)),
            head("http://localhost:5000/v2/app/manifests/1", manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok);
}

#[test]
fn redirects_to_plain_http_and_loops_are_refused() {
    let run = super::run(
        "us.icr.io/team/app:1.0",
        with_credential(),
        vec![
            get(ICR_PING, challenge(ICR_CHALLENGE)),
            get(ICR_TOKEN, ok_token()),
            head(ICR_APP, Response::new(302).with_header("Location", "http://us.icr.io/v2/team/app/manifests/1.0")),
        ],
    );
    assert_eq!(run.codes(), ["insecure_endpoint"]);
    let hop = || Response::new(302).with_header("Location", "/v2/");
    let mut exchanges: Vec<Exchange> = (0..6).map(|_| get(ICR_PING, hop())).collect();
    exchanges.truncate(6);
    let run = super::run("us.icr.io/team/app:1.0", with_credential(), exchanges);
    assert_eq!(
        run.messages(),
        [r#"us.icr.io redirected to "/v2/", which the check does not follow: too many redirects in a row"#]
    );
    let run = super::run(
        "example.com/app",
        CheckOptions::default(),
        vec![get("https://example.com/v2/", Response::new(302).with_header("Location", "http://example.com/v2/"))],
    );
    assert_eq!(
        run.messages(),
        [
            r#"example.com redirected to "http://example.com/v2/", which the check does not follow: the target is plain http"#
        ]
    );
}

#[test]
fn a_redirect_without_a_location_is_refused() {
    // What a browser's `redirect: 'manual'` hands over, as the JS driver passes it on.
    for hidden in [Response::new(302), Response::new(307).with_header("Location", " ")] {
        let run = super::run("example.com/app", CheckOptions::default(), vec![get("https://example.com/v2/", hidden)]);
        assert_eq!(
            run.messages(),
            [
                r#"example.com redirected to "", which the check does not follow: the answer does not say where to (browsers hide it: run the check on a server)"#
            ]
        );
    }
    let run = super::run(
        "example.com/app",
        CheckOptions::default(),
        vec![get("https://example.com/v2/", Response::new(302).with_header("Location", "ftp://example.com/"))],
    );
    assert_eq!(
        run.messages(),
        [
            r#"example.com redirected to "ftp://example.com/", which the check does not follow: the location is not an http or https URL"#
        ]
    );
}

#[test]
fn realms_known_trusted_and_anonymous() {
    // Anonymous: a realm on another host gets a token request without credentials.
    let run = super::run(
        "us.icr.io/team/app:1.0",
        CheckOptions { platform: None, ..CheckOptions::default() },
        vec![
            get(ICR_PING, challenge(r#"Bearer realm="https://auth.example/t?a=1",service="registry""#)),
            get("https://auth.example/t?a=1&service=registry&scope=repository%3Ateam%2Fapp%3Apull", ok_token()),
            head(ICR_APP, manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok);
    assert_eq!(run.header(1, "authorization"), None);
    // Listed as trusted: credentials go there.
    let options =
        CheckOptions { trusted_realm_hosts: vec!["AUTH.example".into()], platform: None, ..with_credential() };
    let run = super::run(
        "us.icr.io/team/app:1.0",
        options,
        vec![
            get(ICR_PING, challenge(r#"Bearer realm="https://auth.example/t""#)),
            get("https://auth.example/t?scope=repository%3Ateam%2Fapp%3Apull", ok_token()),
            head(ICR_APP, manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok);
    assert_eq!(run.header(1, "authorization"), Some(basic_header().as_str()));
}

#[test]
fn an_open_v2_and_a_closed_repository_authenticates_once() {
    let run = super::run(
        "registry.example.com/team/app:1",
        CheckOptions { platform: None, ..with_credential() },
        vec![
            get("https://registry.example.com/v2/", Response::new(200)),
            head(
                "https://registry.example.com/v2/team/app/manifests/1",
                challenge(r#"Bearer realm="https://registry.example.com/token""#),
            ),
            get("https://registry.example.com/token?scope=repository%3Ateam%2Fapp%3Apull", ok_token()),
            head("https://registry.example.com/v2/team/app/manifests/1", manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok);
    assert_eq!(run.report.auth, Some(registry_access::access::Auth::Bearer));
}

#[test]
fn the_fix_names_the_image_as_typed() {
    let run = super::run(
        "us.icr.io/team/app:1.O",
        CheckOptions { platform: None, ..with_credential() },
        vec![
            get(ICR_PING, challenge(ICR_CHALLENGE)),
            get(ICR_TOKEN, ok_token()),
            head("https://us.icr.io/v2/team/app/manifests/1.O", Response::new(404)),
            get("https://us.icr.io/v2/team/app/tags/list", Response::new(200).with_body(r#"{"tags":["1.0","2.0"]}"#)),
        ],
    );
    let fix = run.report.diagnostics[0].fix.as_ref().unwrap();
    assert_eq!((fix.label.as_str(), fix.replacement.as_str()), (r#"use tag "1.0""#, "us.icr.io/team/app:1.0"));
    let json = run.report.to_json();
    assert!(json.contains(r#""fix":{"label":"use tag \"1.0\"","replacement":"us.icr.io/team/app:1.0"}"#), "{json}");
}

#[test]
fn an_html_page_on_v2_is_no_registry() {
    let run = super::run(
        "example.com/app",
        CheckOptions::default(),
        vec![get(
            "https://example.com/v2/",
            Response::new(200).with_header("content-type", "text/html; charset=utf-8"),
        )],
    );
    assert_eq!(run.codes(), ["not_a_registry"]);
    let run = super::run(
        "example.com/app",
        CheckOptions::default(),
        vec![get("https://example.com/v2/", Response::new(403))],
    );
    assert_eq!(run.codes(), ["access_denied"]);
}

#[test]
fn a_login_url_as_the_image_is_not_echoed() {
    let image = format!("https://iamapikey:{PASSWORD}@us.icr.io/team/app");
    let run = super::run(&image, CheckOptions::default(), vec![]);
    assert_eq!(run.codes(), ["invalid_image"]);
    assert_clean("login url", &run.outputs());
}

#[test]
fn debug_redacts_credentials_and_authorization() {
    let c = credential();
    assert_eq!(format!("{c:?}"), r#"Credential { username: "iamapikey", password: "<redacted>" }"#);
    let r = Request {
        method: Method::Get,
        url: "https://x/".into(),
        headers: vec![("authorization".into(), format!("Bearer {TOKEN}")), ("Accept".into(), "a".into())],
    };
    assert_eq!(
        format!("{r:?}"),
        r#"Request { method: Get, url: "https://x/", headers: [("authorization", "<redacted>"), ("Accept", "a")] }"#
    );
    assert_clean("options", &format!("{:?}", with_credential()));
    // A config's `auth` and `password` fields: only the config's length shows.
    let auth = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("iamapikey:{PASSWORD}"))
    };
    let config = format!(r#"{{"auths":{{"us.icr.io":{{"auth":"{auth}","password":"{PASSWORD}"}}}}}}"#);
    let options = CheckOptions { dockerconfigjson: Some(config.clone()), ..CheckOptions::default() };
    let shown = format!("{options:?}");
    assert_clean("options with a config", &shown);
    assert!(shown.contains(&format!("<{} bytes redacted>", config.len())), "{shown}");
    assert_clean("response", &format!("{:?}", ok_token()));
}

#[test]
fn calls_out_of_turn_are_ignored() {
    let mut check = AccessCheck::new("Bad Image", CheckOptions::default());
    check.receive(Response::new(200));
    check.fail(Failure::Timeout);
    let Step::Done(report) = check.poll() else { panic!() };
    assert_eq!(report.image, "Bad Image");
    assert!(report.requests.is_empty());
}

#[test]
fn what_the_token_endpoint_answers() {
    let hub = |token: Response, options: CheckOptions| {
        super::run("nginx", options, vec![get(HUB_PING, challenge(HUB_CHALLENGE)), get(HUB_TOKEN, token)])
    };
    let anon = CheckOptions::default;
    let cases: Vec<(Response, CheckOptions, &str)> = vec![
        (Response::new(401), anon(), "credentials_required"),
        (Response::new(403), anon(), "credentials_required"),
        (Response::new(401), with_credential(), "credentials_rejected"),
        (Response::new(403), with_credential(), "access_denied"),
        (Response::new(429).with_header("ratelimit-limit", "100;w=21600"), anon(), "rate_limited"),
        (Response::new(502).with_body(format!(r#"{{"token":"{TOKEN}"}}"#)), anon(), "registry_error"),
        (Response::new(404), anon(), "bad_token_response"),
        (Response::new(200).with_body("<html>"), anon(), "bad_token_response"),
        (Response::new(200).with_body(r#"{"token":""}"#), anon(), "bad_token_response"),
        (Response::new(200).with_body(r#"{"token":7}"#), anon(), "bad_token_response"),
    ];
    for (answer, options, code) in cases {
        let status = answer.status;
        let run = hub(answer, options);
        assert_eq!(run.codes(), [code], "token endpoint answering {status}");
        assert_clean("token answers", &run.outputs());
    }
    // `access_token` alone (OAuth 2 style) is a token too.
    let mut check = AccessCheck::new("nginx", anon());
    check.receive(challenge(HUB_CHALLENGE));
    check.receive(Response::new(200).with_body(r#"{"access_token":"abcd1234","expires_in":60}"#));
    let Step::Send(head) = check.poll() else { panic!("no manifest request") };
    assert!(head.headers.contains(&("Authorization".to_string(), "Bearer abcd1234".to_string())));
    let run = hub(Response::new(503), anon());
    assert_eq!(
        run.messages(),
        ["auth.docker.io answered status 503; try again later, or ask the registry's operators"]
    );
}

#[test]
fn what_the_registry_answers_to_the_manifest() {
    let icr = |answer: Response| {
        super::run(
            "us.icr.io/team/app:1.0",
            with_credential(),
            vec![get(ICR_PING, challenge(ICR_CHALLENGE)), get(ICR_TOKEN, ok_token()), head(ICR_APP, answer)],
        )
    };
    let denied = r#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#;
    let run = icr(Response::new(401).with_body(denied));
    assert_eq!(
        run.messages(),
        [
            r#"the credentials given have no pull access to "team/app" on us.icr.io (the registry said "DENIED: requested access to the resource is denied"); ask for pull access, or use credentials that have it"#
        ]
    );
    let long = format!(r#"{{"errors":[{{"code":"UNSUPPORTED","message":"{}"}}]}}"#, "x".repeat(500));
    let run = icr(Response::new(400).with_body(long));
    assert_eq!(run.codes(), ["registry_error"]);
    let message = &run.messages()[0];
    assert!(message.contains(&format!(r#"(the registry said "UNSUPPORTED: {}…")"#, "x".repeat(187))), "{message}");
    let run = icr(Response::new(404).with_body(r#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#));
    assert_eq!(run.codes(), ["repository_not_found"]);
    // A registry that echoes the token is not quoted.
    let echo = format!(r#"{{"errors":[{{"code":"DENIED","message":"token {TOKEN} has no scope"}}]}}"#);
    let run = icr(Response::new(403).with_body(echo));
    assert_eq!(
        run.messages(),
        [
            r#"the credentials given have no pull access to "team/app" on us.icr.io; ask for pull access, or use credentials that have it"#
        ]
    );
    assert_clean("echoed token", &run.outputs());
}

#[test]
fn a_realm_without_a_host_is_on_the_registry() {
    let run = super::run(
        "us.icr.io/team/app:1.0",
        CheckOptions { platform: None, ..with_credential() },
        vec![
            get(ICR_PING, challenge(r#"Bearer realm="/oauth/token",service="registry""#)),
            get(ICR_TOKEN, ok_token()),
            head(ICR_APP, manifest_ok("x/y")),
        ],
    );
    assert!(run.report.ok);
}

#[test]
fn a_location_that_holds_a_secret_is_followed_but_not_reported() {
    // Found by the access fuzz target: the URL is the driver's to request,
    // the report does not repeat it.
    let location = format!("/v2/?x={PASSWORD}");
    let run = super::run(
        "us.icr.io/team/app:1.0",
        with_credential(),
        vec![
            get(ICR_PING, Response::new(302).with_header("Location", &location)),
            fail(Method::Get, &format!("https://us.icr.io{location}"), Failure::Timeout),
        ],
    );
    assert_eq!(run.codes(), ["timeout"]);
    assert_eq!(run.report.requests[1].url, "<redacted>");
    assert_clean("report", &run.report.to_json());
}
