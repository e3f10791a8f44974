//! Image references. STUB: the grammar and the `Reference` type are being
//! written (issue: image-reference core).

pub mod code_engine;
pub mod oci;

use crate::diagnostics::{Code, Component, Span};
use std::fmt;

/// A parsed image reference (distribution/reference's `Reference`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

/// Why a reference did not parse: the first error, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: Code,
    component: Component,
    span: Span,
    message: String,
}

impl Error {
    pub fn code(&self) -> Code {
        self.code
    }
    pub fn component(&self) -> Component {
        self.component
    }
    pub fn span(&self) -> Span {
        self.span
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Reference {
    pub fn parse(input: &str) -> Result<Reference, Error> {
        Err(Error { code: Code::Empty, component: Component::Reference, span: Span::new(0, input.len()), message: "not implemented".into() })
    }
    pub fn parse_normalized(input: &str) -> Result<Reference, Error> {
        Reference::parse(input)
    }
    pub fn parse_docker(input: &str) -> Result<Reference, Error> {
        Reference::parse(input)
    }
    pub fn parse_any(input: &str) -> Result<Reference, Error> {
        Reference::parse(input)
    }
    pub fn domain(&self) -> &str {
        &self.domain
    }
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }
    pub fn familiar(&self) -> String {
        self.to_string()
    }
    pub fn familiar_name(&self) -> String {
        self.path.clone()
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}
