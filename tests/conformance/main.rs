//! Data-driven conformance harness (`harness = false`).
//!
//! Runs every `tests/data/*.json` file and every file named in
//! `CONFORMANCE_EXTRA` (paths separated by `:`). The file name's prefix
//! selects the schema: `distribution-`, `codeengine-`, `kubectl-`,
//! `keyring-`. Each case is named by its id and input. Ids listed in
//! `tests/data/expected_failures.txt` (one per line: `id  reason`) must fail;
//! an unexpected pass fails the run, and so does a listed id that no case
//! has, so that list may only shrink. (An id of a `CONFORMANCE_EXTRA` file
//! therefore belongs in the list only while that file is part of the run.)
//! The run ends with the line `N passed, M failed`.

mod runner;

use std::path::{Path, PathBuf};

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .expect("tests/data is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if let Ok(extra) = std::env::var("CONFORMANCE_EXTRA") {
        files.extend(extra.split(':').filter(|s| !s.is_empty()).map(PathBuf::from));
    }
    let expected = std::fs::read_to_string(data.join("expected_failures.txt")).unwrap_or_default();
    let mut report = runner::Report::new(&expected);
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        match std::fs::read_to_string(path) {
            Ok(text) => runner::run_file(name, &text, &mut report),
            Err(e) => report.fail(name, "", &format!("cannot read {}: {e}", path.display())),
        }
    }
    std::process::exit(report.finish());
}
