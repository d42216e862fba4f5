//! Realistic differences between what a register says and what another source (the population
//! database, an earlier spreadsheet) says about the same person (domain.md §5.3 "typical confusions").
use crate::util::{chance, R};
use rand::Rng;
use unicode_normalization::UnicodeNormalization;

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const TILDE: char = '\u{303}';
const HOOK: char = '\u{309}';
const DOT: char = '\u{323}';
const CIRC: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

fn is_tone(c: char) -> bool {
    matches!(c, GRAVE | ACUTE | TILDE | HOOK | DOT)
}

fn map_words(s: &str, mut f: impl FnMut(usize, &str) -> String) -> String {
    s.split(' ').enumerate().map(|(i, w)| f(i, w)).collect::<Vec<_>>().join(" ")
}

/// Old → new tone placement on open "oa/oe/uy" syllables: "Hòa" → "Hoà", "Thủy" → "Thuỷ".
pub fn new_tone_style(s: &str) -> String {
    map_words(s, |_, w| {
        let d: Vec<char> = w.nfd().collect();
        let n = d.len();
        if n >= 3 && is_tone(d[n - 2]) {
            let (v1, v2) = (d[n - 3].to_ascii_lowercase(), d[n - 1].to_ascii_lowercase());
            if (v1 == 'o' && (v2 == 'a' || v2 == 'e')) || (v1 == 'u' && v2 == 'y') {
                // Not after "q" ("Quý" already has the tone on y).
                if n >= 4 && d[n - 4].eq_ignore_ascii_case(&'q') {
                    return w.to_string();
                }
                let mut e = d.clone();
                e.swap(n - 2, n - 1);
                return e.into_iter().nfc().collect();
            }
        }
        w.to_string()
    })
}

/// Removes the tone marks of one word (vowel marks kept): "Nguyễn" → "Nguyên".
pub fn drop_tone_of_word(s: &str, k: usize) -> String {
    map_words(s, |i, w| if i == k { w.nfd().filter(|c| !is_tone(*c)).nfc().collect() } else { w.to_string() })
}

/// Strips every diacritic and đ, keeping case: "Đặng Thị Hòa" → "Dang Thi Hoa".
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

pub fn to_nfd(s: &str) -> String {
    s.nfd().collect()
}

/// Drops one middle name ("Nguyễn Thị Thu Hà" → "Nguyễn Thu Hà"); unchanged for two-word names.
pub fn drop_middle(s: &str, rng: &mut R) -> String {
    let w: Vec<&str> = s.split(' ').collect();
    if w.len() < 3 {
        return s.to_string();
    }
    let k = rng.gen_range(1..w.len() - 1);
    w.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, x)| *x).collect::<Vec<_>>().join(" ")
}

/// One handwriting / keying slip in one word: hỏi↔ngã, lost dot below, ơ↔ô, ư→u, ă↔â, n↔u.
pub fn misspell(rng: &mut R, s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    for _ in 0..8 {
        let k = rng.gen_range(0..words.len());
        let d: Vec<char> = words[k].nfd().collect();
        let mut e = d.clone();
        let op = rng.gen_range(0..6);
        let mut changed = false;
        for c in e.iter_mut() {
            match (op, *c) {
                (0, HOOK) => {
                    *c = TILDE;
                    changed = true;
                }
                (0, TILDE) => {
                    *c = HOOK;
                    changed = true;
                }
                (1, DOT) => {
                    *c = '\u{0}';
                    changed = true;
                }
                (2, HORN) => {
                    *c = CIRC;
                    changed = true;
                }
                (3, BREVE) => {
                    *c = CIRC;
                    changed = true;
                }
                (3, CIRC) => {
                    *c = BREVE;
                    changed = true;
                }
                _ => {}
            }
            if changed {
                break;
            }
        }
        if !changed && op >= 4 {
            let bare = |k: usize| e.get(k + 1).is_none_or(|c| !unicode_normalization::char::is_combining_mark(*c));
            if let Some(p) = (0..e.len()).find(|&k| (e[k] == 'n' || e[k] == 'u') && bare(k)) {
                e[p] = if e[p] == 'n' { 'u' } else { 'n' };
                changed = true;
            }
        }
        if changed {
            let w: String = e.into_iter().filter(|c| *c != '\u{0}').nfc().collect();
            let mut out: Vec<String> = words.iter().map(|x| x.to_string()).collect();
            out[k] = w;
            return out.join(" ");
        }
    }
    s.to_string()
}

/// A name as another source holds it; returns (text, what changed) with the given probability.
pub fn name_variant(rng: &mut R, s: &str, p: f64) -> String {
    if !chance(rng, p) {
        return s.to_string();
    }
    let x: f64 = rng.gen();
    let words = s.split(' ').count();
    if x < 0.34 {
        let t = new_tone_style(s);
        if t != s {
            return t;
        }
        drop_tone_of_word(s, rng.gen_range(0..words))
    } else if x < 0.55 {
        drop_tone_of_word(s, rng.gen_range(0..words))
    } else if x < 0.70 {
        drop_middle(s, rng)
    } else if x < 0.85 {
        s.to_uppercase()
    } else if x < 0.93 {
        misspell(rng, s)
    } else {
        fold(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::stream;
    #[test]
    fn tone_styles() {
        assert_eq!(new_tone_style("Nguyễn Thị Hòa"), "Nguyễn Thị Hoà");
        assert_eq!(new_tone_style("Lê Thủy"), "Lê Thuỷ");
        assert_eq!(new_tone_style("Hoàng Quý"), "Hoàng Quý");
        assert_eq!(new_tone_style("Hoàng Toàn"), "Hoàng Toàn");
        assert_eq!(fold("Đặng Thị Hòa"), "Dang Thi Hoa");
        assert_eq!(drop_tone_of_word("Nguyễn Văn An", 0), "Nguyên Văn An");
        let mut r = stream(1, "t");
        for _ in 0..50 {
            let m = misspell(&mut r, "Nguyễn Thị Hương");
            assert!(!m.is_empty());
        }
    }
}
