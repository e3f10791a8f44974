//! Known registries (SPEC §2): what a registry server string means, which
//! credential key it stands for, and which key an image pull looks up.
//! The registries themselves (hosts, regions, usernames, lifetimes) are data
//! in `registry_data`, re-exported here.

use crate::codes::{SecretCode, SecretDiagnostic};
use crate::diagnostics::Field;
use crate::diagnostics::{Collect, Fix, Span};
use crate::message::Arg;

// The registries themselves are data in `registry_data`, below image
// references; this module is registry info, above them.
pub use crate::registry_data::{
    acr_name, api_host, closest_icr_domain, ecr_region, gar_region, icr_region_for_deprecated, icr_region_for_host,
    is_docker_hub_host, is_docker_hub_image_host, kind_of_host, Conventions, IcrRegion, RegistryKind, ShortLived,
    ACR_TOKEN_USERNAME, DOCKER_HUB_API_HOST, DOCKER_HUB_AUTH_HOST, DOCKER_HUB_HOST, DOCKER_HUB_HOSTS,
    DOCKER_HUB_INDEX_HOST, DOCKER_HUB_KEY, GHCR_HOST, ICR_ENTITLED_HOST, ICR_REGIONS, KNOWN_AUTH_HOSTS,
};

/// Whether an ICR domain is the public or the private endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The public domain (`us.icr.io`).
    Public,
    /// The private endpoint (`private.us.icr.io`), reachable from IBM Cloud.
    Private,
}

impl Endpoint {
    /// `public` or `private`.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Public => "public",
            Endpoint::Private => "private",
        }
    }
}

/// What [`registry_info`] found out about a server string (SPEC §2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryInfo {
    /// The server as given.
    pub input: String,
    pub kind: RegistryKind,
    /// The host, lowercase, without scheme, port or path; `None` when the
    /// input has no usable host.
    pub host: Option<String>,
    pub port: Option<u16>,
    /// ICR region (`us-south`, `global`, …), for ICR domains and their
    /// deprecated `bluemix.net` names.
    pub region: Option<String>,
    /// ICR only: public or private endpoint.
    pub endpoint: Option<Endpoint>,
    /// The key credentials for this registry belong under:
    /// `https://index.docker.io/v1/` for Docker Hub, else the lowercase
    /// `host[:port]`. `None` when the input has no usable host.
    pub credential_key: Option<String>,
    /// The username to use when none is given: `iamapikey` for ICR, `cp`
    /// for `cp.icr.io`, `AWS` for ECR, `_json_key` for Artifact Registry;
    /// `None` where the username is the user's own.
    pub default_username: Option<String>,
    /// The only usernames this kind of registry accepts (SPEC §2.2); empty
    /// when the username is the user's own.
    pub usernames: &'static [&'static str],
    /// ICR only: the name of the registry secret Code Engine creates and
    /// manages itself, `ce-auto-icr-private-<region>`.
    pub managed_secret_name: Option<String>,
    /// Findings, each with `field` `server`; an `error` means the input is
    /// not a usable server.
    pub diagnostics: Vec<SecretDiagnostic>,
}

impl RegistryInfo {
    /// True when no diagnostic has severity `error`.
    pub fn valid(&self) -> bool {
        self.diagnostics.iter().all(|d| d.severity != crate::Severity::Error)
    }
}

