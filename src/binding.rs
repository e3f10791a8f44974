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

use crate::diagnostics::{Code, Component, Diagnostic, Profile, Severity, State, Validation};
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
        let mut v = crate::diagnostics::validate(&input.text, profile);
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
        if let Some(s) = &v.normalized {
            self.put_str(Slot::NORMALIZED, s, input, &whole);
        }
        if let Some(s) = &v.familiar {
            self.put_str(Slot::FAMILIAR, s, input, &whole);
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
            let message = format!("lone surrogate \\u{unit:04x} at index {at} is not valid unicode text");
            self.out.extend_from_slice(&[code, at as u32, at as u32 + 1]);
            self.put_str(Slot::SURROGATE, &message, input, &[]);
        }
        for d in &v.diagnostics {
            self.put_diagnostic(d, input);
        }
    }

    fn put_diagnostic(&mut self, d: &Diagnostic, input: &Input) {
        let index = code_index(d.code);
        let code = index
            | (severity_index(d.severity) << 8)
            | (component_index(d.component) << 10)
            | (u32::from(d.fix.is_some()) << 13);
        let (start, end) = input.span(d.span.start, d.span.end);
        self.out.extend_from_slice(&[code, input.utf16(start), input.utf16(end)]);
        // A message usually quotes the text under its span; a fix is
        // usually the whole input edited.
        let candidates = [(0, input.text.len()), (start, end)];
        self.put_str(Slot::of(index, Slot::MESSAGE), &d.message, input, &candidates);
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
    /// Decodes UTF-16, replacing each lone surrogate with U+FFFD (one code
    /// unit too, so offsets agree); returns the first one's index and value.
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
        text.reserve(units.len() + units.len() / 2);
        let mut bad = None;
        let mut at = 0usize;
        for r in char::decode_utf16(units.iter().copied()) {
            match r {
                Ok(c) => {
                    text.push(c);
                    at += c.len_utf16();
                }
                Err(e) => {
                    bad.get_or_insert((at, e.unpaired_surrogate()));
                    text.push(char::REPLACEMENT_CHARACTER);
                    at += 1;
                }
            }
        }
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
        self.text[..i].chars().map(char::len_utf16).sum::<usize>() as u32
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

// ---------------------------------------------------------------------------
// Registries, secrets, docker configs, matching. These are not called per
// keystroke in bulk, so they cross as one JSON text each way (`JSON.parse`
// on the JS side is faster than building objects through the boundary).
// The JSON is written by hand with `gojson` (valid JSON; Go's escaping is
// just stricter): serde_json's `Value` would add its map, serializer and
// float printer to the .wasm for nothing. Spans are converted to UTF-16.
// ---------------------------------------------------------------------------

use crate::diagnostics::{Fix, Span};
use crate::dockerconfig::{ConfigDiagnostic, Credential, EditError, InspectOptions, Inspection};
use crate::gojson::write_string;
use crate::registry::RegistryInfo;
use crate::secret::{SecretDiagnostic, SecretInput, ShellCommand};

/// Writes one JSON object, field by field.
struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }
    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
        self.out
    }
    fn str(&mut self, k: &str, v: &str) -> &mut Self {
        write_string(self.key(k), v);
        self
    }
    fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }
    fn raw(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k).push_str(v);
        self
    }
    fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.raw(k, if v { "true" } else { "false" })
    }
    fn num(&mut self, k: &str, v: u64) -> &mut Self {
        push_num(self.key(k), v);
        self
    }
    fn opt_num(&mut self, k: &str, v: Option<u64>) -> &mut Self {
        match v {
            Some(v) => self.num(k, v),
            None => self.raw(k, "null"),
        }
    }
    fn opt_bool(&mut self, k: &str, v: Option<bool>) -> &mut Self {
        match v {
            Some(v) => self.bool(k, v),
            None => self.raw(k, "null"),
        }
    }
    /// A field whose value `f` writes.
    fn with(&mut self, k: &str, f: impl FnOnce(&mut String)) -> &mut Self {
        f(self.key(k));
        self
    }
    fn end(&mut self) {
        self.out.push('}');
    }
}

fn push_num(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Writes a JSON array of `items`, each written by `f`.
fn array<T>(out: &mut String, items: impl IntoIterator<Item = T>, mut f: impl FnMut(&mut String, T)) {
    out.push('[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        f(out, x);
    }
    out.push(']');
}

fn string_array<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>) {
    array(out, items, write_string);
}

