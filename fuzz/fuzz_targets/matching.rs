//! `match_credentials`: no panic on any config and image; every entry of
//! the config is either matched or unmatched (with a reason) when the image
//! parses; the image parses exactly when `Reference::parse_normalized`
//! accepts it.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
use registry_access::matching::match_credentials;
use registry_access::Reference;

#[derive(Arbitrary, Debug)]
enum Config {
    /// Any text.
    Raw(String),
    /// A `.dockerconfigjson` with these keys (the fuzzer explores key
    /// syntax: globs, ports, schemes, paths).
    Keys(Vec<String>),
}

fuzz_target!(|input: (Config, String)| {
    let (config, image) = input;
    let text = match config {
        Config::Raw(t) => t,
        Config::Keys(keys) => {
            let mut auths = serde_json::Map::new();
            for k in keys {
                auths.insert(k, serde_json::json!({ "auth": "dXNlcjpwYXNz" }));
            }
            serde_json::json!({ "auths": auths }).to_string()
        }
    };
    let m = match_credentials(&text, &image);
    let parses = Reference::parse_normalized(&image).is_ok();
    assert_eq!(m.image.is_some(), parses, "image {image:?}: {m:?}");
    assert_eq!(m.image_error.is_some(), !parses, "image {image:?}: {m:?}");
    if parses {
        let entries = inspect_docker_config(&text, &InspectOptions::default()).entries.len();
        assert_eq!(m.matched.len() + m.unmatched.len(), entries, "config {text:?} image {image:?}: {m:?}");
        assert_eq!(m.docker_hub_fallback, m.matched.iter().any(|k| k.docker_hub_fallback));
    }
    for u in &m.unmatched {
        assert!(!u.message.to_string().is_empty(), "empty reason message for key {:?}", u.server);
    }
});
