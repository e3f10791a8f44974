//! The JavaScript binding: the only module that imports wasm-bindgen. It
//! converts inputs in and results out, nothing more; the package's
//! hand-written wrapper (`js/core.js`) turns what crosses here into the
//! public API (`validateImage`, `parseImage`, ...).
//!
//! Why a hand-made wire format instead of serde-wasm-bindgen: building a JS
//! object field by field through the boundary costs about 1.4 µs for four
//! strings, more than a whole validation. Instead:
//!
//! - JS writes each input as UTF-16 code units into a buffer in wasm memory
//!   (so a lone surrogate reaches Rust intact and is reported, instead of
//!   being silently replaced by U+FFFD as `TextEncoder` would do);
//! - Rust writes the results as `u32` words into another buffer; every
//!   string in a result is sent as `prefix + input[a..b] + suffix`, where
//!   `input[a..b]` (UTF-16 offsets) is sliced by JS from the string it
//!   already holds and `prefix`/`suffix` are ids of texts JS has already
//!   decoded (message templates like `" must not begin with "` repeat on
//!   every call, so they are decoded once and then only referenced);
//! - new texts travel as one UTF-8 blob that JS decodes with one
//!   `TextDecoder` call per validation (or per whole batch).
//!
//! Spans leave here in UTF-16 code units (JS string indices).

use crate::diagnostics::{Code, Component, Diagnostic, Severity, State, Validation};
use crate::reference::Profile;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Codes the binding adds to the table in `diagnostics` (JS-only failures).
/// They are numbered after `Code::ALL`.
const BINDING_CODES: &[&str] = &["invalid_utf16"];
const INVALID_UTF16: u32 = 0;

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
const COMPONENTS: [Component; 6] = [
    Component::Reference,
    Component::Registry,
    Component::Namespace,
    Component::Repository,
    Component::Tag,
    Component::Digest,
];
const STATES: [State; 3] = [State::Valid, State::Incomplete, State::Invalid];

/// Texts longer than this are sent once and not remembered by JS (a fix for
/// a megabyte-long input must not stay in memory).
const MAX_INTERNED_LEN: usize = 96;
/// When this many texts are remembered, both sides start over.
const MAX_INTERNED: u32 = 4096;
/// Marks a text id that refers to this call's non-remembered texts.
const LOCAL: u32 = 1 << 31;

/// The name tables JS needs to turn numbers back into strings, in the order
/// the numbers are written: codes, severities, components, states, each a
/// comma-separated list, joined by `;`.
#[wasm_bindgen]
pub fn tables() -> String {
    let mut s = String::new();
    for (i, c) in Code::ALL.iter().map(|c| c.as_str()).chain(BINDING_CODES.iter().copied()).enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(c);
    }
    s.push(';');
    push_list(&mut s, SEVERITIES.iter().map(|x| x.as_str()));
    s.push(';');
    push_list(&mut s, COMPONENTS.iter().map(|x| x.as_str()));
    s.push(';');
    push_list(&mut s, STATES.iter().map(|x| x.as_str()));
    s
}

fn push_list<'a>(s: &mut String, items: impl Iterator<Item = &'a str>) {
    for (i, x) in items.enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(x);
    }
}

#[derive(Default)]
struct Wire {
    /// UTF-16 inputs written by JS.
    input: Vec<u16>,
    /// Per-input lengths (in code units) for the bulk call.
    lengths: Vec<u32>,
    /// The result words read by JS.
    out: Vec<u32>,
    /// The current input decoded (a buffer kept between inputs).
    text: String,
    /// A message, or a normalized or familiar form, rendered (a buffer kept
    /// between results: the library renders them on demand).
    scratch: String,
    /// UTF-8 of this call's new texts, in order.
    blob: Vec<u8>,
    /// Per new text: its UTF-16 length, with `LOCAL` set when JS must not
    /// remember it.
    new_texts: Vec<u32>,
    /// Texts JS remembers, by id (id 0 is the empty text).
    interned: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    /// The same texts by id, for the hints (index 0 is the empty text).
    texts: Vec<Box<str>>,
    next_id: u32,
    locals: u32,
    /// Per string slot (see [`Slot`]): how the last string sent from it was
    /// cut. The next string of a slot usually has the same template (the
    /// same code's message with another input quoted in it), so checking
    /// the hint costs three comparisons instead of hashing the message and
    /// its prefix and suffix and searching the input in it.
    hints: Vec<Option<Hint>>,
}

