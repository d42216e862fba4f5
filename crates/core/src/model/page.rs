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
