//! The kubelet's decoding of a config (SPEC §3.3 "Decoding is the
//! kubelet's"): `pkg/credentialprovider/config.go` read with Go's
//! `encoding/json`. Where docker reads a file differently, the kubelet wins:
//! it is what a pull really uses.
//!
//! - Field names match case-insensitively (Go's `EqualFold`, an exact
//!   match preferred): `Auths`, `Username`, `AUTH` all count. The JSON parse
//!   (`json::parse_json`) already keeps one key per field, so a lookup here
//!   finds at most one.
//! - `auth` is padded standard base64 when it ends in `=` (after trimming
//!   spaces), unpadded standard base64 otherwise; `\r` and `\n` anywhere are
//!   skipped; the bytes split at the first `:`, and bytes that are not UTF-8
//!   still make a credential.
//!
//! Hand-written: the fold rule and the padding rule are the kubelet's, not
//! a general base64 or JSON library's.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde_json::{Map, Value};

/// The fields of the kubelet's `DockerConfigEntry` (plus `identitytoken`,
/// which docker writes and the kubelet ignores), lowercase.
pub(super) const ENTRY_FIELDS: &[&str] = &["username", "password", "email", "auth", "identitytoken"];

/// The fields of the kubelet's `DockerConfigJSON`, lowercase.
pub(super) const DOCUMENT_FIELDS: &[&str] = &["auths", "httpheaders"];

/// One character as Go's `EqualFold` compares it with an ASCII letter: the
/// only non-ASCII characters whose case folds reach ASCII letters are
/// U+017F (long s, folds with `s`) and U+212A (Kelvin sign, folds with `k`).
fn fold(c: char) -> char {
    match c {
        '\u{17f}' => 's',
        '\u{212a}' => 'k',
        c => c.to_ascii_lowercase(),
    }
}

/// Go's `strings.EqualFold(key, name)` for a field `name` written in ASCII.
pub(super) fn fold_eq(key: &str, name: &str) -> bool {
    let mut k = key.chars().map(fold);
    let mut n = name.chars().map(|c| c.to_ascii_lowercase());
    loop {
        match (k.next(), n.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The struct field among `fields` that the JSON key `key` sets, if any.
pub(super) fn field_of(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    fields.iter().copied().find(|f| fold_eq(key, f))
}

/// Whether `key` names one of the struct fields the reader decodes.
pub(super) fn is_struct_field(key: &str) -> Option<&'static str> {
    field_of(key, ENTRY_FIELDS).or_else(|| field_of(key, DOCUMENT_FIELDS))
}

/// The key and value that set field `name` of an object.
pub(super) fn get<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<(&'a String, &'a Value)> {
    // Exact first: it is the common case and Go prefers it.
    obj.get_key_value(name).or_else(|| obj.iter().find(|(k, _)| fold_eq(k, name)))
}

/// [`get`] on a sorted map (the document's top-level fields).
pub(super) fn get_tree<'a>(
    obj: &'a std::collections::BTreeMap<String, Value>,
    name: &str,
) -> Option<(&'a String, &'a Value)> {
    obj.get_key_value(name).or_else(|| obj.iter().find(|(k, _)| fold_eq(k, name)))
}

/// An `auth` field, decoded.
pub(super) struct Auth {
    /// All the decoded bytes (for a fix that re-encodes them).
    pub(super) bytes: Vec<u8>,
    /// The bytes before the first `:`, as text (bytes that are not UTF-8
    /// replaced with U+FFFD).
    pub(super) username: String,
    pub(super) username_is_text: bool,
    /// The bytes after it.
    pub(super) password: Vec<u8>,
    /// Written without the `=` padding its length needs (docker refuses that).
    pub(super) unpadded: bool,
}

/// Why an `auth` field does not decode. Never quotes it.
pub(super) const AUTH_NOT_STANDARD: &str =
    "it uses the URL-safe alphabet, spaces or incomplete padding; encode it as standard base64";
pub(super) const AUTH_PLAIN: &str = "it looks like plain \"username:password\"; it must be base64-encoded";
pub(super) const AUTH_NOT_BASE64: &str = "it is not base64";
pub(super) const AUTH_NO_COLON: &str = "it decodes to text without a \":\" between username and password";

/// Go's `base64.StdEncoding` (padding required, trailing bits allowed).
const GO_STD: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
/// Go's `base64.RawStdEncoding` (no padding allowed).
const GO_RAW: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// `auth` as the kubelet's `decodeDockerConfigFieldAuth` decodes it.
pub(super) fn auth(field: &str) -> Result<Auth, &'static str> {
    // Go's decoders skip `\r` and `\n` anywhere; nothing else.
    let cleaned: std::borrow::Cow<str> =
        if field.contains(['\r', '\n']) { field.replace(['\r', '\n'], "").into() } else { field.into() };
    let padded = field.trim().ends_with('=');
    let engine = if padded { &GO_STD } else { &GO_RAW };
    let bytes = match engine.decode(cleaned.as_bytes()) {
        Ok(b) => b,
        Err(_) => {
            return Err(if super::read::lenient_base64(field).is_some() {
                AUTH_NOT_STANDARD
            } else if field.contains(':') {
                AUTH_PLAIN
            } else {
                AUTH_NOT_BASE64
            })
        }
    };
    let colon = bytes.iter().position(|&b| b == b':').ok_or(AUTH_NO_COLON)?;
    Ok(Auth {
        username: String::from_utf8_lossy(&bytes[..colon]).into_owned(),
        username_is_text: std::str::from_utf8(&bytes[..colon]).is_ok(),
        password: bytes[colon + 1..].to_vec(),
        unpadded: !padded && cleaned.len() % 4 != 0,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn folds_like_go() {
        assert!(fold_eq("Auths", "auths"));
        assert!(fold_eq("AUTH", "auth"));
        assert!(fold_eq("u\u{17f}ername", "username"));
        assert!(!fold_eq("auth", "auths"));
        assert!(!fold_eq("usérname", "username"));
    }

    #[test]
    fn auth_padding_rule() {
        let ok = |s: &str| auth(s).map(|a| (a.username, String::from_utf8(a.password).unwrap(), a.unpadded));
        assert_eq!(ok("Zm9vOmJhcg==").unwrap(), ("foo".into(), "bar".into(), false));
        assert_eq!(ok("Zm9vOmJhcg").unwrap(), ("foo".into(), "bar".into(), true));
        assert_eq!(ok("Zm9vOm\nJhcg==\n").unwrap(), ("foo".into(), "bar".into(), false));
        assert_eq!(ok("dTpw").unwrap(), ("u".into(), "p".into(), false));
        assert!(auth("Zm9vOmJhcg== ").is_err());
        assert!(auth("Zm9vOmJhcg=").is_err());
        assert_eq!(auth("cGFudHM=").err(), Some(AUTH_NO_COLON));
        assert_eq!(auth("dTr/").unwrap().password, [0xff]);
    }
}
