//! Windows-1258: Windows-1252 with ă â ê ô ơ ư đ and five combining tone marks; toned vowels are
//! written precomposed when Latin-1 has them (à, é…) and as base + combining mark otherwise.
use super::tables::cp1258_char;
use super::{DecodedChar, Unit};
use crate::normalize::{nfc, syllable_letter};

pub(super) fn decode(units: &[Unit]) -> Vec<DecodedChar> {
    units
        .iter()
        .map(|&u| match u {
            Unit::Char(c) => DecodedChar::known(c),
            Unit::Byte(b) => DecodedChar::known(cp1258_char(b)),
        })
        .collect()
}

/// Characters Windows-1258 cannot write become `?`.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let byte = |c: char| (0x80..=0xFFu8).find(|&b| cp1258_char(b) == c);
    let mut out = Vec::with_capacity(s.len() * 2);
    for c in nfc(s).chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(b) = byte(c) {
            out.push(b);
        } else {
            let split = syllable_letter(c).and_then(|l| {
                let base = if l.bare.is_ascii() { l.bare as u8 } else { byte(l.bare)? };
                Some([base, byte(l.tone?.mark())?])
            });
            match split {
                Some(pair) => out.extend(pair),
                None => out.push(b'?'),
            }
        }
    }
    out
}
