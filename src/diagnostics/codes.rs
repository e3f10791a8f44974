//! The image reference codes' table: each row is the code's name,
//! severity and message templates (the only place a reference message's
//! wording lives; several wordings per code, chosen by a diagnostic's
//! `Message::form`; `{N}` is argument N), then the component the code is
//! about by default and, for `oci` codes, the distribution/reference error
//! class it maps to.

use super::Component::{self, *};

impl Code {
    /// The component this code is about by default.
    pub fn component(self) -> Component {
        self.data().0
    }
    /// For `oci` codes: the distribution/reference error class
    /// (`ErrReferenceInvalidFormat`, `digest.ErrDigestInvalidLength`, …).
    pub fn distribution_class(self) -> Option<&'static str> {
        self.data().1
    }
}

// Templates that several codes share.
/// What both profiles say about a login URL's credentials. It quotes nothing
/// of the input: the text before the `@` is a password or a token.
const USERINFO: &str = "remove the user name and password before \"@\": an image reference carries no credentials";
const MUST_NOT_CONTAIN: &str = "{0} must not contain {1}";
const LOWERCASE_CHARACTERS: [&str; 2] = [MUST_NOT_CONTAIN, "{0} {1} must be lowercase"];
const NAMESPACE_LENGTH: [&str; 2] =
    ["{0} must not be empty", "{0} {1} must be between 4 and 30 characters (it has {2})"];
const EDGES: &str = "{0} {1} must begin and end with a lowercase letter or number";
const LOWERCASE: &str = "repository {0} must be lowercase";
const TOO_LONG: &str = "{0} {1} is {2} characters long, more than {3}";

