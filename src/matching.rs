//! Which credentials an image pull uses (SPEC §3.4): the kubelet's rules from
//! `pkg/credentialprovider/keyring.go`, plus a reason for every key that
//! does not match.
//!
//! The kubelet:
//! 1. normalizes the image and looks up its name (`docker.io/library/nginx`,
//!    no tag or digest);
//! 2. turns each config key into an index key: `https://` is added when the
//!    key has no `http://`/`https://` scheme, the URL is parsed with Go's
//!    `net/url` (keys it rejects are ignored), a leading `/v1/` or `/v2/` is
//!    dropped from the path, and the key is `host` or `host + path`;
//! 3. tries the index keys in reverse-alphabetical order (so
//!    `quay.io/coreos` comes before `quay.io`) and returns every match: a key
//!    matches when the ports are identical, the hosts have the same number
//!    of dot-separated labels, each label matches as a case-sensitive glob
//!    (Go's `filepath.Match`), and the key's path is a string prefix of the
//!    image's path;
//! 4. only when nothing matched, and the image is on Docker Hub, uses the
//!    key that reduced to exactly `index.docker.io`.
//!
//! The rules themselves (index keys, `URLsMatchStr`, the lookup order) are
//! in the `kubelet` module, below the config reader; their public names are
//! re-exported here.

use crate::dockerconfig::{self, ConfigDiagnostic, InspectOptions};
pub use crate::kubelet::{
    effective_key, explain_match, glob_match, is_default_registry_match, lookup, urls_match, BadPattern, Explanation,
    Hit, Lookup, Miss, MissReason,
};
use crate::message::Arg;
use crate::reference::Reference;

/// A config entry that the pull would use.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedKey {
    /// The key as written in the config.
    pub server: String,
    /// The kubelet's index key (`index.docker.io` for
    /// `https://index.docker.io/v1/`).
    pub effective_key: String,
    /// The username the kubelet sends (from `auth` when present).
    pub username: Option<String>,
    /// Whether the entry carries a password.
    pub has_password: bool,
    /// True when it matched only through the Docker Hub fallback.
    pub docker_hub_fallback: bool,
}

/// A config entry that the pull would not use, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedKey {
    /// The key as written in the config.
    pub server: String,
    /// The kubelet's index key; `None` when the kubelet cannot parse the key.
    pub effective_key: Option<String>,
    pub reason: MissReason,
    /// One line for a person: `key "quay.io" is for host "quay.io", the image is on "us.icr.io"`.
    pub message: Explanation,
}

/// The answer of [`match_credentials`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matches {
    /// The name the kubelet looks up (`docker.io/library/nginx`); `None`
    /// when the image does not parse.
    pub image: Option<String>,
    /// Why the image does not parse (the kubelet fails such a pull with
    /// `InvalidImageName` before looking for credentials).
    pub image_error: Option<String>,
    /// The entries the pull uses, in the kubelet's order (tried first to last).
    pub matched: Vec<MatchedKey>,
    /// Every other entry, in the same order, with a reason.
    pub unmatched: Vec<UnmatchedKey>,
    /// True when `matched` comes from the Docker Hub fallback.
    pub docker_hub_fallback: bool,
    /// Findings about the config itself (as from
    /// [`inspect_docker_config`](crate::dockerconfig::inspect_docker_config)).
    #[serde(serialize_with = "crate::serialize::spanned")]
    pub diagnostics: Vec<ConfigDiagnostic>,
}

