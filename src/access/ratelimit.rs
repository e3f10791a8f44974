//! Docker Hub's rate-limit headers: `ratelimit-limit: 100;w=21600` and
//! `ratelimit-remaining: 76;w=21600` (a count, then `w=` the window in
//! seconds, as in the IETF RateLimit header draft Docker Hub follows).

use super::Response;

/// The pull rate limit a registry announced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub window_seconds: Option<u64>,
}

/// `100;w=21600` → (100, Some(21600)).
fn parse_value(value: &str) -> Option<(u64, Option<u64>)> {
    let mut parts = value.split(';');
    let count = parts.next()?.trim().parse().ok()?;
    let window = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("w").then(|| v.trim().parse().ok()).flatten()
    });
    Some((count, window))
}

/// The limit announced by `response`, if any.
pub fn read(response: &Response) -> Option<RateLimit> {
    let limit = response.header("ratelimit-limit").and_then(parse_value);
    let remaining = response.header("ratelimit-remaining").and_then(parse_value);
    if limit.is_none() && remaining.is_none() {
        return None;
    }
    Some(RateLimit {
        limit: limit.map(|l| l.0),
        remaining: remaining.map(|r| r.0),
        window_seconds: limit.and_then(|l| l.1).or(remaining.and_then(|r| r.1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_headers() {
        let r = Response::new(429)
            .with_header("RateLimit-Limit", "100;w=21600")
            .with_header("ratelimit-remaining", "0;w=21600");
        assert_eq!(read(&r), Some(RateLimit { limit: Some(100), remaining: Some(0), window_seconds: Some(21600) }));
        assert_eq!(read(&Response::new(200)), None);
        let r = Response::new(200).with_header("ratelimit-limit", "x;w=1");
        assert_eq!(read(&r), None);
        let r = Response::new(200).with_header("ratelimit-remaining", "5");
        assert_eq!(read(&r), Some(RateLimit { limit: None, remaining: Some(5), window_seconds: None }));
    }
}
