//! The central upload export (domain.md §2.2, §7.1): for each book with accepted entries, one
//! `.xlsx` in the Ministry template (header row = the camelCase column list of the book type, in
//! order; one row per entry in book order; dates `dd/mm/yyyy`, `mm/yyyy` or `yyyy`; enumeration
//! fields as template codes; every cell a text cell, empty when missing) and one `.zip` holding one
//! PDF per entry built from its page image.
//!
//! Names: `<LOAI>.<maNoiDangKy>.<NamMoSo>.<quyenSo>` for the book (`.xlsx`, `.zip`), and
//! `<LOAI>.<maNoiDangKy>.<NamMoSo>.<quyenSo>.<so>.pdf` per entry (our convention pending the
//! Ministry letter); `/` and other characters unsafe in file names become `-`. A second export of
//! the same book (entries accepted later) gets `_2`, `_3`, … after the book part.
//!
//! Which entries: the book's `accepted` entries. A book whose entries are not all accepted yet is
//! still exported (its accepted entries), and the report says how many were left out. Exported
//! entries move `accepted → exported` (Actor::Upload) in one transaction after both files are
//! complete; files are written under temporary names and renamed at the end.
pub mod pdf;
pub mod xlsx;

use crate::batch::Progress;
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::column_map::column_map;
use crate::model::entry::set_status_in;
use crate::session::Session;
use crate::{Actor, EntryStatus};
use rusqlite::{params, Connection};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct UploadOptions {
    /// Books to export; empty = every book with accepted entries.
    pub books: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadBookResult {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub part: i64,
    pub xlsx: PathBuf,
    pub zip: PathBuf,
    pub entries: u64,
    pub pdfs: u64,
    pub pdf_bytes: u64,
    pub pages: u64,
    /// `so` of entries that have no page image (no PDF for them).
    pub without_image: Vec<String>,
    /// Entries of the book not in this export (not accepted yet).
    pub not_accepted: u64,
}

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UploadReport {
    pub books: Vec<UploadBookResult>,
    /// Books with accepted entries that were left out, and why (no Ministry template for the type).
    pub skipped: Vec<(i64, String)>,
}

/// Makes a string safe as one dot-separated part of a file name.
pub fn name_part(s: &str) -> String {
    let t: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else if c.is_whitespace() {
                '_'
            } else {
                '-'
            }
        })
        .collect();
    let t = t.trim_matches('-').to_string();
    if t.is_empty() {
        "0".into()
    } else {
        t
    }
}

struct BookMeta {
    book_type: crate::BookType,
    quyen_so: String,
    year_from: i32,
    registry_code: Option<String>,
}

