//! The result of validating an image reference (SPEC §1.5) and the one table
//! that declares every diagnostic code: types and the table only. Validating
//! (`validate`, `Profile`) is the `reference` module's, above this one.

use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;

pub use crate::message::Severity;

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

/// One finding about the input: a code, where it is, and the arguments of
/// its message, which is rendered from the code's template on demand
/// ([`Message`]). It borrows the input (the quoted text is a piece of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<'a> {
    pub code: Code,
    pub severity: Severity,
    pub component: Component,
    pub message: Message<'a>,
    pub span: Span,
    pub fix: Option<Fix>,
}

impl Diagnostic<'_> {
    /// The message rendered (as the other families' `message()`; the
    /// `message` field is the same message as data).
    pub fn message(&self) -> String {
        self.message.to_string()
    }
    /// The same finding, owning its text.
    pub fn into_owned(self) -> Diagnostic<'static> {
        Diagnostic { message: self.message.into_owned(), ..self }
    }
}

/// One argument of a reference message: a piece of the input (quoted, or
/// escaped inside the template's own quotes), a fixed word, or a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Shown in double quotes with Rust's Debug escapes, cut to
    /// [`QUOTE_LIMIT`](crate::message::QUOTE_LIMIT) characters and `…`.
    Quoted(&'a str),
    /// Escaped as in a quote, without the quotes (the template has them).
    Escaped(&'a str),
    /// A word of the program's, shown as is.
    Word(&'static str),
    Number(u64),
    /// [`Arg::Quoted`] and [`Arg::Escaped`] of a copy, for a message kept
    /// apart from its input ([`Message::into_owned`]). Kept apart from the
    /// borrowed variants so that an argument is three words, not four: a
    /// validation holds its notes inline and is moved whole.
    OwnedQuoted(Box<str>),
    OwnedEscaped(Box<str>),
}

/// A message as data: the code's template number `form` and its arguments,
/// rendered by `Display`. Comparing it with a string renders it.
#[derive(Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub code: Code,
    pub form: u8,
    pub args: SmallVec<[Arg<'a>; 2]>,
}

impl<'a> Message<'a> {
    pub fn new(code: Code, form: u8, args: impl IntoIterator<Item = Arg<'a>>) -> Message<'a> {
        Message { code, form, args: args.into_iter().collect() }
    }
    /// The template this message renders.
    pub fn template(&self) -> &'static str {
        let t = self.code.templates();
        t[usize::from(self.form).min(t.len() - 1)]
    }
    pub fn into_owned(self) -> Message<'static> {
        let args = self
            .args
            .into_iter()
            .map(|a| match a {
                Arg::Quoted(s) => Arg::OwnedQuoted(s.into()),
                Arg::Escaped(s) => Arg::OwnedEscaped(s.into()),
                Arg::Word(w) => Arg::Word(w),
                Arg::Number(n) => Arg::Number(n),
                Arg::OwnedQuoted(s) => Arg::OwnedQuoted(s),
                Arg::OwnedEscaped(s) => Arg::OwnedEscaped(s),
            })
            .collect();
        Message { code: self.code, form: self.form, args }
    }
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::message::render_with(f, self.template(), self.args.len(), |f, i| match &self.args[i] {
            Arg::Quoted(s) => crate::message::write_quoted_inside(f, s),
            Arg::Escaped(s) => crate::message::write_escaped(f, s),
            Arg::OwnedQuoted(s) => crate::message::write_quoted_inside(f, s),
            Arg::OwnedEscaped(s) => crate::message::write_escaped(f, s),
            Arg::Word(w) => f.write_str(w),
            Arg::Number(n) => write!(f, "{n}"),
        })
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// Whether `m` renders as `want`, compared piece by piece as it renders.
fn renders_as(m: &Message, want: &str) -> bool {
    struct Compare<'w> {
        rest: &'w str,
    }
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.rest = self.rest.strip_prefix(s).ok_or(fmt::Error)?;
            Ok(())
        }
    }
    let mut c = Compare { rest: want };
    fmt::write(&mut c, format_args!("{m}")).is_ok() && c.rest.is_empty()
}

impl PartialEq<str> for Message<'_> {
    fn eq(&self, other: &str) -> bool {
        renders_as(self, other)
    }
}

