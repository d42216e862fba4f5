//! The spreadsheet import's view of a file read by the one tabular reader (`crate::tabular`):
//! CSV (any separator, UTF-8/UTF-16/legacy encodings) or a workbook (XLSX, XLS, ODS: the first
//! sheet that has data), legacy TCVN3 / VNI text converted, under the spreadsheet limits.
use super::warning::{ImportWarning, WarningCode};
use crate::error::{CoreError, Result};
use crate::tabular::{self, Note, ReadOptions};
use sohoa_vietnamese::legacy::{Detection, Encoding};

/// The kind of file read.
pub use crate::tabular::Format as FileFormat;
/// One data row: its line (CSV) or row number (workbook) as the clerk sees it, and its cells.
pub(crate) use crate::tabular::Row;

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub format: FileFormat,
    pub detection: Detection,
    pub bom: bool,
    pub delimiter: Option<char>,
    pub sheet_name: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The legacy text was inside cells of a Unicode file or workbook (typed with old fonts).
    pub legacy_in_cells: bool,
    /// Things the clerk should know about how the file was read.
    pub notes: Vec<ImportWarning>,
}

fn warning(n: &Note) -> ImportWarning {
    match n {
        Note::InvalidUtf8 => {
            ImportWarning::new(WarningCode::InvalidUtf8, "Tệp có ký tự không hợp lệ trong UTF-8; các ký tự đó được thay bằng “�”.")
        }
        Note::UnknownEncoding => ImportWarning::new(
            WarningCode::UnknownEncoding,
            "Không nhận ra bảng mã của tệp; đã đọc theo Windows-1252. Hãy kiểm tra chữ tiếng Việt trong phần xem trước.",
        ),
        Note::SeveralSheets { count, read } => {
            ImportWarning::new(WarningCode::SeveralSheets, format!("Tệp có {count} trang tính; chỉ đọc trang “{read}”.")).count(*count)
        }
    }
}

/// Reads `bytes`; `encoding` overrides detection (the clerk corrected it in the preview).
pub(crate) fn read_table(bytes: &[u8], encoding: Option<Encoding>) -> Result<Table> {
    let t = tabular::read_table(bytes, &ReadOptions { encoding, what: Some("tệp".into()), ..Default::default() })?;
    let Some(header) = t.header else {
        return Err(CoreError::invalid("tệp", "tệp trống, không có dòng nào"));
    };
    Ok(Table {
        format: t.source.format,
        detection: t.source.detection,
        bom: t.source.bom,
        delimiter: t.source.separator,
        sheet_name: t.source.sheet,
        headers: header.cells.iter().map(|c| c.trim().to_string()).collect(),
        rows: t.rows,
        legacy_in_cells: t.source.legacy_in_cells,
        notes: t.source.notes.iter().map(warning).collect(),
    })
}
