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
mod cache;
mod check;
pub mod illegible;
mod mapping;
mod read;
pub mod run;
mod warning;

use crate::model;
pub use cache::{FileStamp, FileVersion, ParsedFile, TableCache};
pub use check::{import_check, import_check_parsed, ImportCheck};
pub use mapping::{header_key, match_header, required_targets, target_label, MatchedBy, SOURCE_REF};
pub use read::FileFormat;
pub use run::{ImportControl, ImportProgress, DEFAULT_CHUNK_ROWS};
pub use sohoa_vietnamese::legacy::Encoding;
pub use warning::{ImportWarning, WarningCode};

use crate::error::{CoreError, Result};
use crate::model::book::{NewBook, RegistryRef};
use crate::model::book_type::BookType;
use crate::model::column_map::FieldKind;
use crate::model::entry::{load_entries_in, LoadEntry};
use crate::model::status::EntryStatus;
use crate::session::{Session, WorkspaceInfo};
use crate::FieldValue;
use read::{read_table, Table};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sohoa_vietnamese::PartialDate;
use std::collections::{BTreeMap, HashMap};

/// How many rows the preview shows.
pub const SAMPLE_ROWS: usize = 10;

/// One column of the file and the field it is proposed to fill.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// 0-based position in the file.
    pub column: usize,
    pub header: String,
    /// A template field of the book type, [`SOURCE_REF`], or `None` (kept aside).
    pub field: Option<String>,
    pub label: Option<String>,
    pub matched_by: MatchedBy,
}

/// A field the clerk may map a column to.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetField {
    pub field: String,
    /// The full label (`Cha — Họ, chữ đệm và tên`), as messages name the field.
    pub label: String,
    /// The part of the form the field belongs to (`Cha`), as the paper register groups it; `None`
    /// for the record's reference.
    pub group: Option<String>,
    /// The label within its group (`Họ, chữ đệm và tên`).
    pub short_label: String,
    /// Rows without a value here are rejected.
    pub required: bool,
}

/// What the clerk sees before importing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub file_name: String,
    pub book_type: BookType,
    pub format: FileFormat,
    pub sheet_name: Option<String>,
    /// `utf8`, `tcvn3`, `vni_windows`, `windows1258` or `unknown`.
    pub encoding: Encoding,
    /// "TCVN3 (ABC)", "VNI-Windows", "UTF-8"…
    pub encoding_label: String,
    pub encoding_confidence: f32,
    /// The legacy text was inside a Unicode file's cells (typed with the old fonts), not bytes.
    pub legacy_in_cells: bool,
    /// One sentence for the clerk, e.g. "Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."
    pub encoding_note_vi: String,
    pub bom: bool,
    /// `,` `;` tab or `|` for CSV.
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<ColumnMapping>,
    /// Headers mapped to no field: their values are kept aside with each entry, not imported.
    pub unknown_columns: Vec<String>,
    /// Required targets no column maps to (the import refuses to start until they are mapped).
    pub missing_required: Vec<TargetField>,
    /// The first rows, after encoding conversion, one string per header.
    pub sample_rows: Vec<Vec<String>>,
    pub row_count: usize,
    /// Rows whose `ma_ban_ghi` is already in the book (only from `crate::import::import_preview`).
    pub already_in_book: usize,
    /// Everything the clerk should read: a stable code, the Vietnamese message, what it is about.
    pub warnings: Vec<ImportWarning>,
    /// The choices for each column: the reference, then every field of the book type.
    pub targets: Vec<TargetField>,
    /// The distinct `quyenSo` values of the rows (as first written), with their row counts, in
    /// order of first appearance. Imported without a book, each becomes a book of its own.
    pub books_in_file: Vec<QuyenCount>,
    /// Cells holding an "unreadable" marker (imported empty, flagged illegible).
    pub illegible_cells: usize,
    /// Rows of the file whose `quyenSo` is not the book's (only from `crate::import::import_preview`).
    pub other_book_rows: usize,
}

/// A `quyenSo` value of a file and how many rows carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuyenCount {
    pub quyen_so: String,
    pub rows: usize,
}

/// The key `quyenSo` values are compared by: case, diacritics and spaces ignored, leading zeros
/// of each number dropped (`Q. 01/2010` = `q.1/2010`).
pub fn quyen_key(q: &str) -> String {
    let folded = sohoa_vietnamese::normalize::ascii_fold(q);
    let mut out = String::with_capacity(folded.len());
    let mut in_digits = false;
    let mut zeros = 0usize;
    for c in folded.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !in_digits && c == '0' {
                zeros += 1;
                continue;
            }
            if !in_digits {
                zeros = 0;
            }
            in_digits = true;
            out.push(c);
        } else {
            if !in_digits && zeros > 0 {
                out.push('0');
            }
            in_digits = false;
            zeros = 0;
            out.push(c);
        }
    }
    if !in_digits && zeros > 0 {
        out.push('0');
    }
    out
}

