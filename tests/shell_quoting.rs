//! Proves the quoting of the generated commands (SPEC §3.2): each command
//! line runs through a real POSIX shell, with stand-in `ibmcloud`, `kubectl`
//! and `docker` programs first on `PATH` that print the arguments they
//! receive; those must be exactly the arguments the library meant, for
//! passwords (and names, users, files) full of shell syntax.

#![cfg(not(target_arch = "wasm32"))]

use registry_access::secret::{create_registry_secret, shell_quote, SecretInput};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Prints each argument followed by a NUL byte; `docker login` also prints
/// a `STDIN` marker and what it reads (the `--password-stdin` password).
const STAND_IN: &str = "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\nif [ \"$1\" = login ]; then printf 'STDIN\\0'; cat; fi\n";

struct StandIns {
    dir: PathBuf,
}

/// Held while a stand-in is written and while a shell is spawned. A child
/// forked by one test while another test has a stand-in open for writing
/// inherits that descriptor until it execs; a shell that execs the
/// stand-in meanwhile fails with "Text file busy" (ETXTBSY). `spawn`
/// returns once its child has exec'd, so the lock need not cover the run.
static FILES_AND_FORKS: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl StandIns {
    fn new(tag: &str) -> StandIns {
        let dir = std::env::temp_dir().join(format!("registry-access-shell-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let _lock = FILES_AND_FORKS.lock().unwrap_or_else(|e| e.into_inner());
        for program in ["ibmcloud", "kubectl", "docker"] {
            let path = dir.join(program);
            std::fs::write(&path, STAND_IN).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        StandIns { dir }
    }

    /// Runs `line` with `shell -c` and returns the arguments the stand-in
    /// received, program name first.
    fn run(&self, shell: &str, line: &str) -> Vec<String> {
        let path = format!("{}:{}", self.dir.display(), std::env::var("PATH").unwrap_or_default());
        let child = {
            let _lock = FILES_AND_FORKS.lock().unwrap_or_else(|e| e.into_inner());
            Command::new(shell)
                .arg("-c")
                .arg(line)
                .env("PATH", path)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {shell}: {e}"))
        };
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("cannot run {shell}: {e}"));
        assert!(out.status.success(), "{shell} failed on {line:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{shell} wrote to stderr on {line:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).expect("stand-in output is UTF-8");
        let program = line.split(' ').next().unwrap_or("").to_string();
        let mut args = vec![program];
        let body = text.strip_suffix('\0').unwrap_or(&text);
        if !text.is_empty() {
            args.extend(body.split('\0').map(str::to_string));
        }
        args
    }
}

impl Drop for StandIns {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn shells() -> Vec<&'static str> {
    let mut shells = vec!["sh"];
    if Path::new("/bin/bash").exists() {
        shells.push("bash");
    }
    shells
}

const NASTY: &[&str] = &[
    "'\"$\\`!;&|<>",
    "it's a \"quoted\" $HOME `id` $(id) ; rm -rf / & | < > !!",
    "two  spaces and\ttab",
    "line one\nline two\n",
    "\n",
    " leading and trailing ",
    "pässwörd日本 \u{2028} 😀",
    "*?[a-z]{a,b}~#",
    "-starts-with-dash",
    "--password=x",
    "'",
    "''",
    "\\",
    "a'b'c",
    "$((1+1))${x:-y}",
    "%s\\n",
];

#[test]
fn every_command_survives_a_real_shell() {
    let stand_ins = StandIns::new("all");
    for shell in shells() {
        for password in NASTY {
            for user in ["iamapikey", "u s'e\"r"] {
                let input = SecretInput {
                    name: "my-secret".to_string(),
                    server: Some("us.icr.io".to_string()),
                    username: Some(user.to_string()),
                    password: password.to_string(),
                    email: Some("a&b@x.io".to_string()),
                    namespace: Some("team-a".to_string()),
                    password_file: Some(format!("key {password}")),
                    ..SecretInput::default()
                };
                let out = create_registry_secret(&input);
                let c = &out.commands;
                for cmd in [&c.ibmcloud, &c.ibmcloud_with_password, &c.kubectl] {
                    assert_eq!(stand_ins.run(shell, &cmd.line), cmd.argv, "{shell}: {:?}", cmd.line);
                }
                // Without a pipe, docker login's stdin is empty.
                let mut want = c.docker_login.argv.clone();
                want.push("STDIN".to_string());
                assert_eq!(stand_ins.run(shell, &c.docker_login.line), want, "{shell}");
                assert!(c.ibmcloud_with_password.argv.iter().any(|a| a == password));
                assert!(c.kubectl.argv.contains(&format!("--docker-password={password}")));
                assert!(c.ibmcloud.argv.contains(&format!("key {password}")));
                assert!(
                    !c.ibmcloud.argv.iter().any(|a| a == password),
                    "the from-file form must not hold the password"
                );

                // docker login reads the password on stdin.
                let piped = format!("printf '%s' {} | {}", shell_quote(password), c.docker_login.line);
                let mut want = c.docker_login.argv.clone();
                want.push(format!("STDIN\0{password}"));
                let got = stand_ins.run(shell, &piped);
                let got_joined = got[1..].join("\0");
                assert_eq!(got_joined, want[1..].join("\0"), "{shell}: {piped:?}");
            }
        }
    }
}

#[test]
fn quoted_words_read_back_unchanged() {
    let stand_ins = StandIns::new("words");
    let mut words: Vec<String> = NASTY.iter().map(|s| s.to_string()).collect();
    words.extend(["", "plain", "a=b", "x:y,z/w@v%u+t", "é"].map(str::to_string));
    let all_bytes: String = (1u8..=127).map(char::from).collect();
    words.push(all_bytes);
    for shell in shells() {
        let line = format!("kubectl {}", words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" "));
        let mut want = vec!["kubectl".to_string()];
        want.extend(words.iter().cloned());
        assert_eq!(stand_ins.run(shell, &line), want, "{shell}");
    }
}

#[test]
fn stand_in_sees_the_unquoted_plain_words() {
    // Words that need no quoting are left bare, and the shell still passes
    // them through unchanged.
    let stand_ins = StandIns::new("plain");
    let words =
        ["us.icr.io", "https://index.docker.io/v1/", "--docker-server=private.de.icr.io:443", "a-b_c@d%e+f=g:h,i/j"];
    for w in words {
        assert_eq!(shell_quote(w), w);
    }
    let line = format!("kubectl {}", words.join(" "));
    let mut want = vec!["kubectl".to_string()];
    want.extend(words.iter().map(|w| w.to_string()));
    for shell in shells() {
        assert_eq!(stand_ins.run(shell, &line), want);
    }
}

mod properties {
    use super::StandIns;
    use proptest::prelude::*;
    use registry_access::secret::shell_quote;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn any_words_read_back_unchanged(words in proptest::collection::vec("[^\u{0}]{0,12}", 1..6)) {
            let stand_ins = StandIns::new("prop");
            let line = format!("kubectl {}", words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" "));
            let mut want = vec!["kubectl".to_string()];
            want.extend(words.iter().cloned());
            prop_assert_eq!(stand_ins.run("sh", &line), want);
        }
    }
}
