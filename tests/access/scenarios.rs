//! One transcript per code of SPEC §5.3 (and `invalid_image`), each pinned
//! word for word; a test fails when a code of `AccessCode::ALL` has none.

use super::*;
use registry_access::access::AccessCode;

const HUB_TOKEN_NGINX: &str =
    "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull";
const HUB_PING: &str = "https://registry-1.docker.io/v2/";
const ICR_PING: &str = "https://us.icr.io/v2/";
const ICR_TOKEN: &str = "https://us.icr.io/oauth/token?service=registry&scope=repository%3Ateam%2Fapp%3Apull";
const ICR_APP: &str = "https://us.icr.io/v2/team/app/manifests/1.0";

fn challenge(value: &str) -> Response {
    Response::new(401).with_header("WWW-Authenticate", value)
}

fn ok_token() -> Response {
    Response::new(200).with_header("Content-Type", "application/json").with_body(token_body())
}

fn anonymous() -> CheckOptions {
    CheckOptions::default()
}

fn loopback() -> CheckOptions {
    CheckOptions { allow_insecure_loopback: true, credential: Some(credential()), ..CheckOptions::default() }
}

/// Docker Hub, anonymous, `library/nginx` up to the manifest.
fn hub_anonymous_then(last: Exchange) -> Vec<Exchange> {
    vec![get(HUB_PING, challenge(HUB_CHALLENGE)), get(HUB_TOKEN_NGINX, ok_token()), last]
}

/// ICR with credentials, up to the manifest.
fn icr_then(last: Vec<Exchange>) -> Vec<Exchange> {
    let mut v = vec![get(ICR_PING, challenge(ICR_CHALLENGE)), get(ICR_TOKEN, ok_token())];
    v.extend(last);
    v
}

/// A scenario: its name, the code it produces, the message it pins.
pub struct Scenario {
    pub name: &'static str,
    pub code: &'static str,
    pub play: fn() -> Run,
    pub message: &'static str,
}

