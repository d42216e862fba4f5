//! Verdicts: the supervisor accepts a book or returns it with reasons per entry (and field); the
//! verdicts on the books of one imported batch travel back as a signed, encrypted verdict package
//! (same bag layout, `data/verdicts.jsonl`), which the commune imports:
//!
//! - accepted book: its entries `submitted → accepted`;
//! - returned book: entries with reasons `submitted → returned` (reasons stored in
//!   `returned_reason`, shown beside the fields via [`crate::batch::verdict::returned_reasons`]); the book's
//!   other entries go back to `checked` (the book is unfrozen and will be resubmitted whole).
//!
//! The clerk fixes the returned entries (`returned → checked`), and the next batch resubmits the
//! book; the supervisor's import of it supersedes the earlier version.
use super::bag::BagWriter;
use super::crypt::{Encryption, Keys};
use super::export::{jsonl, random_uid, unix_now};
use super::format::refused;
use super::format::*;
use super::received::{check_sender, for_each_line, insert_import, ImportOutcome, UNDER_REVIEW};
use super::{software_version, Progress};
use crate::error::{CoreError, Result};
use crate::model::column_map::column_map;
use crate::model::entry::set_status_in;
use crate::session::accounts::Role;
use crate::session::Session;
use crate::EntryStatus;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A reason for returning one entry (optionally one field of it). `entry_id` is the id in the
/// workspace where the verdict is recorded (the supervisor's).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnReason {
    pub entry_id: i64,
    pub field: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerdictDecision {
    Accept,
    Return(Vec<ReturnReason>),
}

/// A reason the clerk sees beside a returned entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnedReason {
    pub field: Option<String>,
    /// Vietnamese label of the field (column map), when a field is named.
    pub field_label: Option<String>,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
    /// The batch the supervisor's verdict answered; 0 for a reason from the Ministry.
    pub batch_number: i64,
    /// Who returned the entry: `supervisor` (a verdict) or `ministry` (the national database's
    /// result list, crate::upload::result).
    pub source: String,
    /// For a Ministry reason: the Excel file the row was in.
    pub file: Option<String>,
}

/// A verdict package written by the supervisor.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictSummary {
    pub package: PathBuf,
    pub package_id: String,
    pub commune_code: String,
    pub batch_number: i64,
    pub accepted_books: u64,
    pub returned_books: u64,
    pub returned_entries: u64,
}

