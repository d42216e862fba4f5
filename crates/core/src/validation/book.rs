//! Warnings for a whole book, for the clerk's sweep: every entry's own warnings plus the
//! register-sequence checks, read in a handful of queries (a 3,000-entry book takes a few
//! tens of milliseconds).
use super::sequence::{book_sequence, quyen_key, SeqBook, SeqEntry};
use super::{validate_entry, Severity, ValidationContext, Warning};
use crate::error::{CoreError, Result};
use crate::FieldValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One warning in a book's list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookWarning {
    pub entry_id: i64,
    /// The entry's position in the book (keying order), for "bản ghi thứ N".
    pub entry_seq: i64,
    /// The entry's `so` and `trangSo` as written, to find it on paper.
    pub so: Option<String>,
    pub trang_so: Option<String>,
    #[serde(flatten)]
    pub warning: Warning,
    /// Other entries involved (the first entry with the same number, the entry before a gap,
    /// entries of other books registering the same (noiDangKy, quyenSo, so)).
    pub related_entry_ids: Vec<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WarningCounts {
    pub info: u32,
    pub warning: u32,
    pub error: u32,
}

/// The sweep list of a book.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookWarnings {
    pub book_id: i64,
    pub entries_checked: u32,
    pub counts: WarningCounts,
    /// In book order (entry seq), most serious first within an entry.
    pub warnings: Vec<BookWarning>,
    pub elapsed_ms: f64,
}

/// The register-sequence fields read for every entry.
const SEQ_FIELDS: [&str; 6] = ["so", "quyenSo", "trangSo", "ngayDangKy", "noiDangKy", "noiCap"];

pub(crate) struct BookRow {
    pub book_type: crate::BookType,
    pub seq: SeqBook,
}

pub(crate) fn load_book(conn: &Connection, book_id: i64) -> Result<BookRow> {
    conn.query_row(
        "SELECT b.book_type, b.quyen_so, r.name, b.year_from, b.year_to, b.page_count
         FROM register_book b JOIN registry r ON r.id = b.registry_id WHERE b.id = ?1",
        [book_id],
        |r| {
            Ok(BookRow {
                book_type: r.get(0)?,
                seq: SeqBook {
                    quyen_so: r.get(1)?,
                    registry_name: r.get(2)?,
                    year_from: r.get(3)?,
                    year_to: r.get(4)?,
                    page_count: r.get(5)?,
                    quyen_key: Default::default(),
                    registry_key: Default::default(),
                },
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id}")))
}

pub(crate) fn context_of(book: &BookRow) -> ValidationContext {
    ValidationContext::for_book(book.seq.year_from, book.seq.year_to, &book.seq.quyen_so)
}

/// Fills the sequence view of an entry from one of its fields.
pub(crate) fn absorb(e: &mut SeqEntry, field: &str, value: &str) {
    let v = Some(value.to_string());
    match field {
        "so" => e.so = v,
        "quyenSo" => e.quyen = v,
        "trangSo" => e.trang = v,
        "noiDangKy" | "noiCap" => e.registry = v,
        "ngayDangKy" => e.reg_year = super::parse_date(value).ok().map(|d| d.year),
        _ => {}
    }
}

/// Every warning of a book: each entry's own, the register-sequence checks, and registrations
/// that another book of the same type in the workspace also holds.
pub fn validate_book(conn: &Connection, book_id: i64) -> Result<Vec<BookWarning>> {
    let book = load_book(conn, book_id)?;
    let ctx = context_of(&book);
    // One pass over the book's fields.
    let mut seq_entries: Vec<SeqEntry> = Vec::new();
    let mut entry_fields: Vec<Vec<FieldValue>> = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT e.id, e.seq, p.seq, f.field, f.value, f.illegible
             FROM entry e LEFT JOIN page p ON p.id = e.page_id LEFT JOIN entry_field f ON f.entry_id = e.id
             WHERE e.book_id = ?1 ORDER BY e.seq",
        )?;
        let mut rows = st.query([book_id])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if seq_entries.last().is_none_or(|e| e.entry_id != id) {
                seq_entries.push(SeqEntry { entry_id: id, seq: r.get(1)?, book_id, page_seq: r.get(2)?, ..SeqEntry::default() });
                entry_fields.push(Vec::with_capacity(24));
            }
            let Some(field) = r.get::<_, Option<String>>(3)? else { continue };
            let value: String = r.get(4)?;
            let (se, fields) = (seq_entries.last_mut().expect("pushed above"), entry_fields.last_mut().expect("pushed above"));
            if SEQ_FIELDS.contains(&field.as_str()) {
                absorb(se, &field, &value);
            }
            fields.push(FieldValue { field, value, illegible: r.get(5)? });
        }
    }
    let mut out: Vec<BookWarning> = Vec::new();
    let by_id: HashMap<i64, usize> = seq_entries.iter().enumerate().map(|(i, e)| (e.entry_id, i)).collect();
    let bw = |e: &SeqEntry, warning: Warning, related: Vec<i64>| BookWarning {
        entry_id: e.entry_id,
        entry_seq: e.seq,
        so: e.so.clone(),
        trang_so: e.trang.clone(),
        warning,
        related_entry_ids: related,
    };
    for (e, fields) in seq_entries.iter().zip(&entry_fields) {
        for w in validate_entry(book.book_type, fields, &ctx) {
            out.push(bw(e, w, vec![]));
        }
    }
    for f in book_sequence(&book.seq, &seq_entries) {
        let Some(&i) = by_id.get(&f.entry_id) else { continue };
        let mut w = f.warning;
        if w.code == "so.repeat" {
            let seqs: Vec<String> = f.related.iter().filter_map(|id| by_id.get(id)).map(|&j| seq_entries[j].seq.to_string()).collect();
            if !seqs.is_empty() {
                w.message_vi = format!("{} (bản ghi thứ {}).", w.message_vi.trim_end_matches('.'), seqs.join(", "));
            }
        }
        out.push(bw(&seq_entries[i], w, f.related));
    }
    for (entry_id, others) in duplicates_in_other_books(conn, book_id, &book, &seq_entries)? {
        let Some(&i) = by_id.get(&entry_id) else { continue };
        let e = &seq_entries[i];
        let msg = format!(
            "Số {} (quyển {}) đã được đăng ký ở {} bản ghi của sổ khác trong sổ làm việc.",
            e.so.as_deref().unwrap_or(""),
            e.quyen.as_deref().unwrap_or(&book.seq.quyen_so),
            others.len()
        );
        out.push(bw(e, Warning::new("so", "so.duplicate_registration", Severity::Error, msg), others));
    }
    out.sort_by(|a, b| a.entry_seq.cmp(&b.entry_seq).then(b.warning.severity.cmp(&a.warning.severity)));
    Ok(out)
}