/// [`quyen_key`] of the values of a column, worked out once per distinct value: a file's rows
/// repeat a handful of `quyenSo` values, and folding one costs microseconds.
#[derive(Default)]
struct QuyenKeys(HashMap<String, String>);

impl QuyenKeys {
    fn key(&mut self, q: &str) -> &str {
        if !self.0.contains_key(q) {
            self.0.insert(q.to_string(), quyen_key(q));
        }
        &self.0[q]
    }
}

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

/// One problem of a row.
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

fn encoding_note(t: &Table, legacy_in_cells: bool) -> String {
    let e = t.detection.encoding;
    match e {
        Encoding::Utf8 => format!("Bảng mã Unicode (UTF-8{}).", if t.bom { ", có BOM" } else { "" }),
        Encoding::Unknown => "Không nhận ra bảng mã; đã đọc theo Windows-1252 — hãy kiểm tra chữ tiếng Việt.".into(),
        _ if legacy_in_cells => format!("Chữ trong tệp được gõ bằng phông {} (bảng mã cũ); đã chuyển sang Unicode.", e.label()),
        _ => format!("Tệp dùng bảng mã cũ {}; đã chuyển sang Unicode.", e.label()),
    }
}

fn legacy_in_cells(t: &Table) -> bool {
    t.legacy_in_cells
}

fn targets(book_type: BookType) -> Vec<TargetField> {
    let required = required_targets(book_type);
    let source_ref = target_label(book_type, SOURCE_REF);
    let mut out =
        vec![TargetField { field: SOURCE_REF.into(), label: source_ref.clone(), group: None, short_label: source_ref, required: true }];
    {
        let (map, spec) = (crate::model::column_map::column_map(), book_type.spec());
        out.extend(spec.fields.iter().map(|f| TargetField {
            field: f.name.clone(),
            label: target_label(book_type, &f.name),
            group: Some(map.groups.get(&f.group).cloned().unwrap_or_else(|| f.group.clone())),
            short_label: f.label.clone(),
            required: required.contains(&f.name),
        }));
    }
    out
}

/// Reads a file and proposes how to import it into a book of type `book_type`. Nothing is written.
pub fn preview(bytes: &[u8], file_name: &str, book_type: BookType) -> Result<ImportPreview> {
    preview_with(bytes, file_name, book_type, None)
}

/// [`preview`] with the encoding forced (the clerk corrected the detection).
pub fn preview_with(bytes: &[u8], file_name: &str, book_type: BookType, encoding: Option<Encoding>) -> Result<ImportPreview> {
    preview_parsed(&ParsedFile::parse(bytes, encoding)?, file_name, book_type)
}

/// [`preview`] of a file already read (see [`TableCache`]): the mapping proposal and the
/// warnings, without reading, decoding or parsing the file again. It depends on the file and the
/// book type only (never on a mapping), so it is worked out once per book type of a file.
pub fn preview_parsed(file: &ParsedFile, file_name: &str, book_type: BookType) -> Result<ImportPreview> {
    let mut p = file.preview_for(book_type, || propose(file.table(), book_type));
    p.file_name = file_name.to_string();
    Ok(p)
}