/// A remembered cut: `texts[pre] + input[a..b] + texts[suf]`, or, when not
/// `sliced`, the whole text `texts[pre]`.
#[derive(Clone, Copy)]
struct Hint {
    pre: u32,
    suf: u32,
    sliced: bool,
}

/// Where a string of a result comes from, to find its hint: the three
/// strings of each code's diagnostics, then the fields below.
struct Slot;

impl Slot {
    const NORMALIZED: usize = 0;
    const FAMILIAR: usize = 1;
    const SURROGATE: usize = 2;
    const MESSAGE: usize = 3;
    const LABEL: usize = 4;
    const REPLACEMENT: usize = 5;
    /// A diagnostic's string `kind` (MESSAGE, LABEL or REPLACEMENT).
    fn of(code: u32, kind: usize) -> usize {
        3 * code as usize + kind
    }
    const COUNT: usize = 3 * (Code::ALL.len() + 2);
}

/// The multiply-rotate hash of rustc (FxHash): the intern table's keys are
/// short texts of our own, so SipHash's flooding resistance buys nothing and
/// costs more than the rest of the lookup.
#[derive(Default)]
struct FxHasher(u32);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(4);
        for c in &mut chunks {
            let word = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x9e37_79b9);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u32::from(b)).wrapping_mul(0x9e37_79b9);
        }
    }
    fn finish(&self) -> u64 {
        u64::from(self.0)
    }
}

thread_local! {
    static WIRE: RefCell<Wire> = RefCell::new(Wire::new());
}

/// Makes room for `units` UTF-16 code units of input and returns where JS
/// writes them.
#[wasm_bindgen]
pub fn input_buffer(units: usize) -> *mut u16 {
    WIRE.with(|w| {
        let mut w = w.borrow_mut();
        w.input.clear();
        w.input.resize(units, 0);
        w.input.as_mut_ptr()
    })
}

/// Makes room for `count` input lengths (bulk call) and returns where JS
/// writes them.
#[wasm_bindgen]
pub fn lengths_buffer(count: usize) -> *mut u32 {
    WIRE.with(|w| {
        let mut w = w.borrow_mut();
        w.lengths.clear();
        w.lengths.resize(count, 0);
        w.lengths.as_mut_ptr()
    })
}

fn profile_of(n: u32) -> Profile {
    if n == 1 {
        Profile::Oci
    } else {
        Profile::CodeEngine
    }
}

/// Validates the `len` code units in the input buffer. `known` is how many
/// texts JS remembers (if it disagrees with ours, both start over). Returns
/// the address of the result words.
#[wasm_bindgen]
pub fn validate_one(len: usize, profile: u32, known: u32) -> *const u32 {
    WIRE.with(|w| {
        let mut w = w.borrow_mut();
        let w = &mut *w;
        w.begin(known);
        let units = std::mem::take(&mut w.input);
        let end = len.min(units.len());
        w.put_validation(&units[..end], profile_of(profile));
        w.input = units;
        w.finish()
    })
}

/// Validates every input of the bulk call (lengths in the lengths buffer,
/// code units one after another in the input buffer), in one crossing.
#[wasm_bindgen]
pub fn validate_many(count: usize, profile: u32, known: u32) -> *const u32 {
    WIRE.with(|w| {
        let mut w = w.borrow_mut();
        let w = &mut *w;
        w.begin(known);
        let units = std::mem::take(&mut w.input);
        let lengths = std::mem::take(&mut w.lengths);
        let mut at = 0usize;
        for &n in lengths.iter().take(count) {
            let end = (at + n as usize).min(units.len());
            w.put_validation(&units[at..end], profile_of(profile));
            at = end;
        }
        w.input = units;
        w.lengths = lengths;
        w.finish()
    })
}

/// Header words before the records: total words, blob address, blob
/// length, reset flag, index of the new-text table, count of new texts.
const HEADER: usize = 6;

impl Wire {
    fn new() -> Wire {
        Wire { next_id: 1, texts: vec![Box::from("")], hints: vec![None; Slot::COUNT], ..Wire::default() }
    }

    fn begin(&mut self, known: u32) {
        self.out.clear();
        self.blob.clear();
        self.new_texts.clear();
        self.locals = 0;
        let reset = known != self.next_id || self.next_id > MAX_INTERNED;
        if reset {
            self.interned.clear();
            self.texts.truncate(1);
            self.hints.iter_mut().for_each(|h| *h = None);
            self.next_id = 1;
        }
        self.out.extend_from_slice(&[0, 0, 0, u32::from(reset), 0, 0]);
    }

