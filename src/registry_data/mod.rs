//! Registry data (SPEC §2): the one place for the facts about registries:
//! the ICR regions and domains, Docker Hub's hosts and key, the kinds of
//! §2.2 with their usernames and lifetimes (`known`), and the closest ICR
//! domain to a mistyped one (`distance`, an edit distance over that table).
//!
//! A module of its own, below image references, which name the ICR table
//! and Docker Hub's hosts; `registry` (what a server string means, above
//! references) re-exports all of it.

mod distance;
mod known;

pub use distance::closest_icr_domain;
pub use known::{
    acr_name, api_host, ecr_region, gar_region, icr_region_for_deprecated, icr_region_for_host, is_docker_hub_host,
    is_docker_hub_image_host, kind_of_host, Conventions, IcrRegion, RegistryKind, ShortLived, ACR_TOKEN_USERNAME,
    DOCKER_HUB_API_HOST, DOCKER_HUB_AUTH_HOST, DOCKER_HUB_HOST, DOCKER_HUB_HOSTS, DOCKER_HUB_INDEX_HOST,
    DOCKER_HUB_KEY, GHCR_HOST, ICR_ENTITLED_HOST, ICR_REGIONS, KNOWN_AUTH_HOSTS,
};
