//! Pinning an image to a digest (SPEC §6): `REPOSITORY:TAG@DIGEST`, the tag
//! kept for people and the digest for the pull. A Code Engine revision keeps
//! running only while the digest it started from exists, so consoles pin.

use crate::diagnostics::{Code, Span};
use crate::reference::Reference;
use std::fmt;

/// Why [`pin_image`] could not pin: the image or the digest is invalid, or
/// the image already names another digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinError {
    kind: Kind,
    message: String,
    span: Span,
    reference_code: Option<Code>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    InvalidImage,
    InvalidDigest,
    DigestConflict,
}

impl PinError {
    /// `invalid_image`, `invalid_digest` or `digest_conflict`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            Kind::InvalidImage => "invalid_image",
            Kind::InvalidDigest => "invalid_digest",
            Kind::DigestConflict => "digest_conflict",
        }
    }
    /// The argument at fault: `image` or `digest`.
    pub fn field(&self) -> &'static str {
        match self.kind {
            Kind::InvalidImage | Kind::DigestConflict => "image",
            Kind::InvalidDigest => "digest",
        }
    }
    /// The offending bytes of that argument.
    pub fn span(&self) -> Span {
        self.span
    }
    /// The image diagnostic code underneath (`oci_digest_length`, …), when
    /// the reference grammar found the problem.
    pub fn reference_code(&self) -> Option<Code> {
        self.reference_code
    }
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PinError {}

/// `image` pinned to `digest`: its normalized name, its tag when it has one,
/// and `@digest` (`nginx:1.25` → `docker.io/library/nginx:1.25@sha256:…`).
/// The digest must be valid as in §1.4 (`sha256`, `sha384` or `sha512` with
/// as many lowercase hex digits). An image that already names this digest
/// is returned normalized; one that names another digest is an error.
pub fn pin_image(image: &str, digest: &str) -> Result<String, PinError> {
    let reference = Reference::parse_normalized(image).map_err(|e| PinError {
        kind: Kind::InvalidImage,
        message: format!("image is not a valid reference: {e}"),
        span: e.span(),
        reference_code: Some(e.code()),
    })?;
    let whole = Span::new(0, digest.len());
    let bad_digest = |message: String, span: Span, code: Option<Code>| PinError {
        kind: Kind::InvalidDigest,
        message,
        span,
        reference_code: code,
    };
    if digest.is_empty() {
        return Err(bad_digest("digest is empty: give one like sha256:<64 hex digits>".into(), whole, None));
    }
    if digest.contains(['@', '/']) {
        let message = format!("digest {} must be algorithm:hex, like sha256:<64 hex digits>", quote(digest));
        return Err(bad_digest(message, whole, None));
    }
    // The one digest grammar of the reference module (§1.4), run on the
    // name with this digest: its errors are the digest's.
    let name = reference.name();
    let at = name.len() + 1;
    let with_digest = format!("{name}@{digest}");
    if let Err(e) = Reference::parse_normalized(&with_digest) {
        let s = e.span();
        let span = if s.start >= at { Span::new(s.start - at, s.end.saturating_sub(at)) } else { whole };
        return Err(bad_digest(format!("digest is not valid: {e}"), span, Some(e.code())));
    }
    match reference.digest() {
        Some(d) if d == digest => {}
        Some(d) => {
            let start = image.rfind('@').map_or(0, |i| i + 1);
            return Err(PinError {
                kind: Kind::DigestConflict,
                message: format!("image is already pinned to {}, not {}", quote(d), quote(digest)),
                span: Span::new(start, image.len()),
                reference_code: None,
            });
        }
        None => {}
    }
    let mut out = String::from(name);
    if let Some(tag) = reference.tag() {
        out.push(':');
        out.push_str(tag);
    }
    out.push('@');
    out.push_str(digest);
    Ok(out)
}

fn quote(s: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = crate::message::write_quoted(&mut out, s);
    out
}