/// Books that have accepted entries not yet exported: (book id, accepted count).
pub fn upload_candidates(conn: &Connection) -> Result<Vec<(i64, u64)>> {
    let mut st = conn.prepare("SELECT book_id, count(*) FROM entry WHERE status = 'accepted' GROUP BY book_id ORDER BY book_id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes the upload files of the chosen books into `out_dir` (created if missing).
/// Only an active supervisor on a device the pinned province enrolled as a supervisor device may
/// export (crate::batch::trust::require_enrolled_supervisor).
pub fn upload_export(s: &mut Session, out_dir: &Path, opts: &UploadOptions, progress: &mut dyn FnMut(Progress)) -> Result<UploadReport> {
    crate::batch::trust::require_enrolled_supervisor(s, None)?;
    std::fs::create_dir_all(out_dir)?;
    let candidates = upload_candidates(s.conn())?;
    let mut report = UploadReport::default();
    let books: Vec<i64> = if opts.books.is_empty() {
        let mut v = Vec::new();
        for (b, _) in &candidates {
            let t = model::book::book_type_of(s.conn(), *b)?;
            if t.spec().ministry_template {
                v.push(*b);
            } else {
                report.skipped.push((*b, format!("sổ loại {t} chưa có mẫu Excel của Bộ Tư pháp")));
            }
        }
        v
    } else {
        for b in &opts.books {
            model::book::book_type_of(s.conn(), *b)?;
            if !candidates.iter().any(|c| c.0 == *b) {
                return Err(CoreError::Conflict(format!("sổ số {b} không có bản ghi nào đã được duyệt mà chưa xuất")));
            }
        }
        opts.books.clone()
    };
    for b in books {
        report.books.push(upload_book(s, out_dir, b, progress)?);
    }
    Ok(report)
}

fn upload_book(s: &mut Session, out_dir: &Path, book_id: i64, progress: &mut dyn FnMut(Progress)) -> Result<UploadBookResult> {
    let conn = s.conn();
    let meta = conn.query_row(
        "SELECT b.book_type, b.quyen_so, b.year_from, r.code FROM register_book b JOIN registry r ON r.id = b.registry_id WHERE b.id = ?1",
        [book_id],
        |r| Ok(BookMeta { book_type: r.get(0)?, quyen_so: r.get(1)?, year_from: r.get(2)?, registry_code: r.get(3)? }),
    )?;
    let spec = Some(meta.book_type.spec())
        .filter(|s| s.ministry_template)
        .ok_or_else(|| CoreError::Conflict(format!("sổ loại {} chưa có mẫu Excel của Bộ Tư pháp", meta.book_type)))?;
    let ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM entry WHERE book_id = ?1 AND status = 'accepted' ORDER BY seq, id")?;
        let rows = st.query_map([book_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let not_accepted: i64 =
        conn.query_row("SELECT count(*) FROM entry WHERE book_id = ?1 AND status NOT IN ('accepted', 'exported')", [book_id], |r| {
            r.get(0)
        })?;
    let part: i64 = conn.query_row("SELECT coalesce(max(part), 0) + 1 FROM upload_export WHERE book_id = ?1", [book_id], |r| r.get(0))?;
    let code = meta.registry_code.clone().unwrap_or_else(|| s.workspace().commune_code.clone());
    let mut base = format!("{}.{}.{}.{}", meta.book_type, name_part(&code), meta.year_from, name_part(&meta.quyen_so));
    if part > 1 {
        base.push_str(&format!("_{part}"));
    }
    let xlsx_path = out_dir.join(format!("{base}.xlsx"));
    let zip_path = out_dir.join(format!("{base}.zip"));
    for p in [&xlsx_path, &zip_path] {
        if p.exists() {
            return Err(CoreError::Conflict(format!("tệp “{}” đã tồn tại; hãy chọn thư mục khác", p.display())));
        }
    }
    let entries: Vec<crate::model::entry::Entry> = ids.iter().map(|id| model::entry::get(s.conn(), *id)).collect::<Result<_>>()?;
    // Both files are written under temporary names (crate::fsx) and appear together at the end;
    // an error on the way removes them.
    let out_x = crate::fsx::AtomicFile::create(&xlsx_path)?;
    let out_z = crate::fsx::AtomicFile::create(&zip_path)?;

    // Excel.
    xlsx::write_book(out_x.temp_path(), spec, meta.book_type.as_str(), &entries)?;
    // PDFs.
    let mut pdf_names: Vec<Option<String>> = Vec::new();
    let written = (|| -> Result<(u64, u64, u64, Vec<String>)> {
        let mut zip =
            zip::ZipWriter::new(std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).read(true).open(out_z.temp_path())?));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let mut used = HashSet::new();
        let mut cache: HashMap<i64, pdf::PdfImage> = HashMap::new();
        let pages_by_seq: HashMap<String, i64> = {
            let mut st = conn.prepare("SELECT seq, id FROM page WHERE book_id = ?1")?;
            let rows = st.query_map([book_id], |r| Ok((r.get::<_, i64>(0)?.to_string(), r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (mut pdfs, mut bytes, mut pages) = (0u64, 0u64, 0u64);
        let mut without = Vec::new();
        for (n, e) in entries.iter().enumerate() {
            let so = e.get("so").unwrap_or_default().to_string();
            let page = e.page_id.or_else(|| e.get("trangSo").and_then(|t| pages_by_seq.get(t.trim()).copied()));
            let Some(page) = page else {
                without.push(if so.is_empty() { format!("#{}", e.seq) } else { so.clone() });
                pdf_names.push(None);
                continue;
            };
            if !cache.contains_key(&page) {
                if cache.len() > 16 {
                    cache.clear();
                }
                let (mime, raw) = model::page::bytes(s.conn(), page)?;
                cache.insert(page, pdf::prepare_page(&mime, &raw)?);
            }
            let img = cache[&page].clone();
            let mut stem = format!("{base}.{}", name_part(if so.is_empty() { "0" } else { &so }));
            let mut k = 2;
            while !used.insert(stem.clone()) {
                stem = format!("{base}.{}_{k}", name_part(&so));
                k += 1;
            }
            let name = format!("{stem}.pdf");
            let body = pdf::build_pdf(std::slice::from_ref(&img), &name)?;
            zip.start_file(name.as_str(), opts).map_err(|e| CoreError::Internal(format!("zip: {e}")))?;
            zip.write_all(&body)?;
            pdfs += 1;
            pages += 1;
            bytes += body.len() as u64;
            pdf_names.push(Some(name));
            progress(Progress { stage: crate::batch::Stage::Pdf, done: n as u64 + 1, total: entries.len() as u64 });
        }
        let w = zip.finish().map_err(|e| CoreError::Internal(format!("zip: {e}")))?;
        w.into_inner().map_err(|e| e.into_error())?;
        Ok((pdfs, bytes, pages, without))
    })();
    let (pdfs, pdf_bytes, pages, without_image) = written?;
    let xlsx_sha = hex::encode(Sha256::digest(std::fs::read(out_x.temp_path())?));
    let zip_sha = hex::encode(Sha256::digest(std::fs::read(out_z.temp_path())?));
    out_x.commit_new()?;
    out_z.commit_new()?;
    let template_version = column_map().version.clone();
    let marked = s.write(|w| {
        w.tx.execute(
            "INSERT INTO upload_export(book_id, part, entries, pdfs, xlsx_name, xlsx_sha256, zip_name, zip_sha256, template_version, exported_at, exported_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                book_id,
                part,
                ids.len() as i64,
                pdfs as i64,
                file_name(&xlsx_path),
                xlsx_sha,
                file_name(&zip_path),
                zip_sha,
                template_version,
                crate::clock::now(),
                w.user.username
            ],
        )?;
        let export_id = w.tx.last_insert_rowid();
        for (id, name) in ids.iter().zip(&pdf_names) {
            let status: String = w.tx.query_row("SELECT status FROM entry WHERE id = ?1", [id], |r| r.get(0))?;
            if status != "accepted" || !EntryStatus::Accepted.can_move_to(EntryStatus::Exported, Actor::Upload) {
                return Err(CoreError::Conflict(format!("bản ghi {id} đã thay đổi trạng thái trong lúc xuất")));
            }
            set_status_in(w, *id, EntryStatus::Accepted, EntryStatus::Exported)?;
            w.tx.execute("INSERT INTO upload_export_entry(export_id, entry_id, pdf_name) VALUES (?1, ?2, ?3)", params![export_id, id, name])?;
        }
        w.audit(
            "upload.export",
            "register_book",
            Some(&book_id.to_string()),
            serde_json::json!({"part": part, "entries": ids.len(), "pdfs": pdfs, "xlsx": file_name(&xlsx_path), "xlsxSha256": xlsx_sha,
                               "zip": file_name(&zip_path), "zipSha256": zip_sha, "templateVersion": template_version}),
        )?;
        Ok(())
    });
    if let Err(e) = marked {
        let _ = std::fs::remove_file(&xlsx_path);
        let _ = std::fs::remove_file(&zip_path);
        return Err(e);
    }
    Ok(UploadBookResult {
        book_id,
        book_type: meta.book_type,
        quyen_so: meta.quyen_so,
        part,
        xlsx: xlsx_path,
        zip: zip_path,
        entries: ids.len() as u64,
        pdfs,
        pdf_bytes,
        pages,
        without_image,
        not_accepted: not_accepted as u64,
    })
}

/// Upload exports already made for a book.
pub fn upload_exports(conn: &Connection, book_id: i64) -> Result<Vec<UploadExportRow>> {
    let mut st =
        conn.prepare("SELECT part, xlsx_name, zip_name, entries, exported_at FROM upload_export WHERE book_id = ?1 ORDER BY part")?;
    let rows = st.query_map([book_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One upload export of a book: (part, xlsx name, zip name, entries, exported at).
pub type UploadExportRow = (i64, String, String, i64, String);

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}
