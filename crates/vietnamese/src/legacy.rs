//! Legacy Vietnamese 8-bit encodings in old files and spreadsheets (domain.md §5.3 rule 1):
//! detection and conversion to Unicode (always NFC).
//!
//! * **TCVN3 (ABC)**, TCVN 5712:1993 VN3, used with the `.VnTime`/`.VnTimeH` fonts: one byte per
//!   letter (`NguyÔn` = Nguyễn). Capitals with a tone mark had no code: they were typed with the
//!   lower-case code in the capitals font, so the decoder restores their case from the word, the
//!   field, the column and the text (rules in `legacy/case.rs`): `NGUYÔN` → `NGUYỄN`, the field
//!   `HµTHÞ ý` → `HÀ THỊ Ý`, `Hµ ThÞ ý` → `Hà Thị Ý`, `óT` → `ÚT`; text with no evidence at all
//!   (a lone `Êt`) stays small (`ất`).
//! * **VNI-Windows**, used with the `VNI-Times` fonts: base letter + mark byte (`Nguyeãn`).
//! * **Windows-1258**: base letter + combining tone byte.
//!
//! Two kinds of input:
//! * a file's bytes: [`detect`] and [`decode`] (or [`decode_auto`] for both, including the case
//!   below inside a UTF-8 file); [`decode_field`] for the bytes of one field;
//! * text that is already a Rust string but was produced by reading legacy bytes as
//!   Windows-1252/Latin-1, which is how old XLSX cells and CSV exports carry TCVN3/VNI text
//!   (`NguyÔn`, `Nguyeãn`): [`detect_str`] and [`convert_str`], [`convert_field`] for one cell,
//!   [`convert_column`] for the cells of a column (a cell too short to show its case, such as
//!   `Ý` or `MỸ`, then follows the column). Characters that neither Windows-1252 nor Latin-1 has
//!   (real Unicode Vietnamese such as `ễ`) pass through unchanged.
//!
//! Case in TCVN3, by granularity: [`decode`]/[`convert_str`] read a whole text as lines of fields
//! (split at the delimiter of its first line, as CSV), so a field follows its column and then the
//! text; [`decode_field`]/[`convert_field`] read one field on its own; [`convert_column`] reads
//! cells with their column. VNI-Windows and Windows-1258 keep case in their bytes.
//!
//! Detection decodes with every candidate and counts the non-ASCII words that are spelled like a
//! Vietnamese syllable; it needs a few such words to be confident. Short strings are ambiguous
//! (`Thò` is a Vietnamese word *and* VNI for `Thị`): detect on a whole file or a whole column
//! (cells joined with `\n`), then convert cell by cell with the detected encoding.
use crate::normalize::nfc;
use serde::{Deserialize, Serialize};

mod case;
mod cp1258;
mod score;
mod tables;
mod tcvn3;
mod vni;

use score::Evidence;

/// A text encoding this module reads.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 (pure ASCII included). From [`detect_str`]: the text is fine as it is.
    Utf8,
    Tcvn3,
    VniWindows,
    Windows1258,
    /// Not valid UTF-8 and no legacy Vietnamese encoding fits; [`decode`] reads it as Windows-1252.
    Unknown,
}

impl Encoding {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::VniWindows => "VNI-Windows",
            Encoding::Windows1258 => "Windows-1258",
            Encoding::Unknown => "unknown",
        }
    }

    /// True for the 8-bit Vietnamese encodings.
    pub fn is_legacy(self) -> bool {
        matches!(self, Encoding::Tcvn3 | Encoding::VniWindows | Encoding::Windows1258)
    }
}

/// The result of detection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    pub encoding: Encoding,
    /// 0.0–1.0: how sure detection is of `encoding`. 1.0 for valid UTF-8 and pure ASCII; for a
    /// legacy encoding it grows with the number of words that decode to Vietnamese syllables
    /// (≈0.5 with one word, ≈0.9 with three, …) and halves when another encoding fits about as well.
    pub confidence: f32,
}

/// How many bytes of a file [`detect`] weighs (plenty for a reliable decision, bounded time).
pub const DETECTION_WINDOW: usize = 256 * 1024;

