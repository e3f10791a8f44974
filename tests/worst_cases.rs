//! Worst-case inputs: about 1 MB each, long repetitions of the characters
//! the grammar splits on, the strings that make backtracking parsers hang,
//! NUL bytes and invalid UTF-8. Each must give a clear diagnostic, never
//! panic, and finish far inside a generous bound.
//!
//! The bound (1 s per call for 1 MB in an optimized build; 10 s in the
//! unoptimized build `cargo test` makes, which runs this code 10-20x slower)
//! is a correctness guard against super-linear behaviour, not a performance
//! goal: a linear pass over 1 MB takes milliseconds, a quadratic one hours.
//! Performance goals live in `benches/` (`make bench`).
//!
//! Native only: `std::time::Instant` is not available on
//! wasm32-unknown-unknown. The JS side (lone surrogates, a 1 MB string
//! through the binding) is in tests/js/worst_cases.test.mjs.
#![cfg(not(target_arch = "wasm32"))]

use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
use registry_access::matching::match_credentials;
use registry_access::{validate, Profile, Reference, Severity, Validation};
use std::time::{Duration, Instant};

const MB: usize = 1 << 20;
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 1 });

/// `unit` repeated until the text is at least `len` bytes.
fn repeat(unit: &str, len: usize) -> String {
    unit.repeat(len.div_ceil(unit.len()))
}

/// Runs `f`, failing when it takes longer than [`BOUND`].
fn timed<T>(what: &str, input_len: usize, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let elapsed = t.elapsed();
    assert!(elapsed < BOUND, "{what} on {input_len} bytes took {elapsed:?}: super-linear behaviour?");
    out
}

/// The checks every invalid worst case must pass under one profile: not
/// valid, at least one error with a message, spans inside the input on char
/// boundaries, and diagnostics whose total size stays linear in the input
/// (a few diagnostics per code, each quoting at most a copy of the input:
/// messages quote the component, so 1 MB of `/` gives 9 messages of about
/// 1 MB each; one diagnostic per character would be a million).
fn check_invalid<'a>(name: &str, input: &'a str, profile: Profile) -> Validation<'a> {
    let v = timed(&format!("validate({name}, {profile:?})"), input.len(), || validate(input, profile));
    assert!(!v.valid, "{name} is valid under {profile:?}");
    let first = v
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("{name}: invalid under {profile:?} without an error diagnostic"));
    assert!(!first.message.is_empty(), "{name}: empty message");
    let mut total = 0;
    for d in &v.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{name}: span {:?}", d.span);
        assert!(
            input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end),
            "{name}: span {:?}",
            d.span
        );
        total += d.message.len() + d.fix.as_ref().map_or(0, |f| f.label.len() + f.replacement.len());
    }
    assert!(
        total <= 64 * input.len() + 4096,
        "{name} under {profile:?}: {} diagnostics totalling {total} bytes for {} bytes of input",
        v.diagnostics.len(),
        input.len()
    );
    v
}

/// One of the four parsers of `Reference`.
type Parser = fn(&str) -> Result<Reference, registry_access::Error>;

/// Every parser rejects the input with an error whose span is inside it.
fn check_parsers_reject(name: &str, input: &str) {
    let parsers: [(&str, Parser); 4] = [
        ("parse", Reference::parse),
        ("parse_normalized", Reference::parse_normalized),
        ("parse_docker", Reference::parse_docker),
        ("parse_any", Reference::parse_any),
    ];
    for (p, parse) in parsers {
        let r = timed(&format!("{p}({name})"), input.len(), || parse(input));
        let e = match r {
            Ok(r) => panic!("{p} accepts {name}: {r:?}"),
            Err(e) => e,
        };
        assert!(!e.to_string().is_empty(), "{p}({name}): empty message");
        let s = e.span();
        assert!(s.start <= s.end && s.end <= input.len(), "{p}({name}): span {s:?}");
        assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end), "{p}({name}): span {s:?}");
    }
}

fn worst_case(name: &str, input: &str) {
    check_invalid(name, input, Profile::CodeEngine);
    check_invalid(name, input, Profile::Oci);
    check_parsers_reject(name, input);
}

#[test]
fn one_megabyte_of_one_letter() {
    worst_case("a x 1M", &repeat("a", MB));
    worst_case("A x 1M", &repeat("A", MB));
    worst_case("0 x 1M", &repeat("0", MB));
}

#[test]
fn one_megabyte_of_separators() {
    for unit in ["/", ".", "-", "_", ":", "@", "a:", "a/", "a.", "a-", "a_", "a@", "/a", ":a", "@a", "A/"] {
        worst_case(&format!("{unit:?} x N"), &repeat(unit, MB));
    }
}

#[test]
fn backtracking_traps_grown_longer() {
    // `abcdefghijkl:.` sends regex-based parsers into exponential
    // backtracking; grown to 1 MB it must still be one linear pass.
    for n in [14, 1 << 10, MB] {
        let letters = repeat("abcdefghijkl", n);
        worst_case("abcdefghijkl... + :.", &format!("{letters}:."));
        worst_case("(a.)... + !", &format!("{}!", repeat("a.", n)));
        worst_case("(a-)... + :", &format!("{}:", repeat("a-", n)));
        worst_case("(a__)... + /", &format!("{}/", repeat("a__", n)));
        worst_case("(a/)... + :-", &format!("{}:-", repeat("a/", n)));
        worst_case("host/(a.b-c_d/)... + @", &format!("host.io/{}@", repeat("a.b-c_d/", n)));
    }
}