/// Describes the registry behind `server`, spelled any way a user types it
/// (`us.icr.io`, `https://us.icr.io`, `https://index.docker.io/v1/`,
/// `docker.io`, `host:5000`, `HTTPS://Host/path`, …). Never fails: problems
/// are diagnostics.
pub fn registry_info(server: &str) -> RegistryInfo {
    let mut info = RegistryInfo {
        input: server.to_string(),
        kind: RegistryKind::Other,
        host: None,
        port: None,
        region: None,
        endpoint: None,
        credential_key: None,
        default_username: None,
        usernames: &[],
        managed_secret_name: None,
        diagnostics: Vec::new(),
    };
    let parsed = match split_server(server) {
        Ok(p) => p,
        Err(d) => {
            info.diagnostics.push(*d);
            return info;
        }
    };
    let host = parsed.host.to_ascii_lowercase();
    let key = match parsed.port {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    info.port = parsed.port;
    let dockerhub = is_docker_hub_host(&host);
    let icr = icr_region_for_host(&host);
    let deprecated = icr_region_for_deprecated(&host);
    let canonical = if dockerhub { DOCKER_HUB_KEY.to_string() } else { key.clone() };
    let quoted = || Arg::quoted(server);
    let whole = Span::new(0, server.len());
    let fix = |label: String| Some(Fix { label, replacement: canonical.clone() });
    let mut push = |code, span, form: u8, args: Vec<Arg<'static>>, fix: Option<Fix>| {
        info.diagnostics.add(code, Field::Server, span, form, args).fix = fix;
    };

    if parsed.start != 0 || parsed.end != server.len() {
        push(SecretCode::ServerWhitespace, whole, 0, vec![quoted()], fix(format!("use {}", quote(&canonical))));
    }
    let typed = &server[parsed.start..parsed.end];
    let is_hub_v1 = dockerhub && typed.eq_ignore_ascii_case(DOCKER_HUB_KEY) && parsed.port.is_none();
    if parsed.host != host {
        push(
            SecretCode::ServerUppercase,
            parsed.host_span,
            0,
            vec![quoted()],
            fix(format!("use {}", quote(&canonical))),
        );
    }
    if let Some(scheme) = parsed.scheme_span {
        if !is_hub_v1 {
            push(
                SecretCode::ServerScheme,
                scheme,
                0,
                vec![quoted(), Arg::quoted(&canonical)],
                fix(format!("use {}", quote(&canonical))),
            );
        }
    }
    if let Some(path) = parsed.path_span {
        if !is_hub_v1 {
            push(
                SecretCode::ServerPath,
                path,
                0,
                vec![quoted(), Arg::quoted(&server[path.start..path.end])],
                fix(format!("use {}", quote(&canonical))),
            );
        }
    }
    if dockerhub && host != DOCKER_HUB_INDEX_HOST {
        push(
            SecretCode::ServerDockerHubAlias,
            parsed.host_span,
            0,
            vec![quoted(), Arg::quoted(DOCKER_HUB_KEY)],
            fix(format!("use {}", quote(DOCKER_HUB_KEY))),
        );
    }
    if parsed.port.is_some() && (dockerhub || icr.is_some()) {
        let without = if dockerhub { DOCKER_HUB_KEY.to_string() } else { host.clone() };
        push(
            SecretCode::ServerPortNeverMatches,
            parsed.port_span.unwrap_or(whole),
            0,
            vec![quoted()],
            Some(Fix { label: format!("use {}", quote(&without)), replacement: without.clone() }),
        );
    }
    if parsed.pattern {
        push(SecretCode::ServerPattern, parsed.host_span, 0, vec![quoted()], None);
    } else if icr.is_none() && host.ends_with(".icr.io") && host != ICR_ENTITLED_HOST {
        let closest = closest_icr_domain(&host);
        push(
            SecretCode::IcrUnknownDomain,
            parsed.host_span,
            0,
            vec![quoted(), Arg::quoted(closest)],
            Some(Fix { label: format!("use {}", quote(closest)), replacement: closest.to_string() }),
        );
    } else if host.starts_with("registry.") && host.ends_with(".bluemix.net") {
        let (form, args, fix) = match deprecated {
            Some(r) => (
                0,
                vec![quoted(), Arg::quoted(r.domain)],
                Some(Fix { label: format!("use {}", quote(r.domain)), replacement: r.domain.to_string() }),
            ),
            None => (1, vec![quoted()], None),
        };
        push(SecretCode::DeprecatedRegistryDomain, parsed.host_span, form, args, fix);
    }

    info.kind = kind_of_host(&host);
    if let Some((r, private)) = icr {
        info.region = Some(r.region.to_string());
        info.endpoint = Some(if private { Endpoint::Private } else { Endpoint::Public });
    } else if let Some(r) = deprecated {
        info.region = Some(r.region.to_string());
        info.endpoint = Some(Endpoint::Public);
    } else if let Some(region) = ecr_region(&host).or_else(|| gar_region(&host)).filter(|r| !r.is_empty()) {
        info.region = Some(region.to_string());
    }
    if info.kind == RegistryKind::Icr {
        if let Some(region) = &info.region {
            info.managed_secret_name = Some(format!("ce-auto-icr-private-{region}"));
        }
    }
    let conventions = info.kind.conventions();
    info.default_username = conventions.default_username.map(str::to_string);
    info.usernames = conventions.usernames;
    info.host = Some(host);
    info.credential_key = Some(canonical);
    info
}

/// The credential key a secret must use so that a pull of `image` finds it:
/// `https://index.docker.io/v1/` for Docker Hub images (`nginx`,
/// `docker.io/…`), else the image's registry exactly as the image names it
/// (the kubelet compares host labels case-sensitively).
///
/// Fails with the image parser's error when `image` is not a valid
/// reference.
pub fn server_for_image(image: &str) -> Result<String, crate::reference::Error> {
    let reference = crate::reference::Reference::parse_normalized(image)?;
    let domain = reference.domain();
    if is_docker_hub_image_host(domain) {
        Ok(DOCKER_HUB_KEY.to_string())
    } else {
        Ok(domain.to_string())
    }
}