/// The first [`DETECTION_WINDOW`] bytes, cut after an ASCII whitespace so that no letter's byte
/// sequence is split.
fn detection_window(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= DETECTION_WINDOW {
        return bytes;
    }
    let head = &bytes[..DETECTION_WINDOW];
    match head.iter().rposition(|b| b.is_ascii_whitespace()) {
        Some(i) => &head[..=i],
        None => head,
    }
}

/// Minimum share of Vietnamese-looking evidence for a legacy encoding to be reported.
const MIN_RATIO: f32 = 0.6;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const LEGACY: [Encoding; 3] = [Encoding::Tcvn3, Encoding::VniWindows, Encoding::Windows1258];

/// One input unit: a byte of legacy text, or a character that is already Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Byte(u8),
    Char(char),
}

/// A decoded character; `case_unknown` when the encoding cannot tell capitals (TCVN3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DecodedChar {
    c: char,
    case_unknown: bool,
}

impl DecodedChar {
    fn known(c: char) -> DecodedChar {
        DecodedChar { c, case_unknown: false }
    }
}

/// Detects the encoding of a file's bytes. Valid UTF-8 (pure ASCII included) and anything
/// starting with a UTF-8 BOM is `Utf8`; otherwise the best-fitting legacy encoding, or `Unknown`.
/// Legacy candidates are judged on the first [`DETECTION_WINDOW`] bytes.
pub fn detect(bytes: &[u8]) -> Detection {
    if bytes.starts_with(UTF8_BOM) || std::str::from_utf8(bytes).is_ok() {
        return Detection { encoding: Encoding::Utf8, confidence: 1.0 };
    }
    let units: Vec<Unit> = detection_window(bytes).iter().map(|&b| Unit::Byte(b)).collect();
    let candidates = LEGACY.iter().map(|&enc| Candidate::new(enc, decode_units(&units, enc, Layout::Text))).collect();
    choose(candidates, Encoding::Unknown, 1)
}

/// Decodes a file's bytes as `encoding` into NFC text. `Utf8` drops a BOM and replaces invalid
/// sequences with U+FFFD; `Unknown` reads Windows-1252 (every byte is kept as some character).
pub fn decode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => nfc(&String::from_utf8_lossy(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes))),
        Encoding::Unknown => nfc(&bytes.iter().map(|&b| tables::cp1252_char(b)).collect::<String>()),
        legacy => {
            let units: Vec<Unit> = bytes.iter().map(|&b| Unit::Byte(b)).collect();
            decode_units(&units, legacy, Layout::Text)
        }
    }
}

/// [`decode`] for the bytes of one field (a cell, a name): TCVN3 capitals are restored from the
/// field alone, without splitting it at commas or line breaks.
pub fn decode_field(bytes: &[u8], encoding: Encoding) -> String {
    if !encoding.is_legacy() {
        return decode(bytes, encoding);
    }
    let units: Vec<Unit> = bytes.iter().map(|&b| Unit::Byte(b)).collect();
    decode_units(&units, encoding, Layout::Field)
}

/// Detects and decodes in one go. When the bytes are UTF-8 but the text inside is legacy text
/// read as Windows-1252 (a CSV exported from an old spreadsheet), that text is converted too
/// and the returned detection is the legacy one.
pub fn decode_auto(bytes: &[u8]) -> (String, Detection) {
    let detection = detect(bytes);
    let text = decode(bytes, detection.encoding);
    if detection.encoding == Encoding::Utf8 {
        let sample: String = text.chars().take(DETECTION_WINDOW).collect();
        let inner = detect_str(&sample);
        if inner.encoding.is_legacy() && inner.confidence >= 0.5 {
            return (convert_str(&text, inner.encoding), inner);
        }
    }
    (text, detection)
}

/// Detects legacy text carried in a Rust string through a Windows-1252/Latin-1 reading
/// (module documentation). `Utf8` means "already proper Unicode, leave it".
pub fn detect_str(s: &str) -> Detection {
    let units = units_of_str(s);
    if !units.iter().any(|u| matches!(u, Unit::Byte(b) if *b >= 0x80)) {
        return Detection { encoding: Encoding::Utf8, confidence: 1.0 };
    }
    let as_is = Candidate::new(Encoding::Utf8, nfc(s));
    // Text made only of Vietnamese letters may be genuine even if a word is odd (a typo, a
    // foreign name): converting it then needs more than one word of evidence.
    let min_good = if as_is.evidence.looks_clean() { 2 } else { 1 };
    let mut candidates = vec![as_is];
    candidates.extend(LEGACY.iter().map(|&enc| Candidate::new(enc, decode_units(&units, enc, Layout::Text))));
    choose(candidates, Encoding::Utf8, min_good)
}