impl PartialEq<&str> for Message<'_> {
    fn eq(&self, other: &&str) -> bool {
        renders_as(self, other)
    }
}

impl PartialEq<String> for Message<'_> {
    fn eq(&self, other: &String) -> bool {
        renders_as(self, other)
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

// The one table of codes. Each row: variant, code string, component,
// severity, (for `oci` codes) the distribution error class it maps to, and
// the message templates: the only place a reference message's wording
// lives. A code with several wordings has several templates, chosen by a
// diagnostic's `Message::form`; `{N}` is argument N.
macro_rules! code_table {
    ($( $variant:ident = $code:literal, $component:ident, $severity:ident, $class:expr, $templates:expr; )*) => {
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
            /// The message templates, one per wording (`{N}`: argument N).
            pub fn templates(self) -> &'static [&'static str] {
                match self { $( Code::$variant => &$templates, )* }
            }
            /// The code whose string is `code` (`"tag_empty"`), if there is one.
            pub fn from_name(code: &str) -> Option<Code> {
                match code { $( $code => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

// Templates that several codes share.
/// What both profiles say about a login URL's credentials. It quotes nothing
/// of the input: the text before the `@` is a password or a token.
pub(crate) const USERINFO: &str =
    "remove the user name and password before \"@\": an image reference carries no credentials";
const MUST_NOT_CONTAIN: &str = "{0} must not contain {1}";
const LOWERCASE_CHARACTERS: [&str; 2] = [MUST_NOT_CONTAIN, "{0} {1} must be lowercase"];
const NAMESPACE_LENGTH: [&str; 2] =
    ["{0} must not be empty", "{0} {1} must be between 4 and 30 characters (it has {2})"];
const EDGES: &str = "{0} {1} must begin and end with a lowercase letter or number";
const LOWERCASE: &str = "repository {0} must be lowercase";
const TOO_LONG: &str = "{0} {1} is {2} characters long, more than {3}";

code_table! {
    // ---- codeEngine profile (SPEC §1.3) ----
    Empty = "empty", Reference, Error, None,
        ["image reference is empty", "image reference is empty apart from whitespace"];
    SurroundingWhitespace = "surrounding_whitespace", Reference, Error, None, ["{0} whitespace {1} is not allowed"];
    ContainsWhitespace = "contains_whitespace", Reference, Error, None,
        ["{0} {1} is not allowed inside an image reference"];
    SchemeNotAllowed = "scheme_not_allowed", Reference, Error, None, ["scheme {0} is not allowed"];
    UserinfoNotAllowed = "userinfo_not_allowed", Reference, Error, None, [USERINFO];
    RegistryTooLong = "registry_too_long", Registry, Error, None,
        ["registry must be 253 characters or fewer (it has {0})"];
    RegistryInvalidCharacter = "registry_invalid_character", Registry, Error, None, [MUST_NOT_CONTAIN];
    RegistryPortNotAllowed = "registry_port_not_allowed", Registry, Error, None, ["registry port {0} is not allowed"];
    RegistryTooManyPeriods = "registry_too_many_periods", Registry, Error, None,
        ["registry must have 127 periods or fewer (it has {0})"];
    RegistryLabelLength = "registry_label_length", Registry, Error, None, [
        "registry host must not be empty",
        "registry must not begin with {0}",
        "registry must not end with {0}",
        "registry must not contain {0}: labels between periods must not be empty",
        "registry label {0} must be 63 characters or fewer (it has {1})",
    ];
    RegistryLabelEndsWithDash = "registry_label_ends_with_dash", Registry, Error, None,
        ["registry label {0} must not end with \"-\""];
    RegistryLabelBadStart = "registry_label_bad_start", Registry, Error, None,
        ["registry label {0} must not begin with \"-\""];
    RegistryUnderscore = "registry_underscore", Registry, Warning, None,
        ["registry {0} contains \"_\": docker and kubernetes read it as a docker hub path, not a host"];
    NamespaceMissing = "namespace_missing", Namespace, Error, None,
        ["namespace is missing: the format is registry/namespace/repository"];
    NamespaceLength = "namespace_length", Namespace, Error, None, NAMESPACE_LENGTH;
    NamespaceInvalidCharacter = "namespace_invalid_character", Namespace, Error, None, LOWERCASE_CHARACTERS;
    NamespaceBadStartOrEnd = "namespace_bad_start_or_end", Namespace, Error, None, [EDGES];
    DockerUserLength = "docker_user_length", Namespace, Error, None, NAMESPACE_LENGTH;
    DockerUserInvalidCharacter = "docker_user_invalid_character", Namespace, Error, None, LOWERCASE_CHARACTERS;
    RepositoryLength = "repository_length", Repository, Error, None, [
        "repository is missing",
        "repository {0} must be at least 2 characters",
        "repository must be 255 characters or fewer (it has {0})",
        "repository must be {0} characters or fewer after namespace {1} (it has {2})",
        "repository must be {0} characters or fewer without a namespace (it has {1})",
    ];
    RepositoryInvalidCharacter = "repository_invalid_character", Repository, Error, None, LOWERCASE_CHARACTERS;
    RepositoryBadStartOrEnd = "repository_bad_start_or_end", Repository, Error, None, [
        EDGES,
        "repository must not begin with {0}",
        "repository must not end with {0}",
        "repository must not contain {0}",
    ];
    PathSeparator = "path_separator", Repository, Error, None,
        ["separator {0} must be one \".\", one or two \"_\", or only \"-\""];
    TagEmpty = "tag_empty", Tag, Error, None, ["tag must not be empty: add a tag or remove the \":\""];
    TagTooLong = "tag_too_long", Tag, Error, None, ["tag must be 128 characters or fewer (it has {0})"];
    TagInvalidCharacter = "tag_invalid_character", Tag, Error, None, [MUST_NOT_CONTAIN];
    TagBadStart = "tag_bad_start", Tag, Error, None, ["tag {0} must not begin with \".\" or \"-\""];
    DigestBadPrefix = "digest_bad_prefix", Digest, Error, None, [
        "64 hexadecimal digits alone are an image id: write repository@sha256:<digest>",
        "digest must begin with \"sha256:\"",
        "digest must begin with \"sha256:\", not {0}",
    ];
    DigestInvalid = "digest_invalid", Digest, Error, None, [
        "digest must contain only lowercase hexadecimal digits, not {0}",
        "digest {0} must use lowercase hexadecimal digits",
        "digest must have 64 hexadecimal digits after \"sha256:\" (it has {0})",
    ];
    TagAndDigest = "tag_and_digest", Reference, Warning, None, ["tag {0} is ignored because a digest is given"];
    DefaultRegistry = "default_registry", Registry, Info, None, ["no registry given: \"docker.io\" is used"];
    DefaultTag = "default_tag", Tag, Info, None, ["no tag given: \"latest\" is used"];
    OfficialImage = "official_image", Namespace, Info, None,
        ["{0} is read as the official docker hub image \"library/{1}\""];
    DefaultOrganization = "default_organization", Namespace, Info, None,
        ["no namespace given: a digest reference uses the docker organization \"ibm\""];
    PublicRegistry = "public_registry", Registry, Info, None,
        ["docker hub is public: store enterprise images in a private registry"];
    IcrUnknownDomain = "icr_unknown_domain", Registry, Warning, None,
        ["registry {0} is not a known ibm cloud container registry domain"];
    DeprecatedRegistryDomain = "deprecated_registry_domain", Registry, Warning, None,
        ["registry {0} is deprecated: use {1}", "registry {0} is deprecated: use an icr.io domain"];
    OwnerMustBeLowercase = "owner_must_be_lowercase", Namespace, Error, None,
        ["github owner {0} must be lowercase on ghcr.io"];
    // ---- oci profile (SPEC §1.4): each with Some("<distribution error class>") ----
    OciNameEmpty = "oci_name_empty", Reference, Error, Some("ErrNameEmpty"), ["reference \"\" has no repository name"];
    OciEmpty = "oci_empty", Reference, Error, Some("ErrReferenceInvalidFormat"),
        ["image reference \"\" is empty: enter an image name"];
    OciSchemeNotAllowed = "oci_scheme_not_allowed", Reference, Error, Some("ErrReferenceInvalidFormat"),
        ["remove {0}: an image reference is not a url"];
    OciUserinfoNotAllowed = "oci_userinfo_not_allowed", Reference, Error, Some("ErrReferenceInvalidFormat"), [USERINFO];
    OciInvalidCharacter = "oci_invalid_character", Reference, Error, Some("ErrReferenceInvalidFormat"),
        ["character {0} is not allowed in an image reference"];
    OciRegistryInvalid = "oci_registry_invalid", Registry, Error, Some("ErrReferenceInvalidFormat"),
        ["registry {0} is not a valid host name or address"];
    OciPortInvalid = "oci_port_invalid", Registry, Error, Some("ErrReferenceInvalidFormat"),
        ["registry {0} has port {1}: a port must be a number"];
    OciPathComponentEmpty = "oci_path_component_empty", Repository, Error, Some("ErrReferenceInvalidFormat"),
        ["repository {0} has an empty path component"];
    OciPathInvalidCharacter = "oci_path_invalid_character", Repository, Error, Some("ErrReferenceInvalidFormat"),
        ["repository {0} contains {1}: only lowercase letters, digits, \".\", \"_\", \"-\" and \"/\" are allowed"];
    OciPathBadStartOrEnd = "oci_path_bad_start_or_end", Repository, Error, Some("ErrReferenceInvalidFormat"),
        ["repository {0}: each path component must begin and end with a lowercase letter or digit"];
    OciPathSeparator = "oci_path_separator", Repository, Error, Some("ErrReferenceInvalidFormat"),
        ["repository {0} has separator {1}: use one \".\", one or two \"_\", or any number of \"-\""];
    OciUppercase = "oci_uppercase", Repository, Error, Some("ErrNameContainsUppercase"), [LOWERCASE];
    OciRepositoryUppercase = "oci_repository_uppercase", Repository, Error, Some("fmt:uppercase-repository"), [LOWERCASE];
    OciHexIdentifier = "oci_hex_identifier", Reference, Error, Some("fmt:hex-identifier"),
        ["reference {0} is a 64-character hexadecimal image id, not a repository name"];
    OciNameTooLong = "oci_name_too_long", Repository, Error, Some("ErrNameTooLong"), [TOO_LONG];
    OciNameNotCanonical = "oci_name_not_canonical", Reference, Error, Some("ErrNameNotCanonical"),
        ["reference {0} is not in canonical form"];
    OciTagEmpty = "oci_tag_empty", Tag, Error, Some("ErrReferenceInvalidFormat"),
        ["tag \"\" is empty: add a tag or remove the \":\""];
    OciTagBadStart = "oci_tag_bad_start", Tag, Error, Some("ErrReferenceInvalidFormat"),
        ["tag {0} must not begin with \".\" or \"-\""];
    OciTagInvalidCharacter = "oci_tag_invalid_character", Tag, Error, Some("ErrReferenceInvalidFormat"),
        ["tag {0} contains {1}: only letters, digits, \"_\", \".\" and \"-\" are allowed"];
    OciTagTooLong = "oci_tag_too_long", Tag, Error, Some("ErrReferenceInvalidFormat"), [TOO_LONG];
    OciTagInvalid = "oci_tag_invalid", Tag, Error, Some("ErrTagInvalidFormat"), ["tag {0} is not a valid tag"];
    OciDigestInvalid = "oci_digest_invalid", Digest, Error, Some("ErrReferenceInvalidFormat"), [
        "digest {0} is incomplete: it is an algorithm, \":\" and at least 32 hexadecimal digits",
        "digest {0} must be an algorithm, \":\" and at least 32 hexadecimal digits",
        "digest {0} contains {1}: it is an algorithm, \":\" and at least 32 hexadecimal digits",
    ];
    OciDigestFormat = "oci_digest_format", Digest, Error, Some("ErrDigestInvalidFormat"),
        ["digest {0} is not a valid digest"];
    OciDigestEncoding = "oci_digest_encoding", Digest, Error, Some("digest.ErrDigestInvalidFormat"),
        ["digest {0} must use lowercase hexadecimal digits"];
    OciDigestLength = "oci_digest_length", Digest, Error, Some("digest.ErrDigestInvalidLength"),
        ["{0} digest {1} must have {2} hexadecimal digits, not {3}"];
    OciDigestUnsupported = "oci_digest_unsupported", Digest, Error, Some("digest.ErrDigestUnsupported"),
        ["digest algorithm {0} is not supported: use sha256, sha384 or sha512"];
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
