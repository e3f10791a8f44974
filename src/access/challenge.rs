//! The `WWW-Authenticate` header (RFC 7235 §4.1, grammar of §2.1 and RFC
//! 7230 §3.2.6): one or more challenges per header, and one or more headers.
//!
//! ```text
//! challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-param = token BWS "=" BWS ( token / quoted-string )
//! token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! Hand-written because the crates that parse this header either belong to
//! a web framework (hyperx, headers) or handle only one scheme; the grammar
//! is small, and its one subtlety (a comma separates both challenges and
//! parameters: `Basic realm="a", Bearer realm="b"`) is settled by looking
//! ahead for `token =`. The parser is lenient: it never fails, it keeps what
//! it could read (a registry's odd header should still be understood).

/// One challenge: its scheme as written, and its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme as written (`Bearer`, `basic`); compare with
    /// [`Challenge::is`].
    pub scheme: String,
    /// Parameters with lowercase names, values unquoted, in order.
    pub params: Vec<(String, String)>,
    /// The token68 form (`Negotiate abc==`), when the challenge uses it.
    pub token68: Option<String>,
}

impl Challenge {
    /// Whether the scheme is `scheme`, ignoring ASCII case.
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The first parameter named `name`, ignoring ASCII case.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Every challenge of every header value given, in order.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Challenge> {
    let mut out = Vec::new();
    for v in values {
        out.extend(parse(v));
    }
    out
}

/// The challenges of one header value.
pub fn parse(value: &str) -> Vec<Challenge> {
    let mut p = Parser { s: value.as_bytes(), i: 0 };
    let mut out = Vec::new();
    loop {
        p.skip_list_separators();
        if p.at_end() {
            return out;
        }
        let Some(scheme) = p.token() else {
            // Not a challenge: skip to the next comma.
            p.skip_past_comma();
            continue;
        };
        let mut challenge = Challenge { scheme, ..Challenge::default() };
        let had_space = p.skip_ws();
        if had_space && !p.at_end() && p.peek() != Some(b',') {
            if let Some(t68) = p.token68() {
                challenge.token68 = Some(t68);
            } else {
                p.params(&mut challenge.params);
            }
        }
        out.push(challenge);
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips spaces and tabs; true when there were some.
    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i > start
    }

    /// Skips whitespace and empty list elements (`, ,`).
    fn skip_list_separators(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }

    fn skip_past_comma(&mut self) {
        while let Some(b) = self.peek() {
            self.i += 1;
            if b == b',' {
                return;
            }
        }
    }

    fn token(&mut self) -> Option<String> {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    /// A token68 when the text here is one followed by the end of the
    /// challenge (end or comma); otherwise nothing is consumed.
    fn token68(&mut self) -> Option<String> {
        let start = self.i;
        let mut j = start;
        while self.s.get(j).copied().is_some_and(is_token68_char) {
            j += 1;
        }
        if j == start {
            return None;
        }
        while self.s.get(j) == Some(&b'=') {
            j += 1;
        }
        let text_end = j;
        while matches!(self.s.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if j < self.s.len() && self.s[j] != b',' {
            return None;
        }
        self.i = j;
        Some(String::from_utf8_lossy(&self.s[start..text_end]).into_owned())
    }

    /// Whether the text here is `token BWS "="` (the start of a parameter,
    /// not of the next challenge). Consumes nothing.
    fn param_ahead(&self) -> bool {
        let mut j = self.i;
        let start = j;
        while self.s.get(j).copied().is_some_and(is_tchar) {
            j += 1;
        }
        if j == start {
            return false;
        }
        while matches!(self.s.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        self.s.get(j) == Some(&b'=')
    }

    /// `#auth-param`, up to the next challenge or the end.
    fn params(&mut self, params: &mut Vec<(String, String)>) {
        loop {
            if !self.param_ahead() {
                return;
            }
            let name = self.token().unwrap_or_default().to_ascii_lowercase();
            self.skip_ws();
            self.i += 1; // the "=" param_ahead saw
            self.skip_ws();
            let value = if self.peek() == Some(b'"') { self.quoted() } else { self.token().unwrap_or_default() };
            params.push((name, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.skip_list_separators();
                }
                None => return,
                // Garbage after a value: skip to the next element.
                Some(_) => {
                    self.skip_past_comma();
                    self.skip_list_separators();
                }
            }
        }
    }

    /// A quoted string at `"`, unescaped; an unterminated one runs to the end.
    fn quoted(&mut self) -> String {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(next) = self.peek() {
                        out.push(next);
                        self.i += 1;
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(c: &Challenge) -> Vec<(&str, &str)> {
        c.params.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    #[test]
    fn docker_hub() {
        let c = parse(r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#);
        assert_eq!(c.len(), 1);
        assert!(c[0].is("bearer"));
        assert_eq!(params(&c[0]), [("realm", "https://auth.docker.io/token"), ("service", "registry.docker.io")]);
    }

    #[test]
    fn several_challenges_in_one_header() {
        let c = parse(r#"Basic realm="a, b", Bearer realm="https://x/token",service=reg, Negotiate"#);
        let schemes: Vec<&str> = c.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["Basic", "Bearer", "Negotiate"]);
        assert_eq!(c[0].param("realm"), Some("a, b"));
        assert_eq!(params(&c[1]), [("realm", "https://x/token"), ("service", "reg")]);
        assert!(c[2].params.is_empty());
    }

    #[test]
    fn several_headers() {
        let c = parse_all([r#"Basic realm="r""#, r#"Bearer realm="https://t""#]);
        assert_eq!(c.len(), 2);
        assert!(c[1].is("BEARER"));
    }

    #[test]
    fn case_insensitive_scheme_and_names() {
        let c = parse(r#"bEaReR ReAlM="https://t", SERVICE="s""#);
        assert!(c[0].is("Bearer"));
        assert_eq!(c[0].param("realm"), Some("https://t"));
        assert_eq!(c[0].param("Service"), Some("s"));
    }

    #[test]
    fn escapes_in_quoted_strings() {
        let c = parse(r#"Basic realm="say \"hi\" \\ there", charset="UTF-8""#);
        assert_eq!(c[0].param("realm"), Some(r#"say "hi" \ there"#));
        assert_eq!(c[0].param("charset"), Some("UTF-8"));
    }

    #[test]
    fn commas_inside_quotes() {
        let c = parse(r#"Bearer realm="https://t/token",scope="repository:a:pull,push""#);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].param("scope"), Some("repository:a:pull,push"));
    }

    #[test]
    fn token68() {
        let c = parse("Negotiate YIIB+/x==, Basic realm=x");
        assert_eq!(c[0].token68.as_deref(), Some("YIIB+/x=="));
        assert!(c[1].is("basic"));
        assert_eq!(c[1].param("realm"), Some("x"));
        let c = parse("NTLM abc");
        assert_eq!(c[0].token68.as_deref(), Some("abc"));
    }

    #[test]
    fn whitespace_around_equals_and_empty_elements() {
        let c = parse(r#" , Bearer realm = "https://t" ,, service= s ,"#);
        assert_eq!(c.len(), 1);
        assert_eq!(params(&c[0]), [("realm", "https://t"), ("service", "s")]);
    }

    #[test]
    fn token_values_and_a_following_scheme_with_params() {
        let c = parse("Basic realm=simple, Newauth realm=x, title=y");
        assert_eq!(c.len(), 2);
        assert_eq!(params(&c[1]), [("realm", "x"), ("title", "y")]);
    }

    #[test]
    fn malformed_input_is_read_leniently() {
        assert!(parse("").is_empty());
        assert!(parse(" , ,").is_empty());
        let c = parse(r#"Bearer realm="unterminated"#);
        assert_eq!(c[0].param("realm"), Some("unterminated"));
        let c = parse(r#"Bearer realm="a" junk, Basic"#);
        assert_eq!(c.len(), 2);
        let c = parse("=x, Basic realm=\"r\\");
        assert_eq!(c.last().unwrap().param("realm"), Some("r"));
        let c = parse("Bearer realm=\"é\\é\"");
        assert_eq!(c[0].param("realm"), Some("éé"));
    }
}
