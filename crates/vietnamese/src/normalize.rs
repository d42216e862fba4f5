//! Normalisation of names and places, domain.md §5.3. Text is always *stored* as [`nfc`] (or
//! [`clean`]) of what was written; the other forms are derived comparison keys kept beside it.
//!
//! Three comparison keys, strictest first. Each is a function of the previous one, so agreement
//! at a stricter level implies agreement at every looser level:
//!
//! | key | `Hoà  Bình-Đông` | `NGUYỄN T. Thuý` |
//! |---|---|---|
//! | (a) [`exact_key`]    | `hòa bình đông` | `nguyễn t thúy` |
//! | (b) [`toneless_key`] | `hoa binh đông` | `nguyên t thuy` |
//! | (c) [`ascii_fold`]   | `hoa binh dong` | `nguyen t thuy` |
//!
//! All three first apply the same *key base*: NFC, lower case, whitespace cleaned, dash variants
//! (`-`, `–`, `‑`…) turned into spaces, abbreviation dots removed ([`strip_abbreviation_dots`]),
//! apostrophes unified ([`normalize_apostrophes`]) and the look-alike `Ð/ð` (eth) read as `Đ/đ`.
//! [`fold_variants`] (i/y spelling variants) is separate and can be applied before any key.
//!
//! Every function here is total (never panics), idempotent, and gives the same result for NFD and
//! NFC input.
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

mod names;
mod punct;
mod syllable;
mod variants;

pub use names::{name_order, split_name, NameOrder, NameParts};
pub use punct::{normalize_apostrophes, normalize_hyphens, strip_abbreviation_dots};
pub use syllable::{Tone, ToneStyle};
pub use variants::fold_variants;

pub(crate) use syllable::{is_word_char, split_letter as syllable_letter, syllable_spelling, SyllableSpelling};

