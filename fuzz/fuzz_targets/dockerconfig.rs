//! `inspect_docker_config`: no panic on any text, spans inside the input on
//! char boundaries; for a document built from known credentials, the
//! revealed entries give them back and the redacted result never shows the
//! password.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use registry_access::dockerconfig::{inspect_docker_config, Inspection, InspectOptions};
use std::collections::BTreeMap;

mod common;

#[derive(Arbitrary, Debug)]
enum Input {
    /// Any text.
    Raw(String),
    /// A `.dockerconfigjson` built from these credentials.
    Built(Vec<(String, String, String)>),
}

fn check_spans(text: &str, i: &Inspection) {
    for d in &i.diagnostics {
        common::check_span(text, d.span, d.code.as_str());
        assert!(!d.message().is_empty(), "empty message for {text:?}");
        assert_eq!(d.severity, d.code.severity(), "severity of {} for {text:?}", d.code);
    }
    // A warning never makes a config invalid (SPEC §3.3 "Severity").
    let errors = i.diagnostics.iter().any(|d| d.severity == registry_access::Severity::Error);
    assert_eq!(i.valid, !errors, "valid for {text:?}");
}

fuzz_target!(|input: Input| {
    match input {
        Input::Raw(text) => {
            let redacted = inspect_docker_config(&text, &InspectOptions::default());
            let revealed = inspect_docker_config(&text, &InspectOptions { reveal: true, ..Default::default() });
            check_spans(&text, &redacted);
            check_spans(&text, &revealed);
            assert_eq!(redacted.valid, revealed.valid, "reveal changes validity of {text:?}");
            assert_eq!(redacted.entries.len(), revealed.entries.len());
        }
        Input::Built(creds) => {
            // One entry per server (a JSON object keeps one value per key).
            let creds: BTreeMap<String, (String, String)> =
                creds.into_iter().map(|(s, u, p)| (s, (u, p))).collect();
            let mut auths = serde_json::Map::new();
            for (server, (user, pass)) in &creds {
                auths.insert(
                    server.clone(),
                    serde_json::json!({ "username": user, "password": pass }),
                );
            }
            let text = serde_json::json!({ "auths": auths }).to_string();
            let revealed = inspect_docker_config(&text, &InspectOptions { reveal: true, ..Default::default() });
            let redacted = inspect_docker_config(&text, &InspectOptions::default());
            check_spans(&text, &revealed);
            check_spans(&text, &redacted);
            assert_eq!(revealed.entries.len(), creds.len(), "entries of {text:?}");
            for e in &revealed.entries {
                let (user, pass) = &creds[&e.server];
                // A username with ":" is split the way the registry reads it
                // (the rest joins the password, and is never shown).
                if user.contains(':') {
                    continue;
                }
                if !user.is_empty() {
                    assert_eq!(e.username.as_deref(), Some(user.as_str()), "username of {:?}", e.server);
                }
                if !pass.is_empty() {
                    assert_eq!(e.password.as_deref(), Some(pass.as_str()), "password of {:?}", e.server);
                    assert_eq!(e.password_length, pass.chars().count(), "password length of {:?}", e.server);
                }
            }
            // The redacted result never shows a password: it holds each one
            // no more often than the result for the same document with
            // stand-in passwords of the same shape.
            let mut auths2 = serde_json::Map::new();
            for (server, (user, pass)) in &creds {
                let other = common::stand_in(pass).unwrap_or_else(|| pass.clone());
                auths2.insert(server.clone(), serde_json::json!({ "username": user, "password": other }));
            }
            let text2 = serde_json::json!({ "auths": auths2 }).to_string();
            let shown = format!("{redacted:?}");
            let shown2 = format!("{:?}", inspect_docker_config(&text2, &InspectOptions::default()));
            for (server, (_, pass)) in &creds {
                // A password that is also (part of) a key or a username is
                // shown as that, legitimately.
                let elsewhere = creds.iter().any(|(s, (u, _))| s.contains(pass.as_str()) || u.contains(pass.as_str()));
                // Short passwords turn up in Debug escapes ("\u{17}") and
                // fixed texts of one run and not the other.
                if !elsewhere && pass.chars().count() >= 4 && common::stand_in(pass).is_some() {
                    assert!(
                        common::count(&shown, pass) <= common::count(&shown2, pass),
                        "password of {server:?} shown: {shown}"
                    );
                }
            }
        }
    }
});
