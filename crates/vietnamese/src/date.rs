//! Partial dates as written in old registers: a year, an optional month, an optional day, plus
//! the text as written (domain.md §9.4). Parents often have only a birth year; old entries may
//! have month and year only.
//!
//! Two readers:
//! * [`PartialDate::parse`]: the strict reader of what clerks type (solar `dd/mm/yyyy`,
//!   `mm/yyyy`, `yyyy`, with `/ - .` or the keywords `ngày tháng năm`); it refuses anything else
//!   with a [`DateError`]. Comparisons ([`PartialDate::is_before`],
//!   [`PartialDate::is_compatible_with`], [`PartialDate::could_be_day_month_swap`]) never pretend
//!   to know more than was written.
//! * [`read_date`]: the reader for what registers hold, which **never refuses**: it returns a
//!   [`DateReading`] with the text as written, the calendar (solar or lunar, leap month), the
//!   qualifier (exact, about, before, after), the parts as written, the solar equivalent, what is
//!   certain, ranked suggestions for an impossible date, and stable warning codes. Reads, beyond
//!   what `parse` reads: approximate dates (`khoảng 1945`, `~1945`, `1945?`, `độ 1945`,
//!   `trước/sau năm 1950`), lunar dates (`15/8/1960 âm lịch`, `(AL)`, `tháng 8 nhuận`, can-chi
//!   years `năm Canh Tý`) converted by the Vietnamese lunar calendar ([`lunar`]), dates in words
//!   in their common spellings (`ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi`,
//!   `mồng năm`, `hăm mốt`, `tháng giêng`, `tháng chạp`, `rằm`, with or without diacritics),
//!   two-digit years resolved by a [`DateContext`], impossible dates (`30/02/1960`, `07/16/1977`).
//!   `docs/historic-dates.md` has the table of forms and what each yields.
//!
//! # For callers
//! * **Import and keying**: store [`DateReading::text`] verbatim; store each
//!   [`DateWarning::code`] of [`DateReading::warnings`] with the value (they are the book's
//!   warning list); refuse nothing. [`DateReading::is_plain`] says there is nothing to flag.
//!   Show [`DateReading::written`] and [`DateReading::solar`] (both for a lunar date) and offer
//!   [`DateReading::suggestions`] to the clerk. Give the book's years as the context.
//! * **Dedupe and keying of records for matching**: [`DateReading::match_keys`] gives the solar
//!   date to compare (`primary`, exact or approximate), the other dates it may be (`alternatives`:
//!   suggestions, the other solar year of a lunar year) and a year range. A reading whose
//!   `primary` is `None` still matches on names.
//! * **Ministry export**: [`DateReading::template_form`] for the date column,
//!   [`DateReading::bang_chu`] for the `…BangChu` column, [`DateReading::note_vi`] for `ghiChu`.
use serde::{Deserialize, Serialize};
use std::fmt;

pub mod lunar;
mod parse;
mod read;
mod words;

pub use read::{
    in_words, read_date, Calendar, DateContext, DateKeys, DateReading, DateWarning, Qualifier, RawParts, Suggestion, SuggestionReason,
};
pub use words::number_in_words;

/// Earliest year accepted (anything earlier is `Impossible`).
pub const MIN_YEAR: i32 = 1000;
/// Latest year accepted (anything later is `Impossible`).
pub const MAX_YEAR: i32 = 2999;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    /// 1–12, `None` when not written. Never `None` when `day` is `Some`.
    pub month: Option<u8>,
    /// 1–31, `None` when not written.
    pub day: Option<u8>,
    /// The text exactly as written (NFC, whitespace cleaned).
    pub text: String,
}

/// Why a date could not be read. The payload is the text as written followed by a short English
/// reason, e.g. `"29/02/1985: 1985 is not a leap year"`; use [`DateError::code`] for a stable
/// identifier.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    /// Not a date shape we read (letters, too many parts, 2-digit year…).
    #[error("unreadable date: {0}")]
    Unreadable(String),
    /// Read, but no such date exists (month 13, 31/04, 29/02 of a common year, day without month).
    #[error("impossible date: {0}")]
    Impossible(String),
}

impl DateError {
    /// Stable identifier: `date.empty`, `date.unreadable` or `date.impossible`.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Empty => "date.empty",
            DateError::Unreadable(_) => "date.unreadable",
            DateError::Impossible(_) => "date.impossible",
        }
    }
}