pub fn all() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "an image name with uppercase",
            code: "invalid_image",
            play: || run("Nginx:latest", anonymous(), vec![]),
            message: r#"repository "Nginx" must be lowercase; fix the image name before checking access"#,
        },
        Scenario {
            name: "connection refused",
            code: "unreachable",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![fail(Method::Get, ICR_PING, Failure::Unreachable("connection refused".into()))]),
            message: r#"could not reach us.icr.io ("connection refused"); check the host name, the port and the network"#,
        },
        Scenario {
            name: "no answer in time",
            code: "timeout",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![fail(Method::Get, ICR_PING, Failure::Timeout)]),
            message: "us.icr.io did not answer in time; try again, or check the host and the network",
        },
        Scenario {
            name: "a web server that is no registry",
            code: "not_a_registry",
            play: || {
                let page = Response::new(404).with_header("Content-Type", "text/html").with_body("<html>not found</html>");
                run("localhost:8080/app", loopback(), vec![get("http://localhost:8080/v2/", page)])
            },
            message: r#"localhost:8080 answered status 404 to "GET /v2/", so it serves no registry API there; check the registry host"#,
        },
        Scenario {
            name: "a Negotiate-only challenge",
            code: "unsupported_auth",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![get(ICR_PING, challenge("Negotiate"))]),
            message: r#"us.icr.io asks for authentication by "Negotiate", which the check does not support; only Basic and Bearer are"#,
        },
        Scenario {
            name: "Docker Hub, anonymous, a private repository",
            code: "credentials_required",
            play: || {
                let denied = challenge(r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull",error="insufficient_scope""#)
                    .with_body(r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#);
                run("nginx", anonymous(), hub_anonymous_then(head("https://registry-1.docker.io/v2/library/nginx/manifests/latest", denied)))
            },
            message: r#"registry-1.docker.io requires credentials to pull "library/nginx"; give a username and password, or a pull secret with an entry for "https://index.docker.io/v1/""#,
        },
        Scenario {
            name: "ICR, a wrong API key",
            code: "credentials_rejected",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![get(ICR_PING, challenge(ICR_CHALLENGE)), get(ICR_TOKEN, Response::new(401).with_body(r#"{"code":"BXNIM0415E","message":"Provided API key could not be found"}"#))]),
            message: r#"us.icr.io rejected the credentials of user "iamapikey"; check the username and the password or API key"#,
        },
        Scenario {
            name: "ICR, no right on the namespace",
            code: "access_denied",
            play: || run("us.icr.io/team/app:1.0", with_credential(), icr_then(vec![head(ICR_APP, Response::new(403))])),
            message: r#"the credentials given have no pull access to "team/app" on us.icr.io; ask for pull access, or use credentials that have it"#,
        },
        Scenario {
            name: "a local registry with Basic auth, a missing repository",
            code: "repository_not_found",
            play: || {
                let unknown = Response::new(404).with_header("Content-Type", "application/json").with_body(r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"nope"}}]}"#);
                run("127.0.0.1:5000/nope:1", loopback(), vec![
                    get("http://127.0.0.1:5000/v2/", challenge(r#"Basic realm="Registry Realm""#)),
                    head("http://127.0.0.1:5000/v2/nope/manifests/1", Response::new(404)),
                    get("http://127.0.0.1:5000/v2/nope/tags/list", unknown),
                ])
            },
            message: r#"repository "nope" does not exist on 127.0.0.1:5000; check its name and namespace"#,
        },
        Scenario {
            name: "Docker Hub, a mistyped tag",
            code: "manifest_not_found",
            play: || {
                let mut v = hub_anonymous_then(head("https://registry-1.docker.io/v2/library/nginx/manifests/lates", Response::new(404)));
                v.push(get("https://registry-1.docker.io/v2/library/nginx/tags/list", Response::new(200).with_body(r#"{"name":"library/nginx","tags":["1.25","alpine","latest","stable"]}"#)));
                run("nginx:lates", anonymous(), v)
            },
            message: r#""docker.io/library/nginx" has no tag "lates"; the closest tags are "latest"; push it, or use one that exists"#,
        },
        Scenario {
            name: "Docker Hub's rate limit",
            code: "rate_limited",
            play: || {
                let limited = Response::new(429)
                    .with_header("ratelimit-limit", "100;w=21600")
                    .with_header("ratelimit-remaining", "0;w=21600")
                    .with_header("docker-ratelimit-source", "203.0.113.7")
                    .with_body(r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}"#);
                run("nginx", anonymous(), hub_anonymous_then(head("https://registry-1.docker.io/v2/library/nginx/manifests/latest", limited)))
            },
            message: "registry-1.docker.io refused the pull: rate limit reached (100 pulls per 21600 seconds); wait for the window to pass, or authenticate for a higher limit",
        },
        Scenario {
            name: "pulled by digest, another digest answered",
            code: "digest_mismatch",
            play: || {
                let d = format!("sha256:{}", "a".repeat(64));
                let image = format!("us.icr.io/team/app@{d}");
                let answered = Response::new(200).with_header("Docker-Content-Digest", &format!("sha256:{}", "b".repeat(64)));
                let url = format!("https://us.icr.io/v2/team/app/manifests/{d}");
                run(&image, with_credential(), icr_then(vec![head(&url, answered)]))
            },
            message: "the registry answered digest \"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" for \"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"; do not trust this registry's content for that digest",
        },
        Scenario {
            name: "an arm64-only index, amd64 asked",
            code: "platform_missing",
            play: || {
                let index_head = Response::new(200).with_header("Content-Type", "application/vnd.oci.image.index.v1+json").with_header("Docker-Content-Digest", "sha256:1d");
                let index = Response::new(200).with_header("Content-Type", "application/vnd.oci.image.index.v1+json").with_body(r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":1,"platform":{"architecture":"arm64","os":"linux"}},{"digest":"sha256:bb","platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}"#);
                run("us.icr.io/team/app:1.0", with_credential(), icr_then(vec![head(ICR_APP, index_head), get(ICR_APP, index)]))
            },
            message: r#""us.icr.io/team/app:1.0" has no image for platform "linux/amd64"; it has "linux/arm64", "linux/arm/v7"; build and push it for "linux/amd64", or choose one of those"#,
        },
        Scenario {
            name: "an index that is not JSON, a platform asked",
            code: "registry_error",
            play: || {
                let index_head = Response::new(200).with_header("Content-Type", "application/vnd.oci.image.index.v1+json");
                let index = Response::new(200).with_header("Content-Type", "application/vnd.oci.image.index.v1+json").with_body("<html>");
                run("us.icr.io/team/app:1.0", with_credential(), icr_then(vec![head(ICR_APP, index_head), get(ICR_APP, index)]))
            },
            message: "us.icr.io answered status 200 with a manifest that is not valid JSON; try again later, or ask the registry's operators",
        },
        Scenario {
            name: "a 503 on the manifest",
            code: "registry_error",
            play: || run("us.icr.io/team/app:1.0", with_credential(), icr_then(vec![head(ICR_APP, Response::new(503))])),
            message: "us.icr.io answered status 503; try again later, or ask the registry's operators",
        },
        Scenario {
            name: "a token endpoint answering JSON without a token",
            code: "bad_token_response",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![get(ICR_PING, challenge(ICR_CHALLENGE)), get(ICR_TOKEN, Response::new(200).with_body(r#"{"expires_in":300}"#))]),
            message: r#"the token endpoint on us.icr.io answered JSON without "token" or "access_token" instead of a token; check the registry's authentication setup"#,
        },
        Scenario {
            name: "a realm over plain http",
            code: "insecure_endpoint",
            play: || run("registry.example.com/app:1", with_credential(), vec![get("https://registry.example.com/v2/", challenge(r#"Bearer realm="http://registry.example.com/token",service="r""#))]),
            message: "credentials would travel over plain http to registry.example.com; nothing was sent; use https (plain http is only for loopback hosts, when allowed)",
        },
        Scenario {
            name: "a realm on another host",
            code: "realm_untrusted",
            play: || run("us.icr.io/team/app:1.0", with_credential(), vec![get(ICR_PING, challenge(r#"Bearer realm="https://collector.example/token",service="registry""#))]),
            message: "us.icr.io sends credentials to a token realm on another host, collector.example; nothing was sent there; add collector.example to the trusted realm hosts if it belongs to the registry",
        },
        Scenario {
            name: "an authenticated request redirected to another host",
            code: "redirect_refused",
            play: || run("us.icr.io/team/app:1.0", with_credential(), icr_then(vec![head(ICR_APP, Response::new(307).with_header("Location", "https://cdn.example/blob?sig=1"))])),
            message: r#"us.icr.io redirected to "https://cdn.example/blob?sig=1", which the check does not follow: the request carries credentials and the target is another host"#,
        },
    ]
}

#[test]
fn every_scenario_produces_its_code_with_its_message() {
    let mut wrong = Vec::new();
    for s in all() {
        let run = (s.play)();
        if run.codes() != [s.code] || run.messages() != [s.message] {
            wrong.push(format!(
                "{}:\n  got  {:?} {:?}\n  want {:?} {:?}",
                s.name,
                run.codes(),
                run.messages(),
                s.code,
                s.message
            ));
        }
        assert!(!run.report.ok, "{}", s.name);
        assert_clean(s.name, &run.outputs());
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_code_has_a_transcript() {
    let scenarios = all();
    for code in AccessCode::ALL {
        let produced = scenarios.iter().any(|s| s.code == code.as_str() && (s.play)().codes() == [code.as_str()]);
        assert!(produced, "no transcript produces {code}");
    }
}

#[test]
fn every_message_fills_its_template() {
    for s in all() {
        let run = (s.play)();
        for d in &run.report.diagnostics {
            assert_eq!(d.message.args.len(), registry_access::message::arity(d.message.template()), "{}", s.name);
        }
    }
}