    fn finish(&mut self) -> *const u32 {
        let table = self.out.len() as u32;
        let count = self.new_texts.len() as u32;
        self.out.extend_from_slice(&self.new_texts);
        self.out[0] = self.out.len() as u32;
        self.out[1] = self.blob.as_ptr() as u32;
        self.out[2] = self.blob.len() as u32;
        self.out[4] = table;
        self.out[5] = count;
        debug_assert_eq!(HEADER, 6);
        self.out.as_ptr()
    }

    /// The id of `t` for JS: 0 for the empty text, a remembered id, or a new
    /// text appended to the blob.
    fn text(&mut self, t: &str) -> u32 {
        if t.is_empty() {
            return 0;
        }
        if let Some(&id) = self.interned.get(t) {
            return id;
        }
        self.blob.extend_from_slice(t.as_bytes());
        let units = t.encode_utf16().count() as u32;
        if t.len() <= MAX_INTERNED_LEN {
            let id = self.next_id;
            self.next_id += 1;
            self.interned.insert(t.into(), id);
            self.texts.push(t.into());
            self.new_texts.push(units);
            id
        } else {
            let id = LOCAL | self.locals;
            self.locals += 1;
            self.new_texts.push(units | LOCAL);
            id
        }
    }

    /// Writes `s` as four words: prefix id, UTF-16 start and end of a slice
    /// of the input, suffix id. The slice is the longest candidate range of
    /// the input found inside `s`.
    ///
    /// `slot` says where the string comes from: when its hint fits, the
    /// string is cut the same way as the slot's last one.
    fn put_str(&mut self, slot: usize, s: &str, input: &Input, candidates: &[(usize, usize)]) {
        if let Some(h) = self.hints.get(slot).copied().flatten() {
            if self.put_hinted(h, s, input, candidates) {
                return;
            }
        }
        let hint = self.put_searched(s, input, candidates);
        if let Some(h) = self.hints.get_mut(slot) {
            *h = hint;
        }
    }

    /// Writes `s` cut as `h` says, if it fits: the prefix and suffix are the
    /// remembered texts and what is between them is one of the candidates.
    fn put_hinted(&mut self, h: Hint, s: &str, input: &Input, candidates: &[(usize, usize)]) -> bool {
        let pre = &*self.texts[h.pre as usize];
        if !h.sliced {
            if same(pre.as_bytes(), s.as_bytes()) {
                self.out.extend_from_slice(&[h.pre, 0, 0, 0]);
                return true;
            }
            return false;
        }
        let suf = &*self.texts[h.suf as usize];
        let (sb, (pb, fb)) = (s.as_bytes(), (pre.as_bytes(), suf.as_bytes()));
        if sb.len() < pb.len() + fb.len() || !same(&sb[..pb.len()], pb) || !same(&sb[sb.len() - fb.len()..], fb) {
            return false;
        }
        let mid = &sb[pb.len()..sb.len() - fb.len()];
        for &(a, b) in candidates {
            if b.wrapping_sub(a) == mid.len()
                && input.text.is_char_boundary(a)
                && input.text.is_char_boundary(b)
                && same(&input.text.as_bytes()[a..b], mid)
            {
                self.out.extend_from_slice(&[h.pre, input.utf16(a), input.utf16(b), h.suf]);
                return true;
            }
        }
        false
    }

    /// [`Wire::put_str`] without a hint: finds the cut and returns it as a
    /// hint when both its texts are remembered ones.
    fn put_searched(&mut self, s: &str, input: &Input, candidates: &[(usize, usize)]) -> Option<Hint> {
        // A text JS already has (a fixed message) needs no search.
        if let Some(&id) = self.interned.get(s) {
            self.out.extend_from_slice(&[id, 0, 0, 0]);
            return Some(Hint { pre: id, suf: 0, sliced: false });
        }
        let mut best: Option<(usize, usize, usize)> = None;
        for &(a, b) in candidates {
            if b == a || b - a > s.len() || best.is_some_and(|(x, y, _)| y - x >= b - a) {
                continue;
            }
            let Some(piece) = input.text.get(a..b) else {
                continue;
            };
            let k = if piece.len() == s.len() { (piece == s).then_some(0) } else { find(s, piece) };
            if let Some(k) = k {
                best = Some((a, b, k));
            }
        }
        match best {
            Some((a, b, k)) => {
                let pre = self.text(&s[..k]);
                let suf = self.text(&s[k + (b - a)..]);
                self.out.extend_from_slice(&[pre, input.utf16(a), input.utf16(b), suf]);
                ((pre | suf) & LOCAL == 0).then_some(Hint { pre, suf, sliced: true })
            }
            None => {
                let id = self.text(s);
                self.out.extend_from_slice(&[id, 0, 0, 0]);
                (id & LOCAL == 0).then_some(Hint { pre: id, suf: 0, sliced: false })
            }
        }
    }

