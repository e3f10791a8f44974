//! The JavaScript binding: the only module that imports wasm-bindgen. It
//! converts inputs in and results out; `js/core.js` turns what crosses here
//! into the public API (`validateImage`, `parseImage`, ...).
//!
//! The image hot path crosses as numbers, not objects or messages (building
//! a JS object field by field through the boundary costs more than a
//! validation). JS writes the inputs into wasm memory (see [`validate`]);
//! Rust writes `u32` words, every offset in UTF-16 code units:
//!
//! ```text
//! call        blob address, then one result per input
//! result      flags (1 valid, 2-4 state, 8 normalized, 16 familiar, 32.. each component),
//!             diagnostic count, [normalized], [familiar], component item*
//! normalized  count, item*    (pieces joined by JS; familiar alike)
//! item        kind, a, b      RANGE input[a..b] | FIXED_TEXT FIXED[a] | BLOB blob bytes a..b
//! diagnostic  code | severity << 8 | component << 10 | fix << 13 | form << 16 | args << 24,
//!             span start, span end, arg*, [fix: label item, prefix, suffix, middle item]
//! arg         item | QUOTED or ESCAPED (| CUT) input[a..b] | NUMBER a + b << 32
//! ```
//!
//! JS renders each message from its code's templates, sent once by
//! [`tables`] from the code table (the only place the wording lives). A
//! fix's replacement is the input with `prefix` code units kept in front,
//! `suffix` at the end and the middle replaced, so a long input is not sent
//! back whole. The blob holds this call's texts that are no piece of the
//! input (fix labels, rare arguments) as UTF-8, never kept.

use crate::diagnostics::{Arg, Code, Component as C, Diagnostic, Lazy, Severity, State};
use crate::message::QUOTE_LIMIT;
use crate::reference::Profile;
use std::cell::RefCell;
use std::fmt::Write as _;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

// The name tables in each enum's declaration order: a value's discriminant
// is its index (`d.severity as u32`), no search; checked when compiling.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
const COMPONENTS: [C; 6] = [C::Reference, C::Registry, C::Namespace, C::Repository, C::Tag, C::Digest];
const STATES: [State; 3] = [State::Valid, State::Incomplete, State::Invalid];
const _: () = {
    assert!(Code::ALL.len() + BINDING_CODES.len() <= 256); // a code is 8 bits of its word
    let mut i = 0;
    while i < Code::ALL.len() {
        assert!(Code::ALL[i] as usize == i && (i >= 6 || COMPONENTS[i] as usize == i));
        assert!(i >= 3 || SEVERITIES[i] as usize == i && STATES[i] as usize == i);
        i += 1;
    }
};
/// Codes the binding adds to the code table, numbered after `Code::ALL`,
/// with their templates: `js/core.js` reports them. `invalid_utf16`: a lone
/// surrogate, {0} its unit in hex, {1} its index; it names the unit, never
/// the text around it (which may be a password).
const BINDING_CODES: &[(&str, &str)] =
    &[("invalid_utf16", "lone surrogate \\u{0} at index {1} is not valid unicode text")];

/// Texts of the library's own that results often hold (the pieces of a
/// normalized reference, words of messages), sent once and then named by
/// index. Any other text goes in the blob: this list saves bytes only.
const FIXED: [&str; 8] =
    [crate::registry_data::DOCKER_HUB_HOST, "/", "library/", "ibm/", ":latest", "leading", "trailing", "tag"];

// Kinds of items and arguments.
const RANGE: u32 = 0;
const FIXED_TEXT: u32 = 1;
const BLOB: u32 = 2;
const NUMBER: u32 = 3;
const QUOTED: u32 = 4;
const ESCAPED: u32 = 5;
const CUT: u32 = 8;

/// What JS needs once, at init, as JSON: the codes (the binding's last),
/// severities, components, states and fixed texts; per code its templates,
/// each as text and argument numbers alternating (split by the walk that
/// renders them in Rust, so both renderers read a template alike).
#[wasm_bindgen]
pub fn tables() -> String {
    let split = |t: &&str| {
        let mut s = String::new();
        let marks = (0..crate::message::arity(t)).map(|i| Arg::plain(format!("\u{1}{i}\u{1}")));
        let _ = crate::message::render(&mut s, t, &marks.collect::<Vec<_>>());
        s.split('\u{1}').map(String::from).collect::<Vec<_>>()
    };
    let binding = BINDING_CODES.iter().map(|(c, t)| (*c, std::slice::from_ref(t)));
    let codes = Code::ALL.iter().map(|c| (c.as_str(), c.templates())).chain(binding);
    let (names, templates): (Vec<_>, Vec<Vec<_>>) = codes.map(|(c, ts)| (c, ts.iter().map(split).collect())).unzip();
    let lists = (names, SEVERITIES.map(Severity::as_str), COMPONENTS.map(C::as_str), STATES.map(State::as_str), FIXED);
    json::answer(&(lists, templates))
}

