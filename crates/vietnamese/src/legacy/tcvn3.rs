//! TCVN3 ("ABC", TCVN 5712:1993 VN3): one byte per letter, precomposed. See [`TCVN3_80`].
use super::tables::TCVN3_80;
use super::{DecodedChar, Unit};
use crate::normalize::{nfc, syllable_letter};

pub(super) fn decode(units: &[Unit]) -> Vec<DecodedChar> {
    units
        .iter()
        .map(|&u| match u {
            Unit::Char(c) => DecodedChar::known(c),
            Unit::Byte(b) if b < 0x80 => DecodedChar::known(char::from(b)),
            Unit::Byte(b) => {
                let c = TCVN3_80[usize::from(b - 0x80)];
                // A lower-case toned vowel may have been shown as a capital by a .VnTimeH font.
                let toned = syllable_letter(c).is_some_and(|l| l.tone.is_some());
                DecodedChar { c, case_unknown: toned && c.is_lowercase() }
            }
        })
        .collect()
}

/// Capitals with a tone use VN1's positions where it has one in 0x80–0xFF, otherwise the
/// lower-case code (as ABC fonts did); characters TCVN3 cannot write become `?`.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let position = |c: char| TCVN3_80.iter().position(|&x| x == c).map(|i| 0x80 + i as u8);
    nfc(s)
        .chars()
        .map(|c| {
            if c.is_ascii() {
                return c as u8;
            }
            position(c)
                .or_else(|| {
                    let mut lower = c.to_lowercase();
                    let l = lower.next()?;
                    if lower.next().is_some() {
                        return None;
                    }
                    position(l)
                })
                .unwrap_or(b'?')
        })
        .collect()
}
