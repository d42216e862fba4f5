//! Register books: the unit of work. A book belongs to the registry (old commune) that kept it.
//! Plain functions: reads take a `&Connection`, writes a `&Writer` (inside `Session::write`).
use crate::error::{CoreError, Result};
use crate::model::book_type::BookType;
use crate::model::column_map::column_map;
use crate::model::status::EntryStatus;
use crate::session::Writer;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryRef {
    /// `gso_pre2025`, `qd19_2025`, or `historic` for units older than coded lists.
    pub scheme: String,
    pub code: Option<String>,
    /// As written on the book.
    pub name: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBook {
    pub book_type: BookType,
    pub registry: RegistryRef,
    pub quyen_so: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub page_count: u32,
    pub expected_entries: Option<u32>,
    pub note: Option<String>,
}

/// A new book as the book dialog sends it (the registry's fields flat beside the book's).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookForm {
    pub book_type: BookType,
    pub registry_name: String,
    pub registry_code: Option<String>,
    pub registry_scheme: String,
    pub quyen_so: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub page_count: u32,
    pub expected_entries: Option<u32>,
    pub note: Option<String>,
}

impl From<BookForm> for NewBook {
    fn from(f: BookForm) -> NewBook {
        NewBook {
            book_type: f.book_type,
            registry: RegistryRef { scheme: f.registry_scheme, code: f.registry_code, name: f.registry_name },
            quyen_so: f.quyen_so,
            year_from: f.year_from,
            year_to: f.year_to,
            page_count: f.page_count,
            expected_entries: f.expected_entries,
            note: f.note,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookSummary {
    pub id: i64,
    pub book_type: BookType,
    pub book_type_name: String,
    pub quyen_so: String,
    pub registry_name: String,
    pub registry_code: Option<String>,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub period_group: String,
    pub page_count: u32,
    pub pages_attached: u32,
    pub expected_entries: Option<u32>,
    pub finished: bool,
    /// Every status, zero included.
    #[cfg_attr(feature = "specta", specta(type = crate::model::status::StatusCounts))]
    pub counts: BTreeMap<String, u32>,
    pub total: u32,
    /// Entries keyed or further along, returned ones included ([`EntryStatus::counts_as_keyed`]):
    /// the same count as progress figures and reports.
    pub keyed: u32,
    /// The check passes the book went through or is in (self check, second check), oldest first:
    /// the book list shows them (issue 12 §3).
    #[serde(default)]
    pub passes: Vec<PassMark>,
}

/// A check pass as the book list shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassMark {
    pub id: i64,
    /// `self` or `second`.
    pub kind: String,
    pub by_user: String,
    pub finished: bool,
    pub fields_changed: Option<i64>,
}

/// Period groups of domain.md §1.2 (the legal regimes books are handled by).
pub fn period_group(year: i32) -> &'static str {
    sohoa_refdata::period_group_for_year(year)
}

/// The id of a registry (inserted on first use); registries are shared by all books they kept.
pub(crate) fn registry_id(conn: &rusqlite::Connection, r: &RegistryRef) -> Result<i64> {
    let name = crate::text::stored(&r.name);
    conn.execute("INSERT INTO registry(scheme, code, name) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", params![r.scheme, r.code, name])?;
    Ok(conn.query_row(
        "SELECT id FROM registry WHERE scheme = ?1 AND code IS ?2 AND name = ?3",
        params![r.scheme, r.code, name],
        |row| row.get(0),
    )?)
}

pub fn validate_new_book(b: &NewBook) -> Result<()> {
    if b.quyen_so.trim().is_empty() {
        return Err(CoreError::invalid("quyenSo", "cần nhập quyển số"));
    }
    if b.registry.name.trim().is_empty() {
        return Err(CoreError::invalid("registry", "cần nhập nơi đăng ký (UBND xã/phường giữ sổ)"));
    }
    let this_year = crate::clock::today_year();
    if !(1900..=this_year).contains(&b.year_from) {
        return Err(CoreError::invalid("yearFrom", format!("năm mở sổ phải trong khoảng 1900–{this_year}")));
    }
    if let Some(to) = b.year_to {
        if to < b.year_from || to > this_year {
            return Err(CoreError::invalid("yearTo", "năm khóa sổ phải sau năm mở sổ"));
        }
    }
    Ok(())
}

/// Creates a book (with its `book.create` audit row); refused when the description is invalid.
pub fn create(w: &Writer, b: &NewBook) -> Result<i64> {
    validate_new_book(b)?;
    let template_version = column_map().version.clone();
    let tx = w.tx;
    let registry_id = registry_id(tx, &b.registry)?;
    let now = crate::clock::now();
    tx.execute(
        "INSERT INTO register_book(book_type, registry_id, quyen_so, year_from, year_to, period_group, page_count,
           expected_entries, template_version, note, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
        params![
            b.book_type,
            registry_id,
            crate::text::stored(&b.quyen_so),
            b.year_from,
            b.year_to,
            period_group(b.year_from),
            b.page_count,
            b.expected_entries,
            template_version,
            b.note.as_deref().map(crate::text::stored),
            now,
            w.user.username
        ],
    )?;
    let id = tx.last_insert_rowid();
    w.audit("book.create", "register_book", Some(&id.to_string()), serde_json::json!({"bookType": b.book_type, "quyenSo": b.quyen_so}))?;
    Ok(id)
}

/// Every book of the workspace with its entries counted by status.
pub fn list(conn: &Connection) -> Result<Vec<BookSummary>> {
    summaries(conn, None)
}

/// One book with its entries counted by status; `not_found` when there is no such book.
pub fn get(conn: &Connection, book_id: i64) -> Result<BookSummary> {
    summaries(conn, Some(book_id))?.pop().ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id}")))
}

