//! The result of validating an image reference (SPEC §1.5), the one
//! diagnostic type of every family ([`Diagnostic`], generic over its
//! [`Location`]) and the image reference codes' table: types and the table
//! only. Validating (`validate`, `Profile`) is the `reference` module's,
//! above this one; the other families' tables are beside their checks
//! (`codes`, `dockerconfig`, `access`, `policy`).

mod codes;
mod diagnostic;

use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;

pub use crate::message::{Arg, Message, Severity};
pub use codes::Code;
pub use diagnostic::{Collect, Diagnostic, Location};

/// The part of a reference a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Component {
    Reference,
    Registry,
    Namespace,
    Repository,
    Tag,
    Digest,
}

impl Component {
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Reference => "reference",
            Component::Registry => "registry",
            Component::Namespace => "namespace",
            Component::Repository => "repository",
            Component::Tag => "tag",
            Component::Digest => "digest",
        }
    }
}

/// A half-open byte range `start..end` of the input (Rust); the binding
/// converts it to UTF-16 code units for JavaScript.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// A suggested repair: `replacement` is the whole corrected input (or
/// field). Its `Debug` leaves the replacement out: a config's fix may hold
/// a password (given only when revealed), and no `Debug` print may.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub label: String,
    pub replacement: String,
}

impl fmt::Debug for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fix").field("label", &self.label).field("replacement", &"<redacted>").finish()
    }
}

/// Whether a reference is usable as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    Valid,
    /// Every error sits at the end of the input and typing more could clear it.
    Incomplete,
    Invalid,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Valid => "valid",
            State::Incomplete => "incomplete",
            State::Invalid => "invalid",
        }
    }
}

/// The components as typed (not defaulted); `None` when absent. They are
/// pieces of the input, borrowed from it (see [`Validation::into_owned`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Components<'a> {
    pub registry: Option<Cow<'a, str>>,
    pub namespace: Option<Cow<'a, str>>,
    pub repository: Option<Cow<'a, str>>,
    pub tag: Option<Cow<'a, str>>,
    pub digest: Option<Cow<'a, str>>,
}

impl Components<'_> {
    pub fn into_owned(self) -> Components<'static> {
        let own = |c: Option<Cow<'_, str>>| c.map(|c| Cow::Owned(c.into_owned()));
        Components {
            registry: own(self.registry),
            namespace: own(self.namespace),
            repository: own(self.repository),
            tag: own(self.tag),
            digest: own(self.digest),
        }
    }
}

impl Location for Component {
    type Code = Code;
}

impl serde::Serialize for Component {
    /// As a location's fields: `{"component": "tag"}` (see [`Location`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Component", 1)?;
        st.serialize_field("component", self.as_str())?;
        st.end()
    }
}

/// The diagnostics of one validation: a valid reference has at most a few
/// notes, kept inline (no allocation).
pub type Diagnostics<'a> = SmallVec<[Diagnostic<'a>; 4]>;

/// Text built on demand from up to four pieces (`docker.io/library/` and the
/// input): a valid reference's normalized and familiar forms allocate only
/// when asked for, and not at all when they are a piece of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lazy<'a> {
    Pieces([&'a str; 5]),
    Owned(String),
}

impl<'a> Lazy<'a> {
    pub(crate) fn one(s: &'a str) -> Lazy<'a> {
        Lazy::Pieces([s, "", "", "", ""])
    }
    /// Borrowed when at most one piece is not empty.
    fn get(&self) -> Cow<'a, str> {
        match self {
            Lazy::Pieces(p) => {
                let mut full = p.iter().filter(|s| !s.is_empty());
                match (full.next(), full.next()) {
                    (None, _) => Cow::Borrowed(""),
                    (Some(one), None) => Cow::Borrowed(one),
                    _ => Cow::Owned(p.concat()),
                }
            }
            Lazy::Owned(s) => Cow::Owned(s.clone()),
        }
    }
    fn into_owned(self) -> Lazy<'static> {
        match self {
            Lazy::Pieces(p) => Lazy::Owned(p.concat()),
            Lazy::Owned(s) => Lazy::Owned(s),
        }
    }
}

impl fmt::Display for Lazy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lazy::Pieces(p) => p.iter().try_for_each(|s| f.write_str(s)),
            Lazy::Owned(s) => f.write_str(s),
        }
    }
}

/// The result of [`validate`](crate::validate): never an error, always every finding.
///
/// Validation runs on every keystroke of a form, so the result borrows what
/// it can from the input: the components and the diagnostics' arguments
/// always; `normalized` and `familiar` are built when asked for, borrowed
/// when the input already is that text. [`Validation::into_owned`] detaches
/// it from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation<'a> {
    pub valid: bool,
    pub state: State,
    pub(crate) normalized: Option<Lazy<'a>>,
    pub(crate) familiar: Option<Lazy<'a>>,
    pub components: Components<'a>,
    pub diagnostics: Diagnostics<'a>,
}

impl<'a> Validation<'a> {
    /// The reference with every default filled in (valid input only).
    pub fn normalized(&self) -> Option<Cow<'a, str>> {
        self.normalized.as_ref().map(Lazy::get)
    }
    /// Docker's short form (valid input only).
    pub fn familiar(&self) -> Option<Cow<'a, str>> {
        self.familiar.as_ref().map(Lazy::get)
    }
    /// The same result, owning all of its text.
    pub fn into_owned(self) -> Validation<'static> {
        Validation {
            valid: self.valid,
            state: self.state,
            normalized: self.normalized.map(Lazy::into_owned),
            familiar: self.familiar.map(Lazy::into_owned),
            components: self.components.into_owned(),
            diagnostics: self.diagnostics.into_iter().map(Diagnostic::into_owned).collect(),
        }
    }
}

/// The input field a registry, secret or credential diagnostic is about
/// (their location; `codes` gives it its code table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Server,
    Username,
    Password,
    Email,
    Namespace,
    /// A `.dockerconfigjson` or Secret text as a whole.
    Config,
    /// An image reference.
    Image,
}

impl Field {
    /// The field's name as in the input object (`name`, `server`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Server => "server",
            Field::Username => "username",
            Field::Password => "password",
            Field::Email => "email",
            Field::Namespace => "namespace",
            Field::Config => "config",
            Field::Image => "image",
        }
    }
}

impl serde::Serialize for Field {
    /// As a location's fields: `{"field": "server"}` (see [`Location`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Field", 1)?;
        st.serialize_field("field", self.as_str())?;
        st.end()
    }
}
