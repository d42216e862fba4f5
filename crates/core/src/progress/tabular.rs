//! Reading a small table (inventory, targets) from CSV or a workbook, with line numbers for errors.
use crate::error::Result;
use crate::tabular::{self, Limits, ReadOptions};
use serde::Serialize;

/// One problem in an imported file. `line` is the 1-based line (CSV) or row (XLSX) number.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
// Named apart from the other importers' line errors in the UI contract.
#[cfg_attr(feature = "specta", serde(rename = "ProgressLineError"))]
pub struct LineError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

/// What an import did. When `errors` is not empty nothing was written (imports are atomic).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
// Named apart from the batch import's outcome in the UI contract.
#[cfg_attr(feature = "specta", serde(rename = "ProgressImportOutcome"))]
pub struct ImportOutcome {
    pub file_name: String,
    pub rows: usize,
    pub imported: usize,
    pub errors: Vec<LineError>,
}

pub(crate) struct Table {
    /// Lower-cased, trimmed header names.
    pub header: Vec<String>,
    /// (line number, cells)
    pub rows: Vec<(usize, Vec<String>)>,
    /// Read from a workbook, whose date cells the reader writes `dd/mm/yyyy` ([`iso_date`]).
    pub workbook: bool,
}

impl Table {
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Inventory and targets files are small: a province's is a few thousand rows.
const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Reads the file with the one tabular reader (`crate::tabular`: CSV in any encoding and
/// separator, XLSX/XLS/ODS) under the spreadsheet limits and 20 MB. Header names are trimmed and
/// lower-cased, cells trimmed and NFC; blank lines are skipped.
pub(crate) fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table> {
    let opts = ReadOptions {
        limits: Limits { file_bytes: MAX_BYTES, ..Limits::default() },
        file_name: Some(file_name.to_string()),
        ..Default::default()
    };
    let t = tabular::read_table(bytes, &opts)?;
    let cells = |r: &tabular::Row| -> Vec<String> { r.cells.iter().map(|c| crate::text::stored(c.trim())).collect() };
    Ok(Table {
        header: t.header.as_ref().map(|h| cells(h).iter().map(|c| c.to_lowercase()).collect()).unwrap_or_default(),
        rows: t.rows.iter().map(|r| (r.line as usize, cells(r))).collect(),
        workbook: t.source.format != tabular::Format::Csv,
    })
}

/// A workbook date cell as `yyyy-mm-dd` (the reader writes dates `dd/mm/yyyy`); other text is kept.
pub(crate) fn iso_date(s: &str) -> std::borrow::Cow<'_, str> {
    let p: Vec<&str> = s.split('/').collect();
    match p.as_slice() {
        [d, m, y] if d.len() == 2 && m.len() == 2 && y.len() == 4 && s.bytes().all(|b| b.is_ascii_digit() || b == b'/') => {
            std::borrow::Cow::Owned(format!("{y}-{m}-{d}"))
        }
        _ => std::borrow::Cow::Borrowed(s),
    }
}

/// Cell `c` of a row, or "" when the row is short.
pub(crate) fn cell(row: &[String], c: Option<usize>) -> &str {
    c.and_then(|i| row.get(i)).map(|s| s.as_str()).unwrap_or("")
}

/// A non-negative whole number ("1.234" and "1,234" are read as thousands separators).
pub(crate) fn parse_count(s: &str) -> Option<u64> {
    let t: String = s.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
