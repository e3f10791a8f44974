//! The result of validating an image reference (SPEC §1.5) and the one table
//! that declares every diagnostic code: types and the table only. Validating
//! (`validate`, `Profile`) is the `reference` module's, above this one.

use std::borrow::Cow;
use std::fmt;

/// How bad a diagnostic is. Only `Error` makes a reference invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

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

/// A suggested repair: `replacement` is the whole corrected input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub label: String,
    pub replacement: String,
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

/// One finding about the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub component: Component,
    /// Fixed messages are borrowed from the program: most valid references
    /// get a few informational notes, and they should cost no allocation.
    pub message: Cow<'static, str>,
    pub span: Span,
    pub fix: Option<Fix>,
}

/// The result of [`validate`](crate::validate): never an error, always every finding.
///
/// Validation runs on every keystroke of a form, so the result borrows what
/// it can from the input: the components always, `normalized` and `familiar`
/// when the input already is that text. [`Validation::into_owned`] detaches
/// it from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation<'a> {
    pub valid: bool,
    pub state: State,
    pub normalized: Option<Cow<'a, str>>,
    pub familiar: Option<Cow<'a, str>>,
    pub components: Components<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation<'_> {
    /// The same result, owning all of its text.
    pub fn into_owned(self) -> Validation<'static> {
        let own = |c: Option<Cow<'_, str>>| c.map(|c| Cow::Owned(c.into_owned()));
        Validation {
            valid: self.valid,
            state: self.state,
            normalized: own(self.normalized),
            familiar: own(self.familiar),
            components: self.components.into_owned(),
            diagnostics: self.diagnostics,
        }
    }
}

