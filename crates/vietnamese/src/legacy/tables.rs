//! Byte tables of the 8-bit encodings. Bytes 0x00–0x7F are ASCII in all of them.

/// Windows-1252 bytes 0x80–0x9F (the only range where it differs from Latin-1). Undefined bytes
/// map to the C1 control of the same number, as browsers do.
pub(super) const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Windows-1252 (with Latin-1 for its undefined bytes): every byte has a character.
pub(super) fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The byte a character had before a file was (mis)read as Windows-1252 or Latin-1; `None` for
/// characters neither has.
pub(super) fn cp1252_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    CP1252_80.iter().position(|&x| x == c).map(|i| 0x80 + i as u8)
}

/// TCVN 5712:1993 bytes 0x80–0xFF. ABC fonts (.VnTime, "TCVN3") use the VN3 subset: lower-case
/// letters (every toned vowel) and the capitals Ă Â Ê Ô Ơ Ư Đ; capitals with a tone were shown by
/// switching to the capitals font (.VnTimeH) with the lower-case code. The capitals with a tone
/// that VN1 defines in this range are included too (they never collide with VN3 letters). VN1's
/// capitals in control-code positions (0x01–0x17: Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ) are not read: those
/// bytes are real control characters in ordinary files. 0xB0–0xB4 are VN1's combining tone marks.
pub(super) const TCVN3_80: [char; 128] = [
    // 0x80
    'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', //
    // 0x90
    'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', //
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', //
    // 0xB0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', //
    // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', //
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', //
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', //
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// Windows-1258: Windows-1252 with these changes (it writes most toned vowels as a base letter
/// followed by a combining tone mark).
pub(super) const CP1258_CHANGES: [(u8, char); 18] = [
    (0x8A, '\u{8A}'),
    (0x8E, '\u{8E}'),
    (0x9A, '\u{9A}'),
    (0x9E, '\u{9E}'),
    (0xC3, 'Ă'),
    (0xCC, '\u{300}'),
    (0xD0, 'Đ'),
    (0xD2, '\u{309}'),
    (0xD5, 'Ơ'),
    (0xDD, 'Ư'),
    (0xDE, '\u{303}'),
    (0xE3, 'ă'),
    (0xEC, '\u{301}'),
    (0xF0, 'đ'),
    (0xF2, '\u{323}'),
    (0xF5, 'ơ'),
    (0xFD, 'ư'),
    (0xFE, '₫'),
];

pub(super) fn cp1258_char(b: u8) -> char {
    CP1258_CHANGES.iter().find(|(x, _)| *x == b).map(|(_, c)| *c).unwrap_or_else(|| cp1252_char(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_has_every_vietnamese_lower_case_letter_once() {
        let lower: Vec<char> = TCVN3_80.iter().copied().filter(|c| c.is_lowercase()).collect();
        // 12 vowels × 5 tones + ă â ê ô ơ ư đ
        assert_eq!(lower.len(), 67);
        let mut sorted = lower.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 67);
        for c in "ăâêôơưđ".chars() {
            assert!(lower.contains(&c));
        }
    }

    #[test]
    fn well_known_tcvn3_spellings() {
        let decode = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    let b = cp1252_byte(c).unwrap();
                    if b < 0x80 {
                        char::from(b)
                    } else {
                        TCVN3_80[usize::from(b - 0x80)]
                    }
                })
                .collect()
        };
        assert_eq!(decode("NguyÔn"), "Nguyễn");
        assert_eq!(decode("§Æng"), "Đặng");
        assert_eq!(decode("ViÖt Nam"), "Việt Nam");
        assert_eq!(decode("Qu¶ng Ng·i"), "Quảng Ngãi");
    }

    #[test]
    fn cp1252_bytes_round_trip() {
        for b in 0..=255u8 {
            assert_eq!(cp1252_byte(cp1252_char(b)), Some(b));
        }
    }
}
