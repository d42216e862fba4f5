//! Batch export (clerk): finished books whose entries are all checked leave as one numbered batch.
//!
//! Rules (docs/batch-format.md §Workflow):
//! - a book can go when it is marked finished, has entries, is not already out in a batch, and
//!   **every** entry is `checked` (a book is the unit the supervisor accepts or returns, so a book
//!   with entries still `draft`/`keyed` is refused with the count per status) — or, for a book
//!   accepted before, `checked` or still `accepted`/`exported`: the entries corrected since (a row
//!   the Ministry rejected) go again, alone; the accepted ones stay where they are on both sides;
//! - the batch gets the next number; its entries move `checked → submitted` (frozen: not editable
//!   while out) in one transaction, *then* the package is streamed to a temporary file (`crate::fsx`) and
//!   renamed to `PACKAGE` at the end; if writing fails the batch is cancelled and the entries go
//!   back to `checked`, so a crash never leaves a half package that looks whole (a batch left
//!   `packing` by a crash is cancelled the next time a batch is exported);
//! - memory stays flat with batch size: entries and audit rows are generated twice (measure, then
//!   write) straight from the database, and page images are read one at a time.
use super::bag::{BagWriter, GenReader};
use super::crypt::Encryption;
use super::format::*;
use super::{software_version, Progress};
use crate::dedupe;
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::column_map::column_map;
use crate::model::entry::set_status_in;
use crate::session::accounts::Role;
use crate::session::{Session, Writer};
use crate::{EntryStatus, FieldValue};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Books to send; empty = every book that is ready.
    pub books: Vec<i64>,
}

/// Whether a book can go in a batch, and why not.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookReadiness {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub registry_name: String,
    pub finished: bool,
    pub entries: u32,
    pub ready: bool,
    pub reason: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    pub batch_number: i64,
    pub package: PathBuf,
    pub package_id: String,
    pub package_bytes: u64,
    pub books: Vec<BookRef>,
    pub entries: u64,
    pub pages: u64,
    pub signer_fingerprint: String,
}

/// A batch as the commune sees it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchInfo {
    pub number: i64,
    pub state: String,
    pub entries: i64,
    pub pages: i64,
    pub books: Vec<i64>,
    pub package_name: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub answered_at: Option<String>,
}

