//! The key primitives of devices and the province: fingerprints (what people compare by phone),
//! Ed25519 public keys and age recipients parsed from text. Below identity and trust, which both
//! use them.
use crate::error::{CoreError, Result};
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};
use std::str::FromStr;

/// The short, human-comparable fingerprint of an Ed25519 public key.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = Sha256::digest(public_key);
    let b32 = base32(&digest[..10]);
    b32.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join("-")
}

/// Normalises a typed fingerprint: upper case, no spaces or dashes, then regrouped. Fails unless
/// it has exactly the 16 base32 characters of a fingerprint.
pub fn normalize_fingerprint(typed: &str) -> Result<String> {
    let clean: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if clean.len() != 16 || !clean.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)) {
        return Err(CoreError::invalid("dấu vân tay", "cần đúng 16 ký tự (chữ A–Z và số 2–7), ví dụ K7QF-2MXA-9CDE-PLUS"));
    }
    Ok(clean.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join("-"))
}

/// RFC 4648 base32 without padding.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buf: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buf = (buf << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn parse_public_key(hex_key: &str) -> Result<VerifyingKey> {
    let bytes = hex::decode(hex_key.trim()).map_err(|_| CoreError::invalid("khóa công khai", "không đúng định dạng"))?;
    let arr: [u8; 32] = bytes.try_into().map_err(|_| CoreError::invalid("khóa công khai", "không đúng độ dài"))?;
    VerifyingKey::from_bytes(&arr).map_err(|_| CoreError::invalid("khóa công khai", "không phải khóa Ed25519 hợp lệ"))
}

pub fn parse_age_recipient(s: &str) -> Result<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(s.trim())
        .map_err(|e| CoreError::invalid("người nhận", format!("“{}” không phải khóa nhận age (age1…): {e}", s.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_follows_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"fo"), "MZXQ");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn a_fingerprint_is_sixteen_base32_characters_in_groups_of_four() {
        let fp = fingerprint(&[7u8; 32]);
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.split('-').count(), 4);
        assert_eq!(normalize_fingerprint(&fp.to_lowercase().replace('-', " ")).unwrap(), fp);
        assert!(normalize_fingerprint("ABCD").is_err());
    }
}
