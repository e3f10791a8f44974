//! The narrow YAML reader for Secret manifests as `kubectl get secret -o yaml`
//! prints them.

use serde_json::{Map, Value};

/// A first line like `apiVersion: v1` or `kind: Secret` (possibly after
/// `---` or comments).
pub(super) fn looks_like_yaml(t: &str) -> bool {
    t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---").is_some_and(|l| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        })
    })
}

/// Reads a Secret manifest in YAML as `kubectl get secret NAME -o yaml`
/// prints it: block mappings, plain and quoted scalars, `|`/`>` block
/// scalars (annotations such as `last-applied-configuration`), comments and
/// `---`. Only what a registry secret needs is kept: top-level scalars and
/// the scalars under `metadata`, `data` and `stringData`; other subtrees
/// (lists such as `ownerReferences`, `managedFields`) are skipped whole.
///
/// Hand-written on purpose: that subset of YAML is a few dozen lines, while
/// a general YAML crate would multiply the size of the wasm module for one
/// optional input shape. Anything outside the subset (flow collections,
/// anchors, tags, tabs) is an error naming the line, never a guess.
pub(super) fn yaml_manifest(text: &str) -> Result<Map<String, Value>, (usize, &'static str)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let mut root = Map::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut seen = false;
    let mut i = 0;
    while i < lines.len() {
        let (raw, n) = (lines[i], i + 1);
        i += 1;
        if blank(raw) {
            continue;
        }
        let t = raw.trim();
        if t == "---" || t.starts_with("--- ") || t == "..." {
            if seen {
                break; // only the first document
            }
            continue;
        }
        let indent = indent_of(raw);
        if raw[indent..].starts_with('\t') {
            return Err((n, "tabs are not allowed for indentation"));
        }
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        let section = match stack.as_slice() {
            [] => None,
            [(_, k)] if k == "metadata" || k == "data" || k == "stringData" => Some(k.clone()),
            _ => continue, // inside a subtree nobody reads
        };
        seen = true;
        let content = &raw[indent..];
        if content == "-" || content.starts_with("- ") {
            // A list (ownerReferences, finalizers, List items): skip it.
            while i < lines.len()
                && (blank(lines[i])
                    || indent_of(lines[i]) > indent
                    || (indent_of(lines[i]) == indent && lines[i][indent..].starts_with('-')))
            {
                i += 1;
            }
            continue;
        }
        let (key, rest) = yaml_key(content).ok_or((n, "expected \"key: value\""))?;
        let rest = rest.trim();
        let more = |i: usize| i < lines.len() && (blank(lines[i]) || indent_of(lines[i]) > indent);
        let value = if rest.is_empty() || rest.starts_with('#') {
            // A nested mapping (or null when nothing is nested).
            if more(i) && lines[i..].iter().find(|l| !blank(l)).is_some_and(|l| indent_of(l) > indent) {
                if section.is_none() {
                    if matches!(key.as_str(), "metadata" | "data" | "stringData") {
                        root.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
                    }
                    stack.push((indent, key));
                    continue;
                }
                // A mapping inside metadata (labels, annotations): skip it.
                stack.push((indent, key));
                continue;
            }
            Value::Null
        } else if rest.starts_with('|') || rest.starts_with('>') {
            let start = i;
            while more(i) {
                i += 1;
            }
            Value::String(yaml_block(rest, &lines[start..i]).ok_or((n, "unsupported block scalar header"))?)
        } else if rest.starts_with('"') || rest.starts_with('\'') {
            let mut joined = rest.to_string();
            while !yaml_quoted_complete(&joined) && more(i) {
                joined.push('\n');
                joined.push_str(lines[i].trim());
                i += 1;
            }
            Value::String(yaml_quoted(&joined).ok_or((n, "unterminated or malformed quoted string"))?)
        } else if rest.starts_with(['{', '[']) {
            match rest {
                "{}" => Value::Object(Map::new()),
                "[]" => Value::Array(Vec::new()),
                _ => return Err((n, "flow collections ({...}, [...]) are not read")),
            }
        } else if rest.starts_with(['&', '*', '!']) {
            return Err((n, "anchors, aliases and tags are not read"));
        } else {
            // A plain scalar, possibly continued on more indented lines.
            let mut v = rest.split(" #").next().unwrap_or("").trim_end().to_string();
            while more(i) {
                if !blank(lines[i]) {
                    v.push(' ');
                    v.push_str(lines[i].trim());
                }
                i += 1;
            }
            if v == "null" || v == "~" {
                Value::Null
            } else {
                Value::String(v)
            }
        };
        match section {
            None => {
                root.insert(key, value);
            }
            Some(sec) => {
                if let Some(Value::Object(m)) = root.get_mut(&sec) {
                    m.insert(key, value);
                }
            }
        }
    }
    Ok(root)
}

