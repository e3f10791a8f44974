//! For any answers at all, the machine never panics, always ends within a
//! bounded number of requests, and never shows the canaries.

use super::*;
use proptest::prelude::*;

/// More requests than any path can make (ping, token twice, manifest,
/// tags or index, each with its redirects).
const STEP_BOUND: usize = 40;

fn header() -> impl Strategy<Value = (String, String)> {
    let names = prop::sample::select(vec![
        "WWW-Authenticate",
        "www-authenticate",
        "Location",
        "Content-Type",
        "Docker-Content-Digest",
        "ratelimit-limit",
        "ratelimit-remaining",
        "docker-distribution-api-version",
    ]);
    let values = prop_oneof![
        Just(HUB_CHALLENGE.to_string()),
        Just(ICR_CHALLENGE.to_string()),
        Just(r#"Basic realm="r""#.to_string()),
        Just(r#"Bearer realm="http://127.0.0.1:1/t""#.to_string()),
        Just("/v2/".to_string()),
        Just("https://other.example/x".to_string()),
        Just("application/vnd.oci.image.index.v1+json".to_string()),
        Just("100;w=21600".to_string()),
        "\\PC{0,40}",
        "[a-zA-Z=\",; \\\\]{0,40}",
    ];
    (names, values).prop_map(|(n, v)| (n.to_string(), v))
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        Just(token_body()),
        Just(br#"{"tags":["latest","1.0"]}"#.to_vec()),
        Just(br#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#.to_vec()),
        Just(br#"{"errors":[{"code":"DENIED","message":"no"}]}"#.to_vec()),
        Just(br#"{"manifests":[{"platform":{"os":"linux","architecture":"arm64"}}]}"#.to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn reply() -> impl Strategy<Value = Option<Response>> {
    let status =
        prop_oneof![prop::sample::select(vec![200u16, 301, 302, 307, 401, 403, 404, 429, 500, 503]), any::<u16>()];
    let response = (status, prop::collection::vec(header(), 0..4), body())
        .prop_map(|(status, headers, body)| Response { status, headers, body });
    prop_oneof![8 => response.prop_map(Some), 1 => Just(None)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_always_ends(
        image in prop::sample::select(vec!["nginx", "us.icr.io/team/app:1.0", "localhost:5000/a@sha256:0123456789012345678901234567890123456789012345678901234567890123"]),
        with_credential in any::<bool>(),
        replies in prop::collection::vec(reply(), STEP_BOUND),
    ) {
        let options = CheckOptions {
            credential: with_credential.then(credential),
            allow_insecure_loopback: true,
            ..CheckOptions::default()
        };
        let mut check = AccessCheck::new(image, options);
        let mut debug = String::new();
        let mut done = None;
        for reply in replies {
            match check.poll() {
                Step::Done(report) => { done = Some(report); break; }
                step @ Step::Send(_) => debug.push_str(&format!("{step:?}")),
            }
            match reply {
                Some(r) => check.receive(r),
                None => check.fail(Failure::Unreachable("reset".into())),
            }
        }
        let report = match done {
            Some(r) => r,
            None => match check.poll() {
                Step::Done(r) => r,
                Step::Send(r) => panic!("still sending after {STEP_BOUND} answers: {r:?}"),
            },
        };
        prop_assert_eq!(report.ok, report.diagnostics.is_empty());
        let mut out = report.to_json();
        out.push_str(&debug);
        for d in &report.diagnostics { out.push_str(&d.message()); }
        assert_clean("arbitrary answers", &out);
    }
}
