//! Register entries: one keyed entry per entry of the paper book. Fields are stored one row each
//! (`entry_field`), named by the Ministry column map, verbatim (NFC) with normalised keys and
//! parsed partial-date parts beside them. Every change keeps per-field history and an audit row.
//! Plain functions: reads take a `&Connection`, writes a `&Writer` (inside `Session::write`).
use crate::error::{CoreError, Result};
use crate::model::book_type::BookType;
use crate::model::column_map::{FieldKind, FieldSpec};
use crate::model::status::{Actor, EntryStatus};
use crate::session::Writer;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sohoa_vietnamese::PartialDate;
use std::sync::Arc;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValue {
    pub field: String,
    pub value: String,
    #[serde(default)]
    pub illegible: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: i64,
    pub book_id: i64,
    pub book_type: BookType,
    pub seq: i64,
    pub page_id: Option<i64>,
    pub status: EntryStatus,
    pub version: i64,
    pub fields: Vec<FieldValue>,
    pub updated_at: String,
    pub updated_by: String,
    /// The name of the entry's main person ([`title`]), for lists and headers.
    pub title: Option<String>,
    /// Whether a clerk may still change its fields ([`EntryStatus::is_editable`]).
    pub editable: bool,
}

impl Entry {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.field == field).map(|f| f.value.as_str())
    }
}

/// An entry's title: the name of its main person ([`BookType::main_persons`]) — the first of
/// their name fields that is keyed and legible, trimmed. The one rule for every list, header and
/// export that names an entry.
pub fn title<'a>(book_type: BookType, value: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    book_type.title_fields().find_map(|f| value(&f).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string))
}

/// A legible field's value in a list of fields.
fn legible<'a>(fields: &'a [FieldValue], name: &str) -> Option<&'a str> {
    fields.iter().find(|f| f.field == name && !f.illegible).map(|f| f.value.as_str())
}

/// What is stored for one field value, derived from its kind.
struct Derived {
    value: String,
    norm: Option<String>,
    fold: Option<String>,
    date: StoredDate,
}

/// What is stored beside a date value (migration 0015): what `sohoa_vietnamese::read_date` reads
/// in it. `certain` goes to `date_y`/`date_m`/`date_d`; the rest is empty for a plain solar date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDate {
    /// The solar parts that are certain.
    pub certain: Option<PartialDate>,
    /// `khoảng`, `~`, `?`, `trước`, `sau`.
    pub approx: bool,
    /// The lunar date as written (`15/08/1960`, `04 nhuận/2020` is `04/2020 nhuận`).
    pub lunar: Option<String>,
    /// The solar equivalent of a lunar date, or its range `a-b`; for any other non-plain date
    /// the best standard form (`DateReading::template_form`).
    pub solar: Option<String>,
    /// Plausible readings (template forms), most plausible first.
    pub suggestions: Vec<String>,
    /// The reading's warning codes (`date.lunar`, `date.impossible`…).
    pub warnings: Vec<&'static str>,
}

impl StoredDate {
    /// Reads a keyed date value (no book context: a two-digit year stays unresolved).
    pub fn read(value: &str) -> StoredDate {
        if value.is_empty() {
            return StoredDate::default();
        }
        // Plain solar dates (nearly all of them) take the strict reader's fast path; a `?` may
        // mean "approximate" (`1947?`), which only `read_date` says.
        if !value.contains('?') {
            if let Ok(d) = PartialDate::parse_fast(value) {
                return StoredDate { certain: Some(d), ..StoredDate::default() };
            }
        }
        Self::from_reading(&sohoa_vietnamese::read_date(value, &sohoa_vietnamese::DateContext::none()))
    }

    pub fn from_reading(r: &sohoa_vietnamese::DateReading) -> StoredDate {
        use sohoa_vietnamese::date::{Calendar, Qualifier};
        let lunar = match (r.calendar, &r.written) {
            (Calendar::Lunar { leap_month }, Some(w)) => Some(format!("{}{}", w.to_template(), if leap_month { " nhuận" } else { "" })),
            _ => None,
        };
        let solar = match (&r.solar, &r.solar_range) {
            (Some(s), _) if lunar.is_some() => Some(s.to_template()),
            (None, Some((a, b))) if lunar.is_some() => Some(format!("{}-{}", a.to_template(), b.to_template())),
            _ if r.is_plain() => None,
            _ => r.template_form(),
        };
        StoredDate {
            certain: r.certain.clone(),
            approx: r.qualifier != Qualifier::Exact,
            lunar,
            solar,
            suggestions: r.suggestions.iter().map(|s| s.date.to_template()).collect(),
            warnings: r.warnings.iter().map(|w| w.code()).filter(|c| *c != "date.words").collect(),
        }
    }

