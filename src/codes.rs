//! The code tables of the registry, secret and credential checks, and the
//! diagnostic shape of the registry and secret checks: types and tables
//! only, below every module that reports them (the registry module's
//! server checks, the credential conventions, the secret builder), so that
//! none of those has to name another to say what it found.

use crate::diagnostics::{Field, Fix, Severity, Span};
use crate::message::Declared;
use std::fmt;

crate::declare_codes! {
    /// Codes of the credential checks (SPEC §2.2).
    pub enum CredentialCode {
        /// A username this kind of registry does not accept (`iamapikey` on
        /// `cp.icr.io`, anything but `AWS` on ECR).
        UsernameUnexpectedForRegistry = "username_unexpected_for_registry", Warning,
            "username {0} does not work on {1} ({2}): use {3}";
        /// A credential that expires within hours, in a pull secret that has to last.
        ShortLivedCredential = "short_lived_credential", Warning,
            "the password is {0}, which expires after {1}, so a pull secret holding it stops working: {2}";
        /// A JWT whose `exp` is before `now`.
        TokenExpired = "token_expired", Warning,
            "the password is a token that expired at {0}, {1} before now: get a new one";
        /// `ghcr.io/Owner`: registries reject uppercase in repository paths.
        OwnerMustBeLowercase = "owner_must_be_lowercase", Warning,
            "owner {0} on ghcr.io must be lowercase, as every image name there is: use {1}";
    }
}

// The one table of registry and secret codes (SPEC §2, §3.1). Each row:
// variant, code string, severity. Messages are written beside the check that
// emits them and pinned word for word by tests/registry.rs and
// tests/secret.rs.
macro_rules! secret_code_table {
    ($( $variant:ident = $code:literal, $severity:ident; )* ; from $family:ident { $( $dvariant:ident, )* }) => {
        /// Every diagnostic code of the registry and secret checks.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum SecretCode { $( $variant, )* $( $dvariant, )* }

        impl SecretCode {
            /// All codes, in table order.
            pub const ALL: &'static [SecretCode] = &[ $( SecretCode::$variant, )* $( SecretCode::$dvariant, )* ];

            /// The stable snake_case code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( SecretCode::$variant => $code, )*
                    $( SecretCode::$dvariant => Declared::as_str($family::$dvariant), )*
                }
            }
            /// How bad a finding with this code is.
            pub fn severity(self) -> Severity {
                match self {
                    $( SecretCode::$variant => Severity::$severity, )*
                    $( SecretCode::$dvariant => Declared::severity($family::$dvariant), )*
                }
            }
            /// The code whose string is `code` (named like `Code::from_str`
            /// of the image diagnostics).
            #[allow(clippy::should_implement_trait)]
            pub fn from_str(code: &str) -> Option<SecretCode> {
                match code { $( $code => Some(SecretCode::$variant), )* _ => $family::from_name(code).map(SecretCode::from) }
            }
        }

        impl From<$family> for SecretCode {
            fn from(c: $family) -> SecretCode {
                match c { $( $family::$dvariant => SecretCode::$dvariant, )* }
            }
        }
    };
}

secret_code_table! {
    // ---- server (SPEC §2, §3.1) ----
    ServerEmpty = "server_empty", Error;
    ServerInvalid = "server_invalid", Error;
    ServerWhitespace = "server_whitespace", Warning;
    ServerUppercase = "server_uppercase", Warning;
    ServerScheme = "server_scheme", Warning;
    ServerPath = "server_path", Warning;
    ServerDockerHubAlias = "server_docker_hub_alias", Warning;
    ServerPortNeverMatches = "server_port_never_matches", Warning;
    ServerPattern = "server_pattern", Info;
    IcrUnknownDomain = "icr_unknown_domain", Warning;
    DeprecatedRegistryDomain = "deprecated_registry_domain", Warning;
    DefaultServer = "default_server", Info;
    // ---- name ----
    NameEmpty = "name_empty", Error;
    NameTooLong = "name_too_long", Error;
    NameInvalidCharacter = "name_invalid_character", Error;
    NameBadStartOrEnd = "name_bad_start_or_end", Error;
    // ---- username ----
    UsernameEmpty = "username_empty", Error;
    UsernameColon = "username_colon", Error;
    UsernameNotIcr = "username_not_icr", Warning;
    UsernameIamapikeyNotIcr = "username_iamapikey_not_icr", Warning;
    DefaultUsername = "default_username", Info;
    // ---- password ----
    PasswordEmpty = "password_empty", Error;
    PasswordWhitespace = "password_whitespace", Warning;
    PasswordApiKeyUsername = "password_api_key_username", Warning;
    PasswordDockerTokenOnIcr = "password_docker_token_on_icr", Warning;
    // ---- email, namespace ----
    EmailInvalid = "email_invalid", Error;
    NamespaceInvalid = "namespace_invalid", Error;
    // ---- any field ----
    NulCharacter = "nul_character", Error;
    // ---- the credential conventions of SPEC §2.2, declared (name,
    // severity, message) in `credential` ----
    ; from CredentialCode {
        UsernameUnexpectedForRegistry,
        ShortLivedCredential,
        TokenExpired,
        OwnerMustBeLowercase,
    }
}

impl fmt::Display for SecretCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a registry or secret input: the shape of SPEC §1.5's
/// diagnostics with `field` instead of `component`. `span` is a byte range
/// of that field's value; `fix.replacement` is the whole corrected value of
/// the field. A message never contains a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretDiagnostic {
    pub code: SecretCode,
    /// The code's severity; only `error` makes the input unusable.
    pub severity: Severity,
    pub field: Field,
    /// Short, lowercase, no trailing period, quoting the offending value
    /// (never a password).
    pub message: String,
    pub span: Span,
    pub fix: Option<Fix>,
}

impl SecretDiagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: SecretCode, field: Field, message: String, span: Span, fix: Option<Fix>) -> SecretDiagnostic {
        SecretDiagnostic { code, severity: code.severity(), field, message, span, fix }
    }
}
