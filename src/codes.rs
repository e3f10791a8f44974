//! The code table of the registry, secret and credential checks, and
//! their diagnostic type (the generic one, located by input [`Field`]):
//! types and the table only, below every module that reports them (the registry module's
//! server checks, the credential conventions, the secret builder), so that
//! none of those has to name another to say what it found.

use crate::diagnostics::{Diagnostic, Field, Location};
use crate::message::Message;

// The one table of registry, secret and credential codes (SPEC §2, §3.1,
// §2.2). Each row:
// variant, code string, severity and the code's message templates (as the
// image reference table: several wordings per code, chosen by the
// message's `form`; `{N}` is argument N). This is the only place their
// wording lives; tests/registry.rs and tests/secret.rs pin it word for word.
crate::declare_codes! {
    /// Every diagnostic code of the registry and secret checks.
    pub enum SecretCode {
        // ---- server (SPEC §2, §3.1) ----
        ServerEmpty = "server_empty", Error, ["registry server is required"];
        ServerInvalid = "server_invalid", Error, [
            "registry server {0} must not contain whitespace or control characters",
            "registry server {0} has no host",
            "registry server {0} has an unclosed \"[\"",
            "registry server {0} has an invalid port {1}",
            "registry server {0} has an invalid IPv6 address",
            "registry server {0} is not a host name: {1} is not allowed",
            "registry server {0} has an empty label between periods",
            "registry server {0} has a label that begins or ends with \"-\"",
        ];
        ServerWhitespace = "server_whitespace", Warning, ["registry server {0} has leading or trailing whitespace"];
        ServerUppercase = "server_uppercase", Warning,
            ["registry server {0} has uppercase letters, which image pulls never match"];
        ServerScheme = "server_scheme", Warning, ["registry server {0} has a scheme; the credential key is {1}"];
        ServerPath = "server_path", Warning, ["registry server {0} has a path, so it only matches images under {1}"];
        ServerDockerHubAlias = "server_docker_hub_alias", Warning,
            ["registry server {0} is Docker Hub, whose credentials are keyed on {1}"];
        ServerPortNeverMatches = "server_port_never_matches", Warning, [
            "registry server {0} has a port, but images on this registry are named without one, so the key never matches",
        ];
        ServerPattern = "server_pattern", Info,
            ["registry server {0} is a pattern: it matches every host with the same number of labels"];
        IcrUnknownDomain = "icr_unknown_domain", Warning,
            ["registry server {0} is not a known IBM Cloud Container Registry domain; did you mean {1}?"];
        DeprecatedRegistryDomain = "deprecated_registry_domain", Warning, [
            "registry server {0} is a deprecated domain; use {1}",
            "registry server {0} is a deprecated domain; use the matching \"*.icr.io\" domain",
        ];
        DefaultServer = "default_server", Info, ["no registry server given: using Code Engine's default {0}"];
        // ---- name ----
        NameEmpty = "name_empty", Error, ["secret name is required"];
        NameTooLong = "name_too_long", Error, ["secret name {0} is {1} characters long; the limit is 253"];
        NameInvalidCharacter = "name_invalid_character", Error,
            ["secret name {0} may contain only lowercase letters, digits, \"-\" and \".\", not {1}"];
        NameBadStartOrEnd = "name_bad_start_or_end", Error, [
            "secret name {0} must not begin or end with \".\" or have \"..\"",
            "secret name {0} must begin and end with a lowercase letter or digit, also around each \".\"",
        ];
        // ---- username ----
        UsernameEmpty = "username_empty", Error, ["username is required"];
        UsernameColon = "username_colon", Error,
            ["username must not contain \":\", which separates username and password in \"auth\""];
        UsernameNotIcr = "username_not_icr", Warning, [
            "username {0} is not an IBM Cloud Container Registry username: use \"iamapikey\" with an API key (or \"iambearer\", \"iamrefresh\" with a token)",
        ];
        UsernameIamapikeyNotIcr = "username_iamapikey_not_icr", Warning,
            ["username \"iamapikey\" is for IBM Cloud Container Registry, but the server {0} is not one"];
        DefaultUsername = "default_username", Info,
            ["no username given: using \"iamapikey\" for IBM Cloud Container Registry"];
        // ---- password ----
        PasswordEmpty = "password_empty", Error, ["password is required"];
        PasswordWhitespace = "password_whitespace", Warning,
            ["password has leading or trailing whitespace or a line break, which a pasted key usually should not"];
        PasswordApiKeyUsername = "password_api_key_username", Warning,
            ["password looks like an IBM Cloud API key, which needs the username \"iamapikey\", not {0}"];
        PasswordDockerTokenOnIcr = "password_docker_token_on_icr", Warning,
            ["password looks like a Docker Hub access token, but the server is IBM Cloud Container Registry"];
        // ---- email, namespace ----
        EmailInvalid = "email_invalid", Error, ["email {0} is not an address like name@example.com"];
        NamespaceInvalid = "namespace_invalid", Error, [
            "namespace {0} must be 1 to 63 lowercase letters, digits or \"-\", beginning and ending with a letter or digit",
        ];
        // ---- any field ----
        NulCharacter = "nul_character", Error,
            ["{0} must not contain a NUL character, which no command line can carry"];
        // ---- the credential conventions of SPEC §2.2 (`credential`) ----
        /// A username this kind of registry does not accept (`iamapikey` on
        /// `cp.icr.io`, anything but `AWS` on ECR).
        UsernameUnexpectedForRegistry = "username_unexpected_for_registry", Warning,
            ["username {0} does not work on {1} ({2}): use {3}"];
        /// A credential that expires within hours, in a pull secret that has to last.
        ShortLivedCredential = "short_lived_credential", Warning,
            ["the password is {0}, which expires after {1}, so a pull secret holding it stops working: {2}"];
        /// A JWT whose `exp` is before `now`.
        TokenExpired = "token_expired", Warning,
            ["the password is a token that expired at {0}, {1} before now: get a new one"];
        /// `ghcr.io/Owner`: registries reject uppercase in repository paths.
        OwnerMustBeLowercase = "owner_must_be_lowercase", Warning,
            ["owner {0} on ghcr.io must be lowercase, as every image name there is: use {1}"];
}
}

impl Location for Field {
    type Code = SecretCode;
}

/// One finding about a registry, secret or credential input: the shape of
/// SPEC §1.5's diagnostics with the input `field` (`location`) instead of
/// `component`. `span` is a byte range of that field's value;
/// `fix.replacement` is the whole corrected value of the field. Its
/// message is data, rendered on demand by `message()`; it never quotes a
/// password.
pub type SecretDiagnostic = Diagnostic<'static, Field>;

/// A registry or secret message as data: the code, its template number and
/// arguments (rendered by `Display`).
pub type SecretMessage = Message<'static, SecretCode>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::message::Arg;

    #[test]
    fn every_template_reads_like_a_message() {
        for &code in SecretCode::ALL {
            for t in code.templates() {
                assert!(!t.is_empty() && !t.ends_with('.'), "{code}: {t}");
                assert!(!t.starts_with(|c: char| c.is_uppercase()), "{code}: {t}");
            }
        }
        let args = [Arg::quoted("h:x"), Arg::quoted("x")];
        let d = SecretDiagnostic::new(SecretCode::ServerInvalid, Field::Server, Span::new(2, 3), 3, args);
        assert_eq!(d.message(), r#"registry server "h:x" has an invalid port "x""#);
        assert_eq!(d.message.to_string(), d.message());
    }
}
