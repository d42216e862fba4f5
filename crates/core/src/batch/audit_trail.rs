//! An audit that someone else can check (issue 13 part 2). Every batch package carries the rows of
//! the commune's audit chain after the head its supervisors acknowledged (`audit_from`, from the
//! verdict packages; the first row when none did) up to the head signed in the header. The
//! supervisor:
//!
//! - recomputes every row's hash and link (a row edited inside the package is refused);
//! - compares each row it already received (`peer_audit_row`, one hash per row and commune
//!   workspace) with the same row now: a difference means the commune's history was rewritten
//!   after it was sent, and the package is refused naming the rows;
//! - refuses a history that no longer reaches the newest head it holds (rows cut at the end), or
//!   that starts after it (rows it has never seen in between);
//! - then stores the new rows' hashes and the new head (`peer_audit_head`), in the import's
//!   transaction.
//!
//! What this cannot detect is in SECURITY.md: a rewrite before the first batch, or rows never sent.
use super::format::refused;
use super::format::{AuditHead, AuditRecord, PackageHeader};
use crate::error::{CoreError, Result};
use crate::session::audit::{row_hash, GENESIS};
use crate::session::Writer;
use rusqlite::{params, Connection, OptionalExtension};

/// The newest head of `workspace_id`'s chain this workspace holds.
pub fn peer_head(conn: &Connection, workspace_id: &str) -> Result<Option<AuditHead>> {
    Ok(conn
        .query_row("SELECT seq, hash FROM peer_audit_head WHERE source_workspace_id = ?1", [workspace_id], |r| {
            Ok(AuditHead { seq: r.get(0)?, hash: r.get(1)? })
        })
        .optional()?)
}

/// Checks the rows of one batch package as they stream by (inside the import's transaction).
pub(crate) struct TrailCheck<'a, 'w> {
    w: &'a Writer<'w>,
    ws: String,
    commune: String,
    batch_number: i64,
    /// (seq, hash, batch number) of the newest head held for this commune.
    known: Option<(i64, String, i64)>,
    from_seq: i64,
    next_seq: i64,
    prev: String,
    first_diff: Option<i64>,
    seen_file: bool,
}

