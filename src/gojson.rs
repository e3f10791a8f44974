//! A JSON writer that produces exactly the bytes of Go's `encoding/json`,
//! which is what kubectl stores in a `.dockerconfigjson`.
//!
//! Written by hand on purpose: serde_json escapes differently from Go (it
//! leaves `<`, `>`, `&`, U+2028 and U+2029 as they are and writes other
//! control characters as `\u001f` the same way but `\u007f` raw), and the
//! golden files are byte-exact. Reading JSON is left to serde_json.

/// Appends `s` as a Go `encoding/json` string literal (with the quotes).
///
/// Go escapes `"` and `\`, writes `\b \f \n \r \t` short, other control
/// characters as `\u00XX` (lowercase hex), and, HTML-safe by default, `<`,
/// `>`, `&` as `\u003c` `\u003e` `\u0026` and U+2028, U+2029 as `\u2028`,
/// `\u2029`. Everything else is copied as UTF-8.
pub fn write_string(out: &mut String, s: &str) {
    write_string_as(out, s, true)
}

/// A JSON string as Go writes it (`go`: [`write_string`]) or as serde_json
/// does (no `\u003c`-style escapes of `<`, `>`, `&`, U+2028 and U+2029):
/// one writer for both, as the reader's fixes print serde_json's bytes.
pub(crate) fn write_string_as(out: &mut String, s: &str, go: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{2028}' if go => Some("\\u2028"),
            '\u{2029}' if go => Some("\\u2029"),
            _ => None,
        };
        let needs_hex = matches!(c, '\u{0}'..='\u{1f}') || (go && matches!(c, '<' | '>' | '&'));
        if short.is_none() && !needs_hex {
            continue;
        }
        out.push_str(&s[start..i]);
        match short {
            Some(esc) => out.push_str(esc),
            None => {
                let b = c as u8;
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// How [`write_value`] writes: Go's `encoding/json` for an `interface{}`
/// (compact, object keys sorted byte-wise, Go's string escaping), or
/// `serde_json::to_string_pretty` (two-space indent, `": "`, keys in the
/// map's order, serde_json's escaping).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Go,
    SerdePretty,
}

/// Any JSON value in `style`: the one value writer (serde_json's own
/// serializer would bring its formatting code into the WebAssembly for the
/// two fixes that print a manifest; Go's bytes it cannot write at all).
pub(crate) fn write_value(out: &mut String, v: &serde_json::Value, style: Style) {
    write_value_at(out, v, style, 0)
}

fn write_value_at(out: &mut String, v: &serde_json::Value, style: Style, depth: usize) {
    use serde_json::Value;
    let pretty = style == Style::SerdePretty;
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string_as(out, s, !pretty),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value_at(out, x, style, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(m) => {
            let mut fields: Vec<(&String, &Value)> = m.iter().collect();
            if !pretty {
                // Sorted explicitly: serde_json's map is insertion-ordered
                // when some crate in the build enables `preserve_order`.
                fields = sorted_fields(fields);
            }
            out.push('{');
            for (i, (k, x)) in fields.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string_as(out, k, !pretty);
                out.push_str(if pretty { ": " } else { ":" });
                write_value_at(out, x, style, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// An object's fields sorted byte-wise by name (names in a JSON object read
/// by serde_json are unique), through the crate's one shared sort.
pub(crate) fn sorted_fields<'a, V>(fields: Vec<(&'a String, &'a V)>) -> Vec<(&'a String, &'a V)> {
    let order = stable_order(fields.len(), &|a, b| fields[a].0.cmp(fields[b].0));
    order.into_iter().map(|i| fields[i]).collect()
}

/// `s` as a Go `encoding/json` string literal.
pub fn string(s: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::string;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn escapes_like_go() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
        assert_eq!(string("\u{0}\u{1f}\u{7f}"), "\"\\u0000\\u001f\u{7f}\"");
        assert_eq!(string("<a&b>"), r#""\u003ca\u0026b\u003e""#);
        assert_eq!(string("\u{2028}\u{2029}é😀"), "\"\\u2028\\u2029é😀\"");
    }
}

/// One registry's entry in a `.dockerconfigjson`, with the fields kubectl's
/// `DockerConfigEntry` has, in its field order. Every field is `omitempty`
/// in kubectl, so an empty field is left out of the output.
///
/// `Debug` redacts `password` and `auth` (hand-written on purpose).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AuthEntry {
    pub username: String,
    pub password: String,
    pub email: String,
    /// Padded standard base64 of `username:password`.
    pub auth: String,
}

impl AuthEntry {
    /// An entry as `kubectl create secret docker-registry` builds it: `auth`
    /// is the padded standard base64 of `username:password`.
    pub fn new(username: &str, password: &str, email: &str) -> AuthEntry {
        use base64::Engine as _;
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}").as_bytes());
        AuthEntry { username: username.to_string(), password: password.to_string(), email: email.to_string(), auth }
    }
}

impl std::fmt::Debug for AuthEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redact = |s: &str| if s.is_empty() { "" } else { "<redacted>" };
        f.debug_struct("AuthEntry")
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .field("email", &self.email)
            .field("auth", &redact(&self.auth))
            .finish()
    }
}