/// `s` in double quotes, with `"`, `\` and control characters escaped, as
/// messages quote input: capped like every quote (`message::write_quoted`).
pub(crate) fn quote(s: &str) -> String {
    format!("{:?}", crate::message::q(s))
}

/// A server string split into its parts; spans are byte ranges of the input.
struct Parsed<'a> {
    /// Trimmed range of the input.
    start: usize,
    end: usize,
    scheme_span: Option<Span>,
    host: &'a str,
    host_span: Span,
    port: Option<u16>,
    port_span: Option<Span>,
    path_span: Option<Span>,
    /// The host holds glob characters (`*`, `?`, `[…]`), which the kubelet
    /// matches as patterns.
    pattern: bool,
}

/// A `server_invalid` finding: its template `form`, the server quoted and
/// `more` arguments.
fn server_error(server: &str, form: u8, more: Option<Arg<'static>>, span: Span) -> Box<SecretDiagnostic> {
    let args = std::iter::once(Arg::quoted(server)).chain(more);
    Box::new(SecretDiagnostic::new(SecretCode::ServerInvalid, Field::Server, span, form, args))
}

/// Boxed: the error is the rare path, and a diagnostic is large.
fn split_server(server: &str) -> Result<Parsed<'_>, Box<SecretDiagnostic>> {
    let start = server.len() - server.trim_start().len();
    let end = server.trim_end().len().max(start);
    if start == end {
        let span = Span::new(0, server.len());
        return Err(Box::new(SecretDiagnostic::new(SecretCode::ServerEmpty, Field::Server, span, 0, [])));
    }
    let text = &server[start..end];
    if let Some((i, c)) = text.char_indices().find(|(_, c)| c.is_whitespace() || c.is_control()) {
        return Err(server_error(server, 0, None, Span::new(start + i, start + i + c.len_utf8())));
    }
    // Scheme: letters, digits, `+`, `-`, `.` before `://`.
    let mut pos = start;
    let mut scheme_span = None;
    if let Some(i) = text.find("://") {
        let scheme = &text[..i];
        if !scheme.is_empty()
            && scheme.as_bytes()[0].is_ascii_alphabetic()
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        {
            scheme_span = Some(Span::new(start, start + i + 3));
            pos = start + i + 3;
        }
    }
    let rest = &server[pos..end];
    let (hostport, path_span) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(Span::new(pos + i, end))),
        None => (rest, None),
    };
    if hostport.is_empty() {
        return Err(server_error(server, 1, None, Span::new(pos, pos)));
    }
    // Port: after the last `:` (outside an IPv6 `[…]`).
    let bracket_end = if hostport.starts_with('[') { hostport.find(']').map(|i| i + 1) } else { Some(0) };
    let Some(bracket_end) = bracket_end else {
        return Err(server_error(server, 2, None, Span::new(pos, pos + hostport.len())));
    };
    let (host, port_text) = match hostport[bracket_end..].rfind(':') {
        Some(i) => (&hostport[..bracket_end + i], Some((&hostport[bracket_end + i + 1..], pos + bracket_end + i + 1))),
        None => (hostport, None),
    };
    let host_span = Span::new(pos, pos + host.len());
    let mut port = None;
    let mut port_span = None;
    if let Some((p, at)) = port_text {
        let span = Span::new(at, at + p.len());
        let value = if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse::<u32>().ok()
        } else {
            None
        };
        match value {
            Some(v) if (1..=65535).contains(&v) => {
                port = Some(v as u16);
                port_span = Some(Span::new(at - 1, at + p.len()));
            }
            _ => {
                return Err(server_error(server, 3, Some(Arg::quoted(p)), span));
            }
        }
    }
    if host.is_empty() {
        return Err(server_error(server, 1, None, host_span));
    }
    let mut pattern = false;
    if let Some(bracketed) = host.strip_prefix('[') {
        // Text after the "]" that is not a port ("[::1]x") leaves no
        // closing "]" at the end: an invalid address, never a slice inside
        // a multi-byte character.
        let inner = bracketed.strip_suffix(']').unwrap_or("");
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(server_error(server, 4, None, host_span));
        }
    } else {
        if let Some((i, c)) = host
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '*' | '?' | '[' | ']')))
        {
            return Err(server_error(
                server,
                5,
                Some(Arg::quoted(c.to_string())),
                Span::new(pos + i, pos + i + c.len_utf8()),
            ));
        }
        pattern = host.contains(['*', '?', '[']);
        let mut at = pos;
        for label in host.split('.') {
            if label.is_empty() {
                return Err(server_error(server, 6, None, Span::new(at, at)));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(server_error(server, 7, None, Span::new(at, at + label.len())));
            }
            at += label.len() + 1;
        }
    }
    Ok(Parsed { start, end, scheme_span, host, host_span, port, port_span, path_span, pattern })
}
