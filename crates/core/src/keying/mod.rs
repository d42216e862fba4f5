//! The keying screen's backend (issue 4 §5): autosave with validation, undo that is itself
//! recorded, per-field history, keyed / self-checked marks, predictions for the next entry,
//! copy-from-previous, autocomplete from the workspace's own values, and the book "finished"
//! check (every page has at least one entry, or is declared blank).
//!
//! What the screen shows about an entry comes from here too, so the UI never re-derives it:
//! its title and whether it may be edited ([`EntrySummary`], [`EntryView`] and every outcome
//! below carry both), the form of a book type with its groups, rare fields, autocomplete lists
//! and the fields that identify the person ([`form`]).
//!
//! Every write goes through `Session::write` (one transaction, audited). Warnings never block:
//! each save returns the entry's warnings for the form to show beside the fields.
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::book_type::BookType;
use crate::model::column_map::{column_map, FieldKind};
use crate::model::entry::{put_field, touch};
use crate::model::status::{Actor, EntryStatus};
use crate::session::Session;
use crate::validation::book::{absorb, context_of, load_book};
use crate::validation::sequence::{entry_sequence, SeqEntry, SoNumber};
use crate::validation::{validate_entry, Severity, Warning};
use crate::FieldValue;
use rusqlite::Connection;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

pub mod form;
pub use form::{
    book_types, keying_form, parse_date, BookTypeDto, DateParse, DateSuggestion, EnumOption, FormField, FormGroup, KeyingForm, SubjectRole,
};

/// One entry in a book's entry list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    pub id: i64,
    pub seq: i64,
    pub status: EntryStatus,
    pub page_id: Option<i64>,
    pub so: Option<String>,
    pub trang_so: Option<String>,
    /// The name of the entry's main person ([`crate::model::entry::title`]).
    pub title: Option<String>,
    /// Whether a clerk may still change its fields.
    pub editable: bool,
}

/// One entry as the keying screen opens it: its fields, title, editability and warnings.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub entry: crate::model::entry::Entry,
    pub warnings: Vec<Warning>,
    /// The pages the entry spans, in order (its own page first): issue 11 §3.
    pub pages: Vec<EntryPage>,
}

/// A page an entry spans: the page's id and its number in the book.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryPage {
    pub id: i64,
    pub seq: i64,
}

/// The pages an entry spans, with their numbers, in order.
pub fn entry_pages(conn: &Connection, entry_id: i64) -> Result<Vec<EntryPage>> {
    let mut st = conn.prepare_cached("SELECT seq FROM page WHERE id = ?1")?;
    model::page::entry_pages(conn, entry_id)?.into_iter().map(|id| Ok(EntryPage { id, seq: st.query_row([id], |r| r.get(0))? })).collect()
}

/// Adds to an entry the page after the last one it spans (an entry continued overleaf), or
/// `page_id` when given (a margin note on another page); the pages it spans afterwards. An entry
/// without a page gets the book's first page. Refused when there is no next page.
pub fn add_entry_page(s: &mut Session, entry_id: i64, page_id: Option<i64>) -> Result<Vec<EntryPage>> {
    let page = match page_id {
        Some(p) => p,
        None => {
            let pages = entry_pages(s.conn(), entry_id)?;
            let book: i64 = s
                .conn()
                .query_row("SELECT book_id FROM entry WHERE id = ?1", [entry_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
            let after = pages.iter().map(|p| p.seq).max().unwrap_or(0);
            s.conn()
                .query_row("SELECT id FROM page WHERE book_id = ?1 AND seq > ?2 ORDER BY seq LIMIT 1", params![book, after], |r| r.get(0))
                .optional()?
                .ok_or_else(|| CoreError::Conflict("sổ không còn trang ảnh nào sau trang cuối của bản ghi này".into()))?
        }
    };
    s.write(|w| model::page::add_entry_page(w, entry_id, page))?;
    entry_pages(s.conn(), entry_id)
}

/// Removes a page added to an entry (not its own page); the pages it spans afterwards.
pub fn remove_entry_page(s: &mut Session, entry_id: i64, page_id: i64) -> Result<Vec<EntryPage>> {
    s.write(|w| model::page::remove_entry_page(w, entry_id, page_id))?;
    entry_pages(s.conn(), entry_id)
}

/// What an autosave returns.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveOutcome {
    /// False when the value was already stored (nothing written).
    pub changed: bool,
    /// The entry's version after the save (bumped on every change).
    pub version: i64,
    pub status: EntryStatus,
    /// The entry's warnings after the save (all fields, plus its place in the book's sequence).
    pub warnings: Vec<Warning>,
    /// The entry's title after the save (a saved name may change it).
    pub title: Option<String>,
    pub editable: bool,
}

/// What an undo did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoOutcome {
    /// The field whose change was undone, and the value it has again.
    pub field: String,
    pub value: String,
    pub illegible: bool,
    /// The history row that was reverted, and the history row recording the undo.
    pub undid_change_id: i64,
    pub change_id: i64,
    pub version: i64,
    pub warnings: Vec<Warning>,
    pub title: Option<String>,
    pub editable: bool,
}

