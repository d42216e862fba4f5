//! The one reader of tables from outside: CSV and workbooks (XLSX; XLS and ODS through calamine),
//! used by every importer (spreadsheet import, population extract, progress inventory and
//! targets, the records CSV of `sohoa dedupe`). See docs/tabular.md for the rules a clerk sees.
//!
//! - **Format** from the content (ZIP → XLSX or ODS, OLE → XLS, known non-table magics refused),
//!   never from the name; a name ending in `.xlsx` whose content is not a workbook is refused.
//! - **Encoding** (CSV): UTF-8 with or without BOM, UTF-16 with BOM, else legacy 8-bit
//!   Vietnamese (TCVN3, VNI, Windows-1258) detected by `sohoa_vietnamese::legacy`; legacy text
//!   *inside* a Unicode file or workbook (typed with the old fonts) is detected per column and
//!   converted ([`legacy`]).
//! - **Separator** (CSV): comma, semicolon, tab or bar, the one under which the first lines have
//!   the most consistent field count (quotes respected) — [`csv::sniff_separator`].
//! - **Cells** of workbooks become text by one rule ([`cell`]): numbers without a spurious `.0`,
//!   booleans `TRUE`/`FALSE`, dates `dd/mm/yyyy` (with ` hh:mm[:ss]` when there is a time), times
//!   `hh:mm[:ss]`, errors as Excel shows them (`#N/A`).
//! - **Lines** are the line (CSV, CRLF or LF) or row (workbook) number the clerk sees; every row
//!   keeps its own field count: the caller decides what a row wider or narrower than the header
//!   means, nothing is padded or cut here.
//! - **Limits** ([`Limits`]) are checked before anything is allocated for them: file size, rows,
//!   columns, non-empty cells, one cell's length, a workbook's decompressed size and its declared
//!   dimension. Each refusal is [`CoreError::TooLarge`] naming the limit in Vietnamese.
pub mod cell;
mod csv;
pub mod legacy;
mod xlsx;

use crate::error::{CoreError, Limit, LimitExceeded, Result};
use serde::{Deserialize, Serialize};
use sohoa_vietnamese::legacy::{Detection, Encoding};

pub use self::csv::sniff_separator;

/// The kind of file read.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "Excel (.xlsx)",
            Format::Xls => "Excel 97–2003 (.xls)",
            Format::Ods => "OpenDocument (.ods)",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// How much of a file from outside the app accepts. Every limit is checked before the memory
/// for it is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file.
    pub file_bytes: u64,
    /// Data rows (the header row excluded, blank rows not counted).
    pub rows: u64,
    /// Fields in one row; for a workbook also the last column a cell or the declared range
    /// reaches.
    pub columns: u32,
    /// Non-empty cells in the whole table.
    pub cells: u64,
    /// Bytes of one cell's text.
    pub field_bytes: usize,
    /// Workbooks: bytes of all the parts once decompressed (declared and actual).
    pub decompressed_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    /// Spreadsheets a commune keys or keeps (a commune spreadsheet has up to ~100,000 rows):
    /// 256 MB, 1,048,576 rows (Excel's own maximum), 1,024 columns, 50 million cells, 128 KB
    /// per cell, 1 GB decompressed.
    fn default() -> Self {
        Limits {
            file_bytes: 256 * MIB,
            rows: 1_048_576,
            columns: 1_024,
            cells: 50_000_000,
            field_bytes: 128 * 1024,
            decompressed_bytes: 1024 * MIB,
        }
    }
}

impl Limits {
    /// The population extract of a province (up to 10 million rows, formats.md §1): 4 GB,
    /// 20 million rows, 400 million cells; columns and cell length as for spreadsheets.
    pub fn extract() -> Self {
        Limits { file_bytes: 4096 * MIB, rows: 20_000_000, cells: 400_000_000, decompressed_bytes: 2048 * MIB, ..Limits::default() }
    }
}

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub limits: Limits,
    /// Workbooks: this sheet (by name); by default the first sheet that has data.
    pub sheet: Option<String>,
    /// CSV: this encoding instead of detecting it (the clerk corrected it in a preview).
    pub encoding: Option<Encoding>,
    /// The file's name, when known: a name ending in `.xlsx` with content that is not a workbook
    /// is refused with a message saying so.
    pub file_name: Option<String>,
    /// What the file is, for error messages ("tệp", "tệp trích xuất").
    pub what: Option<String>,
}

impl ReadOptions {
    pub fn with_limits(limits: Limits) -> Self {
        ReadOptions { limits, ..Default::default() }
    }
    fn what(&self) -> &str {
        self.what.as_deref().unwrap_or("tệp")
    }
    fn invalid(&self, reason: impl Into<String>) -> CoreError {
        CoreError::invalid(self.what(), reason)
    }
    fn too_large(&self, limit: Limit, found: u64, max: u64) -> LimitExceeded {
        LimitExceeded::new(limit, found, max).of(self.what())
    }
}

/// One row as read: its line (CSV) or row number (workbook), 1-based as the clerk sees it, and
/// its cells as many as the file has (trailing empty workbook cells are not stored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
    /// Workbooks: `numeric[i]` when cell `i` was a number (an ID number typed as a number lost
    /// its leading zeros). Empty for CSV.
    pub numeric: Vec<bool>,
}

