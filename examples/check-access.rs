//! Checks that a pull of an image would work, driving the sans-I/O access
//! check with a blocking HTTP client, and prints the report as JSON.
//!
//! ```text
//! cargo run --example check-access -- IMAGE [--username U --password-stdin]
//!     [--dockerconfigjson FILE] [--platform P|none] [--insecure-loopback]
//!     [--trust-realm HOST]... [--timeout-ms N]
//! ```
//!
//! Exit status: 0 when the pull would work, 1 when not, 2 for bad usage.

use registry_access::access::{
    AccessCheck, CheckOptions, Credential, Failure, Method, Request, Response, Step, MAX_BODY,
};
use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: check-access IMAGE [--username U --password-stdin] [--dockerconfigjson FILE] \
                     [--platform P|none] [--insecure-loopback] [--trust-realm HOST]... [--timeout-ms N]";

struct Args {
    image: String,
    options: CheckOptions,
    timeout: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut image = None;
    let mut username = None;
    let mut password_stdin = false;
    let mut options = CheckOptions::default();
    let mut timeout = Duration::from_secs(10);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--username" => username = Some(value("--username")?),
            "--password-stdin" => password_stdin = true,
            "--dockerconfigjson" => {
                let path = value("--dockerconfigjson")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
                options.dockerconfigjson = Some(text);
            }
            "--platform" => {
                let p = value("--platform")?;
                options.platform = (p != "none").then_some(p);
            }
            "--insecure-loopback" => options.allow_insecure_loopback = true,
            "--trust-realm" => options.trusted_realm_hosts.push(value("--trust-realm")?),
            "--timeout-ms" => {
                let ms = value("--timeout-ms")?;
                timeout =
                    Duration::from_millis(ms.parse().map_err(|_| format!("--timeout-ms {ms:?} is not a number"))?);
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg:?}\n{USAGE}")),
            _ if image.is_none() => image = Some(arg),
            _ => return Err(format!("one image only\n{USAGE}")),
        }
    }
    let image = image.ok_or_else(|| USAGE.to_string())?;
    match (username, password_stdin) {
        (Some(username), true) => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).map_err(|e| format!("cannot read the password: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            options.credential = Some(Credential { username, password });
        }
        (None, false) => {}
        _ => return Err("--username and --password-stdin go together".to_string()),
    }
    Ok(Args { image, options, timeout })
}

/// Sends one request: redirects are the machine's to follow, statuses are
/// answers (not errors), and at most `MAX_BODY` bytes of a body are read.
fn send(agent: &ureq::Agent, request: &Request) -> Result<Response, Failure> {
    let mut builder = match request.method {
        Method::Get => ureq::http::Request::get(&request.url),
        Method::Head => ureq::http::Request::head(&request.url),
    };
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let http_request = builder.body(()).map_err(|e| Failure::Unreachable(e.to_string()))?;
    let mut answer = agent.run(http_request).map_err(|e| match e {
        ureq::Error::Timeout(_) => Failure::Timeout,
        e => Failure::Unreachable(e.to_string()),
    })?;
    let status = answer.status().as_u16();
    let headers = answer
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let mut body = Vec::new();
    if request.method == Method::Get {
        let reader = answer.body_mut().with_config().limit(u64::MAX).reader();
        reader.take(MAX_BODY as u64).read_to_end(&mut body).map_err(|e| Failure::Unreachable(e.to_string()))?;
    }
    Ok(Response { status, headers, body })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(args.timeout))
        .build()
        .into();
    let mut check = AccessCheck::new(&args.image, args.options);
    loop {
        match check.poll() {
            Step::Send(request) => match send(&agent, &request) {
                Ok(response) => check.receive(response),
                Err(failure) => check.fail(failure),
            },
            Step::Done(report) => {
                println!("{}", report.to_json());
                return if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) };
            }
        }
    }
}