/// Unicode NFC, nothing else (the stored, verbatim form).
pub fn nfc(s: &str) -> String {
    // Almost all text arrives already composed: the quick check (no allocation, no decomposition)
    // answers Yes for it, and only Maybe/No goes through the full normaliser.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// NFC with surrounding whitespace trimmed and inner runs of whitespace collapsed to one space.
pub fn clean(s: &str) -> String {
    let s = nfc(s);
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Re-places every tone mark according to `style` (see [`ToneStyle`]) and changes nothing else:
/// case, spacing and punctuation are kept. Words that are not a single Vietnamese syllable with one
/// tone (foreign words, two vowel runs, letters with other marks) are left as written.
/// `place_tones("Hoà Thuỷ", ToneStyle::Old) == "Hòa Thủy"`. Output is NFC.
pub fn place_tones(s: &str, style: ToneStyle) -> String {
    nfc(&syllable::map_words(&nfc(s), |w| syllable::retone_word(w, style)))
}

/// [`place_tones`] in the canonical (old) style: `hoà`→`hòa`, `thuỷ`→`thủy`, `uý`→`úy`, `khoẻ`→`khỏe`.
pub fn canonical_tones(s: &str) -> String {
    place_tones(s, ToneStyle::Old)
}

/// Level (a) comparison key: the key base (module documentation) with canonical, old-style tone
/// placement. `exact_key("  Hoà  THUỶ ") == "hòa thủy"`.
pub fn exact_key(s: &str) -> String {
    canonical_tones(&key_base(s))
}

/// Level (b) comparison key: tone marks removed, vowel quality kept (ă â ê ô ơ ư and đ stay):
/// `toneless_key("Nguyễn Thị Hằng") == "nguyên thi hăng"`; `hưng` ≠ `hùng`, but `hưng` = `hững`.
pub fn toneless_key(s: &str) -> String {
    let stripped: String = key_base(s).nfd().filter(|&c| !syllable::is_tone_mark(c)).collect();
    clean(&stripped)
}

/// Level (c) comparison key: fully folded ASCII, every mark removed and `đ`→`d`:
/// `ascii_fold("Nguyễn Thị Đào") == "nguyen thi dao"`. Vietnamese text always folds to ASCII;
/// letters of other scripts without a decomposition (`ø`, `ß`, CJK) are kept as they are.
pub fn ascii_fold(s: &str) -> String {
    let folded: String = key_base(s).nfd().filter(|&c| !is_combining_mark(c)).map(|c| if c == 'đ' { 'd' } else { c }).collect();
    clean(&folded)
}

/// The common first step of the three keys (see the module documentation).
fn key_base(s: &str) -> String {
    let lowered = nfc(&nfc(s).to_lowercase());
    let unified = punct::dashes_to_spaces(&normalize_apostrophes(&punct::fold_lookalikes(&lowered)));
    strip_abbreviation_dots(&unified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_documentation_table_holds() {
        let rows = [
            ("Hoà  Bình-Đông", ["hòa bình đông", "hoa binh đông", "hoa binh dong"]),
            ("NGUYỄN T. Thuý", ["nguyễn t thúy", "nguyên t thuy", "nguyen t thuy"]),
        ];
        for (input, [a, b, c]) in rows {
            assert_eq!((exact_key(input).as_str(), toneless_key(input).as_str(), ascii_fold(input).as_str()), (a, b, c));
        }
    }

    #[test]
    fn clean_trims_and_collapses_whitespace() {
        assert_eq!(clean("  Nguyễn \t Văn\n\nAn  "), "Nguyễn Văn An");
        assert_eq!(clean(""), "");
        assert_eq!(clean("Nguye\u{0302}\u{0303}n"), "Nguyễn");
    }

    #[test]
    fn exact_key_unifies_case_spacing_and_tone_placement() {
        assert_eq!(exact_key("  Hoà  THUỶ "), "hòa thủy");
        assert_eq!(exact_key("Khoẻ"), exact_key("khỏe"));
        assert_eq!(exact_key("Uý"), "úy");
        assert_eq!(exact_key("Nguyễn Thị Hằng"), "nguyễn thị hằng");
        assert_ne!(exact_key("Hùng"), exact_key("Hưng"));
    }

    #[test]
    fn keys_ignore_dash_dot_and_apostrophe_variants() {
        assert_eq!(exact_key("Bà Rịa – Vũng Tàu"), "bà rịa vũng tàu");
        assert_eq!(exact_key("Bà Rịa-Vũng Tàu"), exact_key("Bà Rịa - Vũng Tàu"));
        assert_eq!(exact_key("Ng. T. Lan"), "ng t lan");
        assert_eq!(exact_key("H’Hen Niê"), "h'hen niê");
        assert_eq!(exact_key("ÐẶNG"), exact_key("Đặng"));
    }

    #[test]
    fn toneless_key_keeps_vowel_quality() {
        assert_eq!(toneless_key("Nguyễn Thị Hằng"), "nguyên thi hăng");
        assert_eq!(toneless_key("Hưng"), toneless_key("Hững"));
        assert_ne!(toneless_key("Hưng"), toneless_key("Hùng"));
        assert_ne!(toneless_key("Vân"), toneless_key("Văn"));
        assert_eq!(toneless_key("Đặng"), "đăng");
    }

    #[test]
    fn ascii_fold_removes_everything() {
        assert_eq!(ascii_fold("Nguyễn Thị Đào"), "nguyen thi dao");
        assert_eq!(ascii_fold("ĐẶNG VĂN ẤT"), "dang van at");
        assert_eq!(ascii_fold("Phường Trúc Bạch"), "phuong truc bach");
    }

    #[test]
    fn tone_placement_changes_only_tones() {
        assert_eq!(place_tones("Hoà Thuỷ, khoẻ!", ToneStyle::Old), "Hòa Thủy, khỏe!");
        assert_eq!(place_tones("Hòa Thủy, khỏe!", ToneStyle::New), "Hoà Thuỷ, khoẻ!");
        assert_eq!(canonical_tones("Quỳnh Như"), "Quỳnh Như");
    }
}