/// Converts legacy text carried in a Rust string (see [`detect_str`]) to proper NFC Unicode.
/// `Utf8` and `Unknown` only normalise to NFC.
/// TCVN3 capitals are restored as [`decode`] does (lines of delimited fields).
pub fn convert_str(s: &str, encoding: Encoding) -> String {
    if encoding.is_legacy() {
        decode_units(&units_of_str(s), encoding, Layout::Text)
    } else {
        nfc(s)
    }
}

/// [`convert_str`] for one field (a cell): TCVN3 capitals are restored from the field alone.
pub fn convert_field(s: &str, encoding: Encoding) -> String {
    if encoding.is_legacy() {
        decode_units(&units_of_str(s), encoding, Layout::Field)
    } else {
        nfc(s)
    }
}

/// [`convert_field`] for every cell of a column: a cell whose letters do not show its case
/// (`Ý`, `MỸ`, `Hà`) takes the case most cells of the column are written in. Cells keep their
/// order; `Utf8` and `Unknown` only normalise to NFC.
pub fn convert_column<S: AsRef<str>>(cells: &[S], encoding: Encoding) -> Vec<String> {
    if !encoding.is_legacy() {
        return cells.iter().map(|c| nfc(c.as_ref())).collect();
    }
    let decoded = cells.iter().map(|c| decoded_chars(&units_of_str(c.as_ref()), encoding)).collect();
    case::restore_column(decoded).into_iter().map(|s| nfc(&s)).collect()
}

/// Encodes text in `encoding` (for tests, and for handing data back to old software).
/// Characters the encoding cannot write become `?`; TCVN3 is written as ABC files hold it: a
/// capital with a tone (À, Ý, Ỹ…) with the lower-case code (VN3 has no code for it; the capitals
/// font showed it), Ă Â Ê Ô Ơ Ư Đ with their own codes. `Unknown` writes Windows-1252.
pub fn encode(s: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => nfc(s).into_bytes(),
        Encoding::Tcvn3 => tcvn3::encode(s),
        Encoding::VniWindows => vni::encode(s),
        Encoding::Windows1258 => cp1258::encode(s),
        Encoding::Unknown => s.chars().map(|c| tables::cp1252_byte(c).unwrap_or(b'?')).collect(),
    }
}

/// Each character becomes the byte it had before being read as Windows-1252/Latin-1, or stays a
/// character if neither has it.
fn units_of_str(s: &str) -> Vec<Unit> {
    s.chars().map(|c| tables::cp1252_byte(c).map_or(Unit::Char(c), Unit::Byte)).collect()
}

/// How much text a decoding covers, for restoring TCVN3 capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A whole text: lines of delimited fields.
    Text,
    /// One field.
    Field,
}

fn decoded_chars(units: &[Unit], encoding: Encoding) -> Vec<DecodedChar> {
    match encoding {
        Encoding::Tcvn3 => tcvn3::decode(units),
        Encoding::VniWindows => vni::decode(units),
        Encoding::Windows1258 => cp1258::decode(units),
        Encoding::Utf8 | Encoding::Unknown => units
            .iter()
            .map(|&u| match u {
                Unit::Byte(b) => DecodedChar::known(tables::cp1252_char(b)),
                Unit::Char(c) => DecodedChar::known(c),
            })
            .collect(),
    }
}

fn decode_units(units: &[Unit], encoding: Encoding, layout: Layout) -> String {
    let chars = decoded_chars(units, encoding);
    nfc(&match layout {
        Layout::Text => case::restore_text(chars),
        Layout::Field => case::restore_field(chars),
    })
}

/// One candidate reading of the input.
struct Candidate {
    encoding: Encoding,
    text: String,
    evidence: Evidence,
}

impl Candidate {
    fn new(encoding: Encoding, text: String) -> Candidate {
        let evidence = Evidence::of(&text);
        Candidate { encoding, text, evidence }
    }
}

