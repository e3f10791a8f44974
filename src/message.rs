//! Diagnostics as data: a finding is a code, a location and arguments; its
//! message is rendered on demand from the templates its code declares.
//!
//! Every family of codes (image references, registry and secret checks,
//! configs, access checks, image policies) declares its codes with
//! [`declare_codes!`]: one row per code with its stable name, severity and
//! message templates (several wordings per code, chosen by a message's
//! `form`). That row is the only place where a message's wording lives.
//! Templates use `{0}`, `{1}`, … for the arguments; a quoted [`Arg`] renders
//! as a double-quoted string with escapes, cut to [`QUOTE_LIMIT`]
//! characters with the `…` inside the quotes, so no message grows with its
//! input. [`Message`] is a message as data; `Display` renders it.
//!
//! Each family keeps its own enum and table rather than one table of every
//! code: the image module of the package (built without the `full`
//! feature) must not carry the secret and config tables, and codes with the
//! same name in two families (`empty`, `icr_unknown_domain`, …) say
//! different things. The matching explanations are a family too
//! (`kubelet`); the errors of the edits, of pinning and of policies are
//! private kinds worded by their `Display`, with quotes capped through
//! [`Quote`].
//!
//! This module is the bottom layer of the diagnostics: it names no other
//! module (`diagnostics` re-exports its `Severity`).

use smallvec::SmallVec;
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

/// One argument of a message template: a piece of the input (quoted, or
/// escaped inside the template's own quotes), a fixed word, a number, or
/// text of its own (a copy of the input, or text the library built).
///
/// The owned variants hold a `Box<str>`, not a `String`, so that an
/// argument is three words: a validation holds its notes inline and is
/// moved whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Shown in double quotes with Rust's Debug escapes, cut to
    /// [`QUOTE_LIMIT`] characters and `…` (inside the quotes).
    Quoted(&'a str),
    /// Escaped as in a quote, without the quotes (the template has them).
    Escaped(&'a str),
    /// A word of the program's, shown as is.
    Word(&'static str),
    /// A number (a status, a count, a length).
    Number(u64),
    /// [`Arg::Quoted`] of a copy (user or server text kept apart from its
    /// input).
    OwnedQuoted(Box<str>),
    /// [`Arg::Escaped`] of a copy.
    OwnedEscaped(Box<str>),
    /// Text the library chose or built (a host, a list of quoted keys, a
    /// nested message), shown as is.
    Plain(Box<str>),
}

impl<'a> Arg<'a> {
    /// User or server text, shown quoted ([`Arg::OwnedQuoted`]).
    pub fn quoted(s: impl Into<String>) -> Arg<'a> {
        Arg::OwnedQuoted(s.into().into_boxed_str())
    }
    /// Text the library built, shown as is ([`Arg::Plain`]).
    pub fn plain(s: impl Into<String>) -> Arg<'a> {
        Arg::Plain(s.into().into_boxed_str())
    }
    /// The same argument, owning its text.
    pub fn into_owned(self) -> Arg<'static> {
        match self {
            Arg::Quoted(s) => Arg::OwnedQuoted(s.into()),
            Arg::Escaped(s) => Arg::OwnedEscaped(s.into()),
            Arg::Word(w) => Arg::Word(w),
            Arg::Number(n) => Arg::Number(n),
            Arg::OwnedQuoted(s) => Arg::OwnedQuoted(s),
            Arg::OwnedEscaped(s) => Arg::OwnedEscaped(s),
            Arg::Plain(s) => Arg::Plain(s),
        }
    }
    /// The text this argument shows (unquoted), if it is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Arg::Quoted(s) | Arg::Escaped(s) => Some(s),
            Arg::Word(w) => Some(w),
            Arg::Number(_) => None,
            Arg::OwnedQuoted(s) | Arg::OwnedEscaped(s) | Arg::Plain(s) => Some(s),
        }
    }
    fn write(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Arg::Quoted(s) => write_quoted(out, s),
            Arg::Escaped(s) => write_escaped(out, s),
            Arg::Word(w) => out.write_str(w),
            Arg::Number(n) => write!(out, "{n}"),
            Arg::OwnedQuoted(s) => write_quoted(out, s),
            Arg::OwnedEscaped(s) => write_escaped(out, s),
            Arg::Plain(s) => out.write_str(s),
        }
    }
}

/// The declaration of one code: its row of the family's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The stable snake_case code.
    pub name: &'static str,
    pub severity: Severity,
    /// The message's wordings, chosen by a message's `form`; `{N}` is
    /// argument N. At least one.
    pub templates: &'static [&'static str],
}