// The one table of codes. Each row: variant, code string, component,
// severity, and (for `oci` codes) the distribution error class it maps to.
// The message templates live beside the rule that emits them in
// `reference::code_engine` / `reference::oci` and are pinned word for word by
// tests.
macro_rules! code_table {
    ($( $variant:ident = $code:literal, $component:ident, $severity:ident, $class:expr; )*) => {
        /// Every diagnostic code of both profiles.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// All codes, in table order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable snake_case code.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }
            /// The component this code is about by default.
            pub fn component(self) -> Component {
                match self { $( Code::$variant => Component::$component, )* }
            }
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
            /// For `oci` codes: the distribution/reference error class
            /// (`ErrReferenceInvalidFormat`, `digest.ErrDigestInvalidLength`, …).
            pub fn distribution_class(self) -> Option<&'static str> {
                match self { $( Code::$variant => $class, )* }
            }
            /// The code whose string is `code` (`"tag_empty"`), if there is one.
            pub fn from_name(code: &str) -> Option<Code> {
                match code { $( $code => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

code_table! {
    // ---- codeEngine profile (SPEC §1.3) ----
    Empty = "empty", Reference, Error, None;
    SurroundingWhitespace = "surrounding_whitespace", Reference, Error, None;
    ContainsWhitespace = "contains_whitespace", Reference, Error, None;
    SchemeNotAllowed = "scheme_not_allowed", Reference, Error, None;
    UserinfoNotAllowed = "userinfo_not_allowed", Reference, Error, None;
    RegistryTooLong = "registry_too_long", Registry, Error, None;
    RegistryInvalidCharacter = "registry_invalid_character", Registry, Error, None;
    RegistryPortNotAllowed = "registry_port_not_allowed", Registry, Error, None;
    RegistryTooManyPeriods = "registry_too_many_periods", Registry, Error, None;
    RegistryLabelLength = "registry_label_length", Registry, Error, None;
    RegistryLabelEndsWithDash = "registry_label_ends_with_dash", Registry, Error, None;
    RegistryLabelBadStart = "registry_label_bad_start", Registry, Error, None;
    RegistryUnderscore = "registry_underscore", Registry, Warning, None;
    NamespaceMissing = "namespace_missing", Namespace, Error, None;
    NamespaceLength = "namespace_length", Namespace, Error, None;
    NamespaceInvalidCharacter = "namespace_invalid_character", Namespace, Error, None;
    NamespaceBadStartOrEnd = "namespace_bad_start_or_end", Namespace, Error, None;
    DockerUserLength = "docker_user_length", Namespace, Error, None;
    DockerUserInvalidCharacter = "docker_user_invalid_character", Namespace, Error, None;
    RepositoryLength = "repository_length", Repository, Error, None;
    RepositoryInvalidCharacter = "repository_invalid_character", Repository, Error, None;
    RepositoryBadStartOrEnd = "repository_bad_start_or_end", Repository, Error, None;
    PathSeparator = "path_separator", Repository, Error, None;
    TagEmpty = "tag_empty", Tag, Error, None;
    TagTooLong = "tag_too_long", Tag, Error, None;
    TagInvalidCharacter = "tag_invalid_character", Tag, Error, None;
    TagBadStart = "tag_bad_start", Tag, Error, None;
    DigestBadPrefix = "digest_bad_prefix", Digest, Error, None;
    DigestInvalid = "digest_invalid", Digest, Error, None;
    TagAndDigest = "tag_and_digest", Reference, Warning, None;
    DefaultRegistry = "default_registry", Registry, Info, None;
    DefaultTag = "default_tag", Tag, Info, None;
    OfficialImage = "official_image", Namespace, Info, None;
    DefaultOrganization = "default_organization", Namespace, Info, None;
    PublicRegistry = "public_registry", Registry, Info, None;
    IcrUnknownDomain = "icr_unknown_domain", Registry, Warning, None;
    DeprecatedRegistryDomain = "deprecated_registry_domain", Registry, Warning, None;
    OwnerMustBeLowercase = "owner_must_be_lowercase", Namespace, Error, None;
    // ---- oci profile (SPEC §1.4): rows added by the oci implementation,
    // each with Some("<distribution error class>") ----
    OciNameEmpty = "oci_name_empty", Reference, Error, Some("ErrNameEmpty");
    OciEmpty = "oci_empty", Reference, Error, Some("ErrReferenceInvalidFormat");
    OciSchemeNotAllowed = "oci_scheme_not_allowed", Reference, Error, Some("ErrReferenceInvalidFormat");
    OciUserinfoNotAllowed = "oci_userinfo_not_allowed", Reference, Error, Some("ErrReferenceInvalidFormat");
    OciInvalidCharacter = "oci_invalid_character", Reference, Error, Some("ErrReferenceInvalidFormat");
    OciRegistryInvalid = "oci_registry_invalid", Registry, Error, Some("ErrReferenceInvalidFormat");
    OciPortInvalid = "oci_port_invalid", Registry, Error, Some("ErrReferenceInvalidFormat");
    OciPathComponentEmpty = "oci_path_component_empty", Repository, Error, Some("ErrReferenceInvalidFormat");
    OciPathInvalidCharacter = "oci_path_invalid_character", Repository, Error, Some("ErrReferenceInvalidFormat");
    OciPathBadStartOrEnd = "oci_path_bad_start_or_end", Repository, Error, Some("ErrReferenceInvalidFormat");
    OciPathSeparator = "oci_path_separator", Repository, Error, Some("ErrReferenceInvalidFormat");
    OciUppercase = "oci_uppercase", Repository, Error, Some("ErrNameContainsUppercase");
    OciRepositoryUppercase = "oci_repository_uppercase", Repository, Error, Some("fmt:uppercase-repository");
    OciHexIdentifier = "oci_hex_identifier", Reference, Error, Some("fmt:hex-identifier");
    OciNameTooLong = "oci_name_too_long", Repository, Error, Some("ErrNameTooLong");
    OciNameNotCanonical = "oci_name_not_canonical", Reference, Error, Some("ErrNameNotCanonical");
    OciTagEmpty = "oci_tag_empty", Tag, Error, Some("ErrReferenceInvalidFormat");
    OciTagBadStart = "oci_tag_bad_start", Tag, Error, Some("ErrReferenceInvalidFormat");
    OciTagInvalidCharacter = "oci_tag_invalid_character", Tag, Error, Some("ErrReferenceInvalidFormat");
    OciTagTooLong = "oci_tag_too_long", Tag, Error, Some("ErrReferenceInvalidFormat");
    OciTagInvalid = "oci_tag_invalid", Tag, Error, Some("ErrTagInvalidFormat");
    OciDigestInvalid = "oci_digest_invalid", Digest, Error, Some("ErrReferenceInvalidFormat");
    OciDigestFormat = "oci_digest_format", Digest, Error, Some("ErrDigestInvalidFormat");
    OciDigestEncoding = "oci_digest_encoding", Digest, Error, Some("digest.ErrDigestInvalidFormat");
    OciDigestLength = "oci_digest_length", Digest, Error, Some("digest.ErrDigestInvalidLength");
    OciDigestUnsupported = "oci_digest_unsupported", Digest, Error, Some("digest.ErrDigestUnsupported");
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input field (or, for the config checks, the part of a config) a
/// diagnostic is about.
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
