//! Image policies and pinning (SPEC §6): whether a console admits an image,
//! and the `REPOSITORY:TAG@DIGEST` form a deploy should pull. Both are pure
//! image functions: no secrets, no I/O.
//!
//! Every image is normalized first, as the kubelet pulls it (`nginx` is
//! `docker.io/library/nginx:latest`), then its registry and path are matched
//! against the policy's entries at `/` and host-label boundaries; see
//! [`entry`] for how this differs from Kyverno and Gatekeeper.

mod entry;
mod pin;

pub use entry::PolicyError;
pub use pin::{pin_image, PinError};

use crate::diagnostics::{Collect, Component, Diagnostic, Location, Severity, Span};
use crate::message::Arg;
use crate::reference::Reference;
use crate::reference::{validate, Profile};
use entry::Entry;

crate::declare_codes! {
    /// The rules an image can break (SPEC §6).
    pub enum PolicyRule {
        RegistryNotAllowed = "registry_not_allowed", Error,
            ["image {0} is not from an allowed registry: allowed are {1}"];
        RegistryBlocked = "registry_blocked", Error,
            ["image {0} is from a blocked registry ({1})"];
        LatestTag = "latest_tag", Error,
            ["image {0} {1}, which moves with every push: use a version tag or a digest"];
        DigestRequired = "digest_required", Error,
            ["image {0} has no digest: pin it as {1}@sha256:…"];
        TagRequired = "tag_required", Error,
            ["image {0} has no tag: add one, such as {1}:1.0"];
        InvalidReference = "invalid_reference", Error,
            ["image {0} is not a valid reference: {1}"];
    }
}

serialize_as_str!(PolicyRule);

/// What a console admits (SPEC §6). The default admits every valid image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImagePolicy {
    /// When given, an image must fall under one of these entries; an empty
    /// list admits nothing.
    pub allowed_registries: Option<Vec<String>>,
    /// An image under any of these entries is refused, even when allowed.
    pub blocked_registries: Vec<String>,
    /// Refuse `:latest` and a missing tag (without a digest).
    pub disallow_latest: bool,
    /// Refuse an image without `@sha256:…` (or another digest).
    pub require_digest: bool,
    /// Refuse an image without an explicit tag.
    pub require_tag: bool,
}

/// Where a violation points: the part of the image it is about (its
/// `span` is bytes of the input) and, for `invalid_reference`, the image's
/// own findings there.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImagePart {
    #[serde(serialize_with = "component_name")]
    pub component: Component,
    /// For `invalid_reference`: the image's own diagnostics (the `oci`
    /// profile's, what the kubelet would refuse); empty otherwise.
    pub diagnostics: Vec<Diagnostic<'static>>,
}

fn component_name<S: serde::Serializer>(c: &Component, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

impl Location for ImagePart {
    type Code = PolicyRule;
}

/// One rule an image breaks: `code` is the rule, `message()` renders its
/// message.
pub type Violation = Diagnostic<'static, ImagePart>;

/// The answer of [`evaluate_image_policy`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PolicyResult {
    /// No violation.
    pub allowed: bool,
    /// The image as the kubelet pulls it (`docker.io/library/nginx:latest`);
    /// `None` when it is not a valid reference.
    pub normalized: Option<String>,
    #[serde(serialize_with = "violations")]
    pub violations: Vec<Violation>,
}

/// Violations as the JavaScript API has them: `rule` (the code), `message`,
/// `span` and the image's own `diagnostics`, each with its span.
fn violations<S: serde::Serializer>(list: &[Violation], s: S) -> Result<S::Ok, S::Error> {
    #[derive(serde::Serialize)]
    struct Json<'v> {
        rule: PolicyRule,
        message: String,
        span: Span,
        #[serde(serialize_with = "crate::serialize::spanned")]
        diagnostics: &'v [Diagnostic<'static>],
    }
    s.collect_seq(list.iter().map(|v| Json {
        rule: v.code,
        message: v.message(),
        span: v.span,
        diagnostics: &v.location.diagnostics,
    }))
}