/// The unions for the TypeScript declarations (written by `make pkg`): each
/// name with the values the .wasm can produce.
#[wasm_bindgen]
pub fn unions() -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.with("DiagnosticCode", |w| {
        string_array(w, Code::ALL.iter().map(|c| c.as_str()).chain(BINDING_CODES.iter().copied()))
    });
    o.with("SecretCode", |w| string_array(w, crate::secret::SecretCode::ALL.iter().map(|c| c.as_str())));
    o.with("ConfigCode", |w| string_array(w, crate::dockerconfig::ConfigCode::ALL.iter().map(|c| c.as_str())));
    o.with("MissReason", |w| string_array(w, crate::matching::MissReason::ALL.iter().map(|c| c.as_str())));
    o.with("RegistryKind", |w| string_array(w, crate::registry::RegistryKind::ALL.iter().map(|k| k.as_str())));
    o.with("PolicyRule", |w| {
        string_array(w, crate::policy::PolicyRule::ALL.iter().map(|r| crate::message::Declared::as_str(*r)))
    });
    o.end();
    out
}

/// The UTF-16 offset of byte offset `i` of `text` (clamped to a char
/// boundary, so a wrong span can never panic here).
fn utf16_at(text: &str, i: usize) -> u64 {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    text[..i].chars().map(char::len_utf16).sum::<usize>() as u64
}

fn write_span(out: &mut String, text: &str, span: Span) {
    let mut o = Obj::new(out);
    o.num("start", utf16_at(text, span.start)).num("end", utf16_at(text, span.end));
    o.end();
}

fn write_fix(o: &mut Obj<'_>, fix: &Option<Fix>) {
    if let Some(f) = fix {
        o.with("fix", |w| {
            let mut x = Obj::new(w);
            x.str("label", &f.label).str("replacement", &f.replacement);
            x.end();
        });
    }
}

