//! Bulk import of previously keyed spreadsheets (formats.md §2; issue 4 §6) into a register book
//! as `keyed` entries, in two steps:
//!
//! 1. [`preview`]: read the file (CSV with any usual separator, BOM or not, UTF-8 / UTF-16 /
//!    TCVN3 / VNI; XLSX, XLS or ODS, legacy-font text inside cells included), detect the encoding,
//!    propose a header → field mapping (aliases, template names, labels; case-, diacritic- and
//!    spacing-insensitive), set unknown columns aside, show sample rows;
//! 2. [`crate::import::import`] with the mapping the clerk confirmed: every valid row loads, every bad
//!    row is reported with its line, field and reason, all in ONE transaction (all valid rows or
//!    nothing). Each entry keeps its `ma_ban_ghi` (table `entry_source`), so importing the same
//!    file again loads nothing twice.
//!
//! Books: imported into a named book, a row whose `quyenSo` is another book's is rejected (line,
//! field, reason). Imported without a book ([`crate::import::import_into_new_book`]), one book is created
//! per distinct `quyenSo` of the rows (years and pages proposed per book), still in the one
//! transaction; when the file holds several books, a row without `quyenSo` is rejected (it cannot
//! be placed). `quyenSo` values are compared by [`quyen_key`] (`1/2010` = `01/2010`).
//!
//! Unreadable cells (`???`, `[không đọc được]`, … see [`illegible`]) import as an empty value with
//! the field's illegible flag; in a required field they are accepted and reported as a note.
//!
//! **Historic values are kept, never refused** (issue 10): a value keying would save with a
//! warning is imported as written and reported as a [`RowNote`] with the warning code the book's
//! warning list shows — a date in any form (lunar, approximate, in words, two-digit year,
//! impossible: the historic-date reader's codes and suggestions), a gender or other coded value
//! that is not in the list, a required value that is missing. A row is refused only for what
//! makes it unusable as a row: no reference or a repeated one, another book's `quyenSo`, nothing
//! identifying a person (no name, date or ID number at all), or (CSV) a field count different
//! from the header's ([`ROW_FIELD`]; never cut or padded).
mod books;
mod cache;
mod check;
pub mod illegible;
mod load;
mod mapping;
mod prepare;
mod preview;
mod quyen;
mod read;
mod report;
pub mod run;
mod warning;

use crate::model;
pub use cache::{FileStamp, FileVersion, ParsedFile, TableCache};
pub use check::{import_check, import_check_parsed, ImportCheck};
pub use load::CHUNK_PAUSE;
pub use mapping::{header_key, match_header, required_targets, target_label, MatchedBy, SOURCE_REF};
pub use prepare::{cell_value, CellValue, ROW_FIELD};
pub use preview::{
    import_preview, import_preview_parsed, preview, preview_parsed, preview_with, ColumnMapping, ImportPreview, TargetField, SAMPLE_ROWS,
};
pub use quyen::{quyen_key, QuyenCount};
pub use read::FileFormat;
pub use report::{ImportReport, ImportedBook, RejectedRow, RowNote, RowProblem};
pub use run::{ImportControl, ImportProgress, DEFAULT_CHUNK_ROWS, DEFAULT_CHUNK_TIME};
pub use sohoa_vietnamese::legacy::Encoding;
pub use warning::{ImportWarning, WarningCode};

use books::split_by_quyen;
use prepare::{check_mapping, prepare, Prepared, Ready};
use preview::{encoding_note, legacy_in_cells};
use quyen::{quyen_counts, QuyenKeys};
use report::report;

use crate::error::{CoreError, Result};
use crate::model::book::{NewBook, RegistryRef};
use crate::model::book_type::BookType;
use crate::model::column_map::FieldKind;
use crate::model::entry::LoadEntry;
use crate::model::status::EntryStatus;
use crate::session::{Session, WorkspaceInfo};
use crate::FieldValue;
use load::{load_groups, Group, Loaded, Target};
use read::{read_table, Table};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sohoa_vietnamese::PartialDate;
use std::collections::{BTreeMap, HashMap};

/// The mapping the clerk confirmed: `columns[i]` is the target of column `i` (see
/// [`ColumnMapping::field`]), `None` to keep it aside.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportMapping {
    pub columns: Vec<Option<String>>,
    /// Overrides the detected encoding.
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// Recorded with the entries (the source of the import).
    #[serde(default)]
    pub file_name: Option<String>,
}

impl ImportMapping {
    /// The proposed mapping of a preview, as is.
    pub fn from_preview(p: &ImportPreview) -> ImportMapping {
        ImportMapping { columns: p.mapping.iter().map(|m| m.field.clone()).collect(), encoding: None, file_name: Some(p.file_name.clone()) }
    }
}

