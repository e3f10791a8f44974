//! JSON helpers of the reader: the parse that also reports duplicate keys,
//! syntax errors as diagnostics, and serde_json's pretty bytes for fixes.

use super::decode;
use super::read::Cx;
use super::*;
use serde_json::{Map, Value};

/// `serde_json::to_string_pretty(v)`, from the crate's one value writer:
/// serde_json's serializer brings its own copies of the formatting code
/// into the WebAssembly for the two fixes that print a manifest. Same bytes
/// (the unit test compares).
pub(super) fn pretty(v: &Value) -> String {
    let mut out = String::new();
    crate::gojson::write_value(&mut out, v, crate::gojson::Style::SerdePretty);
    out
}

/// A string as serde_json writes it: `"` and `\\` escaped, the control
/// characters below U+0020 as `\b \f \n \r \t` or `\u00xx`, the rest as is
/// (Go's writer also escapes `<`, `>`, `&`): the one JSON string writer.
pub(super) fn serde_string(out: &mut String, s: &str) {
    crate::gojson::write_string_as(out, s, false)
}

/// serde_json's parse into a `Value`, also listing keys that appear more
/// than once in one object (serde_json, like Go, keeps the last silently).
pub(super) fn parse_json(text: &str) -> Result<(Value, Vec<(String, String)>), serde_json::Error> {
    use serde::de::DeserializeSeed as _;
    let dups = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = DupSeed(&dups).deserialize(&mut de)?;
    de.end()?;
    Ok((value, dups.into_inner()))
}

/// Builds a `Value` like serde_json's own, recording duplicate keys.
#[derive(Clone, Copy)]
pub(super) struct DupSeed<'a>(&'a std::cell::RefCell<Vec<(String, String)>>);

impl<'de> serde::de::DeserializeSeed<'de> for DupSeed<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for DupSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            // Go sets a struct field from every key that folds to its name,
            // in document order, so the last one counts; `null` leaves a
            // string field as it was. One key per field is kept, so readers
            // look each field up once (`decode::get`).
            if let Some(field) = decode::is_struct_field(&key) {
                let earlier = out.keys().find(|k| decode::is_struct_field(k) == Some(field)).cloned();
                if let Some(earlier) = earlier {
                    self.0.borrow_mut().push((earlier.clone(), key.clone()));
                    if value.is_null() && decode::ENTRY_FIELDS.contains(&field) {
                        continue;
                    }
                    out.remove(&earlier);
                    out.insert(key, value);
                    continue;
                }
            }
            if out.insert(key.clone(), value).is_some() {
                self.0.borrow_mut().push((key.clone(), key));
            }
        }
        Ok(Value::Object(out))
    }
}

pub(super) fn is_manifest(obj: &Map<String, Value>) -> bool {
    ["apiVersion", "kind", "data", "stringData", "metadata"].iter().any(|k| obj.contains_key(*k))
}

pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) fn json_error(cx: &mut Cx, text: &str, e: &serde_json::Error) {
    let (line, column) = (e.line(), e.column());
    // serde_json's message without its " at line L column C" suffix; its
    // messages never quote the input, so no secret can leak through them.
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full).to_string();
    let span = if cx.plain {
        let offset = offset_of(text, line, column);
        let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        Span::new(offset, end)
    } else {
        cx.whole()
    };
    let inside = if cx.plain { "" } else { " (in the decoded value)" };
    let args = vec![Arg::Number(line as u64), Arg::Number(column as u64), Arg::plain(inside), Arg::plain(what)];
    cx.diags.add(ConfigCode::InvalidJson, ConfigLocation::new(ConfigField::Config, None), span, 0, args);
    if let Some(d) = cx.diags.last_mut() {
        d.location.line = Some(line);
        d.location.column = Some(column);
    }
}

/// The byte offset of serde_json's 1-based line and byte column (column 0
/// means the line's start), clamped to the text and to a char boundary.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let mut offset = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod pretty_tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The hand-written writers give serde_json's own bytes.
    #[test]
    fn same_bytes_as_serde_json() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            r#"{}"#,
            r#"[]"#,
            r#"{"a":{},"b":[],"c":[{}],"d":[[]]}"#,
            r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x","labels":{"a":"b"}},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"eyJ9"}}"#,
            r#"[null,true,false,0,-1,18446744073709551615,-9223372036854775808,1.5,-0.0,0.1,1e300,2.5e-8,123456789.125,1E2]"#,
            r#"{"s":"quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f del  <>& é 😀 \u2028"}"#,
            r#"{"nested":{"deeper":{"deepest":[1,[2,[3,{"k":"v"}]]]}}}"#,
        ];
        for t in texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            assert_eq!(super::pretty(&v), serde_json::to_string_pretty(&v).unwrap(), "{t}");
        }
        let v = serde_json::Value::String(all_controls.clone());
        assert_eq!(super::pretty(&v), serde_json::to_string_pretty(&v).unwrap());
        for s in ["", "plain", "a\"b", "\\", &all_controls, "\u{7f}\u{80}\u{2028}<>&"] {
            let mut out = String::new();
            super::serde_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
