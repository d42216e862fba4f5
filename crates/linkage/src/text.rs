//! Token-level normalisation keys (domain.md §5.3) and string similarity.
//!
//! Every name token gets five keys, from strictest to loosest:
//! 1. `exact` – NFC, lower case, marks exactly where they were written (`hoà` ≠ `hòa`);
//! 2. `canon` – tone placement folded: the syllable without its tone + the tone itself, so the
//!    old (`hòa`, `thủy`) and new (`hoà`, `thuỷ`) placements give the same key;
//! 3. `toneless` – tone removed, vowel quality kept (`hưng` ≠ `hùng` here, `hưng` = `hững`);
//! 4. `folded` – plain ASCII, đ→d (`nguyen`);
//! 5. `phon` – folded plus the low-cost confusions of §5.3 rule 6 that never turn one common
//!    given name into another: i/y, d/gi/r, s/x, k/c, ngh/ng, gh/g. (tr/ch and l/n are left
//!    out: Trung/Chung, Linh/Ninh, Nam/Lâm are different names; they reach the "one typo"
//!    level instead.)
//!
//! These are computed once per *distinct* raw token (the lexicon caches them), so the cost here is
//! irrelevant to throughput.
//! Private helpers: `sohoa_vietnamese::normalize::{toneless_key, split_name}` were not yet
//! published when this was written; the lead will unify them.
use unicode_normalization::UnicodeNormalization;

/// The five keys of one token. `None` when nothing letter-like is left (e.g. "-" or "12").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKeys {
    pub exact: String,
    pub canon: String,
    pub toneless: String,
    pub folded: String,
    pub phon: String,
}

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const QUALITY: [char; 3] = ['\u{0302}', '\u{0306}', '\u{031B}'];

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Splits a name or place into raw tokens (whitespace, hyphens, commas and similar separators).
pub fn raw_tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | ';' | '/' | '(' | ')' | '_' | '–')).filter(|t| !t.is_empty())
}

/// Computes the keys of one raw token, with the abbreviations of §5.3 rule 5 expanded
/// (`T.` → Thị, `Ng.` → Nguyễn, `V.` → Văn, only when written with the dot).
pub fn token_keys(raw: &str) -> Option<TokenKeys> {
    let keys = token_keys_inner(raw)?;
    if raw.ends_with('.') {
        let expanded = match keys.folded.as_str() {
            "t" => Some("thị"),
            "ng" => Some("nguyễn"),
            "v" => Some("văn"),
            _ => None,
        };
        if let Some(e) = expanded {
            return token_keys_inner(e);
        }
    }
    Some(keys)
}

fn token_keys_inner(raw: &str) -> Option<TokenKeys> {
    let mut exact_d = String::with_capacity(raw.len() + 4);
    let mut toneless_d = String::with_capacity(raw.len() + 4);
    let mut folded = String::with_capacity(raw.len());
    let mut tone: Option<usize> = None;
    let mut have_letter = false;
    for c in raw.nfd() {
        if is_combining(c) {
            if !have_letter {
                continue;
            }
            if let Some(t) = TONES.iter().position(|&x| x == c) {
                tone = Some(t);
                exact_d.push(c);
            } else if QUALITY.contains(&c) {
                exact_d.push(c);
                toneless_d.push(c);
            } else if c == '\u{0340}' || c == '\u{0341}' {
                // legacy combining grave/acute tone marks
                tone = Some(if c == '\u{0340}' { 0 } else { 1 });
                exact_d.push(TONES[tone.unwrap()]);
            }
            continue;
        }
        if !c.is_alphabetic() {
            continue;
        }
        have_letter = true;
        for l in c.to_lowercase() {
            exact_d.push(l);
            toneless_d.push(l);
            let f = match l {
                'đ' | 'ð' => 'd',
                _ => l,
            };
            folded.push(f);
        }
    }
    if !have_letter {
        return None;
    }
    let exact: String = exact_d.nfc().collect();
    let toneless: String = toneless_d.nfc().collect();
    let mut canon = toneless.clone();
    if let Some(t) = tone {
        canon.push('\u{1}');
        canon.push((b'0' + t as u8) as char);
    }
    let phon = phon_key(&folded);
    Some(TokenKeys { exact, canon, toneless, folded, phon })
}

