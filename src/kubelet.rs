//! The kubelet's key matching (`pkg/credentialprovider/keyring.go`): a
//! config key's index key ([`effective_key`], Go's `net/url` parsing), the
//! `URLsMatchStr` rule with a reason when it fails ([`explain_match`]), and
//! the keyring's lookup order ([`lookup`]). Below the config reader, which
//! names keys with [`effective_key`]; `matching` applies it to a whole
//! config (see there for the kubelet's steps).
//!
//! Hand-written because this is the kubelet's own logic: no crate implements
//! it, and the URL parsing and glob rules must be Go's, not a general URL or
//! glob library's (a glob crate would accept `**`, brace sets or case
//! folding the kubelet does not).

use crate::message::{Arg, Message};

/// A reason's explanations, then each again after `key {0}: ` (the form a
/// lookup's miss uses, `{0}` being the key as written in the config), then
/// wordings of a miss alone. Each explanation is written once; the table
/// holds every template whole.
macro_rules! explanations {
    ([$($t:literal),*] $(, [$($alone:literal),*])?) => {
        [$($t,)* $(concat!("key {0}: ", $t),)* $($($alone,)*)?]
    };
}

crate::declare_codes! {
    /// Why a config key does not match an image, with the wordings of the
    /// explanation (arguments: `{0}` the key, then the facts). The row's
    /// number is how many explanations it has before their `key {0}: `
    /// forms ([`Explanation::for_key`]).
    pub enum MissReason with u8 {
        /// The hosts differ.
        DifferentHost = "different_host", Info, explanations!(["host {1} is not the image's host {2}"]) => 1;
        /// The hosts agree but the ports differ (`us.icr.io:443` against
        /// `us.icr.io`: the kubelet compares ports as written).
        DifferentPort = "different_port", Info,
            explanations!([
                "port {1} is not in the image's host {2}",
                "the image's host {1} has port {2} and the key none",
                "port {1} is not the image's port {2}"
            ]) => 3;
        /// A glob key has a different number of host labels (`*.icr.io` does not
        /// match `icr.io`, nor `a.b.icr.io`).
        LabelCount = "label_count", Info,
            explanations!(["{1} has {2} host labels, {3} has {4}; a glob matches one label per label"]) => 1;
        /// The host matches but the key's path is not a prefix of the image's.
        PathPrefix = "path_prefix", Info, explanations!(["path {1} is not a prefix of the image's path {2}"]) => 1;
        /// The host would match ignoring case; the kubelet compares case-sensitively.
        CaseDiffers = "case_differs", Info,
            explanations!([
                "host {1} differs from the image's host {2} only in case; the kubelet compares case-sensitively"
            ]) => 1;
        /// The kubelet cannot parse the key (Go's `net/url` rejects it, or the
        /// glob is malformed) and ignores it.
        InvalidKey = "invalid_key", Info,
            explanations!(
                [
                    "key {1} cannot be parsed as a URL",
                    "image {1} cannot be parsed as a URL",
                    "host label {1} is not a valid glob"
                ],
                ["key {0} cannot be parsed as a URL; the kubelet ignores it"]
            ) => 3;
        /// Nothing in the config is used: an `auth` that does not decode, a
        /// field of the wrong type or base64 text where JSON belongs makes the
        /// kubelet's decoding fail (and with it the pull); a Secret of the wrong
        /// type, or without `auths`, is never read. (`{1}` is the finding's code.)
        ConfigIgnored = "config_ignored", Info,
            explanations!([
                "the kubelet does not read this config ({1})",
                "the kubelet finds no \"auths\" in this config ({1})",
                "the kubelet cannot decode this config and fails the pull ({1})"
            ]) => 3;
    }
}

serialize_as_str!(MissReason);
/// Why a key does not match, for a person, as data: rendered from its
/// reason's row on demand (`Display`; serialized as that text).
pub type Explanation = Message<'static, MissReason>;

/// Explanation `form` of `reason` about `key` (as written in the config),
/// with the facts `args`.
pub(crate) fn explain(
    reason: MissReason,
    form: u8,
    key: &str,
    args: impl IntoIterator<Item = Arg<'static>>,
) -> Explanation {
    Message::new(reason, form, std::iter::once(Arg::quoted(key)).chain(args))
}

/// The same explanation after `key {0}: `, about `key` (a lookup's miss).
pub(crate) fn for_key(mut e: Explanation, key: &str) -> Explanation {
    e.args[0] = Arg::quoted(key);
    e.form += e.code.data();
    e
}

/// One key the lookup uses: `index` into the keys given to [`lookup`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub effective_key: String,
}

/// One key the lookup does not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub index: usize,
    pub effective_key: Option<String>,
    pub reason: MissReason,
    /// `key "quay.io": host "quay.io" is not the image's host "us.icr.io"`.
    pub message: Explanation,
}

