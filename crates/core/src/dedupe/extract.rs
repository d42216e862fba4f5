//! Importing the population extract into the workspace (formats.md §1): preview with a proposed
//! header mapping for the user to confirm or fix, then import in one transaction.
//!
//! The extract is never readable in bulk through this API: [`crate::dedupe::extract::extract_info`] gives only
//! the metadata (source, date, counts); rows are only shown as candidates of one entry
//! (`candidates.rs`), and every such lookup is audited.
use super::extract_file::{read_rows, read_table, ColumnMapping, FileFormat, LineError};
use super::headers::{ExtractColumn, EXTRACT_COLUMNS};
use crate::cancel::check_cancel;
use crate::error::{CoreError, Result};
use crate::session::Session;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::atomic::AtomicBool;

/// At most this many line errors are returned (the counts are always complete).
pub const MAX_LINE_ERRORS: usize = 500;

/// One column of the file in the mapping step.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewColumn {
    pub index: usize,
    /// The header as written in the file.
    pub header: String,
    /// The canonical column proposed (or confirmed) for it, `None` = not imported.
    pub column: Option<ExtractColumn>,
}

/// A canonical column the user can choose in the mapping step.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnChoice {
    pub column: ExtractColumn,
    pub label: &'static str,
    pub required: bool,
    /// False for columns that are recognised but never stored (ethnicity, nationality).
    pub stored: bool,
}

/// What the file holds, before anything is written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractPreview {
    pub file_name: String,
    pub format: FileFormat,
    pub separator: Option<String>,
    pub columns: Vec<PreviewColumn>,
    pub choices: Vec<ColumnChoice>,
    pub missing_required: Vec<ExtractColumn>,
    /// Data rows in the file (header excluded, empty lines skipped).
    pub rows_read: usize,
    /// Rows that would load under this mapping (0 while required columns are missing).
    pub rows_ok: usize,
    pub rows_rejected: usize,
    pub line_errors: Vec<LineError>,
    /// The extract this one would replace.
    pub replaces: Option<ExtractInfo>,
}

/// Where an extract comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractMeta {
    /// Who handed it over ("Công an xã …").
    pub source: String,
    /// The day it describes, `yyyy-mm-dd`.
    pub extract_date: String,
}

/// Metadata of an imported extract (no personal data).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExtractInfo {
    pub id: i64,
    pub source: String,
    pub extract_date: String,
    pub file_name: String,
    pub format: String,
    pub rows_loaded: i64,
    pub rows_rejected: i64,
    pub imported_at: String,
    pub imported_by: String,
    pub active: bool,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractImportReport {
    pub extract: ExtractInfo,
    pub rows_read: usize,
    pub rows_loaded: usize,
    pub rows_rejected: usize,
    pub line_errors: Vec<LineError>,
    /// The extract it replaced (its rows are deleted; decisions made against it are kept).
    pub replaced: Option<ExtractInfo>,
    pub ms: u64,
}

fn choices() -> Vec<ColumnChoice> {
    EXTRACT_COLUMNS.iter().map(|&c| ColumnChoice { column: c, label: c.label(), required: c.required(), stored: c.stored() }).collect()
}

fn validate_meta(meta: &ExtractMeta) -> Result<()> {
    if meta.source.trim().is_empty() {
        return Err(CoreError::invalid("source", "cần ghi nơi cung cấp dữ liệu (ví dụ: Công an xã)"));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(meta.extract_date.trim(), &fmt)
        .map_err(|_| CoreError::invalid("extractDate", "ngày trích xuất phải có dạng yyyy-mm-dd"))?;
    if d > time::OffsetDateTime::now_utc().date() {
        return Err(CoreError::invalid("extractDate", "ngày trích xuất không được ở tương lai"));
    }
    Ok(())
}

fn info_row(r: &rusqlite::Row) -> rusqlite::Result<ExtractInfo> {
    Ok(ExtractInfo {
        id: r.get(0)?,
        source: r.get(1)?,
        extract_date: r.get(2)?,
        file_name: r.get(3)?,
        format: r.get(4)?,
        rows_loaded: r.get(5)?,
        rows_rejected: r.get(6)?,
        imported_at: r.get(7)?,
        imported_by: r.get(8)?,
        active: r.get(9)?,
    })
}

const INFO_COLS: &str = "id, source, extract_date, file_name, file_format, rows_loaded, rows_rejected, imported_at, imported_by, active";

/// Reads an extract file and proposes how its columns map to formats.md §1; with `mapping`,
/// checks that mapping instead. Nothing is written. Whole-file problems (empty, unsupported
/// separator, not UTF-8, an `.xlsx` that is not a workbook) are `CoreError::Invalid`.
pub fn preview_extract(conn: &Connection, bytes: &[u8], file_name: &str, mapping: Option<&ColumnMapping>) -> Result<ExtractPreview> {
    let table = read_table(bytes, file_name)?;
    let mapping = match mapping {
        Some(m) => {
            if m.columns.len() != table.headers.len() {
                return Err(CoreError::invalid("mapping", "cách ghép cột không khớp với số cột của tệp"));
            }
            m.clone()
        }
        None => ColumnMapping::propose(&table.headers),
    };
    let missing = mapping.missing_required();
    let (ok, rejected, errors) = if missing.is_empty() && mapping.validate(&table.headers).is_ok() {
        let (rows, errors) = read_rows(&table, &mapping);
        (rows.len(), super::extract_file::refused(&errors), errors)
    } else {
        (0, 0, vec![])
    };
    Ok(ExtractPreview {
        file_name: file_name.to_string(),
        format: table.format,
        separator: table.separator.map(|c| c.to_string()),
        columns: table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| PreviewColumn { index: i, header: h.clone(), column: mapping.columns.get(i).copied().flatten() })
            .collect(),
        choices: choices(),
        missing_required: missing,
        rows_read: table.rows.len() + table.ragged.len(),
        rows_ok: ok,
        rows_rejected: rejected,
        line_errors: errors.into_iter().take(MAX_LINE_ERRORS).collect(),
        replaces: extract_info(conn)?,
    })
}

