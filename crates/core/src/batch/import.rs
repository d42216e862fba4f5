//! Importing packages. `crate::batch::import::import_package` reads the package twice:
//!
//! 1. **verify** (nothing written): age decryption and authentication, tar structure, every
//!    SHA-512 of both manifests, the Ed25519 signature over the tag manifest; then the sender's key
//!    against the registered devices, the commune against the supervisor's scope, and replay rules;
//! 2. **apply**, in one transaction, re-hashing everything as it streams by; if anything differs
//!    from pass 1 (the file changed in between) the transaction is rolled back.
//!
//! A supervisor imports `batch` packages; a clerk imports `verdict` packages (verdict.rs).
//! Idempotent: the same package twice changes nothing. A later batch carrying a book the
//! supervisor already holds supersedes that book's entries (field changes kept in the field
//! history, the earlier version listed in `imported_book_version`); an older package arriving
//! after a newer one is refused as a replay.
use super::bag::{read_package, VerifyReport};
use super::crypt::Keys;
use super::format::*;
use super::Progress;
use crate::cancel::{check_cancel, NEVER_CANCELLED};
use crate::dedupe::{CandidateKind, DecisionRecord};
use crate::error::{CoreError, Result};
use crate::model::entry::{insert_entry, put_field, set_status_in, touch};
use crate::session::accounts::Role;
use crate::session::{Session, Writer};
use crate::{EntryStatus, FieldValue};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::AtomicBool;

pub(crate) use super::format::refused;
pub use super::received::ImportOutcome;
use super::received::{check_sender, for_each_line, insert_import};

/// Imports a package (batch on a supervisor's workspace, verdict on a commune's). `keys` may
/// add a passphrase or key files; the workspace's own device key is always tried.
pub fn import_package(s: &mut Session, path: &Path, keys: &Keys, progress: &mut dyn FnMut(Progress)) -> Result<ImportOutcome> {
    import_package_with(s, path, keys, progress, &NEVER_CANCELLED)
}

