//! Letters, tones and syllables of Vietnamese orthography: just enough structure to place tone
//! marks canonically and to judge whether a word looks like a Vietnamese syllable.
//!
//! A written syllable is `onset + nucleus + coda`, e.g. `ng|uyê|n`, `qu|a|n`, `gi|ư|ờng`→`gi|ươ|ng`.
//! * onset: zero or more consonant letters; `qu` and `gi` count as onsets when a vowel follows
//!   (`quả` = qu + a, `già` = gi + a, but `gìn` = g + i + n);
//! * nucleus: the run of vowel letters (a ă â e ê i o ô ơ u ư y);
//! * coda: the consonants after it (c ch m n ng nh p t).
//!
//! The tone mark sits on one vowel of the nucleus. Both placement styles agree except for the open
//! (no coda) rimes `oa`, `oe`, `uy`: the old style, used by Ministry of Justice forms, writes
//! `hòa khỏe thủy`, the new style `hoà khoẻ thuỷ`.
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The five marked tones (the sixth, *ngang*, has no mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// huyền, U+0300
    Grave,
    /// sắc, U+0301
    Acute,
    /// hỏi, U+0309
    Hook,
    /// ngã, U+0303
    Tilde,
    /// nặng, U+0323
    DotBelow,
}

impl Tone {
    /// The tone a combining mark stands for (the deprecated U+0340/U+0341 tone marks included).
    pub fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{0300}' | '\u{0340}' => Some(Tone::Grave),
            '\u{0301}' | '\u{0341}' => Some(Tone::Acute),
            '\u{0309}' => Some(Tone::Hook),
            '\u{0303}' => Some(Tone::Tilde),
            '\u{0323}' => Some(Tone::DotBelow),
            _ => None,
        }
    }

    /// The combining mark written for this tone.
    pub fn mark(self) -> char {
        match self {
            Tone::Grave => '\u{0300}',
            Tone::Acute => '\u{0301}',
            Tone::Hook => '\u{0309}',
            Tone::Tilde => '\u{0303}',
            Tone::DotBelow => '\u{0323}',
        }
    }
}

/// Which vowel of an open `oa`/`oe`/`uy` rime carries the tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ToneStyle {
    /// `hòa`, `khỏe`, `thủy`: the canonical style of this crate (MoJ forms, most government data).
    #[default]
    Old,
    /// `hoà`, `khoẻ`, `thuỷ`.
    New,
}

/// True for the combining marks that write a tone.
pub(crate) fn is_tone_mark(c: char) -> bool {
    Tone::from_mark(c).is_some()
}

/// True for the combining marks that change vowel quality: circumflex (â ê ô), breve (ă), horn (ơ ư).
pub(crate) fn is_quality_mark(c: char) -> bool {
    matches!(c, '\u{0302}' | '\u{0306}' | '\u{031B}')
}

/// One precomposed character split into its toneless letter and its tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Letter {
    pub bare: char,
    pub tone: Option<Tone>,
}

/// Splits a character into toneless letter + tone. `None` for a lone combining mark, a letter
/// carrying a mark Vietnamese does not use (ü, ç, ǒ…), or two tone marks.
pub(crate) fn split_letter(c: char) -> Option<Letter> {
    if c.is_ascii() {
        return Some(Letter { bare: c, tone: None });
    }
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next()?;
    if is_combining_mark(base) {
        return None;
    }
    let mut bare = String::with_capacity(4);
    bare.push(base);
    let mut tone = None;
    for m in parts {
        if let Some(t) = Tone::from_mark(m) {
            if tone.replace(t).is_some() {
                return None;
            }
        } else if is_quality_mark(m) {
            bare.push(m);
        } else {
            return None;
        }
    }
    let bare = single_char(bare.nfc())?;
    Some(Letter { bare, tone })
}

/// The letter with `tone` added, if Unicode has it precomposed (it does for every Vietnamese vowel).
pub(crate) fn with_tone(bare: char, tone: Tone) -> Option<char> {
    single_char([bare, tone.mark()].into_iter().nfc())
}

/// The lower-case form of a letter when it is a single character.
pub(crate) fn lower(c: char) -> Option<char> {
    single_char(c.to_lowercase())
}

