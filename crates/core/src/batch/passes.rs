//! The clerks' two check passes before a book goes to the supervisor (issue 12 §3): a self check
//! by the keyer and a second check by another account. Each pass is a `check_pass` row; the
//! fields changed during it are read from the entries' field history (`entry_field_history`,
//! rows by the pass's user between its start and its finish), so the diff history is the one the
//! keying screen already keeps.
use crate::error::{CoreError, Result};
use crate::session::Session;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassKind {
    /// The keyer checks their own book.
    #[serde(rename = "self")]
    SelfCheck,
    /// Another account checks it.
    Second,
}

impl PassKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PassKind::SelfCheck => "self",
            PassKind::Second => "second",
        }
    }
    pub fn parse(s: &str) -> Result<PassKind> {
        match s {
            "self" => Ok(PassKind::SelfCheck),
            "second" => Ok(PassKind::Second),
            _ => Err(CoreError::invalid("lượt kiểm tra", format!("“{s}” không phải self hoặc second"))),
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPass {
    pub id: i64,
    pub book_id: i64,
    pub kind: String,
    pub by_user: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub fields_changed: Option<i64>,
}

/// One field changed during a pass.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PassChange {
    pub entry_id: i64,
    pub seq: i64,
    pub field: String,
    /// The field's label on the form (column map), for the screens.
    pub field_label: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: String,
}

/// The accounts that keyed entries of a book.
fn keyers(conn: &Connection, book_id: i64) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT DISTINCT created_by FROM entry WHERE book_id = ?1")?;
    let rows = st.query_map([book_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Starts a check pass on a book. The rule of the second check: another account than any keyer
/// of the book. One open pass per book at a time.
pub fn start_pass(s: &mut Session, book_id: i64, kind: PassKind) -> Result<CheckPass> {
    let me = s.user().username.clone();
    let keyed_by = keyers(s.conn(), book_id)?;
    if kind == PassKind::Second && keyed_by.contains(&me) {
        return Err(CoreError::Forbidden("lượt kiểm tra thứ hai phải do một tài khoản khác với người đã nhập sổ này thực hiện".into()));
    }
    let open: Option<i64> =
        s.conn().query_row("SELECT id FROM check_pass WHERE book_id = ?1 AND finished_at IS NULL", [book_id], |r| r.get(0)).optional()?;
    if open.is_some() {
        return Err(CoreError::Conflict("sổ này đang có một lượt kiểm tra chưa kết thúc".into()));
    }
    let id = s.write(|w| {
        let from: i64 = w.tx.query_row("SELECT coalesce(max(id), 0) FROM entry_field_history", [], |r| r.get(0))?;
        w.tx.execute(
            "INSERT INTO check_pass(book_id, kind, by_user, started_at, history_from) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![book_id, kind.as_str(), w.user.username, crate::clock::now(), from],
        )?;
        let id = w.tx.last_insert_rowid();
        w.audit("check_pass.start", "register_book", Some(&book_id.to_string()), serde_json::json!({"pass": id, "kind": kind.as_str()}))?;
        Ok(id)
    })?;
    pass(s.conn(), id)
}

/// Finishes a pass (by the account that started it): the fields changed are counted from the history.
pub fn finish_pass(s: &mut Session, pass_id: i64) -> Result<CheckPass> {
    let p = pass(s.conn(), pass_id)?;
    if p.finished_at.is_some() {
        return Err(CoreError::Conflict("lượt kiểm tra này đã kết thúc".into()));
    }
    if p.by_user != s.user().username {
        return Err(CoreError::Forbidden("chỉ người bắt đầu lượt kiểm tra mới kết thúc được".into()));
    }
    s.write(|w| {
        let to: i64 = w.tx.query_row("SELECT coalesce(max(id), 0) FROM entry_field_history", [], |r| r.get(0))?;
        w.tx.execute("UPDATE check_pass SET finished_at = ?2, history_to = ?3 WHERE id = ?1", params![pass_id, crate::clock::now(), to])?;
        // fields whose value differs at the end of the pass from its start (autosave writes
        // every pause in typing; a field typed in several saves counts once, one typed back counts none)
        let changed = pass_changes(w.tx, pass_id)?.len() as i64;
        w.tx.execute("UPDATE check_pass SET fields_changed = ?2 WHERE id = ?1", params![pass_id, changed])?;
        w.audit(
            "check_pass.finish",
            "register_book",
            Some(&p.book_id.to_string()),
            serde_json::json!({"pass": pass_id, "fieldsChanged": changed}),
        )?;
        Ok(())
    })?;
    pass(s.conn(), pass_id)
}

pub fn pass(conn: &Connection, id: i64) -> Result<CheckPass> {
    conn.query_row("SELECT id, book_id, kind, by_user, started_at, finished_at, fields_changed FROM check_pass WHERE id = ?1", [id], |r| {
        Ok(CheckPass {
            id: r.get(0)?,
            book_id: r.get(1)?,
            kind: r.get(2)?,
            by_user: r.get(3)?,
            started_at: r.get(4)?,
            finished_at: r.get(5)?,
            fields_changed: r.get(6)?,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::NotFound(format!("lượt kiểm tra {id}")))
}

/// The passes of a book, oldest first.
pub fn passes(conn: &Connection, book_id: i64) -> Result<Vec<CheckPass>> {
    let ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM check_pass WHERE book_id = ?1 ORDER BY id")?;
        let rows = st.query_map([book_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    ids.into_iter().map(|id| pass(conn, id)).collect()
}

/// Who changed what during a pass (its field-level diff history).
pub fn pass_changes(conn: &Connection, pass_id: i64) -> Result<Vec<PassChange>> {
    let p = pass(conn, pass_id)?;
    // received with the package (supervisor side): the diff stored as it came
    let mut st = conn.prepare_cached(
        "SELECT coalesce((SELECT e.id FROM entry e WHERE e.book_id = ?2 AND e.seq = c.seq), 0), c.seq, c.field, c.old_value, c.new_value, c.at
         FROM check_pass_change c WHERE c.pass_id = ?1 ORDER BY c.ord",
    )?;
    let received = st
        .query_map(params![p.id, p.book_id], |r| {
            Ok(PassChange {
                entry_id: r.get(0)?,
                seq: r.get(1)?,
                field: r.get(2)?,
                field_label: None,
                old_value: r.get(3)?,
                new_value: r.get(4)?,
                at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if !received.is_empty() {
        return labelled(conn, p.book_id, received);
    }
    let mut st = conn.prepare(
        "SELECT h.entry_id, e.seq, h.field, h.old_value, h.new_value, h.at FROM entry_field_history h JOIN entry e ON e.id = h.entry_id
         JOIN check_pass c ON c.id = ?1
         WHERE e.book_id = c.book_id AND h.by_user = c.by_user AND h.id > c.history_from AND (c.history_to IS NULL OR h.id <= c.history_to)
         ORDER BY h.id",
    )?;
    let rows = st.query_map([p.id], |r| {
        Ok(PassChange {
            entry_id: r.get(0)?,
            seq: r.get(1)?,
            field: r.get(2)?,
            field_label: None,
            old_value: r.get(3)?,
            new_value: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    labelled(conn, p.book_id, collapse(rows.collect::<rusqlite::Result<Vec<_>>>()?))
}

/// Names each changed field by its label on the book type's form.
fn labelled(conn: &Connection, book_id: i64, mut changes: Vec<PassChange>) -> Result<Vec<PassChange>> {
    let book_type: Option<crate::BookType> =
        conn.query_row("SELECT book_type FROM register_book WHERE id = ?1", [book_id], |r| r.get(0)).optional()?;
    if let Some(t) = book_type {
        let spec = t.spec();
        for c in &mut changes {
            c.field_label = spec.field(&c.field).map(|f| f.label.clone());
        }
    }
    Ok(changes)
}

/// The diff of a pass from the field history, one change per (entry, field): the value before
/// the pass → the value at its end (autosave records every pause in typing), in the order the
/// fields were first changed; a field typed back to its value drops out.
fn collapse(history: Vec<PassChange>) -> Vec<PassChange> {
    let mut out: Vec<PassChange> = Vec::new();
    let mut at: std::collections::HashMap<(i64, String), usize> = std::collections::HashMap::new();
    for h in history {
        match at.get(&(h.entry_id, h.field.clone())) {
            Some(&i) => {
                out[i].new_value = h.new_value;
                out[i].at = h.at;
            }
            None => {
                at.insert((h.entry_id, h.field.clone()), out.len());
                out.push(h);
            }
        }
    }
    let blank = |v: &Option<String>| v.as_deref().unwrap_or("").to_string();
    out.retain(|c| blank(&c.old_value) != blank(&c.new_value));
    out
}

/// The finished passes of a book as they travel in a batch package (`books.jsonl`).
pub fn pass_records(conn: &Connection, book_id: i64) -> Result<Vec<crate::batch::format::CheckPassRecord>> {
    let mut st = conn.prepare_cached(
        "SELECT id, kind, by_user, started_at, finished_at, fields_changed FROM check_pass WHERE book_id = ?1 AND finished_at IS NOT NULL ORDER BY id",
    )?;
    let rows = st.query_map([book_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            crate::batch::format::CheckPassRecord {
                kind: r.get(1)?,
                by_user: r.get(2)?,
                started_at: r.get(3)?,
                finished_at: r.get(4)?,
                fields_changed: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                changes: vec![],
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut rec) = row?;
        rec.changes = pass_changes(conn, id)?
            .into_iter()
            .map(|c| crate::batch::format::PassChangeRecord {
                seq: c.seq,
                field: c.field,
                old_value: c.old_value,
                new_value: c.new_value,
                at: c.at,
            })
            .collect();
        out.push(rec);
    }
    Ok(out)
}

/// At most this many changed fields are kept per received pass (a package is hostile).
pub const MAX_RECEIVED_CHANGES: usize = 100_000;
const MAX_CHANGE_VALUE_CHARS: usize = 4_000;

/// Supervisor side: the passes received with a book replace those of its earlier version.
pub(crate) fn store_received(w: &crate::session::Writer, book_id: i64, passes: &[crate::batch::format::CheckPassRecord]) -> Result<()> {
    w.tx.execute("DELETE FROM check_pass WHERE book_id = ?1", [book_id])?;
    for p in passes {
        PassKind::parse(&p.kind).map_err(|_| CoreError::invalid("gói", format!("lượt kiểm tra “{}” không hợp lệ", p.kind)))?;
        let too_long = |v: &Option<String>| v.as_ref().is_some_and(|v| v.chars().count() > MAX_CHANGE_VALUE_CHARS);
        if p.changes.len() > MAX_RECEIVED_CHANGES
            || p.changes.iter().any(|c| too_long(&c.old_value) || too_long(&c.new_value) || c.field.len() > 100)
        {
            return Err(CoreError::invalid("gói", "lượt kiểm tra mang quá nhiều thay đổi hoặc giá trị quá dài"));
        }
        w.tx.execute(
            "INSERT INTO check_pass(book_id, kind, by_user, started_at, finished_at, history_from, history_to, fields_changed)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6)",
            params![book_id, p.kind, crate::text::stored(&p.by_user), p.started_at, p.finished_at, p.fields_changed],
        )?;
        let pass_id = w.tx.last_insert_rowid();
        let mut ins = w.tx.prepare_cached(
            "INSERT INTO check_pass_change(pass_id, ord, seq, field, old_value, new_value, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, c) in p.changes.iter().enumerate() {
            ins.execute(params![
                pass_id,
                i as i64,
                c.seq,
                c.field,
                c.old_value.as_deref().map(crate::text::stored),
                c.new_value.as_deref().map(crate::text::stored),
                c.at
            ])?;
        }
    }
    Ok(())
}
