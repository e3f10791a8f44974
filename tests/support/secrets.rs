//! The secret builder as the secret and credential tests call it: an input
//! of the four usual fields, and its findings as comparable rows.

use registry_access::secret::{SecretDiagnostic, SecretInput, SecretOutput};
use registry_access::Span;

pub fn input(name: &str, server: Option<&str>, username: Option<&str>, password: &str) -> SecretInput {
    SecretInput {
        name: name.to_string(),
        server: server.map(str::to_string),
        username: username.map(str::to_string),
        password: password.to_string(),
        ..SecretInput::default()
    }
}

/// (field, code, message, span, fix replacement).
pub fn diags(out: &SecretOutput) -> Vec<(&'static str, &'static str, String, Span, Option<String>)> {
    out.diagnostics.iter().map(row).collect()
}

pub fn row(d: &SecretDiagnostic) -> (&'static str, &'static str, String, Span, Option<String>) {
    assert_eq!(d.severity, d.code.severity());
    (d.location.as_str(), d.code.as_str(), d.message(), d.span, d.fix.as_ref().map(|f| f.replacement.clone()))
}

pub fn codes(out: &SecretOutput) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.code.as_str()).collect()
}