impl Row {
    /// Cell `i` trimmed, or "" beyond the row's end.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map(|s| s.trim()).unwrap_or("")
    }
    pub fn was_number(&self, i: usize) -> bool {
        self.numeric.get(i).copied().unwrap_or(false)
    }
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Something the clerk should know about how the file was read.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Not valid UTF-8 although read as UTF-8 (forced): bad bytes became "�".
    InvalidUtf8,
    /// No encoding recognised: read as Windows-1252.
    UnknownEncoding,
    /// The workbook has several sheets; only `read` was read.
    SeveralSheets { count: usize, read: String },
}

/// How the file was read.
#[derive(Debug, Clone)]
pub struct Source {
    pub format: Format,
    pub detection: Detection,
    pub bom: bool,
    pub separator: Option<char>,
    pub sheet: Option<String>,
    /// Legacy text was found inside the cells of a Unicode file or workbook and converted.
    pub legacy_in_cells: bool,
    pub notes: Vec<Note>,
}

/// A table: the first non-blank row is the header, then the data rows (blank rows skipped).
#[derive(Debug, Clone)]
pub struct Table {
    pub source: Source,
    /// `None` when the file has no non-blank row.
    pub header: Option<Row>,
    pub rows: Vec<Row>,
}

/// Collects rows under the limits (rows, cells) as the format readers produce them.
struct Collector<'a> {
    opts: &'a ReadOptions,
    header: Option<Row>,
    rows: Vec<Row>,
    cells: u64,
}

impl<'a> Collector<'a> {
    fn new(opts: &'a ReadOptions) -> Self {
        Collector { opts, header: None, rows: Vec::new(), cells: 0 }
    }

    fn push(&mut self, row: Row) -> Result<()> {
        if row.is_blank() {
            return Ok(());
        }
        let l = &self.opts.limits;
        self.cells += row.cells.iter().filter(|c| !c.is_empty()).count() as u64;
        if self.cells > l.cells {
            return Err(CoreError::TooLarge(self.opts.too_large(Limit::Cells, self.cells, l.cells).at(row.line)));
        }
        if self.header.is_none() {
            self.header = Some(row);
            return Ok(());
        }
        if self.rows.len() as u64 >= l.rows {
            return Err(CoreError::TooLarge(self.opts.too_large(Limit::Rows, self.rows.len() as u64 + 1, l.rows).at(row.line)));
        }
        self.rows.push(row);
        Ok(())
    }
}

fn not_a_table(opts: &ReadOptions, what: &str) -> CoreError {
    opts.invalid(format!("{what}. Hãy chọn tệp bảng tính CSV hoặc Excel (.xlsx, .xls)."))
}

fn workbook_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|e| n.ends_with(e))
}

/// Reads a table from `bytes` (see the module documentation).
pub fn read_table(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    let l = &opts.limits;
    if bytes.len() as u64 > l.file_bytes {
        return Err(CoreError::TooLarge(opts.too_large(Limit::FileBytes, bytes.len() as u64, l.file_bytes)));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(opts.invalid("tệp trống, không có dòng nào"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::read_zip(bytes, opts);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return xlsx::read_xls(bytes, opts);
    }
    if opts.file_name.as_deref().is_some_and(workbook_name) {
        return Err(opts.invalid(
            "tệp có đuôi .xlsx nhưng không phải là bảng tính Excel hợp lệ (có thể tệp bị hỏng hoặc bị đổi đuôi). Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV",
        ));
    }
    for (magic, what) in [
        (&b"%PDF"[..], "Tệp là PDF, không phải bảng tính"),
        (&b"\x89PNG"[..], "Tệp là ảnh PNG, không phải bảng tính"),
        (&b"\xFF\xD8\xFF"[..], "Tệp là ảnh JPEG, không phải bảng tính"),
        (&b"GIF8"[..], "Tệp là ảnh GIF, không phải bảng tính"),
        (&b"II*\x00"[..], "Tệp là ảnh TIFF, không phải bảng tính"),
        (&b"MM\x00*"[..], "Tệp là ảnh TIFF, không phải bảng tính"),
        (&b"\x1F\x8B"[..], "Tệp là tệp nén, không phải bảng tính"),
        (&b"Rar!"[..], "Tệp là tệp nén RAR, không phải bảng tính"),
        (&b"7z\xBC\xAF"[..], "Tệp là tệp nén 7z, không phải bảng tính"),
        (&b"{\\rtf"[..], "Tệp là văn bản RTF/Word, không phải bảng tính"),
    ] {
        if bytes.starts_with(magic) {
            return Err(not_a_table(opts, what));
        }
    }
    csv::read_csv(bytes, opts)
}

/// Reads a file from disk: its size is checked against the limit before it is read.
pub fn read_file(path: &std::path::Path, opts: &ReadOptions) -> Result<Table> {
    let bytes = crate::fsx::read_limited(path, opts.limits.file_bytes, opts.what())?;
    let mut opts = opts.clone();
    if opts.file_name.is_none() {
        opts.file_name = path.file_name().and_then(|n| n.to_str()).map(str::to_string);
    }
    read_table(&bytes, &opts)
}
