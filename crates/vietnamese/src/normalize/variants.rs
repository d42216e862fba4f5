//! Spelling variants that are the *same* name written two ways (domain.md §5.3 rule 6), folded so
//! that matching can compare them at low cost.
//!
//! Only one rule is applied, the i/y rule: a syllable made of a consonant onset followed by a
//! final `y` alone (tone allowed) is written with `i` instead (`Lý`→`Lí`, `Mỹ`→`Mĩ`, `Kỳ`→`Kì`,
//! `Sỹ`→`Sĩ`, `Vy`→`Vi`, `Thy`→`Thi`, `Quý`→`Quí`, `Hy`→`Hi`). Nothing else changes: case, tone
//! and every other letter are kept, so the fold can be applied before or after any key function.
//!
//! Deliberately *not* folded here:
//! * `y` inside a rime (`thủy`, `tuyết`, `ây`, `ay`, `yêu`) and `y` alone (`Ý`, the Ê Đê prefix `Y`);
//!   `tay`/`tai` and `thủy`/`thủi` are different words;
//! * `Thúy`/`Thuý`: that is tone placement, already unified by [`super::exact_key`];
//! * regional pairs (Hoàng/Huỳnh, Vũ/Võ) and sound confusions (d/gi/r, tr/ch, s/x, n/l): those are
//!   *different* spellings that a matcher should score as near-misses, not equalities.
use super::nfc;
use super::syllable::{lower, map_words, split_letter, with_tone};

/// Onsets after which a lone final `y` may equally be written `i`.
const Y_ONSETS: &[&str] =
    &["b", "c", "ch", "d", "đ", "h", "k", "kh", "l", "m", "n", "ng", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"];

/// Applies the i/y variant rule described in the module documentation. Output is NFC; idempotent.
pub fn fold_variants(s: &str) -> String {
    nfc(&map_words(&nfc(s), fold_word))
}

fn fold_word(word: &[char]) -> Option<Vec<char>> {
    let (&last, onset) = word.split_last()?;
    let last = split_letter(last)?;
    if lower(last.bare)? != 'y' || onset.is_empty() {
        return None;
    }
    let mut onset_lower = String::with_capacity(onset.len() * 2);
    for &c in onset {
        let l = split_letter(c)?;
        if l.tone.is_some() {
            return None;
        }
        onset_lower.push(lower(l.bare)?);
    }
    if !Y_ONSETS.contains(&onset_lower.as_str()) {
        return None;
    }
    let i = if last.bare.is_uppercase() { 'I' } else { 'i' };
    let new_last = match last.tone {
        Some(t) => with_tone(i, t)?,
        None => i,
    };
    let mut out = onset.to_vec();
    out.push(new_last);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consonant_plus_final_y_is_written_with_i() {
        for (a, b) in [("Lý", "Lí"), ("Mỹ", "Mĩ"), ("Kỳ", "Kì"), ("Sỹ", "Sĩ"), ("Vy", "Vi"), ("QUÝ", "QUÍ"), ("Thy", "Thi"), ("Mỵ", "Mị")]
        {
            assert_eq!(fold_variants(a), b);
            assert_eq!(fold_variants(b), b);
        }
        assert_eq!(fold_variants("Lý Thị Mỹ Kỳ"), "Lí Thị Mĩ Kì");
    }

    #[test]
    fn y_inside_a_rime_or_alone_is_kept() {
        for w in ["Thủy", "Thuý", "Tuyết", "Tây", "Tay", "Yến", "Ý", "Y Bih", "Huy", "Nguyễn", "Quỳnh", "Khuyên"] {
            assert_eq!(fold_variants(w), w, "{w}");
        }
    }
}
