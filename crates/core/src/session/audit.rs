//! Append-only, hash-chained audit log. Every write of the core appends one row in the same
//! transaction as the change. Row n stores `hash = SHA-256(prev_hash ‖ canonical content)`;
//! `audit_head` (maintained by a trigger) remembers the last row, so removing rows at the end is
//! caught as well as editing or removing rows in the middle.
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content a row's hash covers: every field, each prefixed with its length.
#[allow(clippy::too_many_arguments)] // the hashed fields, in their fixed order
pub(crate) fn row_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    user: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), at, user, action, entity, entity_id.unwrap_or(""), detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends one audit row. `detail` must not contain full ID numbers (mask them).
pub fn append(
    conn: &Connection,
    user: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    detail: &serde_json::Value,
) -> Result<i64> {
    let (last_seq, prev): (i64, String) = conn
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let seq = last_seq + 1;
    let at = crate::clock::now();
    let detail = serde_json::to_string(detail).unwrap_or_else(|_| "{}".into());
    let hash = row_hash(&prev, seq, &at, user, action, entity, entity_id, &detail);
    conn.prepare_cached(
        "INSERT INTO audit_log(seq, at, username, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![seq, at, user, action, entity, entity_id, detail, prev, hash])?;
    Ok(seq)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuditProblem {
    /// Row `seq` does not hash to what it stores (its content was edited).
    HashMismatch { seq: i64 },
    /// Row `seq` does not point at the previous row's hash (a row before it was removed or replaced).
    BrokenLink { seq: i64 },
    /// Sequence numbers jump (rows removed).
    Gap { expected: i64, found: i64 },
    /// The recorded head is not the last row (rows removed at the end, or head edited).
    HeadMismatch { head_seq: i64, last_seq: i64 },
}

impl AuditProblem {
    pub fn first_bad_seq(&self) -> i64 {
        match self {
            AuditProblem::HashMismatch { seq } | AuditProblem::BrokenLink { seq } => *seq,
            AuditProblem::Gap { expected, .. } => *expected,
            AuditProblem::HeadMismatch { last_seq, .. } => last_seq + 1,
        }
    }
    pub fn describe(&self) -> String {
        match self {
            AuditProblem::HashMismatch { seq } => format!("row {seq}: content does not match its hash (edited)"),
            AuditProblem::BrokenLink { seq } => format!("row {seq}: previous-hash link broken (a row before it was removed or replaced)"),
            AuditProblem::Gap { expected, found } => format!("row {expected}: missing (next row present is {found})"),
            AuditProblem::HeadMismatch { head_seq, last_seq } => {
                format!(
                    "row {}: chain head says {head_seq} rows but the log ends at {last_seq} (rows removed or head edited)",
                    last_seq + 1
                )
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub rows: i64,
    pub head: Option<ChainHead>,
    pub problem: Option<AuditProblem>,
}

/// Walks the whole chain. Read-only.
pub fn verify(conn: &Connection) -> Result<AuditReport> {
    let mut stmt =
        conn.prepare("SELECT seq, at, username, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut count = 0i64;
    let mut problem = None;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let user: String = r.get(2)?;
        let action: String = r.get(3)?;
        let entity: String = r.get(4)?;
        let entity_id: Option<String> = r.get(5)?;
        let detail: String = r.get(6)?;
        let prev_hash: String = r.get(7)?;
        let hash: String = r.get(8)?;
        count += 1;
        if seq != expected_seq {
            problem = Some(AuditProblem::Gap { expected: expected_seq, found: seq });
            break;
        }
        if prev_hash != prev {
            problem = Some(AuditProblem::BrokenLink { seq });
            break;
        }
        if row_hash(&prev_hash, seq, &at, &user, &action, &entity, entity_id.as_deref(), &detail) != hash {
            problem = Some(AuditProblem::HashMismatch { seq });
            break;
        }
        prev = hash;
        expected_seq += 1;
    }
    let head: Option<ChainHead> = conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok(ChainHead { seq: r.get(0)?, hash: r.get(1)? }))
        .optional()?;
    if problem.is_none() {
        let last_seq = expected_seq - 1;
        match &head {
            Some(h) if h.seq == last_seq && h.hash == prev => {}
            None if last_seq == 0 => {}
            Some(h) => problem = Some(AuditProblem::HeadMismatch { head_seq: h.seq, last_seq }),
            None => problem = Some(AuditProblem::HeadMismatch { head_seq: 0, last_seq }),
        }
    }
    Ok(AuditReport { rows: count, head, problem })
}

/// The current chain head (for batch manifests).
pub fn head(conn: &Connection) -> Result<Option<ChainHead>> {
    Ok(conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok(ChainHead { seq: r.get(0)?, hash: r.get(1)? }))
        .optional()?)
}
