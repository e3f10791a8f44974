//! Known registries (SPEC §2).

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

pub const ICR_REGIONS: &[IcrRegion] = &[
    IcrRegion { region: "global", domain: "icr.io", private: "private.icr.io", deprecated: Some("registry.bluemix.net") },
    IcrRegion { region: "au-syd", domain: "au.icr.io", private: "private.au.icr.io", deprecated: Some("registry.au-syd.bluemix.net") },
    IcrRegion { region: "br-sao", domain: "br.icr.io", private: "private.br.icr.io", deprecated: None },
    IcrRegion { region: "ca-mon", domain: "ca2.icr.io", private: "private.ca2.icr.io", deprecated: None },
    IcrRegion { region: "ca-tor", domain: "ca.icr.io", private: "private.ca.icr.io", deprecated: None },
    IcrRegion { region: "eu-de", domain: "de.icr.io", private: "private.de.icr.io", deprecated: Some("registry.eu-de.bluemix.net") },
    IcrRegion { region: "eu-es", domain: "es.icr.io", private: "private.es.icr.io", deprecated: None },
    IcrRegion { region: "eu-gb", domain: "uk.icr.io", private: "private.uk.icr.io", deprecated: Some("registry.eu-gb.bluemix.net") },
    IcrRegion { region: "in-che", domain: "in.icr.io", private: "private.in.icr.io", deprecated: None },
    IcrRegion { region: "in-mum", domain: "in2.icr.io", private: "private.in2.icr.io", deprecated: None },
    IcrRegion { region: "jp-osa", domain: "jp2.icr.io", private: "private.jp2.icr.io", deprecated: None },
    IcrRegion { region: "jp-tok", domain: "jp.icr.io", private: "private.jp.icr.io", deprecated: None },
    IcrRegion { region: "us-south", domain: "us.icr.io", private: "private.us.icr.io", deprecated: Some("registry.ng.bluemix.net") },
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
