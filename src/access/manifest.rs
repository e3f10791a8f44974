//! Manifest media types and the platforms of an index (OCI image spec,
//! Docker image manifest v2 schema 2).

use serde::Deserialize;

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// The `Accept` header of manifest requests: the four media types a pull
/// understands (SPEC §5.2 step 4).
pub fn accept() -> String {
    [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(", ")
}

/// `Content-Type` without parameters, lowercase.
pub fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether `media_type` lists per-platform manifests.
pub fn is_index(media_type: &str) -> bool {
    media_type == OCI_INDEX || media_type == DOCKER_MANIFEST_LIST
}

#[derive(Deserialize)]
struct Document {
    #[serde(default, rename = "mediaType")]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Deserialize)]
struct Platform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: Option<String>,
}

/// What a manifest body says: its `mediaType` field, and for an index the
/// platforms of its entries (`os/arch[/variant]`, without the
/// `unknown/unknown` entries buildx adds for attestations).
pub struct Read {
    pub media_type: Option<String>,
    pub platforms: Option<Vec<String>>,
}

/// Reads a manifest body; `None` when it is not JSON of that shape.
pub fn read(body: &[u8]) -> Option<Read> {
    let doc: Document = serde_json::from_slice(body).ok()?;
    let platforms = doc.manifests.map(|entries| {
        let mut out: Vec<String> = Vec::new();
        for p in entries.into_iter().filter_map(|e| e.platform) {
            if p.os == "unknown" && p.architecture == "unknown" {
                continue;
            }
            let mut s = format!("{}/{}", p.os, p.architecture);
            if let Some(v) = p.variant.filter(|v| !v.is_empty()) {
                s.push('/');
                s.push_str(&v);
            }
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    });
    Some(Read { media_type: doc.media_type, platforms })
}

/// Whether the index entry `have` serves a pull for `want` (both
/// `os/arch[/variant]`): os and architecture equal; a variant asked for
/// must be the entry's, except `arm64`'s default `v8` (an entry without a
/// variant); no variant asked takes any.
pub fn platform_matches(want: &str, have: &str) -> bool {
    let mut w = want.split('/');
    let mut h = have.split('/');
    let (Some(wo), Some(wa)) = (w.next(), w.next()) else { return false };
    let (Some(ho), Some(ha)) = (h.next(), h.next()) else { return false };
    if !wo.eq_ignore_ascii_case(ho) || !wa.eq_ignore_ascii_case(ha) {
        return false;
    }
    match (w.next(), h.next()) {
        (None, _) => true,
        (Some(wv), Some(hv)) => wv.eq_ignore_ascii_case(hv),
        (Some(wv), None) => wa.eq_ignore_ascii_case("arm64") && wv.eq_ignore_ascii_case("v8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_platforms_of_an_index() {
        let body = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"digest":"sha256:a","platform":{"os":"linux","architecture":"amd64"}},
            {"digest":"sha256:b","platform":{"os":"linux","architecture":"arm","variant":"v7"}},
            {"digest":"sha256:c","platform":{"os":"unknown","architecture":"unknown"}},
            {"digest":"sha256:d"}]}"#;
        let r = read(body).unwrap();
        assert_eq!(r.media_type.as_deref(), Some(OCI_INDEX));
        assert_eq!(r.platforms.unwrap(), ["linux/amd64", "linux/arm/v7"]);
        assert!(read(br#"{"schemaVersion":2,"config":{}}"#).unwrap().platforms.is_none());
        assert!(read(b"not json").is_none());
        assert!(read(br#"{"manifests":[{"platform":{"os":1}}]}"#).is_none());
    }

    #[test]
    fn matches_platforms() {
        assert!(platform_matches("linux/amd64", "linux/amd64"));
        assert!(platform_matches("linux/arm", "linux/arm/v7"));
        assert!(platform_matches("linux/arm64/v8", "linux/arm64"));
        assert!(!platform_matches("linux/arm/v6", "linux/arm/v7"));
        assert!(!platform_matches("linux/amd64", "linux/arm64"));
        assert!(!platform_matches("linux", "linux/amd64"));
        assert_eq!(media_type("Application/JSON; charset=utf-8"), "application/json");
        assert!(is_index(DOCKER_MANIFEST_LIST) && !is_index(DOCKER_MANIFEST));
    }
}
