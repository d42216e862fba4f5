//! Generators of Vietnamese text shared by the property tests.
#![allow(dead_code)]
use proptest::prelude::*;
use proptest::sample::select;
use sohoa_vietnamese::normalize::{place_tones, ToneStyle};

pub const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th",
    "tr", "v", "x",
];

/// Rimes (nucleus + coda), toneless.
pub const RIMES: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oa", "oe",
    "oi", "ôi", "ơi", "ua", "ui", "uy", "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu",
    "an", "ăn", "ân", "anh", "ang", "ăng", "âng", "at", "ăt", "ât", "ac", "ach", "em", "êm", "en", "ên", "ênh", "et", "êt", "ich", "im",
    "in", "inh", "it", "iêm", "iên", "iêng", "iêt", "oan", "oăn", "oang", "oanh", "oat", "oach", "oăt", "oen", "oet", "om", "ôm", "ơm",
    "on", "ôn", "ơn", "ong", "ông", "oc", "ôc", "ot", "ôt", "ơt", "op", "ôp", "ơp", "um", "un", "ung", "ưng", "ut", "ưt", "uc", "ưc",
    "uân", "uâng", "uât", "uyên", "uyêt", "uynh", "uych", "uôn", "uông", "uôt", "uôc", "ươn", "ương", "ươt", "ươc", "ươp", "yên", "yêt",
    "uê", "uêch", "uơ", "uyt", "uyn",
];

pub const TONES: &[&str] = &["", "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}"];

/// Property-test configuration: `cases` cases (or `PROPTEST_CASES` when set, for long local
/// soak runs), no regression files (the tests live outside `src`).
pub fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, max_global_rejects: cases.max(1024), failure_persistence: None, ..ProptestConfig::default() }
}

/// A toneless syllable and a tone mark ("" for none).
pub fn syllable_parts() -> impl Strategy<Value = (String, &'static str)> {
    (select(ONSETS), select(RIMES), select(TONES)).prop_map(|(o, r, mut t)| {
        // Syllables ending in a stop only take the sắc and nặng tones.
        if ["c", "h", "p", "t"].iter().any(|s| r.ends_with(s) && !r.ends_with("nh")) && !["\u{0301}", "\u{0323}"].contains(&t) {
            t = match t {
                "\u{0300}" | "\u{0303}" => "\u{0323}",
                _ => "\u{0301}",
            };
        }
        // `gi` + a rime starting with i would double the i; `qu` + a rime starting with u is not
        // a Vietnamese spelling.
        let o = match (o, r.chars().next()) {
            ("gi", Some('i')) => "g",
            ("qu", Some('u' | 'ư')) => "h",
            _ => o,
        };
        (format!("{o}{r}"), t)
    })
}

/// One syllable with its tone placed in `style`, in a random letter case.
pub fn syllable_in(style: ToneStyle) -> impl Strategy<Value = String> {
    (syllable_parts(), 0..3u8).prop_map(move |((bare, tone), case)| {
        let toned = with_tone_anywhere(&bare, tone, style);
        recase(&toned, case)
    })
}

/// A correctly written (old-style) syllable.
pub fn syllable() -> impl Strategy<Value = String> {
    syllable_in(ToneStyle::Old)
}

/// A name-like phrase of 1–5 syllables.
pub fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(syllable(), 1..6).prop_map(|w| w.join(" "))
}

/// Adds the tone mark to the first vowel of `bare`, then lets `place_tones` move it: this is the
/// reference placement in `style`.
pub fn with_tone_anywhere(bare: &str, tone: &str, style: ToneStyle) -> String {
    if tone.is_empty() {
        return bare.to_string();
    }
    let mut s = String::new();
    let mut done = false;
    for c in bare.chars() {
        s.push(c);
        if !done && "aăâeêioôơuưy".contains(c) {
            s.push_str(tone);
            done = true;
        }
    }
    place_tones(&s, style)
}

/// 0 = lower, 1 = Capitalised, 2 = UPPER.
pub fn recase(s: &str, case: u8) -> String {
    match case {
        1 => {
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
        2 => s.to_uppercase(),
        _ => s.to_string(),
    }
}

/// Strings that look like dates: digits, separators, keywords, unknown markers.
pub fn date_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,5}",
        prop::sample::select(vec!["/", "-", ".", " ", ",", "ngày", "tháng", "năm", "Ngay", "THÁNG", "??", "xx", "00", "–"])
            .prop_map(String::from),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..9).prop_map(|v| v.concat())
}
