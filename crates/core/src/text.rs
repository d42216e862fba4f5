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

/// `1234567` → `1.234.567` (the Vietnamese thousands separator).
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
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
}