/// A code enum whose rows were declared with [`declare_codes!`].
pub trait Declared: Copy + Eq + fmt::Debug + 'static {
    /// Every code, in table order.
    const ALL: &'static [Self];
    fn declaration(self) -> &'static Declaration;
    /// The code named `name` (`"timeout"`), if there is one.
    fn from_name(name: &str) -> Option<Self>;
    fn as_str(self) -> &'static str {
        self.declaration().name
    }
    fn severity(self) -> Severity {
        self.declaration().severity
    }
    fn templates(self) -> &'static [&'static str] {
        self.declaration().templates
    }
    /// The first template (the only one of most codes).
    fn template(self) -> &'static str {
        self.templates()[0]
    }
}

/// A message as data: the code, its template number `form` and the
/// arguments, rendered by `Display` (and compared with a string by
/// rendering it).
#[derive(Clone, PartialEq, Eq)]
pub struct Message<'a, C> {
    pub code: C,
    pub form: u8,
    pub args: SmallVec<[Arg<'a>; 2]>,
}

impl<'a, C: Declared> Message<'a, C> {
    pub fn new(code: C, form: u8, args: impl IntoIterator<Item = Arg<'a>>) -> Message<'a, C> {
        // One push at a time rather than `collect`: this is instantiated for
        // every kind of argument list the families pass (arrays of each
        // length, vectors, chains), and `extend`'s fast path is large code
        // for the .wasm while a message has a handful of arguments.
        let mut list = SmallVec::new();
        for arg in args {
            list.push(arg);
        }
        Message { code, form, args: list }
    }
    /// The template this message renders (the last one when `form` is out
    /// of range; each row has at least one).
    pub fn template(&self) -> &'static str {
        let t = self.code.templates();
        t[usize::from(self.form).min(t.len() - 1)]
    }
    /// The same message, owning its text.
    pub fn into_owned(self) -> Message<'static, C> {
        Message { code: self.code, form: self.form, args: self.args.into_iter().map(Arg::into_owned).collect() }
    }
}

impl<C: Declared> fmt::Display for Message<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(f, self.template(), &self.args)
    }
}

impl<C: Declared> fmt::Debug for Message<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// Whether `m` renders as `want`, compared piece by piece as it renders.
fn renders_as(m: &dyn fmt::Display, want: &str) -> bool {
    struct Compare<'w> {
        rest: &'w str,
    }
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.rest = self.rest.strip_prefix(s).ok_or(fmt::Error)?;
            Ok(())
        }
    }
    let mut c = Compare { rest: want };
    fmt::write(&mut c, format_args!("{m}")).is_ok() && c.rest.is_empty()
}

impl<C: Declared> PartialEq<str> for Message<'_, C> {
    fn eq(&self, other: &str) -> bool {
        renders_as(self, other)
    }
}

impl<C: Declared> PartialEq<&str> for Message<'_, C> {
    fn eq(&self, other: &&str) -> bool {
        renders_as(self, other)
    }
}

impl<C: Declared> PartialEq<String> for Message<'_, C> {
    fn eq(&self, other: &String) -> bool {
        renders_as(self, other)
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

/// [`Quote`] of anything that is text.
pub fn q<S: AsRef<str> + ?Sized>(s: &S) -> Quote<'_> {
    Quote(s.as_ref())
}