/// The result of [`lookup`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lookup {
    /// Keys used, in the kubelet's order.
    pub hits: Vec<Hit>,
    /// Keys not used, in the same order; unparsable keys last.
    pub misses: Vec<Miss>,
    /// True when `hits` come from the Docker Hub fallback.
    pub docker_hub_fallback: bool,
}

/// The kubelet's `BasicDockerKeyring.Add(keys)` then `Lookup(image)`, with
/// `image` used exactly as given (no normalization: pass
/// `docker.io/library/nginx`, not `nginx`).
///
/// Several config keys may reduce to one index key (`quay.io` and
/// `https://quay.io/v1/`); the kubelet then returns all their credentials in
/// Go map order, which is random. Here they come in the order of the keys
/// given, so the answer is deterministic.
///
/// ```
/// use registry_access::matching::lookup;
/// let found = lookup(&["quay.io", "quay.io/coreos", "gcr.io"], "quay.io/coreos/etcd");
/// let order: Vec<usize> = found.hits.iter().map(|h| h.index).collect();
/// assert_eq!(order, [1, 0]); // most specific first
/// assert_eq!(found.misses[0].reason.as_str(), "different_host");
/// ```
pub fn lookup(keys: &[&str], image: &str) -> Lookup {
    let mut indexed: Vec<(String, usize)> = Vec::new();
    let mut invalid: Vec<Miss> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        match effective_key(key) {
            Some(k) => indexed.push((k, i)),
            None => invalid.push(Miss {
                index: i,
                effective_key: None,
                reason: MissReason::InvalidKey,
                message: explain(MissReason::InvalidKey, 6, key, []),
            }),
        }
    }
    // Reverse-alphabetical by index key (Go's sort.Reverse over byte order);
    // equal index keys keep the order given (stable sort).
    let order = crate::gojson::stable_order(indexed.len(), &|a, b| indexed[b].0.cmp(&indexed[a].0));
    let mut out = Lookup::default();
    let mut missed: Vec<(usize, String, MissReason, Explanation)> = Vec::new();
    for (k, i) in order.into_iter().map(|n| &indexed[n]) {
        match explain_match(k, image) {
            Ok(()) => out.hits.push(Hit { index: *i, effective_key: k.clone() }),
            Err((reason, message)) => missed.push((*i, k.clone(), reason, message)),
        }
    }
    if out.hits.is_empty() && is_default_registry_match(image) {
        let mut rest = Vec::new();
        for m in missed {
            if m.1 == DEFAULT_REGISTRY_HOST {
                out.hits.push(Hit { index: m.0, effective_key: m.1 });
            } else {
                rest.push(m);
            }
        }
        out.docker_hub_fallback = !out.hits.is_empty();
        missed = rest;
    }
    out.misses = missed
        .into_iter()
        .map(|(index, k, reason, message)| Miss {
            index,
            effective_key: Some(k),
            reason,
            message: for_key(message, keys[index]),
        })
        .collect();
    out.misses.extend(invalid);
    out
}

use crate::registry::DOCKER_HUB_INDEX_HOST as DEFAULT_REGISTRY_HOST;

/// The kubelet's index key for a config key (`BasicDockerKeyring.Add`):
/// `https://index.docker.io/v1/` → `index.docker.io`, `quay.io/v1/` →
/// `quay.io`, `bar.example.com/pong` → `bar.example.com/pong`. `None` when
/// Go's `net/url` rejects the key, in which case the kubelet ignores it.
pub fn effective_key(config_key: &str) -> Option<String> {
    let value = if config_key.starts_with("https://") || config_key.starts_with("http://") {
        config_key.to_string()
    } else {
        format!("https://{config_key}")
    };
    let url = parse_url(&value)?;
    let mut path = url.path.as_str();
    if path.starts_with("/v2/") || path.starts_with("/v1/") {
        path = &path[3..];
    }
    if !path.is_empty() && path != "/" {
        Some(format!("{}{}", url.host, path))
    } else {
        Some(url.host)
    }
}

/// Docker Hub by the kubelet's `isDefaultRegistryMatch`: the first path
/// component is empty-free and is `docker.io`, `index.docker.io`, or has no
/// `.` or `:` (or there is only one component).
pub fn is_default_registry_match(image: &str) -> bool {
    let (first, rest) = match image.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (image, None),
    };
    if first.is_empty() {
        return false;
    }
    if rest.is_none() {
        return true;
    }
    if crate::registry::is_docker_hub_image_host(first) {
        return true;
    }
    !first.contains(['.', ':'])
}