/// Picks the candidate whose text looks most Vietnamese: the highest share of good words, then
/// the fewest flaws (misplaced tones, rare rimes, capitals inside small words); earlier candidates
/// win ties.
/// A legacy winner needs at least `min_good` Vietnamese-looking words.
fn choose(candidates: Vec<Candidate>, fallback: Encoding, min_good: u32) -> Detection {
    let fallback_confidence = if fallback == Encoding::Utf8 { 1.0 } else { 0.0 };
    let mut best: Option<(&Candidate, f32)> = None;
    for c in &candidates {
        if let Some(r) = c.evidence.ratio() {
            let better = best.is_none_or(|(b, br)| r > br || (r == br && c.evidence.flaws() < b.evidence.flaws()));
            if better {
                best = Some((c, r));
            }
        }
    }
    let Some((winner, ratio)) = best else {
        return Detection { encoding: fallback, confidence: fallback_confidence };
    };
    if winner.encoding.is_legacy() && (ratio < MIN_RATIO || winner.evidence.good < min_good) {
        let confidence = if fallback == Encoding::Utf8 { 0.5 } else { 0.0 };
        return Detection { encoding: fallback, confidence };
    }
    let mut confidence = ratio * (1.0 - 0.5f32.powi(winner.evidence.good.min(30) as i32));
    let rival = candidates.iter().filter(|c| c.text != winner.text).any(|c| c.evidence.ratio().is_some_and(|r| r >= ratio - 0.05));
    if rival {
        confidence *= 0.5;
    }
    Detection { encoding: winner.encoding, confidence: confidence.clamp(0.0, 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_capitals_come_back_from_context() {
        assert_eq!(convert_str("NGUYÔN V¡N AN", Encoding::Tcvn3), "NGUYỄN VĂN AN");
        assert_eq!(convert_str("NguyÔn", Encoding::Tcvn3), "Nguyễn");
        assert_eq!(convert_str("§µ N½ng", Encoding::Tcvn3), "Đà Nẵng");
        assert_eq!(convert_str("§Æng", Encoding::Tcvn3), "Đặng");
    }

    #[test]
    fn vni_letters_and_marks() {
        assert_eq!(convert_str("Nguyeãn Thò Haèng", Encoding::VniWindows), "Nguyễn Thị Hằng");
        assert_eq!(convert_str("ÑAËNG VAÊN AÁT", Encoding::VniWindows), "ĐẶNG VĂN ẤT");
        assert_eq!(convert_str("Phöôøng Truùc Baïch", Encoding::VniWindows), "Phường Trúc Bạch");
        assert_eq!(convert_str("khuyûu tay, thuôû", Encoding::VniWindows), "khuỷu tay, thuở");
    }

    #[test]
    fn real_unicode_passes_through_conversion() {
        assert_eq!(convert_str("Nguyễn", Encoding::Tcvn3), "Nguyễn");
        assert_eq!(detect_str("Nguyễn Thị Hằng").encoding, Encoding::Utf8);
        assert_eq!(detect_str("Hà Tây").encoding, Encoding::Utf8);
    }

    #[test]
    fn one_odd_word_of_clean_unicode_is_not_converted() {
        // `quýa` is no Vietnamese syllable, but its Windows-1258 reading `quưa` is: not enough.
        assert_eq!(detect_str("quýa").encoding, Encoding::Utf8);
        // With a character no genuine text has, one word is enough.
        assert_eq!(detect_str("NguyÔn").encoding, Encoding::Tcvn3);
    }

    #[test]
    fn detection_reads_a_bounded_window() {
        let line = encode("Nguyễn Thị Hằng, Phường Trúc Bạch\n", Encoding::VniWindows);
        let big: Vec<u8> = line.iter().copied().cycle().take(3 * DETECTION_WINDOW).collect();
        assert_eq!(detect(&big).encoding, Encoding::VniWindows);
        assert!(detection_window(&big).len() <= DETECTION_WINDOW);
    }

    #[test]
    fn labels() {
        assert_eq!(Encoding::Tcvn3.label(), "TCVN3 (ABC)");
        assert!(!Encoding::Utf8.is_legacy());
    }
}
