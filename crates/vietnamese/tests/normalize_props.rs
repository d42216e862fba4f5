//! Properties every normalisation function must keep, on arbitrary Unicode and on generated
//! Vietnamese text.
mod common;

use common::*;
use proptest::prelude::*;
use sohoa_vietnamese::normalize::*;
use unicode_normalization::UnicodeNormalization;

type Normaliser = fn(&str) -> String;

const ALL: &[(&str, Normaliser)] = &[
    ("nfc", nfc),
    ("clean", clean),
    ("exact_key", exact_key),
    ("toneless_key", toneless_key),
    ("ascii_fold", ascii_fold),
    ("canonical_tones", canonical_tones),
    ("fold_variants", fold_variants),
    ("strip_abbreviation_dots", strip_abbreviation_dots),
    ("normalize_hyphens", normalize_hyphens),
    ("normalize_apostrophes", normalize_apostrophes),
];

/// Arbitrary text biased towards what breaks normalisers: Vietnamese letters, loose combining
/// marks, dashes, dots, apostrophes and odd whitespace, mixed with any Unicode scalar.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => syllable(),
        2 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(vec![
            " ", "  ", "\t", "\u{00A0}", "\u{2003}", "-", "–", "‑", "\u{00AD}", ".", "..", "'", "’", "Ð", "ð",
            "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}", "\u{0302}", "\u{0306}", "\u{031B}",
            "\u{0340}", "\u{0345}", "İ", "ß", "ǅ", "ﬁ", "1", "y", "Y",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn every_normaliser_is_idempotent(s in messy_text()) {
        for (name, f) in ALL {
            let once = f(&s);
            prop_assert_eq!(f(&once), once.clone(), "{} is not idempotent on {:?}", name, s);
        }
    }

    #[test]
    fn every_normaliser_is_idempotent_on_any_string(s in any::<String>()) {
        for (name, f) in ALL {
            let once = f(&s);
            prop_assert_eq!(f(&once), once.clone(), "{} is not idempotent on {:?}", name, s);
        }
    }

    #[test]
    fn nfd_input_gives_the_same_result_as_nfc_input(s in messy_text()) {
        let nfd: String = s.nfd().collect();
        let nfc_: String = s.nfc().collect();
        for (name, f) in ALL {
            prop_assert_eq!(f(&nfd), f(&nfc_), "{} differs on NFD/NFC of {:?}", name, s);
        }
    }

    #[test]
    fn every_output_is_nfc(s in messy_text()) {
        for (name, f) in ALL {
            let out = f(&s);
            prop_assert!(unicode_normalization::is_nfc(&out), "{} output not NFC for {:?}", name, s);
        }
    }

    #[test]
    fn looser_keys_are_functions_of_stricter_keys(s in messy_text()) {
        let exact = exact_key(&s);
        prop_assert_eq!(toneless_key(&exact), toneless_key(&s));
        prop_assert_eq!(ascii_fold(&exact), ascii_fold(&s));
        prop_assert_eq!(ascii_fold(&toneless_key(&s)), ascii_fold(&s));
    }

    #[test]
    fn ascii_fold_of_vietnamese_text_is_ascii(s in phrase(), punct in "[ .,'-]{0,3}") {
        let text = format!("{s}{punct}");
        let folded = ascii_fold(&text);
        prop_assert!(folded.is_ascii(), "{:?} -> {:?}", text, folded);
        prop_assert!(!folded.chars().any(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn old_and_new_tone_placement_give_the_same_key(((bare, tone), case) in (syllable_parts(), 0..3u8)) {
        let old = recase(&with_tone_anywhere(&bare, tone, ToneStyle::Old), case);
        let new = recase(&with_tone_anywhere(&bare, tone, ToneStyle::New), case);
        prop_assert_eq!(exact_key(&old), exact_key(&new));
        prop_assert_eq!(canonical_tones(&new), old.clone());
        prop_assert_eq!(place_tones(&old, ToneStyle::New), new);
    }

    #[test]
    fn a_tone_anywhere_on_the_vowels_gives_the_canonical_key(((bare, tone), k) in (syllable_parts(), 0..3usize)) {
        prop_assume!(!tone.is_empty());
        // Put the mark on the k-th vowel (or the last one), however wrong that is.
        let vowels: Vec<usize> = bare.char_indices().filter(|(_, c)| "aăâeêioôơuưy".contains(*c)).map(|(i, _)| i).collect();
        let (at, c) = bare.char_indices().find(|(i, _)| *i == vowels[k.min(vowels.len() - 1)]).unwrap();
        let misplaced = format!("{}{}{}{}", &bare[..at], c, tone, &bare[at + c.len_utf8()..]);
        let canonical = with_tone_anywhere(&bare, tone, ToneStyle::Old);
        prop_assert_eq!(exact_key(&misplaced), exact_key(&canonical), "{:?}", misplaced);
    }

    #[test]
    fn keys_ignore_case(s in phrase()) {
        prop_assert_eq!(exact_key(&s.to_uppercase()), exact_key(&s.to_lowercase()));
        prop_assert_eq!(ascii_fold(&s.to_uppercase()), ascii_fold(&s));
    }

    #[test]
    fn fold_variants_commutes_with_the_keys(s in phrase()) {
        prop_assert_eq!(ascii_fold(&fold_variants(&s)), fold_variants(&ascii_fold(&s)));
        prop_assert_eq!(toneless_key(&fold_variants(&s)), fold_variants(&toneless_key(&s)));
        prop_assert_eq!(exact_key(&fold_variants(&s)), fold_variants(&exact_key(&s)));
    }

    #[test]
    fn split_name_never_panics_and_keeps_every_token(s in messy_text()) {
        let parts = split_name(&s);
        let mut rebuilt: Vec<String> = Vec::new();
        rebuilt.extend(parts.surname.split(' ').filter(|t| !t.is_empty()).map(String::from));
        rebuilt.extend(parts.middle.iter().cloned());
        rebuilt.extend(parts.given.split(' ').filter(|t| !t.is_empty()).map(String::from));
        let mut expected: Vec<String> = clean(&s).split(' ').filter(|t| t.chars().any(char::is_alphanumeric)).map(String::from).collect();
        rebuilt.sort();
        expected.sort();
        prop_assert_eq!(rebuilt, expected);
    }

    #[test]
    fn a_kinh_name_splits_into_its_generated_parts(sur in syllable(), mid in prop::collection::vec(syllable(), 0..3), given in syllable()) {
        let lower = |s: &str| s.to_lowercase();
        prop_assume!(!["y", "h'"].contains(&lower(&sur).as_str()));
        // Compound surnames (Tôn Thất, Âu Dương) are split differently on purpose.
        prop_assume!(!(ascii_fold(&sur) == "ton" || ascii_fold(&sur) == "au"));
        let full = std::iter::once(sur.clone()).chain(mid.iter().cloned()).chain([given.clone()]).collect::<Vec<_>>().join(" ");
        let parts = split_name(&full);
        prop_assert_eq!(parts.surname, sur);
        prop_assert_eq!(parts.middle, mid);
        prop_assert_eq!(parts.given, given);
    }
}
