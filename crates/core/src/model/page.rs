//! Scanned pages of a book. Image bytes are stored inside the encrypted database.
use crate::error::{CoreError, Result};
use crate::session::Writer;
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct NewPage<'a> {
    pub bytes: &'a [u8],
    pub mime: &'a str,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Appends a page image at the end of the book.
pub fn add(w: &Writer, book_id: i64, page: NewPage) -> Result<i64> {
    add_at(w, book_id, None, page)
}

/// Adds a page image as page number `seq` of the book (scans of a book are often partial:
/// pages 1, 2, 69, 70), or at the end when `seq` is None. A page number can hold one image.
pub fn add_at(w: &Writer, book_id: i64, seq: Option<u32>, page: NewPage) -> Result<i64> {
    if !matches!(page.mime, "image/jpeg" | "image/png" | "image/tiff" | "application/pdf") {
        return Err(CoreError::invalid("mime", format!("định dạng ảnh không hỗ trợ: {}", page.mime)));
    }
    super::book::book_type_of(w.tx, book_id)?;
    let seq: i64 = match seq {
        Some(s) => s as i64,
        None => w.tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM page WHERE book_id = ?1", [book_id], |r| r.get(0))?,
    };
    let taken: bool =
        w.tx.query_row("SELECT count(*) > 0 FROM page WHERE book_id = ?1 AND seq = ?2", params![book_id, seq], |r| r.get(0))?;
    if taken {
        return Err(CoreError::Conflict(format!("trang {seq} của sổ đã có ảnh")));
    }
    let sha = hex::encode(Sha256::digest(page.bytes));
    w.tx.execute(
        "INSERT INTO page(book_id, seq, mime, width, height, sha256, bytes, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![book_id, seq, page.mime, page.width, page.height, sha, page.bytes, crate::clock::now(), w.user.username],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit("page.add", "page", Some(&id.to_string()), serde_json::json!({"bookId": book_id, "seq": seq, "sha256": sha}))?;
    Ok(id)
}

/// A page's image as stored: its MIME type and bytes.
pub fn bytes(conn: &Connection, page_id: i64) -> Result<(String, Vec<u8>)> {
    conn.query_row("SELECT mime, bytes FROM page WHERE id = ?1", [page_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|_| CoreError::NotFound(format!("trang ảnh {page_id}")))
}

/// The pages an entry spans, in order: its own page (`entry.page_id`, the page `trangSo` names)
/// first, then the pages added to it (the entry continued overleaf, a margin note elsewhere).
pub fn entry_pages(conn: &Connection, entry_id: i64) -> Result<Vec<i64>> {
    let first: Option<i64> = conn
        .query_row("SELECT page_id FROM entry WHERE id = ?1", [entry_id], |r| r.get(0))
        .map_err(|_| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let mut st = conn.prepare_cached("SELECT page_id FROM entry_page WHERE entry_id = ?1 ORDER BY ord, page_id")?;
    let more = st.query_map([entry_id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: Vec<i64> = first.into_iter().collect();
    for p in more {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// Adds a page of the same book to the pages an entry spans (after the ones it has). Adding the
/// entry's own page or one it already spans changes nothing. Refused once the entry is frozen.
pub fn add_entry_page(w: &Writer, entry_id: i64, page_id: i64) -> Result<bool> {
    let (entry_book, status, first): (i64, String, Option<i64>) =
        w.tx.query_row("SELECT book_id, status, page_id FROM entry WHERE id = ?1", [entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|_| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let status: crate::EntryStatus = status.parse()?;
    if !status.is_editable() {
        return Err(CoreError::Conflict(format!("bản ghi đang ở trạng thái “{}”, không sửa được", status.label_vi())));
    }
    let page_book: i64 =
        w.tx.query_row("SELECT book_id FROM page WHERE id = ?1", [page_id], |r| r.get(0))
            .map_err(|_| CoreError::NotFound(format!("trang ảnh {page_id}")))?;
    if page_book != entry_book {
        return Err(CoreError::invalid("pageId", "trang ảnh không thuộc sổ này"));
    }
    if first == Some(page_id) || entry_pages(w.tx, entry_id)?.contains(&page_id) {
        return Ok(false);
    }
    if first.is_none() {
        w.tx.execute("UPDATE entry SET page_id = ?2 WHERE id = ?1", params![entry_id, page_id])?;
    } else {
        let ord: i64 = w.tx.query_row("SELECT coalesce(max(ord), 0) + 1 FROM entry_page WHERE entry_id = ?1", [entry_id], |r| r.get(0))?;
        w.tx.execute("INSERT INTO entry_page(entry_id, page_id, ord) VALUES (?1, ?2, ?3)", params![entry_id, page_id, ord])?;
    }
    crate::model::entry::touch(w, entry_id)?;
    w.audit("entry.page", "entry", Some(&entry_id.to_string()), serde_json::json!({"pageId": page_id, "added": true}))?;
    Ok(true)
}

/// Removes a page added with [`add_entry_page`] (not the entry's own page).
pub fn remove_entry_page(w: &Writer, entry_id: i64, page_id: i64) -> Result<bool> {
    let status: String =
        w.tx.query_row("SELECT status FROM entry WHERE id = ?1", [entry_id], |r| r.get(0))
            .map_err(|_| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let status: crate::EntryStatus = status.parse()?;
    if !status.is_editable() {
        return Err(CoreError::Conflict(format!("bản ghi đang ở trạng thái “{}”, không sửa được", status.label_vi())));
    }
    let n = w.tx.execute("DELETE FROM entry_page WHERE entry_id = ?1 AND page_id = ?2", params![entry_id, page_id])?;
    if n > 0 {
        crate::model::entry::touch(w, entry_id)?;
        w.audit("entry.page", "entry", Some(&entry_id.to_string()), serde_json::json!({"pageId": page_id, "added": false}))?;
    }
    Ok(n > 0)
}