fn single_char(mut it: impl Iterator<Item = char>) -> Option<char> {
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The twelve vowel letters, toneless and lower-case.
pub(crate) fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// Vowels whose quality mark attracts the tone (ă â ê ô ơ ư).
fn has_quality(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Where the parts of a (toneless, lower-case) syllable start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// onset = `[0, onset_end)`
    pub onset_end: usize,
    /// nucleus = `[onset_end, nucleus_end)`, coda = the rest
    pub nucleus_end: usize,
}

/// Finds onset, nucleus and coda. `None` when there is no vowel, or vowels after a consonant that
/// follows the nucleus (two vowel runs: not one syllable, e.g. `Êban`).
pub(crate) fn shape(lower: &[char]) -> Option<Shape> {
    let mut start = lower.iter().position(|&c| is_vowel(c))?;
    let followed_by_vowel = lower.get(start + 1).is_some_and(|&c| is_vowel(c));
    // `qu` and `gi` are onsets only on their own (`quê`, `gia`); in `ngiêm` the i is a vowel.
    if start == 1 && followed_by_vowel {
        let glide = (lower[start - 1], lower[start]);
        if glide == ('q', 'u') || glide == ('g', 'i') {
            start += 1;
        }
    }
    let end = start + lower[start..].iter().take_while(|&&c| is_vowel(c)).count();
    if lower[end..].iter().any(|&c| is_vowel(c)) {
        return None;
    }
    Some(Shape { onset_end: start, nucleus_end: end })
}

/// Index of the vowel that carries the tone in a toneless, lower-case syllable.
///
/// 1. a vowel with a quality mark wins (the last one: `ươ` → ơ, `uyê` → ê);
/// 2. with a coda, the last vowel (`hoàn`, `khuynh`, `toán`);
/// 3. open rimes: one vowel → it; three vowels → the middle one (`ngoái`, `khuỷu`);
///    two vowels → the first (`mùa`, `tủi`, `hòa`), except `oa oe uy` in the new style (`hoà`).
pub(crate) fn tone_position(lower: &[char], style: ToneStyle) -> Option<usize> {
    let sh = shape(lower)?;
    let nucleus = &lower[sh.onset_end..sh.nucleus_end];
    if nucleus.len() > 3 {
        return None;
    }
    if let Some(i) = nucleus.iter().rposition(|&c| has_quality(c)) {
        return Some(sh.onset_end + i);
    }
    let has_coda = sh.nucleus_end < lower.len();
    let i = match (nucleus.len(), has_coda) {
        (1, _) => 0,
        (n, true) => n - 1,
        (2, false) => {
            let new_style_pair = matches!(nucleus, ['o', 'a'] | ['o', 'e'] | ['u', 'y']);
            usize::from(style == ToneStyle::New && new_style_pair)
        }
        _ => 1,
    };
    Some(sh.onset_end + i)
}

/// Re-places the single tone of a word according to `style`. `None` (leave the word as written)
/// when the word has no tone, several tones, a non-Vietnamese mark, or no single vowel run.
pub(crate) fn retone_word(word: &[char], style: ToneStyle) -> Option<Vec<char>> {
    let letters: Vec<Letter> = word.iter().map(|&c| split_letter(c)).collect::<Option<_>>()?;
    let mut tones = letters.iter().filter_map(|l| l.tone);
    let tone = tones.next()?;
    if tones.next().is_some() {
        return None;
    }
    let lowered: Vec<char> = letters.iter().map(|l| lower(l.bare)).collect::<Option<_>>()?;
    let pos = tone_position(&lowered, style)?;
    letters.iter().enumerate().map(|(i, l)| if i == pos { with_tone(l.bare, tone) } else { Some(l.bare) }).collect()
}

/// True for characters that belong to a word: letters and the combining marks written on them.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Rewrites every word (maximal run of [`is_word_char`]) with `f`; `None` keeps the word as written.
/// Everything between words is copied unchanged.
pub(crate) fn map_words(s: &str, mut f: impl FnMut(&[char]) -> Option<Vec<char>>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word: Vec<char> = Vec::new();
    let mut flush = |word: &mut Vec<char>, out: &mut String| {
        if !word.is_empty() {
            match f(word) {
                Some(new) => out.extend(new),
                None => out.extend(word.iter()),
            }
            word.clear();
        }
    };
    for c in s.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th",
    "tr", "v", "x",
];

const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", //
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", //
    "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
];

const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Nuclei that end the syllable: they already end in a glide, or are the open spelling of a
/// diphthong (`ia ua ưa`, which become `iê uô ươ` before a coda).
const OPEN_ONLY: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "uơ", "ưa", "ưi", "ưu", "iêu", "yêu", "oai",
    "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu",
];

/// Nuclei that are only written before a coda.
const CLOSED_ONLY: &[&str] = &["iê", "yê", "uô", "ươ", "uyê"];

/// Nuclei written before `ch` and `nh` (`ách êch ích oách uêch uých`).
const BEFORE_CH_NH: &[&str] = &["a", "ê", "i", "oa", "uê", "uy"];