/// One change of one field (who, when, old → new).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub id: i64,
    pub field: String,
    pub label: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub old_illegible: bool,
    pub new_illegible: bool,
    pub at: String,
    pub by_user: String,
    pub by_display_name: Option<String>,
    /// This change is an undo of change `undoes`.
    pub undoes: Option<i64>,
    /// This change was later undone.
    pub undone: bool,
}

/// After marking an entry keyed or checked.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusOutcome {
    pub status: EntryStatus,
    pub version: i64,
    pub warnings: Vec<Warning>,
    pub title: Option<String>,
    pub editable: bool,
}

/// Predicted header fields of the next entry of a book.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryDefaults {
    pub book_id: i64,
    /// The entry the prediction comes from (the last one keyed), if any.
    pub previous_entry_id: Option<i64>,
    pub fields: Vec<FieldValue>,
}

/// One autocomplete proposal.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub value: String,
    /// How many stored field values are written this way (0 for reference-list proposals).
    pub count: u32,
    /// `workspace` (values already keyed) or `reference` (ethnic groups, nationalities list).
    pub source: &'static str,
}

/// Whether every page of a book has an entry (issue 4 §5: a book is finished when every page is
/// covered). Pages are counted from the book's declared `page_count`, or from the scans attached
/// when no count was declared.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookCoverage {
    pub book_id: i64,
    pub page_count: u32,
    pub pages_attached: u32,
    /// Pages that must be covered: `page_count`, or `pages_attached` when no count was declared.
    pub pages_total: u32,
    pub pages_covered: u32,
    pub blank_pages: Vec<u32>,
    pub missing_pages: Vec<u32>,
    pub entries: u32,
    pub draft_entries: u32,
    /// Entries with no usable `trangSo` and no linked scan.
    pub entries_without_page: u32,
    pub complete: bool,
    pub finished: bool,
}

/// Header fields predicted for a new entry from the previous one.
const CARRIED: [&str; 6] = ["noiDangKy", "noiCap", "nguoiKy", "chucVuNguoiKy", "nguoiThucHien", "loaiDangKy"];

