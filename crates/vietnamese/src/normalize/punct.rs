//! Punctuation written inside names and places (domain.md §5.3 rule 5): abbreviation dots,
//! hyphen and dash variants, apostrophe variants, and the Ð/Đ look-alike.
use super::clean;
use super::syllable::is_word_char;

/// Characters that stand for a hyphen in names and places (typographic dashes, minus signs,
/// full-width forms).
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

/// U+00AD SOFT HYPHEN: invisible, only a line-break hint.
const SOFT_HYPHEN: char = '\u{00AD}';

/// Removes the dots of abbreviations (`Ng. T. Lan` → `Ng T Lan`, `Ng.T.Lan` → `Ng T Lan`,
/// `TP.HCM` → `TP HCM`). A dot (or run of dots) counts as an abbreviation dot when it directly
/// follows a letter; dots after digits (`12.03.1985`) or on their own are kept. Abbreviations are
/// *not* expanded: `T.` may be Thị or Thanh. The result is [`clean`]ed.
pub fn strip_abbreviation_dots(s: &str) -> String {
    let chars: Vec<char> = clean(s).chars().collect();
    let mut out = String::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '.' && i > 0 && is_word_char(chars[i - 1]) {
            while i < chars.len() && chars[i] == '.' {
                i += 1;
            }
            if chars.get(i).is_some_and(|n| !n.is_whitespace()) {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    clean(&out)
}

/// Unifies hyphens: every dash variant becomes `-`, soft hyphens disappear, runs of hyphens become
/// one, and spaces around a hyphen are removed (`Bà Rịa – Vũng Tàu` → `Bà Rịa-Vũng Tàu`,
/// `H’ Hen` is untouched, `Ê - đê` → `Ê-đê`). The result is [`clean`]ed.
pub fn normalize_hyphens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let cleaned = clean(s);
    let mut chars = cleaned.chars().filter(|&c| c != SOFT_HYPHEN).map(|c| if is_dash(c) { '-' } else { c }).peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                if !out.ends_with('-') {
                    out.push('-');
                }
                while chars.peek().is_some_and(|&n| n == ' ' || n == '-') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    clean(&out)
}

/// Unifies apostrophe look-alikes (`’ ‘ ʼ ´ ` ′`) to the ASCII `'`, as in Ê Đê names (`H’Hen`).
/// Output is NFC.
pub fn normalize_apostrophes(s: &str) -> String {
    super::nfc(s)
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{0060}' | '\u{00B4}' | '\u{2032}' | '\u{FF07}' => '\'',
            _ => c,
        })
        .collect()
}

/// For comparison keys only: every dash variant becomes a word separator, soft hyphens disappear.
pub(crate) fn dashes_to_spaces(s: &str) -> String {
    s.chars().filter(|&c| c != SOFT_HYPHEN).map(|c| if is_dash(c) { ' ' } else { c }).collect()
}

/// For comparison keys only: letters that look like Đ/đ but are not (Icelandic eth `Ð/ð`, which is
/// what a Windows-1258 `Đ` becomes when a file is read as Latin-1; African `Ɖ/ɖ`).
pub(crate) fn fold_lookalikes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'Ð' | 'Ɖ' => 'Đ',
            'ð' | 'ɖ' => 'đ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_dots_go_dates_stay() {
        assert_eq!(strip_abbreviation_dots("Ng. T. Lan"), "Ng T Lan");
        assert_eq!(strip_abbreviation_dots("Ng.T.Lan"), "Ng T Lan");
        assert_eq!(strip_abbreviation_dots("TP.HCM"), "TP HCM");
        assert_eq!(strip_abbreviation_dots("Lan..."), "Lan");
        assert_eq!(strip_abbreviation_dots("12.03.1985"), "12.03.1985");
        assert_eq!(strip_abbreviation_dots("  . "), ".");
        assert_eq!(strip_abbreviation_dots("P. Trúc Bạch, Q. Ba Đình"), "P Trúc Bạch, Q Ba Đình");
    }

    #[test]
    fn hyphen_variants_become_one_ascii_hyphen() {
        assert_eq!(normalize_hyphens("Bà Rịa – Vũng Tàu"), "Bà Rịa-Vũng Tàu");
        assert_eq!(normalize_hyphens("Bà Rịa‑Vũng Tàu"), "Bà Rịa-Vũng Tàu");
        assert_eq!(normalize_hyphens("Ê -- đê"), "Ê-đê");
        assert_eq!(normalize_hyphens("Bru\u{00AD}Vân Kiều"), "BruVân Kiều");
        assert_eq!(normalize_hyphens("H'Hen Niê"), "H'Hen Niê");
    }

    #[test]
    fn apostrophe_variants_become_ascii() {
        assert_eq!(normalize_apostrophes("H’Hen"), "H'Hen");
        assert_eq!(normalize_apostrophes("Kơ´Nia"), "Kơ'Nia");
    }
}
