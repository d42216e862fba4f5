//! Reading a small table (inventory, targets) from CSV or XLSX, with line numbers for errors.
use crate::error::{CoreError, Result};
use serde::Serialize;

/// One problem in an imported file. `line` is the 1-based line (CSV) or row (XLSX) number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

/// What an import did. When `errors` is not empty nothing was written (imports are atomic).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

impl Table {
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Parses `bytes` as XLSX (a zip: starts with `PK`) or else as UTF-8 CSV (comma or semicolon,
/// optional BOM). Blank lines are skipped.
pub(crate) fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(CoreError::invalid("tệp", "tệp quá lớn (tối đa 20 MB)"));
    }
    if bytes.starts_with(b"PK") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| CoreError::invalid("tệp", format!("“{file_name}” không phải tệp CSV mã UTF-8 hay tệp Excel (.xlsx)")))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| CoreError::invalid("tệp", format!("không đọc được CSV: {e}")))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let cells: Vec<String> = rec.iter().map(|c| crate::text::stored(c.trim())).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if header.is_none() {
            header = Some(cells.iter().map(|c| c.to_lowercase()).collect());
        } else {
            rows.push((line, cells));
        }
    }
    Ok(Table { header: header.unwrap_or_default(), rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| CoreError::invalid("tệp", format!("không đọc được tệp Excel: {e}")))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| CoreError::invalid("tệp", "tệp Excel không có trang tính nào"))?
        .map_err(|e| CoreError::invalid("tệp", format!("không đọc được trang tính: {e}")))?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut header = None;
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => crate::text::stored(s.trim()),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let line = start_row + i + 1;
        if header.is_none() {
            header = Some(cells.iter().map(|c| c.to_lowercase()).collect());
        } else {
            rows.push((line, cells));
        }
    }
    Ok(Table { header: header.unwrap_or_default(), rows })
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

/// An Excel date serial (days since 1899-12-30) as `yyyy-mm-dd`.
fn excel_date(serial: f64) -> String {
    let base = time::Date::from_calendar_date(1899, time::Month::December, 30).expect("date");
    super::day::format(super::day::add(base, serial.floor() as i64))
}
