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

/// Counts outcomes and enforces the expected-failures list both ways (as
/// servo's and rust-url's harnesses do): a listed case that passes fails the
/// run, and so does a listed id that never ran (renamed or removed from the
/// data), so the list can only hold cases that exist and still fail.
pub struct Report {
    expected: Vec<String>,
    /// Which of `expected` ran, by index.
    ran: Vec<bool>,
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
        let expected: Vec<String> = expected;
        let ran = vec![false; expected.len()];
        Report { expected, ran, passed: 0, failed: 0, problems: Vec::new() }
    }

    /// Whether `id` is listed, marking it as run.
    fn is_expected_failure(&mut self, id: &str) -> bool {
        let mut listed = false;
        for (e, ran) in self.expected.iter().zip(&mut self.ran) {
            if e == id {
                *ran = true;
                listed = true;
            }
        }
        listed
    }

    /// Fails the run for every listed id that no case had; call once, after
    /// every file ran.
    pub fn check_every_expected_failure_ran(&mut self) {
        for (id, _) in self.expected.iter().zip(&self.ran).filter(|(_, ran)| !**ran) {
            self.failed += 1;
            self.problems.push(format!("NEVER RAN {id}: no case has this id; remove it from expected_failures.txt"));
        }
        self.ran.iter_mut().for_each(|r| *r = true);
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

    /// Checks that every listed id ran, prints the problems and the closing
    /// line; returns the exit code.
    pub fn finish(&mut self) -> i32 {
        self.check_every_expected_failure_ran();
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
