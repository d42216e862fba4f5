//! Progress snapshots: a small signed JSON file with counts only (no personal data) that a
//! commune sends when no batch is due, and a supervisor imports (docs/progress-snapshot.md).
//!
//! ```json
//! { "format": "sohoa.progress-snapshot.signed",
//!   "payload": { "format": "sohoa.progress-snapshot", "version": 2, "workspaceId": "…",
//!                "commune": {"scheme": "qd19_2025", "code": "05971", "name": "Xã Phú Lương"},
//!                "generatedAt": "…Z", "asOf": "2025-01-31", "software": "sohoa 0.1.0",
//!                "cells": [...], "registries": [...], "series": [["2025-01-02", 120, 80, 40, 20, 0], ...] },
//!   "signature": { "algorithm": "ed25519", "publicKey": "<hex>", "fingerprint": "3F2A-…", "value": "<hex>" } }
//! ```
//! The signature covers `"sohoa/progress-snapshot/v1\0"` followed by the payload in canonical JSON
//! (object keys sorted, no spaces), so the file may be pretty-printed or re-indented freely.
//! Import verifies the signature before anything is written, pins the key of each sending
//! workspace (a later snapshot signed by another key is refused), and is idempotent (the same
//! payload twice changes nothing; an older snapshot is kept but does not replace a newer one).
use super::forecast::{rate, WINDOW_DAYS};
use super::signing;
use super::units::units;
use super::{group_index, Counts, StageCounts};
use crate::error::{CoreError, Result};
use crate::session::accounts::Role;
use crate::session::{Session, Writer};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FORMAT: &str = "sohoa.progress-snapshot";
pub const SIGNED_FORMAT: &str = "sohoa.progress-snapshot.signed";
/// The version written. 2 (issue 11): stage counts gain `uploaded` and `approved` (the Ministry's
/// answer), cells gain `rejected`. Version 1 files still read (the new fields as 0).
pub const VERSION: u32 = 2;
/// The oldest version still read.
pub const MIN_VERSION: u32 = 1;
pub const FILE_SUFFIX: &str = ".sohoa-progress.json";
/// A snapshot is counts only (a few KB; the 20,000-day series at most about 1 MB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
const WHAT: &str = "tệp tiến độ";

