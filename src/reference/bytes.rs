//! The byte classes of both profiles' alphabets, one table for both: each
//! scanning loop costs one load and one test per byte instead of a chain of
//! range comparisons (the corpus benchmark measures exactly these loops).
//!
//! The atomic classes are bits; a class a rule names is their union
//! (`LABEL` is letters, digits and `-`), tested with [`is`].

pub(crate) const LOWER: u16 = 1; // [a-z]
pub(crate) const UPPER: u16 = 2; // [A-Z]
pub(crate) const DIGIT: u16 = 4; // [0-9]
pub(crate) const DOT: u16 = 8;
pub(crate) const DASH: u16 = 16;
pub(crate) const UNDERSCORE: u16 = 32;
pub(crate) const SLASH: u16 = 64;
/// `a`-`f` (also `LOWER`) and `A`-`F` (also `UPPER`).
const LOWER_HEX_LETTER: u16 = 128;
const UPPER_HEX_LETTER: u16 = 256;

pub(crate) const ALNUM: u16 = LOWER | UPPER | DIGIT; // [A-Za-z0-9]
pub(crate) const LOWER_ALNUM: u16 = LOWER | DIGIT; // [a-z0-9]
pub(crate) const WORD: u16 = ALNUM | UNDERSCORE; // [A-Za-z0-9_]
pub(crate) const TAG: u16 = WORD | DOT | DASH; // [A-Za-z0-9_.-]
pub(crate) const HEX: u16 = DIGIT | LOWER_HEX_LETTER | UPPER_HEX_LETTER; // [0-9A-Fa-f]
pub(crate) const LOWER_HEX: u16 = DIGIT | LOWER_HEX_LETTER; // [0-9a-f]
pub(crate) const LABEL: u16 = ALNUM | DASH; // [A-Za-z0-9-]

static CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'a'..=b'f' => LOWER | LOWER_HEX_LETTER,
            b'g'..=b'z' => LOWER,
            b'A'..=b'F' => UPPER | UPPER_HEX_LETTER,
            b'G'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            b'.' => DOT,
            b'-' => DASH,
            b'_' => UNDERSCORE,
            b'/' => SLASH,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// Whether byte `b` is in one of the `classes`.
#[inline]
pub(crate) fn is(b: u8, classes: u16) -> bool {
    CLASS[b as usize] & classes != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn classes_are_the_ascii_sets() {
        for b in 0..=255u8 {
            let c = b as char;
            assert_eq!(is(b, LOWER_ALNUM), c.is_ascii_lowercase() || c.is_ascii_digit(), "{b}");
            assert_eq!(is(b, ALNUM), c.is_ascii_alphanumeric(), "{b}");
            assert_eq!(is(b, WORD), c.is_ascii_alphanumeric() || c == '_', "{b}");
            assert_eq!(is(b, TAG), c.is_ascii_alphanumeric() || "_.-".contains(c), "{b}");
            assert_eq!(is(b, HEX), c.is_ascii_hexdigit(), "{b}");
            assert_eq!(is(b, LOWER_HEX), c.is_ascii_digit() || ('a'..='f').contains(&c), "{b}");
            assert_eq!(is(b, LABEL), c.is_ascii_alphanumeric() || c == '-', "{b}");
            assert_eq!(is(b, SLASH | DOT), c == '/' || c == '.', "{b}");
        }
    }
}