/// Which entries of `config_text` (any shape `inspect_docker_config`
/// accepts) a pull of `image` uses, with the kubelet's rules.
///
/// ```
/// use registry_access::matching::match_credentials;
/// let config = r#"{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}}"#;
/// let m = match_credentials(config, "nginx");
/// assert_eq!(m.image.as_deref(), Some("docker.io/library/nginx"));
/// assert!(m.docker_hub_fallback);
/// assert_eq!(m.matched[0].username.as_deref(), Some("user"));
/// ```
pub fn match_credentials(config_text: &str, image: &str) -> Matches {
    let inspection = dockerconfig::inspect_docker_config(config_text, &InspectOptions::default());
    let mut result = Matches {
        image: None,
        image_error: None,
        matched: Vec::new(),
        unmatched: Vec::new(),
        docker_hub_fallback: false,
        diagnostics: inspection.diagnostics,
    };
    if has_userinfo(image) {
        // A login URL pasted as the image: its message would quote the
        // password, so this one says what is wrong without quoting.
        result.image_error = Some(
            "the image contains credentials before \"@\"; remove them (image names never carry credentials)".into(),
        );
        return result;
    }
    let name = match Reference::parse_normalized(image) {
        Ok(r) => format!("{}/{}", r.domain(), r.path()),
        Err(e) => {
            result.image_error = Some(e.to_string());
            return result;
        }
    };
    // A `.dockerconfigjson` in the legacy shape: the kubelet decodes it and
    // finds no `auths` in it.
    let no_auths = inspection.shape == Some(dockerconfig::Shape::DockerCfg)
        && inspection.secret.as_ref().and_then(|s| s.data_key.as_deref()) == Some(".dockerconfigjson");
    let ignored = result.diagnostics.iter().find(|d| {
        ignores_whole_config(d) || (no_auths && d.code == crate::dockerconfig::ConfigCode::MissingAuthsWrapper)
    });
    if let Some(d) = ignored {
        // Decoding errors make the kubelet fail the pull outright
        // (MakeDockerKeyring returns the error); other findings mean it
        // never reads the config. The form is the explanation of each.
        let form = match d.code {
            crate::dockerconfig::ConfigCode::WrongSecretType => 0,
            crate::dockerconfig::ConfigCode::MissingAuthsWrapper => 1,
            _ => 2,
        };
        let why = crate::kubelet::explain(MissReason::ConfigIgnored, form, "", [Arg::Word(d.code.as_str())]);
        let mut unmatched = Vec::new();
        for entry in &inspection.entries {
            unmatched.push(UnmatchedKey {
                server: entry.server.clone(),
                effective_key: effective_key(&entry.server),
                reason: MissReason::ConfigIgnored,
                message: crate::kubelet::for_key(why.clone(), &entry.server),
            });
        }
        result.unmatched = unmatched;
        result.image = Some(name);
        return result;
    }
    let keys: Vec<&str> = inspection.entries.iter().map(|e| e.server.as_str()).collect();
    let found = lookup(&keys, &name);
    for hit in &found.hits {
        let entry = &inspection.entries[hit.index];
        result.matched.push(MatchedKey {
            server: entry.server.clone(),
            effective_key: hit.effective_key.clone(),
            username: entry.username.clone(),
            has_password: entry.has_password,
            docker_hub_fallback: found.docker_hub_fallback,
        });
    }
    for miss in found.misses {
        let entry = &inspection.entries[miss.index];
        result.unmatched.push(UnmatchedKey {
            server: entry.server.clone(),
            effective_key: miss.effective_key,
            reason: miss.reason,
            message: miss.message,
        });
    }
    result.docker_hub_fallback = found.docker_hub_fallback;
    result.image = Some(name);
    result
}

/// `scheme://user[:password]@...`: credentials in a URL's authority.
fn has_userinfo(s: &str) -> bool {
    let Some(n) = crate::reference::url_scheme_len(s.as_bytes()) else { return false };
    s[n..].split('/').next().is_some_and(|authority| authority.contains('@'))
}

/// Findings after which the kubelet uses nothing from the config: its Go
/// decoding of the whole document fails (`auth` that does not decode, a
/// field of the wrong type), or it never reads it (a Secret of another
/// type, base64 text where JSON belongs). The reader decodes as the kubelet
/// does (`Auths`, `AUTH`, a `null` entry, unpadded `auth`), so every entry
/// it reads is one the kubelet reads.
fn ignores_whole_config(d: &ConfigDiagnostic) -> bool {
    use crate::dockerconfig::ConfigCode as C;
    matches!(d.code, C::AuthUndecodable | C::InvalidFieldType | C::WrongSecretType | C::DoubleBase64)
}
