//! The inspection: every entry checked (`entry`), then the findings about
//! the document as a whole (no entries, helpers only, two keys for one
//! registry) and the keys the kubelet never matches to an image.

use super::edit::write_doc_unchecked;
use super::entry::inspect_entry;
use super::read::*;
use super::*;
use crate::gojson;
use crate::kubelet;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Reads `text` in any accepted shape and reports its entries and every
/// finding. Never fails and never panics; an unreadable input gives no
/// entries and an error diagnostic.
///
/// ```
/// use registry_access::dockerconfig::{inspect_docker_config, InspectOptions};
/// let i = inspect_docker_config(
///     r#"{"auths":{"us.icr.io":{"username":"iamapikey","password":"s3cret","auth":"aWFtYXBpa2V5OnMzY3JldA=="}}}"#,
///     &InspectOptions::default(),
/// );
/// assert!(i.valid);
/// assert_eq!(i.entries[0].username.as_deref(), Some("iamapikey"));
/// assert_eq!(i.entries[0].password_length, 6);
/// assert_eq!(i.entries[0].password, None);
/// ```
pub fn inspect_docker_config(text: &str, options: &InspectOptions) -> Inspection {
    let mut cx = Cx::new(text, options.reveal);
    cx.now = options.now;
    let doc = read_document(&mut cx);
    let mut inspection = Inspection {
        valid: true,
        shape: None,
        base64_layers: cx.base64_layers,
        secret: cx.secret.take(),
        entries: Vec::new(),
        credential_helpers: Vec::new(),
        diagnostics: Vec::new(),
    };
    if let Some(doc) = doc {
        inspection.shape = Some(doc.shape);
        inspection.credential_helpers = doc.helpers.clone();
        inspection.entries = inspect_entries(&mut cx, &doc);
    }
    inspection.base64_layers = cx.base64_layers;
    inspection.valid = !cx.diags.iter().any(|d| d.severity == Severity::Error);
    inspection.diagnostics = cx.diags;
    inspection
}

/// Checks every entry; returns them redacted (or revealed).
pub(super) fn inspect_entries(cx: &mut Cx, doc: &ReadDoc) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut holds_credentials = false;
    let helper_only_candidates = !doc.helpers.is_empty();
    if doc.entries.is_empty() {
        if helper_only_candidates {
            helper_only(cx, doc);
        } else {
            cx.diags.add(ConfigCode::NoEntries, ConfigLocation::new(ConfigField::Config, None), cx.whole(), 0, []);
        }
        return entries;
    }
    let mut pending: Vec<ConfigDiagnostic> = Vec::new();
    let mut effective_keys: Vec<Option<String>> = Vec::with_capacity(doc.entries.len());
    for (server, value) in &doc.entries {
        let before = cx.diags.len();
        let effective = kubelet::effective_key(server);
        let entry = inspect_entry(cx, server, value, &effective);
        effective_keys.push(effective);
        if entry.has_password || entry.username.is_some() || entry.has_identity_token {
            holds_credentials = true;
        }
        // Empty entries next to a credential helper are one document-level
        // finding (credential_helper_only), not one per entry.
        if helper_only_candidates {
            let mut i = before;
            while i < cx.diags.len() {
                if cx.diags[i].code == ConfigCode::EmptyEntry {
                    pending.push(cx.diags.remove(i));
                } else {
                    i += 1;
                }
            }
        }
        entries.push(entry);
    }
    if helper_only_candidates && !holds_credentials {
        helper_only(cx, doc);
    } else {
        cx.diags.extend(pending);
    }
    duplicates(cx, doc, &effective_keys);
    entries
}

pub(super) fn helper_only(cx: &mut Cx, doc: &ReadDoc) {
    let helpers: Vec<String> = doc.helpers.iter().map(|h| format!("{h:?}", h = q(&h))).collect();
    // The list, each name quoted (capped) as one argument.
    cx.diags.add(
        ConfigCode::CredentialHelperOnly,
        ConfigLocation::new(ConfigField::Config, None),
        cx.whole(),
        0,
        vec![Arg::plain(helpers.join(", "))],
    );
}

