//! The registries people pull from, as data (SPEC §2.1, §2.2): the ICR
//! region table, Docker Hub's hosts and key, and for every other kind the
//! host pattern that names it and its credential conventions. The one place
//! each of these facts lives.
//!
//! Hosts are recognised by hand-written matchers rather than regular
//! expressions: each pattern is a fixed suffix and one or two labels of a
//! known shape, which a few lines say exactly, and the library carries no
//! regex engine (it is compiled to WebAssembly for web forms).

/// One IBM Cloud Container Registry region (SPEC §2.1). The one place the
/// ICR region table lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcrRegion {
    /// IBM Cloud region name, as in `ce-auto-icr-private-<region>`.
    pub region: &'static str,
    /// Public domain.
    pub domain: &'static str,
    /// Private endpoint.
    pub private: &'static str,
    /// Deprecated `registry.*.bluemix.net` domain, where there was one.
    pub deprecated: Option<&'static str>,
}

/// Every ICR region with its domains (SPEC §2.1), as data.
pub const ICR_REGIONS: &[IcrRegion] = &[
    IcrRegion {
        region: "global",
        domain: "icr.io",
        private: "private.icr.io",
        deprecated: Some("registry.bluemix.net"),
    },
    IcrRegion {
        region: "au-syd",
        domain: "au.icr.io",
        private: "private.au.icr.io",
        deprecated: Some("registry.au-syd.bluemix.net"),
    },
    IcrRegion { region: "br-sao", domain: "br.icr.io", private: "private.br.icr.io", deprecated: None },
    IcrRegion { region: "ca-mon", domain: "ca2.icr.io", private: "private.ca2.icr.io", deprecated: None },
    IcrRegion { region: "ca-tor", domain: "ca.icr.io", private: "private.ca.icr.io", deprecated: None },
    IcrRegion {
        region: "eu-de",
        domain: "de.icr.io",
        private: "private.de.icr.io",
        deprecated: Some("registry.eu-de.bluemix.net"),
    },
    IcrRegion { region: "eu-es", domain: "es.icr.io", private: "private.es.icr.io", deprecated: None },
    IcrRegion {
        region: "eu-gb",
        domain: "uk.icr.io",
        private: "private.uk.icr.io",
        deprecated: Some("registry.eu-gb.bluemix.net"),
    },
    IcrRegion { region: "in-che", domain: "in.icr.io", private: "private.in.icr.io", deprecated: None },
    IcrRegion { region: "in-mum", domain: "in2.icr.io", private: "private.in2.icr.io", deprecated: None },
    IcrRegion { region: "jp-osa", domain: "jp2.icr.io", private: "private.jp2.icr.io", deprecated: None },
    IcrRegion { region: "jp-tok", domain: "jp.icr.io", private: "private.jp.icr.io", deprecated: None },
    IcrRegion {
        region: "us-south",
        domain: "us.icr.io",
        private: "private.us.icr.io",
        deprecated: Some("registry.ng.bluemix.net"),
    },
];

/// The region whose public or private domain is `host` (lowercase, no port).
pub fn icr_region_for_host(host: &str) -> Option<(&'static IcrRegion, bool)> {
    ICR_REGIONS.iter().find_map(|r| {
        if r.domain == host {
            Some((r, false))
        } else if r.private == host {
            Some((r, true))
        } else {
            None
        }
    })
}

/// The region whose deprecated `registry.*.bluemix.net` domain is `host`.
pub fn icr_region_for_deprecated(host: &str) -> Option<&'static IcrRegion> {
    ICR_REGIONS.iter().find(|r| r.deprecated == Some(host))
}

/// Docker Hub's credential key: docker and the kubelet look Docker Hub
/// credentials up under this exact string.
pub const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";

/// Docker Hub's image host: what a name without a registry means.
pub const DOCKER_HUB_HOST: &str = "docker.io";

/// Docker Hub's legacy image host, the one its credential key names.
pub const DOCKER_HUB_INDEX_HOST: &str = "index.docker.io";

/// Host names that mean Docker Hub. `index.docker.io` is the one the
/// credential key names; `docker.io` is the image host; `registry-1.docker.io`
/// the real API host; `registry.hub.docker.com` an old alias.
pub const DOCKER_HUB_HOSTS: &[&str] =
    &[DOCKER_HUB_INDEX_HOST, DOCKER_HUB_HOST, DOCKER_HUB_API_HOST, "registry.hub.docker.com"];

/// The host that serves Docker Hub's registry API (SPEC §5.2: images on
/// `docker.io` and `index.docker.io` are checked there).
pub const DOCKER_HUB_API_HOST: &str = "registry-1.docker.io";

/// The token issuer Docker Hub's challenge names
/// (`Bearer realm="https://auth.docker.io/token",service="registry.docker.io"`).
pub const DOCKER_HUB_AUTH_HOST: &str = "auth.docker.io";