/// Records the supervisor's verdict on an imported book (replacing an earlier verdict that has
/// not been sent yet).
pub fn record_verdict(s: &mut Session, book_id: i64, decision: &VerdictDecision) -> Result<()> {
    s.require_role(Role::Supervisor)?;
    let commune: Option<(String, String)> = s
        .conn()
        .query_row(
            "SELECT pi.commune_scheme, pi.commune_code FROM imported_book ib JOIN package_import pi ON pi.id = ib.import_id WHERE ib.book_id = ?1",
            [book_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    super::trust::require_enrolled_supervisor(s, commune.as_ref().map(|(a, b)| (a.as_str(), b.as_str())))?;
    let (import_id, book_type): (i64, crate::BookType) = s
        .conn()
        .query_row(
            "SELECT ib.import_id, b.book_type FROM imported_book ib JOIN register_book b ON b.id = ib.book_id WHERE ib.book_id = ?1",
            [book_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id} nhận từ xã/phường")))?;
    let sent: Option<Option<String>> = s
        .conn()
        .query_row("SELECT sent_at FROM verdict WHERE book_id = ?1 AND import_id = ?2", params![book_id, import_id], |r| r.get(0))
        .optional()?;
    if let Some(Some(_)) = sent {
        return Err(CoreError::Conflict("kết quả kiểm tra của sổ này đã được gửi về xã".into()));
    }
    let entries: Vec<i64> = {
        let mut st = s.conn().prepare(&format!("SELECT id FROM entry WHERE book_id = ?1 AND {UNDER_REVIEW} ORDER BY seq, id"))?;
        let rows = st.query_map([book_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let entry_set: HashSet<i64> = entries.iter().copied().collect();
    let spec = book_type.spec();
    if let VerdictDecision::Return(reasons) = decision {
        if reasons.is_empty() {
            return Err(CoreError::invalid("lý do", "trả lại sổ cần ít nhất một lý do cho một bản ghi"));
        }
        for r in reasons {
            if !entry_set.contains(&r.entry_id) {
                return Err(CoreError::invalid("bản ghi", format!("bản ghi {} không thuộc sổ này hoặc đã xuất để tải lên", r.entry_id)));
            }
            if let Some(f) = &r.field {
                if spec.field(f).is_none() {
                    return Err(CoreError::invalid("trường", format!("“{f}” không có trong mẫu sổ {book_type}")));
                }
            }
            if r.reason.trim().is_empty() {
                return Err(CoreError::invalid("lý do", "cần ghi lý do trả lại"));
            }
        }
    }
    s.write(|w| {
        // Undo an unsent earlier verdict.
        if sent.is_some() {
            w.tx.execute("DELETE FROM verdict WHERE book_id = ?1 AND import_id = ?2", params![book_id, import_id])?;
        }
        let (decision_s, returned): (&str, HashSet<i64>) = match decision {
            VerdictDecision::Accept => ("accept", HashSet::new()),
            VerdictDecision::Return(rs) => ("return", rs.iter().map(|r| r.entry_id).collect()),
        };
        for id in &entries {
            let status: EntryStatus = w.tx.query_row("SELECT status FROM entry WHERE id = ?1", [id], |r| r.get::<_, String>(0))?.parse()?;
            let to = if decision_s == "accept" {
                EntryStatus::Accepted
            } else if returned.contains(id) {
                EntryStatus::Returned
            } else {
                EntryStatus::Submitted
            };
            if status != to {
                if !matches!(status, EntryStatus::Submitted | EntryStatus::Accepted | EntryStatus::Returned) {
                    return Err(CoreError::Conflict(format!("bản ghi {id} đang ở trạng thái “{}”", status.label_vi())));
                }
                set_status_in(w, *id, status, to)?;
            }
        }
        w.tx.execute(
            "INSERT INTO verdict(book_id, import_id, decision, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![book_id, import_id, decision_s, crate::clock::now(), w.user.username],
        )?;
        let verdict_id = w.tx.last_insert_rowid();
        let mut fields = Vec::new();
        if let VerdictDecision::Return(rs) = decision {
            for r in rs {
                w.tx.execute(
                    "INSERT INTO verdict_reason(verdict_id, entry_id, field, reason) VALUES (?1, ?2, ?3, ?4)",
                    params![verdict_id, r.entry_id, r.field, crate::text::stored(&r.reason)],
                )?;
                fields.extend(r.field.clone());
            }
        }
        w.audit(
            "verdict.record",
            "verdict",
            Some(&verdict_id.to_string()),
            serde_json::json!({"bookId": book_id, "decision": decision_s, "returnedEntries": returned.len(), "fields": fields}),
        )?;
        Ok(())
    })
}

/// Writes the verdict package for one imported batch (`import_id` of [`crate::batch::import::imported_packages`]).
/// Every book of the batch needs a verdict. Encrypted for the commune's device (its age
/// recipient came signed in its batch package) unless `encryption` says otherwise.
pub fn export_verdicts(s: &mut Session, import_id: i64, out: &Path, encryption: Option<&Encryption>) -> Result<VerdictSummary> {
    s.require_role(Role::Supervisor)?;
    if out.exists() {
        return Err(CoreError::Conflict(format!("tệp “{}” đã tồn tại; hãy chọn tên khác", out.display())));
    }
    let (sender_ws, fingerprint, commune_code, batch_number, kind): (String, String, String, i64, String) = s
        .conn()
        .query_row(
            "SELECT sender_workspace_id, sender_fingerprint, commune_code, batch_number, kind FROM package_import WHERE id = ?1",
            [import_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("gói đã nhập số {import_id}")))?;
    if kind != "batch" {
        return Err(CoreError::invalid("gói", "chỉ trả kết quả cho gói đợt gửi của xã/phường"));
    }
    let scheme: String = s.conn().query_row("SELECT commune_scheme FROM package_import WHERE id = ?1", [import_id], |r| r.get(0))?;
    super::trust::require_enrolled_supervisor(s, Some((&scheme, &commune_code)))?;
    let books: Vec<(i64, i64, crate::BookType, String)> = {
        let mut st = s.conn().prepare(
            "SELECT ib.book_id, ib.source_book_id, b.book_type, b.quyen_so FROM imported_book ib JOIN register_book b ON b.id = ib.book_id
             WHERE ib.import_id = ?1 ORDER BY ib.source_book_id",
        )?;
        let rows = st.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if books.is_empty() {
        return Err(CoreError::Conflict("các sổ của đợt này đã được thay thế bởi một đợt gửi mới hơn".into()));
    }
    let mut records = Vec::new();
    let mut refs = Vec::new();
    let (mut accepted, mut returned_books, mut returned_entries) = (0u64, 0u64, 0u64);
    let mut verdict_ids = Vec::new();
    for (local, source, book_type, quyen_so) in &books {
        let v: Option<(i64, String, String, String)> = s
            .conn()
            .query_row(
                "SELECT id, decision, decided_at, decided_by FROM verdict WHERE book_id = ?1 AND import_id = ?2",
                params![local, import_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((vid, decision, decided_at, decided_by)) = v else {
            return Err(CoreError::Conflict(format!("sổ {book_type} {quyen_so} (số {local}) chưa có kết quả kiểm tra")));
        };
        verdict_ids.push(vid);
        let mut reasons = Vec::new();
        {
            let mut st = s.conn().prepare_cached(
                "SELECT ie.source_entry_id, vr.field, vr.reason FROM verdict_reason vr JOIN imported_entry ie ON ie.entry_id = vr.entry_id
                 WHERE vr.verdict_id = ?1 ORDER BY vr.id",
            )?;
            let rows = st.query_map([vid], |r| Ok(ReasonRecord { entry_id: r.get(0)?, field: r.get(1)?, reason: r.get(2)? }))?;
            for row in rows {
                reasons.push(row?);
            }
        }
        if decision == "accept" {
            accepted += 1;
        } else {
            returned_books += 1;
            returned_entries += reasons.iter().map(|r| r.entry_id).collect::<HashSet<_>>().len() as u64;
        }
        let n_entries: u64 = s.conn().query_row("SELECT count(*) FROM entry WHERE book_id = ?1", [local], |r| r.get::<_, i64>(0))? as u64;
        refs.push(BookRef {
            book_id: *source,
            book_type: *book_type,
            quyen_so: quyen_so.clone(),
            entries: n_entries,
            decision: Some(decision.clone()),
        });
        records.push(VerdictRecord { book_id: *source, batch_number, decision, decided_at, decided_by, reasons });
    }
    let (ministry, ministry_rows) = ministry_rejections(s.conn(), &sender_ws)?;
    let device = super::identity::trusted_devices(s.conn())?
        .into_iter()
        .find(|d| d.fingerprint == fingerprint)
        .ok_or_else(|| CoreError::Conflict("khóa của xã/phường đã bị thu hồi".into()))?;
    let encryption = match encryption {
        Some(e) => e.clone(),
        None => Encryption::Recipients(device.age_recipient.clone().into_iter().collect()),
    };
    let encryptor = encryption.encryptor()?;
    let secrets = super::identity::device_secrets(s)?;
    let ws = s.workspace().clone();
    let header = PackageHeader {
        format: PACKAGE_FORMAT.into(),
        format_version: PACKAGE_FORMAT_VERSION,
        layout_version: LAYOUT_VERSION,
        kind: PackageKind::Verdict,
        package_uid: random_uid(),
        created_at: crate::clock::now(),
        software: software_version(),
        template_version: column_map().version.clone(),
        sender: Sender {
            role: "supervisor".into(),
            workspace_id: ws.workspace_id.clone(),
            commune: Commune { scheme: ws.commune_scheme.clone(), code: ws.commune_code.clone(), name: ws.commune_name.clone() },
            user: s.user().username.clone(),
            ed25519_public_key: secrets.public.ed25519_public_key.clone(),
            fingerprint: secrets.public.fingerprint.clone(),
            age_recipient: secrets.public.age_recipient.clone(),
        },
        batch_number,
        recipient_workspace_id: Some(sender_ws.clone()),
        books: refs,
        entries: 0,
        pages: 0,
        audit_head: crate::session::audit::head(s.conn())?.map(|h| AuditHead { seq: h.seq, hash: h.hash }),
        audit_from: None,
        ack_audit_head: super::audit_trail::peer_head(s.conn(), &sender_ws)?,
        enrolment: super::trust::own_enrolment_doc(s.conn(), &secrets.public.fingerprint)?,
        revocation_list: super::trust::revocation_doc(s.conn())?,
    };
    let write = || -> Result<String> {
        let mut file = crate::fsx::AtomicFile::create(out)?;
        let enc = encryptor.wrap_output(&mut file)?;
        let mut bag = BagWriter::new(enc, &format!("sohoa-verdict-{commune_code}-{batch_number}"), unix_now());
        let body = jsonl(&records)?;
        bag.add_payload(VERDICTS_FILE, body.len() as u64, body.as_slice())?;
        if !ministry.is_empty() {
            let body = jsonl(&ministry)?;
            bag.add_payload(MINISTRY_FILE, body.len() as u64, body.as_slice())?;
        }
        let info: Vec<(&str, String)> = vec![
            ("Source-Organization", format!("{} ({} {})", ws.commune_name, ws.commune_scheme, ws.commune_code)),
            ("Contact-Name", format!("{} ({})", s.user().display_name, s.user().username)),
            ("External-Identifier", format!("sohoa-verdict-{commune_code}-{batch_number}")),
            ("External-Description", format!("Kết quả kiểm tra đợt gửi số {batch_number} của xã/phường {commune_code}")),
            ("Bagging-Date", header.created_at.get(..10).unwrap_or_default().to_string()),
            ("Bag-Software-Agent", header.software.clone()),
            ("Sohoa-Package-Kind", "verdict".into()),
            ("Sohoa-Batch-Number", batch_number.to_string()),
            ("Sohoa-Commune-Code", commune_code.clone()),
            ("Sohoa-Books-Accepted", accepted.to_string()),
            ("Sohoa-Books-Returned", returned_books.to_string()),
            ("Sohoa-Signer-Fingerprint", secrets.public.fingerprint.clone()),
        ];
        let hj = serde_json::to_vec_pretty(&header).map_err(|e| CoreError::Internal(e.to_string()))?;
        let (enc, package_id) = bag.finish(&info, &hj, &secrets.signing)?;
        enc.finish()?;
        file.commit()?;
        Ok(package_id)
    };
    let package_id = write()?;
    s.write(|w| {
        let now = crate::clock::now();
        for v in &verdict_ids {
            w.tx.execute("UPDATE verdict SET sent_at = coalesce(sent_at, ?2) WHERE id = ?1", params![v, now])?;
        }
        w.tx.execute("UPDATE package_import SET verdicts_sent_at = ?2 WHERE id = ?1", params![import_id, now])?;
        for (export_id, entry_id) in &ministry_rows {
            w.tx.execute(
                "UPDATE upload_export_entry SET commune_sent_at = ?3 WHERE export_id = ?1 AND entry_id = ?2",
                params![export_id, entry_id, now],
            )?;
        }
        w.audit(
            "verdict.sent",
            "package_import",
            Some(&import_id.to_string()),
            serde_json::json!({"packageId": package_id, "acceptedBooks": accepted, "returnedBooks": returned_books, "returnedEntries": returned_entries,
                               "ministryRejections": ministry_rows.len()}),
        )?;
        Ok(())
    })?;
    Ok(VerdictSummary {
        package: out.to_path_buf(),
        package_id,
        commune_code,
        batch_number,
        accepted_books: accepted,
        returned_books,
        returned_entries,
    })
}

/// The Ministry's rejections of entries received from the commune workspace `commune_ws` that
/// have not travelled back yet (issue 11): the records for the package, and the file rows
/// (export id, local entry id) to mark sent.
#[allow(clippy::type_complexity)]
fn ministry_rejections(conn: &Connection, commune_ws: &str) -> Result<(Vec<MinistryRejectionRecord>, Vec<(i64, i64)>)> {
    let mut st = conn.prepare(
        "SELECT ib.source_book_id, ie.source_entry_id, xe.ministry_field, coalesce(xe.ministry_reason, ''), x.xlsx_name,
                coalesce(xe.ministry_date, xe.decided_at, ''), coalesce(xe.decided_by, ''), xe.export_id, xe.entry_id
           FROM upload_export_entry xe
           JOIN upload_export x ON x.id = xe.export_id
           JOIN imported_entry ie ON ie.entry_id = xe.entry_id
           JOIN entry e ON e.id = xe.entry_id
           JOIN imported_book ib ON ib.book_id = e.book_id
          WHERE xe.ministry_state = 'rejected' AND xe.resolved_at IS NULL AND xe.commune_sent_at IS NULL
            AND ie.source_workspace_id = ?1 AND ib.source_workspace_id = ?1
          ORDER BY xe.export_id, xe.entry_id",
    )?;
    let rows = st.query_map([commune_ws], |r| {
        Ok((
            MinistryRejectionRecord {
                book_id: r.get(0)?,
                entry_id: r.get(1)?,
                field: r.get(2)?,
                reason: r.get(3)?,
                file: r.get(4)?,
                decided_at: r.get(5)?,
                decided_by: r.get(6)?,
            },
            (r.get::<_, i64>(7)?, r.get::<_, i64>(8)?),
        ))
    })?;
    let mut records = Vec::new();
    let mut ids = Vec::new();
    for row in rows {
        let (rec, id) = row?;
        records.push(rec);
        ids.push(id);
    }
    Ok((records, ids))
}

/// Commune side: a Ministry rejection received in a verdict package returns the commune's own
/// accepted entry to the clerk with the Ministry's reason (`returned_reason`, source `ministry`).
/// An entry already returned for the same reason and file is left as it is (a package read again
/// is refused before this; this guards a repeated record).
fn apply_ministry_rejection(w: &crate::session::Writer, batch_id: i64, r: &MinistryRejectionRecord) -> Result<bool> {
    let row: Option<(i64, String)> =
        w.tx.query_row("SELECT book_id, status FROM entry WHERE id = ?1", [r.entry_id], |x| Ok((x.get(0)?, x.get(1)?))).optional()?;
    let Some((book_id, status)) = row else {
        return Err(refused(format!("lý do từ chối của Bộ cho bản ghi {} không có trong sổ làm việc này", r.entry_id)));
    };
    if book_id != r.book_id {
        return Err(refused(format!("bản ghi {} không thuộc sổ số {}", r.entry_id, r.book_id)));
    }
    let reason = crate::text::stored(&r.reason);
    if reason.chars().count() > 2_000 || r.file.chars().count() > 300 || r.field.as_ref().is_some_and(|f| f.len() > 100) {
        return Err(refused("lý do từ chối của Bộ quá dài"));
    }
    let known: bool = w.tx.query_row(
        "SELECT count(*) > 0 FROM returned_reason WHERE entry_id = ?1 AND source = 'ministry' AND file IS ?2 AND reason = ?3 AND resolved_at IS NULL",
        params![r.entry_id, r.file, reason],
        |x| x.get(0),
    )?;
    if known {
        return Ok(false);
    }
    let from: EntryStatus = status.parse()?;
    if from.can_move_to(EntryStatus::Returned, crate::Actor::Ministry) {
        set_status_in(w, r.entry_id, from, EntryStatus::Returned)?;
    }
    w.tx.execute(
        "INSERT INTO returned_reason(entry_id, batch_id, field, reason, decided_by, decided_at, received_at, source, file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ministry', ?8)",
        params![r.entry_id, batch_id, r.field, reason, r.decided_by, r.decided_at, crate::clock::now(), r.file],
    )?;
    Ok(true)
}

#[allow(clippy::too_many_arguments)] // the package, its two passes' shared state, and the job's progress and cancel flag
pub(crate) fn import_verdict(
    s: &mut Session,
    path: &Path,
    keys: &Keys,
    first: &super::bag::VerifyReport,
    header: PackageHeader,
    package_id: String,
    progress: &mut dyn FnMut(Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<ImportOutcome> {
    check_sender(s.conn(), &header, "supervisor")?;
    let ws = s.workspace().clone();
    if header.recipient_workspace_id.as_deref() != Some(ws.workspace_id.as_str()) {
        return Err(refused("gói kết quả này dành cho một xã/phường (sổ làm việc) khác"));
    }
    let mut outcome = ImportOutcome {
        kind: super::format::PackageKind::Verdict,
        already_imported: false,
        package_id: package_id.clone(),
        batch_number: header.batch_number,
        commune_code: ws.commune_code.clone(),
        commune_name: ws.commune_name.clone(),
        books: header.books.len() as u64,
        entries: 0,
        pages: 0,
        superseded_books: 0,
        changed_entries: 0,
        accepted_books: 0,
        returned_books: 0,
        returned_entries: 0,
    };
    if s.conn().query_row("SELECT count(*) > 0 FROM package_import WHERE package_id = ?1", [&package_id], |r| r.get::<_, bool>(0))? {
        outcome.already_imported = true;
        return Ok(outcome);
    }
    let (batch_id, state): (i64, String) = s
        .conn()
        .query_row("SELECT id, state FROM batch WHERE number = ?1", [header.batch_number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| refused(format!("không có đợt gửi số {} trong sổ làm việc này", header.batch_number)))?;
    match state.as_str() {
        "sent" => {}
        "answered" => {
            return Err(CoreError::Conflict(format!(
                "đợt gửi số {} đã nhận kết quả từ một gói khác trước đó; không nhập lại",
                header.batch_number
            )))
        }
        _ => return Err(CoreError::Conflict(format!("đợt gửi số {} đã bị hủy; không nhận kết quả", header.batch_number))),
    }
    let batch_books: HashMap<i64, i64> = {
        let mut st = s.conn().prepare("SELECT book_id, entries FROM batch_book WHERE batch_id = ?1")?;
        let rows = st.query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let outcome = s.write(|w| {
        let import_id = insert_import(w, "verdict", &package_id, &header)?;
        super::trust::absorb_in(w, header.enrolment.as_ref(), header.revocation_list.as_ref())?;
        if let Some(ack) = &header.ack_audit_head {
            w.tx.execute(
                "INSERT INTO audit_ack(peer_fingerprint, seq, hash, received_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(peer_fingerprint) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, received_at = excluded.received_at
                 WHERE excluded.seq >= audit_ack.seq",
                params![header.sender.fingerprint, ack.seq, ack.hash, crate::clock::now()],
            )?;
        }
        let mut o = outcome.clone();
        let mut seen = HashSet::new();
        let mut ministry_returned = 0u64;
        let mut apply = |rel: &str, r: &mut dyn std::io::Read| -> Result<()> {
            if rel == MINISTRY_FILE {
                return for_each_line(r, rel, |m: MinistryRejectionRecord| {
                    if apply_ministry_rejection(w, batch_id, &m)? {
                        ministry_returned += 1;
                    }
                    Ok(())
                });
            }
            if rel != VERDICTS_FILE {
                return Ok(());
            }
            for_each_line(r, rel, |v: VerdictRecord| {
                if !batch_books.contains_key(&v.book_id) || !seen.insert(v.book_id) || v.batch_number != header.batch_number {
                    return Err(refused(format!("kết quả cho sổ số {} không thuộc đợt gửi số {}", v.book_id, header.batch_number)));
                }
                let entries: Vec<(i64, String)> = {
                    let mut st = w.tx.prepare_cached(
                        "SELECT e.id, e.status FROM batch_entry be JOIN entry e ON e.id = be.entry_id WHERE be.batch_id = ?1 AND e.book_id = ?2",
                    )?;
                    let rows = st.query_map(params![batch_id, v.book_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    rows.collect::<rusqlite::Result<_>>()?
                };
                let ids: HashSet<i64> = entries.iter().map(|e| e.0).collect();
                let returned: HashSet<i64> = v.reasons.iter().map(|r| r.entry_id).collect();
                if let Some(bad) = returned.iter().find(|id| !ids.contains(id)) {
                    return Err(refused(format!("lý do trả lại cho bản ghi {bad} không thuộc sổ số {}", v.book_id)));
                }
                let now = crate::clock::now();
                for (id, status) in &entries {
                    let from: EntryStatus = status.parse()?;
                    let to = match (v.decision.as_str(), returned.contains(id)) {
                        ("accept", _) => EntryStatus::Accepted,
                        ("return", true) => EntryStatus::Returned,
                        ("return", false) => EntryStatus::Checked,
                        (d, _) => return Err(refused(format!("kết quả “{d}” không hợp lệ"))),
                    };
                    if from != EntryStatus::Submitted {
                        return Err(refused(format!("bản ghi {id} không còn ở trạng thái “Đã gửi”")));
                    }
                    set_status_in(w, *id, from, to)?;
                }
                for r in &v.reasons {
                    w.tx.execute(
                        "INSERT INTO returned_reason(entry_id, batch_id, field, reason, decided_by, decided_at, received_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![r.entry_id, batch_id, r.field, crate::text::stored(&r.reason), v.decided_by, v.decided_at, now],
                    )?;
                }
                w.tx.execute("UPDATE batch_book SET verdict = ?3 WHERE batch_id = ?1 AND book_id = ?2", params![batch_id, v.book_id, v.decision])?;
                if v.decision == "accept" {
                    o.accepted_books += 1;
                } else {
                    o.returned_books += 1;
                    o.returned_entries += returned.len() as u64;
                }
                o.entries += entries.len() as u64;
                Ok(())
            })
        };
        let second = super::bag::read_package(path, keys, &mut apply, progress, cancel)?;
        if !second.ok || second.package_id != first.package_id {
            return Err(refused("gói thay đổi trong lúc nhập; không nhập gì"));
        }
        o.returned_entries += ministry_returned;
        if seen.len() != batch_books.len() {
            return Err(refused(format!("gói kết quả thiếu kết quả cho {} sổ của đợt gửi số {}", batch_books.len() - seen.len(), header.batch_number)));
        }
        w.tx.execute("UPDATE batch SET state = 'answered', answered_at = ?2 WHERE id = ?1", params![batch_id, crate::clock::now()])?;
        w.tx.execute("UPDATE package_import SET entries = ?2 WHERE id = ?1", params![import_id, o.entries as i64])?;
        w.audit(
            "batch.verdict",
            "batch",
            Some(&header.batch_number.to_string()),
            serde_json::json!({"packageId": package_id, "acceptedBooks": o.accepted_books, "returnedBooks": o.returned_books,
                               "returnedEntries": o.returned_entries, "ministryReturned": ministry_returned,
                               "senderFingerprint": header.sender.fingerprint}),
        )?;
        // The last moment to stop: returning an error rolls the whole import back.
        crate::cancel::check_cancel(cancel)?;
        Ok(o)
    })?;
    Ok(outcome)
}

/// The open reasons for a returned entry: the supervisor's (cleared when the entry is
/// resubmitted) and the Ministry's (shown while the entry is being corrected, until it leaves
/// again). A Ministry reason naming a camelCase column of the template carries that field.
pub fn returned_reasons(conn: &Connection, entry_id: i64) -> Result<Vec<ReturnedReason>> {
    let book_type = conn
        .query_row("SELECT b.book_type FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1", [entry_id], |r| {
            r.get::<_, crate::BookType>(0)
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("bản ghi {entry_id}")))?;
    let spec = book_type.spec();
    let mut st = conn.prepare_cached(
        "SELECT rr.field, rr.reason, rr.decided_by, rr.decided_at, CASE rr.source WHEN 'ministry' THEN 0 ELSE b.number END, rr.source, rr.file
           FROM returned_reason rr JOIN batch b ON b.id = rr.batch_id
          WHERE rr.entry_id = ?1 AND rr.resolved_at IS NULL
         UNION ALL
         SELECT xe.ministry_field, coalesce(xe.ministry_reason, ''), xe.decided_by, coalesce(xe.ministry_date, xe.decided_at), 0, 'ministry', x.xlsx_name
           FROM upload_export_entry xe JOIN upload_export x ON x.id = xe.export_id JOIN entry e ON e.id = xe.entry_id
          WHERE xe.entry_id = ?1 AND xe.ministry_state = 'rejected' AND xe.resolved_at IS NULL
            AND e.status IN ('returned', 'keyed', 'checked', 'draft')",
    )?;
    let rows = st.query_map([entry_id], |r| {
        let field: Option<String> = r.get(0)?;
        Ok(ReturnedReason {
            field_label: field.as_ref().and_then(|f| spec.field(f)).map(|s| s.label.clone()),
            field,
            reason: r.get(1)?,
            decided_by: r.get(2)?,
            decided_at: r.get(3)?,
            batch_number: r.get(4)?,
            source: r.get(5)?,
            file: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Entries returned by the supervisor or the Ministry and not yet resubmitted (the clerk's
/// to-do list): (entry id, book id, number of open reasons).
pub fn returned_entries(conn: &Connection) -> Result<Vec<(i64, i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT e.id, e.book_id, count(*) FROM entry e JOIN (
             SELECT entry_id FROM returned_reason WHERE resolved_at IS NULL
             UNION ALL
             SELECT entry_id FROM upload_export_entry WHERE ministry_state = 'rejected' AND resolved_at IS NULL
         ) r ON r.entry_id = e.id
         WHERE e.status IN ('returned', 'keyed', 'checked', 'draft')
            OR e.id IN (SELECT entry_id FROM returned_reason WHERE resolved_at IS NULL)
         GROUP BY e.id ORDER BY e.book_id, e.seq",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