fn page_ext(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/tiff" => "tif",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}

/// Every book with whether it can be sent now (for the batch screen and the CLI).
pub fn batch_candidates(conn: &Connection) -> Result<Vec<BookReadiness>> {
    let open: HashMap<i64, i64> = {
        let mut st = conn.prepare(
            "SELECT bb.book_id, b.number FROM batch_book bb JOIN batch b ON b.id = bb.batch_id WHERE b.state IN ('packing', 'sent')",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for b in model::book::list(conn)? {
        let count = |s: EntryStatus| b.counts.get(s.as_str()).copied().unwrap_or(0);
        let checked = count(EntryStatus::Checked);
        let reason = if let Some(n) = open.get(&b.id) {
            Some(format!("sổ đang nằm trong đợt gửi số {n}, chờ kết quả của giám sát viên"))
        } else if !b.finished {
            Some("sổ chưa được đánh dấu hoàn thành".to_string())
        } else if b.total == 0 {
            Some("sổ chưa có bản ghi nào".to_string())
        } else if count(EntryStatus::Accepted) + count(EntryStatus::Exported) == b.total {
            Some("sổ đã được chấp nhận".to_string())
        } else if checked + count(EntryStatus::Accepted) + count(EntryStatus::Exported) != b.total {
            // A book accepted before goes again with only the entries corrected since (a row the
            // Ministry rejected, checked again): the accepted ones stay as they are.
            let rest: Vec<String> = EntryStatus::ALL
                .iter()
                .filter(|s| !matches!(s, EntryStatus::Checked | EntryStatus::Accepted | EntryStatus::Exported) && count(**s) > 0)
                .map(|s| format!("{} “{}”", count(*s), s.label_vi()))
                .collect();
            Some(format!("chỉ gửi được khi mọi bản ghi đã kiểm tra; còn {}", rest.join(", ")))
        } else {
            None
        };
        out.push(BookReadiness {
            book_id: b.id,
            book_type: b.book_type,
            quyen_so: b.quyen_so,
            registry_name: b.registry_name,
            finished: b.finished,
            entries: b.total,
            ready: reason.is_none(),
            reason,
        });
    }
    Ok(out)
}

/// The age recipients of the supervisor devices this commune has registered.
pub fn supervisor_recipients(conn: &Connection) -> Result<Vec<String>> {
    Ok(super::identity::trusted_devices(conn)?.into_iter().filter(|d| d.role == "supervisor").filter_map(|d| d.age_recipient).collect())
}

/// Batches this workspace has sent, newest first.
pub fn batches(conn: &Connection) -> Result<Vec<BatchInfo>> {
    let mut st = conn.prepare(
        "SELECT id, number, state, entries, pages, package_name, created_at, sent_at, answered_at FROM batch ORDER BY number DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            BatchInfo {
                number: r.get(1)?,
                state: r.get(2)?,
                entries: r.get(3)?,
                pages: r.get(4)?,
                books: vec![],
                package_name: r.get(5)?,
                created_at: r.get(6)?,
                sent_at: r.get(7)?,
                answered_at: r.get(8)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut info) = row?;
        let mut bs = conn.prepare_cached("SELECT book_id FROM batch_book WHERE batch_id = ?1 ORDER BY book_id")?;
        info.books = bs.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        out.push(info);
    }
    Ok(out)
}

/// Cancels a batch that is being packed or was sent but never reached the supervisor
/// (the package was lost): its entries go back to `checked`.
pub fn cancel_batch(s: &mut Session, number: i64) -> Result<()> {
    s.require_role(Role::Clerk)?;
    let (id, state): (i64, String) = s
        .conn()
        .query_row("SELECT id, state FROM batch WHERE number = ?1", [number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("đợt gửi số {number}")))?;
    if state != "packing" && state != "sent" {
        return Err(CoreError::Conflict(format!("đợt gửi số {number} đã {}", if state == "answered" { "có kết quả" } else { "bị hủy" })));
    }
    s.write(|w| cancel_in(w, id, number))
}

/// Sends a batch: see the module documentation. `out` must not exist yet.
pub fn export_batch(
    s: &mut Session,
    out: &Path,
    opts: &ExportOptions,
    encryption: &Encryption,
    progress: &mut dyn FnMut(Progress),
) -> Result<BatchSummary> {
    export_batch_with(s, out, opts, encryption, progress, &AtomicBool::new(false))
}

/// [`export_batch`] that stops when `cancel` is set (checked between blocks of entries and
/// between page images): the batch is cancelled (its entries back to `checked`), neither the
/// package nor its temporary file is left, and the answer is [`CoreError::Cancelled`].
pub fn export_batch_with(
    s: &mut Session,
    out: &Path,
    opts: &ExportOptions,
    encryption: &Encryption,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<BatchSummary> {
    s.require_role(Role::Clerk)?;
    if out.exists() {
        return Err(CoreError::Conflict(format!("tệp “{}” đã tồn tại; hãy chọn tên khác", out.display())));
    }
    // A batch left half-packed by a crash goes back first.
    let stale: Vec<(i64, i64)> = {
        let mut st = s.conn().prepare("SELECT id, number FROM batch WHERE state = 'packing'")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, number) in stale {
        s.write(|w| cancel_in(w, id, number))?;
    }
    let candidates = batch_candidates(s.conn())?;
    let books: Vec<BookReadiness> = if opts.books.is_empty() {
        candidates.into_iter().filter(|c| c.ready).collect()
    } else {
        let mut v = Vec::new();
        for id in &opts.books {
            let c = candidates.iter().find(|c| c.book_id == *id).ok_or_else(|| CoreError::NotFound(format!("sổ số {id}")))?;
            if let Some(r) = &c.reason {
                return Err(CoreError::Conflict(format!("sổ {} {} (số {id}) chưa gửi được: {r}", c.book_type, c.quyen_so)));
            }
            if !v.iter().any(|x: &BookReadiness| x.book_id == *id) {
                v.push(c.clone());
            }
        }
        v
    };
    if books.is_empty() {
        return Err(CoreError::Conflict("không có sổ nào sẵn sàng để gửi (sổ phải hoàn thành và mọi bản ghi đã kiểm tra)".into()));
    }
    let encryptor = encryption.encryptor()?;
    let secrets = super::identity::device_secrets(s)?;
    let book_ids: Vec<i64> = books.iter().map(|b| b.book_id).collect();

    // 1. The batch and its frozen entries.
    let (batch_id, number) = s.write(|w| {
        let number: i64 = w.tx.query_row("SELECT coalesce(max(number), 0) + 1 FROM batch", [], |r| r.get(0))?;
        w.tx.execute(
            "INSERT INTO batch(number, state, created_at, created_by) VALUES (?1, 'packing', ?2, ?3)",
            params![number, crate::clock::now(), w.user.username],
        )?;
        let batch_id = w.tx.last_insert_rowid();
        let mut total = 0i64;
        for b in &book_ids {
            let ids: Vec<(i64, String)> = {
                let mut st = w.tx.prepare_cached("SELECT id, status FROM entry WHERE book_id = ?1 ORDER BY seq, id")?;
                let rows = st.query_map([b], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut sent = 0i64;
            for (id, status) in &ids {
                // Entries accepted before (the rest of a book the Ministry rejected a row of) are
                // not sent again: the supervisor holds them as accepted or exported.
                if status == EntryStatus::Accepted.as_str() || status == EntryStatus::Exported.as_str() {
                    continue;
                }
                if status != EntryStatus::Checked.as_str() {
                    return Err(CoreError::Conflict(format!("bản ghi {id} của sổ số {b} không ở trạng thái “Đã kiểm tra”")));
                }
                sent += 1;
                set_status_in(w, *id, EntryStatus::Checked, EntryStatus::Submitted)?;
                w.tx.execute(
                    "INSERT INTO batch_entry(batch_id, entry_id, entry_version) SELECT ?1, id, version FROM entry WHERE id = ?2",
                    params![batch_id, id],
                )?;
                w.tx.execute(
                    "UPDATE returned_reason SET resolved_at = ?2 WHERE entry_id = ?1 AND resolved_at IS NULL",
                    params![id, crate::clock::now()],
                )?;
            }
            if sent == 0 {
                return Err(CoreError::Conflict(format!("sổ số {b} không có bản ghi nào để gửi")));
            }
            w.tx.execute("INSERT INTO batch_book(batch_id, book_id, entries) VALUES (?1, ?2, ?3)", params![batch_id, b, sent])?;
            total += sent;
        }
        w.tx.execute("UPDATE batch SET entries = ?2 WHERE id = ?1", params![batch_id, total])?;
        w.audit("batch.create", "batch", Some(&number.to_string()), serde_json::json!({"books": book_ids, "entries": total}))?;
        Ok((batch_id, number))
    })?;

    // 2. The package, to a temporary name.
    let written = (|| {
        let file = crate::fsx::AtomicFile::create(out)?;
        let (package_id, header) = write_batch_package(s, file.temp_path(), batch_id, number, &secrets, encryptor, progress, cancel)?;
        let bytes = std::fs::metadata(file.temp_path())?.len();
        if cancelled(cancel) {
            return Err(CoreError::Cancelled);
        }
        file.commit()?;
        Ok((package_id, header, bytes))
    })();
    let (package_id, header, bytes) = match written {
        Ok(x) => x,
        Err(e) => {
            s.write(|w| cancel_in(w, batch_id, number))?;
            return Err(if cancelled(cancel) { CoreError::Cancelled } else { e });
        }
    };
    // 3. Sent.
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let sent = s.write(|w| {
        w.tx.execute(
            "UPDATE batch SET state = 'sent', package_id = ?2, package_name = ?3, package_bytes = ?4, pages = ?5, sent_at = ?6 WHERE id = ?1",
            params![batch_id, package_id, name, bytes as i64, header.pages as i64, crate::clock::now()],
        )?;
        w.audit(
            "batch.sent",
            "batch",
            Some(&number.to_string()),
            serde_json::json!({"packageId": package_id, "bytes": bytes, "entries": header.entries, "pages": header.pages}),
        )?;
        Ok(())
    });
    if let Err(e) = sent {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(BatchSummary {
        batch_number: number,
        package: out.to_path_buf(),
        package_id,
        package_bytes: bytes,
        books: header.books,
        entries: header.entries,
        pages: header.pages,
        signer_fingerprint: secrets.public.fingerprint,
    })
}

#[allow(clippy::too_many_arguments)] // the batch, its signer and encryptor, and the job's progress and cancel flag
fn write_batch_package(
    s: &Session,
    tmp: &Path,
    batch_id: i64,
    number: i64,
    secrets: &super::identity::DeviceSecrets,
    encryptor: age::Encryptor,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<(String, PackageHeader)> {
    let conn = s.conn();
    let ws = s.workspace().clone();
    // Books and their pages (metadata only).
    let book_ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT book_id FROM batch_book WHERE batch_id = ?1 ORDER BY book_id")?;
        let rows = st.query_map([batch_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut books = Vec::new();
    let mut page_list: Vec<(i64, String, String, u64)> = Vec::new(); // id, sha, file, size
    let mut seen_pages = HashSet::new();
    let mut page_sha: HashMap<i64, String> = HashMap::new();
    for b in &book_ids {
        let mut rec = load_book_record(conn, *b)?;
        rec.check_passes = super::passes::pass_records(conn, *b)?;
        let mut st = conn.prepare_cached(
            "SELECT id, seq, sha256, mime, width, height, rotation, length(bytes) FROM page WHERE book_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([b], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                PageRecord {
                    seq: r.get(1)?,
                    sha256: r.get(2)?,
                    mime: r.get(3)?,
                    width: r.get(4)?,
                    height: r.get(5)?,
                    rotation: r.get(6)?,
                    file: String::new(),
                },
                r.get::<_, i64>(7)?,
            ))
        })?;
        for row in rows {
            let (id, mut p, size) = row?;
            p.file = format!("{PAGES_DIR}{}.{}", p.sha256, page_ext(&p.mime));
            page_sha.insert(id, p.sha256.clone());
            if seen_pages.insert(p.sha256.clone()) {
                page_list.push((id, p.sha256.clone(), p.file.clone(), size as u64));
            }
            rec.pages.push(p);
        }
        rec.entries = conn.query_row("SELECT entries FROM batch_book WHERE batch_id = ?1 AND book_id = ?2", params![batch_id, b], |r| {
            r.get::<_, i64>(0)
        })? as u64;
        books.push(rec);
    }
    let entry_ids: Vec<i64> = {
        let mut st = conn.prepare(
            "SELECT e.id FROM batch_entry be JOIN entry e ON e.id = be.entry_id WHERE be.batch_id = ?1 ORDER BY e.book_id, e.seq, e.id",
        )?;
        let rows = st.query_map([batch_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let user = s.user().username.clone();
    let header = PackageHeader {
        format: PACKAGE_FORMAT.into(),
        format_version: PACKAGE_FORMAT_VERSION,
        layout_version: LAYOUT_VERSION,
        kind: PackageKind::Batch,
        package_uid: random_uid(),
        created_at: crate::clock::now(),
        software: software_version(),
        template_version: column_map().version.clone(),
        sender: Sender {
            role: "commune".into(),
            workspace_id: ws.workspace_id.clone(),
            commune: Commune { scheme: ws.commune_scheme.clone(), code: ws.commune_code.clone(), name: ws.commune_name.clone() },
            user: user.clone(),
            ed25519_public_key: secrets.public.ed25519_public_key.clone(),
            fingerprint: secrets.public.fingerprint.clone(),
            age_recipient: secrets.public.age_recipient.clone(),
        },
        batch_number: number,
        recipient_workspace_id: None,
        books: books
            .iter()
            .map(|b| BookRef {
                book_id: b.book_id,
                book_type: b.book_type,
                quyen_so: b.quyen_so.clone(),
                entries: b.entries,
                decision: None,
            })
            .collect(),
        entries: entry_ids.len() as u64,
        pages: page_list.len() as u64,
        audit_head: crate::session::audit::head(conn)?.map(|h| AuditHead { seq: h.seq, hash: h.hash }),
        audit_from: acknowledged_head(conn)?,
        ack_audit_head: None,
        enrolment: super::trust::own_enrolment_doc(conn, &secrets.public.fingerprint)?,
        revocation_list: super::trust::revocation_doc(conn)?,
    };

    // `tmp` is the atomic writer's temporary file (crate::fsx), created 0600.
    let file = std::fs::OpenOptions::new().write(true).truncate(true).open(tmp)?;
    let enc = encryptor.wrap_output(BufWriter::with_capacity(1 << 20, file))?;
    let mut bag = BagWriter::new(enc, &format!("sohoa-batch-{}-{number}", ws.commune_code), unix_now());

    let books_jsonl = jsonl(&books)?;
    bag.add_payload(BOOKS_FILE, books_jsonl.len() as u64, books_jsonl.as_slice())?;

    // Entries, straight from the database (twice: measure, then write).
    let total_entries = entry_ids.len() as u64;
    let progress = std::cell::RefCell::new(progress);
    let pc = &progress;
    let mut pass = 0u32;
    bag.add_generated(ENTRIES_FILE, || {
        pass += 1;
        let mut i = 0usize;
        let ids = &entry_ids;
        let sha = &page_sha;
        let last_pass = pass == 2;
        GenReader::new(move |buf: &mut Vec<u8>| {
            if cancelled(cancel) {
                return Err(io::Error::other(CoreError::Cancelled));
            }
            let end = (i + 256).min(ids.len());
            for id in &ids[i..end] {
                let rec = load_entry_record(conn, *id, sha).map_err(io::Error::other)?;
                serde_json::to_writer(&mut *buf, &rec).map_err(io::Error::other)?;
                buf.push(b'\n');
            }
            i = end;
            if last_pass {
                (pc.borrow_mut())(Progress { stage: super::Stage::Entries, done: i as u64, total: total_entries });
            }
            Ok(i < ids.len())
        })
    })?;
    // The clerk's duplicate decisions about these books (history included), so the
    // supervisor sees what was decided and why.
    let decisions_jsonl = jsonl(&dedupe::decisions_for_books(s.conn(), &book_ids)?)?;
    bag.add_payload(DECISIONS_FILE, decisions_jsonl.len() as u64, decisions_jsonl.as_slice())?;

    // Every audit row after the head the supervisors acknowledged, up to the head recorded in the
    // header only (so a write elsewhere during packing cannot make the two passes differ): the
    // supervisor checks that this history continues what it received before.
    let last_seq = header.audit_head.as_ref().map(|h| h.seq).unwrap_or(0);
    let first_after = header.audit_from.as_ref().map(|h| h.seq).unwrap_or(0);
    bag.add_generated(AUDIT_FILE, || {
        let mut after = first_after;
        GenReader::new(move |buf: &mut Vec<u8>| {
            let mut st = conn
                .prepare_cached(
                    "SELECT seq, at, username, action, entity, entity_id, detail, prev_hash, hash FROM audit_log
                     WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT 2000",
                )
                .map_err(io::Error::other)?;
            let mut rows = st.query([after, last_seq]).map_err(io::Error::other)?;
            let mut any = false;
            while let Some(r) = rows.next().map_err(io::Error::other)? {
                any = true;
                let rec = AuditRecord {
                    seq: r.get(0).map_err(io::Error::other)?,
                    at: r.get(1).map_err(io::Error::other)?,
                    username: r.get(2).map_err(io::Error::other)?,
                    action: r.get(3).map_err(io::Error::other)?,
                    entity: r.get(4).map_err(io::Error::other)?,
                    entity_id: r.get(5).map_err(io::Error::other)?,
                    detail: r.get(6).map_err(io::Error::other)?,
                    prev_hash: r.get(7).map_err(io::Error::other)?,
                    hash: r.get(8).map_err(io::Error::other)?,
                };
                after = rec.seq;
                serde_json::to_writer(&mut *buf, &rec).map_err(io::Error::other)?;
                buf.push(b'\n');
            }
            Ok(any)
        })
    })?;

    // Page images, one at a time.
    let total_pages = page_list.len() as u64;
    for (n, (id, sha, file, size)) in page_list.iter().enumerate() {
        if cancelled(cancel) {
            return Err(CoreError::Cancelled);
        }
        let bytes: Vec<u8> = conn.query_row("SELECT bytes FROM page WHERE id = ?1", [id], |r| r.get(0))?;
        if hex::encode(Sha256::digest(&bytes)) != *sha {
            return Err(CoreError::WorkspaceCorrupt(format!("page {id} does not match its SHA-256")));
        }
        bag.add_payload(file, *size, bytes.as_slice())?;
        (pc.borrow_mut())(Progress { stage: super::Stage::Pages, done: n as u64 + 1, total: total_pages });
    }

    let ws_label = format!("{} ({} {})", ws.commune_name, ws.commune_scheme, ws.commune_code);
    let head = header.audit_head.as_ref().map(|h| format!("{} {}", h.seq, h.hash)).unwrap_or_else(|| "0".into());
    let bag_info: Vec<(&str, String)> = vec![
        ("Source-Organization", ws_label),
        ("Contact-Name", format!("{} ({})", s.user().display_name, user)),
        ("External-Identifier", format!("sohoa-batch-{}-{number}", ws.commune_code)),
        (
            "External-Description",
            format!("Đợt gửi số {number}: {} sổ, {} bản ghi, {} trang ảnh", books.len(), header.entries, header.pages),
        ),
        ("Bagging-Date", header.created_at.get(..10).unwrap_or_default().to_string()),
        ("Bag-Software-Agent", header.software.clone()),
        ("Bag-Count", "1 of 1".into()),
        ("Sohoa-Package-Kind", "batch".into()),
        ("Sohoa-Batch-Number", number.to_string()),
        ("Sohoa-Commune-Code", ws.commune_code.clone()),
        ("Sohoa-Workspace-Id", ws.workspace_id.clone()),
        ("Sohoa-User", user),
        ("Sohoa-Books", books.len().to_string()),
        ("Sohoa-Entries", header.entries.to_string()),
        ("Sohoa-Pages", header.pages.to_string()),
        ("Sohoa-Template-Version", header.template_version.clone()),
        ("Sohoa-Audit-Head", head),
        ("Sohoa-Signer-Fingerprint", secrets.public.fingerprint.clone()),
    ];
    let header_json = serde_json::to_vec_pretty(&header).map_err(|e| CoreError::Internal(e.to_string()))?;
    let (enc, package_id) = bag.finish(&bag_info, &header_json, &secrets.signing)?;
    let buffered = enc.finish()?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((package_id, header))
}

fn cancelled(cancel: &AtomicBool) -> bool {
    cancel.load(std::sync::atomic::Ordering::Relaxed)
}

pub(crate) fn cancel_in(w: &Writer, batch_id: i64, number: i64) -> Result<()> {
    let ids: Vec<i64> = {
        let mut st = w.tx.prepare(
            "SELECT e.id FROM batch_entry be JOIN entry e ON e.id = be.entry_id WHERE be.batch_id = ?1 AND e.status = 'submitted'",
        )?;
        let rows = st.query_map([batch_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in &ids {
        set_status_in(w, *id, EntryStatus::Submitted, EntryStatus::Checked)?;
    }
    w.tx.execute("UPDATE batch SET state = 'cancelled' WHERE id = ?1", [batch_id])?;
    w.audit("batch.cancel", "batch", Some(&number.to_string()), serde_json::json!({"entries": ids.len()}))?;
    Ok(())
}

pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

pub(crate) fn random_uid() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub(crate) fn jsonl<T: Serialize>(items: &[T]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for it in items {
        serde_json::to_writer(&mut out, it).map_err(|e| CoreError::Internal(e.to_string()))?;
        out.push(b'\n');
    }
    Ok(out)
}

fn load_book_record(conn: &Connection, book_id: i64) -> Result<BookRecord> {
    Ok(conn.query_row(
        "SELECT b.id, b.book_type, b.quyen_so, r.scheme, r.code, r.name, b.year_from, b.year_to, b.period_group, b.page_count,
                b.expected_entries, b.template_version, b.finished_at, b.note
         FROM register_book b JOIN registry r ON r.id = b.registry_id WHERE b.id = ?1",
        [book_id],
        |r| {
            Ok(BookRecord {
                book_id: r.get(0)?,
                book_type: r.get(1)?,
                quyen_so: r.get(2)?,
                registry: crate::model::book::RegistryRef { scheme: r.get(3)?, code: r.get(4)?, name: r.get(5)? },
                year_from: r.get(6)?,
                year_to: r.get(7)?,
                period_group: r.get(8)?,
                page_count: r.get(9)?,
                expected_entries: r.get(10)?,
                template_version: r.get(11)?,
                finished_at: r.get(12)?,
                note: r.get(13)?,
                entries: 0,
                pages: vec![],
                check_passes: vec![],
            })
        },
    )?)
}

fn load_entry_record(conn: &Connection, id: i64, page_sha: &HashMap<i64, String>) -> Result<EntryRecord> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.book_id, e.seq, e.version, e.status, e.page_id, e.created_at, e.created_by, e.updated_at, e.updated_by, b.book_type
         FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1",
    )?;
    let (mut rec, book_type) = st.query_row([id], |r| {
        let page: Option<i64> = r.get(5)?;
        Ok((
            EntryRecord {
                entry_id: r.get(0)?,
                book_id: r.get(1)?,
                seq: r.get(2)?,
                version: r.get(3)?,
                status: r.get(4)?,
                page: page.and_then(|p| page_sha.get(&p).cloned()),
                created_at: r.get(6)?,
                created_by: r.get(7)?,
                updated_at: r.get(8)?,
                updated_by: r.get(9)?,
                fields: vec![],
            },
            r.get::<_, crate::BookType>(10)?,
        ))
    })?;
    let mut fs = conn.prepare_cached("SELECT field, value, illegible FROM entry_field WHERE entry_id = ?1")?;
    let mut fields: Vec<FieldValue> = fs
        .query_map([id], |r| Ok(FieldValue { field: r.get(0)?, value: r.get(1)?, illegible: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let order: BTreeMap<&str, usize> = book_type.spec().fields.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
    fields.sort_by_key(|f| order.get(f.field.as_str()).copied().unwrap_or(usize::MAX));
    rec.fields = fields;
    Ok(rec)
}

/// The head of this workspace's audit chain that every registered supervisor device has
/// acknowledged (the oldest of their acknowledgements; `None` when one of them has none yet, so
/// the batch carries the chain from its first row).
pub(crate) fn acknowledged_head(conn: &Connection) -> Result<Option<AuditHead>> {
    let supervisors: Vec<String> =
        super::identity::trusted_devices(conn)?.into_iter().filter(|d| d.role == "supervisor").map(|d| d.fingerprint).collect();
    let mut oldest: Option<AuditHead> = None;
    for fp in supervisors {
        let ack: Option<(i64, String)> = conn
            .query_row("SELECT seq, hash FROM audit_ack WHERE peer_fingerprint = ?1", [&fp], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((seq, hash)) = ack else { return Ok(None) };
        if oldest.as_ref().is_none_or(|o| seq < o.seq) {
            oldest = Some(AuditHead { seq, hash });
        }
    }
    Ok(oldest)
}