impl<'a, 'w> TrailCheck<'a, 'w> {
    pub(crate) fn begin(w: &'a Writer<'w>, h: &PackageHeader) -> Result<Self> {
        let ws = h.sender.workspace_id.clone();
        let known: Option<(i64, String, i64)> =
            w.tx.query_row("SELECT seq, hash, batch_number FROM peer_audit_head WHERE source_workspace_id = ?1", [&ws], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (from_seq, from_hash) = h.audit_from.as_ref().map(|a| (a.seq, a.hash.clone())).unwrap_or((0, GENESIS.to_string()));
        let mut check = TrailCheck {
            w,
            ws,
            commune: format!("{} (mã {})", h.sender.commune.name, h.sender.commune.code),
            batch_number: h.batch_number,
            known,
            from_seq,
            next_seq: from_seq + 1,
            prev: from_hash.clone(),
            first_diff: None,
            seen_file: false,
        };
        if let Some((kseq, _, kbatch)) = check.known.clone() {
            if from_seq > kseq {
                return Err(refused(format!(
                    "nhật ký của {} trong gói bắt đầu sau dòng {from_seq}, nhưng máy này mới nhận đến dòng {kseq} (đợt gửi số {kbatch}); \
                     thiếu các dòng {}–{from_seq}, không kiểm tra được; không nhập gói",
                    check.commune,
                    kseq + 1
                )));
            }
            if from_seq > 0 {
                check.compare(from_seq, &from_hash)?;
            }
        }
        Ok(check)
    }

    fn stored(&self, seq: i64) -> Result<Option<String>> {
        Ok(self
            .w
            .tx
            .prepare_cached("SELECT hash FROM peer_audit_row WHERE source_workspace_id = ?1 AND seq = ?2")?
            .query_row(params![self.ws, seq], |r| r.get(0))
            .optional()?)
    }

    fn compare(&mut self, seq: i64, hash: &str) -> Result<()> {
        if self.first_diff.is_none() && self.known.as_ref().is_some_and(|k| seq <= k.0) {
            if let Some(held) = self.stored(seq)? {
                if held != hash {
                    // The row differs; when it is the starting head, the change is at or before it.
                    self.first_diff = Some(if seq + 1 == self.next_seq { 1.max(self.first_unknown_before(seq)?) } else { seq });
                }
            }
        }
        Ok(())
    }

    /// The first row at or before `seq` this workspace holds (the rewrite lies between it and `seq`).
    fn first_unknown_before(&self, seq: i64) -> Result<i64> {
        let min: Option<i64> = self.w.tx.query_row(
            "SELECT min(seq) FROM peer_audit_row WHERE source_workspace_id = ?1 AND seq <= ?2",
            params![self.ws, seq],
            |r| r.get(0),
        )?;
        Ok(min.unwrap_or(1))
    }

    pub(crate) fn row(&mut self, rec: AuditRecord) -> Result<()> {
        self.seen_file = true;
        if rec.seq == self.next_seq && rec.prev_hash != self.prev && rec.seq == self.from_seq + 1 && self.from_seq > 0 {
            // The rows no longer continue the head acknowledged earlier: rewritten at or before it.
            if let Some((kseq, _, kbatch)) = &self.known {
                let first = self.first_unknown_before(self.from_seq)?;
                return Err(self.rewritten(first, (*kseq).min(self.from_seq), *kbatch));
            }
        }
        if rec.seq != self.next_seq || rec.prev_hash != self.prev {
            return Err(refused(format!(
                "nhật ký trong gói bị đứt ở dòng {} (thiếu, thừa hoặc đảo thứ tự dòng); không nhập gói",
                self.next_seq
            )));
        }
        let h = row_hash(&rec.prev_hash, rec.seq, &rec.at, &rec.username, &rec.action, &rec.entity, rec.entity_id.as_deref(), &rec.detail);
        if h != rec.hash {
            return Err(refused(format!(
                "dòng {} của nhật ký trong gói không khớp với mã băm của nó (đã bị sửa); không nhập gói",
                rec.seq
            )));
        }
        self.compare(rec.seq, &rec.hash)?;
        self.w
            .tx
            .prepare_cached("INSERT OR IGNORE INTO peer_audit_row(source_workspace_id, seq, hash, batch_number) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![self.ws, rec.seq, rec.hash, self.batch_number])?;
        self.next_seq += 1;
        self.prev = rec.hash;
        Ok(())
    }

    fn rewritten(&self, first: i64, last: i64, batch: i64) -> CoreError {
        CoreError::Conflict(format!(
            "nhật ký của {} đã bị viết lại: các dòng {first}–{last} khác với bản đã nhận (đến đợt gửi số {batch}); \
             không nhập đợt gửi số {}. Hãy liên hệ xã/phường và báo cấp trên",
            self.commune, self.batch_number
        ))
    }

    pub(crate) fn finish(self, head: Option<&AuditHead>) -> Result<()> {
        let Some(head) = head else { return Ok(()) };
        if !self.seen_file && self.next_seq <= head.seq {
            return Err(refused("gói không có nhật ký (data/audit.jsonl); không nhập gói"));
        }
        if self.next_seq - 1 != head.seq || self.prev != head.hash {
            return Err(refused(format!(
                "nhật ký trong gói dừng ở dòng {}, khác với đầu chuỗi ghi trong phần đầu của gói (dòng {}); không nhập gói",
                self.next_seq - 1,
                head.seq
            )));
        }
        if let Some((kseq, khash, kbatch)) = &self.known {
            if let Some(first) = self.first_diff {
                return Err(self.rewritten(first, *kseq, *kbatch));
            }
            if head.seq < *kseq || (head.seq == *kseq && head.hash != *khash) {
                return Err(CoreError::Conflict(format!(
                    "nhật ký của {} đã bị cắt hoặc viết lại: máy này đã nhận đến dòng {kseq} (đợt gửi số {kbatch}), gói chỉ có đến dòng {}; \
                     các dòng {}–{kseq} không còn; không nhập đợt gửi số {}",
                    self.commune,
                    head.seq,
                    head.seq + 1,
                    self.batch_number
                )));
            }
        }
        self.w.tx.execute(
            "INSERT INTO peer_audit_head(source_workspace_id, seq, hash, batch_number, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(source_workspace_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, batch_number = excluded.batch_number,
               updated_at = excluded.updated_at WHERE excluded.seq > peer_audit_head.seq",
            params![self.ws, head.seq, head.hash, self.batch_number, crate::clock::now()],
        )?;
        Ok(())
    }
}
