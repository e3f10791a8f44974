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
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            _ => None,
        };
        let needs_hex = matches!(c, '\u{0}'..='\u{1f}' | '<' | '>' | '&');
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

/// `s` as a Go `encoding/json` string literal.
pub fn string(s: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn escapes_like_go() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
        assert_eq!(string("\u{0}\u{1f}\u{7f}"), "\"\\u0000\\u001f\u{7f}\"");
        assert_eq!(string("<a&b>"), r#""\u003ca\u0026b\u003e""#);
        assert_eq!(string("\u{2028}\u{2029}é😀"), "\"\\u2028\\u2029é😀\"");
    }
}