pub(super) fn duplicates(cx: &mut Cx, doc: &ReadDoc, effective: &[Option<String>]) {
    // Servers grouped by effective key, keys in order, servers in document
    // order within a key (a stable sort of the pairs).
    let pairs: Vec<(&String, &String)> =
        doc.entries.keys().zip(effective).filter_map(|(server, k)| Some((k.as_ref()?, server))).collect();
    let order = gojson::stable_order(pairs.len(), &|a, b| pairs[a].0.cmp(pairs[b].0));
    let mut groups: Vec<(&String, Vec<&String>)> = Vec::new();
    for i in order {
        let (k, server) = pairs[i];
        match groups.last_mut() {
            Some((last, servers)) if *last == k => servers.push(server),
            _ => groups.push((k, vec![server])),
        }
    }
    for (k, servers) in groups {
        if servers.len() > 1 {
            let names: Vec<String> = servers.iter().map(|s| format!("{s:?}", s = q(&s))).collect();
            let span = cx.key_span(servers[1]);
            cx.diags.add(
                ConfigCode::DuplicateServer,
                ConfigLocation::new(ConfigField::Server, Some(servers[1])),
                span,
                0,
                vec![Arg::plain(names.join(" and ")), Arg::quoted(k.as_str())],
            );
        }
    }
}

/// The kind of registry a key is for (SPEC §2, by `registry_info`).
pub fn registry_kind(server: &str) -> RegistryKind {
    // No known registry has a key this long (DNS names stop at 253
    // characters); skip the full description of a megabyte of junk.
    if server.len() > 512 {
        return RegistryKind::Other;
    }
    crate::registry::registry_info(server).kind
}

/// The host[:port] part of a key, without scheme, userinfo or path.
pub(super) fn key_host(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    let end = ['/', '?', '#'].iter().filter_map(|c| rest.find(*c)).min().unwrap_or(rest.len());
    let rest = &rest[..end];
    rest.rsplit_once('@').map_or(rest, |(_, h)| h)
}

/// The key a credential should use for the host of `server`: SPEC §2's
/// canonical credential key (Docker Hub's v1 URL, else lowercase
/// `host[:port]` without a default port or trailing dot).
pub(super) fn suggested_key(server: &str, kind: RegistryKind) -> String {
    if kind == RegistryKind::DockerHub {
        return crate::registry::DOCKER_HUB_KEY.into();
    }
    let host = key_host(server).to_ascii_lowercase();
    let host = host.strip_suffix(":443").or_else(|| host.strip_suffix(":80")).unwrap_or(&host);
    host.trim_end_matches('.').to_string()
}

/// Why the kubelet would never match `server` to an image as people write
/// image names, as the reason's number among the wordings of
/// `server_key_never_matches` and its arguments; `None` for a good key.
pub(super) fn never_matches(server: &str, effective: Option<&str>) -> Option<(u8, Vec<Arg<'static>>)> {
    let Some(effective) = effective else {
        return Some((0, Vec::new()));
    };
    if let Some((scheme, _)) = server.split_once("://") {
        if scheme != "https" && scheme != "http" {
            return Some((1, vec![Arg::quoted(scheme)]));
        }
    }
    let (host, path) = match effective.find('/') {
        Some(i) => (&effective[..i], &effective[i..]),
        None => (effective, ""),
    };
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (n, p),
        _ => (host, ""),
    };
    if *name != name.to_ascii_lowercase() {
        return Some((2, Vec::new()));
    }
    if port == "443" || port == "80" {
        return Some((3, vec![Arg::OwnedEscaped(port.into())]));
    }
    if name.ends_with('.') {
        return Some((4, Vec::new()));
    }
    // Docker Hub's API host and old alias: no image names them.
    if crate::registry::is_docker_hub_host(name) && !crate::registry::is_docker_hub_image_host(name) {
        return Some((5, vec![Arg::quoted(name)]));
    }
    if name == crate::registry::DOCKER_HUB_INDEX_HOST && !path.is_empty() {
        return Some((6, Vec::new()));
    }
    if path == "/v1" || path == "/v2" {
        // docker drops the API version either way; the kubelet only with
        // the trailing slash, so this key is a path no repository is under.
        let under = format!("{name}{}{path}", if port.is_empty() { String::new() } else { format!(":{port}") });
        return Some((7, vec![Arg::quoted(path), Arg::quoted(under)]));
    }
    None
}

/// The whole input with one entry of the config replaced (for fixes).
pub(super) fn replaced_entry_doc(cx: &Cx, server: &str, entry: Value) -> Option<String> {
    let mut doc = read_raw(&mut Cx::new(cx.text, true))?;
    doc.entries.insert(server.to_string(), entry);
    let config = write_doc_unchecked(&doc.entries, &doc.extras);
    Some(cx.rewrap(&config))
}