    fn suggest_json(&self) -> Option<String> {
        (!self.suggestions.is_empty()).then(|| serde_json::to_string(&self.suggestions).unwrap_or_default())
    }

    fn warn_codes(&self) -> Option<String> {
        (!self.warnings.is_empty()).then(|| self.warnings.join(" "))
    }
}

fn derive(spec: &FieldSpec, raw: &str) -> Derived {
    let value = crate::text::stored(raw);
    match spec.kind {
        FieldKind::Name | FieldKind::Place | FieldKind::Ethnicity | FieldKind::Nationality => {
            let (norm, fold) = crate::text::keys(&value);
            Derived { value, norm: stored_norm(norm, &fold), fold: Some(fold), date: StoredDate::default() }
        }
        FieldKind::Date => {
            let date = StoredDate::read(&value);
            Derived { value, norm: None, fold: None, date }
        }
        _ => Derived { value, norm: None, fold: None, date: StoredDate::default() },
    }
}

/// The comparison key as stored: NULL when it equals the folded key (migration 0021: text
/// without marks or capitals, `kinh`), so readers take `coalesce(norm, fold)`.
fn stored_norm(norm: String, fold: &str) -> Option<String> {
    (norm != fold).then_some(norm)
}

/// Reads again the date values stored before migration 0015 that the strict reader did not take
/// (`date_y` empty): their certain parts, lunar/solar forms, suggestions and warning codes. The
/// values themselves are not changed (no history, no audit row: derived columns only). Returns
/// the number of fields updated. Called once, in the transaction after the migration.
pub(crate) fn backfill_date_readings(tx: &rusqlite::Transaction) -> Result<usize> {
    let rows: Vec<(i64, String, BookType, String)> = tx
        .prepare(
            "SELECT f.entry_id, f.field, b.book_type, f.value FROM entry_field f
               JOIN entry e ON e.id = f.entry_id JOIN register_book b ON b.id = e.book_id
              WHERE f.date_y IS NULL AND f.value <> ''",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare(
        "UPDATE entry_field SET date_y = ?3, date_m = ?4, date_d = ?5, date_approx = ?6, date_lunar = ?7, date_solar = ?8,
                date_suggest = ?9, date_warn = ?10 WHERE entry_id = ?1 AND field = ?2",
    )?;
    let mut n = 0;
    for (entry_id, field, book_type, value) in rows {
        if !book_type.spec().field(&field).is_some_and(|s| s.kind == FieldKind::Date) {
            continue;
        }
        let d = StoredDate::read(&value);
        st.execute(params![
            entry_id,
            field,
            d.certain.as_ref().map(|x| x.year),
            d.certain.as_ref().and_then(|x| x.month),
            d.certain.as_ref().and_then(|x| x.day),
            d.approx,
            d.lunar,
            d.solar,
            d.suggest_json(),
            d.warn_codes(),
        ])?;
        n += 1;
    }
    Ok(n)
}

fn spec_for(book_type: BookType, field: &str) -> Result<&'static FieldSpec> {
    book_type.spec().field(field).ok_or_else(|| CoreError::invalid(field, format!("trường không có trong mẫu sổ {book_type}")))
}