/// `ma_ban_ghi` → entry seq, of the entries imported into a book.
fn imported_refs(conn: &Connection, book_id: i64) -> Result<HashMap<String, i64>> {
    let mut st =
        conn.prepare_cached("SELECT s.source_ref, e.seq FROM entry_source s JOIN entry e ON e.id = s.entry_id WHERE s.book_id = ?1")?;
    let rows = st.query_map([book_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Imports a file into a book with the confirmed mapping: valid rows load as `keyed` entries,
/// bad rows are reported (line, field, reason), rows of another `quyenSo` than the book's
/// included. All valid rows or nothing: committed in chunks under one import record
/// ([`import_with`]), rolled back as a whole if a chunk fails.
/// Errors (nothing imported) when the file cannot be read or a required field has no column.
pub fn import(s: &mut Session, book_id: i64, bytes: &[u8], mapping: &ImportMapping) -> Result<ImportReport> {
    import_with(s, book_id, bytes, mapping, &mut ImportControl::quiet())
}

/// [`import`] driven by `ctl`: rows committed `ctl.chunk_rows` at a time (a clerk saving on
/// another connection waits for one chunk at most), `ctl.progress` called after each chunk, and
/// `ctl.cancel` checked between chunks (a cancelled import is rolled back whole and reported
/// with `cancelled: true`).
pub fn import_with(s: &mut Session, book_id: i64, bytes: &[u8], mapping: &ImportMapping, ctl: &mut ImportControl) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let book_type = model::book::book_type_of(s.conn(), book_id)?;
    let quyen = book_quyen_so(s.conn(), book_id)?;
    let t = read_table(bytes, mapping.encoding)?;
    let cols = check_mapping(book_type, &t, mapping)?;
    let existing = imported_refs(s.conn(), book_id)?;
    let mut prepared = prepare(book_type, &t, &cols, &existing, Some(&quyen));
    let file_name = mapping.file_name.clone().unwrap_or_else(|| "tệp nhập".into());
    let groups = vec![Group {
        target: Target::Existing(book_id),
        entries: std::mem::take(&mut prepared.entries),
        ready: std::mem::take(&mut prepared.ready),
    }];
    let loaded = load_groups(s, book_type, &t, groups, &prepared, &file_name, bytes, ctl)?;
    Ok(report(&t, prepared, loaded, file_name, started))
}

/// Imports a file into NEW books proposed from its rows (see `sohoa import` without
/// `--book`): one book per distinct `quyenSo` (by [`quyen_key`]), each with its years and pages
/// from its own rows, the registry from the workspace's commune; books and entries under one
/// import record (all or nothing). When the file holds several books, rows without `quyenSo`
/// are rejected. No book is created when no row is valid.
pub fn import_into_new_book(s: &mut Session, book_type: BookType, bytes: &[u8], mapping: &ImportMapping) -> Result<ImportReport> {
    import_into_new_book_with(s, book_type, bytes, mapping, &mut ImportControl::quiet())
}

/// [`import_into_new_book`] driven by `ctl` (see [`import_with`]); the books it creates are not
/// listed until the import is finished.
pub fn import_into_new_book_with(
    s: &mut Session,
    book_type: BookType,
    bytes: &[u8],
    mapping: &ImportMapping,
    ctl: &mut ImportControl,
) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let t = read_table(bytes, mapping.encoding)?;
    let cols = check_mapping(book_type, &t, mapping)?;
    let mut prepared = prepare(book_type, &t, &cols, &HashMap::new(), None);
    let file_name = mapping.file_name.clone().unwrap_or_else(|| "tệp nhập".into());
    let groups = split_by_quyen(s.workspace(), book_type, &file_name, &mut prepared, &cols, &t);
    let loaded = load_groups(s, book_type, &t, groups, &prepared, &file_name, bytes, ctl)?;
    Ok(report(&t, prepared, loaded, file_name, started))
}

/// The `quyenSo` of a book.
fn book_quyen_so(conn: &Connection, book_id: i64) -> Result<String> {
    Ok(conn.query_row("SELECT quyen_so FROM register_book WHERE id = ?1", [book_id], |r| r.get(0))?)
}

/// Entry id → spreadsheet reference (`ma_ban_ghi`) of every imported entry of a book.
pub fn entry_source_refs(conn: &Connection, book_id: i64) -> Result<HashMap<i64, String>> {
    let mut st = conn.prepare_cached("SELECT entry_id, source_ref FROM entry_source WHERE book_id = ?1")?;
    let rows = st.query_map([book_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The spreadsheet reference (`ma_ban_ghi`) an entry was imported with, if it was imported.
pub fn entry_source_ref(conn: &Connection, entry_id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn.prepare_cached("SELECT source_ref FROM entry_source WHERE entry_id = ?1")?.query_row([entry_id], |r| r.get(0)).optional()?)
}
