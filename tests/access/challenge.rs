//! The public challenge parser (RFC 7235), through the crate's API.

use registry_access::access::{parse_challenge_headers, parse_challenges};

#[test]
fn registries_challenges() {
    let hub = parse_challenges(super::HUB_CHALLENGE);
    assert_eq!(hub.len(), 1);
    assert_eq!(hub[0].param("realm"), Some("https://auth.docker.io/token"));
    assert_eq!(hub[0].param("service"), Some("registry.docker.io"));
    let icr = parse_challenges(super::ICR_CHALLENGE);
    assert_eq!(icr[0].param("realm"), Some("https://us.icr.io/oauth/token"));
    let both = parse_challenge_headers([r#"Basic realm="Registry Realm""#, super::HUB_CHALLENGE]);
    assert!(both[0].is("basic") && both[1].is("bearer"));
}

#[test]
fn rfc_7235_examples() {
    // RFC 7235 §4.1's example, two challenges in one header.
    let c = parse_challenges(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].param("title"), Some(r#"Login to "apps""#));
    assert_eq!(c[0].param("type"), Some("1"));
    assert!(c[1].is("Basic"));
    assert_eq!(c[1].param("realm"), Some("simple"));
}