/// Phonetic-ish key of a folded token: initial consonant confusions and i/y merged.
pub fn phon_key(folded: &str) -> String {
    let s = folded;
    let (init, rest): (&str, &str) = if let Some(r) = s.strip_prefix("ngh") {
        ("ng", r)
    } else if let Some(r) = s.strip_prefix("gh") {
        ("g", r)
    } else if s.starts_with("gi") && s.len() > 2 {
        ("z", &s[2..])
    } else if let Some(r) = s.strip_prefix('d') {
        ("z", r)
    } else if let Some(r) = s.strip_prefix('r') {
        ("z", r)
    } else if let Some(r) = s.strip_prefix('s') {
        ("x", r)
    } else if let Some(r) = s.strip_prefix('k') {
        ("c", r)
    } else {
        ("", s)
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(init);
    for c in rest.chars() {
        out.push(if c == 'y' { 'i' } else { c });
    }
    out
}

/// Jaro–Winkler similarity on bytes (the folded keys are ASCII), prefix scale 0.1, prefix ≤ 4.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let j = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

/// Jaro similarity on bytes.
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let window = (b.len() / 2).saturating_sub(1);
    // names are short: a fixed buffer avoids allocation; fall back to a Vec for long strings
    let mut flags_small = [false; 128];
    let mut flags_vec;
    let bflags: &mut [bool] = if b.len() <= 128 {
        &mut flags_small[..b.len()]
    } else {
        flags_vec = vec![false; b.len()];
        &mut flags_vec[..]
    };
    let mut a_matched_small = [0u8; 128];
    let mut a_matched_vec;
    let a_matched: &mut [u8] = if a.len() <= 128 {
        &mut a_matched_small[..a.len()]
    } else {
        a_matched_vec = vec![0u8; a.len()];
        &mut a_matched_vec[..]
    };
    let mut m = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !bflags[j] && b[j] == ca {
                bflags[j] = true;
                a_matched[m] = ca;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let mut t = 0usize;
    let mut k = 0usize;
    for (j, &cb) in b.iter().enumerate() {
        if bflags[j] {
            if a_matched[k] != cb {
                t += 1;
            }
            k += 1;
        }
    }
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (t / 2) as f64) / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_old_and_new_share_canon() {
        let old = token_keys("hòa").unwrap();
        let new = token_keys("hoà").unwrap();
        assert_ne!(old.exact, new.exact);
        assert_eq!(old.canon, new.canon);
        let a = token_keys("THỦY").unwrap();
        let b = token_keys("thuỷ").unwrap();
        assert_eq!(a.canon, b.canon);
    }

    #[test]
    fn nfd_input_gives_the_same_exact_key() {
        let nfd: String = "Nguyễn".nfd().collect();
        assert_eq!(token_keys(&nfd).unwrap().exact, token_keys("nguyễn").unwrap().exact);
    }

    #[test]
    fn levels_fold_progressively() {
        let hung = token_keys("Hùng").unwrap();
        let hung2 = token_keys("Hưng").unwrap();
        assert_ne!(hung.toneless, hung2.toneless);
        assert_eq!(hung.folded, hung2.folded);
        let d = token_keys("Đào").unwrap();
        assert_eq!(d.folded, "dao");
        assert_eq!(d.phon, "zao");
        assert_eq!(token_keys("Lý").unwrap().phon, token_keys("Lí").unwrap().phon);
    }

    #[test]
    fn abbreviations_expand_only_with_a_dot() {
        assert_eq!(token_keys("T.").unwrap().folded, "thi");
        assert_eq!(token_keys("Ng.").unwrap().folded, "nguyen");
        assert_eq!(token_keys("T").unwrap().folded, "t");
        assert!(token_keys("12").is_none());
    }

    #[test]
    fn jaro_winkler_known_values() {
        assert!((jaro_winkler(b"martha", b"marhta") - 0.9611).abs() < 1e-3);
        assert!((jaro_winkler(b"dixon", b"dicksonx") - 0.8133).abs() < 1e-3);
        assert_eq!(jaro_winkler(b"", b""), 1.0);
        assert_eq!(jaro_winkler(b"abc", b""), 0.0);
    }
}
