//! One registry entry of an image policy (SPEC §6): a host (`us.icr.io`), a
//! host and path prefix (`us.icr.io/team1`), or a kubelet-style glob host
//! (`*.icr.io`), and whether an image's normalized name falls under it.
//!
//! How this differs from the policy engines people compare it with, and why
//! it is stricter:
//! - Gatekeeper's `K8sAllowedRepos` (the library template) admits an image
//!   when `startswith(image, repo)`: a plain string prefix of the image as
//!   written. `us.icr.io` then admits `us.icr.io.evil.com/x`, and
//!   `us.icr.io/team1` admits `us.icr.io/team1evil/x`. Here a host matches
//!   only as a whole host (all of its labels, and its port) and a path only
//!   at a `/` boundary.
//! - Gatekeeper also compares the image as typed: `nginx` is not under
//!   `docker.io/library`. Here every image is first normalized the way the
//!   kubelet pulls it (`docker.io/library/nginx:latest`), so the short and
//!   the long spelling of one image always get the same answer.
//! - Kyverno's `imageReferences` (in `verifyImages` and in `match` patterns)
//!   are wildcard patterns over the whole reference, in which `*` matches any
//!   run of characters, `.` and `/` included: `us.icr.io*` or `*.icr.io/*`
//!   admit `us.icr.io.evil.com/x` and `evil.com/a.icr.io/x`. Here a glob is
//!   only allowed in the host, is matched label by label as the kubelet
//!   matches credential keys (`*.icr.io` is one label and then `icr.io`, so
//!   neither `icr.io` nor `a.b.icr.io` matches), and never reaches the path.
//! - Entries are matched against the normalized name as they are written
//!   (only Docker Hub's legacy host `index.docker.io` becomes `docker.io`):
//!   `docker.io/nginx` is the namespace `nginx`; the official image is
//!   `docker.io/library/nginx`, as every pull names it.
//! - Hosts compare case-insensitively, as DNS does (`US.ICR.IO` is
//!   `us.icr.io`); paths case-sensitively, as registries store them. A port
//!   is part of the host: `localhost` does not admit `localhost:5000`.

use crate::matching::glob_match;
use crate::registry::{DOCKER_HUB_HOST, DOCKER_HUB_INDEX_HOST};
use std::fmt;

/// A registry entry, parsed: a lowercase host (perhaps a glob), an optional
/// port, and a path prefix without a trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    host: String,
    port: Option<String>,
    path: String,
    glob: bool,
}

/// Why an entry of a policy is not usable; the policy is refused as a whole
/// (a blocked entry that is silently skipped would let images through).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// `allowedRegistries` or `blockedRegistries`.
    pub list: &'static str,
    /// The position of the entry in its list.
    pub index: usize,
    /// The entry as given (capped in the message).
    pub entry: String,
    reason: &'static str,
}

impl PolicyError {
    /// `invalid_policy_entry`.
    pub fn code(&self) -> &'static str {
        "invalid_policy_entry"
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ", self.list, self.index)?;
        crate::message::write_quoted(f, &self.entry)?;
        write!(f, " is not a registry entry: {}", self.reason)
    }
}

impl std::error::Error for PolicyError {}

serialize_as_failure!(PolicyError);

impl PolicyError {
    pub(crate) fn failure(&self) -> crate::serialize::Failure {
        let (list, index) = (Some(self.list), Some(self.index));
        crate::serialize::Failure { code: self.code(), list, index, message: self.to_string(), ..Default::default() }
    }
}

impl Entry {
    /// Parses `text`: `host[:port][/path]`, the host possibly a glob.
    pub(crate) fn parse(text: &str, list: &'static str, index: usize) -> Result<Entry, PolicyError> {
        let err = |reason| PolicyError { list, index, entry: text.to_string(), reason };
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        if text.contains("://") {
            return Err(err("write the host without a scheme, as images name it"));
        }
        if text.contains('@') {
            return Err(err("an entry names a registry or a repository prefix, not a digest"));
        }
        if text.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
            return Err(err("it holds whitespace"));
        }
        let (hostport, path) = match text.find('/') {
            Some(i) => (&text[..i], text[i + 1..].trim_end_matches('/')),
            None => (text, ""),
        };
        if path.contains(':') {
            return Err(err("an entry names a registry or a repository prefix, not a tag"));
        }
        if path.split('/').any(str::is_empty) && !path.is_empty() {
            return Err(err("its path has an empty part"));
        }
        // A port after the last ":" outside an IPv6 "[…]".
        let bracket = if hostport.starts_with('[') { hostport.find(']').map_or(hostport.len(), |i| i + 1) } else { 0 };
        let (host, port) = match hostport[bracket..].rfind(':') {
            Some(i) => (&hostport[..bracket + i], Some(&hostport[bracket + i + 1..])),
            None => (hostport, None),
        };
        if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(err("its port is not a number"));
        }
        if host.is_empty() || host.split('.').any(str::is_empty) {
            return Err(err("its host has an empty label"));
        }
        let glob = host.contains(['*', '?', '[']);
        if glob && host.split('.').any(|label| glob_match(label, "").is_err() || glob_match(label, "x").is_err()) {
            return Err(err("its host is not a valid pattern"));
        }
        let mut host = host.to_ascii_lowercase();
        // Images normalize Docker Hub's legacy host to its image host.
        if host == DOCKER_HUB_INDEX_HOST && port.is_none() {
            host = DOCKER_HUB_HOST.to_string();
        }
        Ok(Entry { host, port: port.map(str::to_string), path: path.to_string(), glob })
    }

    /// Whether the normalized image with registry `domain` (`host[:port]`,
    /// as parsed) and repository `path` falls under this entry.
    pub(crate) fn matches(&self, domain: &str, path: &str) -> bool {
        let bracket = if domain.starts_with('[') { domain.find(']').map_or(domain.len(), |i| i + 1) } else { 0 };
        let (host, port) = match domain[bracket..].rfind(':') {
            Some(i) => (&domain[..bracket + i], Some(&domain[bracket + i + 1..])),
            None => (domain, None),
        };
        if port != self.port.as_deref() {
            return false;
        }
        let host = host.to_ascii_lowercase();
        let host_ok = if self.glob {
            // The kubelet's rule for glob keys: as many labels, each a
            // match (`*` never crosses a `.`).
            let (mut want, mut have) = (self.host.split('.'), host.split('.'));
            loop {
                match (want.next(), have.next()) {
                    (None, None) => break true,
                    (Some(w), Some(h)) if glob_match(w, h) == Ok(true) => {}
                    _ => break false,
                }
            }
        } else {
            // The whole host, not a prefix of the text (Gatekeeper's
            // `startswith` admits `us.icr.io.evil.com` under `us.icr.io`).
            self.host == host
        };
        // The path at a `/` boundary (a plain prefix admits `team1evil`
        // under `team1`).
        host_ok
            && (self.path.is_empty()
                || path.strip_prefix(self.path.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    }
}
