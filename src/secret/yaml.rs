//! Go's YAML scalar rules (go-yaml v2, behind sigs.k8s.io/yaml) for the
//! manifest's names: when a plain scalar would not read back as a string,
//! kubectl quotes it, and so do we ([`yaml_name`]).

/// A valid secret name or namespace as Go's yaml (v2, behind
/// sigs.k8s.io/yaml) writes it: plain, unless read back plain it would not be
/// a string (a bool like `yes`/`on`, `null`, an integer such as `123`,
/// `0x1f`, `0o17`, a float such as `1e3`, or a date `2024-01-02`); then in
/// double quotes. Valid names hold only `[a-z0-9.-]` and start with a letter
/// or digit, so no other escaping or style applies.
///
/// Hand-written because the manifest has one fixed shape and the only
/// variable scalars are a name, a namespace and a base64 string.
pub fn yaml_name(name: &str) -> String {
    if yaml_resolves_to_non_string(name) {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

/// go-yaml v2's `resolve` for a plain scalar made of `[a-z0-9.-]`.
fn yaml_resolves_to_non_string(s: &str) -> bool {
    const MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
        "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<",
    ];
    if MAP.contains(&s) {
        return true;
    }
    let Some(&first) = s.as_bytes().first() else { return true };
    match first {
        b'.' => go_parse_float(s),
        b'0'..=b'9' | b'+' | b'-' => {
            if is_yaml_timestamp(s) {
                return true;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            go_parse_int_base0(&plain) || (is_yaml_style_float(&plain) && go_parse_float(&plain))
        }
        _ => false,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` succeed.
fn go_parse_int_base0(s: &str) -> bool {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    match u64::from_str_radix(digits, radix) {
        Ok(v) => !neg || v <= 1u64 << 63,
        Err(_) => false,
    }
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` succeeds: well-formed and finite (Go
/// reports overflow to infinity as an error). Only decimal forms reach here.
fn go_parse_float(s: &str) -> bool {
    is_yaml_style_float(s) && decimal_is_finite(s)
}

/// The smallest magnitude that rounds to infinity as an f64, 2^1024 - 2^970
/// (halfway between `f64::MAX` and 2^1024; the tie goes to the even
/// neighbour, 2^1024): 309 digits, no trailing zeros.
const F64_OVERFLOW: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a decimal of [`is_yaml_style_float`]'s form parses to a finite
/// f64 (correct rounding, as Go and Rust both do). Compared digit by digit
/// with [`F64_OVERFLOW`] instead of calling `str::parse::<f64>`, whose
/// tables and code are about a fifth of the WebAssembly build, only to learn
/// whether the value overflows.
fn decimal_is_finite(s: &str) -> bool {
    let b = s.as_bytes();
    let b = b.strip_prefix(b"-").or_else(|| b.strip_prefix(b"+")).unwrap_or(b);
    let (mantissa, exp) = match b.iter().position(|&c| c == b'e' || c == b'E') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    // The exponent, saturated: beyond a few hundred either way only its sign matters.
    let (neg, digits) = match exp.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exp),
    };
    let mut e: i64 = 0;
    for &d in digits {
        e = (e * 10 + i64::from(d - b'0')).min(1 << 40);
    }
    if neg {
        e = -e;
    }
    // value = 0.D × 10^point, D the significant digits (no leading zeros).
    let dot = mantissa.iter().position(|&c| c == b'.').unwrap_or(mantissa.len());
    let int_digits = &mantissa[..dot];
    let frac_digits = mantissa.get(dot + 1..).unwrap_or(&[]);
    let all = int_digits.iter().chain(frac_digits);
    let leading = all.clone().take_while(|&&c| c == b'0').count();
    if leading == int_digits.len() + frac_digits.len() {
        return true; // zero
    }
    let point = int_digits.len() as i64 - leading as i64 + e;
    let limit = F64_OVERFLOW.len() as i64;
    if point != limit {
        return point < limit;
    }
    // Same magnitude: compare the digits, the shorter padded with zeros.
    let mut sig = all.skip(leading);
    for &t in F64_OVERFLOW {
        match sig.next() {
            Some(&d) if d == t => continue,
            Some(&d) => return d < t,
            None => return true,
        }
    }
    false // equal to or above the threshold in every digit: rounds to infinity
}

/// go-yaml v2's `parseTimestamp` for the only format a name can take,
/// `2006-1-2` (a date; the other formats need `:` or a space): four digits,
/// `-`, a month of one or two digits, `-`, a day of one or two digits that
/// exists in that month, nothing after.
fn is_yaml_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let num = |i: &mut usize| -> Option<u32> {
        let start = *i;
        if *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
            if *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
        }
        (start != *i).then(|| s[start..*i].parse().unwrap_or(0))
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    let mut i = 5;
    let Some(month) = num(&mut i) else { return false };
    if i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    let Some(day) = num(&mut i) else { return false };
    if i != b.len() || !(1..=12).contains(&month) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod float_tests {
    use super::{decimal_is_finite, is_yaml_style_float};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The digit comparison agrees with the standard library's correctly
    /// rounded parse on the overflow boundary and around it.
    #[test]
    fn finite_as_std_parse() {
        let t = std::str::from_utf8(super::F64_OVERFLOW).unwrap();
        let below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
        let mut cases: Vec<String> = vec![
            t.to_string(),
            below.to_string(),
            format!("{t}0"),
            format!("{t}.0000"),
            format!("{below}.99999"),
            format!("{}.{}", &t[..1], &t[1..]) + "e308",
            format!("0.{below}e309"),
            format!("0.{t}e309"),
            format!("0.000{t}e312"),
            format!("-{t}"),
            format!("+{below}"),
        ];
        for m in [
            "0",
            "00",
            "0.0",
            ".0",
            "1",
            "1.",
            ".5",
            "9.99",
            "17976931348623157",
            "1797693134862315807",
            "18",
            "17",
            "000123.4500",
        ] {
            for e in [
                "",
                "e0",
                "e1",
                "e307",
                "e308",
                "E308",
                "e309",
                "e+308",
                "e-308",
                "e-400",
                "e400",
                "e99999999999999999999999",
                "e-99999999999999999999999",
                "e290",
                "e291",
                "e292",
                "e289",
            ] {
                for sign in ["", "-", "+"] {
                    cases.push(format!("{sign}{m}{e}"));
                }
            }
        }
        for c in &cases {
            assert!(is_yaml_style_float(c), "{c}");
            assert_eq!(decimal_is_finite(c), c.parse::<f64>().unwrap().is_finite(), "{c}");
        }
    }
}