fn summaries(conn: &Connection, only: Option<i64>) -> Result<Vec<BookSummary>> {
    let mut counts: BTreeMap<i64, BTreeMap<String, u32>> = BTreeMap::new();
    {
        let mut st =
            conn.prepare("SELECT book_id, status, count(*) FROM entry WHERE ?1 IS NULL OR book_id = ?1 GROUP BY book_id, status")?;
        let rows = st.query_map([only], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?)))?;
        for row in rows {
            let (b, s, n) = row?;
            counts.entry(b).or_default().insert(s, n);
        }
    }
    let mut st = conn.prepare(
        "SELECT b.id, b.book_type, b.quyen_so, r.name, r.code, b.year_from, b.year_to, b.period_group, b.page_count,
                    b.expected_entries, b.finished_at IS NOT NULL, (SELECT count(*) FROM page p WHERE p.book_id = b.id)
             FROM register_book b JOIN registry r ON r.id = b.registry_id
             WHERE (?1 IS NULL OR b.id = ?1)
               AND b.id NOT IN (SELECT rb.book_id FROM import_run_book rb JOIN import_run ir ON ir.id = rb.run_id
                                WHERE ir.state = 'running' AND rb.created = 1)
             ORDER BY b.book_type, b.year_from, b.quyen_so, b.id",
    )?;
    let rows = st.query_map([only], |r| {
        let id: i64 = r.get(0)?;
        let book_type: BookType = r.get(1)?;
        Ok(BookSummary {
            id,
            book_type_name: book_type.spec().name.clone(),
            book_type,
            quyen_so: r.get(2)?,
            registry_name: r.get(3)?,
            registry_code: r.get(4)?,
            year_from: r.get(5)?,
            year_to: r.get(6)?,
            period_group: r.get(7)?,
            page_count: r.get(8)?,
            expected_entries: r.get(9)?,
            finished: r.get(10)?,
            pages_attached: r.get(11)?,
            counts: BTreeMap::new(),
            total: 0,
            keyed: 0,
            passes: Vec::new(),
        })
    })?;
    let mut passes: BTreeMap<i64, Vec<PassMark>> = BTreeMap::new();
    {
        let mut st = conn.prepare(
            "SELECT book_id, id, kind, by_user, finished_at IS NOT NULL, fields_changed FROM check_pass
             WHERE ?1 IS NULL OR book_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                PassMark { id: r.get(1)?, kind: r.get(2)?, by_user: r.get(3)?, finished: r.get(4)?, fields_changed: r.get(5)? },
            ))
        })?;
        for row in rows {
            let (b, p) = row?;
            passes.entry(b).or_default().push(p);
        }
    }
    let mut out = Vec::new();
    for row in rows {
        let mut b = row?;
        let c = counts.remove(&b.id).unwrap_or_default();
        b.passes = passes.remove(&b.id).unwrap_or_default();
        b.counts = EntryStatus::ALL.iter().map(|s| (s.as_str().to_string(), *c.get(s.as_str()).unwrap_or(&0))).collect();
        b.total = c.values().sum();
        b.keyed = EntryStatus::ALL.iter().filter(|s| s.counts_as_keyed()).map(|s| c.get(s.as_str()).copied().unwrap_or(0)).sum();
        out.push(b);
    }
    Ok(out)
}

/// The type of a book; `not_found` when there is no such book.
pub fn book_type_of(conn: &Connection, book_id: i64) -> Result<BookType> {
    conn.query_row("SELECT book_type FROM register_book WHERE id = ?1", [book_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id}")))
}

/// Marks a book finished (every page covered; checked by the keying module before calling).
pub fn set_finished(w: &Writer, book_id: i64, finished: bool) -> Result<()> {
    book_type_of(w.tx, book_id)?;
    let now = crate::clock::now();
    w.tx.execute(
        "UPDATE register_book SET finished_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![book_id, finished, now, w.user.username],
    )?;
    w.audit("book.finished", "register_book", Some(&book_id.to_string()), serde_json::json!({"finished": finished}))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::period_group;

    #[test]
    fn period_groups_follow_the_legal_regimes() {
        assert_eq!(period_group(1968), "<=1975");
        assert_eq!(period_group(1975), "<=1975");
        assert_eq!(period_group(1976), "1976-1998");
        assert_eq!(period_group(1999), "1999-2005");
        assert_eq!(period_group(2006), "2006-2015");
        assert_eq!(period_group(2015), "2006-2015");
        assert_eq!(period_group(2016), "2016-2019");
    }
}
