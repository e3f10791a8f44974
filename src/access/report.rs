//! The outcome of a check (SPEC §5.3), serialized with the field names the
//! JavaScript API and the SPEC use.

use super::codes::AccessDiagnostic;
use super::ratelimit::RateLimit;
use super::Method;

/// How the registry authenticates pulls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    None,
    Basic,
    Bearer,
}

/// One request made, without its headers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RequestRecord {
    pub method: Method,
    pub url: String,
    /// `None` when no answer came (unreachable, timeout).
    pub status: Option<u16>,
}

/// What a check found. Holds no password and no token.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// True when the pull would succeed: no error diagnostic.
    pub ok: bool,
    /// The image, normalized (`docker.io/library/nginx:latest`); as given
    /// when it does not parse.
    pub image: String,
    /// The host (and port) whose API was asked; `None` for an invalid image.
    pub registry: Option<String>,
    /// The endpoint used (`https://registry-1.docker.io`).
    pub endpoint: Option<String>,
    /// `None` until the registry's `/v2/` answered.
    pub auth: Option<Auth>,
    /// The config key whose credential was used (from `dockerconfigjson`).
    pub credential_key: Option<String>,
    pub digest: Option<String>,
    pub media_type: Option<String>,
    /// The platforms of the index (`os/arch[/variant]`); `None` when no
    /// index was read.
    pub platforms: Option<Vec<String>>,
    pub rate_limit: Option<RateLimit>,
    pub requests: Vec<RequestRecord>,
    pub diagnostics: Vec<AccessDiagnostic>,
}

impl Report {
    /// The report as JSON text (what the binding hands to JavaScript).
    pub fn to_json(&self) -> String {
        // Serializing these plain types cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