/// The preview of a table for a book type (no file name).
fn propose(t: &Table, book_type: BookType) -> ImportPreview {
    let mut warnings = t.notes.clone();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut mapping = Vec::new();
    let mut unknown = Vec::new();
    for (i, h) in t.headers.iter().enumerate() {
        let (mut field, mut by) = match_header(book_type, h);
        if let Some(f) = &field {
            if let Some(&first) = used.get(f) {
                let message = format!(
                    "Cột “{h}” và cột “{}” cùng ứng với “{}”; chỉ dùng cột “{}”.",
                    t.headers[first],
                    target_label(book_type, f),
                    t.headers[first]
                );
                let w =
                    ImportWarning::new(WarningCode::DuplicateColumn, message).columns([h.as_str(), t.headers[first].as_str()]).fields([f]);
                warnings.push(w);
                field = None;
                by = MatchedBy::None;
            } else {
                used.insert(f.clone(), i);
            }
        }
        if field.is_none() && !h.trim().is_empty() {
            unknown.push(h.clone());
        }
        mapping.push(ColumnMapping {
            column: i,
            header: h.clone(),
            label: field.as_ref().map(|f| target_label(book_type, f)),
            field,
            matched_by: by,
        });
    }
    if !unknown.is_empty() {
        let message = format!(
            "Không nhận ra {} cột: {}. Giá trị các cột này được giữ riêng kèm bản ghi, không nhập vào trường nào.",
            unknown.len(),
            unknown.join(", ")
        );
        warnings.push(ImportWarning::new(WarningCode::UnknownHeader, message).columns(&unknown).count(unknown.len()));
    }
    let all_targets = targets(book_type);
    let missing: Vec<TargetField> = all_targets.iter().filter(|t| t.required && !used.contains_key(&t.field)).cloned().collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|m| m.label.as_str()).collect();
        let message = format!("Chưa có cột cho trường bắt buộc: {}. Hãy chọn cột tương ứng.", names.join(", "));
        warnings.push(
            ImportWarning::new(WarningCode::MissingRequiredColumn, message)
                .fields(missing.iter().map(|m| m.field.as_str()))
                .count(missing.len()),
        );
    }
    if t.rows.is_empty() {
        warnings.push(ImportWarning::new(WarningCode::NoDataRows, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu."));
    }
    let books_in_file = used.get("quyenSo").map(|&c| quyen_counts(t, c)).unwrap_or_default();
    if books_in_file.len() > 1 {
        let list: Vec<String> = books_in_file.iter().map(|q| format!("{} ({} dòng)", q.quyen_so, q.rows)).collect();
        let message = format!(
            "Tệp có {} quyển sổ: {}. Nếu không chọn sổ, mỗi quyển được tạo thành một sổ riêng; nếu nhập vào một sổ, chỉ các dòng cùng quyển số với sổ được nhập.",
            books_in_file.len(),
            list.join(", ")
        );
        let quyens = books_in_file.iter().map(|q| q.quyen_so.as_str());
        warnings.push(ImportWarning::new(WarningCode::SeveralBooks, message).quyen_so(quyens).count(books_in_file.len()));
    }
    let required = required_targets(book_type);
    let mut illegible_cells = 0usize;
    // (header, cells, required, field)
    let mut illegible_cols: Vec<(String, usize, bool, &str)> = Vec::new();
    for (f, &c) in used.iter().filter(|(f, _)| f.as_str() != SOURCE_REF) {
        let n = t.rows.iter().filter(|r| illegible::is_illegible_marker(r.cell(c))).count();
        if n > 0 {
            illegible_cells += n;
            illegible_cols.push((t.headers[c].clone(), n, required.contains(f), f.as_str()));
        }
    }
    if illegible_cells > 0 {
        illegible_cols.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = illegible_cols.iter().map(|(h, n, _, _)| format!("{h}: {n}")).collect();
        let message = format!(
            "{illegible_cells} ô ghi “không đọc được” ({}) — {}: sẽ nhập là trống và đánh dấu “không đọc được”.",
            illegible::EXAMPLES,
            list.join(", ")
        );
        let headers = illegible_cols.iter().map(|c| c.0.as_str());
        warnings.push(ImportWarning::new(WarningCode::IllegibleCells, message).columns(headers).count(illegible_cells));
        let req: Vec<&(String, usize, bool, &str)> = illegible_cols.iter().filter(|c| c.2).collect();
        if !req.is_empty() {
            let list: Vec<String> = req.iter().map(|(h, n, _, _)| format!("{h}: {n}")).collect();
            let message = format!(
                "Có ô “không đọc được” ở trường bắt buộc ({}): các dòng này vẫn được nhập nhưng cần xem lại trên sổ giấy.",
                list.join(", ")
            );
            let cells = req.iter().map(|c| c.1).sum();
            let w = ImportWarning::new(WarningCode::IllegibleRequired, message)
                .columns(req.iter().map(|c| c.0.as_str()))
                .fields(req.iter().map(|c| c.3));
            warnings.push(w.count(cells));
        }
    }
    let width = t.headers.len();
    let sample_rows = t.rows.iter().take(SAMPLE_ROWS).map(|r| (0..width).map(|i| r.cell(i).to_string()).collect()).collect();
    let lic = legacy_in_cells(t);
    ImportPreview {
        file_name: String::new(),
        book_type,
        format: t.format,
        sheet_name: t.sheet_name.clone(),
        encoding: t.detection.encoding,
        encoding_label: t.detection.encoding.label().to_string(),
        encoding_confidence: t.detection.confidence,
        legacy_in_cells: lic,
        encoding_note_vi: encoding_note(t, lic),
        bom: t.bom,
        delimiter: t.delimiter.map(|d| if d == '\t' { "tab".to_string() } else { d.to_string() }),
        headers: t.headers.clone(),
        mapping,
        unknown_columns: unknown,
        missing_required: missing,
        sample_rows,
        row_count: t.rows.len(),
        already_in_book: 0,
        warnings,
        targets: all_targets,
        books_in_file,
        illegible_cells,
        other_book_rows: 0,
    }
}

/// The distinct `quyenSo` values of a column (by [`quyen_key`]), in order of first appearance.
fn quyen_counts(t: &Table, col: usize) -> Vec<QuyenCount> {
    let mut order: Vec<QuyenCount> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    // The same values come again and again: their key is worked out once.
    let mut of_value: HashMap<&str, usize> = HashMap::new();
    for r in &t.rows {
        let v = r.cell(col);
        if v.is_empty() || illegible::is_illegible_marker(v) {
            continue;
        }
        let i = match of_value.get(v) {
            Some(&i) => i,
            None => {
                let i = *at.entry(quyen_key(v)).or_insert_with(|| {
                    order.push(QuyenCount { quyen_so: crate::text::stored(v), rows: 0 });
                    order.len() - 1
                });
                of_value.insert(v, i);
                i
            }
        };
        order[i].rows += 1;
    }
    order
}

/// Where a valid row came from (kept in `entry_source`).
struct Ready {
    line: u64,
    source_ref: String,
    extra: Option<String>,
}

struct Prepared {
    /// The valid rows as entries, and beside them (same order) where each came from.
    entries: Vec<LoadEntry>,
    ready: Vec<Ready>,
    rejected: Vec<RejectedRow>,
    rows_read: usize,
    unknown_columns: Vec<String>,
    illegible_cells: usize,
    notes: Vec<RowNote>,
}

/// Checks the confirmed mapping against the file and the book type.
fn check_mapping(book_type: BookType, t: &Table, m: &ImportMapping) -> Result<Vec<Option<String>>> {
    let spec = book_type.spec();
    let mut cols: Vec<Option<String>> = m.columns.clone();
    cols.resize(t.headers.len().max(cols.len()), None);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in cols.iter().enumerate() {
        let Some(f) = c.as_deref() else { continue };
        if f != SOURCE_REF && spec.field(f).is_none() {
            return Err(CoreError::invalid("mapping", format!("trường “{f}” không có trong mẫu sổ {book_type}")));
        }
        if let Some(&j) = seen.get(f) {
            let h = |k: usize| t.headers.get(k).cloned().unwrap_or_else(|| format!("cột {}", k + 1));
            return Err(CoreError::invalid(
                "mapping",
                format!("hai cột “{}” và “{}” cùng gán cho “{}”", h(j), h(i), target_label(book_type, f)),
            ));
        }
        seen.insert(f, i);
    }
    let missing: Vec<String> =
        required_targets(book_type).iter().filter(|r| !seen.contains_key(r.as_str())).map(|r| target_label(book_type, r)).collect();
    if !missing.is_empty() {
        return Err(CoreError::invalid("mapping", format!("chưa chọn cột cho trường bắt buộc: {}", missing.join(", "))));
    }
    Ok(cols)
}

/// The pseudo-field of a problem of the whole row (its field count, nothing identifying it).
pub const ROW_FIELD: &str = "dong";

/// The note for a date the strict reader does not take: what the historic-date reader makes of
/// it (lunar, approximate, in words, two-digit year, impossible with its plausible readings).
/// The value is imported as written; the note carries the reading's first warning code.
fn date_note(raw: &str) -> Option<(String, String)> {
    let r = sohoa_vietnamese::read_date(raw, &sohoa_vietnamese::DateContext::none());
    if r.is_plain() {
        return None;
    }
    let first = r.warnings.iter().find(|w| !matches!(w, sohoa_vietnamese::date::DateWarning::Words)).or(r.warnings.first())?;
    let mut reason = format!("ngày “{raw}”: {}", first.message_vi());
    if let Some(note) = r.note_vi() {
        reason.push_str(&format!(" ({note})"));
    }
    let suggestions: Vec<String> = r.suggestions.iter().take(3).map(|s| s.date.to_template()).collect();
    if !suggestions.is_empty() {
        reason.push_str(&format!(" Có thể là: {}.", suggestions.join(", ")));
    }
    reason.push_str(" Đã nhập nguyên như ghi.");
    Some((first.code().to_string(), reason))
}

/// Turns rows into entries; rows with problems are set aside with every problem found.
/// `book_quyen`: the `quyenSo` of the book imported into (rows of another book are rejected).
fn prepare(book_type: BookType, t: &Table, cols: &[Option<String>], existing: &HashMap<String, i64>, book_quyen: Option<&str>) -> Prepared {
    let spec = book_type.spec();
    let required = required_targets(book_type);
    let header = |i: usize| t.headers.get(i).cloned().filter(|h| !h.is_empty()).unwrap_or_else(|| format!("cột {}", i + 1));
    let column_of: HashMap<&str, usize> = cols.iter().enumerate().filter_map(|(i, c)| c.as_deref().map(|f| (f, i))).collect();
    let col_header = |f: &str| column_of.get(f).map(|&i| header(i));
    let mut seen_refs: HashMap<String, u64> = HashMap::new();
    let mut ready = Vec::with_capacity(t.rows.len());
    let mut entries = Vec::with_capacity(t.rows.len());
    let mut rejected = Vec::new();
    let mut notes = Vec::new();
    let mut illegible_cells = 0usize;
    let book_key = book_quyen.map(quyen_key);
    let mut keys = QuyenKeys::default();
    let unknown_columns: Vec<String> =
        (0..t.headers.len()).filter(|&i| cols.get(i).is_none_or(|c| c.is_none()) && !t.headers[i].is_empty()).map(header).collect();
    let strict_width = t.format == FileFormat::Csv;
    for row in &t.rows {
        if strict_width && row.cells.len() != t.headers.len() {
            // Which value belongs to which column cannot be known: refused whole, never cut.
            rejected.push(RejectedRow {
                line: row.line,
                ma_ban_ghi: cols
                    .iter()
                    .position(|c| c.as_deref() == Some(SOURCE_REF))
                    .map(|i| crate::text::stored(row.cell(i)))
                    .filter(|r| !r.is_empty()),
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: format!(
                    "dòng có {} trường nhưng dòng tiêu đề có {}: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại",
                    row.cells.len(),
                    t.headers.len()
                ),
                other_problems: vec![],
            });
            continue;
        }
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut problem = |field: &str, reason: String| {
            problems.push(RowProblem { field: field.to_string(), column: col_header(field), reason_vi: reason })
        };
        let mut fields: Vec<FieldValue> = Vec::new();
        let mut source_ref: Option<String> = None;
        let mut extra: BTreeMap<String, String> = BTreeMap::new();
        let mut row_notes: Vec<RowNote> = Vec::new();
        let mut note = |field: &str, code: &str, reason: String| {
            row_notes.push(RowNote {
                line: row.line,
                field: field.to_string(),
                column: col_header(field),
                code: code.into(),
                reason_vi: reason,
            })
        };
        let mut identifying = false;
        let width = row.cells.len().max(cols.len());
        for i in 0..width {
            let raw = row.cell(i);
            if raw.is_empty() {
                continue;
            }
            let Some(f) = cols.get(i).and_then(|c| c.as_deref()) else {
                extra.insert(header(i), raw.to_string());
                continue;
            };
            if f == SOURCE_REF {
                source_ref = Some(crate::text::stored(raw));
                continue;
            }
            let fs = spec.field(f).expect("checked by check_mapping");
            let is_required = required.iter().any(|r| r == f);
            if matches!(fs.kind, FieldKind::Name | FieldKind::Idnumber | FieldKind::Date) {
                identifying = true;
            }
            if illegible::is_illegible_marker(raw) {
                // Unreadable on the paper: empty and flagged, never "missing".
                if is_required {
                    note(
                        f,
                        "field.illegible",
                        format!(
                            "“{}” ghi “{raw}” (không đọc được): đã nhập trống, đánh dấu không đọc được; cần xem lại trên sổ giấy",
                            target_label(book_type, f)
                        ),
                    );
                }
                fields.push(FieldValue { field: f.to_string(), value: String::new(), illegible: true });
                continue;
            }
            if f == "quyenSo" {
                if let (Some(bq), Some(bk)) = (book_quyen, &book_key) {
                    if keys.key(raw) != bk {
                        problem(f, format!("dòng thuộc quyển “{raw}”, không phải quyển “{bq}” của sổ đang nhập; hãy nhập dòng này vào sổ quyển “{raw}”"));
                        continue;
                    }
                }
            }
            let value = match fs.kind {
                FieldKind::Enum => match sohoa_refdata::enumeration_for_field(f, book_type.as_str()).map(|e| (e, e.code_of(raw))) {
                    Some((_, Some(code))) => code.to_string(),
                    Some((e, None)) => {
                        // Kept as written (a historic value is never a reason to refuse a row).
                        let allowed: Vec<String> = e.values.iter().map(|v| v.label.clone()).collect();
                        let reason = format!(
                            "“{}” ghi “{raw}”, không phải {} hay mã số: đã nhập nguyên như ghi, cần xem lại trên sổ giấy",
                            target_label(book_type, f),
                            allowed.join(" / ")
                        );
                        note(f, "enum.invalid", reason);
                        raw.to_string()
                    }
                    _ => raw.to_string(),
                },
                FieldKind::Date => {
                    if crate::validation::parse_date(raw).is_err() {
                        if let Some((code, reason)) = date_note(raw) {
                            note(f, &code, format!("“{}”: {reason}", target_label(book_type, f)));
                        }
                    }
                    raw.to_string()
                }
                FieldKind::Idnumber if row.was_number(i) => {
                    // A number cell lost the leading zeros of the province code.
                    let digits = raw.len();
                    match digits {
                        10 | 11 if raw.chars().all(|c| c.is_ascii_digit()) => format!("{raw:0>12}"),
                        8 if raw.chars().all(|c| c.is_ascii_digit()) => format!("{raw:0>9}"),
                        _ => raw.to_string(),
                    }
                }
                _ => raw.to_string(),
            };
            fields.push(FieldValue { field: f.to_string(), value, illegible: false });
        }
        match &source_ref {
            None => problem(SOURCE_REF, "thiếu mã bản ghi (ma_ban_ghi)".into()),
            Some(r) => {
                if let Some(first) = seen_refs.get(r) {
                    problem(SOURCE_REF, format!("mã bản ghi “{r}” trùng với dòng {first}"));
                } else if let Some(seq) = existing.get(r) {
                    problem(SOURCE_REF, format!("mã bản ghi “{r}” đã được nhập vào sổ này (bản ghi thứ {seq})"));
                }
            }
        }
        if !identifying {
            problems.push(RowProblem {
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: "dòng không có họ tên, ngày tháng hay số giấy tờ nào: không có gì để nhận ra bản ghi".into(),
            });
        }
        for req in required.iter().filter(|r| r.as_str() != SOURCE_REF) {
            let present = fields.iter().any(|f| &f.field == req);
            let already_reported = problems.iter().any(|p| &p.field == req);
            if !present && !already_reported {
                // A missing value is kept missing and flagged (validation's `field.required`).
                note(req, "required.missing", format!("thiếu “{}”: đã nhập, cần xem lại trên sổ giấy", target_label(book_type, req)));
            }
        }
        if let Some(r) = &source_ref {
            seen_refs.entry(r.clone()).or_insert(row.line);
        }
        if problems.is_empty() {
            illegible_cells += fields.iter().filter(|f| f.illegible).count();
            notes.append(&mut row_notes);
            entries.push(LoadEntry { fields, status: EntryStatus::Keyed });
            ready.push(Ready {
                line: row.line,
                source_ref: source_ref.unwrap_or_default(),
                extra: (!extra.is_empty()).then(|| serde_json::to_string(&extra).unwrap_or_default()),
            });
        } else {
            let first = problems.remove(0);
            rejected.push(RejectedRow {
                line: row.line,
                ma_ban_ghi: source_ref,
                field: first.field,
                column: first.column,
                reason_vi: first.reason_vi,
                other_problems: problems,
            });
        }
    }
    Prepared { entries, ready, rejected, rows_read: t.rows.len(), unknown_columns, illegible_cells, notes }
}

/// A new book for a file imported without naming one: `quyenSo` and years from the rows
/// (registration dates, else the year in the book number, else birth years), pages up to the
/// largest `trangSo`, the registry from the workspace's commune.
fn propose_new_book(ws: &WorkspaceInfo, book_type: BookType, file_name: &str, ready: &[LoadEntry]) -> NewBook {
    let get = |r: &LoadEntry, f: &str| r.fields.iter().find(|x| x.field == f).map(|x| x.value.trim().to_string()).filter(|v| !v.is_empty());
    let mut quyens: HashMap<String, usize> = HashMap::new();
    for r in ready {
        if let Some(q) = get(r, "quyenSo") {
            *quyens.entry(q).or_default() += 1;
        }
    }
    let stem = std::path::Path::new(file_name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "nhập từ tệp".into());
    let quyen_so = quyens.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(q, _)| q).unwrap_or(stem);
    let years_of = |f: &str| -> Vec<i32> {
        ready.iter().filter_map(|r| get(r, f)).filter_map(|v| PartialDate::parse(&v).ok()).map(|d| d.year).collect()
    };
    let this_year = crate::clock::today_year();
    let mut years = years_of("ngayDangKy");
    if years.is_empty() {
        let tail: String = quyen_so.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
        if tail.len() == 4 {
            years = tail.parse().into_iter().collect();
        }
    }
    if years.is_empty() {
        if let Some(s) = crate::validation::persons::subject_prefix(book_type) {
            years = years_of(&format!("{s}NgaySinh"));
        }
    }
    let clamp = |y: i32| y.clamp(1900, this_year);
    let (from, to) = match (years.iter().min(), years.iter().max()) {
        (Some(&a), Some(&b)) => (clamp(a), clamp(b)),
        _ => (this_year, this_year),
    };
    let page_count = ready.iter().filter_map(|r| get(r, "trangSo")).filter_map(|v| v.parse::<u32>().ok()).max().unwrap_or(0);
    NewBook {
        book_type,
        registry: RegistryRef { scheme: ws.commune_scheme.clone(), code: Some(ws.commune_code.clone()), name: ws.commune_name.clone() },
        quyen_so,
        year_from: from,
        year_to: (to > from).then_some(to),
        page_count,
        expected_entries: None,
        note: Some(format!("Tạo khi nhập tệp “{file_name}”")),
    }
}