    fn put_validation(&mut self, units: &[u16], profile: Profile) {
        // The decoded text's buffer is kept for the next input: one
        // allocation less per call.
        let (input, bad) = Input::decode(units, std::mem::take(&mut self.text));
        let mut v = crate::reference::validate(&input.text, profile);
        if bad.is_some() {
            // The input had a lone surrogate: validation saw U+FFFD in its
            // place (one code unit either way, so the spans stay right), and
            // the result says why it is invalid.
            v.valid = false;
            v.state = State::Invalid;
            v.normalized = None;
            v.familiar = None;
        }
        self.put_result(&input, &v, bad);
        // The result borrows the text (and its inline notes need dropping).
        drop(v);
        self.text = input.text;
    }

    fn put_result(&mut self, input: &Input, v: &Validation, bad: Option<(usize, u16)>) {
        let comps = [
            &v.components.registry,
            &v.components.namespace,
            &v.components.repository,
            &v.components.tag,
            &v.components.digest,
        ];
        // Where each component sits in the input (components are as typed,
        // so normally a piece of it), so that JS slices them and messages
        // quoting them can refer to them.
        let mut found: [Option<(usize, usize)>; 5] = [None; 5];
        for (i, c) in comps.iter().enumerate() {
            if let Some(c) = c {
                found[i] = offset_in(&input.text, c).or_else(|| find(&input.text, c)).map(|k| (k, k + c.len()));
            }
        }
        let whole = [(0, input.text.len())];
        let mut flags = u32::from(v.valid) | (state_index(v.state) << 1);
        flags |= u32::from(v.normalized.is_some()) << 3;
        flags |= u32::from(v.familiar.is_some()) << 4;
        for (i, c) in comps.iter().enumerate() {
            flags |= u32::from(c.is_some()) << (5 + i);
        }
        let ndiag = v.diagnostics.len() + usize::from(bad.is_some());
        self.out.extend_from_slice(&[flags, ndiag as u32]);
        // Joined into the scratch buffer, not a new string.
        if let Some(s) = &v.normalized {
            self.put_rendered(Slot::NORMALIZED, s, input, &whole);
        }
        if let Some(s) = &v.familiar {
            self.put_rendered(Slot::FAMILIAR, s, input, &whole);
        }
        for (i, c) in comps.iter().enumerate() {
            match (c, found[i]) {
                (Some(c), Some((a, b))) if !c.is_empty() => {
                    self.out.extend_from_slice(&[0, input.utf16(a), input.utf16(b), 0]);
                }
                (Some(c), _) => {
                    self.put_searched(c, input, &[]);
                }
                (None, _) => {}
            }
        }
        if let Some((at, unit)) = bad {
            let code = (Code::ALL.len() as u32 + INVALID_UTF16)
                | (severity_index(Severity::Error) << 8)
                | (component_index(Component::Reference) << 10);
            let message = utf16::LoneSurrogate { at, unit }.message();
            self.out.extend_from_slice(&[code, at as u32, at as u32 + 1]);
            self.put_str(Slot::SURROGATE, &message, input, &[]);
        }
        for d in &v.diagnostics {
            self.put_diagnostic(d, input);
        }
    }

    /// [`Wire::put_str`] of `s` rendered into the scratch buffer.
    fn put_rendered(&mut self, slot: usize, s: &dyn std::fmt::Display, input: &Input, candidates: &[(usize, usize)]) {
        use std::fmt::Write as _;
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let _ = write!(text, "{s}");
        self.put_str(slot, &text, input, candidates);
        self.scratch = text;
    }