fn entry_book_status(conn: &Connection, entry_id: i64) -> Result<(i64, BookType, EntryStatus, i64)> {
    let (book, t, s, v): (i64, BookType, String, i64) = conn
        .prepare_cached(
            "SELECT e.book_id, b.book_type, e.status, e.version FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1",
        )?
        .query_row([entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    Ok((book, t, s.parse()?, v))
}

fn entry_fields(conn: &Connection, entry_id: i64) -> Result<Vec<FieldValue>> {
    let mut st = conn.prepare_cached("SELECT field, value, illegible FROM entry_field WHERE entry_id = ?1")?;
    let rows = st.query_map([entry_id], |r| Ok(FieldValue { field: r.get(0)?, value: r.get(1)?, illegible: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Autosave of one field: stores it (history + audit, refused only when the entry is frozen),
/// then returns the entry's warnings. Saving the value already stored changes nothing.
pub fn save_field(s: &mut Session, entry_id: i64, fv: FieldValue) -> Result<SaveOutcome> {
    let changed = s.write(|w| model::entry::set_field(w, entry_id, &fv))?;
    let (_, _, status, version) = entry_book_status(s.conn(), entry_id)?;
    let e = model::entry::get(s.conn(), entry_id)?;
    Ok(SaveOutcome { changed, version, status, warnings: entry_warnings(s.conn(), entry_id)?, title: e.title, editable: e.editable })
}

/// Saves several fields of one entry in one transaction (paste, copy-from-previous of a
/// block). Returns the same as [`crate::keying::save_field`].
pub fn save_fields(s: &mut Session, entry_id: i64, fields: &[FieldValue]) -> Result<SaveOutcome> {
    let (_, book_type, status, _) = entry_book_status(s.conn(), entry_id)?;
    if !status.is_editable() {
        return Err(CoreError::Conflict(format!("bản ghi đang ở trạng thái “{}”, không sửa được", status.label_vi())));
    }
    let changed = s.write(|w| {
        let mut changed = Vec::new();
        for fv in fields {
            if put_field(w, entry_id, book_type, fv, true)? {
                changed.push(fv.field.clone());
            }
        }
        if !changed.is_empty() {
            touch(w, entry_id)?;
            w.audit("entry.fields", "entry", Some(&entry_id.to_string()), serde_json::json!({ "fields": changed }))?;
        }
        Ok(!changed.is_empty())
    })?;
    let (_, _, status, version) = entry_book_status(s.conn(), entry_id)?;
    let e = model::entry::get(s.conn(), entry_id)?;
    Ok(SaveOutcome { changed, version, status, warnings: entry_warnings(s.conn(), entry_id)?, title: e.title, editable: e.editable })
}

/// The warnings of one entry: its own fields (`validate_entry`) and its place in the book's
/// sequence (number repeated in the book, gap or disorder against the entry before it, page
/// continuity, the same (noiDangKy, quyenSo, so) in another book of the workspace).
pub fn entry_warnings(conn: &Connection, entry_id: i64) -> Result<Vec<Warning>> {
    let (book_id, seq, page_seq): (i64, i64, Option<i64>) = conn
        .prepare_cached("SELECT e.book_id, e.seq, p.seq FROM entry e LEFT JOIN page p ON p.id = e.page_id WHERE e.id = ?1")?
        .query_row([entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let book = load_book(conn, book_id)?;
    let fields = entry_fields(conn, entry_id)?;
    let mut warnings = validate_entry(book.book_type, &fields, &context_of(&book));
    let mut me = SeqEntry { entry_id, seq, book_id, page_seq, ..SeqEntry::default() };
    for f in &fields {
        absorb(&mut me, &f.field, &f.value);
    }
    let prev = neighbour_before(conn, book_id, seq)?;
    let same_so = match me.so.as_deref() {
        Some(so) => entries_with_so(conn, so, Some(book_id), None)?,
        None => vec![],
    };
    let seq_warnings = entry_sequence(&book.seq, &me, prev.as_ref(), &same_so);
    warnings.extend(seq_warnings);
    if let (Some(so), Some(key)) = (me.so.as_deref(), book.seq.registration_key(&me)) {
        let mut elsewhere = 0;
        let mut books: HashMap<i64, crate::validation::book::BookRow> = HashMap::new();
        for other in entries_with_so(conn, so, None, Some((book.book_type, book_id)))? {
            if let std::collections::hash_map::Entry::Vacant(slot) = books.entry(other.book_id) {
                slot.insert(load_book(conn, other.book_id)?);
            }
            if books[&other.book_id].seq.registration_key(&other).as_deref() == Some(key.as_str()) {
                elsewhere += 1;
            }
        }
        if elsewhere > 0 {
            warnings.push(Warning::new(
                "so",
                "so.duplicate_registration",
                Severity::Error,
                format!(
                    "Số {so} (quyển {}) đã được đăng ký ở {elsewhere} bản ghi của sổ khác trong sổ làm việc.",
                    me.quyen.as_deref().unwrap_or(&book.seq.quyen_so)
                ),
            ));
        }
    }
    Ok(warnings)
}

/// The sequence fields of the entry keyed just before `seq` in a book.
fn neighbour_before(conn: &Connection, book_id: i64, seq: i64) -> Result<Option<SeqEntry>> {
    let prev: Option<(i64, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT e.id, e.seq, p.seq FROM entry e LEFT JOIN page p ON p.id = e.page_id
             WHERE e.book_id = ?1 AND e.seq < ?2 ORDER BY e.seq DESC LIMIT 1",
        )?
        .query_row(params![book_id, seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((id, pseq, page_seq)) = prev else { return Ok(None) };
    let mut e = SeqEntry { entry_id: id, seq: pseq, book_id, page_seq, ..SeqEntry::default() };
    absorb_sequence_fields(conn, &mut e)?;
    Ok(Some(e))
}

fn absorb_sequence_fields(conn: &Connection, e: &mut SeqEntry) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT field, value FROM entry_field WHERE entry_id = ?1 AND field IN ('so', 'quyenSo', 'trangSo', 'ngayDangKy', 'noiDangKy', 'noiCap')",
    )?;
    let mut rows = st.query([e.entry_id])?;
    while let Some(r) = rows.next()? {
        let (f, v): (String, String) = (r.get(0)?, r.get(1)?);
        absorb(e, &f, &v);
    }
    Ok(())
}

/// Entries whose `so` is written exactly `so`: in one book, or in the other books of a type.
fn entries_with_so(conn: &Connection, so: &str, in_book: Option<i64>, other_books_of: Option<(BookType, i64)>) -> Result<Vec<SeqEntry>> {
    let mut found: Vec<(i64, i64, i64)> = Vec::new();
    if let Some(book_id) = in_book {
        let mut st = conn.prepare_cached(
            "SELECT k.entry_id, e.seq, e.book_id FROM entry_seqkey k JOIN entry e ON e.id = k.entry_id
             WHERE k.so = ?1 AND e.book_id = ?2",
        )?;
        for r in st.query_map(params![so, book_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            found.push(r?);
        }
    }
    if let Some((book_type, not_book)) = other_books_of {
        let mut st = conn.prepare_cached(
            "SELECT k.entry_id, e.seq, e.book_id FROM entry_seqkey k JOIN entry e ON e.id = k.entry_id
             JOIN register_book b ON b.id = e.book_id
             WHERE k.so = ?1 AND e.book_id != ?2 AND b.book_type = ?3",
        )?;
        for r in st.query_map(params![so, not_book, book_type], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            found.push(r?);
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for (id, seq, book_id) in found {
        let mut e = SeqEntry { entry_id: id, seq, book_id, ..SeqEntry::default() };
        absorb_sequence_fields(conn, &mut e)?;
        out.push(e);
    }
    Ok(out)
}

/// Undoes the latest change of an entry that has not been undone yet; the undo is itself a
/// recorded change (history row with `undoes` set, audit `entry.undo`). Calling it again
/// undoes the change before, and so on. `None` when there is nothing left to undo.
pub fn undo_last(s: &mut Session, entry_id: i64) -> Result<Option<UndoOutcome>> {
    let (_, book_type, status, _) = entry_book_status(s.conn(), entry_id)?;
    if !status.is_editable() {
        return Err(CoreError::Conflict(format!("bản ghi đang ở trạng thái “{}”, không sửa được", status.label_vi())));
    }
    let target: Option<(i64, String, Option<String>, Option<bool>)> = s
        .conn()
        .prepare_cached(
            "SELECT h.id, h.field, h.old_value, h.old_illegible FROM entry_field_history h
             WHERE h.entry_id = ?1 AND h.undoes IS NULL
               AND NOT EXISTS (SELECT 1 FROM entry_field_history u WHERE u.undoes = h.id)
             ORDER BY h.id DESC LIMIT 1",
        )?
        .query_row([entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((target_id, field, old_value, old_illegible)) = target else { return Ok(None) };
    let restored = FieldValue { field: field.clone(), value: old_value.unwrap_or_default(), illegible: old_illegible.unwrap_or(false) };
    let change_id = s.write(|w| {
        let changed = put_field(w, entry_id, book_type, &restored, true)?;
        let change_id = if changed {
            touch(w, entry_id)?;
            w.tx.query_row("SELECT max(id) FROM entry_field_history WHERE entry_id = ?1", [entry_id], |r| r.get::<_, i64>(0))?
        } else {
            // Already back to that value: record the undo all the same, so the next undo
            // goes further back.
            w.tx.execute(
                "INSERT INTO entry_field_history(entry_id, field, old_value, new_value, old_illegible, new_illegible, at, by_user)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?4, ?5, ?6)",
                params![entry_id, restored.field, restored.value, restored.illegible, crate::clock::now(), w.user.username],
            )?;
            w.tx.last_insert_rowid()
        };
        w.tx.execute("UPDATE entry_field_history SET undoes = ?2 WHERE id = ?1", params![change_id, target_id])?;
        w.audit("entry.undo", "entry", Some(&entry_id.to_string()), serde_json::json!({"field": restored.field, "undoes": target_id}))?;
        Ok(change_id)
    })?;
    let e = model::entry::get(s.conn(), entry_id)?;
    Ok(Some(UndoOutcome {
        field,
        value: restored.value,
        illegible: restored.illegible,
        undid_change_id: target_id,
        change_id,
        version: e.version,
        warnings: entry_warnings(s.conn(), entry_id)?,
        title: e.title,
        editable: e.editable,
    }))
}

/// The changes of an entry, newest first; of one field when `field` is given.
pub fn field_history(conn: &Connection, entry_id: i64, field: Option<&str>) -> Result<Vec<FieldChange>> {
    let (_, book_type, _, _) = entry_book_status(conn, entry_id)?;
    let mut st = conn.prepare_cached(
        "SELECT h.id, h.field, h.old_value, h.new_value, h.old_illegible, h.new_illegible, h.at, h.by_user, a.display_name, h.undoes,
                EXISTS (SELECT 1 FROM entry_field_history u WHERE u.undoes = h.id)
         FROM entry_field_history h LEFT JOIN account a ON a.username = h.by_user
         WHERE h.entry_id = ?1 AND (?2 IS NULL OR h.field = ?2) ORDER BY h.id DESC",
    )?;
    let rows = st.query_map(params![entry_id, field], |r| {
        let field: String = r.get(1)?;
        Ok(FieldChange {
            id: r.get(0)?,
            label: crate::validation::field_label(book_type, &field),
            field,
            old_value: r.get(2)?,
            new_value: r.get(3)?,
            old_illegible: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
            new_illegible: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
            at: r.get(6)?,
            by_user: r.get(7)?,
            by_display_name: r.get(8)?,
            undoes: r.get(9)?,
            undone: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks an entry keyed (from draft, checked or returned). Warnings do not block.
pub fn mark_keyed(s: &mut Session, entry_id: i64) -> Result<StatusOutcome> {
    s.write(|w| model::entry::set_status(w, entry_id, EntryStatus::Keyed, Actor::Clerk))?;
    status_outcome(s.conn(), entry_id)
}

/// Marks an entry s-checked (a draft is marked keyed first). Warnings do not block.
pub fn mark_checked(s: &mut Session, entry_id: i64) -> Result<StatusOutcome> {
    let (_, _, status, _) = entry_book_status(s.conn(), entry_id)?;
    if status == EntryStatus::Draft {
        s.write(|w| model::entry::set_status(w, entry_id, EntryStatus::Keyed, Actor::Clerk))?;
    }
    s.write(|w| model::entry::set_status(w, entry_id, EntryStatus::Checked, Actor::Clerk))?;
    status_outcome(s.conn(), entry_id)
}

fn status_outcome(conn: &Connection, entry_id: i64) -> Result<StatusOutcome> {
    let e = model::entry::get(conn, entry_id)?;
    Ok(StatusOutcome {
        status: e.status,
        version: e.version,
        warnings: entry_warnings(conn, entry_id)?,
        title: e.title,
        editable: e.editable,
    })
}

/// Marks an entry with the status a clerk chose on the keying screen: keyed, checked, or back
/// to draft. Other statuses are set by batches and verdicts, not by hand.
pub fn mark(s: &mut Session, entry_id: i64, status: EntryStatus) -> Result<StatusOutcome> {
    match status {
        EntryStatus::Keyed => mark_keyed(s, entry_id),
        EntryStatus::Checked => mark_checked(s, entry_id),
        EntryStatus::Draft => {
            s.write(|w| model::entry::set_status(w, entry_id, EntryStatus::Draft, Actor::Clerk))?;
            status_outcome(s.conn(), entry_id)
        }
        other => Err(CoreError::invalid("status", format!("không đánh dấu được “{}”", other.label_vi()))),
    }
}

/// The entries of a book in book order, each with its number, page, title and editability (one
/// query, for the entry list).
pub fn entry_summaries(conn: &Connection, book_id: i64) -> Result<Vec<EntrySummary>> {
    let book_type = model::book::book_type_of(conn, book_id)?;
    let wanted: Vec<String> = ["so".to_string(), "trangSo".to_string()].into_iter().chain(book_type.title_fields()).collect();
    let placeholders = (0..wanted.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", ");
    let mut st = conn.prepare_cached(&format!(
        "SELECT e.id, e.seq, e.status, e.page_id, f.field, f.value FROM entry e
         LEFT JOIN entry_field f ON f.entry_id = e.id AND f.illegible = 0 AND f.field IN ({placeholders})
         WHERE e.book_id = ?1 ORDER BY e.seq, e.id"
    ))?;
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&book_id];
    for f in &wanted {
        args.push(f);
    }
    let mut rows = st.query(args.as_slice())?;
    let mut out: Vec<(EntrySummary, HashMap<String, String>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().map(|(e, _)| e.id) != Some(id) {
            let status: EntryStatus = r.get::<_, String>(2)?.parse()?;
            out.push((
                EntrySummary {
                    id,
                    seq: r.get(1)?,
                    status,
                    page_id: r.get(3)?,
                    so: None,
                    trang_so: None,
                    title: None,
                    editable: status.is_editable(),
                },
                HashMap::new(),
            ));
        }
        if let (Some(field), Some((_, values))) = (r.get::<_, Option<String>>(4)?, out.last_mut()) {
            values.insert(field, r.get(5)?);
        }
    }
    Ok(out
        .into_iter()
        .map(|(mut e, values)| {
            e.so = values.get("so").cloned();
            e.trang_so = values.get("trangSo").cloned();
            e.title = model::entry::title(book_type, |f| values.get(f).map(String::as_str));
            e
        })
        .collect())
}

/// One entry with its warnings, as the keying screen opens it.
pub fn entry_view(conn: &Connection, entry_id: i64) -> Result<EntryView> {
    Ok(EntryView {
        entry: model::entry::get(conn, entry_id)?,
        warnings: entry_warnings(conn, entry_id)?,
        pages: entry_pages(conn, entry_id)?,
    })
}

/// Creates a draft entry at the end of the book with its first fields, keyed from the scan
/// `page_id` (which must belong to the book), and returns it as [`entry_view`] does.
pub fn create_entry(s: &mut Session, book_id: i64, fields: &[FieldValue], page_id: Option<i64>) -> Result<EntryView> {
    let id = s.write(|w| model::entry::create(w, book_id, fields, page_id))?;
    entry_view(s.conn(), id)
}

/// The last entry of a book (highest keying position), if any.
fn last_entry(conn: &Connection, book_id: i64, before_seq: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM entry WHERE book_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT 1")?
        .query_row(params![book_id, before_seq.unwrap_or(i64::MAX)], |r| r.get(0))
        .optional()?)
}

/// Header fields for the next entry of a book, predicted from the last one: `so` + 1 (same
/// `/năm` suffix and zero padding), same `trangSo`, `ngayDangKy`, `quyenSo`, registry, signer,
/// signer's title, clerk and registration type. An empty book starts at số 1, trang 1, with the
/// book's number and registry.
pub fn next_entry_defaults(conn: &Connection, book_id: i64) -> Result<EntryDefaults> {
    let book = load_book(conn, book_id)?;
    let spec = book.book_type.spec();
    let prev_id = last_entry(conn, book_id, None)?;
    let prev: HashMap<String, FieldValue> = match prev_id {
        Some(id) => entry_fields(conn, id)?.into_iter().filter(|f| !f.illegible).map(|f| (f.field.clone(), f)).collect(),
        None => HashMap::new(),
    };
    let get = |f: &str| prev.get(f).map(|v| v.value.clone()).filter(|v| !v.is_empty());
    let mut fields = Vec::new();
    let mut push = |f: &str, v: Option<String>| {
        if let (Some(v), true) = (v, spec.field(f).is_some()) {
            fields.push(FieldValue { field: f.to_string(), value: v, illegible: false });
        }
    };
    let so = match (prev_id, get("so")) {
        (None, _) => Some("1".to_string()),
        (Some(_), Some(s)) => next_so(&s),
        (Some(_), None) => None,
    };
    push("so", so);
    push("quyenSo", get("quyenSo").or(Some(book.seq.quyen_so.clone())));
    push("trangSo", get("trangSo").or(if prev_id.is_none() { Some("1".into()) } else { None }));
    push("ngayDangKy", get("ngayDangKy"));
    for f in CARRIED {
        let v = get(f).or(if matches!(f, "noiDangKy" | "noiCap") { Some(book.seq.registry_name.clone()) } else { None });
        push(f, v);
    }
    Ok(EntryDefaults { book_id, previous_entry_id: prev_id, fields })
}

/// The value of `field` in the entry just before position `entry_seq` of a book (the
/// "copy from previous entry" shortcut). `None` when there is no previous entry or it has no
/// value for that field. Use `i64::MAX` as `entry_seq` for a new entry.
pub fn previous_value(conn: &Connection, book_id: i64, entry_seq: i64, field: &str) -> Result<Option<FieldValue>> {
    let Some(prev) = last_entry(conn, book_id, Some(entry_seq))? else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT value, illegible FROM entry_field WHERE entry_id = ?1 AND field = ?2")?
        .query_row(params![prev, field], |r| Ok(FieldValue { field: field.to_string(), value: r.get(0)?, illegible: r.get(1)? }))
        .optional()?)
}

/// The term of the partial index `entry_field_lookup` (migration 0020): personal names are not in
/// it. A statement on the index must carry it literally, or SQLite cannot use the index.
const LOOKUP_INDEX_TERM: &str = "fold IS NOT NULL AND field NOT LIKE '%HoTen'";

/// Placeholders `?from`, `?from+1`, … for `n` field names.
fn placeholders(from: usize, n: usize) -> String {
    (0..n).map(|i| format!("?{}", i + from)).collect::<Vec<_>>().join(", ")
}

/// The most frequent folded keys in `[?1, ?2)` of the fields `?4…` (at most `?3` of them).
fn autocomplete_top_sql(fields: usize) -> String {
    format!(
        "SELECT fold, count(*) AS c FROM (SELECT fold FROM entry_field WHERE field IN ({}) AND fold >= ?1 AND fold < ?2 AND {LOOKUP_INDEX_TERM} LIMIT 50000)
         GROUP BY fold ORDER BY c DESC, fold LIMIT ?3",
        placeholders(4, fields)
    )
}

/// How the folded key `?1` is written in the fields `?2…`, with counts (a sample of 300).
fn autocomplete_writing_sql(fields: usize) -> String {
    format!(
        "SELECT value, count(*) FROM (SELECT value FROM entry_field WHERE field IN ({}) AND fold = ?1 AND {LOOKUP_INDEX_TERM} LIMIT 300) GROUP BY value",
        placeholders(2, fields)
    )
}

/// The query plans of autocomplete's two statements for `target` (SQLite's `EXPLAIN QUERY PLAN`
/// details), so a test can check they use the index.
#[doc(hidden)]
pub fn autocomplete_query_plans(conn: &Connection, target: &str) -> Result<Vec<String>> {
    let (_, fields) = autocomplete_fields(target)?;
    let mut out = Vec::new();
    for (sql, fixed) in [(autocomplete_top_sql(fields.len()), 3), (autocomplete_writing_sql(fields.len()), 1)] {
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&"a"; fixed];
        for f in &fields {
            args.push(f);
        }
        for d in st.query_map(args.as_slice(), |r| r.get::<_, String>(3))? {
            out.push(d?);
        }
    }
    Ok(out)
}

/// Autocomplete from the workspace's own values, most frequent first. `target` is a kind —
/// `place`, `ethnicity`, `nationality`, `signer` — or a field name (a place field proposes
/// every place keyed anywhere; `nguoiKy` the signers; a text field such as `chucVuNguoiKy`
/// its own values). Matching is on the start of the value, ignoring case and diacritics
/// (`yen` finds "Yên Lạc"). Ethnic groups and nationalities are completed from the reference
/// lists too. Personal names are never proposed (only signers).
pub fn autocomplete(conn: &Connection, target: &str, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
    let limit = limit.clamp(1, 100);
    let key = sohoa_vietnamese::normalize::ascii_fold(prefix);
    let (kind, fields) = autocomplete_fields(target)?;
    let mut found: Vec<(String, u32)> = Vec::new();
    if matches!(kind, Some(FieldKind::Text)) {
        // No folded key is stored for free text: fold the values of the latest entries.
        let mut st = conn.prepare_cached(
            "SELECT f.value FROM entry e JOIN entry_field f ON f.entry_id = e.id AND f.field = ?1 ORDER BY e.id DESC LIMIT 5000",
        )?;
        let mut counts: HashMap<String, u32> = HashMap::new();
        for v in st.query_map([&fields[0]], |r| r.get::<_, String>(0))? {
            let v = v?;
            if sohoa_vietnamese::normalize::ascii_fold(&v).starts_with(&key) {
                *counts.entry(v).or_default() += 1;
            }
        }
        found = counts.into_iter().collect();
    } else if !fields.is_empty() {
        // The most frequent folded keys from the index alone, then how each is written.
        let top_sql = autocomplete_top_sql(fields.len());
        let upper = format!("{key}\u{10FFFF}");
        let want = (limit * 2) as i64;
        let mut folds: Vec<(String, u32)> = Vec::new();
        {
            let mut st = conn.prepare_cached(&top_sql)?;
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&key, &upper, &want];
            for f in &fields {
                args.push(f);
            }
            for row in st.query_map(args.as_slice(), |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
                folds.push(row?);
            }
        }
        let writing_sql = autocomplete_writing_sql(fields.len());
        let mut st = conn.prepare_cached(&writing_sql)?;
        for (fold, total) in folds {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&fold];
            for f in &fields {
                args.push(f);
            }
            let sample: Vec<(String, u32)> =
                st.query_map(args.as_slice(), |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?.collect::<rusqlite::Result<_>>()?;
            let seen: u32 = sample.iter().map(|x| x.1).sum::<u32>().max(1);
            for (v, n) in sample {
                // Scale the sample to the key's total.
                found.push((v, ((n as u64 * total as u64) / seen as u64).max(1) as u32));
            }
        }
    }
    // The same place written with different case or tone placement: one proposal, in its
    // most frequent writing.
    let mut merged: HashMap<String, (String, u32, u32)> = HashMap::new();
    for (v, n) in found {
        let k = sohoa_vietnamese::normalize::exact_key(&v);
        let e = merged.entry(k).or_insert((v.clone(), 0, 0));
        e.1 += n;
        if n > e.2 {
            e.0 = v;
            e.2 = n;
        }
    }
    let mut out: Vec<Suggestion> = merged.into_values().map(|(value, count, _)| Suggestion { value, count, source: "workspace" }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out.truncate(limit);
    if out.len() < limit {
        let have: BTreeSet<String> = out.iter().map(|s| sohoa_vietnamese::normalize::ascii_fold(&s.value)).collect();
        let reference: Vec<String> = match kind {
            Some(FieldKind::Ethnicity) => sohoa_refdata::ethnic_groups().iter().map(|g| g.name.clone()).collect(),
            Some(FieldKind::Nationality) => sohoa_refdata::nationalities().iter().map(|n| n.name.clone()).collect(),
            _ => vec![],
        };
        for name in reference {
            let f = sohoa_vietnamese::normalize::ascii_fold(&name);
            if f.starts_with(&key) && !have.contains(&f) && out.len() < limit {
                out.push(Suggestion { value: name, count: 0, source: "reference" });
            }
        }
    }
    Ok(out)
}

/// Which pages of a book have entries (see [`BookCoverage`]).
pub fn book_coverage(conn: &Connection, book_id: i64) -> Result<BookCoverage> {
    let (page_count, finished, pages_attached): (u32, bool, u32) = conn
        .query_row(
            "SELECT page_count, finished_at IS NOT NULL, (SELECT count(*) FROM page p WHERE p.book_id = b.id) FROM register_book b WHERE id = ?1",
            [book_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id}")))?;
    let pages_total = if page_count > 0 { page_count } else { pages_attached };
    let mut covered: BTreeSet<u32> = BTreeSet::new();
    let (mut entries, mut drafts, mut without_page) = (0u32, 0u32, 0u32);
    {
        let mut st = conn.prepare_cached(
            "SELECT e.status, f.value, p.seq FROM entry e
             LEFT JOIN entry_field f ON f.entry_id = e.id AND f.field = 'trangSo'
             LEFT JOIN page p ON p.id = e.page_id WHERE e.book_id = ?1",
        )?;
        let mut rows = st.query([book_id])?;
        while let Some(r) = rows.next()? {
            entries += 1;
            if r.get::<_, String>(0)? == "draft" {
                drafts += 1;
            }
            let trang: Option<u32> = r.get::<_, Option<String>>(1)?.and_then(|t| t.trim().parse().ok());
            match trang.or(r.get::<_, Option<u32>>(2)?) {
                Some(p) => {
                    covered.insert(p);
                }
                None => without_page += 1,
            }
        }
    }
    let blank: BTreeSet<u32> = {
        let mut st = conn.prepare_cached("SELECT page_no FROM book_page_blank WHERE book_id = ?1 ORDER BY page_no")?;
        let rows = st.query_map([book_id], |r| r.get::<_, u32>(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let missing: Vec<u32> = (1..=pages_total).filter(|p| !covered.contains(p) && !blank.contains(p)).collect();
    Ok(BookCoverage {
        book_id,
        page_count,
        pages_attached,
        pages_total,
        pages_covered: (1..=pages_total).filter(|p| covered.contains(p)).count() as u32,
        blank_pages: blank.into_iter().collect(),
        complete: pages_total > 0 && missing.is_empty(),
        missing_pages: missing,
        entries,
        draft_entries: drafts,
        entries_without_page: without_page,
        finished,
    })
}

/// Declares a page of a book blank (or not): blank pages count as covered. Returns the book's
/// coverage after the change.
pub fn mark_page_blank(s: &mut Session, book_id: i64, page_no: u32, blank: bool) -> Result<BookCoverage> {
    model::book::book_type_of(s.conn(), book_id)?;
    if page_no == 0 {
        return Err(CoreError::invalid("trangSo", "số trang bắt đầu từ 1"));
    }
    s.write(|w| {
        if blank {
            w.tx.execute(
                "INSERT INTO book_page_blank(book_id, page_no, marked_at, marked_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![book_id, page_no, crate::clock::now(), w.user.username],
            )?;
        } else {
            w.tx.execute("DELETE FROM book_page_blank WHERE book_id = ?1 AND page_no = ?2", params![book_id, page_no])?;
        }
        w.audit("book.page_blank", "register_book", Some(&book_id.to_string()), serde_json::json!({"page": page_no, "blank": blank}))?;
        Ok(())
    })?;
    book_coverage(s.conn(), book_id)
}

/// Marks a book finished when every page is covered; otherwise refuses and names the pages
/// still without entries. Returns the coverage.
pub fn finish_book(s: &mut Session, book_id: i64) -> Result<BookCoverage> {
    let cov = book_coverage(s.conn(), book_id)?;
    if cov.pages_total == 0 {
        return Err(CoreError::Conflict("sổ chưa có số trang và chưa có trang ảnh nào; hãy nhập số trang của sổ".into()));
    }
    if !cov.complete {
        return Err(CoreError::Conflict(format!(
            "còn {} trang chưa có bản ghi nào: {} (nếu trang để trống, hãy đánh dấu “trang trống”)",
            cov.missing_pages.len(),
            page_list(&cov.missing_pages)
        )));
    }
    s.write(|w| model::book::set_finished(w, book_id, true))?;
    book_coverage(s.conn(), book_id)
}

/// `3, 5–9, 12` (at most 20 ranges shown).
pub fn page_list(pages: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &p in pages {
        match ranges.last_mut() {
            Some((_, hi)) if *hi + 1 == p => *hi = p,
            _ => ranges.push((p, p)),
        }
    }
    let mut parts: Vec<String> = ranges.iter().take(20).map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    if ranges.len() > 20 {
        parts.push("…".into());
    }
    parts.join(", ")
}

/// The next entry number after `prev`, written the same way (`012` → `013`, `12/1995` → `13/1995`).
pub fn next_so(prev: &str) -> Option<String> {
    let n = SoNumber::parse(prev)?;
    let trimmed = prev.trim();
    let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
    let next = format!("{:0width$}", n.number + 1, width = digits.len());
    let tail = trimmed.find(['/', '-']).map(|i| &trimmed[i..]).unwrap_or("");
    Some(format!("{next}{tail}"))
}

/// The fields an autocomplete target draws from, and their kind.
fn autocomplete_fields(target: &str) -> Result<(Option<FieldKind>, Vec<String>)> {
    let map = column_map();
    let of_kind = |k: FieldKind| -> Vec<String> {
        let set: BTreeSet<String> =
            map.types.values().flat_map(|t| t.fields.iter()).filter(|f| f.kind == k).map(|f| f.name.clone()).collect();
        set.into_iter().collect()
    };
    Ok(match target {
        "place" => (Some(FieldKind::Place), of_kind(FieldKind::Place)),
        "ethnicity" => (Some(FieldKind::Ethnicity), of_kind(FieldKind::Ethnicity)),
        "nationality" => (Some(FieldKind::Nationality), of_kind(FieldKind::Nationality)),
        "signer" | "nguoiKy" => (Some(FieldKind::Name), vec!["nguoiKy".to_string()]),
        field => {
            let kind = map
                .types
                .values()
                .find_map(|t| t.field(field))
                .map(|f| f.kind)
                .ok_or_else(|| CoreError::invalid("target", format!("không có trường “{field}” để gợi ý")))?;
            match kind {
                FieldKind::Place | FieldKind::Ethnicity | FieldKind::Nationality => (Some(kind), of_kind(kind)),
                FieldKind::Text => (Some(FieldKind::Text), vec![field.to_string()]),
                _ => (None, vec![]),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_number_is_written_like_the_previous() {
        assert_eq!(next_so("12").as_deref(), Some("13"));
        assert_eq!(next_so("012").as_deref(), Some("013"));
        assert_eq!(next_so("12/1995").as_deref(), Some("13/1995"));
        assert_eq!(next_so("99/95").as_deref(), Some("100/95"));
        assert_eq!(next_so("abc"), None);
    }

    #[test]
    fn page_lists_are_compact() {
        assert_eq!(page_list(&[3, 5, 6, 7, 9]), "3, 5–7, 9");
    }
}