/// Token issuers on another host than their registry that are known to
/// belong to it (SPEC §5.3 `realm_untrusted`): `(registry API host, auth
/// host)`. A realm on the registry's own host is always trusted.
pub const KNOWN_AUTH_HOSTS: &[(&str, &str)] = &[(DOCKER_HUB_API_HOST, DOCKER_HUB_AUTH_HOST)];

/// The host whose registry API serves images named on `domain`
/// (`docker.io` → `registry-1.docker.io`); other domains serve themselves.
pub fn api_host(domain: &str) -> &str {
    if is_docker_hub_image_host(domain) {
        DOCKER_HUB_API_HOST
    } else {
        domain
    }
}

/// Whether `host` (lowercase, no port) is one of [`DOCKER_HUB_HOSTS`].
pub fn is_docker_hub_host(host: &str) -> bool {
    DOCKER_HUB_HOSTS.contains(&host)
}

/// Whether an image's registry (as an image names it) is Docker Hub:
/// `docker.io` or `index.docker.io`, the two a reference normalizes.
pub fn is_docker_hub_image_host(host: &str) -> bool {
    host == DOCKER_HUB_HOST || host == DOCKER_HUB_INDEX_HOST
}

/// What kind of registry a server is (SPEC §2.1, §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegistryKind {
    /// IBM Cloud Container Registry.
    Icr,
    /// IBM's entitled registry `cp.icr.io` (software entitlements).
    IcrEntitled,
    /// Docker Hub.
    DockerHub,
    /// GitHub Container Registry, `ghcr.io`.
    Ghcr,
    /// Amazon Elastic Container Registry.
    Ecr,
    /// Google Artifact Registry and Container Registry.
    Gar,
    /// Azure Container Registry.
    Acr,
    /// Red Hat Quay.io.
    Quay,
    /// Any other registry.
    Other,
}

impl RegistryKind {
    /// Every kind, in the order of SPEC §2.2's table (`other` last).
    pub const ALL: &'static [RegistryKind] = &[
        RegistryKind::Icr,
        RegistryKind::IcrEntitled,
        RegistryKind::DockerHub,
        RegistryKind::Ghcr,
        RegistryKind::Ecr,
        RegistryKind::Gar,
        RegistryKind::Acr,
        RegistryKind::Quay,
        RegistryKind::Other,
    ];

    /// The kind's name as in SPEC §2.2's first column: `icr`,
    /// `icr-entitled`, `dockerhub`, `ghcr`, `ecr`, `gar`, `acr`, `quay`,
    /// `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistryKind::Icr => "icr",
            RegistryKind::IcrEntitled => "icr-entitled",
            RegistryKind::DockerHub => "dockerhub",
            RegistryKind::Ghcr => "ghcr",
            RegistryKind::Ecr => "ecr",
            RegistryKind::Gar => "gar",
            RegistryKind::Acr => "acr",
            RegistryKind::Quay => "quay",
            RegistryKind::Other => "other",
        }
    }

    /// The kind's name for people, as messages name it.
    pub fn display_name(self) -> &'static str {
        match self {
            RegistryKind::Icr => "IBM Cloud Container Registry",
            RegistryKind::IcrEntitled => "IBM's entitled registry",
            RegistryKind::DockerHub => "Docker Hub",
            RegistryKind::Ghcr => "GitHub Container Registry",
            RegistryKind::Ecr => "Amazon ECR",
            RegistryKind::Gar => "Google Artifact Registry",
            RegistryKind::Acr => "Azure Container Registry",
            RegistryKind::Quay => "Quay.io",
            RegistryKind::Other => "a registry",
        }
    }

    /// The kind named `name` (`"ecr"`), if there is one.
    pub fn from_name(name: &str) -> Option<RegistryKind> {
        RegistryKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }

    /// How credentials for this kind of registry look (SPEC §2.2).
    pub fn conventions(self) -> &'static Conventions {
        match self {
            RegistryKind::Icr => &ICR,
            RegistryKind::IcrEntitled => &ICR_ENTITLED,
            RegistryKind::Ecr => &ECR,
            RegistryKind::Gar => &GAR,
            RegistryKind::Acr => &ACR,
            RegistryKind::DockerHub | RegistryKind::Ghcr | RegistryKind::Quay | RegistryKind::Other => &ANY_USER,
        }
    }
}

serialize_as_str!(RegistryKind);

/// The credential conventions of one kind of registry (SPEC §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conventions {
    /// The username to use when none is given, where the registry has one.
    pub default_username: Option<&'static str>,
    /// The only usernames the registry accepts; empty when the username is
    /// the user's own (a Docker ID, a GitHub user, a robot account).
    pub usernames: &'static [&'static str],
    /// Credentials that stop working within hours.
    pub short_lived: &'static [ShortLived],
}