/// Evaluates `image` against `policy`. Fails only when an entry of the
/// policy is malformed (the whole policy is refused rather than an entry
/// skipped); an invalid image is a violation, not an error.
pub fn evaluate_image_policy(image: &str, policy: &ImagePolicy) -> Result<PolicyResult, PolicyError> {
    let parse = |list: &'static str, entries: &[String]| {
        entries.iter().enumerate().map(|(i, e)| Entry::parse(e, list, i)).collect::<Result<Vec<_>, _>>()
    };
    let allowed = policy.allowed_registries.as_deref().map(|a| parse("allowedRegistries", a)).transpose()?;
    let blocked = parse("blockedRegistries", &policy.blocked_registries)?;

    let mut violations = Vec::new();
    let mut add = |rule: PolicyRule, component: Component, span: Span, args: &[Arg<'static>]| {
        violations.add(rule, ImagePart { component, diagnostics: Vec::new() }, span, 0, args.iter().cloned());
    };
    let quoted = Arg::quoted(image);
    let reference = match Reference::parse_normalized(image) {
        Ok(r) => r,
        Err(e) => {
            let diagnostics: Vec<Diagnostic<'static>> =
                validate(image, Profile::Oci).diagnostics.into_iter().map(Diagnostic::into_owned).collect();
            // The first error's message is the image family's (its own code
            // and table), rendered: an argument holds no message of another
            // family. The diagnostics themselves stay data beside it.
            let first = diagnostics.iter().find(|d| d.severity == Severity::Error);
            let (message, component, span) =
                first.map_or((e.to_string(), e.component(), e.span()), |d| (d.message.to_string(), d.location, d.span));
            add(PolicyRule::InvalidReference, component, span, &[quoted, Arg::plain(message)]);
            violations[0].location.diagnostics = diagnostics;
            return Ok(PolicyResult { allowed: false, normalized: None, violations });
        }
    };
    let spans = Spans::of(image);
    let (domain, path) = (reference.domain(), reference.path());

    if let Some(allowed) = &allowed {
        if !allowed.iter().any(|e| e.matches(domain, path)) {
            add(
                PolicyRule::RegistryNotAllowed,
                Component::Registry,
                spans.registry,
                &[quoted.clone(), Arg::plain(list(policy))],
            );
        }
    }
    if let Some(i) = blocked.iter().position(|e| e.matches(domain, path)) {
        add(
            PolicyRule::RegistryBlocked,
            Component::Registry,
            spans.registry,
            &[quoted.clone(), Arg::quoted(&policy.blocked_registries[i])],
        );
    }
    let (tag, digest) = (reference.tag(), reference.digest());
    // With a digest the pull is pinned whatever the tag says, so
    // `app:latest@sha256:…` (what `pin_image` makes of `app`) passes.
    if policy.disallow_latest && digest.is_none() {
        match tag {
            Some("latest") => add(
                PolicyRule::LatestTag,
                Component::Tag,
                spans.tag,
                &[quoted.clone(), Arg::plain("uses the tag \"latest\"")],
            ),
            None => add(
                PolicyRule::LatestTag,
                Component::Tag,
                spans.tag,
                &[quoted.clone(), Arg::plain("has no tag, so it is \"latest\"")],
            ),
            Some(_) => {}
        }
    }
    if policy.require_digest && digest.is_none() {
        let end = Span::new(image.len(), image.len());
        add(PolicyRule::DigestRequired, Component::Digest, end, &[quoted.clone(), Arg::plain(reference.familiar())]);
    }
    if policy.require_tag && tag.is_none() {
        add(PolicyRule::TagRequired, Component::Tag, spans.tag, &[quoted, Arg::plain(reference.familiar_name())]);
    }
    let normalized = reference.tag_name_only().into_string();
    Ok(PolicyResult { allowed: violations.is_empty(), normalized: Some(normalized), violations })
}

/// The allowed entries for a message: each quoted, at most five. Text
/// rather than a template form: the number of entries varies.
fn list(policy: &ImagePolicy) -> String {
    let entries = policy.allowed_registries.as_deref().unwrap_or(&[]);
    if entries.is_empty() {
        return "none".to_string();
    }
    let mut out = String::new();
    for (i, e) in entries.iter().take(5).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        // Writing into a String cannot fail.
        let _ = crate::message::write_quoted(&mut out, e);
    }
    if entries.len() > 5 {
        out.push_str(&format!(" and {} more", entries.len() - 5));
    }
    out
}

/// Where the registry and the tag are in the input (byte spans): the
/// registry as typed, or an empty span at 0 when Docker Hub is implied; the
/// tag as typed, or an empty span where it would go.
struct Spans {
    registry: Span,
    tag: Span,
}

impl Spans {
    fn of(image: &str) -> Spans {
        // The input parsed (valid, as its normalized form parsed too).
        let name_end = image.find('@').unwrap_or(image.len());
        let name = &image[..name_end];
        let last_slash = name.rfind('/');
        let tag_colon = name.rfind(':').filter(|&c| last_slash.map_or(true, |s| c > s));
        let tag = match tag_colon {
            Some(c) => Span::new(c + 1, name_end),
            None => Span::new(name_end, name_end),
        };
        let registry = match name.find('/') {
            Some(i)
                if name[..i].contains(['.', ':'])
                    || &name[..i] == "localhost"
                    || name[..i].bytes().any(|b| b.is_ascii_uppercase()) =>
            {
                Span::new(0, i)
            }
            _ => Span::new(0, 0),
        };
        Spans { registry, tag }
    }
}
