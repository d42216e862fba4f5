//! Validation that warns and never blocks (issue 4 §4). Historic registers hold what they hold:
//! nothing here refuses a value. Every check returns [`Warning`]s with a stable `code`, a
//! Vietnamese message a clerk understands, the field to highlight and a [`Severity`]:
//!
//! * `error`: almost certainly a keying or source error (death before birth, an ID whose sex
//!   digit contradicts the entry, a date that cannot exist);
//! * `warning`: worth a look (a required field still empty, a gap in the entry numbers);
//! * `info`: for the record (a field marked illegible, an ethnic group not in the list).
//!
//! Entry checks ([`validate_entry`]) are a pure function of the entry's fields and the book's
//! [`ValidationContext`]; book checks ([`validate_book`], `crate::validation::book::book_warnings`) add the
//! register-sequence checks (`so` gaps, repeats, order; `trangSo` continuity; duplicate
//! `(noiDangKy, quyenSo, so)` across the workspace). Messages never contain ID numbers.
use serde::{Deserialize, Serialize};
use sohoa_vietnamese::PartialDate;

pub mod book;
mod entry_rules;
pub(crate) mod persons;
pub(crate) mod sequence;

pub use book::{validate_book, BookWarning, BookWarnings, WarningCounts};
pub use entry_rules::validate_entry;

/// How serious a warning is. None of them blocks saving.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One thing to tell the clerk about an entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// The template field to highlight (camelCase column name).
    pub field: String,
    /// Stable identifier, e.g. `date.death_before_birth`, `id.sex_mismatch`, `so.gap`.
    pub code: String,
    pub message_vi: String,
    pub severity: Severity,
    /// Other fields involved (highlighted too), e.g. the birth date for a death-before-birth.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_fields: Vec<String>,
}

impl Warning {
    pub fn new(field: &str, code: &str, severity: Severity, message_vi: impl Into<String>) -> Warning {
        Warning { field: field.to_string(), code: code.to_string(), message_vi: message_vi.into(), severity, related_fields: vec![] }
    }

    pub fn with_related(mut self, fields: &[&str]) -> Warning {
        self.related_fields = fields.iter().map(|f| f.to_string()).collect();
        self
    }
}

/// What entry checks need to know about the book the entry belongs to.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationContext {
    /// Years the book covers; registration dates outside them (± `year_tolerance`) are flagged.
    pub book_year_from: Option<i32>,
    pub book_year_to: Option<i32>,
    /// The book's `quyenSo`; an entry that writes a different one is pointed out.
    pub book_quyen_so: Option<String>,
    pub year_tolerance: i32,
    /// Dates after this day are flagged as in the future.
    pub today: PartialDate,
}

impl Default for ValidationContext {
    fn default() -> Self {
        ValidationContext { book_year_from: None, book_year_to: None, book_quyen_so: None, year_tolerance: 1, today: today() }
    }
}

impl ValidationContext {
    pub fn for_book(year_from: i32, year_to: Option<i32>, quyen_so: &str) -> ValidationContext {
        ValidationContext {
            book_year_from: Some(year_from),
            book_year_to: year_to,
            book_quyen_so: Some(quyen_so.to_string()),
            ..ValidationContext::default()
        }
    }
}

/// Today's date (UTC) as a full partial date.
pub fn today() -> PartialDate {
    let d = time::OffsetDateTime::now_utc().date();
    PartialDate::new(d.year(), Some(d.month() as u8), Some(d.day())).unwrap_or_else(|_| PartialDate {
        year: d.year(),
        month: None,
        day: None,
        text: d.year().to_string(),
    })
}

/// "Mẹ — Ngày, tháng, năm sinh": the field's label with its form group, for messages.
pub fn field_label(book_type: crate::BookType, field: &str) -> String {
    let map = crate::model::column_map::column_map();
    let Some(spec) = map.book_type(book_type).field(field) else {
        return field.to_string();
    };
    match spec.group.as_str() {
        "dangKy" => spec.label.clone(),
        g => match map.groups.get(g) {
            Some(group) => format!("{group} — {}", spec.label),
            None => spec.label.clone(),
        },
    }
}

/// How the core reads a date value (the fast path of [`PartialDate::parse_fast`]); the model stores
/// its parts beside the value as written.
pub fn parse_date(s: &str) -> Result<PartialDate, sohoa_vietnamese::DateError> {
    PartialDate::parse_fast(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_date_path_agrees_with_the_full_parser() {
        for s in [
            "12/03/1985",
            "1/3/1985",
            "3/1985",
            "03/1985",
            "1985",
            " 12/3/1985 ",
            "29/02/1984",
            "29/02/1985",
            "31/04/1985",
            "00/03/1985",
            "12/00/1985",
            "12/13/1985",
            "0985",
            "3000",
            "12/3/85",
            "1/2/3/1985",
            "/1985",
            "12//1985",
            "ngày 1/2/1985",
        ] {
            assert_eq!(parse_date(s), PartialDate::parse(s), "{s}");
        }
    }
}