#[derive(Default)]
struct Wire {
    /// The inputs, UTF-8 one after another, written by JS (`encodeInto`).
    input: Vec<u8>,
    /// Per input, written by JS: its length in UTF-16 code units.
    lengths: Vec<u32>,
    /// The result words read by JS.
    out: Vec<u32>,
    /// This call's texts.
    blob: String,
}

thread_local! {
    static WIRE: RefCell<Wire> = RefCell::new(Wire::default());
}

/// Makes room for `bytes` of input and `count` inputs; returns where JS
/// writes the input (JS keeps both while they are large enough).
#[wasm_bindgen]
pub fn input_buffer(bytes: usize, count: usize) -> *mut u8 {
    WIRE.with(|w| {
        let mut w = w.borrow_mut();
        w.lengths.resize(count, 0);
        w.input.resize(bytes, 0);
        w.input.as_mut_ptr()
    })
}

/// Where JS writes the lengths (valid until the next `input_buffer`).
#[wasm_bindgen]
pub fn lengths_buffer() -> *mut u32 {
    WIRE.with(|w| w.borrow_mut().lengths.as_mut_ptr())
}

/// Validates the first `count` inputs of the `bytes` of UTF-8 in the input
/// buffer; returns the address of the result words.
///
/// JS sends UTF-8 (`TextEncoder.encodeInto`: natively, half the cost of
/// copying code units one by one in JS, and no decoding here). It writes a
/// lone surrogate as U+FFFD (one code unit too, so the offsets stay right);
/// JS reports it (`invalid_utf16`) and marks that result invalid.
#[wasm_bindgen]
pub fn validate(bytes: usize, count: usize, oci: bool) -> *const u32 {
    WIRE.with(|w| {
        let w = &mut *w.borrow_mut();
        let profile = if oci { Profile::Oci } else { Profile::CodeEngine };
        let (input, lengths) = (std::mem::take(&mut w.input), std::mem::take(&mut w.lengths));
        w.out.clear();
        w.blob.clear();
        w.out.push(0);
        let mut rest = std::str::from_utf8(&input[..bytes.min(input.len())]).unwrap_or("");
        let ascii = rest.is_ascii();
        for &units in lengths.iter().take(count) {
            let n = if ascii { units as usize } else { byte_len(rest, units as usize) };
            let (text, tail) = rest.split_at_checked(n).unwrap_or((rest, ""));
            rest = tail;
            w.put_validation(&Input { text, ascii: ascii || text.is_ascii() }, profile);
        }
        (w.input, w.lengths) = (input, lengths);
        w.out[0] = w.blob.as_ptr() as u32;
        w.out.as_ptr()
    })
}

impl Wire {
    fn put_validation(&mut self, input: &Input, profile: Profile) {
        let v = crate::reference::validate(input.text, profile);
        let c = &v.components;
        let comps = [&c.registry, &c.namespace, &c.repository, &c.tag, &c.digest];
        let mut flags = u32::from(v.valid) | (v.state as u32) << 1;
        flags |= u32::from(v.normalized.is_some()) << 3 | u32::from(v.familiar.is_some()) << 4;
        for (i, c) in comps.iter().enumerate() {
            flags |= u32::from(c.is_some()) << (5 + i);
        }
        self.out.extend_from_slice(&[flags, v.diagnostics.len() as u32]);
        for lazy in [&v.normalized, &v.familiar].into_iter().flatten() {
            match lazy {
                Lazy::Pieces(p) => self.put_pieces(p, input),
                Lazy::Owned(s) => self.put_pieces(&[s], input),
            }
        }
        comps.into_iter().flatten().for_each(|c| self.put_text(c, input));
        for d in &v.diagnostics {
            self.put_diagnostic(d, input);
        }
    }

    fn put_diagnostic(&mut self, d: &Diagnostic, input: &Input) {
        let args = &d.message.args;
        let head = d.code as u32
            | (d.severity as u32) << 8
            | (d.location as u32) << 10
            | u32::from(d.fix.is_some()) << 13
            | u32::from(d.message.form) << 16
            | (args.len() as u32) << 24;
        self.out.extend_from_slice(&[head, input.utf16(d.span.start), input.utf16(d.span.end)]);
        args.iter().for_each(|a| self.put_arg(a, input));
        if let Some(fix) = &d.fix {
            self.put_blob(|b| b.write_str(&fix.label));
            // The common prefix and suffix, in whole characters (the suffix
            // after the prefix in both).
            let same = |(a, b): &(char, char)| a == b;
            let (old, new) = (input.text, &*fix.replacement);
            let pre: usize = old.chars().zip(new.chars()).take_while(same).map(|(c, _)| c.len_utf8()).sum();
            let tails = old[pre..].chars().rev().zip(new[pre..].chars().rev());
            let suf: usize = tails.take_while(same).map(|(c, _)| c.len_utf8()).sum();
            let end16 = input.utf16(old.len());
            self.out.extend_from_slice(&[input.utf16(pre), end16 - input.utf16(old.len() - suf)]);
            self.put_blob(|b| b.write_str(&new[pre..new.len() - suf]));
        }
    }