/// Entries of this book whose (noiDangKy, quyenSo, so) another book of the same type also holds.
fn duplicates_in_other_books(conn: &Connection, book_id: i64, book: &BookRow, entries: &[SeqEntry]) -> Result<Vec<(i64, Vec<i64>)>> {
    let mut quyens: BTreeSet<String> = entries.iter().filter_map(|e| e.quyen.clone()).collect();
    quyens.insert(book.seq.quyen_so.clone());
    let keys: BTreeSet<String> = quyens.iter().map(|q| quyen_key(q)).collect();
    // Candidate books: same type, and the same book number (on the book or on an entry).
    let mut candidates: BTreeSet<i64> = BTreeSet::new();
    {
        let mut st = conn.prepare_cached("SELECT id, quyen_so FROM register_book WHERE book_type = ?1 AND id != ?2")?;
        let rows = st.query_map(params![book.book_type, book_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, q) = row?;
            if keys.contains(&quyen_key(&q)) {
                candidates.insert(id);
            }
        }
        let mut st = conn.prepare_cached(
            "SELECT DISTINCT e.book_id FROM entry_seqkey k JOIN entry e ON e.id = k.entry_id
             JOIN register_book b ON b.id = e.book_id
             WHERE k.quyen = ?1 AND e.book_id != ?2 AND b.book_type = ?3",
        )?;
        for q in &quyens {
            for id in st.query_map(params![q, book_id, book.book_type], |r| r.get::<_, i64>(0))? {
                candidates.insert(id?);
            }
        }
    }
    if candidates.is_empty() {
        return Ok(vec![]);
    }
    let mut theirs: HashMap<String, Vec<i64>> = HashMap::new();
    for other in candidates {
        let ob = load_book(conn, other)?;
        let mut st = conn.prepare_cached(
            "SELECT e.id, f.field, f.value FROM entry e JOIN entry_field f ON f.entry_id = e.id
             AND f.field IN ('so', 'quyenSo', 'ngayDangKy', 'noiDangKy', 'noiCap')
             WHERE e.book_id = ?1 ORDER BY e.id",
        )?;
        let mut rows = st.query([other])?;
        let mut cur: Option<SeqEntry> = None;
        let mut flush = |e: Option<SeqEntry>| {
            if let Some(k) = e.as_ref().and_then(|e| ob.seq.registration_key(e)) {
                theirs.entry(k).or_default().push(e.map(|e| e.entry_id).unwrap_or_default());
            }
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if cur.as_ref().is_none_or(|c| c.entry_id != id) {
                flush(cur.take());
                cur = Some(SeqEntry { entry_id: id, book_id: other, ..SeqEntry::default() });
            }
            let field: String = r.get(1)?;
            let value: String = r.get(2)?;
            absorb(cur.as_mut().expect("set above"), &field, &value);
        }
        flush(cur.take());
    }
    let mut out = Vec::new();
    for e in entries {
        if let Some(k) = book.seq.registration_key(e) {
            if let Some(others) = theirs.get(&k) {
                out.push((e.entry_id, others.clone()));
            }
        }
    }
    Ok(out)
}

/// The validation context of a book (its years and book number), for [`validate_entry`].
pub fn validation_context(conn: &Connection, book_id: i64) -> Result<ValidationContext> {
    Ok(context_of(&load_book(conn, book_id)?))
}

/// Every warning of a book for the clerk's sweep (see [`validate_book`]), with counts.
pub fn book_warnings(conn: &Connection, book_id: i64) -> Result<BookWarnings> {
    let started = std::time::Instant::now();
    // The sweep reads a whole book; with SQLite's default 2 MB page cache every sweep would
    // decrypt the book's pages again. 32 MB keeps a few books decrypted for the session.
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap_or(0);
    if (-32768..0).contains(&cache) || (0..8192).contains(&cache) {
        let _ = conn.execute_batch("PRAGMA cache_size = -32768");
    }
    let warnings = validate_book(conn, book_id)?;
    let entries_checked: u32 = conn.query_row("SELECT count(*) FROM entry WHERE book_id = ?1", [book_id], |r| r.get(0))?;
    let mut counts = WarningCounts::default();
    for w in &warnings {
        match w.warning.severity {
            Severity::Info => counts.info += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Error => counts.error += 1,
        }
    }
    Ok(BookWarnings { book_id, entries_checked, counts, warnings, elapsed_ms: started.elapsed().as_secs_f64() * 1000.0 })
}
