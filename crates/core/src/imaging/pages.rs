//! The scanned pages of a book, as stored in the workspace: attach, list, rotate, reorder,
//! remove, previews. Every change is one transaction with its audit row. The preview (the page
//! at screen size, see [`super::render::make_preview`]) lives in the page row's `thumb` column:
//! derived data, rebuilt from the page at any time, written without an audit row.
use super::document::{split_document, ImportedPage};
use crate::error::{CoreError, Result};
use crate::model;
use crate::session::Session;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A page as the page list shows it (no image bytes).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub id: i64,
    pub book_id: i64,
    /// Position in the book, 1-based and contiguous.
    pub seq: i64,
    pub mime: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Clockwise rotation applied when shown: 0, 90, 180 or 270.
    pub rotation: u16,
    /// The screen-size preview is made (pages open fast; thumbnails come from it).
    pub has_preview: bool,
    pub size_bytes: i64,
    /// Entries keyed from this page.
    pub entries: i64,
}

/// A page's stored image and what rendering needs to know about it. `bytes` and `preview` may
/// be left out (empty / `None`) and read only when needed (see `render::render_with`).
#[derive(Debug, Clone, Default)]
pub struct PageSource {
    pub id: i64,
    pub mime: String,
    pub bytes: Vec<u8>,
    pub rotation: u16,
    pub sha256: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_preview: bool,
    pub preview: Option<Vec<u8>>,
}

/// What attaching a file did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachOutcome {
    /// The new pages, in book order.
    pub pages: Vec<PageInfo>,
    /// Page images already in this book (same bytes), not added again.
    pub duplicates: u32,
}

const PAGE_INFO_SQL: &str = "SELECT p.id, p.book_id, p.seq, p.mime, p.width, p.height, p.rotation, p.thumb IS NOT NULL, length(p.bytes),
        (SELECT count(*) FROM entry e WHERE e.page_id = p.id)
     FROM page p";

fn page_row(r: &rusqlite::Row) -> rusqlite::Result<PageInfo> {
    Ok(PageInfo {
        id: r.get(0)?,
        book_id: r.get(1)?,
        seq: r.get(2)?,
        mime: r.get(3)?,
        width: r.get(4)?,
        height: r.get(5)?,
        rotation: r.get(6)?,
        has_preview: r.get(7)?,
        size_bytes: r.get(8)?,
        entries: r.get(9)?,
    })
}

fn check_rotation(rotation: u16) -> Result<()> {
    if matches!(rotation, 0 | 90 | 180 | 270) {
        Ok(())
    } else {
        Err(CoreError::invalid("rotation", "chỉ xoay được 0, 90, 180 hoặc 270 độ"))
    }
}

/// Splits an attached file into pages (JPEG/PNG/TIFF/PDF, see [`split_document`]) and appends
/// them at the end of the book in one transaction. Pages whose bytes are already in the book
/// are skipped and counted.
pub fn attach_document(s: &mut Session, book_id: i64, file_name: &str, bytes: &[u8]) -> Result<AttachOutcome> {
    model::book::book_type_of(s.conn(), book_id)?;
    let pages = split_document(file_name, bytes)?;
    attach_pages(s, book_id, &pages)
}

/// Appends already split pages at the end of the book in one transaction.
pub fn attach_pages(s: &mut Session, book_id: i64, pages: &[ImportedPage]) -> Result<AttachOutcome> {
    model::book::book_type_of(s.conn(), book_id)?;
    for p in pages {
        check_rotation(p.rotation)?;
    }
    let (ids, duplicates) = s.write(|w| {
        let mut ids = Vec::new();
        let mut duplicates = 0;
        for p in pages {
            let sha = hex::encode(Sha256::digest(&p.bytes));
            let exists: bool =
                w.tx.query_row("SELECT EXISTS(SELECT 1 FROM page WHERE book_id = ?1 AND sha256 = ?2)", params![book_id, sha], |r| {
                    r.get(0)
                })?;
            if exists {
                duplicates += 1;
                continue;
            }
            let seq: i64 = w.tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM page WHERE book_id = ?1", [book_id], |r| r.get(0))?;
            w.tx.execute(
                "INSERT INTO page(book_id, seq, rotation, mime, width, height, sha256, bytes, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![book_id, seq, p.rotation, p.mime, p.width, p.height, sha, p.bytes, crate::clock::now(), w.user.username],
            )?;
            let id = w.tx.last_insert_rowid();
            w.audit(
                "page.add",
                "page",
                Some(&id.to_string()),
                serde_json::json!({"bookId": book_id, "seq": seq, "sha256": sha, "how": p.how, "sourcePage": p.source_page}),
            )?;
            ids.push(id);
        }
        Ok((ids, duplicates))
    })?;
    let pages = list_pages(s.conn(), book_id)?.into_iter().filter(|p| ids.contains(&p.id)).collect();
    Ok(AttachOutcome { pages, duplicates })
}