/// The kubelet's `URLsMatchStr(glob, target)`: both are schemeless URLs
/// (`https://` is prepended before parsing); errors count as no match.
///
/// ```
/// use registry_access::matching::urls_match;
/// assert!(urls_match("*.icr.io", "us.icr.io/team1/app"));
/// assert!(!urls_match("*.icr.io", "icr.io/team1/app")); // label count
/// assert!(!urls_match("us.icr.io:443", "us.icr.io/team1/app")); // port
/// ```
pub fn urls_match(glob: &str, target: &str) -> bool {
    explain_match(glob, target).is_ok()
}

/// Like [`urls_match`], with the reason when it does not match and a
/// message quoting both sides.
pub fn explain_match(glob: &str, target: &str) -> Result<(), (MissReason, Explanation)> {
    let miss = |reason, form, args: Vec<Arg<'static>>| Err((reason, explain(reason, form, glob, args)));
    let Some(g) = parse_url(&format!("https://{glob}")) else {
        return miss(MissReason::InvalidKey, 0, vec![Arg::quoted(glob)]);
    };
    let Some(t) = parse_url(&format!("https://{target}")) else {
        return miss(MissReason::InvalidKey, 1, vec![Arg::quoted(target)]);
    };
    let (g_labels, g_port) = split_host(&g.host);
    let (t_labels, t_port) = split_host(&t.host);
    let g_host = g_labels.join(".");
    let t_host = t_labels.join(".");

    // The kubelet checks port, label count, path, then the globs; all must
    // hold. The order here only picks the most useful reason: a wrong host
    // is reported before a wrong port or path.
    if g_labels.len() != t_labels.len() {
        let is_glob = g_host.contains('*') || g_host.contains('?') || g_host.contains('[');
        if is_glob {
            let counts = [g_labels.len(), t_labels.len()].map(|n| Arg::Number(n as u64));
            let [g_count, t_count] = counts;
            return miss(MissReason::LabelCount, 0, vec![Arg::quoted(g_host), g_count, Arg::quoted(t_host), t_count]);
        }
        return miss(MissReason::DifferentHost, 0, vec![Arg::quoted(g_host), Arg::quoted(t_host)]);
    }
    let mut all_match = true;
    let mut all_match_ignoring_case = true;
    for (gl, tl) in g_labels.iter().zip(&t_labels) {
        match glob_match(gl, tl) {
            Err(BadPattern) => return miss(MissReason::InvalidKey, 2, vec![Arg::quoted(*gl)]),
            Ok(true) => {}
            Ok(false) => {
                all_match = false;
                if glob_match(&gl.to_ascii_lowercase(), &tl.to_ascii_lowercase()) != Ok(true) {
                    all_match_ignoring_case = false;
                }
            }
        }
    }
    if !all_match {
        let reason = if all_match_ignoring_case { MissReason::CaseDiffers } else { MissReason::DifferentHost };
        return miss(reason, 0, vec![Arg::quoted(g_host), Arg::quoted(t_host)]);
    }
    if g_port != t_port {
        let (form, args) = match (g_port.is_empty(), t_port.is_empty()) {
            (false, true) => (0, [g_port, t.host.as_str()]),
            (true, false) => (1, [t.host.as_str(), t_port]),
            _ => (2, [g_port, t_port]),
        };
        return miss(MissReason::DifferentPort, form, args.into_iter().map(Arg::quoted).collect());
    }
    if !t.path.starts_with(&g.path) {
        return miss(MissReason::PathPrefix, 0, vec![Arg::quoted(g.path), Arg::quoted(t.path)]);
    }
    Ok(())
}

/// The two parts of a Go `*url.URL` the kubelet uses.
struct GoUrl {
    host: String,
    path: String,
}

/// Go's `url.Parse` for an absolute `scheme://authority/path` string, as far
/// as the kubelet depends on it: the fragment and query are cut off, a
/// userinfo before `@` dropped, the host checked (Go's characters, a
/// numeric optional port) and the path percent-decoded. `None` where Go
/// returns an error.
///
/// One simplification: Go accepts `%XX` escapes of non-ASCII bytes in a
/// host; this rejects every `%` in a host (no registry host contains one).
fn parse_url(s: &str) -> Option<GoUrl> {
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return None;
    }
    let s = s.split_once('#').map_or(s, |(a, _)| a);
    let (_scheme, rest) = s.split_once("://")?;
    let rest = rest.split_once('?').map_or(rest, |(a, _)| a);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    if !valid_host(host) {
        return None;
    }
    Some(GoUrl { host: host.to_string(), path: unescape_path(path)? })
}

/// Go's `parseHost` checks: an optional `:digits` port (IPv6 literals in
/// brackets), and only characters Go allows unescaped in a host.
fn valid_host(host: &str) -> bool {
    let port_ok = |p: &str| p.is_empty() || (p.starts_with(':') && p[1..].bytes().all(|b| b.is_ascii_digit()));
    if host.starts_with('[') {
        let Some(end) = host.rfind(']') else { return false };
        if !port_ok(&host[end + 1..]) {
            return false;
        }
    } else if let Some(i) = host.rfind(':') {
        if !port_ok(&host[i..]) {
            return false;
        }
    }
    host.bytes().all(|b| {
        b >= 0x80
            || b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'"'
            )
    })
}

