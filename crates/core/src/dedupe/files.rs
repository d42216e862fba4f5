//! The duplicate check of `sohoa dedupe` on files (formats.md §1–§3), without a workspace in
//! between: the extract and the keyed records are read with the app's own rules, matched in
//! memory, and MATCHES.csv is written from the engine's report.
//!
//! Loading both files into a throwaway workspace and reading them back cost more than the
//! matching itself (issue 10: 5.5 s of 9.4 s for 20,600 records over ~2,700 books). Nothing here
//! decides anything on its own:
//! * the extract rows are the extract importer's ([`super::extract_file::read_rows`] under the
//!   proposed mapping), in the order the importer stores them (by ID number), and become the
//!   same engine records as [`super::cache::load_persons`] reads back;
//! * which records are kept or refused is the spreadsheet importer's dry run
//!   ([`crate::import::import_check_parsed`], into new books of type KS: same reasons, same
//!   lines); a kept record's values are the ones the importer would store (illegible markers
//!   empty, coded values as their code, NFC) and are read through the same
//!   [`super::entries::SubjectFields::record`] as an entry of the workspace. Records come in the
//!   order the importer gives entries (book by book, books in order of first appearance), so the
//!   engine sees the same input and MATCHES.csv is the same file (test `dedupe_files`).
use super::entries::subject_fields;
use super::extract_file::{read_rows, read_table, ColumnMapping, ExtractRow, FileFormat, LineError};
use super::MAX_LINE_ERRORS;
use crate::error::{CoreError, Result};
use crate::import::{self, ImportMapping, ParsedFile, RejectedRow, RowNote};
use crate::model::column_map::FieldKind;
use crate::session::Session;
use crate::BookType;
use sohoa_linkage::{CandidateKind, KeyedRecord, LinkOptions, LinkReport, PersonRecord, Progress};
use std::collections::{HashMap, HashSet};

/// The extract as read for matching.
#[derive(Debug)]
pub struct ExtractForMatching {
    pub persons: Vec<PersonRecord>,
    pub format: FileFormat,
    pub rows_read: usize,
    pub rows_loaded: usize,
    /// Lines refused (not matched).
    pub rows_rejected: usize,
    /// Refused and kept-but-flagged lines, the first [`MAX_LINE_ERRORS`] (by line).
    pub line_errors: Vec<LineError>,
}

/// Reads an extract file (CSV or workbook) with the proposed header mapping, as
/// [`super::import_extract_file`] would import it, into the engine's person records.
pub fn read_extract_for_matching(bytes: &[u8], file_name: &str) -> Result<ExtractForMatching> {
    let table = read_table(bytes, file_name)?;
    let mapping = ColumnMapping::propose(&table.headers);
    mapping.validate(&table.headers)?;
    let (mut rows, errors) = read_rows(&table, &mapping);
    if rows.is_empty() {
        return Err(CoreError::invalid(
            "tệp trích xuất",
            format!("không có dòng nào đọc được ({} dòng lỗi). Không có gì được nhập", super::extract_file::refused(&errors)),
        ));
    }
    // The importer stores the rows by ID number and the engine reads them back in that order.
    rows.sort_unstable_by(|a, b| a.id_number.cmp(&b.id_number));
    let rows_read = table.rows.len() + table.ragged.len();
    let format = table.format;
    drop(table);
    let rows_loaded = rows.len();
    let dates = sohoa_linkage::BirthDate::context(crate::clock::today_year());
    let persons = rows.into_iter().map(|r| person_record(r, &dates)).collect();
    Ok(ExtractForMatching {
        persons,
        format,
        rows_read,
        rows_loaded,
        rows_rejected: super::extract_file::refused(&errors),
        line_errors: errors.into_iter().take(MAX_LINE_ERRORS).collect(),
    })
}

/// The engine's record of an extract row (what [`super::cache::load_persons`] makes of the row
/// once stored).
fn person_record(r: ExtractRow, dates: &sohoa_vietnamese::DateContext) -> PersonRecord {
    PersonRecord {
        birth_date: sohoa_linkage::BirthDate::read(&r.birth_date, dates).0,
        id_number: r.id_number,
        full_name: r.full_name,
        name_parts: None,
        sex: r.sex,
        father_name: r.father_name,
        mother_name: r.mother_name,
        spouse_name: r.spouse_name,
        birth_registration_place: r.birth_registration_place,
        home_town: r.home_town,
        residence: r.residence,
        cmnd: r.cmnd,
    }
}

/// The keyed records as read for matching.
#[derive(Debug)]
pub struct RecordsForMatching {
    /// The engine's records; `record_ref` is the record's `ma_ban_ghi`.
    pub records: Vec<KeyedRecord>,
    pub rows_read: usize,
    /// Rows the import would load (a kept row with neither a name nor a readable birth date is
    /// loaded but not matched).
    pub loaded: usize,
    /// Rows the import would refuse, with line and reason.
    pub rejected: Vec<RejectedRow>,
    /// Loaded rows kept with a remark (historic dates, odd codes, unreadable fields).
    pub notes: Vec<RowNote>,
    /// Headers mapped to no field.
    pub unknown_columns: Vec<String>,
    /// Books (`quyenSo`) the rows span.
    pub books: usize,
}

