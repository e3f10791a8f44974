//! Warnings and notes about defaults (SPEC §1.3), and the normalized and
//! familiar forms they describe.

use std::borrow::Cow;

use super::{q, Out, Parts};
use crate::diagnostics::Code;
use crate::registry::DOCKER_HUB_HOST;

pub(super) fn notes(out: &mut Out, parts: &Parts, docker_hub: bool, base: usize) {
    if let (Some(tag), Some(_)) = (parts.tag, parts.digest) {
        if !tag.text.is_empty() {
            let msg = format!("tag {:?} is ignored because a digest is given", q(tag.text));
            out.add(Code::TagAndDigest, tag.at - 1, tag.end(), msg, None, false);
        }
    }
    if parts.registry.is_none() {
        out.add(Code::DefaultRegistry, base, base, "no registry given: \"docker.io\" is used", None, false);
    }
    if parts.tag.is_none() && parts.digest.is_none() {
        let end = parts.repository.end();
        out.add(Code::DefaultTag, end, end, "no tag given: \"latest\" is used", None, false);
    }
    if docker_hub && parts.namespace.is_none() {
        let repo = parts.repository;
        if parts.registry.is_none() && parts.digest.is_some() {
            let msg = "no namespace given: a digest reference uses the docker organization \"ibm\"";
            out.add(Code::DefaultOrganization, repo.at, repo.at, msg, None, false);
        } else {
            let msg = format!(
                "{:?} is read as the official docker hub image \"library/{}\"",
                q(repo.text),
                q(repo.text).escape_debug()
            );
            out.add(Code::OfficialImage, repo.at, repo.end(), msg, None, false);
        }
    }
    if docker_hub {
        let (s, e) = parts.registry.map_or((base, base), |r| (r.at, r.end()));
        let msg = "docker hub is public: store enterprise images in a private registry";
        out.add(Code::PublicRegistry, s, e, msg, None, false);
    }
}

/// `REGISTRY/NAMESPACE/REPOSITORY:TAG` or `…@IMAGEID` with the defaults of
/// SPEC §1.3; only called on a valid input. When nothing is defaulted or
/// dropped, that is exactly `typed`, and it is borrowed.
pub(super) fn normalize<'a>(typed: &'a str, parts: &Parts, docker_hub: bool) -> Cow<'a, str> {
    let registry = if docker_hub { DOCKER_HUB_HOST } else { parts.registry.map_or(DOCKER_HUB_HOST, |r| r.text) };
    let namespace = match parts.namespace {
        Some(ns) => ns.text,
        None if parts.registry.is_none() && parts.digest.is_some() => "ibm",
        None => "library",
    };
    // `typed` is registry "/" namespace "/" repository, then ":" tag and/or
    // "@" digest: it is the normalized form when the registry and namespace
    // are spelled out and exactly one of tag and digest is given.
    let spelled_out = parts.registry.is_some_and(|r| r.text == registry)
        && parts.namespace.is_some()
        && parts.tag.is_some() != parts.digest.is_some();
    if spelled_out {
        return Cow::Borrowed(typed);
    }
    let mut s = String::with_capacity(registry.len() + namespace.len() + parts.repository.text.len() + 80);
    s.push_str(registry);
    s.push('/');
    s.push_str(namespace);
    s.push('/');
    s.push_str(parts.repository.text);
    match (parts.digest, parts.tag) {
        (Some(d), _) => {
            s.push('@');
            s.push_str(d.text);
        }
        (None, Some(t)) => {
            s.push(':');
            s.push_str(t.text);
        }
        (None, None) => s.push_str(":latest"),
    }
    Cow::Owned(s)
}

/// Docker's short form of a normalized reference (distribution's
/// `FamiliarString`): no `docker.io/`, and no `library/` before a
/// single-part repository. Borrowed from `typed` when it is that text.
pub(super) fn familiar<'a>(typed: &'a str, normalized: &str) -> Cow<'a, str> {
    let short = match normalized.strip_prefix("docker.io/") {
        None => normalized,
        Some(rest) => match rest.strip_prefix("library/") {
            Some(short) if !short[..short.find([':', '@']).unwrap_or(short.len())].contains('/') => short,
            _ => rest,
        },
    };
    if short == typed {
        Cow::Borrowed(typed)
    } else {
        Cow::Owned(short.to_string())
    }
}