/// Go's `unescape(path, encodePath)`: `%XX` decoded, a malformed escape is
/// an error. Decoded bytes that are not UTF-8 are an error here (Go keeps
/// them; no registry path contains them).
fn unescape_path(p: &str) -> Option<String> {
    if !p.contains('%') {
        return Some(p.to_string());
    }
    let b = p.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = (*b.get(i + 1)? as char).to_digit(16)?;
            let lo = (*b.get(i + 2)? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Go's `net.SplitHostPort` as the kubelet's `SplitURL` uses it: on error
/// the whole host, no port. Returns the dot-separated labels and the port.
fn split_host(hostport: &str) -> (Vec<&str>, &str) {
    let (host, port) = split_host_port(hostport).unwrap_or((hostport, ""));
    (host.split('.').collect(), port)
}

fn split_host_port(hp: &str) -> Option<(&str, &str)> {
    let i = hp.rfind(':')?;
    let (host, j, k) = if hp.starts_with('[') {
        let end = hp.find(']')?;
        if end + 1 != i {
            return None;
        }
        (&hp[1..end], 1, end + 1)
    } else {
        let host = &hp[..i];
        if host.contains(':') {
            return None;
        }
        (host, 0, 0)
    };
    if hp[j..].contains('[') || hp[k..].contains(']') {
        return None;
    }
    Some((host, &hp[i + 1..]))
}

/// A malformed glob (Go's `filepath.ErrBadPattern`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

/// Go's `filepath.Match` (Unix: `/` is the separator, `\` escapes):
/// `*` any run of non-`/` characters, `?` one non-`/` character, `[...]` a
/// class with ranges and `^` negation. Case-sensitive. The kubelet's
/// `filepath.Match` on Linux is Go's `path.Match`, which the reference module
/// already ports for `FamiliarMatch` (in at most O(pattern × name) steps, so
/// a hostile key like `*a*a*a*a*b` cannot blow up): one port serves both.
pub fn glob_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    crate::reference::pattern::path_match(pattern, name).map_err(|_| BadPattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn glob_like_go() {
        assert_eq!(glob_match("*", "abc"), Ok(true));
        assert_eq!(glob_match("a*c", "abbbc"), Ok(true));
        assert_eq!(glob_match("a?c", "abc"), Ok(true));
        assert_eq!(glob_match("[a-c]x", "bx"), Ok(true));
        assert_eq!(glob_match("[^a-c]x", "bx"), Ok(false));
        assert_eq!(glob_match("[", "a"), Err(BadPattern));
        assert_eq!(glob_match("a[", "b"), Err(BadPattern));
        assert_eq!(glob_match("\\*", "*"), Ok(true));
        assert_eq!(glob_match("*x", "xxx"), Ok(true));
        assert_eq!(glob_match("a*b*c", "axbxc"), Ok(true));
        assert_eq!(glob_match("A", "a"), Ok(false));
        let hostile = "*a".repeat(40) + "b";
        assert_eq!(glob_match(&hostile, &"a".repeat(200)), Ok(false));
    }

    #[test]
    fn explanations_are_data_rendered_from_the_table() {
        let (reason, e) = explain_match("quay.io", "us.icr.io/a").unwrap_err();
        assert_eq!((reason, e.code, e.form), (MissReason::DifferentHost, MissReason::DifferentHost, 0));
        let text = r#"host "quay.io" is not the image's host "us.icr.io""#;
        assert_eq!(e.to_string(), text);
        assert_eq!(serde_json::to_string(&e).unwrap(), serde_json::to_string(text).unwrap());
        let keyed = for_key(e, "https://quay.io/v1/");
        assert_eq!(keyed.to_string(), format!(r#"key "https://quay.io/v1/": {text}"#));
        assert_eq!(MissReason::from_name("invalid_key"), Some(MissReason::InvalidKey));
    }

    #[test]
    fn effective_keys() {
        assert_eq!(effective_key("https://index.docker.io/v1/").as_deref(), Some("index.docker.io"));
        assert_eq!(effective_key("quay.io/v2/team").as_deref(), Some("quay.io/team"));
        assert_eq!(effective_key("bar.example.com/pong").as_deref(), Some("bar.example.com/pong"));
        assert_eq!(effective_key("us.icr.io:443").as_deref(), Some("us.icr.io:443"));
        assert_eq!(effective_key("us.icr.io:abc"), None);
        assert_eq!(effective_key("my registry"), None);
    }
}
