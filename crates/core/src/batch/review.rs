//! What the batch screens show around the package workflow: the books of an imported batch with
//! their verdicts, entries to review (a sample, read-only, with the template's labels), and the
//! clerk's returned entries with the supervisor's reasons. Reads only.
use super::verdict::ReturnedReason;
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::book::BookSummary;
use crate::model::column_map::{column_map, FieldKind};
use crate::EntryStatus;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// Fields that name the person an entry is about, first present wins (list title).
const TITLE_FIELDS: [&str; 9] =
    ["nksHoTen", "nktHoTen", "chongHoTen", "nxnHoTen", "ncHoTen", "nddghHoTen", "ndtHoTen", "conNuoiHoTen", "voHoTen"];

/// One book of an imported batch (supervisor side), with the verdict recorded on it, if any.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedBookView {
    pub book: BookSummary,
    pub batch_number: i64,
    /// This import holds the book's current version (false: a later batch superseded it).
    pub current: bool,
    pub verdict: Option<VerdictView>,
}

/// A verdict recorded on a book for one imported batch.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictView {
    /// `accept` or `return`.
    pub decision: String,
    pub decided_at: String,
    pub decided_by: String,
    /// When the verdict package carrying it was written (then it can no longer change).
    pub sent_at: Option<String>,
    pub reasons: Vec<VerdictReasonView>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictReasonView {
    pub entry_id: i64,
    pub entry_seq: i64,
    pub so: Option<String>,
    pub field: Option<String>,
    pub field_label: Option<String>,
    pub reason: String,
}

/// An entry in the review list of a book.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEntrySummary {
    pub id: i64,
    pub seq: i64,
    pub status: EntryStatus,
    pub so: Option<String>,
    pub trang_so: Option<String>,
    pub title: Option<String>,
    /// Picked for the review sample (spread evenly through the book).
    pub sampled: bool,
}

/// One field of an entry as the template names it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewField {
    pub field: String,
    pub label: String,
    /// The template group's label (e.g. the child, the mother).
    pub group: String,
    pub value: String,
    /// The value as a reader says it: an enumeration code with its label (`1 — Nam`), else the value.
    pub shown: String,
    pub illegible: bool,
}

/// An entry shown read-only for review: its filled fields in template order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEntry {
    pub id: i64,
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub seq: i64,
    pub status: EntryStatus,
    pub page_id: Option<i64>,
    pub fields: Vec<ReviewField>,
    /// The commune's current duplicate decisions about this entry (they travel with the batch).
    pub decisions: Vec<ReviewDecision>,
}

/// A duplicate decision the commune made about an entry, as the reviewer sees it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewDecision {
    /// `person` / `record`
    pub kind: String,
    /// Masked ID number (person), or where the other entry is (record).
    pub candidate: String,
    /// The decision code (`same_person`, `not_same`, `unsure`, `duplicate_entry`, …)
    pub decision: String,
    /// The decision in Vietnamese.
    pub label: String,
    pub note: Option<String>,
    pub band: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
}

/// A returned entry in the clerk's to-do list, with the supervisor's open reasons.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnedEntryView {
    pub entry_id: i64,
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub seq: i64,
    pub so: Option<String>,
    pub title: Option<String>,
    pub status: EntryStatus,
    pub reasons: Vec<ReturnedReason>,
}

/// Indices of an even sample of `want` out of `n` (all when `want >= n`).
pub fn sample_positions(n: usize, want: usize) -> Vec<usize> {
    if want >= n {
        return (0..n).collect();
    }
    if want == 0 {
        return vec![];
    }
    let mut v: Vec<usize> = (0..want).map(|i| i * n / want + (n / want) / 2).map(|i| i.min(n - 1)).collect();
    v.dedup();
    v
}