/// What [`load_groups`] did: the books loaded into, the import record, whether it was cancelled.
struct Loaded {
    books: Vec<ImportedBook>,
    run_id: Option<i64>,
    cancelled: bool,
}

/// Creates the new books and loads every group in chunks of `ctl.chunk_rows` rows, each chunk
/// its own write transaction, all under one import record ([`run`]): finished in the last
/// chunk's transaction, rolled back as a whole when cancelled or when a chunk fails.
#[allow(clippy::too_many_arguments)]
fn load_groups(
    s: &mut Session,
    book_type: BookType,
    t: &Table,
    groups: Vec<Group>,
    p: &Prepared,
    file_name: &str,
    bytes: &[u8],
    ctl: &mut ImportControl,
) -> Result<Loaded> {
    let groups: Vec<Group> = groups.into_iter().filter(|g| !g.ready.is_empty()).collect();
    if groups.is_empty() {
        return Ok(Loaded { books: vec![], run_id: None, cancelled: false });
    }
    let total: usize = groups.iter().map(|g| g.ready.len()).sum();
    let sha = hex::encode(Sha256::digest(bytes));
    let run_id = run::start(s, file_name, &sha, book_type.as_str(), total)?;
    // A large page cache for the import (fewer spills to the WAL), restored after.
    let old_cache: i64 = s.conn().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap_or(-2000);
    if total > 1000 {
        let _ = s.conn().execute_batch("PRAGMA cache_size = -131072");
    }
    let result = load_chunks(s, book_type, t, &groups, p, file_name, &sha, run_id, total, ctl);
    if total > 1000 {
        let _ = s.conn().execute_batch(&format!("PRAGMA cache_size = {old_cache}; PRAGMA shrink_memory;"));
    }
    match result {
        Ok(Some(books)) => Ok(Loaded { books, run_id: Some(run_id), cancelled: false }),
        Ok(None) => {
            run::roll_back(s, run_id, "cancelled")?;
            Ok(Loaded { books: vec![], run_id: Some(run_id), cancelled: true })
        }
        Err(e) => {
            let _ = run::roll_back(s, run_id, "failed");
            Err(e)
        }
    }
}

