//! Cells old spreadsheets use to say "this could not be read on the paper". Such a cell imports
//! as an empty value with the field's illegible flag set (`FieldValue::illegible`), exactly what
//! the clerk would get by pressing the "illegible" key on the keying screen.
//!
//! The markers (compared without case, diacritics, spaces or the brackets around them):
//!
//! | cell | meaning |
//! |---|---|
//! | `?`, `??`, `???`, … (only question marks) | unreadable |
//! | `[không đọc được]`, `(không đọc được)`, `[khong doc duoc]` | unreadable |
//! | `[không rõ]`, `(không rõ)` | unclear on the paper |
//! | `[mờ]`, `(mờ)`, `[chữ mờ]`, `(nhòe)`, `[nhoè]` | faded / smudged ink |
//! | `[illegible]`, `[?]` | unreadable |
//!
//! Words are recognised only inside brackets or parentheses: bare `Mơ` is a given name and bare
//! `không rõ` is what a register writes for an unknown father, which is information, not an
//! unreadable cell.
use sohoa_vietnamese::normalize::ascii_fold;

/// Folded words that mean "unreadable" when bracketed.
const WORDS: &[&str] = &["khongdocduoc", "khongdoc", "khongro", "khongdocro", "mo", "chumo", "nhoe", "illegible", "unreadable", "?"];

/// The examples shown to the clerk in the preview note.
pub const EXAMPLES: &str = "???, [không đọc được], (không rõ), [mờ]";

/// Whether a (trimmed) cell is one of the markers above.
pub fn is_illegible_marker(cell: &str) -> bool {
    let c = cell.trim();
    if c.is_empty() {
        return false;
    }
    if c.chars().all(|ch| ch == '?' || ch == '？') {
        return true;
    }
    let inner = match (c.chars().next(), c.chars().last()) {
        (Some('['), Some(']')) | (Some('('), Some(')')) if c.chars().count() >= 2 => &c[1..c.len() - 1],
        _ => return false,
    };
    let key: String = ascii_fold(inner).chars().filter(|ch| !ch.is_whitespace() && *ch != '.' && *ch != '-' && *ch != '_').collect();
    WORDS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_marks_and_bracketed_words_are_markers_whatever_the_case_and_diacritics() {
        for m in [
            "?",
            "??",
            "???",
            " ??? ",
            "[không đọc được]",
            "(Không đọc được)",
            "[KHONG DOC DUOC]",
            "(không rõ)",
            "[khong ro]",
            "[mờ]",
            "(Mờ)",
            "[MO]",
            "[chữ mờ]",
            "(nhòe)",
            "[?]",
        ] {
            assert!(is_illegible_marker(m), "{m}");
        }
    }

    #[test]
    fn names_and_plain_words_are_not_markers() {
        for v in ["Mơ", "Mờ", "không rõ", "Không đọc được", "Nguyễn Thị Mơ", "[Thôn Mơ]", "(1985)", "", "[]", "?a", "Lê Văn Rõ"]
        {
            assert!(!is_illegible_marker(v), "{v}");
        }
    }
}
