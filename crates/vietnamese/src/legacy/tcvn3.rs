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
                // A lower-case toned vowel may have been shown as a capital by a .VnTimeH font (the
                // table's other small letters, ă â ê ô ơ ư đ, have capitals of their own).
                let toned = c.is_lowercase() && !matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ');
                DecodedChar { c, case_unknown: toned }
            }
        })
        .collect()
}

/// Letters as ABC (VN3) files hold them: capitals with a tone take the lower-case code (VN3 has
/// no code for them), every other letter its own; characters TCVN3 cannot write become `?`.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let position = |c: char| TCVN3_80.iter().position(|&x| x == c).map(|i| 0x80 + i as u8);
    nfc(s)
        .chars()
        .map(|c| {
            if c.is_ascii() {
                return c as u8;
            }
            let toned_capital = c.is_uppercase() && syllable_letter(c).is_some_and(|l| l.tone.is_some());
            let lower = || {
                let mut lower = c.to_lowercase();
                let l = lower.next()?;
                lower.next().is_none().then_some(l)
            };
            let code = if toned_capital { lower().and_then(position) } else { position(c).or_else(|| lower().and_then(position)) };
            code.unwrap_or(b'?')
        })
        .collect()
}