/// The chunks of [`load_groups`]; `None` when cancelled.
#[allow(clippy::too_many_arguments)]
fn load_chunks(
    s: &mut Session,
    book_type: BookType,
    t: &Table,
    groups: &[Group],
    p: &Prepared,
    file_name: &str,
    sha: &str,
    run_id: i64,
    total: usize,
    ctl: &mut ImportControl,
) -> Result<Option<Vec<ImportedBook>>> {
    let encoding = serde_json::to_value(t.detection.encoding).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let source = format!("import:{file_name}");
    let chunk = ctl.chunk_rows.max(1);
    let mut loaded_total = 0usize;
    let mut books = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        let n = g.entries.len();
        let mut book: Option<(i64, bool)> = None;
        let mut start = 0usize;
        while start < n {
            if ctl.cancelled() {
                return Ok(None);
            }
            let end = (start + chunk).min(n);
            let last_of_run = gi + 1 == groups.len() && end == n;
            let (book_id, created) = s.write(|w| {
                let (book_id, created) = match book {
                    Some(b) => b,
                    None => {
                        let b = match &g.target {
                            Target::Existing(id) => (*id, false),
                            Target::New(nb) => (crate::model::book::create(w, nb)?, true),
                        };
                        run::add_book(w, run_id, b.0, b.1)?;
                        b
                    }
                };
                let ids = load_entries_in(w, book_id, book_type, &g.entries[start..end], &source)?;
                let now = crate::clock::now();
                let mut st = w.tx.prepare_cached(
                    "INSERT INTO entry_source(entry_id, book_id, source_ref, file_name, file_sha256, line, encoding, extra_json, imported_at, imported_by, run_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                for (id, r) in ids.iter().zip(&g.ready[start..end]) {
                    st.execute(params![id, book_id, r.source_ref, file_name, sha, r.line as i64, encoding, r.extra, now, w.user.username, run_id])?;
                }
                run::advance(w, run_id, ids.len())?;
                if end == n {
                    w.audit(
                        "entry.import",
                        "register_book",
                        Some(&book_id.to_string()),
                        serde_json::json!({
                            "fileSha256": sha, "format": t.format, "encoding": encoding, "importRun": run_id,
                            "rowsRead": p.rows_read, "loaded": n, "rejected": p.rejected.len(),
                            "booksInImport": groups.len(), "illegibleCells": p.illegible_cells
                        }),
                    )?;
                }
                if last_of_run {
                    run::finish(w, run_id)?;
                }
                Ok((book_id, created))
            })?;
            book = Some((book_id, created));
            loaded_total += end - start;
            start = end;
            (ctl.progress)(ImportProgress { rows_loaded: loaded_total, rows_total: total });
        }
        let (book_id, created) = book.expect("a group has rows");
        let (quyen_so, year_from, year_to, page_count): (String, i32, Option<i32>, u32) =
            s.conn().query_row("SELECT quyen_so, year_from, year_to, page_count FROM register_book WHERE id = ?1", [book_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        books.push(ImportedBook { book_id, quyen_so, year_from, year_to, page_count, created, loaded: n });
    }
    Ok(Some(books))
}

/// [`preview`] for a given book, also counting the rows already imported into it.
pub fn import_preview(conn: &Connection, book_id: i64, bytes: &[u8], file_name: &str, encoding: Option<Encoding>) -> Result<ImportPreview> {
    model::book::book_type_of(conn, book_id)?;
    import_preview_parsed(conn, book_id, &ParsedFile::parse(bytes, encoding)?, file_name)
}

/// [`crate::import::import_preview`] of a file already read (see [`TableCache`]).
pub fn import_preview_parsed(conn: &Connection, book_id: i64, file: &ParsedFile, file_name: &str) -> Result<ImportPreview> {
    let book_type = model::book::book_type_of(conn, book_id)?;
    let mut p = preview_parsed(file, file_name, book_type)?;
    let quyen = book_quyen_so(conn, book_id)?;
    let own = quyen_key(&quyen);
    p.other_book_rows = p.books_in_file.iter().filter(|q| quyen_key(&q.quyen_so) != own).map(|q| q.rows).sum();
    if p.other_book_rows > 0 {
        let others: Vec<&str> = p.books_in_file.iter().filter(|q| quyen_key(&q.quyen_so) != own).map(|q| q.quyen_so.as_str()).collect();
        let message = format!(
            "{} dòng thuộc quyển khác ({}), không phải quyển “{quyen}” của sổ này: các dòng đó sẽ bị loại. Muốn nhập hết, hãy nhập tệp mà không chọn sổ (mỗi quyển thành một sổ).",
            p.other_book_rows,
            others.join(", ")
        );
        p.warnings.push(ImportWarning::new(WarningCode::OtherBookRows, message).quyen_so(others).count(p.other_book_rows));
    }
    let existing = imported_refs(conn, book_id)?;
    if !existing.is_empty() {
        if let Some(col) = p.mapping.iter().find(|m| m.field.as_deref() == Some(SOURCE_REF)).map(|m| m.column) {
            let t = file.table();
            p.already_in_book = t.rows.iter().filter(|r| existing.contains_key(&crate::text::stored(r.cell(col)))).count();
            if p.already_in_book > 0 {
                let message =
                    format!("{} dòng có mã bản ghi đã được nhập vào sổ này; các dòng đó sẽ không được nhập lại.", p.already_in_book);
                p.warnings.push(ImportWarning::new(WarningCode::AlreadyInBook, message).count(p.already_in_book));
            }
        }
    }
    Ok(p)
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

fn report(t: &Table, p: Prepared, loaded: Loaded, file_name: String, started: std::time::Instant) -> ImportReport {
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

/// Where a group of rows goes.
enum Target {
    Existing(i64),
    New(NewBook),
}

struct Group {
    target: Target,
    entries: Vec<LoadEntry>,
    ready: Vec<Ready>,
}

/// Splits the valid rows of a file imported without a book into one new book per `quyenSo`.
/// With a single `quyenSo` (or none) every row goes to one book; with several, rows without one
/// are moved to the rejected rows (they cannot be placed).
fn split_by_quyen(
    ws: &WorkspaceInfo,
    book_type: BookType,
    file_name: &str,
    p: &mut Prepared,
    cols: &[Option<String>],
    t: &Table,
) -> Vec<Group> {
    let mut keys = QuyenKeys::default();
    let mut quyen_of = |e: &LoadEntry| {
        e.fields.iter().find(|f| f.field == "quyenSo" && !f.value.trim().is_empty()).map(|f| keys.key(&f.value).to_string())
    };
    // Keys in order of first appearance, and each as first written.
    let mut order: Vec<String> = Vec::new();
    let mut written: Vec<String> = Vec::new();
    for e in &p.entries {
        if let Some(k) = quyen_of(e) {
            if !order.contains(&k) {
                order.push(k);
                written.push(e.fields.iter().find(|f| f.field == "quyenSo").map(|f| f.value.trim().to_string()).unwrap_or_default());
            }
        }
    }
    let entries = std::mem::take(&mut p.entries);
    let ready = std::mem::take(&mut p.ready);
    if order.len() <= 1 {
        let book = propose_new_book(ws, book_type, file_name, &entries);
        return vec![Group { target: Target::New(book), entries, ready }];
    }
    let mut groups: Vec<(Vec<LoadEntry>, Vec<Ready>)> = order.iter().map(|_| (Vec::new(), Vec::new())).collect();
    let column = cols.iter().position(|c| c.as_deref() == Some("quyenSo")).and_then(|i| t.headers.get(i).cloned());
    for (e, r) in entries.into_iter().zip(ready) {
        match quyen_of(&e).and_then(|k| order.iter().position(|o| *o == k)) {
            Some(i) => {
                groups[i].0.push(e);
                groups[i].1.push(r);
            }
            None => p.rejected.push(RejectedRow {
                line: r.line,
                ma_ban_ghi: Some(r.source_ref),
                field: "quyenSo".into(),
                column: column.clone(),
                reason_vi: format!(
                    "thiếu quyển số: tệp có {} quyển ({}) nên không biết dòng này thuộc quyển nào",
                    written.len(),
                    written.join(", ")
                ),
                other_problems: vec![],
            }),
        }
    }
    p.rejected.sort_by_key(|r| r.line);
    // Notes and counts only speak of loaded rows.
    let loaded_lines: std::collections::HashSet<u64> = groups.iter().flat_map(|g| g.1.iter().map(|r| r.line)).collect();
    p.notes.retain(|n| loaded_lines.contains(&n.line));
    p.illegible_cells = groups.iter().flat_map(|g| g.0.iter()).map(|e| e.fields.iter().filter(|f| f.illegible).count()).sum();
    groups
        .into_iter()
        .map(|(entries, ready)| Group { target: Target::New(propose_new_book(ws, book_type, file_name, &entries)), entries, ready })
        .collect()
}