/// Reads a snapshot file from outside, refused before it is read when past [`MAX_FILE_BYTES`].
pub fn read_snapshot_file(path: &std::path::Path) -> Result<Vec<u8>> {
    crate::fsx::read_limited(path, MAX_FILE_BYTES as u64, WHAT)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotPayload {
    pub format: String,
    pub version: u32,
    pub workspace_id: String,
    pub commune: UnitRef,
    pub generated_at: String,
    /// The day (Vietnam time) the counts are from.
    pub as_of: String,
    pub software: String,
    pub cells: Vec<Cell>,
    pub registries: Vec<RegistryCounts>,
    pub series: Vec<Point>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitRef {
    pub scheme: String,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cell {
    pub book_type: crate::BookType,
    pub period_group: String,
    pub counts: Counts,
}

/// Counts of the books kept by one registry (the old commune whose books they are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegistryCounts {
    pub scheme: String,
    pub code: Option<String>,
    pub name: String,
    pub books: StageCounts,
    pub entries: StageCounts,
}

/// `[day, keyed, checked, submitted, accepted, exported]`: cumulative reached-at-least counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point(pub String, pub u64, pub u64, pub u64, pub u64, pub u64);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureBlock {
    pub algorithm: String,
    pub public_key: String,
    pub fingerprint: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedSnapshot {
    pub format: String,
    pub payload: serde_json::Value,
    pub signature: SignatureBlock,
}

/// A snapshot written for sending.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedSnapshot {
    pub file_name: String,
    /// The file's content (pretty JSON).
    pub content: String,
    pub fingerprint: String,
    pub as_of: String,
    pub entries_keyed: u64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotImport {
    pub file_name: String,
    /// `imported`, `already_imported` (same payload), `older` (kept, a newer one is current).
    pub status: String,
    pub commune_code: String,
    pub commune_name: String,
    pub as_of: String,
    pub fingerprint: String,
}

/// Canonical JSON: object keys sorted, no whitespace. Numbers as serde_json writes them.
pub fn canonical_json(v: &serde_json::Value) -> String {
    fn write(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap_or_default());
                    out.push(':');
                    write(&m[k.as_str()], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
        }
    }
    let mut s = String::new();
    write(v, &mut s);
    s
}

pub fn sign_payload(key: &ed25519_dalek::SigningKey, payload: &SnapshotPayload) -> Result<SignedSnapshot> {
    let v = serde_json::to_value(payload).map_err(|e| CoreError::Internal(e.to_string()))?;
    let canon = canonical_json(&v);
    Ok(SignedSnapshot {
        format: SIGNED_FORMAT.into(),
        payload: v,
        signature: SignatureBlock {
            algorithm: "ed25519".into(),
            public_key: hex::encode(key.verifying_key().to_bytes()),
            fingerprint: signing::fingerprint(&key.verifying_key()),
            value: signing::sign(key, canon.as_bytes()),
        },
    })
}

/// A verified snapshot, ready to store.
#[derive(Debug)]
pub struct Verified {
    pub payload: SnapshotPayload,
    pub sha256: String,
    pub public_key: String,
    pub fingerprint: String,
    pub text: String,
}

/// Parses and verifies a signed snapshot file. Nothing is trusted before the signature holds.
pub fn verify_file(bytes: &[u8]) -> Result<Verified> {
    let bad = |why: String| CoreError::invalid("tệp tiến độ", why);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::TooLarge(
            crate::error::LimitExceeded::new(crate::error::Limit::FileBytes, bytes.len() as u64, MAX_FILE_BYTES as u64).of(WHAT),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("không phải tệp tiến độ của sohoa (không phải văn bản UTF-8)".into()))?;
    let signed: SignedSnapshot = serde_json::from_str(text).map_err(|_| bad("không phải tệp tiến độ của sohoa hoặc tệp bị hỏng".into()))?;
    if signed.format != SIGNED_FORMAT || signed.signature.algorithm != "ed25519" {
        return Err(bad("không phải tệp tiến độ của sohoa".into()));
    }
    let canon = canonical_json(&signed.payload);
    let key = signing::verify(&signed.signature.public_key, canon.as_bytes(), &signed.signature.value)?;
    let payload: SnapshotPayload =
        serde_json::from_value(signed.payload).map_err(|e| bad(format!("nội dung không đúng định dạng: {e}")))?;
    validate(&payload)?;
    Ok(Verified {
        sha256: hex::encode(Sha256::digest(canon.as_bytes())),
        public_key: signed.signature.public_key,
        fingerprint: signing::fingerprint(&key),
        payload,
        text: text.to_string(),
    })
}

fn validate(p: &SnapshotPayload) -> Result<()> {
    let bad = |why: String| CoreError::invalid("tệp tiến độ", why);
    if p.format != FORMAT {
        return Err(bad("không phải tệp tiến độ của sohoa".into()));
    }
    if !(MIN_VERSION..=VERSION).contains(&p.version) {
        return Err(bad(format!("phiên bản tệp {} chưa được hỗ trợ; hãy cập nhật phần mềm", p.version)));
    }
    if p.workspace_id.is_empty() || p.workspace_id.len() > 64 {
        return Err(bad("thiếu mã sổ làm việc".into()));
    }
    let scheme: sohoa_refdata::Scheme = p.commune.scheme.parse().map_err(|_| bad(format!("hệ mã “{}” không hợp lệ", p.commune.scheme)))?;
    if sohoa_refdata::unit(scheme, &p.commune.code).is_none() {
        return Err(bad(format!("không có xã/phường mã {} trong danh mục {}", p.commune.code, p.commune.scheme)));
    }
    if super::day::parse(&p.as_of).is_none() {
        return Err(bad("ngày số liệu không hợp lệ".into()));
    }
    if p.cells.len() > super::CELLS || p.registries.len() > 500 || p.series.len() > 20_000 {
        return Err(bad("tệp có quá nhiều dòng".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for c in &p.cells {
        if group_index(&c.period_group).is_none() {
            return Err(bad(format!("loại sổ/giai đoạn không hợp lệ: {} {}", c.book_type, c.period_group)));
        }
        if !seen.insert((&c.book_type, &c.period_group)) {
            return Err(bad(format!("trùng ô {} {}", c.book_type, c.period_group)));
        }
        if !c.counts.entries.is_monotone() || !c.counts.books.is_monotone() {
            return Err(bad(format!(
                "số liệu {} {} không nhất quán (bước sau nhiều hơn bước trước, ví dụ đã chấp nhận nhiều hơn đã nhập)",
                c.book_type, c.period_group
            )));
        }
    }
    let mut last: Option<&str> = None;
    for pt in &p.series {
        if super::day::parse(&pt.0).is_none() || last.is_some_and(|l| l >= pt.0.as_str()) {
            return Err(bad("chuỗi số liệu theo ngày không hợp lệ".into()));
        }
        last = Some(&pt.0);
    }
    Ok(())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Marks cells packed with [`PACKED_V2`] counts (a cell's first byte, its book type, is < 9).
const PACK_V2: u8 = 0xFF;
/// Counts per cell: 15 before the Ministry's answer was counted, 18 since.
const PACKED_V1: usize = 15;
const PACKED_V2: usize = 18;

/// Packs cells: a [`PACK_V2`] byte, then per cell the type and period-group indexes (a byte each)
/// and 18 LEB128 varint counts (books: inventoried, opened, keyed, checked, submitted, accepted,
/// exported; entries: expected, keyed, checked, submitted, accepted, exported; draft; returned;
/// then entries uploaded, approved, rejected). Blobs stored before the marker hold the first 15.
pub fn pack_cells(cells: &[Cell]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + cells.len() * 28);
    out.push(PACK_V2);
    for c in cells {
        let (t, Some(g)) = (c.book_type.index(), group_index(&c.period_group)) else { continue };
        out.push(t as u8);
        out.push(g as u8);
        let (b, e) = (&c.counts.books, &c.counts.entries);
        for v in [
            b.inventoried,
            c.counts.books_opened,
            b.keyed,
            b.checked,
            b.submitted,
            b.accepted,
            b.exported,
            e.inventoried,
            e.keyed,
            e.checked,
            e.submitted,
            e.accepted,
            e.exported,
            c.counts.draft,
            c.counts.returned,
            e.uploaded,
            e.approved,
            c.counts.rejected,
        ] {
            put_varint(&mut out, v);
        }
    }
    out
}

/// The inverse of [`pack_cells`] (either layout): (cell index = type × 5 + period group, counts).
pub fn unpack_cells(bytes: &[u8]) -> Vec<(usize, Counts)> {
    let mut out = Vec::with_capacity(super::CELLS);
    let (mut pos, n) = if bytes.first() == Some(&PACK_V2) { (1, PACKED_V2) } else { (0, PACKED_V1) };
    while pos + 2 <= bytes.len() {
        let (t, g) = (bytes[pos] as usize, bytes[pos + 1] as usize);
        pos += 2;
        let mut v = [0u64; PACKED_V2];
        for x in v.iter_mut().take(n) {
            match get_varint(bytes, &mut pos) {
                Some(k) => *x = k,
                None => return out,
            }
        }
        if t < 9 && g < 5 {
            out.push((
                t * 5 + g,
                Counts {
                    books: StageCounts {
                        inventoried: v[0],
                        keyed: v[2],
                        checked: v[3],
                        submitted: v[4],
                        accepted: v[5],
                        exported: v[6],
                        ..Default::default()
                    },
                    books_opened: v[1],
                    entries: StageCounts {
                        inventoried: v[7],
                        keyed: v[8],
                        checked: v[9],
                        submitted: v[10],
                        accepted: v[11],
                        exported: v[12],
                        uploaded: v[15],
                        approved: v[16],
                    },
                    draft: v[13],
                    returned: v[14],
                    rejected: v[17],
                },
            ));
        }
    }
    out
}

/// Packs a series: per point the Julian day and the five counts, each as a zigzag varint delta
/// from the previous point (the first from 0).
pub fn pack_series(points: &[Point]) -> Vec<u8> {
    let mut out = Vec::with_capacity(points.len() * 8);
    let mut prev = [0i64; 6];
    for p in points {
        let Some(d) = super::day::parse(&p.0) else { continue };
        let cur = [d.to_julian_day() as i64, p.1 as i64, p.2 as i64, p.3 as i64, p.4 as i64, p.5 as i64];
        for k in 0..6 {
            put_varint(&mut out, zigzag(cur[k] - prev[k]));
        }
        prev = cur;
    }
    out
}

/// The inverse of [`pack_series`].
pub fn unpack_series(bytes: &[u8]) -> Vec<(time::Date, [u64; 5])> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut cur = [0i64; 6];
    'points: while pos < bytes.len() {
        for x in cur.iter_mut() {
            match get_varint(bytes, &mut pos) {
                Some(d) => *x += unzigzag(d),
                None => break 'points,
            }
        }
        let Ok(day) = time::Date::from_julian_day(cur[0] as i32) else { break };
        out.push((day, [cur[1].max(0) as u64, cur[2].max(0) as u64, cur[3].max(0) as u64, cur[4].max(0) as u64, cur[5].max(0) as u64]));
    }
    out
}

/// Packs old-province shares: per province its 2-digit code as a byte and an f32 share.
pub fn pack_shares(shares: &[(&str, f64)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(shares.len() * 5);
    for (p, w) in shares {
        if let Ok(code) = p.parse::<u8>() {
            out.push(code);
            out.extend_from_slice(&(*w as f32).to_le_bytes());
        }
    }
    out
}

/// The inverse of [`pack_shares`] (codes of the shipped 63-province list only).
pub(crate) fn unpack_shares(bytes: &[u8]) -> Vec<(&'static str, f64)> {
    let u = units();
    bytes
        .chunks_exact(5)
        .filter_map(|c| {
            let code = format!("{:02}", c[0]);
            let p = u.provinces_pre2025.iter().find(|p| p.code == code)?;
            Some((p.code.as_str(), f32::from_le_bytes([c[1], c[2], c[3], c[4]]) as f64))
        })
        .collect()
}

pub(crate) fn file_name_for(p: &SnapshotPayload) -> String {
    format!("tien-do-{}-{}{}", p.commune.code, p.as_of.replace('-', ""), FILE_SUFFIX)
}

/// Rate per day over the window before `as_of`, from the payload's series (keyed, accepted).
pub(crate) fn payload_rates(p: &SnapshotPayload) -> (f64, f64) {
    let Some(as_of) = super::day::parse(&p.as_of) else { return (0.0, 0.0) };
    let pts: Vec<(time::Date, u64, u64)> = p.series.iter().filter_map(|x| super::day::parse(&x.0).map(|d| (d, x.1, x.4))).collect();
    let k: Vec<_> = pts.iter().map(|x| (x.0, x.1)).collect();
    let a: Vec<_> = pts.iter().map(|x| (x.0, x.2)).collect();
    (rate(&k, as_of, WINDOW_DAYS), rate(&a, as_of, WINDOW_DAYS))
}

/// Stores a verified snapshot inside an open write. Returns the status.
pub(crate) fn store(w: &Writer, v: &Verified, source: &str, own_workspace: &str) -> Result<&'static str> {
    let p = &v.payload;
    if p.workspace_id == own_workspace {
        return Err(CoreError::Conflict("đây là tệp tiến độ của chính sổ làm việc này; số liệu của nó đã được tính".into()));
    }
    let exists: Option<i64> = w.tx.query_row("SELECT id FROM progress_snapshot WHERE sha256 = ?1", [&v.sha256], |r| r.get(0)).optional()?;
    if exists.is_some() {
        return Ok("already_imported");
    }
    // A commune whose device the supervisor registered (batch screen) must sign with that key.
    let registered: Option<String> =
        w.tx.query_row(
            "SELECT ed25519_public FROM trusted_device
             WHERE role = 'commune' AND revoked_at IS NULL AND ed25519_public IS NOT NULL
               AND (workspace_id = ?1 OR (commune_scheme = ?2 AND commune_code = ?3))
             ORDER BY workspace_id = ?1 DESC LIMIT 1",
            params![p.workspace_id, p.commune.scheme, p.commune.code],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(key) = registered.filter(|k| *k != v.public_key) {
        let known = crate::batch::identity::fingerprint(&hex::decode(&key).ok().and_then(|b| b.try_into().ok()).unwrap_or([0u8; 32]));
        return Err(CoreError::Conflict(format!(
            "tệp tiến độ của {} được ký bằng khóa {} nhưng khóa đã đăng ký của xã là {}; không nhập",
            p.commune.name, v.fingerprint, known
        )));
    }
    let pinned: Option<(String, Option<String>)> = w
        .tx
        .query_row(
            "SELECT s.public_key, (SELECT generated_at FROM progress_snapshot WHERE id = s.latest_snapshot) FROM progress_sender s WHERE s.workspace_id = ?1",
            [&p.workspace_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let now = crate::clock::now();
    match &pinned {
        Some((key, _)) if *key != v.public_key => {
            return Err(CoreError::Conflict(format!(
                "tệp của {} được ký bằng khóa khác với khóa đã biết của sổ làm việc này (vân tay mới {}); không nhập",
                p.commune.name, v.fingerprint
            )));
        }
        Some(_) => {}
        None => {
            w.tx.execute(
                "INSERT INTO progress_sender(workspace_id, public_key, commune_scheme, commune_code, commune_name, latest_snapshot, is_demo, first_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)",
                params![p.workspace_id, v.public_key, p.commune.scheme, p.commune.code, p.commune.name, source == "demo", now],
            )?;
        }
    }
    let (rk, ra) = payload_rates(p);
    let commune_2025 = units().commune_2025_of(&p.commune.scheme, &p.commune.code);
    let regs: Vec<(String, Option<String>, u64)> =
        p.registries.iter().map(|r| (r.scheme.clone(), r.code.clone(), r.entries.inventoried.max(r.entries.keyed))).collect();
    w.tx.execute(
        "INSERT INTO progress_snapshot(sha256, workspace_id, commune_scheme, commune_code, commune_2025, generated_at, as_of, rate_keyed, rate_accepted,
           window_days, source, cells, old_provinces, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            v.sha256, p.workspace_id, p.commune.scheme, p.commune.code, commune_2025, p.generated_at, p.as_of, rk, ra, WINDOW_DAYS, source,
            pack_cells(&p.cells), pack_shares(&super::units::old_province_shares(&regs, commune_2025)), now, w.user.username
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    w.tx.execute(
        "INSERT INTO progress_snapshot_data(snapshot_id, series, signed_file) VALUES (?1, ?2, ?3)",
        params![id, pack_series(&p.series), v.text],
    )?;
    {
        let mut st = w.tx.prepare_cached(
            "INSERT INTO progress_snapshot_registry VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (i, r) in p.registries.iter().enumerate() {
            st.execute(params![
                id,
                i as i64,
                r.scheme,
                r.code,
                r.name,
                r.books.inventoried as i64,
                r.books.keyed as i64,
                r.books.accepted as i64,
                r.entries.inventoried as i64,
                r.entries.keyed as i64,
                r.entries.checked as i64,
                r.entries.submitted as i64,
                r.entries.accepted as i64,
                r.entries.exported as i64
            ])?;
        }
    }
    let newer = match &pinned {
        Some((_, Some(latest))) => p.generated_at.as_str() > latest.as_str(),
        _ => true,
    };
    if newer {
        w.tx.execute(
            "UPDATE progress_sender SET latest_snapshot = ?2, commune_scheme = ?3, commune_code = ?4, commune_name = ?5 WHERE workspace_id = ?1",
            params![p.workspace_id, id, p.commune.scheme, p.commune.code, p.commune.name],
        )?;
    }
    if source != "demo" {
        w.audit(
            "progress.snapshot_import",
            "progress_snapshot",
            Some(&id.to_string()),
            serde_json::json!({"commune": p.commune.code, "asOf": p.as_of, "fingerprint": v.fingerprint, "current": newer}),
        )?;
    }
    Ok(if newer { "imported" } else { "older" })
}

/// The fingerprint of this workspace's snapshot key (created if needed), to read out to
/// the supervisor.
pub fn progress_key_fingerprint(s: &mut Session) -> Result<String> {
    s.write(|w| Ok(signing::fingerprint(&signing::signing_key(w)?.verifying_key())))
}

/// Imports one signed snapshot (supervisors). Verified before anything is written.
pub fn import_progress_snapshot(s: &mut Session, file_name: &str, bytes: &[u8]) -> Result<SnapshotImport> {
    s.require_role(Role::Supervisor)?;
    let v = verify_file(bytes)?;
    let own = s.workspace().workspace_id.clone();
    let status = s.write(|w| store(w, &v, "file", &own))?;
    Ok(SnapshotImport {
        file_name: file_name.into(),
        status: status.into(),
        commune_code: v.payload.commune.code.clone(),
        commune_name: v.payload.commune.name.clone(),
        as_of: v.payload.as_of.clone(),
        fingerprint: v.fingerprint,
    })
}

/// Imports a snapshot file, or every `*.sohoa-progress.json` / `*.json` file of a folder.
/// Each file is its own transaction; a bad file is reported and the others still import.
pub fn import_progress_snapshots_from(
    s: &mut Session,
    path: &std::path::Path,
) -> Result<Vec<std::result::Result<SnapshotImport, (String, crate::error::ApiError)>>> {
    s.require_role(Role::Supervisor)?;
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        v.sort();
        v
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        return Err(CoreError::NotFound(format!("tệp hoặc thư mục “{}”", path.display())));
    };
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let r = read_snapshot_file(&f).and_then(|b| import_progress_snapshot(s, &name, &b));
        out.push(r.map_err(|e| (name, e.to_api())));
    }
    Ok(out)
}
