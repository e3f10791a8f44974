//! Warnings and notes about defaults (SPEC §1.3), and the normalized and
//! familiar forms they describe.

use super::{plain, q, Out, Parts};
use crate::diagnostics::{Arg, Code, Lazy};
use crate::registry_data::DOCKER_HUB_HOST;
use smallvec::smallvec;

pub(super) fn notes<'a>(out: &mut Out<'a>, parts: &Parts<'a>, docker_hub: bool, base: usize) {
    if let (Some(tag), Some(_)) = (parts.tag, parts.digest) {
        if !tag.text.is_empty() {
            let msg = (0, smallvec![q(tag.text)]);
            out.add(Code::TagAndDigest, tag.at - 1, tag.end(), msg, None, false);
        }
    }
    if parts.registry.is_none() {
        out.add(Code::DefaultRegistry, base, base, plain(), None, false);
    }
    if parts.tag.is_none() && parts.digest.is_none() {
        let end = parts.repository.end();
        out.add(Code::DefaultTag, end, end, plain(), None, false);
    }
    if docker_hub && parts.namespace.is_none() {
        let repo = parts.repository;
        if parts.registry.is_none() && parts.digest.is_some() {
            out.add(Code::DefaultOrganization, repo.at, repo.at, plain(), None, false);
        } else {
            let msg = (0, smallvec![q(repo.text), Arg::Escaped(repo.text)]);
            out.add(Code::OfficialImage, repo.at, repo.end(), msg, None, false);
        }
    }
    if docker_hub {
        let (s, e) = parts.registry.map_or((base, base), |r| (r.at, r.end()));
        out.add(Code::PublicRegistry, s, e, plain(), None, false);
    }
}

/// `REGISTRY/NAMESPACE/REPOSITORY:TAG` or `…@IMAGEID` with the defaults of
/// SPEC §1.3; only called on a valid input. When nothing is defaulted or
/// dropped, that is exactly `typed`. Pieces of the input and the defaults,
/// joined only when asked for (`input` holds every part: `Part::at` counts
/// in it).
pub(super) fn normalize<'a>(input: &'a str, typed: &'a str, parts: &Parts<'a>, docker_hub: bool) -> Lazy<'a> {
    let registry = if docker_hub { DOCKER_HUB_HOST } else { parts.registry.map_or(DOCKER_HUB_HOST, |r| r.text) };
    // `typed` is registry "/" namespace "/" repository, then ":" tag and/or
    // "@" digest: it is the normalized form when the registry and namespace
    // are spelled out and exactly one of tag and digest is given.
    let spelled_out = parts.registry.is_some_and(|r| r.text == registry)
        && parts.namespace.is_some()
        && parts.tag.is_some() != parts.digest.is_some();
    if spelled_out {
        return Lazy::one(typed);
    }
    // The namespace with the "/" that follows it in the input.
    let namespace = match parts.namespace {
        Some(ns) => &input[ns.at..ns.end() + 1],
        None if parts.registry.is_none() && parts.digest.is_some() => "ibm/",
        None => "library/",
    };
    let repo = parts.repository;
    let [a, b] = match (parts.digest, parts.tag) {
        // A tag beside a digest is dropped.
        (Some(d), Some(_)) => [repo.text, &input[d.at - 1..d.end()]],
        (Some(p), None) | (None, Some(p)) => [&input[repo.at..p.end()], ""],
        (None, None) => [repo.text, ":latest"],
    };
    Lazy::Pieces([registry, "/", namespace, a, b])
}

/// Docker's short form of a normalized reference (distribution's
/// `FamiliarString`): no `docker.io/`, and no `library/` before a
/// single-part repository.
pub(super) fn familiar<'a>(parts: &Parts<'a>, normalized: &Lazy<'a>) -> Lazy<'a> {
    match normalized {
        Lazy::Pieces([registry, slash, namespace, a, b]) => {
            let hub = *registry == DOCKER_HUB_HOST;
            let official = hub && *namespace == "library/" && !parts.repository.text.contains('/');
            let (registry, slash) = if hub { ("", "") } else { (*registry, *slash) };
            let namespace = if official { "" } else { namespace };
            Lazy::Pieces([registry, slash, namespace, a, b])
        }
        Lazy::Owned(s) => Lazy::Owned(s.clone()),
    }
}
