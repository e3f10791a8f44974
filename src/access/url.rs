//! The URLs an access check handles: the registry endpoint, a token realm, a
//! redirect's `Location`; and which hosts are loopback.
//!
//! Hand-written rather than the `url` crate: only absolute `http`/`https`
//! URLs are ever used here, and of them only the scheme, the authority and
//! the rest as written; the `url` crate would bring IDNA tables into the
//! WebAssembly build for nothing. Anything unusual (userinfo, another
//! scheme, whitespace) is refused, not interpreted.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::net::{Ipv4Addr, Ipv6Addr};

/// An absolute http(s) URL, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: &'static str,
    /// `host[:port]`, the host lowercase.
    pub authority: String,
    /// The path and query, starting with `/` (the fragment dropped).
    pub rest: String,
}

impl Url {
    pub fn parse(text: &str) -> Option<Url> {
        let (scheme, after) = text.split_once("://")?;
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            "https"
        } else if scheme.eq_ignore_ascii_case("http") {
            "http"
        } else {
            return None;
        };
        Url::with_scheme(scheme, after)
    }

    /// `after` is what follows `scheme://`.
    fn with_scheme(scheme: &'static str, after: &str) -> Option<Url> {
        let after = after.split('#').next().unwrap_or("");
        let end = after.find(['/', '?']).unwrap_or(after.len());
        let authority = &after[..end];
        if authority.is_empty()
            || authority.contains('@')
            || authority.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"'))
        {
            return None;
        }
        if after.chars().any(|c| c.is_control() || c == ' ') {
            return None;
        }
        let rest = &after[end..];
        let rest = if rest.starts_with('/') { rest.to_string() } else { format!("/{rest}") };
        let url = Url { scheme, authority: authority.to_ascii_lowercase(), rest };
        (!url.host().is_empty()).then_some(url)
    }

    /// The host without its port (an IPv6 address keeps its brackets).
    pub fn host(&self) -> &str {
        host_of(&self.authority)
    }

    /// `scheme://authority`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// Whether credentials may travel to this URL: https anywhere, plain
    /// http only to a loopback host and only with the opt-in.
    pub fn is_secure(&self, allow_insecure_loopback: bool) -> bool {
        self.scheme == "https" || (allow_insecure_loopback && is_loopback(self.host()))
    }

    /// `location` (absolute, scheme-relative, absolute-path or relative)
    /// resolved against this URL.
    pub fn join(&self, location: &str) -> Option<Url> {
        let location = location.trim();
        let has_scheme = location.split_once(':').is_some_and(|(s, _)| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        if has_scheme {
            return Url::parse(location);
        }
        if let Some(after) = location.strip_prefix("//") {
            return Url::with_scheme(self.scheme, after);
        }
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            let path_only = self.rest.split('?').next().unwrap_or("/");
            let dir = &path_only[..path_only.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{location}")
        };
        Url::with_scheme(self.scheme, &format!("{}{path}", self.authority))
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.rest)
    }
}

/// The host of `host[:port]` (brackets of an IPv6 address kept).
pub fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(i) => &authority[..=i],
            None => authority,
        };
    }
    match authority.rfind(':') {
        Some(i) => &authority[..i],
        None => authority,
    }
}

/// Whether `host` (no port) is `localhost`, in 127.0.0.0/8, or `::1`.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    let inner = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    inner.parse::<Ipv6Addr>().is_ok_and(|v6| v6.is_loopback())
}

/// What a query value may hold unencoded: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `value` percent-encoded for a query string.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let u = Url::parse("HTTPS://Auth.Docker.IO/token?x=1#frag").unwrap();
        assert_eq!(u.to_string(), "https://auth.docker.io/token?x=1");
        assert_eq!(u.host(), "auth.docker.io");
        let u = Url::parse("http://127.0.0.1:5000").unwrap();
        assert_eq!((u.host(), u.rest.as_str()), ("127.0.0.1", "/"));
        assert_eq!(Url::parse("http://[::1]:80/x").unwrap().host(), "[::1]");
        for bad in ["ftp://h/x", "https://user:pw@h/x", "https:///x", "h/x", "https://h x/", "https://h/\n"] {
            assert_eq!(Url::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn joins_locations() {
        let base = Url::parse("https://r.example/v2/a/manifests/1?x").unwrap();
        assert_eq!(base.join("https://cdn.example/b").unwrap().to_string(), "https://cdn.example/b");
        assert_eq!(base.join("//other/c").unwrap().to_string(), "https://other/c");
        assert_eq!(base.join("/v2/").unwrap().to_string(), "https://r.example/v2/");
        assert_eq!(base.join("2").unwrap().to_string(), "https://r.example/v2/a/manifests/2");
        assert_eq!(base.join("mailto:x@y"), None);
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["10.0.0.1", "localhost.example", "128.0.0.1", "[::2]", "example.com", ""] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(encode_query_value("repository:library/nginx:pull"), "repository%3Alibrary%2Fnginx%3Apull");
        assert_eq!(encode_query_value("registry.docker.io"), "registry.docker.io");
        assert_eq!(encode_query_value("a b&c=d"), "a%20b%26c%3Dd");
    }
}
