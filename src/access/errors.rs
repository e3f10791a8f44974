//! Registry error bodies (OCI distribution spec, "Error Codes"):
//! `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…","detail":…}]}`.

use serde::Deserialize;

/// One entry of an error body; fields the registry left out are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryError {
    /// `NAME_UNKNOWN`, `MANIFEST_UNKNOWN`, `DENIED`, `TOOMANYREQUESTS`, …
    pub code: String,
    pub message: String,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    errors: Vec<serde_json::Value>,
}

/// The entries of `body`; none when it is not such a document.
pub fn parse(body: &[u8]) -> Vec<RegistryError> {
    let Ok(doc) = serde_json::from_slice::<Body>(body) else { return Vec::new() };
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    doc.errors
        .iter()
        .filter(|e| e.is_object())
        .map(|e| RegistryError { code: text(e, "code").to_ascii_uppercase(), message: text(e, "message") })
        .collect()
}

/// Whether one of `errors` has `code`.
pub fn has(errors: &[RegistryError], code: &str) -> bool {
    errors.iter().any(|e| e.code == code)
}

/// The first entry's text for a message, `CODE: message` (quoted later,
/// and so cut to the quote limit).
pub fn summary(errors: &[RegistryError]) -> Option<String> {
    let e = errors.first()?;
    Some(match (e.code.is_empty(), e.message.is_empty()) {
        (true, true) => return None,
        (false, true) => e.code.clone(),
        (true, false) => e.message.clone(),
        (false, false) => format!("{}: {}", e.code, e.message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_messages() {
        let body = br#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#;
        let e = parse(body);
        assert!(has(&e, "NAME_UNKNOWN"));
        assert_eq!(summary(&e).unwrap(), "NAME_UNKNOWN: repository name not known to registry");
        assert!(parse(b"<html>").is_empty());
        assert!(parse(br#"{"errors":[1,{"code":7}]}"#).iter().all(|e| e.code.is_empty()));
        assert_eq!(summary(&parse(br#"{"errors":[{}]}"#)), None);
        assert_eq!(parse(br#"{"errors":[{"code":"denied"}]}"#)[0].code, "DENIED");
    }
}