/// Nuclei written before `c` and `ng` (`ác ắc ấc éc óc ốc úc ức iếc uốc ước oác oắc oóc`…).
const BEFORE_C_NG: &[&str] = &["a", "ă", "â", "e", "o", "ô", "u", "ư", "iê", "yê", "uô", "ươ", "oa", "oă", "uâ", "oo"];

/// Nuclei that take no `m` or `p` (`uyn uyt oen oet` exist, `uym uyp oem oep` do not; `oo` only
/// before c/ng).
const NOT_BEFORE_M_P: &[&str] = &["uy", "oo", "oe", "uê", "uâ", "uyê"];

/// Codas after which only the sắc and nặng tones occur.
const STOPS: &[&str] = &["c", "ch", "p", "t"];

/// How a word reads as one Vietnamese syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SyllableSpelling {
    /// Spelled like a syllable, the tone (if any) where the old or the new style puts it.
    Good,
    /// Spelled like a syllable, but the tone sits on a vowel neither style uses (`gaị`, `hòan`):
    /// sloppy typing in genuine text, or a wrong reading of legacy bytes.
    ToneMisplaced,
    /// Spelled like a syllable of a rare rime, found in a few loanwords only (`xoong`, `moóc`):
    /// a reading without it is preferred.
    Rare,
    /// Not a syllable.
    Implausible,
}

/// Checks that `word` (any case) is spelled like one Vietnamese syllable: a known onset, nucleus
/// and coda that go together (`ơch`, `uym`, an open `oo` do not), at most one tone, and sắc or
/// nặng on a syllable ending in c/ch/p/t; then where its tone sits. Used to score candidate
/// decodings of legacy-encoded text; it is a spelling check, not a dictionary.
pub(crate) fn syllable_spelling(word: &str) -> SyllableSpelling {
    use SyllableSpelling::{Good, Implausible, Rare, ToneMisplaced};
    let Some(letters) = word.chars().map(split_letter).collect::<Option<Vec<_>>>() else {
        return Implausible;
    };
    let mut tones = letters.iter().enumerate().filter_map(|(i, l)| l.tone.map(|t| (i, t)));
    let toned = tones.next();
    if tones.next().is_some() {
        return Implausible;
    }
    let Some(lowered) = letters.iter().map(|l| lower(l.bare)).collect::<Option<Vec<_>>>() else {
        return Implausible;
    };
    let Some(sh) = shape(&lowered) else {
        return Implausible;
    };
    let part = |r: std::ops::Range<usize>| lowered[r].iter().collect::<String>();
    let (onset, nucleus, coda) = (part(0..sh.onset_end), part(sh.onset_end..sh.nucleus_end), part(sh.nucleus_end..lowered.len()));
    // `gi` swallows the i of `iê` before a coda: `giêng` is gi + iêng.
    let nucleus = if onset == "gi" && nucleus.starts_with('ê') && !coda.is_empty() { format!("i{nucleus}") } else { nucleus };
    let (onset, nucleus, coda) = (onset.as_str(), nucleus.as_str(), coda.as_str());
    let spelled = ONSETS.contains(&onset) && NUCLEI.contains(&nucleus) && CODAS.contains(&coda);
    let rime_fits = match coda {
        "" => !CLOSED_ONLY.contains(&nucleus) && !["oă", "uâ", "oo"].contains(&nucleus),
        "ch" | "nh" => BEFORE_CH_NH.contains(&nucleus),
        "c" | "ng" => BEFORE_C_NG.contains(&nucleus),
        "m" | "p" => !OPEN_ONLY.contains(&nucleus) && !NOT_BEFORE_M_P.contains(&nucleus),
        _ => !OPEN_ONLY.contains(&nucleus) && nucleus != "oo",
    };
    let tone = toned.map(|(_, t)| t);
    let tone_fits = !STOPS.contains(&coda) || matches!(tone, Some(Tone::Acute | Tone::DotBelow));
    if !(spelled && rime_fits && tone_fits) {
        return Implausible;
    }
    let placed =
        toned.is_none_or(|(at, _)| [ToneStyle::Old, ToneStyle::New].iter().any(|&style| tone_position(&lowered, style) == Some(at)));
    match (placed, nucleus) {
        (false, _) => ToneMisplaced,
        (true, "oo") => Rare,
        (true, _) => Good,
    }
}