/// A credential that stops working within hours: stored in a pull secret,
/// which has to last, it breaks the next pull after that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortLived {
    /// The username that marks it; `None` when every credential of the
    /// registry is short-lived (ECR).
    pub username: Option<&'static str>,
    /// What the credential is, for a message.
    pub what: &'static str,
    /// How long it lives, for a message.
    pub lifetime: &'static str,
    /// What to use instead, for a message.
    pub instead: &'static str,
}

/// IBM's entitled registry (software bought with an entitlement key).
pub const ICR_ENTITLED_HOST: &str = "cp.icr.io";

/// GitHub Container Registry.
pub const GHCR_HOST: &str = "ghcr.io";

/// Azure's username for an AAD (Entra ID) access token.
pub const ACR_TOKEN_USERNAME: &str = "00000000-0000-0000-0000-000000000000";

const ANY_USER: Conventions = Conventions { default_username: None, usernames: &[], short_lived: &[] };

const ICR: Conventions = Conventions {
    default_username: Some("iamapikey"),
    usernames: &["iamapikey", "iambearer", "iamrefresh"],
    short_lived: &[ShortLived {
        username: Some("iambearer"),
        what: "an IAM access token (username \"iambearer\")",
        lifetime: "about 1 hour",
        instead: "use the username \"iamapikey\" with an API key, which lasts until it is revoked",
    }],
};

const ICR_ENTITLED: Conventions = Conventions { default_username: Some("cp"), usernames: &["cp"], short_lived: &[] };

const ECR: Conventions = Conventions {
    default_username: Some("AWS"),
    usernames: &["AWS"],
    short_lived: &[ShortLived {
        username: None,
        what: "an ECR password (from \"aws ecr get-login-password\")",
        lifetime: "12 hours",
        instead: "refresh the pull secret with a scheduled job, or use the platform's own ECR integration",
    }],
};

const GAR: Conventions = Conventions {
    default_username: Some("_json_key"),
    usernames: &["_json_key", "_json_key_base64", "oauth2accesstoken"],
    short_lived: &[ShortLived {
        username: Some("oauth2accesstoken"),
        what: "an OAuth access token (username \"oauth2accesstoken\")",
        lifetime: "1 hour",
        instead: "use the username \"_json_key\" with a service account key",
    }],
};

const ACR: Conventions = Conventions {
    default_username: None,
    usernames: &[],
    short_lived: &[ShortLived {
        username: Some(ACR_TOKEN_USERNAME),
        what: "an AAD access token (the all-zero username)",
        lifetime: "about 3 hours",
        instead: "use a service principal or a repository-scoped token and its password",
    }],
};

/// The kind of the registry at `host` (lowercase, no port), by host pattern
/// (SPEC §2.2). ICR's own domains are looked up in [`ICR_REGIONS`] first.
pub fn kind_of_host(host: &str) -> RegistryKind {
    if is_docker_hub_host(host) {
        RegistryKind::DockerHub
    } else if icr_region_for_host(host).is_some() || icr_region_for_deprecated(host).is_some() {
        RegistryKind::Icr
    } else if host == ICR_ENTITLED_HOST {
        RegistryKind::IcrEntitled
    } else if host == GHCR_HOST {
        RegistryKind::Ghcr
    } else if host == "quay.io" {
        RegistryKind::Quay
    } else if ecr_region(host).is_some() {
        RegistryKind::Ecr
    } else if gar_region(host).is_some() {
        RegistryKind::Gar
    } else if acr_name(host).is_some() {
        RegistryKind::Acr
    } else {
        RegistryKind::Other
    }
}

/// The region of an ECR host `<12 digits>.dkr.ecr.<region>.amazonaws.com`
/// (or `.amazonaws.com.cn` in China).
pub fn ecr_region(host: &str) -> Option<&str> {
    let rest = host.strip_suffix(".amazonaws.com").or_else(|| host.strip_suffix(".amazonaws.com.cn"))?;
    let (account, rest) = rest.split_once('.')?;
    let region = rest.strip_prefix("dkr.ecr.")?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && is_region(region)).then_some(region)
}

/// The region of an Artifact Registry host `<region>-docker.pkg.dev`
/// (`us-central1`), or of a Container Registry host: `us`, `eu`, `asia` for
/// `us.gcr.io`…, `""` for `gcr.io` itself.
pub fn gar_region(host: &str) -> Option<&str> {
    if let Some(region) = host.strip_suffix("-docker.pkg.dev") {
        return is_region(region).then_some(region);
    }
    match host {
        "gcr.io" => Some(""),
        "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => host.strip_suffix(".gcr.io"),
        _ => None,
    }
}

/// The registry name of an ACR host `<name>.azurecr.io`: 5 to 50 letters
/// and digits (Azure's rule for registry names).
pub fn acr_name(host: &str) -> Option<&str> {
    let name = host.strip_suffix(".azurecr.io")?;
    ((5..=50).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(name)
}

/// A cloud region name as one DNS label: lowercase letters, digits and
/// inner `-` (`us-east-1`, `europe-west4`).
fn is_region(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