/// The pages of a book in order.
pub fn list_pages(conn: &Connection, book_id: i64) -> Result<Vec<PageInfo>> {
    model::book::book_type_of(conn, book_id)?;
    let mut st = conn.prepare_cached(&format!("{PAGE_INFO_SQL} WHERE p.book_id = ?1 ORDER BY p.seq"))?;
    let rows = st.query_map([book_id], page_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn page_info(conn: &Connection, page_id: i64) -> Result<PageInfo> {
    conn.query_row(&format!("{PAGE_INFO_SQL} WHERE p.id = ?1"), [page_id], page_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("trang ảnh {page_id}")))
}

/// The stored image of a page with its preview, if made (for rendering outside the session lock).
pub fn page_source(conn: &Connection, page_id: i64) -> Result<PageSource> {
    conn.query_row("SELECT id, mime, bytes, rotation, sha256, width, height, thumb FROM page WHERE id = ?1", [page_id], |r| {
        let preview: Option<Vec<u8>> = r.get(7)?;
        Ok(PageSource {
            id: r.get(0)?,
            mime: r.get(1)?,
            bytes: r.get(2)?,
            rotation: r.get(3)?,
            sha256: r.get(4)?,
            width: r.get(5)?,
            height: r.get(6)?,
            has_preview: preview.is_some(),
            preview,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::NotFound(format!("trang ảnh {page_id}")))
}

/// A page's rendering facts without its image bytes or preview: for
/// [`super::render::render_with`], which reads them only when it must.
pub fn page_meta(conn: &Connection, page_id: i64) -> Result<PageSource> {
    conn.prepare_cached("SELECT id, mime, rotation, sha256, width, height, thumb IS NOT NULL FROM page WHERE id = ?1")?
        .query_row([page_id], |r| {
            Ok(PageSource {
                id: r.get(0)?,
                mime: r.get(1)?,
                rotation: r.get(2)?,
                sha256: r.get(3)?,
                width: r.get(4)?,
                height: r.get(5)?,
                has_preview: r.get(6)?,
                ..PageSource::default()
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("trang ảnh {page_id}")))
}

/// Sets how a page is turned (clockwise degrees). The preview is kept (it is unrotated).
pub fn rotate_page(s: &mut Session, page_id: i64, rotation: u16) -> Result<PageInfo> {
    check_rotation(rotation)?;
    let before = page_info(s.conn(), page_id)?;
    if before.rotation != rotation {
        s.write(|w| {
            w.tx.execute("UPDATE page SET rotation = ?2 WHERE id = ?1", params![page_id, rotation])?;
            w.audit("page.rotate", "page", Some(&page_id.to_string()), serde_json::json!({"from": before.rotation, "to": rotation}))?;
            Ok(())
        })?;
    }
    page_info(s.conn(), page_id)
}

/// Moves a page to position `to_seq` (1-based, clamped) and renumbers the book's pages 1..n.
pub fn move_page(s: &mut Session, page_id: i64, to_seq: i64) -> Result<Vec<PageInfo>> {
    let page = page_info(s.conn(), page_id)?;
    let mut order: Vec<i64> = list_pages(s.conn(), page.book_id)?.into_iter().map(|p| p.id).collect();
    let from = order.iter().position(|id| *id == page_id).unwrap_or(0);
    order.remove(from);
    let to = (to_seq.max(1) as usize - 1).min(order.len());
    order.insert(to, page_id);
    if from != to {
        s.write(|w| {
            renumber(w.tx, page.book_id, &order)?;
            w.audit("page.move", "page", Some(&page_id.to_string()), serde_json::json!({"from": from + 1, "to": to + 1}))?;
            Ok(())
        })?;
    }
    list_pages(s.conn(), page.book_id)
}

/// Removes a page attached by mistake; entries keyed from it keep their data (and lose the
/// link to the image). The remaining pages are renumbered 1..n.
pub fn remove_page(s: &mut Session, page_id: i64) -> Result<Vec<PageInfo>> {
    let page = page_info(s.conn(), page_id)?;
    let order: Vec<i64> = list_pages(s.conn(), page.book_id)?.into_iter().map(|p| p.id).filter(|id| *id != page_id).collect();
    let sha: String = s.conn().query_row("SELECT sha256 FROM page WHERE id = ?1", [page_id], |r| r.get(0))?;
    s.write(|w| {
        w.tx.execute("UPDATE entry SET page_id = NULL WHERE page_id = ?1", [page_id])?;
        w.tx.execute("DELETE FROM page WHERE id = ?1", [page_id])?;
        renumber(w.tx, page.book_id, &order)?;
        w.audit(
            "page.remove",
            "page",
            Some(&page_id.to_string()),
            serde_json::json!({"bookId": page.book_id, "seq": page.seq, "sha256": sha}),
        )?;
        Ok(())
    })?;
    list_pages(s.conn(), page.book_id)
}

/// The stored preview, if it is made.
pub fn page_preview(conn: &Connection, page_id: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn.query_row("SELECT thumb FROM page WHERE id = ?1", [page_id], |r| r.get::<_, Option<Vec<u8>>>(0)).optional()?.flatten())
}

/// Pages of a book whose preview is not made yet, in order.
pub fn pages_without_preview(conn: &Connection, book_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT id FROM page WHERE book_id = ?1 AND thumb IS NULL ORDER BY seq")?;
    let ids = st.query_map([book_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Stores the preview made from the page whose bytes hash to `sha256`; false (nothing
/// stored) when the page is gone or is not that image.
pub fn store_preview(s: &mut Session, page_id: i64, sha256: &str, preview: &[u8]) -> Result<bool> {
    // Derived data: no audit row (the page itself is audited when added).
    s.write(|w| {
        let n = w.tx.execute("UPDATE page SET thumb = ?3 WHERE id = ?1 AND sha256 = ?2", params![page_id, sha256, preview])?;
        Ok(n == 1)
    })
}

/// Gives the pages of a book the positions 1..n in `order` (two passes: `UNIQUE(book_id, seq)`).
fn renumber(tx: &rusqlite::Transaction, book_id: i64, order: &[i64]) -> Result<()> {
    tx.execute("UPDATE page SET seq = -seq WHERE book_id = ?1", [book_id])?;
    let mut st = tx.prepare_cached("UPDATE page SET seq = ?2 WHERE id = ?1")?;
    for (i, id) in order.iter().enumerate() {
        st.execute(params![id, i as i64 + 1])?;
    }
    Ok(())
}
