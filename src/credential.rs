//! The credential conventions of SPEC §2.2, checked without building a
//! secret: a username the registry does not accept, a credential that stops
//! working within hours, a token that has already expired, and a `ghcr.io`
//! owner with capitals in a server key. The secret builder and the config
//! reader call [`check_credential`]; a form can call it directly.
//!
//! A password or token is never quoted: a JWT is decoded only to read its
//! `exp` claim, and messages say what the credential is, not what it holds.

use crate::codes::SecretCode;
use crate::diagnostics::{Collect, Field, Fix, Span};
use crate::message::Arg;
use crate::registry::{self, RegistryKind};
use base64::Engine as _;

/// One finding of [`check_credential`]: a registry and secret diagnostic
/// (`server`, `username` or `password`), with one of [`CODES`]; its span is
/// a byte range of that field's value, a fix's replacement the whole
/// corrected value, and its arguments never hold the password.
pub type CredentialFinding = crate::codes::SecretDiagnostic;

/// The codes [`check_credential`] reports (rows of the registry and secret
/// table, which the secret builder and the config reader report too).
pub const CODES: [SecretCode; 4] = [
    SecretCode::UsernameUnexpectedForRegistry,
    SecretCode::ShortLivedCredential,
    SecretCode::TokenExpired,
    SecretCode::OwnerMustBeLowercase,
];

/// Checks one credential (a registry server as a user types it, the
/// username and the password or token) against the conventions of its
/// registry (SPEC §2.2). `now` is in seconds since the Unix epoch; `None`
/// skips the expiry check (WebAssembly has no clock of its own: the JS
/// binding passes `Date.now()`).
pub fn check_credential(server: &str, username: &str, password: &str, now: Option<u64>) -> Vec<CredentialFinding> {
    let info = registry::registry_info(server);
    let mut out = Vec::new();
    let host = info.host.as_deref().unwrap_or("");
    let conventions = info.kind.conventions();
    if !username.is_empty() && unexpected_username(info.kind, username) {
        let want = conventions.default_username.unwrap_or("");
        let args = [
            Arg::quoted(username_for_message(username)),
            Arg::quoted(host),
            Arg::plain(info.kind.display_name()),
            Arg::quoted(want),
        ];
        let span = Span::new(0, username.len());
        out.add(SecretCode::UsernameUnexpectedForRegistry, Field::Username, span, 0, args).fix =
            Some(Fix { label: format!("use {want:?}"), replacement: want.to_string() });
    }
    for s in conventions.short_lived {
        if s.username.map_or(true, |u| u == username) {
            let args = [Arg::Word(s.what), Arg::Word(s.lifetime), Arg::Word(s.instead)];
            out.add(SecretCode::ShortLivedCredential, Field::Password, Span::new(0, password.len()), 0, args);
        }
    }
    if let (Some(now), Some((at, exp))) = (now, jwt_exp(password)) {
        if exp < now {
            out.add(
                SecretCode::TokenExpired,
                Field::Password,
                at,
                0,
                [Arg::plain(utc(exp)), Arg::plain(ago(now - exp))],
            );
        }
    }
    if info.kind == RegistryKind::Ghcr {
        if let Some(span) =
            owner_span(server).filter(|s| server[s.start..s.end].bytes().any(|b| b.is_ascii_uppercase()))
        {
            let owner = &server[span.start..span.end];
            let lower = owner.to_ascii_lowercase();
            let replacement = [&server[..span.start], &lower, &server[span.end..]].concat();
            let fix = Fix { label: format!("use {:?}", crate::message::q(&replacement)), replacement };
            out.add(
                SecretCode::OwnerMustBeLowercase,
                Field::Server,
                span,
                0,
                [Arg::quoted(owner), Arg::quoted(&*lower)],
            )
            .fix = Some(fix);
        }
    }
    out
}

/// Whether `username` is one `kind` does not accept. On ICR, whose own
/// usernames the secret builder already checks (`username_not_icr`), only a
/// username of another registry kind (`cp`, `AWS`, `_json_key`, …) is
/// reported here: it says which registry the credential was made for.
fn unexpected_username(kind: RegistryKind, username: &str) -> bool {
    let accepted = kind.conventions().usernames;
    if accepted.is_empty() || accepted.contains(&username) {
        return false;
    }
    kind != RegistryKind::Icr
        || RegistryKind::ALL.iter().any(|k| *k != kind && k.conventions().usernames.contains(&username))
}

