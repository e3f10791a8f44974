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
    let v = crate::reference::validate(input, profile);
    let u16_at = |i: usize| input[..i].encode_utf16().count() as u32;
    let c = &v.components;
    Decoded {
        valid: v.valid,
        state: state_index(v.state),
        strings: vec![
            v.normalized().as_deref(),
            v.familiar().as_deref(),
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
                    component_index(d.location),
                    s,
                    e,
                    fix,
                )
            })
            .collect(),
    }
}

fn inputs() -> Vec<&'static str> {
    let mut v: Vec<&str> = include_str!("../../bench/corpus-10k.txt").split('\n').collect();
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