/// The books that came in one imported batch (supervisor), with their verdicts for it.
pub fn imported_books(conn: &Connection, import_id: i64) -> Result<Vec<ImportedBookView>> {
    let rows: Vec<(i64, i64, Option<String>)> = {
        let mut st = conn.prepare(
            "SELECT v.book_id, v.batch_number, v.superseded_at FROM imported_book_version v WHERE v.import_id = ?1 ORDER BY v.book_id",
        )?;
        let r = st.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    if rows.is_empty() {
        let known: Option<i64> = conn.query_row("SELECT id FROM package_import WHERE id = ?1", [import_id], |r| r.get(0)).optional()?;
        if known.is_none() {
            return Err(CoreError::NotFound(format!("gói đã nhập số {import_id}")));
        }
    }
    let mut books: HashMap<i64, BookSummary> = model::book::list(conn)?.into_iter().map(|b| (b.id, b)).collect();
    let mut out = Vec::new();
    for (book_id, batch_number, superseded_at) in rows {
        let Some(book) = books.remove(&book_id) else { continue };
        out.push(ImportedBookView {
            book,
            batch_number,
            current: superseded_at.is_none(),
            verdict: verdict_view(conn, book_id, import_id)?,
        });
    }
    Ok(out)
}

fn verdict_view(conn: &Connection, book_id: i64, import_id: i64) -> Result<Option<VerdictView>> {
    let row: Option<(i64, String, String, String, Option<String>, crate::BookType)> = conn
        .query_row(
            "SELECT v.id, v.decision, v.decided_at, v.decided_by, v.sent_at, b.book_type FROM verdict v
             JOIN register_book b ON b.id = v.book_id WHERE v.book_id = ?1 AND v.import_id = ?2",
            params![book_id, import_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((id, decision, decided_at, decided_by, sent_at, book_type)) = row else { return Ok(None) };
    let spec = book_type.spec();
    let mut st = conn.prepare(
        "SELECT r.entry_id, e.seq, r.field, r.reason,
                (SELECT value FROM entry_field f WHERE f.entry_id = r.entry_id AND f.field = 'so')
         FROM verdict_reason r JOIN entry e ON e.id = r.entry_id WHERE r.verdict_id = ?1 ORDER BY e.seq, r.id",
    )?;
    let reasons = st
        .query_map([id], |r| {
            let field: Option<String> = r.get(2)?;
            Ok(VerdictReasonView {
                entry_id: r.get(0)?,
                entry_seq: r.get(1)?,
                field_label: field.as_ref().and_then(|f| spec.field(f)).map(|s| s.label.clone()),
                field,
                reason: r.get(3)?,
                so: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(VerdictView { decision, decided_at, decided_by, sent_at, reasons }))
}

/// The entries of a book for review, in book order; `sample` of them (spread evenly through
/// the book) are marked `sampled`.
pub fn review_entries(conn: &Connection, book_id: i64, sample: usize) -> Result<Vec<ReviewEntrySummary>> {
    let ids = model::entry::ids(conn, book_id)?;
    let picked: std::collections::HashSet<usize> = sample_positions(ids.len(), sample).into_iter().collect();
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.into_iter().enumerate() {
        let e = model::entry::get(conn, id)?;
        out.push(ReviewEntrySummary {
            id,
            seq: e.seq,
            status: e.status,
            so: e.get("so").map(str::to_string),
            trang_so: e.get("trangSo").map(str::to_string),
            title: TITLE_FIELDS.iter().find_map(|f| e.get(f)).map(str::to_string),
            sampled: picked.contains(&i),
        });
    }
    Ok(out)
}

/// One entry, read-only: its filled fields with the template's labels, in template order.
pub fn review_entry(conn: &Connection, entry_id: i64) -> Result<ReviewEntry> {
    let e = model::entry::get(conn, entry_id)?;
    let spec = e.book_type.spec();
    let mut fields = Vec::new();
    for f in &spec.fields {
        if let Some(v) = e.fields.iter().find(|v| v.field == f.name) {
            if v.value.is_empty() && !v.illegible {
                continue;
            }
            let shown = match f.kind {
                FieldKind::Enum => sohoa_refdata::enumeration_for_field(&f.name, e.book_type.as_str())
                    .and_then(|en| en.values.iter().find(|x| x.code == v.value.trim()))
                    .map(|x| format!("{} — {}", x.code, x.label))
                    .unwrap_or_else(|| v.value.clone()),
                _ => v.value.clone(),
            };
            fields.push(ReviewField {
                field: f.name.clone(),
                label: f.label.clone(),
                group: column_map().groups.get(&f.group).cloned().unwrap_or_else(|| f.group.clone()),
                value: v.value.clone(),
                shown,
                illegible: v.illegible,
            });
        }
    }
    let decisions = imported_decisions(conn, entry_id)?;
    Ok(ReviewEntry {
        id: e.id,
        book_id: e.book_id,
        book_type: e.book_type,
        seq: e.seq,
        status: e.status,
        page_id: e.page_id,
        fields,
        decisions,
    })
}

/// The current decisions of the commune about an imported entry (none for a local entry).
pub fn imported_decisions(conn: &Connection, entry_id: i64) -> Result<Vec<ReviewDecision>> {
    let mut st = conn.prepare_cached(
        "SELECT d.kind, d.candidate_ref, d.decision, d.note, d.band, d.decided_by, d.decided_at,
                (SELECT seq FROM entry WHERE id = CAST(d.candidate_ref AS INTEGER) AND d.kind = 'record' AND d.candidate_ref NOT LIKE 'xa:%')
         FROM imported_decision d WHERE d.entry_id = ?1 AND d.current = 1 ORDER BY d.decided_at, d.id",
    )?;
    let rows = st.query_map([entry_id], |r| {
        let kind: String = r.get(0)?;
        let candidate_ref: String = r.get(1)?;
        let decision: String = r.get(2)?;
        let other_seq: Option<i64> = r.get(7)?;
        Ok((kind, candidate_ref, decision, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, other_seq))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, candidate_ref, decision, note, band, decided_by, decided_at, other_seq) = row?;
        let candidate = if kind == "person" {
            format!("số định danh {}", sohoa_vietnamese::idnum::mask_id(&candidate_ref))
        } else if let Some(seq) = other_seq {
            format!("bản ghi thứ {seq} (đã nhận)")
        } else {
            "một bản ghi chưa gửi lên".to_string()
        };
        let label = crate::dedupe::DecisionKind::parse(&decision).map(|d| d.label_vi().to_string()).unwrap_or_else(|| decision.clone());
        out.push(ReviewDecision { kind, candidate, decision, label, note, band, decided_by, decided_at });
    }
    Ok(out)
}

/// The clerk's returned entries (not yet resubmitted) with the supervisor's reasons.
pub fn returned_entry_views(conn: &Connection) -> Result<Vec<ReturnedEntryView>> {
    let books: HashMap<i64, BookSummary> = model::book::list(conn)?.into_iter().map(|b| (b.id, b)).collect();
    let mut out = Vec::new();
    for (entry_id, book_id, _) in super::verdict::returned_entries(conn)? {
        let e = model::entry::get(conn, entry_id)?;
        let quyen_so = books.get(&book_id).map(|b| b.quyen_so.clone()).unwrap_or_default();
        out.push(ReturnedEntryView {
            entry_id,
            book_id,
            book_type: e.book_type,
            quyen_so,
            seq: e.seq,
            so: e.get("so").map(str::to_string),
            title: TITLE_FIELDS.iter().find_map(|f| e.get(f)).map(str::to_string),
            status: e.status,
            reasons: super::verdict::returned_reasons(conn, entry_id)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::sample_positions;

    #[test]
    fn a_sample_is_spread_evenly_through_the_book() {
        assert_eq!(sample_positions(3, 10), vec![0, 1, 2]);
        assert_eq!(sample_positions(100, 4), vec![12, 37, 62, 87]);
        assert_eq!(sample_positions(10, 0), Vec::<usize>::new());
    }
}
