//! The central upload export (domain.md §2.2, §7.1): for each book with accepted entries, one
//! `.xlsx` in the Ministry template (header row = the camelCase column list of the book type, in
//! order; one row per entry in book order; dates `dd/mm/yyyy`, `mm/yyyy` or `yyyy`; enumeration
//! fields as template codes; every cell a text cell, empty when missing) and one `.zip` holding one
//! PDF per entry with every page the entry spans (model::page::entry_pages).
//!
//! Names (docs/upload-format.md): `<LOAI>.<maNoiDangKy>.<NamMoSo>.<quyenSo>[_<part>][_v<version>]`
//! for the book's files (`.xlsx`, `.zip`), and `<file stem>.<so>.pdf` per entry. A *part* is a later
//! export of newly accepted entries of the book (`_2`, `_3`, …); a *version* is a corrected
//! re-export of entries of an earlier part that the Ministry rejected (`_v2`, …): the earlier file
//! stays on record in `upload_export`.
//!
//! Which entries: the book's `accepted` entries that have a scan. An entry is written only with
//! both its row and its PDF; entries without a page image stay `accepted` and are listed in the
//! report (`without_scan`). All or nothing: every file pair of the export is written under
//! temporary names first (crate::fsx); then they are renamed into place and every exported entry
//! moves `accepted → exported` (Actor::Upload) in one transaction. A failure or a cancel
//! ([`upload_export_with`]) leaves no file in the folder and no entry exported. Only a supervisor
//! exports ([`require_uploader`]).
pub mod pdf;
pub mod result;
pub mod xlsx;

use crate::batch::Progress;
use crate::cancel::{check_cancel, NEVER_CANCELLED};
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::column_map::column_map;
use crate::model::entry::set_status_in;
use crate::session::{Session, Writer};
use crate::{Actor, EntryStatus};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Who may export for the national database and record its answers: one check, in one place —
/// an active supervisor on a device the pinned province enrolled as a supervisor's (issue 13 §1).
pub fn require_uploader(s: &mut Session) -> Result<()> {
    crate::batch::trust::require_enrolled_supervisor(s, None).map(|_| ())
}
#[derive(Debug, Clone, Default)]
pub struct UploadOptions {
    /// Books to export; empty = every book with accepted entries.
    pub books: Vec<i64>,
}

/// One file pair written (a part, or a version of a part, of one book).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadBookResult {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    /// `upload_export.id` of this file pair.
    pub export_id: i64,
    /// The part in the file name (1 = the first export of the book).
    pub part: i64,
    /// 1 for a part's first file; 2, 3, … for a corrected re-export of its rejected entries.
    pub version: i64,
    pub xlsx: PathBuf,
    pub zip: PathBuf,
    pub entries: u64,
    pub pdfs: u64,
    pub pdf_bytes: u64,
    pub pages: u64,
    /// Entries spanning more than one page: (so, number of pages). `trangSo` holds the first page.
    pub spans: Vec<(String, u64)>,
    /// `so` of the book's accepted entries left out because they have no page image (they stay
    /// accepted). Given on the book's first file of this export.
    pub without_image: Vec<String>,
    /// Entries of the book not in this export (not accepted yet).
    pub not_accepted: u64,
    /// The book type's columns are provisional (no published Ministry template yet).
    pub provisional: bool,
}

/// A book whose accepted entries have no scan at all: nothing written for it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WithoutScanBook {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub so: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UploadReport {
    pub books: Vec<UploadBookResult>,
    /// Books with accepted entries that were left out, and why (none today: every type is
    /// exported, the provisional ones marked).
    pub skipped: Vec<(i64, String)>,
    /// Books whose accepted entries all lack a scan (no file written for them).
    pub without_scan_books: Vec<WithoutScanBook>,
    /// Accepted entries left out for want of a page image, over all books ("không có ảnh trang: N bản ghi").
    pub without_scan: u64,
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

/// The file stem of a book's upload files (docs/upload-format.md).
pub fn file_stem(book_type: crate::BookType, registry_code: &str, year_from: i32, quyen_so: &str, part: i64, version: i64) -> String {
    let mut base = format!("{}.{}.{}.{}", book_type, name_part(registry_code), year_from, name_part(quyen_so));
    if part > 1 {
        base.push_str(&format!("_{part}"));
    }
    if version > 1 {
        base.push_str(&format!("_v{version}"));
    }
    base
}

