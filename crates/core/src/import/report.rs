//! What an import tells the clerk: rows loaded, rows refused with their reasons, notes on the
//! rows loaded, the books loaded into.
use super::*;

/// One problem of a row.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// Template field or [`SOURCE_REF`].
    pub field: String,
    /// The header of the column in the file, when the field has one.
    pub column: Option<String>,
    pub reason_vi: String,
}

/// A row that was not loaded: its line in the file, and why (first problem, then the others).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedRow {
    pub line: u64,
    pub ma_ban_ghi: Option<String>,
    pub field: String,
    pub column: Option<String>,
    pub reason_vi: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_problems: Vec<RowProblem>,
}

/// Something about a loaded row the clerk should look at (the row was imported).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowNote {
    pub line: u64,
    pub field: String,
    pub column: Option<String>,
    /// The warning code the value is flagged with (`date.lunar`, `required.missing`,
    /// `field.illegible`, `enum.invalid`…), as the book's warning list shows it.
    pub code: String,
    pub reason_vi: String,
}

/// A book an import loaded rows into.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedBook {
    pub book_id: i64,
    pub quyen_so: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub page_count: u32,
    /// Created by this import (else the book named by the clerk).
    pub created: bool,
    /// Rows loaded into this book.
    pub loaded: usize,
}

/// What an import did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// The book loaded into, the first one when the file held several books (`None` when a new
    /// book was to be created but no row was valid).
    pub book_id: Option<i64>,
    /// Every book loaded into, with its row count (one per `quyenSo` when imported without a book).
    pub books: Vec<ImportedBook>,
    pub file_name: String,
    pub format: FileFormat,
    pub encoding: Encoding,
    pub encoding_label: String,
    pub encoding_note_vi: String,
    /// Data rows in the file (blank rows not counted).
    pub rows_read: usize,
    pub loaded: usize,
    pub rejected: Vec<RejectedRow>,
    /// Headers whose values were kept aside.
    pub unknown_columns: Vec<String>,
    /// Cells holding an "unreadable" marker (loaded empty, flagged illegible).
    pub illegible_cells: usize,
    /// Loaded rows to look at: required fields marked unreadable in the file.
    pub notes: Vec<RowNote>,
    pub elapsed_ms: f64,
    /// The import record the rows were committed under (chunk by chunk), when rows were loaded.
    pub run_id: Option<i64>,
    /// The import was cancelled: everything it had committed was rolled back (`loaded` is 0).
    pub cancelled: bool,
}

impl ImportReport {
    /// `rows read: N, loaded: N, rejected: N`, then the books created with their row counts:
    /// `, books created: 2 (01/1985: 120, 02/1986: 80)`.
    pub fn summary_line(&self) -> String {
        let mut line = format!("rows read: {}, loaded: {}, rejected: {}", self.rows_read, self.loaded, self.rejected.len());
        let created: Vec<String> = self.books.iter().filter(|b| b.created).map(|b| format!("{}: {}", b.quyen_so, b.loaded)).collect();
        if !created.is_empty() {
            line.push_str(&format!(", books created: {} ({})", created.len(), created.join(", ")));
        }
        line
    }
}

pub(super) fn report(t: &Table, p: Prepared, loaded: Loaded, file_name: String, started: std::time::Instant) -> ImportReport {
    let Loaded { books, run_id, cancelled } = loaded;
    let lic = legacy_in_cells(t);
    let loaded = books.iter().map(|b| b.loaded).sum();
    ImportReport {
        book_id: books.first().map(|b| b.book_id),
        books,
        file_name,
        format: t.format,
        encoding: t.detection.encoding,
        encoding_label: t.detection.encoding.label().to_string(),
        encoding_note_vi: encoding_note(t, lic),
        rows_read: p.rows_read,
        loaded,
        rejected: p.rejected,
        unknown_columns: p.unknown_columns,
        illegible_cells: p.illegible_cells,
        notes: p.notes,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        run_id,
        cancelled,
    }
}
