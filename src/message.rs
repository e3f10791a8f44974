//! Diagnostics as data: a finding is a code, a location and arguments; its
//! message is rendered on demand from the one template its code declares.
//!
//! Families of codes (access checks, image policies, registry conventions)
//! declare their codes with [`declare_codes!`]: one row per code with its
//! stable name, severity and message template. That row is the only place
//! where a message's wording lives. Templates use `{0}`, `{1}`, … for the
//! arguments; [`Arg::Quoted`] renders as a double-quoted string with escapes,
//! cut to [`QUOTE_LIMIT`] characters, so no message grows with its input.
//!
//! The image reference codes (`diagnostics::Code`) keep their templates in
//! their own table (several wordings per code, chosen by the message's
//! form) and render with the same walk ([`render_with`]); their quotes put
//! the `…` inside the quotes ([`write_quoted_inside`]), as they always did.
//! The registry and secret codes (`codes::SecretCode`) and the config
//! codes (`dockerconfig::ConfigCode`) do the same with these [`Arg`]s.
//! Other messages (errors of the edits, the matching explanations) are
//! still formatted where they are found, with quotes capped through
//! [`Quote`].
//!
//! This module is the bottom layer of the diagnostics: it names no other
//! module (`diagnostics` re-exports its `Severity`).

use std::fmt;

/// How bad a diagnostic is. Only `Error` makes a reference invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// At most this many characters of any quoted text appear in a message.
pub const QUOTE_LIMIT: usize = 200;

/// One argument of a message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text the user gave or a server answered, shown in double quotes.
    Quoted(String),
    /// Text the library chose (a host, a code, a list it built), shown as is.
    Plain(String),
    /// A number (a status, a count, a length).
    Number(u64),
}

impl Arg {
    pub fn quoted(s: impl Into<String>) -> Arg {
        Arg::Quoted(s.into())
    }
    pub fn plain(s: impl Into<String>) -> Arg {
        Arg::Plain(s.into())
    }
}

/// The declaration of one code: its row of the family's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The stable snake_case code.
    pub name: &'static str,
    pub severity: Severity,
    /// The message, with `{N}` for argument N.
    pub template: &'static str,
}

/// A code enum whose rows were declared with [`declare_codes!`].
pub trait Declared: Copy + 'static {
    fn declaration(self) -> &'static Declaration;
    fn as_str(self) -> &'static str {
        self.declaration().name
    }
    fn severity(self) -> Severity {
        self.declaration().severity
    }
    fn template(self) -> &'static str {
        self.declaration().template
    }
}

/// Writes `s` in double quotes with Rust's Debug escapes (`"`, `\`, control
/// characters), cut to [`QUOTE_LIMIT`] characters with a trailing `…`.
pub fn write_quoted(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    match cut(s) {
        (text, false) => write!(out, "{text:?}"),
        (text, true) => write!(out, "{text:?}…"),
    }
}

/// User or server text that a `format!` quotes with `{name:?}`: its Debug
/// is [`write_quoted`], so the quote is capped at [`QUOTE_LIMIT`]
/// characters (`format!("key {server:?}", server = Quote(server))`).
#[derive(Clone, Copy)]
pub struct Quote<'a>(pub &'a str);

impl fmt::Debug for Quote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quoted(f, self.0)
    }
}

/// [`Quote`] with the image reference families' `…` inside the quotes
/// ([`write_quoted_inside`]), for their fixes' labels.
#[derive(Clone, Copy)]
pub struct QuoteInside<'a>(pub &'a str);

impl fmt::Debug for QuoteInside<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quoted_inside(f, self.0)
    }
}

/// [`Quote`] of anything that is text.
pub fn q<S: AsRef<str> + ?Sized>(s: &S) -> Quote<'_> {
    Quote(s.as_ref())
}

/// Renders `template` with `args` into `out`. A `{N}` without an argument
/// renders as nothing (each family's table test catches that); braces
/// around anything but a number are text.
pub fn render(out: &mut impl fmt::Write, template: &str, args: &[Arg]) -> fmt::Result {
    render_with(out, template, args.len(), |out, i| match &args[i] {
        Arg::Quoted(s) => write_quoted(out, s),
        Arg::Plain(s) => out.write_str(s),
        Arg::Number(n) => write!(out, "{n}"),
    })
}

/// The template walk of [`render`], for any family's arguments: `arg`
/// writes argument `i` (below `n`).
pub fn render_with<W: fmt::Write>(
    out: &mut W,
    template: &str,
    n: usize,
    mut arg: impl FnMut(&mut W, usize) -> fmt::Result,
) -> fmt::Result {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.write_str(&rest[..open])?;
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return out.write_str(&rest[open..]);
        };
        match after[..close].parse::<usize>() {
            Ok(i) if i < n => arg(out, i)?,
            Ok(_) => {}
            // Not a placeholder (`{"auths": ...}` in a config message): text.
            Err(_) => out.write_str(&rest[open..open + 2 + close])?,
        }
        rest = &after[close + 1..];
    }
    out.write_str(rest)
}

/// `s` cut to [`QUOTE_LIMIT`] characters (and whether it was cut).
fn cut(s: &str) -> (&str, bool) {
    match s.char_indices().nth(QUOTE_LIMIT) {
        None => (s, false),
        Some((at, _)) => (&s[..at], true),
    }
}

