//! The conformance harness's cases, embedded with `include_str!` so that they
//! also run compiled to wasm (wasm-bindgen-test, under Node and headless
//! Chromium: `make test-wasm`), where there is no file system. Natively the
//! same test runs too, and a second test checks that every data file of
//! `tests/data` is embedded here.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[allow(dead_code)]
#[path = "conformance/runner.rs"]
mod runner;

/// Every conformance data file, by name (the name selects the schema).
const DATA: &[(&str, &str)] = &[
    ("codeengine-spec.json", include_str!("data/codeengine-spec.json")),
    ("distribution-normalize.json", include_str!("data/distribution-normalize.json")),
    ("distribution-parse.json", include_str!("data/distribution-parse.json")),
    ("distribution-regexp.json", include_str!("data/distribution-regexp.json")),
    ("keyring-cases.json", include_str!("data/keyring-cases.json")),
    ("kubectl-golden.json", include_str!("data/kubectl-golden.json")),
    ("kubectl-random.json", include_str!("data/kubectl-random.json")),
    ("kubectl-secrets.json", include_str!("data/kubectl-secrets.json")),
    ("kubectl-yaml-names.json", include_str!("data/kubectl-yaml-names.json")),
];

#[test]
fn conformance_cases_pass() {
    let mut report = runner::Report::new(include_str!("data/expected_failures.txt"));
    for (name, text) in DATA {
        runner::run_file(name, text, &mut report);
    }
    report.check_every_expected_failure_ran();
    assert!(report.passed > 0, "no conformance case ran");
    assert!(report.failed == 0, "{} passed, {} failed:\n{}", report.passed, report.failed, report.problems.join("\n"));
}

/// The expected-failures list is enforced both ways: a listed case that
/// passes fails the run, and so does a listed id that never ran.
#[test]
fn expected_failures_must_fail_and_must_run() {
    let list = "# comment\nknown-bug   a reason\nlisted-but-passes  fixed since\ngone  renamed case\n";
    let mut report = runner::Report::new(list);
    report.case("f.json", "known-bug", "x", Err("wrong".to_string()));
    report.case("f.json", "listed-but-passes", "y", Ok(()));
    report.case("f.json", "ordinary", "z", Ok(()));
    assert_eq!((report.passed, report.failed), (2, 1));
    report.check_every_expected_failure_ran();
    assert_eq!((report.passed, report.failed), (2, 2));
    assert_eq!(
        report.problems,
        [
            "UNEXPECTED PASS f.json listed-but-passes \"y\": remove it from expected_failures.txt",
            "NEVER RAN gone: no case has this id; remove it from expected_failures.txt",
        ]
    );
    // Checked once: a second call adds nothing.
    report.check_every_expected_failure_ran();
    assert_eq!(report.failed, 2);
    assert_eq!(runner::Report::new("").finish(), 0);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_data_file_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/data is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = DATA.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(embedded, on_disk, "tests/wasm.rs must embed every tests/data/*.json");
}
