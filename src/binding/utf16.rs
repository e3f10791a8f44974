//! Strings cross from JavaScript as UTF-16 code units, never as `&str`:
//! wasm-bindgen's `&str` goes through `TextEncoder`, which turns a lone
//! surrogate into U+FFFD without a word, so a password typed with one would
//! become another password inside the stored `.dockerconfigjson`. Here the
//! units are decoded and the first lone surrogate is reported
//! (`invalid_utf16`) at its UTF-16 index: every cold-path function decodes
//! through [`decode_into`]. (The image hot path gets UTF-8 from
//! `TextEncoder.encodeInto`, which writes U+FFFD for a lone surrogate as
//! [`decode_into`] does, and the surrogate's index from JS: see
//! `super::validate`.)
//!
//! The cold-path functions receive their strings packed: every string's units
//! one after another in one `&[u16]`, and each one's length in a `&[u32]`
//! ([`ABSENT`] for an argument that was not given), filled by `pack` in
//! `js/core.js`.

/// The length of an absent (`undefined`) string in a pack.
pub(super) const ABSENT: u32 = u32::MAX;

/// The first lone surrogate of a string: its UTF-16 index and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LoneSurrogate {
    pub(super) at: usize,
    pub(super) unit: u16,
}

/// The one wording of `invalid_utf16`: {0} is the unit in four hex digits,
/// {1} its index. It names the unit, never the text around it (which may
/// be a password). JS renders it as the other templates (`super::tables`).
pub(super) const TEMPLATE: &str = "lone surrogate \\u{0} at index {1} is not valid unicode text";

impl LoneSurrogate {
    /// The one wording of `invalid_utf16`. It names the unit, never the
    /// text around it (which may be a password).
    pub(super) fn message(self) -> String {
        use crate::message::Arg;
        let mut s = String::new();
        let args = [Arg::plain(format!("{:04x}", self.unit)), Arg::Number(self.at as u64)];
        let _ = crate::message::render(&mut s, TEMPLATE, &args);
        s
    }
}

/// Appends `units` decoded to `text`, each lone surrogate as U+FFFD (one
/// code unit too, so UTF-16 offsets agree); returns the first one.
pub(super) fn decode_into(units: &[u16], text: &mut String) -> Option<LoneSurrogate> {
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
                bad.get_or_insert(LoneSurrogate { at, unit: e.unpaired_surrogate() });
                text.push(char::REPLACEMENT_CHARACTER);
                at += 1;
            }
        }
    }
    bad
}

/// The strings of one call, unpacked.
pub(super) struct Texts {
    items: Vec<Option<String>>,
    /// Each string with a lone surrogate: its position in the pack and its
    /// first lone surrogate, in pack order.
    pub(super) bad: Vec<(usize, LoneSurrogate)>,
}

impl Texts {
    /// Unpacks `lengths.len()` strings from `units`; lengths past the end of
    /// `units` are cut there (JS never sends them; nothing panics if it did).
    pub(super) fn unpack(units: &[u16], lengths: &[u32]) -> Texts {
        let mut items = Vec::with_capacity(lengths.len());
        let mut bad = Vec::new();
        let mut start = 0usize;
        for (i, &len) in lengths.iter().enumerate() {
            if len == ABSENT {
                items.push(None);
                continue;
            }
            let end = start.saturating_add(len as usize).min(units.len());
            let mut text = String::new();
            if let Some(b) = decode_into(&units[start..end], &mut text) {
                bad.push((i, b));
            }
            items.push(Some(text));
            start = end;
        }
        Texts { items, bad }
    }

    /// String `i`, `None` when absent.
    pub(super) fn opt(&mut self, i: usize) -> Option<String> {
        self.items.get_mut(i).and_then(Option::take)
    }

    /// String `i`, empty when absent.
    pub(super) fn take(&mut self, i: usize) -> String {
        self.opt(i).unwrap_or_default()
    }

    /// Strings `from..`, each absent one left out.
    pub(super) fn rest(&mut self, from: usize) -> Vec<String> {
        self.items.iter_mut().skip(from).filter_map(Option::take).collect()
    }
}

/// The byte length of the first `units` UTF-16 code units of `text`.
pub(super) fn byte_len(text: &str, units: usize) -> usize {
    let mut u = 0;
    for (i, c) in text.char_indices() {
        if u >= units {
            return i;
        }
        u += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pack(strings: &[Option<Vec<u16>>]) -> (Vec<u16>, Vec<u32>) {
        let mut units = Vec::new();
        let mut lengths = Vec::new();
        for s in strings {
            match s {
                Some(s) => {
                    units.extend_from_slice(s);
                    lengths.push(s.len() as u32);
                }
                None => lengths.push(ABSENT),
            }
        }
        (units, lengths)
    }

    #[test]
    fn unpacks_strings_and_finds_the_first_lone_surrogate() {
        let bad: Vec<u16> = "p😀".encode_utf16().chain([0xdc00]).collect();
        let (units, lengths) = pack(&[Some("a".encode_utf16().collect()), None, Some(bad), Some(vec![0xd800])]);
        let mut t = Texts::unpack(&units, &lengths);
        assert_eq!(t.bad, [(2, LoneSurrogate { at: 3, unit: 0xdc00 }), (3, LoneSurrogate { at: 0, unit: 0xd800 })]);
        assert_eq!(t.bad[0].1.message(), "lone surrogate \\udc00 at index 3 is not valid unicode text");
        assert_eq!((t.take(0), t.opt(1), t.take(2)), ("a".to_string(), None, "p😀\u{fffd}".to_string()));
        assert_eq!(t.rest(3), ["\u{fffd}"]);
    }

    #[test]
    fn lengths_past_the_units_do_not_panic() {
        let mut t = Texts::unpack(&[0x61], &[5, 7, ABSENT]);
        assert_eq!((t.take(0), t.take(1), t.opt(2)), ("a".to_string(), String::new(), None));
        assert!(t.bad.is_empty());
    }
}