/// Imports an extract under a confirmed mapping, in one transaction: either every readable
/// row is stored (unreadable rows are reported by line) or nothing is. A newer extract
/// replaces the active one: the old rows are deleted, decisions made against them are kept
/// (they name the ID number, not a row).
pub fn import_extract(
    s: &mut Session,
    bytes: &[u8],
    file_name: &str,
    mapping: &ColumnMapping,
    meta: &ExtractMeta,
) -> Result<ExtractImportReport> {
    import_extract_with(s, bytes, file_name, mapping, meta, &mut |_, _| {}, &AtomicBool::new(false))
}

/// Rows written between two looks at the cancel flag (and two progress reports).
const CANCEL_EVERY: usize = 2_000;

/// [`import_extract`] that reports `(rows written, rows)` and stops when `cancel` is set:
/// checked before the file is read, every [`CANCEL_EVERY`] rows and after the last row, before
/// the commit. The rows go in one transaction, so a cancelled import is rolled back as a whole
/// (the previous extract stays active) and the answer is [`CoreError::Cancelled`].
pub fn import_extract_with(
    s: &mut Session,
    bytes: &[u8],
    file_name: &str,
    mapping: &ColumnMapping,
    meta: &ExtractMeta,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<ExtractImportReport> {
    let started = std::time::Instant::now();
    check_cancel(cancel)?;
    validate_meta(meta)?;
    let table = read_table(bytes, file_name)?;
    check_cancel(cancel)?;
    import_table(s, started, table, bytes, file_name, mapping, meta, progress, cancel)
}

/// The import once the file is read; `meta` has been checked ([`validate_meta`]) before reading it.
#[allow(clippy::too_many_arguments)] // the file, its mapping and metadata, and the job's progress and cancel flag
fn import_table(
    s: &mut Session,
    started: std::time::Instant,
    table: super::extract_file::Table,
    bytes: &[u8],
    file_name: &str,
    mapping: &ColumnMapping,
    meta: &ExtractMeta,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<ExtractImportReport> {
    mapping.validate(&table.headers)?;
    let (mut rows, errors) = read_rows(&table, mapping);
    // in ID order, the (import, ID number) index is written sequentially
    rows.sort_unstable_by(|a, b| a.id_number.cmp(&b.id_number));
    if rows.is_empty() {
        return Err(CoreError::invalid(
            "tệp trích xuất",
            format!("không có dòng nào đọc được ({} dòng lỗi). Không có gì được nhập", super::extract_file::refused(&errors)),
        ));
    }
    let rows_read = table.rows.len() + table.ragged.len();
    let sha = hex::encode(Sha256::digest(bytes));
    let mapping_json = serde_json::to_string(
        &mapping
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c.code(), table.headers[i].clone())))
            .collect::<std::collections::BTreeMap<_, _>>(),
    )
    .unwrap_or_default();
    let replaced = extract_info(s.conn())?;
    let source = crate::text::stored(&meta.source);
    let date = meta.extract_date.trim().to_string();
    let file_name = crate::text::stored(file_name);
    let n_rows = rows.len();
    let n_err = super::extract_file::refused(&errors);
    let format = table.format;
    drop(table);
    let old_cache = super::cache_up(s);
    let id = s.write(|w| {
        let now = crate::clock::now();
        if let Some(old) = &replaced {
            w.tx.execute("DELETE FROM extract_person WHERE import_id = ?1", [old.id])?;
            w.tx.execute("DELETE FROM dedupe_candidate WHERE kind = 'person'", [])?;
            w.tx.execute(
                "UPDATE extract_import SET active = 0, replaced_at = ?2, replaced_by = ?3 WHERE id = ?1",
                params![old.id, now, w.user.username],
            )?;
        }
        w.tx.execute(
            "INSERT INTO extract_import(source, extract_date, file_name, file_sha256, file_format, mapping_json, rows_read,
               rows_loaded, rows_rejected, active, imported_at, imported_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11)",
            params![
                source,
                date,
                file_name,
                sha,
                format.as_str(),
                mapping_json,
                rows_read as i64,
                n_rows as i64,
                n_err as i64,
                now,
                w.user.username
            ],
        )?;
        let id = w.tx.last_insert_rowid();
        {
            let mut st = w.tx.prepare(
                "INSERT INTO extract_person(import_id, line, id_number, full_name, birth_date, sex, father_name, mother_name,
                   spouse_name, birth_registration_place, home_town, residence, cmnd, sex_written, warn)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for (n, r) in rows.iter().enumerate() {
                if n % CANCEL_EVERY == 0 {
                    check_cancel(cancel)?;
                    progress(n as u64, n_rows as u64);
                }
                st.execute(params![
                    id,
                    r.line as i64,
                    r.id_number,
                    r.full_name,
                    r.birth_date,
                    match r.sex {
                        sohoa_linkage::Sex::Male => "male",
                        sohoa_linkage::Sex::Female => "female",
                        sohoa_linkage::Sex::Unknown => "unknown",
                    },
                    r.father_name,
                    r.mother_name,
                    r.spouse_name,
                    r.birth_registration_place,
                    r.home_town,
                    r.residence,
                    r.cmnd,
                    r.sex_written,
                    (!r.warn.is_empty()).then(|| r.warn.join(" "))
                ])?;
            }
        }
        w.audit(
            "extract.import",
            "extract_import",
            Some(&id.to_string()),
            serde_json::json!({
                "source": source, "extractDate": date, "fileSha256": sha, "format": format.as_str(),
                "rowsRead": rows_read, "rowsLoaded": n_rows, "rowsRejected": n_err,
                "replaced": replaced.as_ref().map(|r| r.id),
            }),
        )?;
        // The last moment to stop: returning an error rolls the whole import back.
        progress(n_rows as u64, n_rows as u64);
        check_cancel(cancel)?;
        Ok(id)
    });
    super::cache_down(s, old_cache);
    let id = id?;
    drop(rows);
    super::cache::invalidate(s)?;
    let extract = extract_by_id(s.conn(), id)?.ok_or_else(|| CoreError::Internal("extract import vanished".into()))?;
    Ok(ExtractImportReport {
        extract,
        rows_read,
        rows_loaded: n_rows,
        rows_rejected: n_err,
        line_errors: errors.into_iter().take(MAX_LINE_ERRORS).collect(),
        replaced,
        ms: started.elapsed().as_millis() as u64,
    })
}