/// Writes `s` in double quotes with Rust's Debug escapes, cut to
/// [`QUOTE_LIMIT`] characters with the `…` inside the quotes (the image
/// reference families' style: `"aaa…"`).
pub fn write_quoted_inside(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    let (text, was_cut) = cut(s);
    if !was_cut {
        return write!(out, "{text:?}");
    }
    // Debug writes the closing quote last: hold each `"` back until
    // something follows it, and drop the final one.
    struct HoldQuote<'w, W: fmt::Write> {
        out: &'w mut W,
        held: bool,
    }
    impl<W: fmt::Write> fmt::Write for HoldQuote<'_, W> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            if s.is_empty() {
                return Ok(());
            }
            if std::mem::take(&mut self.held) {
                self.out.write_char('"')?;
            }
            match s.strip_suffix('"') {
                Some(head) => {
                    self.held = true;
                    self.out.write_str(head)
                }
                None => self.out.write_str(s),
            }
        }
    }
    use fmt::Write as _;
    let mut hold = HoldQuote { out, held: false };
    write!(hold, "{text:?}")?;
    out.write_str("…\"")
}

/// Writes `s` with Debug escapes but no quotes (the template has them),
/// cut like [`write_quoted_inside`].
pub fn write_escaped(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    let (text, was_cut) = cut(s);
    write!(out, "{}", text.escape_debug())?;
    if was_cut {
        out.write_char('…')?;
    }
    Ok(())
}

/// The number of arguments a template uses (one more than its highest
/// `{N}`), for the tests that check each row against its producers.
pub fn arity(template: &str) -> usize {
    let mut n = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        if let Ok(i) = after[..close].parse::<usize>() {
            n = n.max(i + 1);
        }
        rest = &after[close + 1..];
    }
    n
}

/// A code whose table gives several templates, chosen by a message's
/// `form` (the registry and secret codes, the config codes).
pub trait Templates: Copy {
    fn templates(self) -> &'static [&'static str];
}

/// A message as data for a code with [`Templates`]: the code, its template
/// number `form` and the arguments; `Display` renders it (quotes capped at
/// [`QUOTE_LIMIT`] characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Templated<C> {
    pub code: C,
    pub form: u8,
    pub args: Vec<Arg>,
}

impl<C: Templates> Templated<C> {
    /// The template this message renders (the last one when `form` is out
    /// of range; each table has at least one).
    pub fn template(&self) -> &'static str {
        let t = self.code.templates();
        t[usize::from(self.form).min(t.len() - 1)]
    }
}

impl<C: Templates> fmt::Display for Templated<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(f, self.template(), &self.args)
    }
}

/// A message as data, rendered by `Display`.
#[derive(Clone, Copy)]
pub struct Rendered<'a> {
    pub template: &'a str,
    pub args: &'a [Arg],
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(f, self.template, self.args)
    }
}

/// Declares a family of codes: the enum, `ALL`, `from_name` and the
/// declaration table (the only place each message's wording lives).
///
/// ```ignore
/// declare_codes! {
///     /// Access check codes.
///     pub enum AccessCode {
///         Timeout = "timeout", Error, "the registry did not answer within {0} ms";
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! declare_codes {
    ($(#[$meta:meta])* pub enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $severity:ident, $template:literal; )*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl $name {
            /// Every code, in table order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The code named `name` (`"timeout"`), if there is one.
            pub fn from_name(name: &str) -> Option<$name> {
                match name { $( $code => Some($name::$variant), )* _ => None }
            }
        }

        impl $crate::message::Declared for $name {
            fn declaration(self) -> &'static $crate::message::Declaration {
                const TABLE: &[$crate::message::Declaration] = &[ $(
                    $crate::message::Declaration {
                        name: $code,
                        severity: $crate::message::Severity::$severity,
                        template: $template,
                    },
                )* ];
                &TABLE[self as usize]
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::message::Declared::as_str(*self))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::declare_codes! {
        /// A family for the tests of this module.
        pub enum TestCode {
            Plain = "plain", Error, "no arguments";
            Two = "two", Warning, "{0} then {1} ({2})";
        }
    }

    #[test]
    fn renders_from_the_table() {
        let args = [Arg::quoted("a\"b"), Arg::plain("host"), Arg::Number(7)];
        let text = Rendered { template: TestCode::Two.template(), args: &args }.to_string();
        assert_eq!(text, r#""a\"b" then host (7)"#);
        assert_eq!(TestCode::Two.severity(), Severity::Warning);
        assert_eq!(TestCode::from_name("plain"), Some(TestCode::Plain));
        assert_eq!(TestCode::ALL, [TestCode::Plain, TestCode::Two]);
        assert_eq!(arity(TestCode::Two.template()), 3);
        assert_eq!(arity(TestCode::Plain.template()), 0);
        let text = Rendered { template: "wrap in {\"auths\": ...} {0}", args: &[Arg::Number(1)] }.to_string();
        assert_eq!(text, "wrap in {\"auths\": ...} 1");
    }

    #[test]
    fn quotes_inside_are_capped_with_the_ellipsis_inside() {
        let mut out = String::new();
        write_quoted_inside(&mut out, &"\"".repeat(300)).unwrap();
        assert_eq!(out, format!("\"{}…\"", "\\\"".repeat(QUOTE_LIMIT)));
        let mut out = String::new();
        write_quoted_inside(&mut out, "a\"b").unwrap();
        assert_eq!(out, r#""a\"b""#);
        let mut out = String::new();
        write_escaped(&mut out, &"é".repeat(201)).unwrap();
        assert_eq!(out, format!("{}…", "é".repeat(QUOTE_LIMIT)));
    }

    #[test]
    fn quotes_are_capped() {
        let long = "x".repeat(1000);
        let text = Rendered { template: "{0}", args: &[Arg::Quoted(long)] }.to_string();
        assert_eq!(text, format!("{:?}…", "x".repeat(QUOTE_LIMIT)));
    }
}