crate::declare_codes! {
    /// Every diagnostic code of both profiles.
    pub enum Code with (Component, Option<&'static str>) {
        // ---- codeEngine profile (SPEC §1.3) ----
        Empty = "empty", Error, ["image reference is empty", "image reference is empty apart from whitespace"]
            => (Reference, None);
        SurroundingWhitespace = "surrounding_whitespace", Error, ["{0} whitespace {1} is not allowed"]
            => (Reference, None);
        ContainsWhitespace = "contains_whitespace", Error, ["{0} {1} is not allowed inside an image reference"]
            => (Reference, None);
        SchemeNotAllowed = "scheme_not_allowed", Error, ["scheme {0} is not allowed"]
            => (Reference, None);
        UserinfoNotAllowed = "userinfo_not_allowed", Error, [USERINFO]
            => (Reference, None);
        RegistryTooLong = "registry_too_long", Error, ["registry must be 253 characters or fewer (it has {0})"]
            => (Registry, None);
        RegistryInvalidCharacter = "registry_invalid_character", Error, [MUST_NOT_CONTAIN]
            => (Registry, None);
        RegistryPortNotAllowed = "registry_port_not_allowed", Error, ["registry port {0} is not allowed"]
            => (Registry, None);
        RegistryTooManyPeriods = "registry_too_many_periods", Error,
            ["registry must have 127 periods or fewer (it has {0})"]
            => (Registry, None);
        RegistryLabelLength = "registry_label_length", Error, [
            "registry host must not be empty",
            "registry must not begin with {0}",
            "registry must not end with {0}",
            "registry must not contain {0}: labels between periods must not be empty",
            "registry label {0} must be 63 characters or fewer (it has {1})",
        ]
            => (Registry, None);
        RegistryLabelEndsWithDash = "registry_label_ends_with_dash", Error,
            ["registry label {0} must not end with \"-\""]
            => (Registry, None);
        RegistryLabelBadStart = "registry_label_bad_start", Error, ["registry label {0} must not begin with \"-\""]
            => (Registry, None);
        RegistryUnderscore = "registry_underscore", Warning,
            ["registry {0} contains \"_\": docker and kubernetes read it as a docker hub path, not a host"]
            => (Registry, None);
        NamespaceMissing = "namespace_missing", Error,
            ["namespace is missing: the format is registry/namespace/repository"]
            => (Namespace, None);
        NamespaceLength = "namespace_length", Error, NAMESPACE_LENGTH
            => (Namespace, None);
        NamespaceInvalidCharacter = "namespace_invalid_character", Error, LOWERCASE_CHARACTERS
            => (Namespace, None);
        NamespaceBadStartOrEnd = "namespace_bad_start_or_end", Error, [EDGES]
            => (Namespace, None);
        DockerUserLength = "docker_user_length", Error, NAMESPACE_LENGTH
            => (Namespace, None);
        DockerUserInvalidCharacter = "docker_user_invalid_character", Error, LOWERCASE_CHARACTERS
            => (Namespace, None);
        RepositoryLength = "repository_length", Error, [
            "repository is missing",
            "repository {0} must be at least 2 characters",
            "repository must be 255 characters or fewer (it has {0})",
            "repository must be {0} characters or fewer after namespace {1} (it has {2})",
            "repository must be {0} characters or fewer without a namespace (it has {1})",
        ]
            => (Repository, None);
        RepositoryInvalidCharacter = "repository_invalid_character", Error, LOWERCASE_CHARACTERS
            => (Repository, None);
        RepositoryBadStartOrEnd = "repository_bad_start_or_end", Error, [
            EDGES,
            "repository must not begin with {0}",
            "repository must not end with {0}",
            "repository must not contain {0}",
        ]
            => (Repository, None);
        PathSeparator = "path_separator", Error, ["separator {0} must be one \".\", one or two \"_\", or only \"-\""]
            => (Repository, None);
        TagEmpty = "tag_empty", Error, ["tag must not be empty: add a tag or remove the \":\""]
            => (Tag, None);
        TagTooLong = "tag_too_long", Error, ["tag must be 128 characters or fewer (it has {0})"]
            => (Tag, None);
        TagInvalidCharacter = "tag_invalid_character", Error, [MUST_NOT_CONTAIN]
            => (Tag, None);
        TagBadStart = "tag_bad_start", Error, ["tag {0} must not begin with \".\" or \"-\""]
            => (Tag, None);
        DigestBadPrefix = "digest_bad_prefix", Error, [
            "64 hexadecimal digits alone are an image id: write repository@sha256:<digest>",
            "digest must begin with \"sha256:\"",
            "digest must begin with \"sha256:\", not {0}",
        ]
            => (Digest, None);
        DigestInvalid = "digest_invalid", Error, [
            "digest must contain only lowercase hexadecimal digits, not {0}",
            "digest {0} must use lowercase hexadecimal digits",
            "digest must have 64 hexadecimal digits after \"sha256:\" (it has {0})",
        ]
            => (Digest, None);
        TagAndDigest = "tag_and_digest", Warning, ["tag {0} is ignored because a digest is given"]
            => (Reference, None);
        DefaultRegistry = "default_registry", Info, ["no registry given: \"docker.io\" is used"]
            => (Registry, None);
        DefaultTag = "default_tag", Info, ["no tag given: \"latest\" is used"]
            => (Tag, None);
        OfficialImage = "official_image", Info, ["{0} is read as the official docker hub image \"library/{1}\""]
            => (Namespace, None);
        DefaultOrganization = "default_organization", Info,
            ["no namespace given: a digest reference uses the docker organization \"ibm\""]
            => (Namespace, None);
        PublicRegistry = "public_registry", Info,
            ["docker hub is public: store enterprise images in a private registry"]
            => (Registry, None);
        IcrUnknownDomain = "icr_unknown_domain", Warning,
            ["registry {0} is not a known ibm cloud container registry domain"]
            => (Registry, None);
        DeprecatedRegistryDomain = "deprecated_registry_domain", Warning,
            ["registry {0} is deprecated: use {1}", "registry {0} is deprecated: use an icr.io domain"]
            => (Registry, None);
        OwnerMustBeLowercase = "owner_must_be_lowercase", Error, ["github owner {0} must be lowercase on ghcr.io"]
            => (Namespace, None);
        // ---- oci profile (SPEC §1.4): each with Some("<distribution error class>") ----
        OciNameEmpty = "oci_name_empty", Error, ["reference \"\" has no repository name"]
            => (Reference, Some("ErrNameEmpty"));
        OciEmpty = "oci_empty", Error, ["image reference \"\" is empty: enter an image name"]
            => (Reference, Some("ErrReferenceInvalidFormat"));
        OciSchemeNotAllowed = "oci_scheme_not_allowed", Error, ["remove {0}: an image reference is not a url"]
            => (Reference, Some("ErrReferenceInvalidFormat"));
        OciUserinfoNotAllowed = "oci_userinfo_not_allowed", Error, [USERINFO]
            => (Reference, Some("ErrReferenceInvalidFormat"));
        OciInvalidCharacter = "oci_invalid_character", Error, ["character {0} is not allowed in an image reference"]
            => (Reference, Some("ErrReferenceInvalidFormat"));
        OciRegistryInvalid = "oci_registry_invalid", Error, ["registry {0} is not a valid host name or address"]
            => (Registry, Some("ErrReferenceInvalidFormat"));
        OciPortInvalid = "oci_port_invalid", Error, ["registry {0} has port {1}: a port must be a number"]
            => (Registry, Some("ErrReferenceInvalidFormat"));
        OciPathComponentEmpty = "oci_path_component_empty", Error, ["repository {0} has an empty path component"]
            => (Repository, Some("ErrReferenceInvalidFormat"));
        OciPathInvalidCharacter = "oci_path_invalid_character", Error,
            ["repository {0} contains {1}: only lowercase letters, digits, \".\", \"_\", \"-\" and \"/\" are allowed"]
            => (Repository, Some("ErrReferenceInvalidFormat"));
        OciPathBadStartOrEnd = "oci_path_bad_start_or_end", Error,
            ["repository {0}: each path component must begin and end with a lowercase letter or digit"]
            => (Repository, Some("ErrReferenceInvalidFormat"));
        OciPathSeparator = "oci_path_separator", Error,
            ["repository {0} has separator {1}: use one \".\", one or two \"_\", or any number of \"-\""]
            => (Repository, Some("ErrReferenceInvalidFormat"));
        OciUppercase = "oci_uppercase", Error, [LOWERCASE]
            => (Repository, Some("ErrNameContainsUppercase"));
        OciRepositoryUppercase = "oci_repository_uppercase", Error, [LOWERCASE]
            => (Repository, Some("fmt:uppercase-repository"));
        OciHexIdentifier = "oci_hex_identifier", Error,
            ["reference {0} is a 64-character hexadecimal image id, not a repository name"]
            => (Reference, Some("fmt:hex-identifier"));
        OciNameTooLong = "oci_name_too_long", Error, [TOO_LONG]
            => (Repository, Some("ErrNameTooLong"));
        OciNameNotCanonical = "oci_name_not_canonical", Error, ["reference {0} is not in canonical form"]
            => (Reference, Some("ErrNameNotCanonical"));
        OciTagEmpty = "oci_tag_empty", Error, ["tag \"\" is empty: add a tag or remove the \":\""]
            => (Tag, Some("ErrReferenceInvalidFormat"));
        OciTagBadStart = "oci_tag_bad_start", Error, ["tag {0} must not begin with \".\" or \"-\""]
            => (Tag, Some("ErrReferenceInvalidFormat"));
        OciTagInvalidCharacter = "oci_tag_invalid_character", Error,
            ["tag {0} contains {1}: only letters, digits, \"_\", \".\" and \"-\" are allowed"]
            => (Tag, Some("ErrReferenceInvalidFormat"));
        OciTagTooLong = "oci_tag_too_long", Error, [TOO_LONG]
            => (Tag, Some("ErrReferenceInvalidFormat"));
        OciTagInvalid = "oci_tag_invalid", Error, ["tag {0} is not a valid tag"]
            => (Tag, Some("ErrTagInvalidFormat"));
        OciDigestInvalid = "oci_digest_invalid", Error, [
            "digest {0} is incomplete: it is an algorithm, \":\" and at least 32 hexadecimal digits",
            "digest {0} must be an algorithm, \":\" and at least 32 hexadecimal digits",
            "digest {0} contains {1}: it is an algorithm, \":\" and at least 32 hexadecimal digits",
        ]
            => (Digest, Some("ErrReferenceInvalidFormat"));
        OciDigestFormat = "oci_digest_format", Error, ["digest {0} is not a valid digest"]
            => (Digest, Some("ErrDigestInvalidFormat"));
        OciDigestEncoding = "oci_digest_encoding", Error, ["digest {0} must use lowercase hexadecimal digits"]
            => (Digest, Some("digest.ErrDigestInvalidFormat"));
        OciDigestLength = "oci_digest_length", Error, ["{0} digest {1} must have {2} hexadecimal digits, not {3}"]
            => (Digest, Some("digest.ErrDigestInvalidLength"));
        OciDigestUnsupported = "oci_digest_unsupported", Error,
            ["digest algorithm {0} is not supported: use sha256, sha384 or sha512"]
            => (Digest, Some("digest.ErrDigestUnsupported"));
    }
}