/// A registry or secret diagnostic; `text_of` gives the text its span is in.
fn write_secret_diagnostic(out: &mut String, d: &SecretDiagnostic, text_of: &dyn Fn(&str) -> String) {
    let field = d.field.as_str();
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("field", field)
        .str("message", &d.message)
        .with("span", |w| write_span(w, &text_of(field), d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}

fn write_config_diagnostic(out: &mut String, d: &ConfigDiagnostic, text: &str) {
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("field", d.field.as_str())
        .opt_str("server", d.server.as_deref())
        .str("message", &d.message)
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.opt_num("line", d.line.map(|n| n as u64)).opt_num("column", d.column.map(|n| n as u64));
    o.end();
}

fn write_registry_info(out: &mut String, info: &RegistryInfo) {
    let server = info.input.clone();
    let mut o = Obj::new(out);
    o.str("input", &info.input)
        .bool("valid", info.valid())
        .str("kind", info.kind.as_str())
        .opt_str("host", info.host.as_deref())
        .opt_num("port", info.port.map(u64::from))
        .opt_str("region", info.region.as_deref())
        .opt_str("endpoint", info.endpoint.map(|e| e.as_str()))
        .opt_str("credentialKey", info.credential_key.as_deref())
        .opt_str("defaultUsername", info.default_username.as_deref())
        .with("usernames", |w| string_array(w, info.usernames.iter().copied()))
        .opt_str("managedSecretName", info.managed_secret_name.as_deref())
        .with("diagnostics", |w| {
            array(w, &info.diagnostics, |w, d| write_secret_diagnostic(w, d, &|_| server.clone()))
        });
    o.end();
}

#[wasm_bindgen]
pub fn registry_info_json(server: &str) -> String {
    let mut out = String::new();
    write_registry_info(&mut out, &crate::registry::registry_info(server));
    out
}

/// `{"ok": key}` or `{"error": {code, component, span, message}}`.
#[wasm_bindgen]
pub fn server_for_image_json(image: &str) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::registry::server_for_image(image) {
        Ok(key) => {
            o.str("ok", &key);
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code().as_str())
                    .str("component", e.component().as_str())
                    .with("span", |w| write_span(w, image, e.span()))
                    .str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

fn write_command(out: &mut String, c: &ShellCommand) {
    let mut o = Obj::new(out);
    o.with("argv", |w| string_array(w, c.argv.iter().map(String::as_str))).str("line", &c.line);
    o.end();
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn create_registry_secret_json(
    name: String,
    server: Option<String>,
    username: Option<String>,
    password: String,
    email: Option<String>,
    namespace: Option<String>,
    creation_timestamp_null: bool,
    password_file: Option<String>,
    now: Option<f64>,
) -> String {
    // JS's `Date.now()` in milliseconds; the core counts seconds.
    let now = now.filter(|n| n.is_finite() && *n >= 0.0).map(|n| (n / 1000.0) as u64);
    let input =
        SecretInput { name, server, username, password, email, namespace, creation_timestamp_null, password_file, now };
    let s = crate::secret::create_registry_secret(&input);
    let text_of = |field: &str| -> String {
        match field {
            "name" => input.name.clone(),
            "server" => input.server.clone().unwrap_or_default(),
            "username" => input.username.clone().unwrap_or_default(),
            "password" => input.password.clone(),
            "email" => input.email.clone().unwrap_or_default(),
            "namespace" => input.namespace.clone().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", s.valid)
        .str("server", &s.server)
        .str("username", &s.username)
        .with("registry", |w| write_registry_info(w, &s.registry))
        .str("dockerconfigjson", &s.dockerconfigjson)
        .opt_str("secretJson", s.secret_json.as_deref())
        .opt_str("secretYaml", s.secret_yaml.as_deref())
        .with("commands", |w| {
            let mut c = Obj::new(w);
            c.with("ibmcloud", |w| write_command(w, &s.commands.ibmcloud))
                .with("ibmcloudWithPassword", |w| write_command(w, &s.commands.ibmcloud_with_password))
                .with("kubectl", |w| write_command(w, &s.commands.kubectl))
                .with("dockerLogin", |w| write_command(w, &s.commands.docker_login));
            c.end();
        })
        .with("diagnostics", |w| array(w, &s.diagnostics, |w, d| write_secret_diagnostic(w, d, &text_of)));
    o.end();
    out
}

#[wasm_bindgen]
pub fn validate_secret_name_json(name: &str) -> String {
    let diagnostics = crate::secret::validate_secret_name(name);
    let owned = name.to_string();
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.bool("valid", diagnostics.iter().all(|d| d.severity != Severity::Error))
        .with("diagnostics", |w| array(w, &diagnostics, |w, d| write_secret_diagnostic(w, d, &|_| owned.clone())));
    o.end();
    out
}

fn write_inspection(out: &mut String, i: &Inspection, text: &str) {
    let mut o = Obj::new(out);
    o.bool("valid", i.valid)
        .opt_str("shape", i.shape.map(|s| s.as_str()))
        .num("base64Layers", u64::from(i.base64_layers))
        .with("secret", |w| match &i.secret {
            None => w.push_str("null"),
            Some(s) => {
                let mut x = Obj::new(w);
                x.opt_str("name", s.name.as_deref())
                    .opt_str("namespace", s.namespace.as_deref())
                    .opt_str("type", s.secret_type.as_deref())
                    .opt_str("dataKey", s.data_key.as_deref());
                x.end();
            }
        })
        .with("entries", |w| {
            array(w, &i.entries, |w, e| {
                let mut x = Obj::new(w);
                x.str("server", &e.server)
                    .str("kind", e.kind.as_str())
                    .opt_str("username", e.username.as_deref())
                    .bool("hasPassword", e.has_password)
                    .num("passwordLength", e.password_length as u64)
                    .opt_str("email", e.email.as_deref())
                    .bool("hasAuth", e.has_auth)
                    .opt_bool("authMatches", e.auth_matches)
                    .bool("hasIdentityToken", e.has_identity_token)
                    .opt_str("password", e.password.as_deref())
                    .opt_str("auth", e.auth.as_deref())
                    .opt_str("identityToken", e.identity_token.as_deref());
                x.end();
            })
        })
        .with("credentialHelpers", |w| string_array(w, i.credential_helpers.iter().map(String::as_str)))
        .with("diagnostics", |w| array(w, &i.diagnostics, |w, d| write_config_diagnostic(w, d, text)));
    o.end();
}

#[wasm_bindgen]
pub fn inspect_docker_config_json(text: &str, reveal: bool) -> String {
    let i = crate::dockerconfig::inspect_docker_config(text, &InspectOptions { reveal });
    let mut out = String::new();
    write_inspection(&mut out, &i, text);
    out
}

/// `{"ok": text}` or `{"error": {code, field, message}}`.
fn edit_json(r: Result<String, EditError>) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match r {
        Ok(text) => {
            o.str("ok", &text);
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code()).opt_str("field", e.field()).str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

#[wasm_bindgen]
pub fn upsert_credential_json(
    config_text: &str,
    server: String,
    username: String,
    password: String,
    email: Option<String>,
) -> String {
    let credential = Credential { server, username, password, email };
    edit_json(crate::dockerconfig::upsert_credential(config_text, &credential))
}

#[wasm_bindgen]
pub fn remove_credential_json(config_text: &str, server: &str) -> String {
    edit_json(crate::dockerconfig::remove_credential(config_text, server))
}

#[wasm_bindgen]
pub fn merge_docker_configs_json(a: &str, b: &str) -> String {
    edit_json(crate::dockerconfig::merge_docker_configs(a, b))
}

#[wasm_bindgen]
pub fn match_credentials_json(config_text: &str, image: &str) -> String {
    let m = crate::matching::match_credentials(config_text, image);
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.opt_str("image", m.image.as_deref())
        .opt_str("imageError", m.image_error.as_deref())
        .with("matched", |w| {
            array(w, &m.matched, |w, k| {
                let mut x = Obj::new(w);
                x.str("server", &k.server)
                    .str("effectiveKey", &k.effective_key)
                    .opt_str("username", k.username.as_deref())
                    .bool("hasPassword", k.has_password)
                    .bool("dockerHubFallback", k.docker_hub_fallback);
                x.end();
            })
        })
        .with("unmatched", |w| {
            array(w, &m.unmatched, |w, k| {
                let mut x = Obj::new(w);
                x.str("server", &k.server)
                    .opt_str("effectiveKey", k.effective_key.as_deref())
                    .str("reason", k.reason.as_str())
                    .str("message", &k.message);
                x.end();
            })
        })
        .bool("dockerHubFallback", m.docker_hub_fallback)
        .with("diagnostics", |w| array(w, &m.diagnostics, |w, d| write_config_diagnostic(w, d, config_text)));
    o.end();
    out
}

// ---------------------------------------------------------------------------
// Image policies and pinning (SPEC §6): forwarding only, JSON across.
// ---------------------------------------------------------------------------

/// An image diagnostic as JSON, its span in UTF-16 of `text`.
fn write_image_diagnostic(out: &mut String, d: &Diagnostic, text: &str) {
    let mut o = Obj::new(out);
    o.str("code", d.code.as_str())
        .str("severity", d.severity.as_str())
        .str("component", d.component.as_str())
        .str("message", &d.message)
        .with("span", |w| write_span(w, text, d.span));
    write_fix(&mut o, &d.fix);
    o.end();
}

/// `{"ok": {allowed, normalized, violations}}` or `{"error": {code, list,
/// index, message}}` for a malformed policy entry.
#[wasm_bindgen]
pub fn evaluate_image_policy_json(
    image: &str,
    has_allowed: bool,
    allowed: Vec<String>,
    blocked: Vec<String>,
    disallow_latest: bool,
    require_digest: bool,
    require_tag: bool,
) -> String {
    use crate::message::Declared;
    let policy = crate::policy::ImagePolicy {
        allowed_registries: has_allowed.then_some(allowed),
        blocked_registries: blocked,
        disallow_latest,
        require_digest,
        require_tag,
    };
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::policy::evaluate_image_policy(image, &policy) {
        Ok(r) => {
            o.with("ok", |w| {
                let mut x = Obj::new(w);
                x.bool("allowed", r.allowed).opt_str("normalized", r.normalized.as_deref()).with("violations", |w| {
                    array(w, &r.violations, |w, v| {
                        let mut y = Obj::new(w);
                        y.str("rule", v.rule.as_str())
                            .str("message", &v.message)
                            .with("span", |w| write_span(w, image, v.span))
                            .with("diagnostics", |w| {
                                array(w, &v.diagnostics, |w, d| write_image_diagnostic(w, d, image))
                            });
                        y.end();
                    })
                });
                x.end();
            });
        }
        Err(e) => {
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code()).str("list", e.list).num("index", e.index as u64).str("message", &e.to_string());
                x.end();
            });
        }
    }
    o.end();
    out
}

/// `{"ok": pinned}` or `{"error": {code, field, span, message, referenceCode}}`.
#[wasm_bindgen]
pub fn pin_image_json(image: &str, digest: &str) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    match crate::policy::pin_image(image, digest) {
        Ok(pinned) => {
            o.str("ok", &pinned);
        }
        Err(e) => {
            let text = if e.field() == "image" { image } else { digest };
            o.with("error", |w| {
                let mut x = Obj::new(w);
                x.str("code", e.code())
                    .str("field", e.field())
                    .with("span", |w| write_span(w, text, e.span()))
                    .str("message", &e.to_string())
                    .opt_str("referenceCode", e.reference_code().map(|c| c.as_str()));
                x.end();
            });
        }
    }
    o.end();
    out
}

#[cfg(test)]
mod tests {
    //! The wire format decoded here as `js/core.js` decodes it, compared with
    //! `validate` itself: every string and span must come out as the core
    //! made it (spans in UTF-16). Runs compiled to wasm (wasm-bindgen-test).
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// JS's side: remembered texts and the strings of one decoded result.
    struct Reader {
        texts: Vec<String>,
    }

    /// message, code, severity, component, span start and end, fix.
    type DecodedDiagnostic = (String, u32, u32, u32, u32, u32, Option<(String, String)>);

    #[derive(Debug, PartialEq)]
    struct Decoded {
        valid: bool,
        state: u32,
        strings: Vec<Option<String>>,
        diagnostics: Vec<DecodedDiagnostic>,
    }

    impl Reader {
        fn read(&mut self, w: &Wire, inputs: &[Vec<u16>]) -> Vec<Decoded> {
            let out = &w.out;
            if out[3] != 0 {
                self.texts.truncate(1);
            }
            let blob = std::str::from_utf8(&w.blob).unwrap();
            let blob16: Vec<u16> = blob.encode_utf16().collect();
            let (table, count) = (out[4] as usize, out[5] as usize);
            let mut locals = Vec::new();
            let mut off = 0;
            for &e in &out[table..table + count] {
                let len = (e & !LOCAL) as usize;
                let s = String::from_utf16(&blob16[off..off + len]).unwrap();
                off += len;
                if e & LOCAL != 0 {
                    locals.push(s)
                } else {
                    self.texts.push(s)
                }
            }
            let mut pos = HEADER;
            let mut results = Vec::new();
            for input in inputs {
                let text = |id: u32| {
                    if id & LOCAL != 0 {
                        locals[(id & !LOCAL) as usize].clone()
                    } else {
                        self.texts[id as usize].clone()
                    }
                };
                let str_at = |pos: &mut usize| {
                    let (pre, a, b, suf) = (out[*pos], out[*pos + 1] as usize, out[*pos + 2] as usize, out[*pos + 3]);
                    *pos += 4;
                    let mut s = text(pre);
                    s.push_str(&String::from_utf16(&input[a..b]).unwrap_or_default());
                    s.push_str(&text(suf));
                    s
                };
                let (f, n) = (out[pos], out[pos + 1]);
                pos += 2;
                let mut strings = Vec::new();
                for bit in 3..10 {
                    strings.push(if f & (1 << bit) != 0 { Some(str_at(&mut pos)) } else { None });
                }
                let mut diagnostics = Vec::new();
                for _ in 0..n {
                    let (c, start, end) = (out[pos], out[pos + 1], out[pos + 2]);
                    pos += 3;
                    let message = str_at(&mut pos);
                    let fix = if c & 0x2000 != 0 { Some((str_at(&mut pos), str_at(&mut pos))) } else { None };
                    diagnostics.push((message, c & 0xff, (c >> 8) & 3, (c >> 10) & 7, start, end, fix));
                }
                results.push(Decoded { valid: f & 1 != 0, state: (f >> 1) & 3, strings, diagnostics });
            }
            results
        }
    }

    fn expected(input: &str, profile: Profile) -> Decoded {
        let v = crate::diagnostics::validate(input, profile);
        let u16_at = |i: usize| input[..i].encode_utf16().count() as u32;
        let c = &v.components;
        Decoded {
            valid: v.valid,
            state: state_index(v.state),
            strings: vec![
                v.normalized.as_deref(),
                v.familiar.as_deref(),
                c.registry.as_deref(),
                c.namespace.as_deref(),
                c.repository.as_deref(),
                c.tag.as_deref(),
                c.digest.as_deref(),
            ]
            .into_iter()
            .map(|s| s.map(str::to_string))
            .collect(),
            diagnostics: v
                .diagnostics
                .iter()
                .map(|d| {
                    let (s, e) = (u16_at(d.span.start), u16_at(d.span.end));
                    let fix = d.fix.as_ref().map(|f| (f.label.clone(), f.replacement.clone()));
                    (
                        d.message.to_string(),
                        code_index(d.code),
                        severity_index(d.severity),
                        component_index(d.component),
                        s,
                        e,
                        fix,
                    )
                })
                .collect(),
        }
    }

    fn inputs() -> Vec<&'static str> {
        let mut v: Vec<&str> = include_str!("../bench/corpus-10k.txt").split('\n').collect();
        v.extend([
            "",
            " nginx ",
            "us.icr.io/tëam1/app:-rc1",
            "us.icr.io/t😀am1/äpp:1.0😀",
            "ÀÉÎ/ß:ü",
            "a".repeat(300).leak(),
        ]);
        v
    }

    #[test]
    fn one_by_one_decodes_to_what_validate_returns() {
        let mut w = Wire::new();
        let mut r = Reader { texts: vec![String::new()] };
        for profile in [Profile::CodeEngine, Profile::Oci] {
            for input in inputs() {
                let units: Vec<u16> = input.encode_utf16().collect();
                w.begin(r.texts.len() as u32);
                w.put_validation(&units, profile);
                w.finish();
                let got = r.read(&w, &[units]);
                assert_eq!(got[0], expected(input, profile), "{input:?}");
            }
        }
    }

    #[test]
    fn a_batch_decodes_like_single_calls() {
        let mut w = Wire::new();
        let mut r = Reader { texts: vec![String::new()] };
        let all = inputs();
        let units: Vec<Vec<u16>> = all.iter().map(|s| s.encode_utf16().collect()).collect();
        w.begin(r.texts.len() as u32);
        for u in &units {
            w.put_validation(u, Profile::CodeEngine);
        }
        w.finish();
        let got = r.read(&w, &units);
        for (input, d) in all.iter().zip(got) {
            assert_eq!(d, expected(input, Profile::CodeEngine), "{input:?}");
        }
    }

    #[test]
    fn a_lone_surrogate_is_reported_where_it_is() {
        let units: Vec<u16> = "ng".encode_utf16().chain([0xd800]).chain("inx".encode_utf16()).collect();
        let (input, bad) = Input::decode(&units, String::new());
        assert_eq!(bad, Some((2, 0xd800)));
        assert_eq!(input.text, "ng\u{fffd}inx");
        assert_eq!(input.utf16(input.text.len()), 6);
        // A pair is not lone; a low surrogate alone is.
        assert_eq!(Input::decode(&"😀".encode_utf16().collect::<Vec<_>>(), String::new()).1, None);
        assert_eq!(Input::decode(&[0x61, 0xdc00], String::new()).1, Some((1, 0xdc00)));
    }

    #[test]
    fn code_index_is_the_position_in_the_table() {
        for (i, &c) in Code::ALL.iter().enumerate() {
            assert_eq!(code_index(c) as usize, i, "{c:?}");
        }
    }

    #[test]
    fn same_is_slice_equality() {
        let t = b"docker hub is public: store enterprise images in a private registry";
        for i in 0..t.len() {
            for j in i..t.len() {
                assert!(same(&t[i..j], &t[i..j]));
                assert_eq!(same(&t[i..j], &t[..j - i]), t[i..j] == t[..j - i]);
                let mut u = t[i..j].to_vec();
                if let Some(last) = u.last_mut() {
                    *last ^= 1;
                    assert!(!same(&t[i..j], &u));
                }
            }
        }
    }

    #[test]
    fn find_agrees_with_str_find() {
        let hay = "tag \"-rc1\" must not begin with \".\" or \"-\" ünï 😀";
        for needle in ["-rc1", "\"", "😀", "ünï", "x", "tag", " or \"-\" ünï 😀", &"a".repeat(40), hay] {
            assert_eq!(find(hay, needle), hay.find(needle), "{needle:?}");
        }
        assert_eq!(find("", "a"), None);
        assert_eq!(find("abc", ""), None);
    }

    #[test]
    fn json_writer_escapes_and_nests() {
        let mut out = String::new();
        let mut o = Obj::new(&mut out);
        o.str("a", "x\"<y>\n")
            .opt_str("b", None)
            .num("n", 1234567890)
            .opt_num("p", Some(0))
            .bool("t", true)
            .opt_bool("u", None);
        o.with("arr", |w| string_array(w, ["1", "2"]));
        o.end();
        assert_eq!(
            out,
            r#"{"a":"x\"\u003cy\u003e\n","b":null,"n":1234567890,"p":0,"t":true,"u":null,"arr":["1","2"]}"#
        );
        assert_eq!(utf16_at("a😀b", 5), 3);
        assert_eq!(utf16_at("a😀b", 3), 1);
    }
}