/// `username` as a message may quote it: cut at its first `:`, after which a
/// pasted "user:password" holds the password.
fn username_for_message(username: &str) -> String {
    match username.split_once(':') {
        Some((user, _)) => format!("{user}:…"),
        None => username.to_string(),
    }
}

/// The `exp` claim of `password` when it is a JWT (`header.payload.sig`,
/// each base64url without padding; an IAM token pasted with its `Bearer `
/// prefix counts), with the span of the token. Only the payload is decoded,
/// and only `exp` is read from it.
fn jwt_exp(password: &str) -> Option<(Span, u64)> {
    let start = password.len() - password.trim_start().len();
    let trimmed = password.trim();
    let (start, token) = match trimmed.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => (start + 7, &trimmed[7..]),
        _ => (start, trimmed),
    };
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || header.is_empty() || payload.is_empty() {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    // As a `Value` (whose visitor takes any JSON) rather than a typed map:
    // serde's "invalid type" errors would link the float formatter into
    // the .wasm (about 14 KB) for a message no one sees.
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.as_object()?.get("exp")?.as_f64()?;
    // A NumericDate may have a fraction; a negative or absurd one is no date.
    (exp.is_finite() && (0.0..1e12).contains(&exp)).then(|| (Span::new(start, start + token.len()), exp as u64))
}

/// The span of the owner (the first path segment) in a server string such
/// as `ghcr.io/Owner` or `https://ghcr.io/Owner/app`.
fn owner_span(server: &str) -> Option<Span> {
    let start = server.len() - server.trim_start().len();
    let text = server.trim();
    let after_scheme = text.find("://").map_or(0, |i| i + 3);
    let slash = after_scheme + text[after_scheme..].find('/')?;
    let owner = &text[slash + 1..];
    let len = owner.find('/').unwrap_or(owner.len());
    (len > 0).then(|| Span::new(start + slash + 1, start + slash + 1 + len))
}

/// `secs` since the epoch as `YYYY-MM-DDTHH:MM:SSZ`. Hand-written: one
/// conversion does not warrant a date crate in the WebAssembly module
/// (the days-to-date step is Howard Hinnant's `civil_from_days`).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A duration in its largest whole unit: `45 seconds`, `3 hours`, `12 days`.
fn ago(secs: u64) -> String {
    let (n, unit) = match secs {
        0..=119 => (secs, "second"),
        120..=7_199 => (secs / 60, "minute"),
        7_200..=172_799 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The current time in seconds since the Unix epoch, natively. In
/// WebAssembly there is no clock without JavaScript: `None`.
pub fn current_time() -> Option<u64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())
    }
    #[cfg(target_arch = "wasm32")]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::arity;

    #[test]
    fn dates_and_durations() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(ago(1), "1 second");
        assert_eq!(ago(3 * 3600 + 5), "3 hours");
        assert_eq!(ago(90 * 60), "90 minutes");
        assert_eq!(ago(86_400 * 12), "12 days");
    }

    #[test]
    fn templates_match_their_producers() {
        let arities = [4, 3, 2, 2];
        for (c, n) in CODES.iter().zip(arities) {
            assert_eq!(arity(c.template()), n, "{c}");
        }
    }

    #[test]
    fn owner_spans() {
        let span = |s: &'static str| owner_span(s).map(|sp| &s[sp.start..sp.end]);
        assert_eq!(span("ghcr.io/Owner"), Some("Owner"));
        assert_eq!(span(" https://ghcr.io/Owner/app "), Some("Owner"));
        assert_eq!(span("ghcr.io"), None);
        assert_eq!(span("ghcr.io/"), None);
    }

    #[test]
    fn jwt_exp_reads_only_exp() {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!("{}.{}.sig", enc(r#"{"alg":"RS256"}"#), enc(r#"{"exp":1700000000.5,"sub":"x"}"#));
        assert_eq!(jwt_exp(&jwt), Some((Span::new(0, jwt.len()), 1_700_000_000)));
        let bearer = format!("Bearer {jwt}");
        assert_eq!(jwt_exp(&bearer), Some((Span::new(7, bearer.len()), 1_700_000_000)));
        for not in ["", "a.b", "a.b.c.d", "x.!!.y", &format!("{}.{}.s", enc("{}"), enc("[1]"))] {
            assert_eq!(jwt_exp(not), None, "{not}");
        }
        assert_eq!(jwt_exp(&format!("h.{}.s", enc(r#"{"exp":-5}"#))), None);
    }
}