/// [`import_package`] that stops when `cancel` is set: checked before the package is read,
/// before each of its files in both passes and once the second pass has read everything, just
/// before the commit. The second pass runs inside the one write transaction of the import, so a
/// cancelled import is rolled back as a whole (no `package_import` row, no entry, no audit row)
/// and the answer is [`CoreError::Cancelled`].
pub fn import_package_with(
    s: &mut Session,
    path: &Path,
    keys: &Keys,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportOutcome> {
    check_cancel(cancel)?;
    let secrets = super::identity::device_secrets(s)?;
    let keys = keys.clone().with_identity(secrets.age.clone());
    let report = read_package(path, &keys, &mut |_, _| Ok(()), progress, cancel)?;
    if !report.ok {
        return Err(refused(report.reasons()));
    }
    let header = report.header.clone().ok_or_else(|| refused("thiếu phần đầu của gói"))?;
    let package_id = report.package_id.clone().unwrap_or_default();
    match header.kind {
        PackageKind::Batch => {
            if s.user().role != Role::Supervisor {
                return Err(refused("đây là gói đợt gửi của xã/phường; chỉ giám sát viên nhập được"));
            }
            import_batch(s, path, &keys, &report, header, package_id, progress, cancel)
        }
        PackageKind::Verdict => {
            if s.user().role != Role::Clerk {
                return Err(refused("đây là gói kết quả kiểm tra của giám sát viên; cán bộ hộ tịch của xã nhập gói này"));
            }
            super::verdict::import_verdict(s, path, &keys, &report, header, package_id, progress, cancel)
        }
    }
}

/// The keys this workspace opens packages with (its device identity), plus `extra`.
pub fn package_keys(s: &mut Session, extra: &Keys) -> Result<Keys> {
    let secrets = super::identity::device_secrets(s)?;
    Ok(extra.clone().with_identity(secrets.age.clone()))
}

/// Verifies a package with this workspace's keys, and also whether its signer is a device this
/// workspace has registered (a commune for batch packages, a supervisor for verdicts). Writes
/// nothing except, on first use, the device identity.
pub fn verify_package(s: &mut Session, path: &Path, extra: &Keys, progress: &mut dyn FnMut(Progress)) -> Result<VerifyReport> {
    verify_package_with(s, path, extra, progress, &NEVER_CANCELLED)
}

/// [`verify_package`] that stops when `cancel` is set (before the package is read, before each
/// of its files, once it is read): the answer is then [`CoreError::Cancelled`] and no report.
pub fn verify_package_with(
    s: &mut Session,
    path: &Path,
    extra: &Keys,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<VerifyReport> {
    check_cancel(cancel)?;
    let keys = package_keys(s, extra)?;
    let mut report = read_package(path, &keys, &mut |_, _| Ok(()), progress, cancel)?;
    check_cancel(cancel)?;
    if let (true, Some(h)) = (report.ok, report.header.clone()) {
        let role = if h.kind == PackageKind::Batch { "commune" } else { "supervisor" };
        if let Err(e) = check_sender(s.conn(), &h, role) {
            report.problems.push(match e {
                CoreError::Invalid { reason, .. } => reason,
                other => other.message_vi(),
            });
            report.ok = false;
        }
    }
    Ok(report)
}

#[allow(clippy::too_many_arguments)] // the package, its first pass, and the job's progress and cancel flag
fn import_batch(
    s: &mut Session,
    path: &Path,
    keys: &Keys,
    first: &VerifyReport,
    header: PackageHeader,
    package_id: String,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportOutcome> {
    let device = check_sender(s.conn(), &header, "commune")?;
    let c = &header.sender.commune;
    super::identity::require_in_scope(s, &c.scheme, &c.code, &c.name)?;
    super::trust::require_enrolled_supervisor(s, Some((&c.scheme, &c.code)))?;
    let mut outcome = ImportOutcome {
        kind: PackageKind::Batch,
        already_imported: false,
        package_id: package_id.clone(),
        batch_number: header.batch_number,
        commune_code: c.code.clone(),
        commune_name: c.name.clone(),
        books: header.books.len() as u64,
        entries: header.entries,
        pages: header.pages,
        superseded_books: 0,
        changed_entries: 0,
        accepted_books: 0,
        returned_books: 0,
        returned_entries: 0,
    };
    // Replays and idempotency.
    let known: Option<(Option<i64>,)> = s
        .conn()
        .query_row("SELECT superseded_by FROM package_import WHERE package_id = ?1", [&package_id], |r| Ok((r.get(0)?,)))
        .optional()?;
    if let Some((superseded,)) = known {
        if let Some(newer) = superseded {
            let n: i64 = s.conn().query_row("SELECT batch_number FROM package_import WHERE id = ?1", [newer], |r| r.get(0))?;
            return Err(CoreError::Conflict(format!(
                "gói cũ: đợt gửi số {} của {} đã được thay thế bởi đợt số {n}; không nhập lại gói cũ",
                header.batch_number, c.name
            )));
        }
        outcome.already_imported = true;
        return Ok(outcome);
    }
    for b in &header.books {
        let held: Option<i64> = s
            .conn()
            .query_row(
                "SELECT batch_number FROM imported_book WHERE source_workspace_id = ?1 AND source_book_id = ?2",
                params![header.sender.workspace_id, b.book_id],
                |r| r.get(0),
            )
            .optional()?;
        match held {
            Some(n) if n > header.batch_number => {
                return Err(CoreError::Conflict(format!(
                    "gói cũ: sổ {} {} trong đợt số {} đã có bản mới hơn (đợt số {n}); không nhập lại gói cũ",
                    b.book_type, b.quyen_so, header.batch_number
                )))
            }
            Some(n) if n == header.batch_number => {
                return Err(CoreError::Conflict(format!("đợt gửi số {n} của {} đã được nhập từ một gói khác; không nhập gói này", c.name)))
            }
            _ => {}
        }
    }
    // Pass 2: apply in one transaction, re-verifying.
    let user = s.user().username.clone();
    let outcome = s.write(|w| {
        let import_id = insert_import(w, "batch", &package_id, &header)?;
        super::trust::absorb_in(w, header.enrolment.as_ref(), header.revocation_list.as_ref())?;
        let mut st = ApplyBatch::new(w, &header, import_id);
        let mut trail = super::audit_trail::TrailCheck::begin(w, &header)?;
        let second = read_package(
            path,
            keys,
            &mut |rel, r| if rel == AUDIT_FILE { for_each_line(r, rel, |a: AuditRecord| trail.row(a)) } else { st.visit(rel, r) },
            progress,
            cancel,
        )?;
        if !second.ok || second.package_id != first.package_id {
            return Err(refused("gói thay đổi trong lúc nhập; không nhập gì"));
        }
        let counts = st.finish()?;
        trail.finish(header.audit_head.as_ref())?;
        // The last moment to stop: returning an error rolls the whole import back.
        check_cancel(cancel)?;
        // Pin the sender's key when it was registered by fingerprint only.
        w.tx.execute(
            "UPDATE trusted_device SET ed25519_public = coalesce(ed25519_public, ?2), age_recipient = ?3,
               workspace_id = coalesce(workspace_id, ?4), commune_name = coalesce(commune_name, ?5) WHERE id = ?1",
            params![device.id, header.sender.ed25519_public_key, header.sender.age_recipient, header.sender.workspace_id, c.name],
        )?;
        w.audit(
            "batch.import",
            "package_import",
            Some(&import_id.to_string()),
            serde_json::json!({
                "packageId": package_id, "communeCode": c.code, "batchNumber": header.batch_number, "books": header.books.len(),
                "entries": header.entries, "pages": header.pages, "supersededBooks": counts.0, "changedEntries": counts.1,
                "senderFingerprint": header.sender.fingerprint, "by": user
            }),
        )?;
        let mut o = outcome.clone();
        o.superseded_books = counts.0;
        o.changed_entries = counts.1;
        Ok(o)
    })?;
    Ok(outcome)
}

/// Packages imported into this workspace, newest first.
pub fn imported_packages(conn: &Connection) -> Result<Vec<ImportedPackage>> {
    let mut st = conn.prepare(
        "SELECT id, kind, package_id, sender_fingerprint, commune_code, commune_name, batch_number, books, entries, pages, created_at,
                imported_at, imported_by, superseded_by, verdicts_sent_at FROM package_import ORDER BY id DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ImportedPackage {
            id: r.get(0)?,
            kind: r.get(1)?,
            package_id: r.get(2)?,
            sender_fingerprint: r.get(3)?,
            commune_code: r.get(4)?,
            commune_name: r.get(5)?,
            batch_number: r.get(6)?,
            books: r.get(7)?,
            entries: r.get(8)?,
            pages: r.get(9)?,
            created_at: r.get(10)?,
            imported_at: r.get(11)?,
            imported_by: r.get(12)?,
            superseded_by: r.get(13)?,
            verdicts_sent_at: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row of `package_import`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedPackage {
    pub id: i64,
    pub kind: String,
    pub package_id: String,
    pub sender_fingerprint: String,
    pub commune_code: String,
    pub commune_name: String,
    pub batch_number: i64,
    pub books: i64,
    pub entries: i64,
    pub pages: i64,
    pub created_at: String,
    pub imported_at: String,
    pub imported_by: String,
    pub superseded_by: Option<i64>,
    pub verdicts_sent_at: Option<String>,
}

/// State of pass 2 of a batch import.
struct ApplyBatch<'a, 'w> {
    w: &'a Writer<'w>,
    header: &'a PackageHeader,
    import_id: i64,
    /// source book id → (local book id, book type)
    books: HashMap<i64, (i64, crate::BookType)>,
    /// source entry id → local entry id, for every entry of this package once applied
    entries: HashMap<i64, i64>,
    /// page file → the books (local ids) and page records that use it
    pages_wanted: HashMap<String, Vec<(i64, PageRecord)>>,
    /// local book id → sha256 → local page id
    pages: HashMap<i64, HashMap<String, i64>>,
    entry_pages: Vec<(i64, i64, String)>,
    seen_books: HashSet<i64>,
    superseded: u64,
    changed: u64,
    entries_seen: u64,
    per_book_changed: HashMap<i64, u64>,
    per_book_entries: HashMap<i64, u64>,
}

impl<'a, 'w> ApplyBatch<'a, 'w> {
    fn new(w: &'a Writer<'w>, header: &'a PackageHeader, import_id: i64) -> Self {
        ApplyBatch {
            w,
            header,
            import_id,
            books: HashMap::new(),
            entries: HashMap::new(),
            pages_wanted: HashMap::new(),
            pages: HashMap::new(),
            entry_pages: Vec::new(),
            seen_books: HashSet::new(),
            superseded: 0,
            changed: 0,
            entries_seen: 0,
            per_book_changed: HashMap::new(),
            per_book_entries: HashMap::new(),
        }
    }

    fn visit(&mut self, rel: &str, r: &mut dyn Read) -> Result<()> {
        match rel {
            BOOKS_FILE => for_each_line(r, rel, |b: BookRecord| self.book(b)),
            ENTRIES_FILE => for_each_line(r, rel, |e: EntryRecord| self.entry(e)),
            _ if rel.starts_with(PAGES_DIR) => self.page(rel, r),
            DECISIONS_FILE => for_each_line(r, rel, |d: DecisionRecord| self.decision(d)),
            _ => Ok(()), // audit rows: verified by the manifest, kept in the package
        }
    }

    fn book(&mut self, b: BookRecord) -> Result<()> {
        let tx = self.w.tx;
        let ws = &self.header.sender.workspace_id;
        if !self.header.books.iter().any(|x| x.book_id == b.book_id) || !self.seen_books.insert(b.book_id) {
            return Err(refused(format!("sổ số {} trong books.jsonl không khớp với phần đầu của gói", b.book_id)));
        }
        crate::model::book::validate_new_book(&crate::model::book::NewBook {
            book_type: b.book_type,
            registry: b.registry.clone(),
            quyen_so: b.quyen_so.clone(),
            year_from: b.year_from,
            year_to: b.year_to,
            page_count: b.page_count,
            expected_entries: b.expected_entries,
            note: b.note.clone(),
        })
        .map_err(|e| refused(format!("sổ số {}: {}", b.book_id, e.message_vi())))?;
        let held: Option<(i64, i64)> = tx
            .query_row(
                "SELECT book_id, import_id FROM imported_book WHERE source_workspace_id = ?1 AND source_book_id = ?2",
                params![ws, b.book_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let now = crate::clock::now();
        let local = match held {
            Some((local, old_import)) => {
                tx.execute(
                    "UPDATE imported_book_version SET superseded_at = ?3 WHERE book_id = ?1 AND import_id = ?2",
                    params![local, old_import, now],
                )?;
                tx.execute("UPDATE package_import SET superseded_by = ?2 WHERE id = ?1", params![old_import, self.import_id])?;
                tx.execute(
                    "UPDATE imported_book SET import_id = ?2, batch_number = ?3 WHERE book_id = ?1",
                    params![local, self.import_id, self.header.batch_number],
                )?;
                self.superseded += 1;
                local
            }
            None => {
                let registry_id = crate::model::book::registry_id(tx, &b.registry)?;
                tx.execute(
                    "INSERT INTO register_book(book_type, registry_id, quyen_so, year_from, year_to, period_group, page_count,
                       expected_entries, template_version, finished_at, note, created_at, created_by, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?13)",
                    params![
                        b.book_type,
                        registry_id,
                        crate::text::stored(&b.quyen_so),
                        b.year_from,
                        b.year_to,
                        crate::model::book::period_group(b.year_from),
                        b.page_count,
                        b.expected_entries,
                        b.template_version,
                        b.finished_at,
                        b.note,
                        now,
                        self.w.user.username
                    ],
                )?;
                let local = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO imported_book(book_id, source_workspace_id, source_book_id, commune_scheme, commune_code, import_id, batch_number)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![local, ws, b.book_id, self.header.sender.commune.scheme, self.header.sender.commune.code, self.import_id, self.header.batch_number],
                )?;
                self.w.audit(
                    "book.create",
                    "register_book",
                    Some(&local.to_string()),
                    serde_json::json!({"bookType": b.book_type, "quyenSo": b.quyen_so, "importedFrom": self.header.sender.commune.code, "sourceBookId": b.book_id}),
                )?;
                local
            }
        };
        let existing: HashMap<String, i64> = {
            let mut st = tx.prepare_cached("SELECT sha256, id FROM page WHERE book_id = ?1")?;
            let rows = st.query_map([local], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for p in &b.pages {
            if !existing.contains_key(&p.sha256) {
                self.pages_wanted.entry(p.file.clone()).or_default().push((local, p.clone()));
            }
        }
        super::passes::store_received(self.w, local, &b.check_passes)?;
        self.pages.insert(local, existing);
        self.books.insert(b.book_id, (local, b.book_type));
        Ok(())
    }

    /// Local id of an entry of this package's sender, once its entry has been applied: from this package (no query),
    /// else from an earlier import (a record candidate in a book sent before).
    fn local_entry(&self, source_entry_id: i64) -> Result<Option<i64>> {
        if let Some(&local) = self.entries.get(&source_entry_id) {
            return Ok(Some(local));
        }
        Ok(self
            .w
            .tx
            .prepare_cached("SELECT entry_id FROM imported_entry WHERE source_workspace_id = ?1 AND source_entry_id = ?2")?
            .query_row(params![self.header.sender.workspace_id, source_entry_id], |r| r.get(0))
            .optional()?)
    }

    /// A duplicate decision of the commune (data/decisions.jsonl, written after the entries).
    fn decision(&mut self, d: DecisionRecord) -> Result<()> {
        let local = self.local_entry(d.entry_id)?.ok_or_else(|| {
            refused(format!("quyết định trùng lặp số {} nói về bản ghi {} không có trong gói", d.decision_id, d.entry_id))
        })?;
        let candidate_ref = match d.kind {
            CandidateKind::Person => d.candidate_id.clone(),
            CandidateKind::Record => match d.candidate_id.parse::<i64>().ok().map(|id| self.local_entry(id)).transpose()?.flatten() {
                Some(other) => other.to_string(),
                None => format!("xa:{}", d.candidate_id),
            },
        };
        self.w.tx.execute(
            "INSERT INTO imported_decision(import_id, entry_id, source_workspace_id, source_decision_id, kind, candidate_ref, decision, note,
               score, band, extract_source, extract_date, decided_by, decided_at, current)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT(source_workspace_id, source_decision_id) DO UPDATE SET current = excluded.current",
            params![
                self.import_id,
                local,
                self.header.sender.workspace_id,
                d.decision_id,
                d.kind.code(),
                candidate_ref,
                d.decision.as_str(),
                d.note,
                d.score,
                d.band,
                d.extract_source,
                d.extract_date,
                d.decided_by,
                d.decided_at,
                d.current
            ],
        )?;
        Ok(())
    }

    fn entry(&mut self, e: EntryRecord) -> Result<()> {
        let tx = self.w.tx;
        let ws = &self.header.sender.workspace_id;
        let (local_book, book_type) = self
            .books
            .get(&e.book_id)
            .cloned()
            .ok_or_else(|| refused(format!("bản ghi {} thuộc sổ số {} không có trong gói", e.entry_id, e.book_id)))?;
        let spec = book_type.spec();
        for f in &e.fields {
            if spec.field(&f.field).is_none() {
                return Err(refused(format!("bản ghi {}: trường “{}” không có trong mẫu sổ {book_type}", e.entry_id, f.field)));
            }
        }
        self.entries_seen += 1;
        *self.per_book_entries.entry(local_book).or_default() += 1;
        let held: Option<(i64, String)> = tx
            .query_row(
                "SELECT ie.entry_id, e.status FROM imported_entry ie JOIN entry e ON e.id = ie.entry_id
                 WHERE ie.source_workspace_id = ?1 AND ie.source_entry_id = ?2",
                params![ws, e.entry_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let local = match held {
            Some((local, status)) => {
                let current: Vec<String> = {
                    let mut st = tx.prepare_cached("SELECT field FROM entry_field WHERE entry_id = ?1")?;
                    let rows = st.query_map([local], |r| r.get(0))?;
                    rows.collect::<rusqlite::Result<_>>()?
                };
                let mut changed = false;
                for f in &e.fields {
                    changed |= put_field(self.w, local, book_type, f, true)?;
                }
                for name in current.iter().filter(|n| !e.fields.iter().any(|f| &f.field == *n)) {
                    changed |= put_field(
                        self.w,
                        local,
                        book_type,
                        &FieldValue { field: name.clone(), value: String::new(), illegible: false },
                        true,
                    )?;
                }
                if changed {
                    touch(self.w, local)?;
                    self.changed += 1;
                    *self.per_book_changed.entry(local_book).or_default() += 1;
                    self.w.audit(
                        "entry.resubmitted",
                        "entry",
                        Some(&local.to_string()),
                        serde_json::json!({"sourceEntryId": e.entry_id}),
                    )?;
                }
                let from: EntryStatus = status.parse()?;
                if from != EntryStatus::Submitted {
                    set_status_in(self.w, local, from, EntryStatus::Submitted)?;
                }
                tx.execute("UPDATE imported_entry SET source_version = ?2 WHERE entry_id = ?1", params![local, e.version])?;
                local
            }
            None => {
                let local = insert_entry(self.w, local_book, book_type, &e.fields, EntryStatus::Submitted, None)?;
                tx.execute(
                    "INSERT INTO imported_entry(entry_id, source_workspace_id, source_entry_id, source_version) VALUES (?1, ?2, ?3, ?4)",
                    params![local, ws, e.entry_id, e.version],
                )?;
                local
            }
        };
        // who keyed it in the commune (the review's errors per clerk)
        tx.execute(
            "UPDATE imported_entry SET source_created_by = ?2, source_updated_by = ?3 WHERE entry_id = ?1",
            params![local, e.created_by, e.updated_by],
        )?;
        self.entries.insert(e.entry_id, local);
        if let Some(sha) = e.page {
            self.entry_pages.push((local, local_book, sha));
        }
        Ok(())
    }

    fn page(&mut self, rel: &str, r: &mut dyn Read) -> Result<()> {
        let Some(wanted) = self.pages_wanted.remove(rel) else { return Ok(()) };
        let mut bytes = Vec::new();
        // read_bag refused a page past PackageLimits::page_bytes from its tar header already.
        r.take(super::PackageLimits::default().page_bytes).read_to_end(&mut bytes)?;
        let sha = hex::encode(Sha256::digest(&bytes));
        for (book, p) in wanted {
            if p.sha256 != sha {
                return Err(refused(format!("ảnh {rel} không khớp với mã SHA-256 ghi trong books.jsonl")));
            }
            let tx = self.w.tx;
            let taken: bool =
                tx.query_row("SELECT count(*) > 0 FROM page WHERE book_id = ?1 AND seq = ?2", params![book, p.seq], |r| r.get(0))?;
            let seq: i64 = if taken {
                tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM page WHERE book_id = ?1", [book], |r| r.get(0))?
            } else {
                p.seq
            };
            tx.execute(
                "INSERT INTO page(book_id, seq, rotation, mime, width, height, sha256, bytes, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![book, seq, p.rotation, p.mime, p.width, p.height, sha, bytes, crate::clock::now(), self.w.user.username],
            )?;
            let id = tx.last_insert_rowid();
            self.w.audit("page.add", "page", Some(&id.to_string()), serde_json::json!({"bookId": book, "seq": seq, "sha256": sha}))?;
            self.pages.entry(book).or_default().insert(sha.clone(), id);
        }
        Ok(())
    }

    /// Links entries to their pages and records the book versions. Returns (superseded books, changed entries).
    fn finish(self) -> Result<(u64, u64)> {
        let tx = self.w.tx;
        if self.seen_books.len() != self.header.books.len() {
            return Err(refused("books.jsonl thiếu sổ so với phần đầu của gói"));
        }
        if self.entries_seen != self.header.entries {
            return Err(refused(format!("entries.jsonl có {} bản ghi, phần đầu của gói ghi {}", self.entries_seen, self.header.entries)));
        }
        if let Some(missing) = self.pages_wanted.keys().next() {
            return Err(refused(format!("thiếu ảnh {missing}")));
        }
        for (entry, book, sha) in &self.entry_pages {
            if let Some(page) = self.pages.get(book).and_then(|m| m.get(sha)) {
                tx.execute("UPDATE entry SET page_id = ?2 WHERE id = ?1", params![entry, page])?;
            }
        }
        for (local, _) in self.books.values() {
            tx.execute(
                "INSERT INTO imported_book_version(book_id, import_id, batch_number, entries, changed_entries) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    local,
                    self.import_id,
                    self.header.batch_number,
                    self.per_book_entries.get(local).copied().unwrap_or(0) as i64,
                    self.per_book_changed.get(local).copied().unwrap_or(0) as i64
                ],
            )?;
        }
        Ok((self.superseded, self.changed))
    }
}