/// Writes one field inside an open transaction; returns false when nothing changed.
pub(crate) fn put_field(w: &Writer, entry_id: i64, book_type: BookType, fv: &FieldValue, history: bool) -> Result<bool> {
    let spec = spec_for(book_type, &fv.field)?;
    let d = derive(spec, &fv.value);
    let old: Option<(String, bool)> =
        w.tx.prepare_cached("SELECT value, illegible FROM entry_field WHERE entry_id = ?1 AND field = ?2")?
            .query_row(params![entry_id, fv.field], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
    if let Some((ov, oi)) = &old {
        if *ov == d.value && *oi == fv.illegible {
            return Ok(false);
        }
    } else if d.value.is_empty() && !fv.illegible {
        return Ok(false);
    }
    let now = crate::clock::now();
    let user = &w.user.username;
    if d.value.is_empty() && !fv.illegible {
        w.tx.prepare_cached("DELETE FROM entry_field WHERE entry_id = ?1 AND field = ?2")?.execute(params![entry_id, fv.field])?;
    } else {
        w.tx.prepare_cached(
            "INSERT INTO entry_field(entry_id, field, value, norm, fold, date_y, date_m, date_d, illegible, updated_at, updated_by,
               date_approx, date_lunar, date_solar, date_suggest, date_warn)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT(entry_id, field) DO UPDATE SET value = excluded.value, norm = excluded.norm, fold = excluded.fold,
               date_y = excluded.date_y, date_m = excluded.date_m, date_d = excluded.date_d, illegible = excluded.illegible,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by, date_approx = excluded.date_approx,
               date_lunar = excluded.date_lunar, date_solar = excluded.date_solar, date_suggest = excluded.date_suggest,
               date_warn = excluded.date_warn",
        )?
        .execute(params![
            entry_id,
            fv.field,
            d.value,
            d.norm,
            d.fold,
            d.date.certain.as_ref().map(|x| x.year),
            d.date.certain.as_ref().and_then(|x| x.month),
            d.date.certain.as_ref().and_then(|x| x.day),
            fv.illegible,
            now,
            user,
            d.date.approx,
            d.date.lunar,
            d.date.solar,
            d.date.suggest_json(),
            d.date.warn_codes(),
        ])?;
    }
    if matches!(fv.field.as_str(), "so" | "quyenSo") {
        sync_seqkey(w, entry_id, &fv.field, (!d.value.is_empty()).then_some(d.value.as_str()))?;
    }
    if history {
        w.tx.prepare_cached(
            "INSERT INTO entry_field_history(entry_id, field, old_value, new_value, old_illegible, new_illegible, at, by_user)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            entry_id,
            fv.field,
            old.as_ref().map(|o| &o.0),
            d.value,
            old.as_ref().map(|o| o.1),
            fv.illegible,
            now,
            user
        ])?;
    }
    Ok(true)
}

/// `entry_seqkey` (migration 0004) mirrors each entry's `so` and `quyenSo` for the book
/// sequence checks; every write of those two fields goes through here or `put_new_fields`.
fn sync_seqkey(w: &Writer, entry_id: i64, field: &str, value: Option<&str>) -> Result<()> {
    let sql = if field == "so" {
        "INSERT INTO entry_seqkey(entry_id, so) VALUES (?1, ?2) ON CONFLICT(entry_id) DO UPDATE SET so = excluded.so"
    } else {
        "INSERT INTO entry_seqkey(entry_id, quyen) VALUES (?1, ?2) ON CONFLICT(entry_id) DO UPDATE SET quyen = excluded.quyen"
    };
    w.tx.prepare_cached(sql)?.execute(params![entry_id, value])?;
    Ok(())
}

pub(crate) fn touch(w: &Writer, entry_id: i64) -> Result<()> {
    w.tx.execute(
        "UPDATE entry SET version = version + 1, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![entry_id, crate::clock::now(), w.user.username],
    )?;
    Ok(())
}

/// Creates an entry at the end of the book with the given fields (status `draft`), keyed from
/// the scan `page_id` when given. Refused when a field is not in the book type's template or the
/// page belongs to another book.
pub fn create(w: &Writer, book_id: i64, fields: &[FieldValue], page_id: Option<i64>) -> Result<i64> {
    let book_type = super::book::book_type_of(w.tx, book_id)?;
    for f in fields {
        spec_for(book_type, &f.field)?;
    }
    if let Some(p) = page_id {
        let of: Option<i64> = w.tx.query_row("SELECT book_id FROM page WHERE id = ?1", [p], |r| r.get(0)).optional()?;
        match of {
            Some(b) if b == book_id => {}
            Some(_) => return Err(CoreError::invalid("pageId", "trang ảnh không thuộc sổ này")),
            None => return Err(CoreError::NotFound(format!("trang ảnh {p}"))),
        }
    }
    insert_entry(w, book_id, book_type, fields, EntryStatus::Draft, page_id)
}

