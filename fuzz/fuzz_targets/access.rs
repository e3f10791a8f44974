//! The access check's readers: the `WWW-Authenticate` parser (RFC 7235) and
//! the machine reading answers. The input is text, so seeds are written by
//! hand: the first line is a `WWW-Authenticate` value; then answers
//! separated by a line `--`, each `STATUS`, header lines `Name: value`, an
//! empty line and the body. The check of `us.icr.io/team/app:1.0` with a
//! canary credential gets these answers in turn (a `FAIL` answer is an
//! unreachable host). Checked: no panic; every challenge has a token as
//! scheme and lowercase parameter names; the check ends within a bound;
//! `ok` agrees with the diagnostics; the canary is in no output (unless
//! the answers themselves hold it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_access::access::{
    parse_challenges, parse_registry_errors, AccessCheck, CheckOptions, Credential, Failure, Response, Step,
};

const CANARY: &str = "CANARYpw-fuzz-5e6f";
const STEPS: usize = 40;

fn answer(record: &str) -> Option<Response> {
    let (head, body) = record.split_once("\n\n").unwrap_or((record, ""));
    let mut lines = head.lines();
    let first = lines.next()?.trim();
    if first == "FAIL" {
        return None;
    }
    let mut r = Response::new(first.parse().unwrap_or(200));
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            r = r.with_header(k.trim(), v.trim());
        }
    }
    Some(r.with_body(body.as_bytes().to_vec()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (challenge, rest) = text.split_once('\n').unwrap_or((&text, ""));
    for c in parse_challenges(challenge) {
        assert!(!c.scheme.is_empty() && !c.scheme.contains([' ', ',', '"', '=']), "scheme {:?}", c.scheme);
        for (name, _) in &c.params {
            assert_eq!(*name, name.to_ascii_lowercase());
        }
    }
    let records: Vec<&str> = rest.split("\n--\n").collect();
    for r in &records {
        let _ = parse_registry_errors(r.as_bytes());
    }
    let credential = Credential { username: "iamapikey".into(), password: CANARY.into() };
    let options = CheckOptions { credential: Some(credential), allow_insecure_loopback: true, ..CheckOptions::default() };
    let mut check = AccessCheck::new("us.icr.io/team/app:1.0", options);
    let mut seen = String::new();
    for i in 0..STEPS {
        match check.poll() {
            Step::Done(report) => {
                assert_eq!(report.ok, report.diagnostics.is_empty());
                seen.push_str(&report.to_json());
                seen.push_str(&format!("{report:?}"));
                // Answers that hold the canary themselves (a Location the
                // driver must follow) are the server's text, not a leak.
                if !text.contains(CANARY) {
                    assert!(!seen.contains(CANARY), "the canary leaks: {seen}");
                }
                return;
            }
            step => seen.push_str(&format!("{step:?}")),
        }
        match answer(records[i % records.len()]) {
            Some(r) => check.receive(r),
            None => check.fail(Failure::Unreachable("refused".into())),
        }
    }
    panic!("the check did not end within {STEPS} answers");
});
