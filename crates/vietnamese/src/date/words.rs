//! Numbers written in Vietnamese words, as dates in registers spell them: reading
//! ([`numbers_at`]) and writing ([`number_in_words`]).
//!
//! Words are compared in their folded form (no marks, lower case), so `mười`/`mươi`/`muoi`,
//! `một`/`mốt`, `bảy`/`bẩy` and text typed without diacritics all read the same; what tells
//! `mười` (10) from `mươi` (×10) is the position. Spellings read:
//!
//! * units: `không` 0, `một` 1, `hai`, `ba`, `bốn`/`tư` 4, `năm` 5, `sáu`, `bảy`/`bẩy`, `tám`, `chín`;
//! * after a ten: `mốt` 1, `tư` 4, `lăm`/`nhăm`/`năm` 5 (`mười năm` = 15, as the North says it);
//! * tens: `mười` 10, `X mươi` (`hai mươi`), `hăm` 20, `băm` 30, and the spoken `hai mốt`,
//!   `ba lăm`, `tám lăm` (= X mươi Y);
//! * hundreds and thousands: `trăm`, `nghìn`/`ngàn`, `linh`/`lẻ` for an empty tens place
//!   (`một nghìn chín trăm linh năm` = 1905, `hai nghìn không trăm linh năm` = 2005,
//!   `hai nghìn linh năm`, `hai nghìn mười lăm`);
//! * a year read digit by digit: `một chín sáu không` = 1960.

/// A plain digit word (`tư` included: `tháng tư`, `ngày mồng bốn`).
fn digit(w: &str) -> Option<u32> {
    Some(match w {
        "khong" => 0,
        "mot" => 1,
        "hai" => 2,
        "ba" => 3,
        "bon" | "tu" => 4,
        "nam" => 5,
        "sau" => 6,
        "bay" => 7,
        "tam" => 8,
        "chin" => 9,
        _ => return None,
    })
}

/// A unit after `mười`, `mươi`, `hăm` or `băm` (1–9).
fn unit_after_ten(w: &str) -> Option<u32> {
    match w {
        "lam" | "nham" => Some(5),
        "khong" => None,
        _ => digit(w),
    }
}

/// The words that belong to numbers (for the tokenizer).
pub(super) fn is_number_word(w: &str) -> bool {
    digit(w).is_some() || matches!(w, "lam" | "nham" | "muoi" | "ham" | "bam" | "tram" | "nghin" | "ngan" | "linh" | "le")
}

/// Readings of 0–99 at the start of `w`: (value, words used).
fn below_hundred(w: &[&str], out: &mut Vec<(u32, usize)>) {
    let at = |i: usize| w.get(i).copied().unwrap_or("");
    match at(0) {
        "muoi" => {
            out.push((10, 1));
            if let Some(u) = unit_after_ten(at(1)) {
                out.push((10 + u, 2));
            }
        }
        "ham" | "bam" => {
            let tens = if at(0) == "ham" { 20 } else { 30 };
            out.push((tens, 1));
            if let Some(u) = unit_after_ten(at(1)) {
                out.push((tens + u, 2));
            }
        }
        first => {
            let Some(d) = digit(first) else { return };
            out.push((d, 1));
            if d < 2 {
                return;
            }
            if at(1) == "muoi" {
                out.push((d * 10, 2));
                if let Some(u) = unit_after_ten(at(2)) {
                    out.push((d * 10 + u, 3));
                }
            }
            // Spoken shortcuts: `hai mốt` 21, `hai tư` 24, `tám lăm` 85.
            match at(1) {
                "mot" => out.push((d * 10 + 1, 2)),
                "tu" => out.push((d * 10 + 4, 2)),
                "lam" | "nham" => out.push((d * 10 + 5, 2)),
                _ => {}
            }
        }
    }
}

/// What may follow `… trăm`: `linh năm`, `mười`, `sáu mươi`… (value 0–99, words used).
fn after_hundreds(w: &[&str], out: &mut Vec<(u32, usize)>) {
    if matches!(w.first(), Some(&"linh") | Some(&"le")) {
        if let Some(u) = w.get(1).and_then(|x| digit(x)).filter(|&u| u > 0) {
            out.push((u, 2));
        }
        return;
    }
    let mut tens = Vec::new();
    below_hundred(w, &mut tens);
    out.extend(tens.into_iter().filter(|&(v, _)| v >= 10));
}

/// Readings of 100–999 (`X trăm …`) at the start of `w`.
fn hundreds(w: &[&str], allow_zero: bool, out: &mut Vec<(u32, usize)>) {
    let Some(h) = w.first().and_then(|x| digit(x)) else { return };
    if w.get(1) != Some(&"tram") || (h == 0 && !allow_zero) {
        return;
    }
    out.push((h * 100, 2));
    let mut tail = Vec::new();
    after_hundreds(&w[2..], &mut tail);
    out.extend(tail.into_iter().map(|(v, n)| (h * 100 + v, 2 + n)));
}

