//! How free text enters the store: exactly as written (NFC, outer whitespace trimmed), with the
//! normalised comparison keys computed beside it by the shared `sohoa-vietnamese` rules.
use sohoa_vietnamese::normalize;

/// The stored form of what a clerk typed or a file held.
pub fn stored(s: &str) -> String {
    normalize::nfc(s.trim())
}

/// Keys kept beside names and places: (comparison key, fully folded ASCII).
pub fn keys(s: &str) -> (String, String) {
    (normalize::exact_key(s), normalize::ascii_fold(s))
}