/// `key: rest` or `key:` with a plain or quoted key.
pub(super) fn yaml_key(content: &str) -> Option<(String, &str)> {
    if content.starts_with('"') || content.starts_with('\'') {
        let q = content.as_bytes()[0] as char;
        let end = content[1..].find(q)? + 1;
        let key = yaml_quoted(&content[..=end])?;
        let rest = content[end + 1..].trim_start().strip_prefix(':')?;
        return Some((key, rest));
    }
    let end = content.find(": ").or_else(|| content.strip_suffix(':').map(|k| k.len()))?;
    let key = content[..end].trim_end();
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), &content[end + 1..]))
}

/// Whether a quoted scalar (possibly over several lines) is closed.
pub(super) fn yaml_quoted_complete(s: &str) -> bool {
    let q = s.as_bytes()[0];
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return true;
        }
        i += 1;
    }
    false
}

/// The value of a single- or double-quoted scalar (line breaks already
/// joined with `\n`, folded to spaces here); `None` when malformed.
pub(super) fn yaml_quoted(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    let inner = s.get(1..)?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    loop {
        let c = chars.next()?;
        match c {
            c if c == q => {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                // Only a comment may follow the closing quote.
                let rest: String = chars.collect();
                let rest = rest.trim();
                return (rest.is_empty() || rest.starts_with('#')).then_some(out);
            }
            '\n' => {
                // A line break folds to a space; an empty line is a newline.
                if chars.peek() == Some(&'\n') {
                    while chars.peek() == Some(&'\n') {
                        chars.next();
                        out.push('\n');
                    }
                } else {
                    out.push(' ');
                }
            }
            '\\' if q == '"' => {
                let e = chars.next()?;
                match e {
                    '\n' => {} // escaped line break: joined without a space
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    't' | '\t' => out.push('\t'),
                    'n' => out.push('\n'),
                    'v' => out.push('\u{b}'),
                    'f' => out.push('\u{c}'),
                    'r' => out.push('\r'),
                    'e' => out.push('\u{1b}'),
                    ' ' => out.push(' '),
                    '"' => out.push('"'),
                    '/' => out.push('/'),
                    '\\' => out.push('\\'),
                    'N' => out.push('\u{85}'),
                    '_' => out.push('\u{a0}'),
                    'L' => out.push('\u{2028}'),
                    'P' => out.push('\u{2029}'),
                    'x' | 'u' | 'U' => {
                        let len = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..len).map(|_| chars.next()).collect::<Option<String>>()?;
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
}

/// A `|` (literal) or `>` (folded) block scalar from its header and lines.
pub(super) fn yaml_block(header: &str, lines: &[&str]) -> Option<String> {
    let header = header.split(" #").next().unwrap_or("").trim_end();
    let (style, flags) = header.split_at(1);
    if !flags.chars().all(|c| matches!(c, '-' | '+' | '1'..='9')) {
        return None;
    }
    let explicit = flags.chars().find(|c| c.is_ascii_digit()).and_then(|c| c.to_digit(10)).map(|d| d as usize);
    let first = lines.iter().find(|l| !l.trim().is_empty());
    let indent = explicit.or_else(|| first.map(|l| l.len() - l.trim_start_matches(' ').len())).unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or("")).collect();
    let mut text = if style == "|" {
        body.join("\n")
    } else {
        let mut out = String::new();
        for (k, l) in body.iter().enumerate() {
            if k > 0 {
                out.push(if l.is_empty() || body[k - 1].is_empty() { '\n' } else { ' ' });
            }
            out.push_str(l);
        }
        out
    };
    let trimmed_len = text.trim_end_matches('\n').len();
    if flags.contains('+') {
        text.push('\n');
    } else {
        text.truncate(trimmed_len);
        if !flags.contains('-') && !text.is_empty() {
            text.push('\n');
        }
    }
    Some(text)
}