/// Renders `template` with `args` into `out`. A `{N}` without an argument
/// renders as nothing (each family's table test catches that); braces
/// around anything but a number are text.
pub fn render(out: &mut impl fmt::Write, template: &str, args: &[Arg]) -> fmt::Result {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.write_str(&rest[..open])?;
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return out.write_str(&rest[open..]);
        };
        match after[..close].parse::<usize>() {
            Ok(i) if i < args.len() => args[i].write(out)?,
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

/// Writes `s` in double quotes with Rust's Debug escapes (`"`, `\`, control
/// characters), cut to [`QUOTE_LIMIT`] characters with the `…` inside the
/// quotes (`"aaa…"`): the one quoting style of every message.
pub fn write_quoted(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
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
/// cut like [`write_quoted`].
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

/// Declares a family of codes: the enum, its [`Declared`] impl (`ALL`,
/// `from_name`, the declaration table: the only place each message's
/// wording lives), the same as inherent items (so callers need no import)
/// and `Display` (the name).
///
/// Each row: variant, name, severity and the templates (an array, or a
/// constant array several rows share). With `with TYPE` after the enum's
/// name, each row ends in `=> EXPR` too, the family's own facts of that
/// code (the image codes' component and distribution error class), read
/// back with `data()`.
///
/// ```ignore
/// declare_codes! {
///     /// Access check codes.
///     pub enum AccessCode {
///         Timeout = "timeout", Error, ["the registry did not answer within {0} ms"];
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! declare_codes {
    ($(#[$meta:meta])* pub enum $name:ident with $data_ty:ty {
        $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $severity:ident, $templates:expr => $data:expr; )*
    }) => {
        $crate::declare_codes! {
            $(#[$meta])* pub enum $name { $( $(#[$vmeta])* $variant = $code, $severity, $templates; )* }
        }
        impl $name {
            // A table rather than a `match`: a match returning tuples of
            // pointers compiles to code per row, a table to data.
            const DATA: &'static [$data_ty] = &[ $( $data, )* ];
            /// The family's own facts of this code, from its row.
            pub fn data(self) -> $data_ty {
                Self::DATA[self as usize]
            }
        }
    };
    ($(#[$meta:meta])* pub enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $severity:ident, $templates:expr; )*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        #[allow(dead_code)] // Not every family calls each of these.
        impl $name {
            /// Every code, in table order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];
            const TABLE: &'static [$crate::message::Declaration] = &[ $(
                $crate::message::Declaration {
                    name: $code,
                    severity: $crate::message::Severity::$severity,
                    templates: &$templates,
                },
            )* ];

            /// The code named `name` (`"timeout"`), if there is one.
            pub fn from_name(name: &str) -> Option<$name> {
                match name { $( $code => Some($name::$variant), )* _ => None }
            }
            /// The stable snake_case name.
            pub fn as_str(self) -> &'static str {
                Self::TABLE[self as usize].name
            }
            /// How bad a finding with this code is.
            pub fn severity(self) -> $crate::message::Severity {
                Self::TABLE[self as usize].severity
            }
            /// The message's wordings, by form.
            pub fn templates(self) -> &'static [&'static str] {
                Self::TABLE[self as usize].templates
            }
            /// The first template (the only one of most codes).
            pub fn template(self) -> &'static str {
                Self::TABLE[self as usize].templates[0]
            }
        }

        impl $crate::message::Declared for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn declaration(self) -> &'static $crate::message::Declaration {
                &Self::TABLE[self as usize]
            }
            fn from_name(name: &str) -> Option<$name> {
                $name::from_name(name)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
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
            Plain = "plain", Error, ["no arguments"];
            Two = "two", Warning, ["{0} then {1} ({2})", "{0} alone"];
        }
    }

    crate::declare_codes! {
        /// A family with data per row.
        pub enum DataCode with u8 {
            One = "one", Info, ["one"] => 1;
        }
    }

    #[test]
    fn renders_from_the_table() {
        let m = Message::new(TestCode::Two, 0, [Arg::quoted("a\"b"), Arg::plain("host"), Arg::Number(7)]);
        assert_eq!(m.to_string(), r#""a\"b" then host (7)"#);
        assert!(m == r#""a\"b" then host (7)"#);
        assert_eq!(Message { form: 1, ..m.clone() }.to_string(), r#""a\"b" alone"#);
        assert_eq!(Message { form: 9, ..m }.to_string(), r#""a\"b" alone"#);
        assert_eq!(TestCode::Two.severity(), Severity::Warning);
        assert_eq!(TestCode::from_name("plain"), Some(TestCode::Plain));
        assert_eq!(<TestCode as Declared>::from_name("two"), Some(TestCode::Two));
        assert_eq!(TestCode::ALL, [TestCode::Plain, TestCode::Two]);
        assert_eq!(<TestCode as Declared>::ALL, TestCode::ALL);
        assert_eq!(arity(TestCode::Two.template()), 3);
        assert_eq!(arity(TestCode::Plain.template()), 0);
        assert_eq!((DataCode::One.data(), DataCode::One.as_str()), (1, "one"));
        let mut text = String::new();
        render(&mut text, "wrap in {\"auths\": ...} {0}", &[Arg::Number(1)]).unwrap();
        assert_eq!(text, "wrap in {\"auths\": ...} 1");
    }

    #[test]
    fn an_argument_is_three_words() {
        assert_eq!(std::mem::size_of::<Arg>(), 3 * std::mem::size_of::<usize>());
    }

    #[test]
    fn quotes_are_capped_with_the_ellipsis_inside() {
        let mut out = String::new();
        write_quoted(&mut out, &"\"".repeat(300)).unwrap();
        assert_eq!(out, format!("\"{}…\"", "\\\"".repeat(QUOTE_LIMIT)));
        let mut out = String::new();
        write_quoted(&mut out, "a\"b").unwrap();
        assert_eq!(out, r#""a\"b""#);
        let mut out = String::new();
        write_escaped(&mut out, &"é".repeat(201)).unwrap();
        assert_eq!(out, format!("{}…", "é".repeat(QUOTE_LIMIT)));
        let m = Message::new(TestCode::Two, 1, [Arg::quoted("x".repeat(1000))]);
        assert_eq!(m.to_string(), format!("\"{}…\" alone", "x".repeat(QUOTE_LIMIT)));
        assert_eq!(format!("{:?}", q(&"y".repeat(201))), format!("\"{}…\"", "y".repeat(QUOTE_LIMIT)));
    }
}
