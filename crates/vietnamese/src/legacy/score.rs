//! How Vietnamese a candidate decoding looks: the evidence detection weighs.
use crate::normalize::{is_word_char, syllable_letter, syllable_spelling, SyllableSpelling};

/// Counts over the non-ASCII parts of a text (pure-ASCII words say nothing about the encoding).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Evidence {
    /// Words with a non-ASCII letter that are spelled like a Vietnamese syllable and hold no
    /// suspicious letter.
    pub good: u32,
    /// Words with a non-ASCII letter that are not (`oÌ` is `oì` in the wrong case: bad).
    pub bad: u32,
    /// Non-ASCII characters outside words that are not ordinary typography (`¸ » ¶ §`… are what
    /// legacy bytes look like when read with the wrong table).
    pub stray: u32,
    /// Good words whose tone sits where neither tone style puts it (`gaị`): still Vietnamese
    /// spelling, but a reading without them is preferred.
    pub misplaced: u32,
    /// Good words of a rare rime (`oõng`): still Vietnamese spelling, but a reading without them
    /// is preferred.
    pub rare: u32,
    /// Non-ASCII letters that genuine text would not have: letters outside the Vietnamese
    /// alphabet (`Þ ß ï ø ñ æ`…) and capitals right after a small letter (`NguyÔn`).
    pub suspicious: u32,
}

impl Evidence {
    pub fn of(text: &str) -> Evidence {
        let mut e = Evidence::default();
        let mut word = String::new();
        let mut word_suspicious = false;
        let end_word = |word: &mut String, suspicious: &mut bool, e: &mut Evidence| {
            if !word.is_empty() && !word.is_ascii() {
                match syllable_spelling(word) {
                    _ if *suspicious => e.bad += 1,
                    SyllableSpelling::Good => e.good += 1,
                    SyllableSpelling::ToneMisplaced => {
                        e.good += 1;
                        e.misplaced += 1;
                    }
                    SyllableSpelling::Rare => {
                        e.good += 1;
                        e.rare += 1;
                    }
                    SyllableSpelling::Implausible => e.bad += 1,
                }
            }
            word.clear();
            *suspicious = false;
        };
        for c in text.chars() {
            if is_word_char(c) {
                let after_small = word.chars().next_back().is_some_and(char::is_lowercase);
                if !c.is_ascii() && (!is_vietnamese_letter(c) || (c.is_uppercase() && after_small)) {
                    e.suspicious += 1;
                    word_suspicious = true;
                }
                word.push(c);
                continue;
            }
            end_word(&mut word, &mut word_suspicious, &mut e);
            if !c.is_ascii() && !c.is_whitespace() && !is_typography(c) {
                e.stray += 1;
            }
        }
        end_word(&mut word, &mut word_suspicious, &mut e);
        e
    }

    /// True when the text shows nothing but Vietnamese letters and ordinary typography: read as
    /// it is, it could well be genuine.
    pub fn looks_clean(&self) -> bool {
        self.stray == 0 && self.suspicious == 0
    }

    /// Blemishes that do not make a word bad but make a reading less likely (ties are broken on
    /// them): misplaced tones, rare rimes, capitals inside small words.
    pub fn flaws(&self) -> u32 {
        self.misplaced + self.rare + self.suspicious
    }

    /// Share of the evidence that looks Vietnamese, `None` when there is none.
    pub fn ratio(&self) -> Option<f32> {
        let total = self.good + self.bad + self.stray;
        (total > 0).then(|| self.good as f32 / total as f32)
    }
}

/// A letter of the Vietnamese alphabet, any case, a tone only on a vowel.
fn is_vietnamese_letter(c: char) -> bool {
    let Some(letter) = syllable_letter(c) else {
        return false;
    };
    let Some(bare) = letter.bare.to_lowercase().next() else {
        return false;
    };
    let vowel = "aăâeêioôơuưy".contains(bare);
    (bare.is_ascii_lowercase() || "ăâêôơưđ".contains(bare)) && (letter.tone.is_none() || vowel)
}

/// Non-ASCII punctuation that genuine text contains: dashes, quotes, ellipsis, bullets, the
/// degree, đồng and euro signs, no-break space.
fn is_typography(c: char) -> bool {
    matches!(c, '\u{00A0}' | '°' | '₫' | '€' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{203A}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_words_are_good_evidence() {
        let e = Evidence::of("Nguyễn Thị Hằng, sinh năm 1985 – Hà Nội");
        assert_eq!(e, Evidence { good: 6, bad: 0, stray: 0, misplaced: 0, rare: 0, suspicious: 0 });
        assert_eq!(e.ratio(), Some(1.0));
    }

    #[test]
    fn legacy_text_read_as_latin1_is_bad_evidence() {
        let e = Evidence::of("NguyÔn ThÞ H»ng");
        assert_eq!(e.good, 0);
        assert!(e.bad >= 2 && e.stray >= 1 && e.suspicious >= 1, "{e:?}");
        assert!(!e.looks_clean());
    }

    #[test]
    fn a_capital_after_a_small_letter_spoils_the_word() {
        // VNI's reading of the Windows-1258 bytes of `ò` (o + combining grave).
        let e = Evidence::of("oÌ, gè");
        assert_eq!(e, Evidence { good: 1, bad: 1, stray: 0, misplaced: 0, rare: 0, suspicious: 1 });
    }

    #[test]
    fn ascii_is_no_evidence() {
        assert_eq!(Evidence::of("Nguyen Van An 12/3/1985").ratio(), None);
    }
}
