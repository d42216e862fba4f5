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

/// CSV text with every line ending as LF. The csv reader numbers lines one short after a CRLF
/// (files saved by Excel as "CSV UTF-8"), and old Mac exports end lines with a lone CR; reported
/// line numbers must match what the clerk sees in the file. Borrowed when there is no CR.
pub(crate) fn lf_line_ends(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !bytes.contains(&b'\r') {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            b'\r' => out.push(b'\n'),
            b => out.push(b),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::lf_line_ends;

    #[test]
    fn crlf_and_lone_cr_line_ends_become_lf_and_lf_text_is_borrowed() {
        assert_eq!(&*lf_line_ends(b"a;b\r\nc;d\re\n"), b"a;b\nc;d\ne\n");
        assert!(matches!(lf_line_ends(b"a\nb\n"), std::borrow::Cow::Borrowed(_)));
    }
}