/// Every reading of a number starting at `words[0]` (folded words), longest first; empty when
/// `words[0]` starts no number.
pub(super) fn numbers_at(words: &[&str]) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    below_hundred(words, &mut out);
    hundreds(words, false, &mut out);
    if let (Some(t), Some(&"nghin" | &"ngan")) = (words.first().and_then(|x| digit(x)), words.get(1)) {
        if t > 0 {
            let base = t * 1000;
            out.push((base, 2));
            let rest = &words[2..];
            let mut tail = Vec::new();
            hundreds(rest, true, &mut tail);
            after_hundreds(rest, &mut tail);
            out.extend(tail.into_iter().map(|(v, n)| (base + v, 2 + n)));
        }
    }
    // A year digit by digit: `một chín sáu không`.
    if words.len() >= 4 && words[..4].iter().all(|w| digit(w).is_some() && *w != "tu") {
        let value = words[..4].iter().fold(0, |acc, w| acc * 10 + digit(w).unwrap_or(0));
        if value >= 1000 {
            out.push((value, 4));
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    out.dedup();
    out
}

const UNITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// 0–99 in words: `mười lăm`, `hai mươi mốt`, `hai mươi tư`, `ba mươi`.
fn tens_in_words(n: u32) -> String {
    let (t, u) = (n / 10, n % 10);
    match (t, u) {
        (0, u) => UNITS[u as usize].to_string(),
        (1, 0) => "mười".to_string(),
        (1, 5) => "mười lăm".to_string(),
        (1, u) => format!("mười {}", UNITS[u as usize]),
        (t, 0) => format!("{} mươi", UNITS[t as usize]),
        (t, u) => {
            let unit = match u {
                1 => "mốt",
                4 => "tư",
                5 => "lăm",
                u => UNITS[u as usize],
            };
            format!("{} mươi {unit}", UNITS[t as usize])
        }
    }
}

/// A number 0–9999 in words as official documents write it: `một nghìn chín trăm sáu mươi`,
/// `một nghìn chín trăm linh năm`, `hai nghìn không trăm mười lăm`, `hai nghìn`.
pub fn number_in_words(n: u32) -> String {
    let n = n.min(9999);
    let (thousands, hundreds, rest) = (n / 1000, n / 100 % 10, n % 100);
    let mut parts = Vec::new();
    if thousands > 0 {
        parts.push(format!("{} nghìn", UNITS[thousands as usize]));
    }
    if hundreds > 0 || (thousands > 0 && rest > 0) {
        parts.push(format!("{} trăm", UNITS[hundreds as usize]));
    }
    match rest {
        0 if parts.is_empty() => parts.push(UNITS[0].to_string()),
        0 => {}
        1..=9 if !parts.is_empty() => parts.push(format!("linh {}", UNITS[rest as usize])),
        _ => parts.push(tens_in_words(rest)),
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<(u32, usize)> {
        let folded: Vec<String> = s.split(' ').map(crate::normalize::ascii_fold).collect();
        let words: Vec<&str> = folded.iter().map(String::as_str).collect();
        numbers_at(&words)
    }

    fn whole(s: &str) -> Option<u32> {
        let n = s.split(' ').count();
        read(s).into_iter().find(|&(_, used)| used == n).map(|(v, _)| v)
    }

    #[test]
    fn numbers_in_every_common_spelling() {
        for (s, n) in [
            ("mười lăm", 15),
            ("mười năm", 15),
            ("muoi lam", 15),
            ("mười nhăm", 15),
            ("hai mươi mốt", 21),
            ("hăm mốt", 21),
            ("hai mốt", 21),
            ("hai mươi tư", 24),
            ("hai mươi bốn", 24),
            ("ba mươi", 30),
            ("băm", 30),
            ("mười một", 11),
            ("bẩy", 7),
            ("bảy", 7),
            ("tám lăm", 85),
            ("tám mươi lăm", 85),
            ("một nghìn chín trăm sáu mươi", 1960),
            ("một ngàn chín trăm sáu mươi", 1960),
            ("một nghìn chín trăm linh năm", 1905),
            ("một nghìn chín trăm lẻ năm", 1905),
            ("hai nghìn không trăm linh năm", 2005),
            ("hai nghìn linh năm", 2005),
            ("hai nghìn mười lăm", 2015),
            ("hai nghìn không trăm mười lăm", 2015),
            ("một nghìn chín trăm", 1900),
            ("hai nghìn", 2000),
            ("một chín sáu không", 1960),
            ("mot nghin chin tram bay muoi", 1970),
        ] {
            assert_eq!(whole(s), Some(n), "{s}: {:?}", read(s));
        }
    }

    #[test]
    fn every_prefix_is_offered_longest_first() {
        assert_eq!(read("mười năm"), vec![(15, 2), (10, 1)]);
        assert!(read("năm").contains(&(5, 1)));
        assert!(read("ngày").is_empty());
    }

    #[test]
    fn writing_numbers_in_words() {
        assert_eq!(number_in_words(1960), "một nghìn chín trăm sáu mươi");
        assert_eq!(number_in_words(1905), "một nghìn chín trăm linh năm");
        assert_eq!(number_in_words(2005), "hai nghìn không trăm linh năm");
        assert_eq!(number_in_words(2015), "hai nghìn không trăm mười lăm");
        assert_eq!(number_in_words(2000), "hai nghìn");
        assert_eq!(number_in_words(1921), "một nghìn chín trăm hai mươi mốt");
        assert_eq!(number_in_words(24), "hai mươi tư");
        assert_eq!(number_in_words(15), "mười lăm");
        assert_eq!(number_in_words(0), "không");
        for n in 0..=2999 {
            assert_eq!(whole(&number_in_words(n)), Some(n), "{n}: {}", number_in_words(n));
        }
    }
}
