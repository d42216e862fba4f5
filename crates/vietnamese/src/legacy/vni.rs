//! VNI-Windows: an ASCII base letter followed by one mark byte (`a` + `ø` = à, `a` + `â` = â,
//! `a` + `á` = ấ, `a` + `é` = ắ), except for a few letters written as one byte: ơ `ô`, ư `ö`, đ `ñ`,
//! ì `ì`, í `í`, ỉ `æ`, ĩ `ó`, ị `ò`, ỵ `î` (and the same with capitals). Mark bytes for capitals are
//! the capital Latin-1 forms (`AØ` = À); either case is accepted when decoding.
use super::tables::cp1252_char;
use super::{DecodedChar, Unit};
use crate::normalize::{nfc, syllable_letter, Tone};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Tone(Tone),
    Circumflex(Option<Tone>),
    Breve(Option<Tone>),
}

const TONES: [Tone; 5] = [Tone::Grave, Tone::Acute, Tone::Hook, Tone::Tilde, Tone::DotBelow];
/// Lower-case mark bytes, in the order of [`TONES`].
const TONE_BYTES: [u8; 5] = [0xF8, 0xF9, 0xFB, 0xF5, 0xEF];
const CIRCUMFLEX_BYTES: [u8; 5] = [0xE0, 0xE1, 0xE5, 0xE3, 0xE4];
const BREVE_BYTES: [u8; 5] = [0xE8, 0xE9, 0xFA, 0xFC, 0xEB];
const CIRCUMFLEX: u8 = 0xE2;
const BREVE: u8 = 0xEA;
/// ì í ỉ ĩ ị, lower case.
const I_BYTES: [u8; 5] = [0xEC, 0xED, 0xE6, 0xF3, 0xF2];
const Y_DOT: u8 = 0xEE;
const O_HORN: u8 = 0xF4;
const U_HORN: u8 = 0xF6;
const D_BAR: u8 = 0xF1;

fn tone_index(t: Tone) -> usize {
    TONES.iter().position(|&x| x == t).expect("every tone is listed")
}

fn mark_of(b: u8) -> Option<Mark> {
    if b < 0xC0 {
        return None;
    }
    let lower = b | 0x20;
    let find = |table: &[u8; 5]| table.iter().position(|&x| x == lower).map(|i| TONES[i]);
    if let Some(t) = find(&TONE_BYTES) {
        Some(Mark::Tone(t))
    } else if lower == CIRCUMFLEX {
        Some(Mark::Circumflex(None))
    } else if lower == BREVE {
        Some(Mark::Breve(None))
    } else if let Some(t) = find(&CIRCUMFLEX_BYTES) {
        Some(Mark::Circumflex(Some(t)))
    } else {
        find(&BREVE_BYTES).map(|t| Mark::Breve(Some(t)))
    }
}

/// Letters that take a following mark byte.
fn base_of(b: u8) -> Option<char> {
    match b {
        b'a' | b'e' | b'o' | b'u' | b'y' | b'A' | b'E' | b'O' | b'U' | b'Y' => Some(char::from(b)),
        O_HORN => Some('ơ'),
        0xD4 => Some('Ơ'),
        U_HORN => Some('ư'),
        0xD6 => Some('Ư'),
        _ => None,
    }
}

fn combine(base: char, mark: Mark) -> Option<char> {
    let lower = base.to_lowercase().next()?;
    let (quality, tone) = match mark {
        Mark::Tone(t) if "aeouyơư".contains(lower) => (None, Some(t)),
        Mark::Circumflex(t) if "aeo".contains(lower) => (Some('\u{0302}'), t),
        Mark::Breve(t) if lower == 'a' => (Some('\u{0306}'), t),
        _ => return None,
    };
    let composed: String = std::iter::once(base).chain(quality).chain(tone.map(Tone::mark)).nfc().collect();
    let mut chars = composed.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Bytes that are a whole letter on their own.
fn single(b: u8) -> char {
    match b {
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        0xEE => 'ỵ',
        0xCE => 'Ỵ',
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        // ì í Ì Í are the Latin-1 characters themselves.
        _ => cp1252_char(b),
    }
}

pub(super) fn decode(units: &[Unit]) -> Vec<DecodedChar> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        match units[i] {
            Unit::Char(c) => out.push(DecodedChar::known(c)),
            Unit::Byte(b) => {
                if let (Some(base), Some(Unit::Byte(next))) = (base_of(b), units.get(i + 1)) {
                    if let Some(c) = mark_of(*next).and_then(|m| combine(base, m)) {
                        out.push(DecodedChar::known(c));
                        i += 2;
                        continue;
                    }
                }
                out.push(DecodedChar::known(if b < 0x80 { char::from(b) } else { single(b) }));
            }
        }
        i += 1;
    }
    out
}

/// Characters VNI cannot write become `?`.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 2);
    for c in nfc(s).chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let Some(letter) = syllable_letter(c) else {
            out.push(b'?');
            continue;
        };
        let upper = letter.bare.is_uppercase();
        // Capital mark bytes are the lower-case ones minus 0x20 (Latin-1 case pairs).
        let cased = |b: u8| if upper { b - 0x20 } else { b };
        let ascii = |b: u8| if upper { b.to_ascii_uppercase() } else { b };
        let tone = letter.tone.map(tone_index);
        let lower = letter.bare.to_lowercase().next().unwrap_or(letter.bare);
        match lower {
            'a' | 'e' | 'o' | 'u' | 'y' => match tone {
                Some(4) if lower == 'y' => out.push(cased(Y_DOT)),
                _ => {
                    out.push(ascii(lower as u8));
                    out.extend(tone.map(|t| cased(TONE_BYTES[t])));
                }
            },
            'â' | 'ê' | 'ô' => {
                let base = match lower {
                    'â' => b'a',
                    'ê' => b'e',
                    _ => b'o',
                };
                out.push(ascii(base));
                out.push(cased(tone.map_or(CIRCUMFLEX, |t| CIRCUMFLEX_BYTES[t])));
            }
            'ă' => {
                out.push(ascii(b'a'));
                out.push(cased(tone.map_or(BREVE, |t| BREVE_BYTES[t])));
            }
            'ơ' | 'ư' => {
                out.push(cased(if lower == 'ơ' { O_HORN } else { U_HORN }));
                out.extend(tone.map(|t| cased(TONE_BYTES[t])));
            }
            'i' => out.push(tone.map_or(ascii(b'i'), |t| cased(I_BYTES[t]))),
            'đ' => out.push(cased(D_BAR)),
            _ => out.push(b'?'),
        }
    }
    out
}