    fn put_diagnostic(&mut self, d: &Diagnostic, input: &Input) {
        let index = code_index(d.code);
        let code = index
            | (severity_index(d.severity) << 8)
            | (component_index(d.location) << 10)
            | (u32::from(d.fix.is_some()) << 13);
        let (start, end) = input.span(d.span.start, d.span.end);
        self.out.extend_from_slice(&[code, input.utf16(start), input.utf16(end)]);
        // A message usually quotes the text under its span; a fix is
        // usually the whole input edited.
        let candidates = [(0, input.text.len()), (start, end)];
        self.put_rendered(Slot::of(index, Slot::MESSAGE), &d.message, input, &candidates);
        if let Some(fix) = &d.fix {
            self.put_str(Slot::of(index, Slot::LABEL), &fix.label, input, &candidates);
            self.put_str(Slot::of(index, Slot::REPLACEMENT), &fix.replacement, input, &candidates);
        }
    }
}

/// Whether `a` and `b` are equal, eight bytes at a time: on wasm32, `==`
/// on slices calls a `memcmp` that goes byte by byte, which was a twentieth
/// of a validation's time here.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        let p = u64::from_le_bytes([p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]]);
        let q = u64::from_le_bytes([q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]]);
        if p != q {
            return false;
        }
    }
    x.remainder() == y.remainder()
}

/// The first position of `needle` in `hay`. Short needles get a naive scan:
/// the texts are a few dozen bytes, where setting up `str::find`'s two-way
/// searcher costs more than the search; long ones keep its linear bound.
/// Where `piece` sits in `text` when it is borrowed from it (a validation's
/// components are), found without a search.
fn offset_in(text: &str, piece: &str) -> Option<usize> {
    let start = (piece.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + piece.len() <= text.len()).then_some(start)
}

fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.len() > 32 {
        return hay.find(needle);
    }
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let (&first, rest) = needle.split_first()?;
    if needle.len() > hay.len() {
        return None;
    }
    // Both are UTF-8, so a byte match starts on a char boundary.
    (0..=hay.len() - needle.len()).find(|&i| hay[i] == first && &hay[i + 1..i + needle.len()] == rest)
}

/// One input as Rust sees it, with what is needed to report UTF-16 offsets.
struct Input {
    text: String,
    ascii: bool,
}

impl Input {
    /// Decodes UTF-16 (`utf16::decode_into`), replacing each lone surrogate
    /// with U+FFFD; returns the first one's index and value.
    /// `text` is a buffer to reuse (its contents are replaced).
    fn decode(units: &[u16], mut text: String) -> (Input, Option<(usize, u16)>) {
        text.clear();
        if units.iter().all(|&u| u < 0x80) {
            // Byte by byte into the buffer's bytes: pushing chars onto a
            // String is a call per character at opt-level "z" (a tenth of
            // validateImage's time in a profile).
            let mut bytes = text.into_bytes();
            bytes.extend(units.iter().map(|&u| u as u8));
            let text = String::from_utf8(bytes).unwrap_or_default();
            return (Input { text, ascii: true }, None);
        }
        let bad = utf16::decode_into(units, &mut text).map(|b| (b.at, b.unit));
        (Input { text, ascii: false }, bad)
    }

    /// A byte span made safe: clamped to the text and to char boundaries.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let end = self.boundary(end);
        (self.boundary(start).min(end), end)
    }

    fn boundary(&self, mut i: usize) -> usize {
        i = i.min(self.text.len());
        while !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The UTF-16 offset of byte offset `i` (a char boundary).
    fn utf16(&self, i: usize) -> u32 {
        if self.ascii {
            return i as u32;
        }
        json::utf16_at(&self.text, i) as u32
    }
}

/// `Code::ALL` lists the variants in declaration order (one macro writes
/// both), so the discriminant is the index; a search of the table would
/// cost more than the rest of a diagnostic's encoding.
fn code_index(c: Code) -> u32 {
    c as u32
}

fn severity_index(s: Severity) -> u32 {
    SEVERITIES.iter().position(|&x| x == s).unwrap_or(0) as u32
}

fn component_index(c: Component) -> u32 {
    COMPONENTS.iter().position(|&x| x == c).unwrap_or(0) as u32
}

fn state_index(s: State) -> u32 {
    STATES.iter().position(|&x| x == s).unwrap_or(0) as u32
}

mod image;
mod json;
mod registry;
mod utf16;
// The access check (SPEC §5) and the cold-path functions (secrets, configs,
// matching) are in the full module only; the image module
// (`registry-access/image`) is built without the `full` feature (SPEC §7).
#[cfg(feature = "full")]
mod access;
#[cfg(feature = "full")]
mod full;

#[cfg(test)]
mod wire_tests;