#[test]
fn one_megabyte_in_each_component() {
    let big = repeat("a", MB);
    worst_case("registry with an empty label", &format!("{}.io/ns/app", repeat("a.", MB / 2)));
    worst_case("long namespace", &format!("us.icr.io/{big}/app"));
    worst_case("long repository", &format!("us.icr.io/team1/{big}"));
    worst_case("long tag", &format!("us.icr.io/team1/app:{big}"));
    worst_case("long digest", &format!("us.icr.io/team1/app@sha256:{big}"));
    worst_case("long tag after a port", &format!("localhost:5000/app:{big}"));
    worst_case("many components", &format!("us.icr.io/{}", repeat("ab/", MB / 3)));
}

/// One diagnostic per offending character would be half a million for
/// 1 MB of `a `: at most a few per code, and the state still says invalid.
#[test]
fn repeated_problems_are_reported_a_few_times() {
    for profile in [Profile::CodeEngine, Profile::Oci] {
        for unit in ["a ", "a\u{0}", "a__", "a:", "A/"] {
            let input = repeat(unit, 64 << 10);
            let v = check_invalid(unit, &input, profile);
            for code in registry_access::Code::ALL {
                let n = v.diagnostics.iter().filter(|d| d.code == *code).count();
                assert!(n <= 8, "{unit:?} x N under {profile:?}: {n} diagnostics {code}");
            }
        }
    }
}

/// distribution limits the path to 255 characters but not the host or the
/// port, so a 1 MB host or port is valid under `oci`; `codeEngine` rejects
/// both (253 characters at most, no port).
#[test]
fn one_megabyte_host_or_port() {
    for (name, input) in [
        ("long host", format!("{}io/ns/app", repeat("a.", MB))),
        ("long port", format!("localhost:{}/ns/app", repeat("9", MB))),
    ] {
        check_invalid(name, &input, Profile::CodeEngine);
        let v = timed(name, input.len(), || validate(&input, Profile::Oci));
        assert!(v.valid, "{name} under oci: {:?}", v.diagnostics.first());
        let r = timed(name, input.len(), || Reference::parse_normalized(&input));
        assert_eq!(r.map(|r| r.path().to_string()), Ok("ns/app".to_string()));
    }
}

#[test]
fn whitespace_and_control_characters() {
    worst_case("spaces", &repeat(" ", MB));
    worst_case("a space between each letter", &repeat("a ", MB));
    worst_case("tabs and newlines", &repeat("a\t\n", MB));
    worst_case("scheme repeated", &repeat("https://", MB));
}

#[test]
fn nul_bytes() {
    worst_case("NUL x 1M", &repeat("\0", MB));
    worst_case("NUL inside", "us.icr.io/team1/a\0pp:1.0");
    worst_case("NUL at the end", "nginx\0");
    worst_case("NUL in the tag", "nginx:1\0");
    // The first error of codeEngine names the NUL's place.
    let v = validate("ngi\0nx", Profile::CodeEngine);
    assert!(v.diagnostics.iter().any(|d| d.severity == Severity::Error && d.span.start <= 3 && 3 < d.span.end));
}

#[test]
fn multibyte_characters() {
    worst_case("e-acute x N", &repeat("é", MB));
    worst_case("emoji x N", &repeat("🐳", MB));
    worst_case("mixed", &repeat("a/é:🐳@", MB));
    worst_case("replacement characters", &repeat("\u{FFFD}", MB));
}

/// The Rust API takes `&str`: no function takes bytes, so invalid UTF-8 can
/// only arrive after the caller converted it. `String::from_utf8_lossy`
/// turns each bad sequence into U+FFFD (3 bytes), which every rule rejects
/// with a span on its char boundaries.
#[test]
fn invalid_utf8_through_from_utf8_lossy() {
    let cases: [&[u8]; 5] = [
        b"us.icr.io/team1/\xff\xfeapp",
        b"nginx:\xc3",
        b"\xed\xa0\x80nginx", // an encoded surrogate: invalid in UTF-8
        b"us.icr.io/\xf0\x9f/app",
        b"\x80",
    ];
    for bytes in cases {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains('\u{FFFD}'));
        worst_case(&format!("{bytes:?}"), &text);
    }
    // 0xff becomes 3 bytes: 1 MB after the conversion.
    let big: Vec<u8> = std::iter::repeat(b"a\xff".as_slice()).take(MB / 4).flatten().copied().collect();
    worst_case("(a 0xff) x N", &String::from_utf8_lossy(&big));
}

/// The other text-taking entry points on the same inputs: no panic and
/// within the bound.
#[test]
fn config_reader_and_matching_on_worst_cases() {
    let big = repeat("a", MB);
    let deep = format!("{}{}", repeat("[", 4096), repeat("]", 4096));
    let inputs = [
        big.clone(),
        repeat("{\"auths\":", MB / 9),
        deep,
        repeat("\0", MB),
        format!("{{\"auths\":{{\"{big}\":{{\"auth\":\"{}\"}}}}}}", repeat("QUFB", MB / 4)),
        repeat("QUFB", MB / 4),
    ];
    for text in &inputs {
        let i = timed("inspect_docker_config", text.len(), || inspect_docker_config(text, &InspectOptions::default()));
        for d in &i.diagnostics {
            assert!(
                d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end)
            );
        }
        timed("match_credentials", text.len(), || match_credentials(text, &big));
        timed("match_credentials", text.len(), || match_credentials(text, "nginx"));
    }
}