/// Appends one entry as Go's `encoding/json` writes kubectl's
/// `DockerConfigEntry`: compact, fields in the order username, password,
/// email, auth, empty fields omitted.
pub fn write_auth_entry(out: &mut String, entry: &AuthEntry) {
    out.push('{');
    let mut first = true;
    for (key, value) in
        [("username", &entry.username), ("password", &entry.password), ("email", &entry.email), ("auth", &entry.auth)]
    {
        if value.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_string(out, key);
        out.push(':');
        write_string(out, value);
    }
    out.push('}');
}

/// The order that sorts `n` items stably by `cmp` (which compares items by
/// index): the one sort the crate's writers and lookups share. Every
/// `sort_by` or `BTreeMap` over a new element type compiles a new copy of
/// the standard library's sort or tree (4 to 8 KB of WebAssembly each);
/// sorting indices through a `dyn` comparator compiles it once.
#[inline(never)]
pub(crate) fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// The whole `{"auths":{...}}` document exactly as kubectl stores it in a
/// `.dockerconfigjson`: compact, keys sorted byte-wise (Go sorts map keys
/// that way), each entry by [`write_auth_entry`]. When a key appears more
/// than once the last entry wins, as it would in a Go map.
///
/// Shared by secret creation and by the editing functions of
/// `dockerconfig`, so both write the same bytes.
pub fn auths_document<'a, I>(entries: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a AuthEntry)>,
{
    write_auths(&entries.into_iter().collect::<Vec<_>>())
}

/// [`auths_document`]'s body, compiled once whatever the iterator type.
fn write_auths(all: &[(&str, &AuthEntry)]) -> String {
    let order = stable_order(all.len(), &|a, b| all[a].0.cmp(all[b].0));
    let mut out = String::from("{\"auths\":{");
    let mut first = true;
    for (n, &i) in order.iter().enumerate() {
        let (key, entry) = all[i];
        // Equal keys are adjacent, in input order: write only the last.
        if order.get(n + 1).is_some_and(|&j| all[j].0 == key) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_string(&mut out, key);
        out.push(':');
        write_auth_entry(&mut out, entry);
    }
    out.push_str("}}");
    out
}

#[cfg(test)]
mod auths_tests {
    use super::{auths_document, AuthEntry};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_entry_like_kubectl() {
        let e = AuthEntry::new("u", "p", "");
        assert_eq!(
            auths_document([("https://index.docker.io/v1/", &e)]),
            r#"{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","auth":"dTpw"}}}"#
        );
    }

    #[test]
    fn keys_sorted_bytewise_and_last_wins() {
        let a = AuthEntry::new("a", "p", "e@x.io");
        let b = AuthEntry::new("b", "p", "");
        let c = AuthEntry::new("c", "p", "");
        assert_eq!(
            auths_document([("us.icr.io", &a), ("Z.io", &b), ("de.icr.io", &b), ("us.icr.io", &c)]),
            concat!(
                r#"{"auths":{"Z.io":{"username":"b","password":"p","auth":"Yjpw"}"#,
                r#","de.icr.io":{"username":"b","password":"p","auth":"Yjpw"}"#,
                r#","us.icr.io":{"username":"c","password":"p","auth":"Yzpw"}}}"#
            )
        );
    }

    #[test]
    fn debug_redacts() {
        let e = AuthEntry::new("u", "hunter2", "");
        let d = format!("{e:?}");
        assert!(!d.contains("hunter2") && !d.contains(&e.auth), "{d}");
    }
}
