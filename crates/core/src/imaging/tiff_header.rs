//! The orientation tag of a TIFF file, read from its first directory with every offset and count
//! bounded by the file's own length.
//!
//! The `tiff` crate (0.11) reads a tag's whole value before looking at it and sizes the buffer
//! from the count the file declares, without checking it against the file (`Limits::ifd_value_size`
//! exists but is not applied). A 300-byte file that declares an Orientation of 50 million LONGs made
//! it reserve 1.6 GB (fuzzing, docs/hostile-files.md). Orientation is one SHORT stored inside its
//! directory entry, so nothing here ever allocates: anything else is "no orientation".

/// Tag 274 (0x0112), the TIFF 6.0 / EXIF orientation.
const ORIENTATION: u16 = 0x0112;
/// Field type SHORT (16-bit unsigned).
const SHORT: u16 = 3;
/// Directory entries read at most (a real first directory has a few dozen).
const MAX_ENTRIES: usize = 1_024;

/// The orientation value (1–8) of the first image of a classic TIFF, or `None` when the file is
/// not one, has no such tag, or stores it in a form the specification does not allow.
pub fn orientation(bytes: &[u8]) -> Option<u16> {
    let big_endian = match bytes.get(0..2)? {
        b"II" => false,
        b"MM" => true,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if big_endian { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    if u16_at(2)? != 42 {
        return None; // BigTIFF (43) scans are not produced by register scanners
    }
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?).min(MAX_ENTRIES);
    (0..entries).find_map(|i| {
        let entry = ifd.checked_add(2)?.checked_add(i.checked_mul(12)?)?;
        if u16_at(entry)? != ORIENTATION {
            return None;
        }
        let (kind, count) = (u16_at(entry + 2)?, u32_at(entry + 4)?);
        let value = u16_at(entry + 8)?;
        (kind == SHORT && count == 1 && (1..=8).contains(&value)).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::orientation;

    /// A little- or big-endian TIFF header with one directory entry.
    fn tiff(big_endian: bool, tag: u16, kind: u16, count: u32, value: u16) -> Vec<u8> {
        let w16 = |v: u16| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        let w32 = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        let mut b = Vec::new();
        b.extend_from_slice(if big_endian { b"MM" } else { b"II" });
        b.extend_from_slice(&w16(42));
        b.extend_from_slice(&w32(8));
        b.extend_from_slice(&w16(1));
        b.extend_from_slice(&w16(tag));
        b.extend_from_slice(&w16(kind));
        b.extend_from_slice(&w32(count));
        b.extend_from_slice(&w16(value));
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(&w32(0));
        b
    }

    #[test]
    fn an_orientation_short_is_read_in_either_byte_order() {
        assert_eq!(orientation(&tiff(false, 0x0112, 3, 1, 6)), Some(6));
        assert_eq!(orientation(&tiff(true, 0x0112, 3, 1, 8)), Some(8));
    }

    #[test]
    fn an_orientation_in_a_form_the_specification_does_not_allow_is_ignored() {
        assert_eq!(orientation(&tiff(false, 0x0112, 4, 50_000_001, 6)), None, "a LONG with a huge count");
        assert_eq!(orientation(&tiff(false, 0x0112, 3, 2, 6)), None, "two values");
        assert_eq!(orientation(&tiff(false, 0x0112, 3, 1, 9)), None, "no such orientation");
        assert_eq!(orientation(&tiff(false, 0x0100, 3, 1, 6)), None, "another tag");
    }

    #[test]
    fn truncated_or_foreign_bytes_have_no_orientation() {
        let whole = tiff(false, 0x0112, 3, 1, 6);
        for n in 0..whole.len() - 6 {
            assert_eq!(orientation(&whole[..n]), None, "cut at {n}");
        }
        assert_eq!(orientation(b"\xFF\xD8\xFF\xE0 not a tiff"), None);
        let mut far = whole.clone();
        far[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(orientation(&far), None, "directory offset past the end");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_read_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = orientation(&bytes);
        }
    }
}