/// Imports an extract file with the proposed header mapping (no confirmation step): for the
/// demo, scripts and the CLI. Fails like [`crate::dedupe::extract::import_extract`] when a required column
/// is not recognised.
pub fn import_extract_file(
    s: &mut Session,
    bytes: &[u8],
    file_name: &str,
    source: &str,
    extract_date: &str,
) -> Result<ExtractImportReport> {
    let started = std::time::Instant::now();
    let meta = ExtractMeta { source: source.into(), extract_date: extract_date.into() };
    validate_meta(&meta)?;
    let table = read_table(bytes, file_name)?;
    let mapping = ColumnMapping::propose(&table.headers);
    import_table(s, started, table, bytes, file_name, &mapping, &meta, &mut |_, _| {}, &AtomicBool::new(false))
}

/// [`crate::dedupe::extract::import_extract_file`] for CSV bytes (comma or semicolon, BOM or not).
pub fn import_extract_csv(s: &mut Session, bytes: &[u8], source: &str, extract_date: &str) -> Result<ExtractImportReport> {
    import_extract_file(s, bytes, "trich-xuat.csv", source, extract_date)
}

/// The active extract's metadata (no rows), if one was imported.
pub fn extract_info(conn: &Connection) -> Result<Option<ExtractInfo>> {
    Ok(conn.query_row(&format!("SELECT {INFO_COLS} FROM extract_import WHERE active = 1"), [], info_row).optional()?)
}

/// Every extract ever imported, newest first (metadata only).
pub fn extract_history(conn: &Connection) -> Result<Vec<ExtractInfo>> {
    let mut st = conn.prepare(&format!("SELECT {INFO_COLS} FROM extract_import ORDER BY id DESC"))?;
    let rows = st.query_map([], info_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn extract_by_id(conn: &Connection, id: i64) -> Result<Option<ExtractInfo>> {
    Ok(conn.query_row(&format!("SELECT {INFO_COLS} FROM extract_import WHERE id = ?1"), [id], info_row).optional()?)
}