/// Sets one field (autosave). Refused when the entry is frozen (submitted/accepted/exported).
pub fn set_field(w: &Writer, entry_id: i64, fv: &FieldValue) -> Result<bool> {
    let (book_type, status) = type_status(w.tx, entry_id)?;
    if !status.is_editable() {
        return Err(CoreError::Conflict(format!("bản ghi đang ở trạng thái “{}”, không sửa được", status.label_vi())));
    }
    let changed = put_field(w, entry_id, book_type, fv, true)?;
    if changed {
        touch(w, entry_id)?;
        w.audit("entry.field", "entry", Some(&entry_id.to_string()), serde_json::json!({"field": fv.field, "illegible": fv.illegible}))?;
    }
    Ok(changed)
}

/// Moves an entry to status `to` if `actor` may make that transition (no change when it is
/// already there).
pub fn set_status(w: &Writer, entry_id: i64, to: EntryStatus, actor: Actor) -> Result<()> {
    let (_, from) = type_status(w.tx, entry_id)?;
    if from == to {
        return Ok(());
    }
    if !from.can_move_to(to, actor) {
        return Err(CoreError::Conflict(format!("không thể chuyển từ “{}” sang “{}”", from.label_vi(), to.label_vi())));
    }
    set_status_in(w, entry_id, from, to)
}