/// True when `word` is spelled like one Vietnamese syllable, wherever its tone sits.
#[cfg(test)]
fn is_plausible_syllable(word: &str) -> bool {
    syllable_spelling(word) != SyllableSpelling::Implausible
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retone(s: &str, style: ToneStyle) -> String {
        map_words(s, |w| retone_word(w, style))
    }

    #[test]
    fn the_three_open_rimes_move_between_styles() {
        for (old, new) in [("hòa", "hoà"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("Thúy", "Thuý"), ("lũy", "luỹ")] {
            assert_eq!(retone(new, ToneStyle::Old), old);
            assert_eq!(retone(old, ToneStyle::New), new);
        }
    }

    #[test]
    fn a_coda_pulls_the_tone_to_the_last_vowel_in_both_styles() {
        for w in ["hoàn", "toán", "khuỳnh", "hoạch", "xoóng"] {
            assert_eq!(retone(w, ToneStyle::Old), w);
            assert_eq!(retone(w, ToneStyle::New), w);
        }
        assert_eq!(retone("hòan", ToneStyle::Old), "hoàn");
    }

    #[test]
    fn a_quality_vowel_takes_the_tone() {
        let cases = [
            ("Nguyễn", "Nguyễn"),
            ("Nguỹên", "Nguyễn"),
            ("người", "người"),
            ("ngừơi", "người"),
            ("thuở", "thuở"),
            ("thủơ", "thuở"),
            ("hươú", "hướu"),
            ("quyển", "quyển"),
            ("tuấn", "tuấn"),
            ("khuấy", "khuấy"),
            ("yêú", "yếu"),
        ];
        for (input, want) in cases {
            assert_eq!(retone(input, ToneStyle::Old), want, "{input}");
        }
    }

    #[test]
    fn qu_and_gi_are_onsets_when_a_vowel_follows() {
        for (input, want) in
            [("qúa", "quá"), ("qúy", "quý"), ("Qùynh", "Quỳnh"), ("gìa", "già"), ("gìn", "gìn"), ("gíêng", "giếng"), ("gĩưa", "giữa")]
        {
            assert_eq!(retone(input, ToneStyle::Old), want, "{input}");
        }
    }

    #[test]
    fn three_vowel_open_rimes_take_the_middle_vowel() {
        for (input, want) in [("ngoaí", "ngoái"), ("khuyủ", "khuỷu"), ("xoaý", "xoáy"), ("ngoeọ", "ngoẹo")] {
            assert_eq!(retone(input, ToneStyle::Old), want, "{input}");
        }
    }

    #[test]
    fn words_that_are_not_one_syllable_are_left_alone() {
        for w in ["Êbán", "Hà-Nội", "xin chào", "ǘa", "đượcđó", "ḿ", "Müller", "Ksor"] {
            assert_eq!(retone(w, ToneStyle::Old), w, "{w}");
        }
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(retone("HOÀ THUỶ", ToneStyle::Old), "HÒA THỦY");
        assert_eq!(retone("ĐẶNG", ToneStyle::Old), "ĐẶNG");
    }

    #[test]
    fn a_tone_where_no_style_puts_it_is_misplaced() {
        for w in ["hòa", "hoà", "Nguyễn", "giếng", "khuỷu", "gì", "quý"] {
            assert_eq!(syllable_spelling(w), SyllableSpelling::Good, "{w}");
        }
        for w in ["gaị", "hòan", "Nguỹên", "muà"] {
            assert_eq!(syllable_spelling(w), SyllableSpelling::ToneMisplaced, "{w}");
        }
        for w in ["xoong", "moóc", "oõng"] {
            assert_eq!(syllable_spelling(w), SyllableSpelling::Rare, "{w}");
        }
    }

    #[test]
    fn syllable_plausibility() {
        for w in [
            "Nguyễn",
            "thị",
            "hằng",
            "Đặng",
            "ất",
            "phường",
            "trúc",
            "bạch",
            "quảng",
            "ngãi",
            "gìn",
            "khuỷu",
            "hoà",
            "kênh",
            "xoong",
            "huỳnh",
            "khuyết",
            "huýt",
            "oẳn",
            "luật",
            "hoạch",
            "nghiêng",
            "yểng",
            "giêng",
            "giết",
            "GIẾNG",
            "ngiêm",
        ] {
            assert!(is_plausible_syllable(w), "{w}");
        }
        for w in [
            "NguyÔn",
            "Nguyeãn",
            "ThÞ",
            "cafộ",
            "Müller",
            "Haèng",
            "hoàà",
            "xyz",
            "Nguyờịn",
            "geỏt",
            "aỷn",
            "tiê",
            "hàt",
            "gớch",
            "uỷm",
            "oõ",
            "ơng",
            "xing",
            "oèm",
            "khuấp",
        ] {
            assert!(!is_plausible_syllable(w), "{w}");
        }
    }
}
