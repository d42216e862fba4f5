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

/// A cell of a CSV the app writes, safe to open in a spreadsheet: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection), so it gets a
/// leading `'`. Numbers (`-0.512`, `+84912345678`, `1.234,5`) stay numbers. The UI applies the
/// same rule (ui/src/screens/import/csv.ts).
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if risky && !is_plain_number(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// An optional sign, digits, and at most one decimal mark (`.` or `,`) followed by digits.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = match body.find(['.', ',']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
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
    fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised_and_numbers_stay_numbers() {
        use super::csv_safe;
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\",\"bấm\")", "'=HYPERLINK(\"http://x\",\"bấm\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-0.512", "-0.512"),
            ("+84912345678", "+84912345678"),
            ("-3,5", "-3,5"),
            ("Nguyễn Văn A", "Nguyễn Văn A"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_safe(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn crlf_and_lone_cr_line_ends_become_lf_and_lf_text_is_borrowed() {
        assert_eq!(&*lf_line_ends(b"a;b\r\nc;d\re\n"), b"a;b\nc;d\ne\n");
        assert!(matches!(lf_line_ends(b"a\nb\n"), std::borrow::Cow::Borrowed(_)));
    }
}
