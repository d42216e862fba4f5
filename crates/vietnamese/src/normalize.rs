//! Normalisation levels of domain.md §5.3. Text is always *stored* as `nfc` of what was written;
//! the other forms are derived keys kept beside it.
use unicode_normalization::UnicodeNormalization;

/// Unicode NFC, nothing else (the stored, verbatim form).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// NFC with surrounding whitespace trimmed and inner runs of whitespace collapsed to one space.
pub fn clean(s: &str) -> String {
    nfc(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Level (a) comparison key: cleaned, lower-cased, canonical (old-style) tone placement.
pub fn exact_key(s: &str) -> String {
    clean(s).to_lowercase()
}

/// Level (c) comparison key: fully folded ASCII (`Nguyễn Thị Đào` → `nguyen thi dao`).
pub fn ascii_fold(s: &str) -> String {
    let lower = clean(s).to_lowercase();
    lower
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}