/// How much of a date is known.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// What to do with a 2-digit year (`12/3/85`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TwoDigitYears {
    /// `Unreadable`: the century cannot be known (the default, and what [`PartialDate::parse`] does).
    #[default]
    Reject,
    /// The latest year not after the given one that ends in those two digits: with 2024,
    /// `85` → 1985, `24` → 2024, `25` → 1925. Use it only with a real upper bound, such as the
    /// registration date of the entry the date belongs to. One- and three-digit years stay
    /// `Unreadable`.
    LatestNotAfter(i32),
}

impl PartialDate {
    /// [`PartialDate::parse`] with a fast path for the shapes that fill registers and spreadsheets
    /// (`12/03/1985`, `3/1985`, `1985`: ASCII digits and slashes, day and month not zero); anything
    /// else, and anything the fast path finds invalid, goes to the full parser. Same results.
    pub fn parse_fast(s: &str) -> Result<PartialDate, DateError> {
        fn fast(s: &str) -> Option<PartialDate> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'/') {
                return None;
            }
            let parts: Vec<&str> = s.split('/').collect();
            let num = |p: &str, max_len: usize| -> Option<u32> {
                (!p.is_empty() && p.len() <= max_len && !p.bytes().all(|b| b == b'0')).then(|| p.parse().ok()).flatten()
            };
            let (day, month, year) = match parts.as_slice() {
                [y] => (None, None, *y),
                [m, y] => (None, Some(num(m, 2)?), *y),
                [d, m, y] => (Some(num(d, 2)?), Some(num(m, 2)?), *y),
                _ => return None,
            };
            if year.len() != 4 || year.starts_with('0') {
                return None;
            }
            let year: i32 = year.parse().ok()?;
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                return None;
            }
            let month = match month {
                Some(m) if (1..=12).contains(&m) => Some(m as u8),
                Some(_) => return None,
                None => None,
            };
            let day = match (day, month) {
                (Some(d), Some(m)) if d >= 1 && d <= days_in_month(year, m) as u32 => Some(d as u8),
                (Some(_), _) => return None,
                (None, _) => None,
            };
            Some(PartialDate { year, month, day, text: s.to_string() })
        }
        match fast(s.trim()) {
            Some(d) => Ok(d),
            None => PartialDate::parse(s),
        }
    }

    /// Reads a date as clerks type it and old registers hold it:
    /// `12/3/1985`, `12-03-1985`, `12.03.1985`, `1985-03-12`, `3/1985`, `1985-03`, `1985`,
    /// `ngày 12 tháng 3 năm 1985`, `tháng 3/1985`, `năm 1985` (keywords with or without diacritics).
    /// Day comes before month (never US order); `00`, `??` or `xx` for the day or month mean
    /// "unknown" (`00/03/1985` is March 1985). Two-digit years are `Unreadable` (use
    /// [`PartialDate::parse_with`]); years outside [`MIN_YEAR`]–[`MAX_YEAR`], month 13,
    /// 31/04 and 29/02 of a common year are `Impossible`. `text` keeps the input ([`clean`]ed).
    /// Never panics.
    ///
    /// [`clean`]: crate::normalize::clean
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        parse::parse(input, TwoDigitYears::Reject)
    }

    /// [`PartialDate::parse`] with an explicit policy for 2-digit years.
    pub fn parse_with(input: &str, two_digit_years: TwoDigitYears) -> Result<PartialDate, DateError> {
        parse::parse(input, two_digit_years)
    }

    /// Builds a validated date from its parts; `text` is set to [`PartialDate::to_template`].
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<PartialDate, DateError> {
        let mut d = PartialDate { year, month, day, text: String::new() };
        d.text = d.to_template();
        let reparsed = PartialDate::parse(&d.text)?;
        if (reparsed.year, reparsed.month, reparsed.day) != (year, month, day) {
            return Err(DateError::Impossible(d.text));
        }
        Ok(d)
    }

    /// How much is known: `Day` only when both day and month are.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The MoJ template's format: `dd/mm/yyyy`, `mm/yyyy` or `yyyy`.
    pub fn to_template(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d:02}/{m:02}/{:04}", self.year),
            (Some(m), None) => format!("{m:02}/{:04}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// ISO-8601-like form for APIs and sorting: `yyyy`, `yyyy-mm` or `yyyy-mm-dd`.
    pub fn to_iso_like(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Whether `self` is certainly before (`Some(true)`) or certainly not before (`Some(false)`)
    /// `other`; `None` when the written precision cannot tell (`1985` vs `03/1985`,
    /// `03/1985` vs `12/03/1985`). Equal full dates are `Some(false)`.
    pub fn is_before(&self, other: &PartialDate) -> Option<bool> {
        if self.year != other.year {
            return Some(self.year < other.year);
        }
        let (m1, m2) = (self.month?, other.month?);
        if m1 != m2 {
            return Some(m1 < m2);
        }
        Some(self.day? < other.day?)
    }

    /// True when both dates could denote the same day: equal where both are written
    /// (`1985` is compatible with `12/03/1985`, `03/1985` is not compatible with `04/1985`).
    pub fn is_compatible_with(&self, other: &PartialDate) -> bool {
        fn agree(a: Option<u8>, b: Option<u8>) -> bool {
            a.zip(b).is_none_or(|(a, b)| a == b)
        }
        self.year == other.year && agree(self.month, other.month) && agree(self.day, other.day)
    }

    /// True when both are full dates of the same year whose day and month are swapped
    /// (`03/12/1985` vs `12/03/1985`), the classic dd/mm ↔ mm/dd keying error. False for identical
    /// dates (`05/05/1985`).
    pub fn could_be_day_month_swap(&self, other: &PartialDate) -> bool {
        match (self.day, self.month, other.day, other.month) {
            (Some(d1), Some(m1), Some(d2), Some(m2)) => self.year == other.year && d1 == m2 && m1 == d2 && d1 != m1,
            _ => false,
        }
    }
}

impl fmt::Display for PartialDate {
    /// The template form (`dd/mm/yyyy`, `mm/yyyy`, `yyyy`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_template())
    }
}

/// Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year` (Gregorian); 0 for a month outside 1–12.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> (i32, Option<u8>, Option<u8>) {
        let d = PartialDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (d.year, d.month, d.day)
    }

    fn is_unreadable(s: &str) -> bool {
        matches!(PartialDate::parse(s), Err(DateError::Unreadable(_)))
    }

    fn is_impossible(s: &str) -> bool {
        matches!(PartialDate::parse(s), Err(DateError::Impossible(_)))
    }

    #[test]
    fn numeric_dates_are_day_first() {
        assert_eq!(ymd("12/3/1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("12-03-1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("12.03.1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd(" 12 / 03 / 1985 "), (1985, Some(3), Some(12)));
        assert_eq!(ymd("3/12/1985"), (1985, Some(12), Some(3)));
    }

    #[test]
    fn a_four_digit_first_group_is_a_year() {
        assert_eq!(ymd("1985-03-12"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("1985/3/12"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("1985-03"), (1985, Some(3), None));
    }

    #[test]
    fn partial_dates() {
        assert_eq!(ymd("3/1985"), (1985, Some(3), None));
        assert_eq!(ymd("1985"), (1985, None, None));
        assert_eq!(PartialDate::parse("3/1985").unwrap().precision(), Precision::Month);
        assert_eq!(PartialDate::parse("1985").unwrap().precision(), Precision::Year);
        assert_eq!(PartialDate::parse("1/3/1985").unwrap().precision(), Precision::Day);
    }

    #[test]
    fn vietnamese_worded_dates() {
        assert_eq!(ymd("ngày 12 tháng 3 năm 1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("Ngày 05 Tháng 11 Năm 1970"), (1970, Some(11), Some(5)));
        assert_eq!(ymd("ngay 12 thang 3 nam 1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("NGÀY 12 THÁNG 3 NĂM 1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("tháng 3/1985"), (1985, Some(3), None));
        assert_eq!(ymd("tháng 3 năm 1985"), (1985, Some(3), None));
        assert_eq!(ymd("năm 1985"), (1985, None, None));
        assert_eq!(ymd("ngày 12/3/1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("12 tháng 3 năm 1985"), (1985, Some(3), Some(12)));
        assert_eq!(ymd("nga\u{0300}y 1 tha\u{0301}ng 2 năm 2000"), (2000, Some(2), Some(1)));
    }

    #[test]
    fn unknown_day_or_month_markers() {
        assert_eq!(ymd("00/03/1985"), (1985, Some(3), None));
        assert_eq!(ymd("00/00/1985"), (1985, None, None));
        assert_eq!(ymd("??/03/1985"), (1985, Some(3), None));
        assert_eq!(ymd("xx/xx/1985"), (1985, None, None));
        assert!(is_impossible("12/00/1985"));
    }

    #[test]
    fn two_digit_years_are_ambiguous_unless_bounded() {
        assert!(is_unreadable("12/3/85"));
        assert!(is_unreadable("3/85"));
        assert!(is_unreadable("85"));
        assert!(is_unreadable("ngày 12 tháng 3 năm 85"));
        let bounded = |s: &str| PartialDate::parse_with(s, TwoDigitYears::LatestNotAfter(2024)).unwrap().year;
        assert_eq!(bounded("12/3/85"), 1985);
        assert_eq!(bounded("12/3/24"), 2024);
        assert_eq!(bounded("12/3/25"), 1925);
        assert_eq!(bounded("12/3/1885"), 1885);
        assert!(PartialDate::parse_with("12/3/5", TwoDigitYears::LatestNotAfter(2024)).is_err());
    }

    #[test]
    fn impossible_dates() {
        assert!(is_impossible("29/02/1985"));
        assert_eq!(ymd("29/02/1984"), (1984, Some(2), Some(29)));
        assert_eq!(ymd("29/02/2000"), (2000, Some(2), Some(29)));
        assert!(is_impossible("29/02/1900"));
        assert!(is_impossible("31/04/1985"));
        assert!(is_impossible("32/01/1985"));
        assert!(is_impossible("12/13/1985"));
        assert!(is_impossible("0985"));
        assert!(is_impossible("3000"));
        let swapped = PartialDate::parse("3/25/1985").unwrap_err();
        assert!(swapped.to_string().contains("swapped"), "{swapped}");
    }

    #[test]
    fn unreadable_inputs() {
        assert_eq!(PartialDate::parse("   "), Err(DateError::Empty));
        for s in [
            "abc",
            "12/3",
            "1/2/3/1985",
            "12/3/19855",
            "sinh năm 1985",
            "ngày",
            "ngày tháng 3 1985",
            // Not a solar date: `read_date` reads it (a lunar year), `parse` does not.
            "1985 (âm lịch)",
            "１９８５",
            "123/1985",
            "năm 1985 năm 1986",
        ] {
            assert!(is_unreadable(s), "{s}: {:?}", PartialDate::parse(s));
        }
    }

    #[test]
    fn text_keeps_what_was_written() {
        let d = PartialDate::parse("  ngày 12  tháng 3 năm 1985 ").unwrap();
        assert_eq!(d.text, "ngày 12 tháng 3 năm 1985");
        assert_eq!(d.to_template(), "12/03/1985");
        assert_eq!(d.to_iso_like(), "1985-03-12");
        assert_eq!(PartialDate::parse("3/1985").unwrap().to_iso_like(), "1985-03");
        assert_eq!(PartialDate::parse("1985").unwrap().to_iso_like(), "1985");
    }

    #[test]
    fn ordering_only_when_the_precision_allows() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(d("1984").is_before(&d("03/1985")), Some(true));
        assert_eq!(d("12/03/1985").is_before(&d("13/03/1985")), Some(true));
        assert_eq!(d("13/03/1985").is_before(&d("12/03/1985")), Some(false));
        assert_eq!(d("12/03/1985").is_before(&d("12/03/1985")), Some(false));
        assert_eq!(d("02/1985").is_before(&d("01/03/1985")), Some(true));
        assert_eq!(d("1985").is_before(&d("03/1985")), None);
        assert_eq!(d("03/1985").is_before(&d("12/03/1985")), None);
    }

    #[test]
    fn compatibility_and_swaps() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert!(d("1985").is_compatible_with(&d("12/03/1985")));
        assert!(d("03/1985").is_compatible_with(&d("12/03/1985")));
        assert!(!d("04/1985").is_compatible_with(&d("12/03/1985")));
        assert!(d("03/12/1985").could_be_day_month_swap(&d("12/03/1985")));
        assert!(!d("05/05/1985").could_be_day_month_swap(&d("05/05/1985")));
        assert!(!d("03/12/1986").could_be_day_month_swap(&d("12/03/1985")));
        assert!(!d("12/1985").could_be_day_month_swap(&d("12/03/1985")));
    }

    #[test]
    fn new_validates() {
        assert_eq!(PartialDate::new(1985, Some(3), Some(12)).unwrap().text, "12/03/1985");
        assert!(PartialDate::new(1985, Some(2), Some(29)).is_err());
        assert!(PartialDate::new(1985, None, Some(1)).is_err());
        assert!(PartialDate::new(1985, Some(13), None).is_err());
        assert!(PartialDate::new(99, None, None).is_err());
    }
}
