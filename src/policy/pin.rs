//! Pinning an image to a digest (SPEC §6): `REPOSITORY:TAG@DIGEST`, the tag
//! kept for people and the digest for the pull. A Code Engine revision keeps
//! running only while the digest it started from exists, so consoles pin.

use crate::diagnostics::{Code, Span};
use crate::message::q;
use crate::reference::{Error, Reference};
use std::fmt;

/// Why [`pin_image`] could not pin: the image or the digest is invalid, or
/// the image already names another digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinError {
    kind: Kind,
    span: Span,
}

/// What went wrong, as data: `Display` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// The image does not parse: the reference grammar's error.
    InvalidImage(Box<Error>),
    EmptyDigest,
    /// A digest with `@` or `/` (a whole reference pasted as the digest).
    DigestNotAlgorithmHex(Box<str>),
    /// The reference grammar's error for the image's name with this digest.
    InvalidDigest(Box<Error>),
    DigestConflict {
        pinned: Box<str>,
        wanted: Box<str>,
    },
}

impl PinError {
    /// `invalid_image`, `invalid_digest` or `digest_conflict`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            Kind::InvalidImage(_) => "invalid_image",
            Kind::EmptyDigest | Kind::DigestNotAlgorithmHex(_) | Kind::InvalidDigest(_) => "invalid_digest",
            Kind::DigestConflict { .. } => "digest_conflict",
        }
    }
    /// The argument at fault: `image` or `digest`.
    pub fn field(&self) -> &'static str {
        match self.kind {
            Kind::InvalidImage(_) | Kind::DigestConflict { .. } => "image",
            Kind::EmptyDigest | Kind::DigestNotAlgorithmHex(_) | Kind::InvalidDigest(_) => "digest",
        }
    }
    /// The offending bytes of that argument.
    pub fn span(&self) -> Span {
        self.span
    }
    /// The image diagnostic code underneath (`oci_digest_length`, …), when
    /// the reference grammar found the problem.
    pub fn reference_code(&self) -> Option<Code> {
        match &self.kind {
            Kind::InvalidImage(e) | Kind::InvalidDigest(e) => Some(e.code()),
            _ => None,
        }
    }
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::InvalidImage(e) => write!(f, "image is not a valid reference: {e}"),
            Kind::EmptyDigest => f.write_str("digest is empty: give one like sha256:<64 hex digits>"),
            Kind::DigestNotAlgorithmHex(d) => {
                write!(f, "digest {:?} must be algorithm:hex, like sha256:<64 hex digits>", q(d))
            }
            Kind::InvalidDigest(e) => write!(f, "digest is not valid: {e}"),
            Kind::DigestConflict { pinned, wanted } => {
                write!(f, "image is already pinned to {:?}, not {:?}", q(pinned), q(wanted))
            }
        }
    }
}

impl std::error::Error for PinError {}

serialize_as_failure!(PinError);

impl PinError {
    pub(crate) fn failure(&self) -> crate::serialize::Failure {
        let (field, span, reference_code) =
            (Some(self.field()), Some(self.span), self.reference_code().map(Code::as_str));
        crate::serialize::Failure {
            code: self.code(),
            field,
            span,
            reference_code,
            message: self.to_string(),
            ..Default::default()
        }
    }
}

/// `image` pinned to `digest`: its normalized name, its tag when it has one,
/// and `@digest` (`nginx:1.25` → `docker.io/library/nginx:1.25@sha256:…`).
/// The digest must be valid as in §1.4 (`sha256`, `sha384` or `sha512` with
/// as many lowercase hex digits). An image that already names this digest
/// is returned normalized; one that names another digest is an error.
pub fn pin_image(image: &str, digest: &str) -> Result<String, PinError> {
    let reference = Reference::parse_normalized(image)
        .map_err(|e| PinError { span: e.span(), kind: Kind::InvalidImage(Box::new(e)) })?;
    let whole = Span::new(0, digest.len());
    if digest.is_empty() {
        return Err(PinError { kind: Kind::EmptyDigest, span: whole });
    }
    if digest.contains(['@', '/']) {
        return Err(PinError { kind: Kind::DigestNotAlgorithmHex(digest.into()), span: whole });
    }
    // The one digest grammar of the reference module (§1.4), run on the
    // name with this digest: its errors are the digest's.
    let name = reference.name();
    let at = name.len() + 1;
    let with_digest = format!("{name}@{digest}");
    if let Err(e) = Reference::parse_normalized(&with_digest) {
        let s = e.span();
        let span = if s.start >= at { Span::new(s.start - at, s.end.saturating_sub(at)) } else { whole };
        return Err(PinError { kind: Kind::InvalidDigest(Box::new(e)), span });
    }
    match reference.digest() {
        Some(d) if d == digest => {}
        Some(d) => {
            let start = image.rfind('@').map_or(0, |i| i + 1);
            return Err(PinError {
                kind: Kind::DigestConflict { pinned: d.into(), wanted: digest.into() },
                span: Span::new(start, image.len()),
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