    /// One argument of a message. A quote of a piece of the input crosses as
    /// its range when JS renders it exactly as Rust's Debug does: JS escapes
    /// only ASCII (a table of seven cases); an argument with a non-ASCII
    /// character that Debug escapes (non-printable or grapheme-extending:
    /// Unicode tables JS does not have) is rendered here into the blob.
    /// That is rare; tests/js/rendering.test.mjs compares both renderers
    /// over the corpus and every code point. JS slices the input as typed:
    /// a quote of a lone surrogate shows it (Rust saw U+FFFD), as
    /// components and fixes do.
    fn put_arg(&mut self, arg: &Arg, input: &Input) {
        let (s, kind) = match arg {
            Arg::Quoted(s) => (*s, QUOTED),
            Arg::Escaped(s) => (*s, ESCAPED),
            Arg::OwnedQuoted(s) => (&**s, QUOTED),
            Arg::OwnedEscaped(s) => (&**s, ESCAPED),
            Arg::Word(w) => return self.put_text(w, input),
            Arg::Plain(s) => return self.put_text(s, input),
            Arg::Number(n) => return self.out.extend_from_slice(&[NUMBER, *n as u32, (*n >> 32) as u32]),
        };
        let (head, cut) = match (s.len() > QUOTE_LIMIT).then(|| s.char_indices().nth(QUOTE_LIMIT)).flatten() {
            Some((at, _)) => (&s[..at], CUT),
            None => (s, 0),
        };
        let plain = |s: &str| s.is_ascii() || s.chars().all(|c| c.is_ascii() || c.escape_debug().len() == 1);
        match offset_in(input.text, head) {
            Some(k) if input.ascii || plain(head) => {
                self.out.extend_from_slice(&[kind | cut, input.utf16(k), input.utf16(k + head.len())]);
            }
            _ if kind == QUOTED => self.put_blob(|b| crate::message::write_quoted(b, s)),
            _ => self.put_blob(|b| crate::message::write_escaped(b, s)),
        }
    }

    /// Pieces of a text, joined by JS (the empty ones left out).
    fn put_pieces(&mut self, pieces: &[&str], input: &Input) {
        self.out.push(pieces.iter().filter(|p| !p.is_empty()).count() as u32);
        pieces.iter().filter(|p| !p.is_empty()).for_each(|p| self.put_text(p, input));
    }

    /// A text: its range when it is a piece of the input, else its index
    /// in [`FIXED`], else in the blob.
    fn put_text(&mut self, s: &str, input: &Input) {
        if s.is_empty() {
            return self.out.extend_from_slice(&[RANGE, 0, 0]);
        }
        if let Some(k) = offset_in(input.text, s) {
            return self.out.extend_from_slice(&[RANGE, input.utf16(k), input.utf16(k + s.len())]);
        }
        match FIXED.iter().position(|f| f.as_ptr() == s.as_ptr() || *f == s) {
            Some(i) => self.out.extend_from_slice(&[FIXED_TEXT, i as u32, 0]),
            None => self.put_blob(|b| b.write_str(s)),
        }
    }

    fn put_blob(&mut self, write: impl FnOnce(&mut String) -> std::fmt::Result) {
        let from = self.blob.len() as u32;
        let _ = write(&mut self.blob);
        self.out.extend_from_slice(&[BLOB, from, self.blob.len() as u32]);
    }
}

/// One input, and whether it is ASCII (UTF-16 offsets are byte offsets).
struct Input<'a> {
    text: &'a str,
    ascii: bool,
}

impl Input<'_> {
    /// The UTF-16 offset of byte offset `i` (clamped: never panics).
    fn utf16(&self, i: usize) -> u32 {
        if self.ascii {
            return i.min(self.text.len()) as u32;
        }
        json::utf16_at(self.text, i) as u32
    }
}

/// The byte length of the first `units` UTF-16 code units of `text`.
fn byte_len(text: &str, units: usize) -> usize {
    let mut u = 0;
    for (i, c) in text.char_indices() {
        if u >= units {
            return i;
        }
        u += c.len_utf16();
    }
    text.len()
}

/// Where `piece` sits in `text` when it is borrowed from it (a validation's
/// components and quotes are): known from the addresses, without a search.
fn offset_in(text: &str, piece: &str) -> Option<usize> {
    let start = (piece.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + piece.len() <= text.len()).then_some(start)
}

mod json;
mod registry;
// The access check and secrets, configs, matching: the full module only (the
// image module, `registry-access/image`, is built without `full`; SPEC §7).
#[cfg(feature = "full")]
mod access;
#[cfg(feature = "full")]
mod full;
