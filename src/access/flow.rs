//! What each answer means (SPEC §5.2): `/v2/`, the challenge and the token,
//! the manifest, the tags list, the index.

use super::codes::{self, AccessCode, AccessFix, TokenProblem};
use super::machine::{AccessCheck, Pending, Purpose};
use super::report::Auth;
use super::url::{encode_query_value, host_of, Url};
use super::{challenge, errors, manifest, Method, Response};
use crate::message::Arg;
use serde::Deserialize;

/// Tags compared with the one asked for, at most (a list of a few MiB
/// would otherwise cost seconds of edit distances).
const MAX_TAGS: usize = 5000;
/// Closest tags named in `manifest_not_found`.
const CLOSEST_TAGS: usize = 3;

impl AccessCheck {
    pub(super) fn answer(&mut self, pending: Pending, response: Response) {
        match pending.purpose {
            Purpose::Ping => self.on_ping(&pending, &response),
            Purpose::Token => self.on_token(&pending, &response),
            Purpose::Manifest => self.on_manifest(&response),
            Purpose::Tags => self.on_tags(&response),
            Purpose::Index => self.on_index(&response),
        }
    }

    fn host(&self) -> Arg<'static> {
        Arg::plain(self.report.registry.clone().unwrap_or_default())
    }

    fn on_ping(&mut self, pending: &Pending, r: &Response) {
        let html = r.header("content-type").is_some_and(|t| manifest::media_type(t) == "text/html");
        let versioned = r.header("docker-distribution-api-version").is_some();
        match r.status {
            200..=299 if html && !versioned => self.not_a_registry(pending, r),
            200..=299 => {
                self.report.auth = Some(Auth::None);
                self.head_manifest();
            }
            401 => self.authenticate(r),
            // A registry that refuses this client outright (an allow-list).
            403 | 429 | 500..=599 => self.registry_failure(r),
            _ => self.not_a_registry(pending, r),
        }
    }

    fn not_a_registry(&mut self, pending: &Pending, r: &Response) {
        let host = Arg::plain(pending.url.authority.clone());
        self.finish_with(AccessCode::NotARegistry, vec![host, Arg::Number(r.status.into())]);
    }

    /// A 401 with its challenges: Bearer preferred, then Basic.
    fn authenticate(&mut self, r: &Response) {
        let challenges = challenge::parse_all(r.headers_named("www-authenticate"));
        let bearer = challenges.iter().find(|c| c.is("bearer") && c.param("realm").is_some_and(|v| !v.is_empty()));
        if let Some(bearer) = bearer {
            self.report.auth = Some(Auth::Bearer);
            let realm = bearer.param("realm").unwrap_or_default().to_string();
            let service = bearer.param("service").map(str::to_string);
            return self.request_token(&realm, service.as_deref(), r);
        }
        if challenges.iter().any(|c| c.is("basic")) {
            self.report.auth = Some(Auth::Basic);
            let Some(credential) = &self.credential else { return self.credentials_required() };
            self.authorization = Some(AccessCheck::basic(credential));
            return self.head_manifest();
        }
        self.unsupported_auth(r);
    }

    fn unsupported_auth(&mut self, r: &Response) {
        let header: Vec<&str> = r.headers_named("www-authenticate").collect();
        self.finish_with(AccessCode::UnsupportedAuth, vec![self.host(), Arg::quoted(header.join(", "))]);
    }

    fn request_token(&mut self, realm: &str, service: Option<&str>, r: &Response) {
        // A realm without scheme and host (`/token`) is on the registry.
        let realm_url = self.endpoint.as_ref().and_then(|e| e.join(realm));
        let Some(realm_url) = realm_url else { return self.unsupported_auth(r) };
        if !realm_url.is_secure(self.options.allow_insecure_loopback) {
            return self.finish_with(AccessCode::InsecureEndpoint, vec![Arg::plain(realm_url.authority)]);
        }
        let registry = self.report.registry.clone().unwrap_or_default();
        let registry_host = host_of(&registry);
        let realm_host = realm_url.host();
        let trusted = realm_host == registry_host
            || crate::registry::KNOWN_AUTH_HOSTS.iter().any(|(r, a)| *r == registry_host && *a == realm_host)
            || self
                .options
                .trusted_realm_hosts
                .iter()
                .any(|t| t.eq_ignore_ascii_case(realm_host) || t.eq_ignore_ascii_case(&realm_url.authority));
        if self.credential.is_some() && !trusted {
            let args = vec![Arg::plain(registry), Arg::plain(realm_url.authority)];
            return self.finish_with(AccessCode::RealmUntrusted, args);
        }
        let mut rest = realm_url.rest.clone();
        rest.push(if rest.contains('?') { '&' } else { '?' });
        if let Some(service) = service {
            rest.push_str(&format!("service={}&", encode_query_value(service)));
        }
        rest.push_str(&format!("scope={}", encode_query_value(&format!("repository:{}:pull", self.path))));
        let mut headers = Vec::new();
        if let Some(credential) = &self.credential {
            headers.push(("Authorization".to_string(), AccessCheck::basic(credential)));
        }
        self.token_with_credentials = self.credential.is_some();
        self.send(Purpose::Token, Method::Get, Url { rest, ..realm_url }, headers);
    }

    fn on_token(&mut self, pending: &Pending, r: &Response) {
        let realm = Arg::plain(pending.url.authority.clone());
        match r.status {
            200..=299 => {}
            401 if self.token_with_credentials => return self.credentials_rejected(),
            401 | 403 if !self.token_with_credentials => return self.credentials_required(),
            403 => return self.access_denied(None),
            429 => return self.rate_limited(),
            500..=599 => {
                // The token endpoint's own words are not quoted: its body
                // is where a token would be.
                return self.finish_with(AccessCode::RegistryError, vec![realm, Arg::Number(r.status.into())]);
            }
            s => return self.bad_token(realm, TokenProblem::Status(s)),
        }
        #[derive(Deserialize)]
        struct TokenBody {
            token: Option<String>,
            access_token: Option<String>,
        }
        let Ok(body) = serde_json::from_slice::<TokenBody>(&r.body) else {
            return self.bad_token(realm, TokenProblem::NotJson);
        };
        let Some(token) = body.token.or(body.access_token).filter(|t| !t.is_empty()) else {
            return self.bad_token(realm, TokenProblem::NoToken);
        };
        self.authorization = Some(format!("Bearer {token}"));
        self.token = Some(token);
        self.head_manifest();
    }

    fn bad_token(&mut self, realm: Arg<'static>, problem: TokenProblem) {
        let (form, rest) = problem.form();
        self.finish_form(AccessCode::BadTokenResponse, form, std::iter::once(realm).chain(rest).collect());
    }

    fn head_manifest(&mut self) {
        let rest = format!("/v2/{}/manifests/{}", self.path, self.reference);
        self.send_registry(Purpose::Manifest, Method::Head, rest, Some(manifest::accept()));
    }

    fn on_manifest(&mut self, r: &Response) {
        match r.status {
            200..=299 => {}
            404 => {
                let errs = errors::parse(&r.body);
                if errors::has(&errs, "NAME_UNKNOWN") {
                    return self.repository_not_found();
                }
                let rest = format!("/v2/{}/tags/list", self.path);
                return self.send_registry(Purpose::Tags, Method::Get, rest, None);
            }
            401 => return self.unauthorized(r),
            _ => return self.registry_failure(r),
        }
        let digest = r.header("docker-content-digest").map(str::trim).filter(|d| !d.is_empty());
        if self.by_digest {
            if let Some(answered) = digest.filter(|d| *d != self.reference) {
                let args = vec![Arg::quoted(self.reference.clone()), Arg::quoted(answered)];
                return self.finish_with(AccessCode::DigestMismatch, args);
            }
        }
        self.report.digest = digest.map(str::to_string).or_else(|| self.by_digest.then(|| self.reference.clone()));
        let media_type = r.header("content-type").map(manifest::media_type).filter(|m| !m.is_empty());
        self.report.media_type = media_type.clone();
        let unknown_or_index = media_type.as_deref().map_or(true, manifest::is_index);
        if self.options.platform.is_some() && unknown_or_index {
            let rest = format!("/v2/{}/manifests/{}", self.path, self.reference);
            return self.send_registry(Purpose::Index, Method::Get, rest, Some(manifest::accept()));
        }
        self.finish();
    }

    fn on_index(&mut self, r: &Response) {
        match r.status {
            200..=299 => {}
            401 => return self.unauthorized(r),
            _ => return self.registry_failure(r),
        }
        // A platform was asked for (that is why the index was fetched) and the
        // answer cannot be read: a pull reads the same document and fails too.
        let Some(read) = manifest::read(&r.body) else {
            let args = vec![self.host(), Arg::Number(r.status.into())];
            return self.finish_form(AccessCode::RegistryError, codes::BAD_MANIFEST, args);
        };
        if self.report.media_type.is_none() {
            self.report.media_type = read.media_type.map(|m| manifest::media_type(&m));
        }
        let (Some(platforms), Some(want)) = (read.platforms, self.options.platform.clone()) else {
            return self.finish();
        };
        let found = platforms.iter().any(|p| manifest::platform_matches(&want, p));
        self.report.platforms = Some(platforms);
        if !found {
            let list = codes::list_arg(self.report.platforms.as_deref().unwrap_or_default());
            let args = vec![Arg::quoted(self.report.image.clone()), Arg::quoted(want), list];
            return self.finish_with(AccessCode::PlatformMissing, args);
        }
        self.finish();
    }

    fn on_tags(&mut self, r: &Response) {
        #[derive(Deserialize)]
        struct Tags {
            tags: Option<Vec<String>>,
        }
        let errs = errors::parse(&r.body);
        if errors::has(&errs, "NAME_UNKNOWN") {
            return self.repository_not_found();
        }
        let tags = match serde_json::from_slice::<Tags>(&r.body) {
            Ok(t) if (200..300).contains(&r.status) => Some(t.tags.unwrap_or_default()),
            _ => None,
        };
        let closest = match (&tags, self.by_digest) {
            (Some(tags), false) => closest_tags(&self.reference, tags),
            _ => Vec::new(),
        };
        let (form, args) =
            codes::manifest_not_found(&self.name, self.by_digest, &self.reference, tags.as_deref(), &closest);
        let mut d = codes::finding(AccessCode::ManifestNotFound, form, args);
        if let Some(best) = closest.first() {
            if let Some(replacement) = self.with_tag(best) {
                d = d.with_fix(AccessFix { label: codes::use_tag_label(best), replacement });
            }
        }
        self.push(d);
        self.finish();
    }

    /// The image as the user typed it (familiar or not) with `tag`.
    fn with_tag(&self, tag: &str) -> Option<String> {
        let r = crate::reference::Reference::parse_normalized(&self.input).ok()?.with_tag(tag).ok()?;
        Some(if self.input.trim_start().starts_with(r.domain()) { r.as_str().to_string() } else { r.familiar() })
    }

    /// A 401 from the registry itself.
    fn unauthorized(&mut self, r: &Response) {
        match self.report.auth {
            // `/v2/` was open but this repository is not: authenticate once.
            Some(Auth::None) if !self.reauthenticated && r.header("www-authenticate").is_some() => {
                self.reauthenticated = true;
                self.authenticate(r);
            }
            _ if self.credential.is_none() => self.credentials_required(),
            // The token endpoint accepted the credentials; the token lacks
            // the pull scope for this repository.
            Some(Auth::Bearer) => self.access_denied(errors::summary(&errors::parse(&r.body))),
            _ => self.credentials_rejected(),
        }
    }

    /// Any other answer of the registry, read with its error body.
    fn registry_failure(&mut self, r: &Response) {
        let errs = errors::parse(&r.body);
        let said = errors::summary(&errs);
        if r.status == 429 || errors::has(&errs, "TOOMANYREQUESTS") {
            self.rate_limited();
        } else if r.status == 403 || errors::has(&errs, "DENIED") || errors::has(&errs, "UNAUTHORIZED") {
            self.access_denied(said);
        } else if errors::has(&errs, "NAME_UNKNOWN") {
            self.repository_not_found();
        } else if errors::has(&errs, "MANIFEST_UNKNOWN") {
            let (form, args) = codes::manifest_not_found(&self.name, self.by_digest, &self.reference, None, &[]);
            self.finish_form(AccessCode::ManifestNotFound, form, args);
        } else {
            let (form, args) = codes::registry_said(vec![self.host(), Arg::Number(r.status.into())], said);
            self.finish_form(AccessCode::RegistryError, form, args);
        }
    }

    fn credentials_required(&mut self) {
        let key = crate::registry::server_for_image(&self.input).unwrap_or_default();
        let args = vec![self.host(), Arg::quoted(self.path.clone()), Arg::quoted(key)];
        self.finish_with(AccessCode::CredentialsRequired, args);
    }

    fn credentials_rejected(&mut self) {
        let user = self.credential.as_ref().map(|c| c.username.clone()).unwrap_or_default();
        self.finish_with(AccessCode::CredentialsRejected, vec![self.host(), Arg::quoted(user)]);
    }

    fn access_denied(&mut self, said: Option<String>) {
        let (form, args) = codes::registry_said(vec![Arg::quoted(self.path.clone()), self.host()], said);
        self.finish_form(AccessCode::AccessDenied, form, args);
    }

    fn repository_not_found(&mut self) {
        self.finish_with(AccessCode::RepositoryNotFound, vec![Arg::quoted(self.path.clone()), self.host()]);
    }

    fn rate_limited(&mut self) {
        let (form, limit) = codes::rate_limited(self.report.rate_limit.as_ref());
        self.finish_form(AccessCode::RateLimited, form, std::iter::once(self.host()).chain(limit).collect());
    }
}

/// The tags closest to `asked` by edit distance (ties: the list's order),
/// among those within half its length (at least 2): a tag further away is
/// no likely meant one.
fn closest_tags(asked: &str, tags: &[String]) -> Vec<String> {
    let within = (asked.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, usize, &String)> = tags
        .iter()
        .take(MAX_TAGS)
        .enumerate()
        .map(|(i, t)| (strsim::levenshtein(asked, t), i, t))
        .filter(|(d, _, _)| *d <= within)
        .collect();
    scored.sort();
    scored.into_iter().take(CLOSEST_TAGS).map(|(_, _, t)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn closest_tags_by_edit_distance() {
        let tags: Vec<String> = ["1.0", "latest", "1.25", "stable", "lates"].map(String::from).to_vec();
        assert_eq!(super::closest_tags("latset", &tags), ["latest", "lates"]);
        assert_eq!(super::closest_tags("1.0.0", &tags), ["1.0"]);
        assert!(super::closest_tags("x", &[]).is_empty());
    }
}
