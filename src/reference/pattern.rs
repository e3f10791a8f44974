//! Go's `path.Match`, ported for upstream's `FamiliarMatch`. Hand-written
//! because `FamiliarMatch` must agree with Go byte for byte (including which
//! patterns are syntax errors, e.g. `[-x]`), and glob crates differ on those
//! details.

use std::fmt;

/// Go's `path.ErrBadPattern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternError;

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("syntax error in pattern")
    }
}

impl std::error::Error for PatternError {}

/// Whether `name` matches the shell pattern `pattern` (`*` any run without
/// `/`, `?` one character other than `/`, `[...]` a class, `\` escapes).
pub fn path_match(mut pattern: &str, mut name: &str) -> Result<bool, PatternError> {
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest unless it has a `/`.
            return Ok(!name.contains('/'));
        }
        let (t, ok, err) = match_chunk(chunk, name);
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if let Some(e) = err {
            return Err(e);
        }
        if star {
            // Try skipping i+1 bytes of name, never a `/`.
            let bytes = name.as_bytes();
            let mut i = 0;
            while i < bytes.len() && bytes[i] != b'/' {
                // Go slices at byte offsets; skip to character boundaries so
                // the port cannot panic (a non-boundary slice would only fail
                // to match in Go as well, since chunks decode whole runes).
                if !name.is_char_boundary(i + 1) {
                    i += 1;
                    continue;
                }
                let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                if let Some(e) = err {
                    return Err(e);
                }
                i += 1;
            }
        }
        // Before answering false, check the rest of the pattern's syntax.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            if let (_, _, Some(e)) = match_chunk(chunk, "") {
                return Err(e);
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(mut pattern: &str) -> (bool, &str, &str) {
    let mut star = false;
    while let Some(rest) = pattern.strip_prefix('*') {
        pattern = rest;
        star = true;
    }
    let b = pattern.as_bytes();
    let mut in_range = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if i + 1 < b.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    // `i` is at an ASCII byte or the end, except after a `\` that skipped
    // into a multi-byte character; step to the boundary.
    while !pattern.is_char_boundary(i) {
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Go's `matchChunk`: the rest of `s` after `chunk`, whether it matched, and
/// a syntax error (checked even after the match has failed).
fn match_chunk<'a>(mut chunk: &str, mut s: &'a str) -> (&'a str, bool, Option<PatternError>) {
    let mut failed = false;
    while let Some(c0) = chunk.chars().next() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match c0 {
            '[' => {
                let mut r = '\0';
                if !failed {
                    let c = s.chars().next().unwrap_or('\0');
                    r = c;
                    s = &s[c.len_utf8()..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if let Some(rest) = chunk.strip_prefix('^') {
                    negated = true;
                    chunk = rest;
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if nrange > 0 {
                        if let Some(rest) = chunk.strip_prefix(']') {
                            chunk = rest;
                            break;
                        }
                    }
                    let lo;
                    match get_esc(chunk) {
                        Ok((c, rest)) => {
                            lo = c;
                            chunk = rest;
                        }
                        Err(e) => return ("", false, Some(e)),
                    }
                    let mut hi = lo;
                    if let Some(rest) = chunk.strip_prefix('-') {
                        match get_esc(rest) {
                            Ok((c, rest)) => {
                                hi = c;
                                chunk = rest;
                            }
                            Err(e) => return ("", false, Some(e)),
                        }
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            '?' => {
                if !failed {
                    let c = s.chars().next().unwrap_or('\0');
                    if c == '/' {
                        failed = true;
                    }
                    s = &s[c.len_utf8().min(s.len())..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                let mut c = c0;
                if c == '\\' {
                    chunk = &chunk[1..];
                    match chunk.chars().next() {
                        Some(n) => c = n,
                        None => return ("", false, Some(PatternError)),
                    }
                }
                // Go compares bytes; comparing the whole character is the
                // same on valid UTF-8.
                if !failed {
                    if s.starts_with(c) {
                        s = &s[c.len_utf8()..];
                    } else {
                        failed = true;
                        // Go advances one byte; any advance keeps "failed".
                        let n = s.chars().next().map_or(0, char::len_utf8);
                        s = &s[n..];
                    }
                }
                chunk = &chunk[c.len_utf8()..];
            }
        }
    }
    if failed {
        ("", false, None)
    } else {
        (s, true, None)
    }
}

/// Go's `getEsc`: one possibly escaped character of a class.
fn get_esc(mut chunk: &str) -> Result<(char, &str), PatternError> {
    match chunk.chars().next() {
        None | Some('-') | Some(']') => return Err(PatternError),
        Some('\\') => {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err(PatternError);
            }
        }
        _ => {}
    }
    let c = chunk.chars().next().ok_or(PatternError)?;
    let rest = &chunk[c.len_utf8()..];
    if rest.is_empty() {
        return Err(PatternError);
    }
    Ok((c, rest))
}

#[cfg(test)]
mod tests {
    use super::path_match;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_examples() {
        assert_eq!(path_match("abc", "abc"), Ok(true));
        assert_eq!(path_match("*", "abc"), Ok(true));
        assert_eq!(path_match("*c", "abc"), Ok(true));
        assert_eq!(path_match("a*/b", "a/c/b"), Ok(false));
        assert_eq!(path_match("a*b*c*d*e*/f", "axbxcxdxe/f"), Ok(true));
        assert_eq!(path_match("a[^a-c]c", "abc"), Ok(false));
        assert_eq!(path_match("a?c", "a/c"), Ok(false));
        assert!(path_match("[-x]", "x").is_err());
        assert!(path_match("a[", "a").is_err());
        assert!(path_match("*x\\", "a").is_err());
        assert_eq!(path_match("foo/**/ba[rz]", "foo/a/bar"), Ok(true));
    }
}
