//! The part of the harness that does not touch the file system, shared by the
//! native `main` and the wasm-bindgen-test build (which embeds the data with
//! `include_str!`).

#[path = "codeengine.rs"]
mod codeengine;
#[path = "distribution.rs"]
mod distribution;
#[path = "keyring.rs"]
mod keyring;
#[path = "kubectl.rs"]
mod kubectl;

/// Counts outcomes and enforces the expected-failures list.
pub struct Report {
    expected: Vec<String>,
    pub passed: usize,
    pub failed: usize,
    /// One line per unexpected outcome.
    pub problems: Vec<String>,
}

impl Report {
    /// `expected_failures` is the text of `expected_failures.txt`: one case id
    /// per line, then whitespace and the reason; `#` starts a comment.
    pub fn new(expected_failures: &str) -> Report {
        let expected = expected_failures
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
            .collect();
        Report { expected, passed: 0, failed: 0, problems: Vec::new() }
    }

    fn is_expected_failure(&self, id: &str) -> bool {
        self.expected.iter().any(|e| e == id)
    }

    /// Records one case: `result` is `Ok(())` when it behaved as the data says.
    pub fn case(&mut self, file: &str, id: &str, input: &str, result: Result<(), String>) {
        let expected_fail = self.is_expected_failure(id);
        match (result, expected_fail) {
            (Ok(()), false) | (Err(_), true) => self.passed += 1,
            (Ok(()), true) => {
                self.failed += 1;
                self.problems
                    .push(format!("UNEXPECTED PASS {file} {id} {input:?}: remove it from expected_failures.txt"));
            }
            (Err(why), false) => {
                self.failed += 1;
                self.problems.push(format!("FAIL {file} {id} {input:?}: {why}"));
            }
        }
    }

    pub fn fail(&mut self, file: &str, id: &str, why: &str) {
        self.failed += 1;
        self.problems.push(format!("FAIL {file} {id}: {why}"));
    }

    /// Prints the problems and the closing line; returns the exit code.
    pub fn finish(&self) -> i32 {
        for p in &self.problems {
            println!("{p}");
        }
        println!("{} passed, {} failed", self.passed, self.failed);
        i32::from(self.failed > 0)
    }
}

/// Runs one data file; its name's prefix selects the schema.
pub fn run_file(name: &str, text: &str, report: &mut Report) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return report.fail(name, "", &format!("not JSON: {e}")),
    };
    if name.starts_with("distribution-") {
        distribution::run(name, &value, report)
    } else if name.starts_with("codeengine-") {
        codeengine::run(name, &value, report)
    } else if name.starts_with("kubectl-") {
        kubectl::run(name, &value, report)
    } else if name.starts_with("keyring-") {
        keyring::run(name, &value, report)
    } else {
        report.fail(
            name,
            "",
            "unknown schema: the file name must start with distribution-, codeengine-, kubectl- or keyring-",
        )
    }
}