struct BookMeta {
    book_type: crate::BookType,
    quyen_so: String,
    year_from: i32,
    registry_code: Option<String>,
}

/// A book with accepted entries not yet exported, as the supervisor sees it before exporting.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadCandidate {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub accepted: u64,
    /// Accepted entries with at least one page image (these will be exported).
    pub with_scan: u64,
    /// Accepted entries without a page image (these stay accepted).
    pub without_scan: u64,
    /// Accepted entries exported before and rejected by the Ministry (sent as a new version).
    pub resend: u64,
    /// No published Ministry template: exported with provisional columns.
    pub provisional: bool,
}

/// Books that have accepted entries not yet exported: (book id, accepted count).
pub fn upload_candidates(conn: &Connection) -> Result<Vec<(i64, u64)>> {
    let mut st = conn.prepare("SELECT book_id, count(*) FROM entry WHERE status = 'accepted' GROUP BY book_id ORDER BY book_id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same books with how many entries have a scan, lack one, or are re-sent after a rejection.
pub fn upload_candidates_detail(conn: &Connection) -> Result<Vec<UploadCandidate>> {
    let mut out = Vec::new();
    for (book_id, accepted) in upload_candidates(conn)? {
        let (book_type, quyen_so): (crate::BookType, String) =
            conn.query_row("SELECT book_type, quyen_so FROM register_book WHERE id = ?1", [book_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let ids = accepted_ids(conn, book_id)?;
        let pages = entry_page_lists(conn, book_id, &ids)?;
        let with_scan = pages.iter().filter(|p| !p.is_empty()).count() as u64;
        let resend = ids.iter().map(|id| previous_file(conn, *id)).collect::<Result<Vec<_>>>()?.into_iter().flatten().count() as u64;
        out.push(UploadCandidate {
            book_id,
            book_type,
            quyen_so,
            accepted,
            with_scan,
            without_scan: accepted - with_scan,
            resend,
            provisional: book_type.spec().provisional,
        });
    }
    Ok(out)
}

fn accepted_ids(conn: &Connection, book_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT id FROM entry WHERE book_id = ?1 AND status = 'accepted' ORDER BY seq, id")?;
    let rows = st.query_map([book_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The page ids each entry spans, in order (empty = no scan). An entry keyed without a page
/// link falls back to the page whose number its `trangSo` names.
fn entry_page_lists(conn: &Connection, book_id: i64, ids: &[i64]) -> Result<Vec<Vec<i64>>> {
    let pages_by_seq: HashMap<String, i64> = {
        let mut st = conn.prepare_cached("SELECT seq, id FROM page WHERE book_id = ?1")?;
        let rows = st.query_map([book_id], |r| Ok((r.get::<_, i64>(0)?.to_string(), r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut pages = model::page::entry_pages(conn, *id)?;
        let linked: bool = conn.query_row("SELECT page_id IS NOT NULL FROM entry WHERE id = ?1", [id], |r| r.get(0))?;
        if !linked {
            let trang: Option<String> =
                conn.query_row("SELECT value FROM entry_field WHERE entry_id = ?1 AND field = 'trangSo'", [id], |r| r.get(0)).optional()?;
            if let Some(p) = trang.and_then(|t| pages_by_seq.get(t.trim()).copied()) {
                pages.retain(|x| *x != p);
                pages.insert(0, p);
            }
        }
        out.push(pages);
    }
    Ok(out)
}

/// The part of the last file an entry was written in, when that row was rejected by the Ministry
/// and not yet answered by a later export.
fn previous_file(conn: &Connection, entry_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT x.file_part FROM upload_export_entry xe JOIN upload_export x ON x.id = xe.export_id
             WHERE xe.entry_id = ?1 AND xe.resolved_at IS NULL ORDER BY x.id DESC LIMIT 1",
            [entry_id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

/// Writes the upload files of the chosen books into `out_dir` (created if missing).
/// Only an active supervisor on a device the pinned province enrolled as a supervisor device may
/// export (crate::batch::trust::require_enrolled_supervisor).
pub fn upload_export(s: &mut Session, out_dir: &Path, opts: &UploadOptions, progress: &mut dyn FnMut(Progress)) -> Result<UploadReport> {
    upload_export_with(s, out_dir, opts, progress, &NEVER_CANCELLED)
}

/// [`upload_export`] that stops when `cancel` is set: checked before anything is written,
/// before each entry's PDF, and once every file is written but none has appeared. The export is
/// all or nothing: every file pair is written under temporary names first, then they are renamed
/// into place and recorded in one transaction. Cancelled, the temporary files are removed, no
/// file appears in `out_dir`, no entry moves to `exported`, and the answer is
/// [`CoreError::Cancelled`].
pub fn upload_export_with(
    s: &mut Session,
    out_dir: &Path,
    opts: &UploadOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<UploadReport> {
    check_cancel(cancel)?;
    require_uploader(s)?;
    std::fs::create_dir_all(out_dir)?;
    recover_publish(s.conn(), &s.workspace().workspace_id, out_dir)?;
    let candidates = upload_candidates(s.conn())?;
    let mut report = UploadReport::default();
    // Every book type is exported: GH, TDCC, LH and NCN with their provisional columns (the
    // report marks them, `provisional`).
    let books: Vec<i64> = if opts.books.is_empty() {
        candidates.iter().map(|c| c.0).collect()
    } else {
        for b in &opts.books {
            model::book::book_type_of(s.conn(), *b)?;
            if !candidates.iter().any(|c| c.0 == *b) {
                return Err(CoreError::Conflict(format!("sổ số {b} không có bản ghi nào đã được chấp nhận mà chưa xuất")));
            }
        }
        opts.books.clone()
    };
    let mut prepared = Vec::new();
    for b in books {
        upload_book(s, out_dir, b, &mut report, &mut prepared, progress, cancel)?;
    }
    // The last moment to stop: nothing has appeared in the folder yet.
    check_cancel(cancel)?;
    report.books = publish(s, out_dir, prepared)?;
    Ok(report)
}

/// A file pair written under temporary names, not yet visible nor recorded.
struct Prepared {
    xlsx: crate::fsx::AtomicFile,
    zip: crate::fsx::AtomicFile,
    record: FileRecord,
}

/// What recording a file pair writes (its `upload_export` row and the entries it holds).
struct FileRecord {
    result: UploadBookResult,
    ids: Vec<i64>,
    pdf_names: Vec<String>,
    xlsx_sha: String,
    zip_sha: String,
}

#[allow(clippy::too_many_arguments)] // the book, where its files go, what the export collects, and the job's progress and cancel flag
fn upload_book(
    s: &mut Session,
    out_dir: &Path,
    book_id: i64,
    report: &mut UploadReport,
    prepared: &mut Vec<Prepared>,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<()> {
    let conn = s.conn();
    let meta = conn.query_row(
        "SELECT b.book_type, b.quyen_so, b.year_from, r.code FROM register_book b JOIN registry r ON r.id = b.registry_id WHERE b.id = ?1",
        [book_id],
        |r| Ok(BookMeta { book_type: r.get(0)?, quyen_so: r.get(1)?, year_from: r.get(2)?, registry_code: r.get(3)? }),
    )?;
    let ids = accepted_ids(conn, book_id)?;
    let pages = entry_page_lists(conn, book_id, &ids)?;
    let not_accepted: i64 =
        conn.query_row("SELECT count(*) FROM entry WHERE book_id = ?1 AND status NOT IN ('accepted', 'exported')", [book_id], |r| {
            r.get(0)
        })?;
    // Entries with a scan, grouped by the file they go into: a new part (never exported), or a
    // new version of the part they were last written in.
    let mut groups: BTreeMap<Option<i64>, Vec<(i64, Vec<i64>)>> = BTreeMap::new();
    let mut without = Vec::new();
    for (id, p) in ids.iter().zip(pages) {
        if p.is_empty() {
            let e = model::entry::get(conn, *id)?;
            let so = e.get("so").unwrap_or_default().to_string();
            without.push(if so.is_empty() { format!("#{}", e.seq) } else { so });
            continue;
        }
        groups.entry(previous_file(conn, *id)?).or_default().push((*id, p));
    }
    report.without_scan += without.len() as u64;
    if groups.is_empty() {
        report.without_scan_books.push(WithoutScanBook {
            book_id,
            book_type: meta.book_type,
            quyen_so: meta.quyen_so.clone(),
            so: without,
        });
        return Ok(());
    }
    let mut first = true;
    for (prev_part, members) in groups {
        let conn = s.conn();
        let (part, version): (i64, i64) = match prev_part {
            None => (
                conn.query_row("SELECT coalesce(max(file_part), 0) + 1 FROM upload_export WHERE book_id = ?1", [book_id], |r| r.get(0))?,
                1,
            ),
            Some(p) => (
                p,
                conn.query_row(
                    "SELECT coalesce(max(version), 0) + 1 FROM upload_export WHERE book_id = ?1 AND file_part = ?2",
                    params![book_id, p],
                    |r| r.get(0),
                )?,
            ),
        };
        let mut p = write_file(s, out_dir, book_id, &meta, part, version, &members, progress, cancel)?;
        p.record.result.not_accepted = not_accepted as u64;
        if first {
            p.record.result.without_image = std::mem::take(&mut without);
            first = false;
        }
        prepared.push(p);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_file(
    s: &mut Session,
    out_dir: &Path,
    book_id: i64,
    meta: &BookMeta,
    part: i64,
    version: i64,
    members: &[(i64, Vec<i64>)],
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Prepared> {
    let spec = meta.book_type.spec();
    let code = meta.registry_code.clone().unwrap_or_else(|| s.workspace().commune_code.clone());
    let base = file_stem(meta.book_type, &code, meta.year_from, &meta.quyen_so, part, version);
    let xlsx_path = out_dir.join(format!("{base}.xlsx"));
    let zip_path = out_dir.join(format!("{base}.zip"));
    for p in [&xlsx_path, &zip_path] {
        if p.exists() {
            return Err(CoreError::Conflict(format!("tệp “{}” đã tồn tại; hãy chọn thư mục khác", p.display())));
        }
    }
    let ids: Vec<i64> = members.iter().map(|m| m.0).collect();
    let entries: Vec<crate::model::entry::Entry> = ids.iter().map(|id| model::entry::get(s.conn(), *id)).collect::<Result<_>>()?;
    // Both files are written under temporary names (crate::fsx) and appear together at the end;
    // an error on the way removes them. Every entry of the sheet has its PDF (members all have
    // at least one page), and the sheet's rows are the entries in the same order.
    let out_x = crate::fsx::AtomicFile::create(&xlsx_path)?;
    let out_z = crate::fsx::AtomicFile::create(&zip_path)?;
    xlsx::write_book(out_x.temp_path(), spec, meta.book_type.as_str(), &entries)?;
    let mut pdf_names: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    let written = (|| -> Result<(u64, u64, u64)> {
        let mut zip =
            zip::ZipWriter::new(std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).read(true).open(out_z.temp_path())?));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let mut used = HashSet::new();
        let mut cache: HashMap<i64, pdf::PdfImage> = HashMap::new();
        let (mut pdfs, mut bytes, mut pages) = (0u64, 0u64, 0u64);
        for (n, (e, (_, page_ids))) in entries.iter().zip(members).enumerate() {
            check_cancel(cancel)?;
            let so = e.get("so").unwrap_or_default().to_string();
            let mut imgs = Vec::with_capacity(page_ids.len());
            for page in page_ids {
                if !cache.contains_key(page) {
                    if cache.len() > 16 {
                        cache.clear();
                    }
                    let (mime, raw) = model::page::bytes(s.conn(), *page)?;
                    cache.insert(*page, pdf::prepare_page(&mime, &raw)?);
                }
                imgs.push(cache[page].clone());
            }
            if imgs.len() > 1 {
                spans.push((if so.is_empty() { format!("#{}", e.seq) } else { so.clone() }, imgs.len() as u64));
            }
            let mut stem = format!("{base}.{}", name_part(if so.is_empty() { "0" } else { &so }));
            let mut k = 2;
            while !used.insert(stem.clone()) {
                stem = format!("{base}.{}_{k}", name_part(&so));
                k += 1;
            }
            let name = format!("{stem}.pdf");
            let body = pdf::build_pdf(&imgs, &name)?;
            zip.start_file(name.as_str(), opts).map_err(|e| CoreError::Internal(format!("zip: {e}")))?;
            zip.write_all(&body)?;
            pdfs += 1;
            pages += imgs.len() as u64;
            bytes += body.len() as u64;
            pdf_names.push(name);
            progress(Progress { stage: crate::batch::Stage::Pdf, done: n as u64 + 1, total: entries.len() as u64 });
        }
        let w = zip.finish().map_err(|e| CoreError::Internal(format!("zip: {e}")))?;
        w.into_inner().map_err(|e| e.into_error())?;
        Ok((pdfs, bytes, pages))
    })();
    let (pdfs, pdf_bytes, pages) = written?;
    if pdfs != ids.len() as u64 {
        return Err(CoreError::Internal(format!("{} dòng nhưng {pdfs} PDF", ids.len())));
    }
    let xlsx_sha = hex::encode(Sha256::digest(std::fs::read(out_x.temp_path())?));
    let zip_sha = hex::encode(Sha256::digest(std::fs::read(out_z.temp_path())?));
    let result = UploadBookResult {
        book_id,
        book_type: meta.book_type,
        quyen_so: meta.quyen_so.clone(),
        export_id: 0,
        part,
        version,
        xlsx: xlsx_path,
        zip: zip_path,
        entries: ids.len() as u64,
        pdfs,
        pdf_bytes,
        pages,
        spans,
        without_image: Vec::new(),
        not_accepted: 0,
        provisional: spec.provisional,
    };
    Ok(Prepared { xlsx: out_x, zip: out_z, record: FileRecord { result, ids, pdf_names, xlsx_sha, zip_sha } })
}

/// Makes every prepared file pair appear under its final name, then records them all in one
/// transaction (entries `accepted → exported`). If a rename or the transaction fails, the files
/// that appeared are removed again and the temporary ones go with their [`Prepared`].
///
/// A process killed between the first rename and the commit cannot remove anything: a *publish
/// journal* (`.sohoa-cong-bo-….json` in the folder, written before the first rename, removed
/// after the commit) names the files, and [`recover_publish`] — at the next sign-in for the
/// workspace's own upload folder, at the next export for any folder — removes them when the
/// workspace did not record them. So the folder never keeps files the workspace does not know.
fn publish(s: &mut Session, out_dir: &Path, prepared: Vec<Prepared>) -> Result<Vec<UploadBookResult>> {
    if prepared.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = prepared.iter().flat_map(|p| [file_name(p.xlsx.dest()), file_name(p.zip.dest())]).collect();
    let journal = write_journal(out_dir, &s.workspace().workspace_id, &names)?;
    let mut shown: Vec<PathBuf> = Vec::new();
    let mut records: Vec<FileRecord> = Vec::with_capacity(prepared.len());
    let done = (|| -> Result<()> {
        for p in prepared {
            shown.push(p.xlsx.commit_new()?);
            shown.push(p.zip.commit_new()?);
            records.push(p.record);
        }
        let template_version = column_map().version.clone();
        s.write(|w| {
            for r in &mut records {
                r.result.export_id = record_file(w, r, &template_version)?;
            }
            Ok(())
        })
    })();
    if let Err(e) = done {
        for f in &shown {
            let _ = std::fs::remove_file(f);
        }
        let _ = std::fs::remove_file(&journal);
        return Err(e);
    }
    // Recorded: the journal has done its work (if this removal is lost, recovery finds the
    // files recorded and removes only the journal).
    let _ = std::fs::remove_file(&journal);
    Ok(records.into_iter().map(|r| r.result).collect())
}

/// The publish journals' names: `.sohoa-cong-bo-<pid>-<random>.json` (not a temporary file of
/// crate::fsx, which a later start would sweep before it is read).
const JOURNAL_PREFIX: &str = ".sohoa-cong-bo-";

#[derive(Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Journal {
    workspace_id: String,
    files: Vec<String>,
}

fn write_journal(dir: &Path, workspace_id: &str, files: &[String]) -> Result<PathBuf> {
    let path = dir.join(format!("{JOURNAL_PREFIX}{}-{:016x}.json", std::process::id(), rand::random::<u64>()));
    let json = serde_json::to_vec(&Journal { workspace_id: workspace_id.into(), files: files.to_vec() })
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    crate::fsx::write_atomic(&path, &json)
}

/// Finishes what a killed upload export left in `dir`: for each publish journal of this
/// workspace, the files it names are removed when the workspace never recorded them (the
/// process died before its commit), then the journal. Journals of other workspaces, and files
/// the workspace recorded, are left alone. Returns the number of files removed. Reads only the
/// database; a missing folder is nothing to do.
pub fn recover_publish(conn: &Connection, workspace_id: &str, dir: &Path) -> Result<usize> {
    let Ok(list) = std::fs::read_dir(dir) else { return Ok(0) };
    let mut removed = 0;
    for e in list.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(JOURNAL_PREFIX) || !name.ends_with(".json") {
            continue;
        }
        // A journal is a few hundred bytes; anything larger is not one of ours.
        if e.metadata().map(|m| m.len() > 1 << 20).unwrap_or(true) {
            continue;
        }
        let Ok(journal) = std::fs::read(e.path())
            .map_err(CoreError::from)
            .and_then(|b| serde_json::from_slice::<Journal>(&b).map_err(|x| CoreError::invalid("nhật ký xuất tệp", x.to_string())))
        else {
            continue;
        };
        if journal.workspace_id != workspace_id {
            continue;
        }
        for f in &journal.files {
            // Only plain names in this folder, never a path elsewhere.
            if Path::new(f).file_name().map(|n| n != f.as_str()).unwrap_or(true) {
                continue;
            }
            let recorded: bool =
                conn.query_row("SELECT EXISTS (SELECT 1 FROM upload_export WHERE xlsx_name = ?1 OR zip_name = ?1)", [f], |r| r.get(0))?;
            if !recorded && std::fs::remove_file(dir.join(f)).is_ok() {
                removed += 1;
            }
        }
        let _ = std::fs::remove_file(e.path());
        crate::fsx::sync_dir(dir);
    }
    Ok(removed)
}

/// Records one file pair: its `upload_export` row, its entries moved to `exported`, an audit row.
fn record_file(w: &Writer, r: &FileRecord, template_version: &str) -> Result<i64> {
    let (book_id, part, version) = (r.result.book_id, r.result.part, r.result.version);
    let (xlsx, zip) = (file_name(&r.result.xlsx), file_name(&r.result.zip));
    let seq: i64 = w.tx.query_row("SELECT coalesce(max(part), 0) + 1 FROM upload_export WHERE book_id = ?1", [book_id], |x| x.get(0))?;
    w.tx.execute(
        "INSERT INTO upload_export(book_id, part, file_part, version, entries, pdfs, xlsx_name, xlsx_sha256, zip_name, zip_sha256,
                                   template_version, exported_at, exported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            book_id,
            seq,
            part,
            version,
            r.ids.len() as i64,
            r.result.pdfs as i64,
            xlsx,
            r.xlsx_sha,
            zip,
            r.zip_sha,
            template_version,
            crate::clock::now(),
            w.user.username
        ],
    )?;
    let export_id = w.tx.last_insert_rowid();
    let now = crate::clock::now();
    for (dong, (id, name)) in r.ids.iter().zip(&r.pdf_names).enumerate() {
        let status: String = w.tx.query_row("SELECT status FROM entry WHERE id = ?1", [id], |x| x.get(0))?;
        if status != "accepted" || !EntryStatus::Accepted.can_move_to(EntryStatus::Exported, Actor::Upload) {
            return Err(CoreError::Conflict(format!("bản ghi {id} đã thay đổi trạng thái trong lúc xuất")));
        }
        set_status_in(w, *id, EntryStatus::Accepted, EntryStatus::Exported)?;
        // The earlier rows of this entry (a rejection now answered) are closed.
        w.tx.execute("UPDATE upload_export_entry SET resolved_at = ?2 WHERE entry_id = ?1 AND resolved_at IS NULL", params![id, now])?;
        w.tx.execute(
            "INSERT INTO upload_export_entry(export_id, entry_id, pdf_name, dong) VALUES (?1, ?2, ?3, ?4)",
            params![export_id, id, name, dong as i64 + 1],
        )?;
    }
    w.audit(
        "upload.export",
        "register_book",
        Some(&book_id.to_string()),
        serde_json::json!({"part": part, "version": version, "entries": r.ids.len(), "pdfs": r.result.pdfs, "xlsx": xlsx,
                           "xlsxSha256": r.xlsx_sha, "zip": zip, "zipSha256": r.zip_sha, "templateVersion": template_version}),
    )?;
    Ok(export_id)
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