/// Reads a keyed-records file (formats.md §2; CSV or workbook, any encoding) as the spreadsheet
/// import into new KS books would, with the proposed mapping, into the engine's records. `s`
/// is only read (the workspace's commune names the books the import would propose).
pub fn read_records_for_matching(s: &Session, bytes: &[u8], file_name: &str) -> Result<RecordsForMatching> {
    let book_type = BookType::Ks;
    let file = ParsedFile::parse(bytes, None)?;
    let preview = import::preview_parsed(&file, file_name, book_type)?;
    let mapping = ImportMapping::from_preview(&preview);
    let check = import::import_check_parsed(s, None, book_type, &file, &mapping)?;
    let t = file.table();
    let refused: HashSet<u64> = check.rejected.iter().map(|r| r.line).collect();
    let spec = book_type.spec();
    let sf = subject_fields(book_type).ok_or_else(|| CoreError::Internal("KS has subject fields".into()))?;
    let column_of: HashMap<&str, usize> = mapping.columns.iter().enumerate().filter_map(|(i, c)| c.as_deref().map(|f| (f, i))).collect();
    let source_col = column_of.get(import::SOURCE_REF).copied();
    let quyen_col = column_of.get("quyenSo").copied();
    // The value the import stores for field `f` of a row (None: empty or unreadable): the
    // import's own cell rule, then the store's normalisation.
    let value = |row: &crate::tabular::Row, f: &str| -> Option<String> {
        let i = *column_of.get(f)?;
        let raw = row.cell(i);
        if raw.is_empty() {
            return None;
        }
        let kind = spec.field(f).map_or(&FieldKind::Text, |fs| &fs.kind);
        match import::cell_value(book_type, f, kind, raw, row.was_number(i)) {
            import::CellValue::Illegible => None,
            import::CellValue::Value(v) | import::CellValue::NotInList(v) => Some(crate::text::stored(&v)).filter(|v| !v.is_empty()),
        }
    };
    // Kept rows, book by book in order of first appearance (the order of the entries the import
    // creates), rows in file order within a book.
    let mut memo: HashMap<&str, String> = HashMap::new();
    let kept: Vec<(&crate::tabular::Row, Option<String>)> = t
        .rows
        .iter()
        .filter(|r| !refused.contains(&r.line))
        .map(|row| {
            let q = quyen_col.map(|i| row.cell(i)).filter(|q| !q.is_empty() && !import::illegible::is_illegible_marker(q));
            (row, q.map(|q| memo.entry(q).or_insert_with(|| import::quyen_key(q)).clone()))
        })
        .collect();
    let mut book_of: HashMap<&str, usize> = HashMap::new();
    for k in kept.iter().filter_map(|(_, k)| k.as_deref()) {
        let next = book_of.len();
        book_of.entry(k).or_insert(next);
    }
    // One book (or none named): every kept row in file order. Several: a row without `quyenSo`
    // was refused by the import, so every kept row has its book.
    let mut books: Vec<Vec<&crate::tabular::Row>> = vec![Vec::new(); book_of.len().max(1)];
    for (row, k) in &kept {
        let b = if book_of.len() <= 1 { 0 } else { k.as_deref().and_then(|k| book_of.get(k).copied()).unwrap_or(0) };
        books[b].push(row);
    }
    let loaded: usize = books.iter().map(Vec::len).sum();
    let mut records = Vec::with_capacity(loaded);
    let dates = sohoa_linkage::BirthDate::context(crate::clock::today_year());
    for row in books.iter().flatten() {
        let Some(r) = source_col.map(|i| crate::text::stored(row.cell(i))) else { continue };
        // a record without a name is matched on its birth date and parents (never automatically)
        if let Some(rec) = sf.finished_record(r, &dates, |f| value(row, f)) {
            records.push(rec);
        }
    }
    Ok(RecordsForMatching {
        records,
        rows_read: check.rows_read,
        loaded,
        rejected: check.rejected,
        notes: check.notes,
        unknown_columns: preview.unknown_columns,
        books: if book_of.is_empty() { usize::from(loaded > 0) } else { book_of.len() },
    })
}

/// Matches keyed records against the extract and against each other, as [`super::run_dedupe`]
/// does for the entries of one book type (the model is learnt from these records).
pub fn match_for_files(extract: &[PersonRecord], records: &[KeyedRecord], progress: Option<&(dyn Fn(Progress) + Sync)>) -> LinkReport {
    sohoa_linkage::link_report(extract, records, &LinkOptions { progress, ..Default::default() })
}

/// Writes MATCHES.csv (formats.md §3) from a report on `records`: one row per candidate, by
/// record in input order, persons then records, best first — the rows and format of
/// [`super::write_matches_csv`]. Returns the rows written.
pub fn write_matches_for_files<W: std::io::Write>(out: W, records: &[KeyedRecord], report: &LinkReport) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CoreError::Internal(format!("MATCHES.csv: {e}"));
    w.write_record(["record_ref", "candidate_kind", "candidate_id", "rank", "score", "decision"]).map_err(io)?;
    let mut cands: Vec<&sohoa_linkage::Candidate> = report.candidates.iter().collect();
    // stable: the engine's order within a record and kind is already best first
    cands.sort_by_key(|c| (c.record_index, c.kind == CandidateKind::Record, c.rank));
    for c in &cands {
        let rr = &records[c.record_index as usize].record_ref;
        let cid = match c.kind {
            CandidateKind::Person => c.candidate_id.as_str(),
            CandidateKind::Record => records[c.candidate_index as usize].record_ref.as_str(),
        };
        let cells = [rr.as_str(), c.kind.code(), cid, &c.rank.to_string(), &format!("{:.3}", c.score), c.decision.code()];
        w.write_record(cells.iter().map(|c| crate::text::csv_safe(c).into_owned())).map_err(io)?;
    }
    w.flush()?;
    Ok(cands.len())
}