/// One entry with its fields in template order.
pub fn get(conn: &Connection, entry_id: i64) -> Result<Entry> {
    let mut e = conn
        .query_row(
            "SELECT e.id, e.book_id, b.book_type, e.seq, e.page_id, e.status, e.version, e.updated_at, e.updated_by
                 FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1",
            [entry_id],
            |r| {
                Ok(Entry {
                    id: r.get(0)?,
                    book_id: r.get(1)?,
                    book_type: r.get(2)?,
                    seq: r.get(3)?,
                    page_id: r.get(4)?,
                    status: r.get::<_, String>(5)?.parse().unwrap_or(EntryStatus::Draft),
                    version: r.get(6)?,
                    updated_at: r.get(7)?,
                    updated_by: r.get(8)?,
                    fields: vec![],
                    title: None,
                    editable: false,
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let mut st = conn.prepare_cached("SELECT field, value, illegible FROM entry_field WHERE entry_id = ?1")?;
    let mut fields: Vec<FieldValue> = st
        .query_map([entry_id], |r| Ok(FieldValue { field: r.get(0)?, value: r.get(1)?, illegible: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let spec = e.book_type.spec();
    fields.sort_by_key(|f| spec.fields.iter().position(|s| s.name == f.field).unwrap_or(usize::MAX));
    e.title = title(e.book_type, |f| legible(&fields, f));
    e.editable = e.status.is_editable();
    e.fields = fields;
    Ok(e)
}

/// The entries of a book in book order.
pub fn ids(conn: &Connection, book_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT id FROM entry WHERE book_id = ?1 ORDER BY seq")?;
    let ids = st.query_map([book_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn type_status(conn: &Connection, entry_id: i64) -> Result<(BookType, EntryStatus)> {
    let (t, s): (BookType, String) = conn
        .query_row("SELECT b.book_type, e.status FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1", [entry_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    Ok((t, s.parse()?))
}

/// Inserts an entry with its fields and any status (a batch import creates submitted entries).
/// Field names must have been checked against the book type.
pub(crate) fn insert_entry(
    w: &Writer,
    book_id: i64,
    book_type: BookType,
    fields: &[FieldValue],
    status: EntryStatus,
    page_id: Option<i64>,
) -> Result<i64> {
    let id = insert_entry_with(w, book_id, book_type, fields, status, page_id, None, &mut KeyMemo::default())?;
    w.audit(
        "entry.create",
        "entry",
        Some(&id.to_string()),
        serde_json::json!({"bookId": book_id, "fields": fields.len(), "status": status.as_str()}),
    )?;
    Ok(id)
}

/// Comparison keys already computed during one bulk load (names, places, ethnic groups and
/// signers repeat): shared, not copied, by every row that holds the same value.
#[derive(Default)]
pub(crate) struct KeyMemo(std::collections::HashMap<String, StoredKeys>);

/// `norm` (None when equal to `fold`, migration 0021) and `fold` of a value.
type StoredKeys = (Option<Arc<str>>, Arc<str>);

fn stored_keys(value: &str) -> StoredKeys {
    let (norm, fold) = crate::text::keys(value);
    (stored_norm(norm, &fold).map(Arc::from), Arc::from(fold))
}

impl KeyMemo {
    fn keys(&mut self, value: &str) -> StoredKeys {
        if let Some(k) = self.0.get(value) {
            return k.clone();
        }
        let k = stored_keys(value);
        if self.0.len() < 200_000 {
            self.0.insert(value.to_string(), k.clone());
        }
        k
    }
}

/// The `entry_field` rows of a new entry, worked out before its write transaction (stored value,
/// comparison keys, date parts): a bulk load prepares them outside the write lock, so the
/// transaction only inserts. Empty values that are not marked illegible are skipped and a field
/// given twice keeps its last value (as `put_field` does).
pub(crate) struct NewEntryRows {
    rows: Vec<NewFieldRow>,
    so: Option<String>,
    quyen: Option<String>,
    /// The first `trangSo` as written (trimmed): the page the entry is linked to when it exists.
    trang: Option<String>,
}

struct NewFieldRow {
    field: &'static str,
    value: String,
    norm: Option<Arc<str>>,
    fold: Option<Arc<str>>,
    date: StoredDate,
    illegible: bool,
}

/// The stored form of a value ([`crate::text::stored`]), moved rather than copied when it is
/// already trimmed and in NFC (nearly every value of a file).
fn stored_owned(v: String) -> String {
    let stored = v.len() == v.trim().len()
        && (v.is_ascii() || unicode_normalization::is_nfc_quick(v.chars()) == unicode_normalization::IsNormalized::Yes);
    if stored {
        v
    } else {
        crate::text::stored(&v)
    }
}

/// [`NewEntryRows`] of `fields`, whose values it takes (see [`NewEntryRows`]).
pub(crate) fn new_entry_rows(book_type: BookType, fields: Vec<FieldValue>, memo: &mut KeyMemo) -> Result<NewEntryRows> {
    let (mut so, mut quyen): (Option<String>, Option<String>) = (None, None);
    let trang = fields.iter().find(|f| f.field == "trangSo").map(|f| f.value.trim().to_string());
    let last: Vec<bool> = (0..fields.len()).map(|i| !fields[i + 1..].iter().any(|later| later.field == fields[i].field)).collect();
    let mut rows = Vec::with_capacity(fields.len());
    for (fv, last) in fields.into_iter().zip(last) {
        if !last {
            continue;
        }
        let spec = spec_for(book_type, &fv.field)?;
        let value = stored_owned(fv.value);
        if value.is_empty() && !fv.illegible {
            continue;
        }
        match spec.name.as_str() {
            "so" if !value.is_empty() => so = Some(value.clone()),
            "quyenSo" if !value.is_empty() => quyen = Some(value.clone()),
            _ => {}
        }
        let (norm, fold, date) = match spec.kind {
            FieldKind::Name | FieldKind::Place | FieldKind::Ethnicity | FieldKind::Nationality => {
                let (n, f) = memo.keys(&value);
                (n, Some(f), StoredDate::default())
            }
            FieldKind::Date => (None, None, StoredDate::read(&value)),
            _ => (None, None, StoredDate::default()),
        };
        rows.push(NewFieldRow { field: spec.name.as_str(), value, norm, fold, date, illegible: fv.illegible });
    }
    Ok(NewEntryRows { rows, so, quyen, trang })
}

/// Inserts the prepared field rows of an entry just inserted: nothing to compare with and no
/// history, so no lookup of old values and plain inserts (no statement journal). `updated_at` /
/// `updated_by` stay NULL: written with the entry, at its `created_at` by its `created_by`
/// (migration 0021).
fn insert_new_rows(w: &Writer, entry_id: i64, r: &NewEntryRows) -> Result<()> {
    let mut st = w.tx.prepare_cached(
        "INSERT INTO entry_field(entry_id, field, value, norm, fold, date_y, date_m, date_d, illegible,
           date_approx, date_lunar, date_solar, date_suggest, date_warn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for f in &r.rows {
        st.execute(params![
            entry_id,
            f.field,
            f.value,
            f.norm.as_deref(),
            f.fold.as_deref(),
            f.date.certain.as_ref().map(|x| x.year),
            f.date.certain.as_ref().and_then(|x| x.month),
            f.date.certain.as_ref().and_then(|x| x.day),
            f.illegible,
            f.date.approx,
            f.date.lunar,
            f.date.solar,
            f.date.suggest_json(),
            f.date.warn_codes(),
        ])?;
    }
    if r.so.is_some() || r.quyen.is_some() {
        w.tx.prepare_cached("INSERT INTO entry_seqkey(entry_id, so, quyen) VALUES (?1, ?2, ?3)")?
            .execute(params![entry_id, r.so, r.quyen])?;
    }
    Ok(())
}

/// The fields of an entry just inserted (see [`new_entry_rows`], [`insert_new_rows`]).
fn put_new_fields(w: &Writer, entry_id: i64, book_type: BookType, fields: &[FieldValue], memo: &mut KeyMemo) -> Result<()> {
    insert_new_rows(w, entry_id, &new_entry_rows(book_type, fields.to_vec(), memo)?)
}

fn next_seq(w: &Writer, book_id: i64) -> Result<i64> {
    Ok(w.tx.prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM entry WHERE book_id = ?1")?.query_row([book_id], |r| r.get(0))?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_entry_with(
    w: &Writer,
    book_id: i64,
    book_type: BookType,
    fields: &[FieldValue],
    status: EntryStatus,
    page_id: Option<i64>,
    seq: Option<i64>,
    memo: &mut KeyMemo,
) -> Result<i64> {
    let now = crate::clock::now();
    let seq: i64 = match seq {
        Some(s) => s,
        None => next_seq(w, book_id)?,
    };
    w.tx.prepare_cached(
        "INSERT INTO entry(book_id, seq, page_id, status, created_at, created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
    )?
    .execute(params![book_id, seq, page_id, status.as_str(), now, w.user.username])?;
    let id = w.tx.last_insert_rowid();
    count_created(w, book_id, status.as_str(), &now, 1)?;
    put_new_fields(w, id, book_type, fields, memo)?;
    Ok(id)
}

/// Counts `n` entries created in a book with a status in the day's progress (`progress_day`,
/// the day in Vietnam's time as migration 0003's triggers count it). Every entry is created by
/// this module, which counts it here in the same transaction (migration 0022: no insert
/// trigger); status changes and deletions are still counted by triggers.
fn count_created(w: &Writer, book_id: i64, status: &str, created_at: &str, n: usize) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO progress_day(day, book_id, status, delta) VALUES (date(?1, '+7 hours'), ?2, ?3, ?4)
         ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta + excluded.delta",
    )?
    .execute(params![created_at, book_id, status, n as i64])?;
    Ok(())
}

pub(crate) fn set_status_in(w: &Writer, entry_id: i64, from: EntryStatus, to: EntryStatus) -> Result<()> {
    w.tx.execute(
        "UPDATE entry SET status = ?2, version = version + 1, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![entry_id, to.as_str(), crate::clock::now(), w.user.username],
    )?;
    w.audit("entry.status", "entry", Some(&entry_id.to_string()), serde_json::json!({"from": from.as_str(), "to": to.as_str()}))?;
    Ok(())
}

/// One entry to load in bulk (imports, the demo workspace).
#[derive(Debug, Clone)]
pub struct LoadEntry {
    pub fields: Vec<FieldValue>,
    pub status: EntryStatus,
}

/// Loads many entries into a book (all or nothing: one transaction), linking each entry to the
/// page whose number equals its `trangSo` when that page exists. `source` names where the
/// entries came from for the audit log. Field names must belong to the book type.
pub fn load(w: &Writer, book_id: i64, entries: &[LoadEntry], source: &str) -> Result<Vec<i64>> {
    let book_type = super::book::book_type_of(w.tx, book_id)?;
    for e in entries {
        for f in &e.fields {
            spec_for(book_type, &f.field)?;
        }
    }
    load_entries_in(w, book_id, book_type, entries, source)
}

/// The body of [`load`] once the field names have been checked against the book type (the
/// importer checks them while reading the file).
pub(crate) fn load_entries_in(w: &Writer, book_id: i64, book_type: BookType, entries: &[LoadEntry], source: &str) -> Result<Vec<i64>> {
    let mut memo = KeyMemo::default();
    let rows =
        entries.iter().map(|e| Ok((e.status, new_entry_rows(book_type, e.fields.clone(), &mut memo)?))).collect::<Result<Vec<_>>>()?;
    let mut loader = BookLoader::open(w, book_id)?;
    let now = crate::clock::now();
    for (status, r) in &rows {
        loader.insert(w, *status, r, &now)?;
    }
    loader.audit(w, source)
}

/// Inserts prepared entries at the end of a book inside one write transaction, numbering them
/// after the book's last entry and linking each to the page whose number equals its `trangSo`
/// when that page exists; [`BookLoader::audit`] then writes the one audit row of the load.
pub(crate) struct BookLoader {
    book_id: i64,
    pages: std::collections::HashMap<String, i64>,
    next: i64,
    ids: Vec<i64>,
    by_status: std::collections::BTreeMap<&'static str, usize>,
    /// Entries inserted but not yet counted in `progress_day`, and the time they were created at.
    uncounted: std::collections::BTreeMap<&'static str, usize>,
    created_at: String,
}

impl BookLoader {
    pub(crate) fn open(w: &Writer, book_id: i64) -> Result<BookLoader> {
        let pages: std::collections::HashMap<String, i64> = {
            let mut st = w.tx.prepare_cached("SELECT seq, id FROM page WHERE book_id = ?1")?;
            let rows = st.query_map([book_id], |r| Ok((r.get::<_, i64>(0)?.to_string(), r.get::<_, i64>(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let next = next_seq(w, book_id)?;
        Ok(BookLoader {
            book_id,
            pages,
            next,
            ids: Vec::new(),
            by_status: Default::default(),
            uncounted: Default::default(),
            created_at: String::new(),
        })
    }

    pub(crate) fn insert(&mut self, w: &Writer, status: EntryStatus, rows: &NewEntryRows, now: &str) -> Result<i64> {
        let page = rows.trang.as_deref().and_then(|t| self.pages.get(t).copied());
        w.tx.prepare_cached(
            "INSERT INTO entry(book_id, seq, page_id, status, created_at, created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
        )?
        .execute(params![self.book_id, self.next, page, status.as_str(), now, w.user.username])?;
        let id = w.tx.last_insert_rowid();
        insert_new_rows(w, id, rows)?;
        self.next += 1;
        self.ids.push(id);
        *self.by_status.entry(status.as_str()).or_default() += 1;
        if self.created_at != now {
            self.count(w)?;
            self.created_at = now.to_string();
        }
        *self.uncounted.entry(status.as_str()).or_default() += 1;
        Ok(id)
    }

    /// Counts the entries inserted since the last count in `progress_day`: one row per status
    /// rather than one per entry ([`count_created`]).
    fn count(&mut self, w: &Writer) -> Result<()> {
        for (status, n) in std::mem::take(&mut self.uncounted) {
            count_created(w, self.book_id, status, &self.created_at, n)?;
        }
        Ok(())
    }

    /// Entries inserted so far.
    pub(crate) fn loaded(&self) -> usize {
        self.ids.len()
    }

    /// One audit row for the whole load (each entry also carries created_by/created_at): the ids
    /// are consecutive, so the range and the count per status say exactly what was created.
    /// Also counts the entries in the day's progress: a load ends with its audit, in the same
    /// transaction.
    pub(crate) fn audit(mut self, w: &Writer, source: &str) -> Result<Vec<i64>> {
        self.count(w)?;
        w.audit(
            "entry.load",
            "register_book",
            Some(&self.book_id.to_string()),
            serde_json::json!({"source": source, "entries": self.ids.len(), "firstId": self.ids.first(), "lastId": self.ids.last(), "statuses": self.by_status}),
        )?;
        Ok(self.ids)
    }
}
