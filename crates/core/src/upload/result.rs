//! The Ministry's answer (formats.md §5): after uploading a book's Excel file into the national
//! electronic civil-status system, the supervisor downloads its result list (CSV or XLSX, read by
//! the one tabular reader, headers mapped by alias as for the extract) and records it here.
//!
//! Each row is matched to the entry it reports on: by (ten_file, dong) — the file as we wrote it
//! and the row in it (1 = first data row) —, else by (ten_file or any exported book, so,
//! quyen_so, noi_dang_ky). A row matching nothing, or several entries, changes nothing and is
//! listed with its line and why. A matched row records the Ministry's state on the entry's file
//! row (`upload_export_entry.ministry_state`: uploaded / approved / rejected, with the reason);
//! a rejection sends the entry `exported → returned` ([`crate::Actor::Ministry`]) so the clerk
//! sees it with the reason and corrects it. Reading the same list again changes nothing.
use super::require_uploader;
use crate::error::{CoreError, Result};
use crate::model::entry::set_status_in;
use crate::session::Session;
use crate::tabular::{self, ReadOptions, Row};
use crate::{Actor, EntryStatus};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// A canonical column of the result list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultColumn {
    TenFile,
    Dong,
    QuyenSo,
    So,
    NoiDangKy,
    TrangThai,
    LyDo,
    Ngay,
}

const COLUMNS: [ResultColumn; 8] = [
    ResultColumn::TenFile,
    ResultColumn::Dong,
    ResultColumn::QuyenSo,
    ResultColumn::So,
    ResultColumn::NoiDangKy,
    ResultColumn::TrangThai,
    ResultColumn::LyDo,
    ResultColumn::Ngay,
];

impl ResultColumn {
    /// Header keys ([`crate::dedupe::headers::header_key`]: folded, letters and digits only).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            ResultColumn::TenFile => &["tenfile", "tentep", "tep", "file", "tenfileexcel", "tentepexcel", "tepexcel", "filename"],
            ResultColumn::Dong => &["dong", "stt", "sothutu", "dongso", "sodong", "tt"],
            ResultColumn::QuyenSo => &["quyenso", "soquyen"],
            ResultColumn::So => &["so", "sodangky", "sodk", "soso"],
            ResultColumn::NoiDangKy => &["noidangky", "noidk", "manoidangky", "coquandangky"],
            ResultColumn::TrangThai => &["trangthai", "ketqua", "tinhtrang", "trangthaipheduyet"],
            ResultColumn::LyDo => &["lydo", "noidungloi", "lydotuchoi", "mota", "chitietloi", "loi"],
            ResultColumn::Ngay => &["ngay", "ngaypheduyet", "ngayduyet", "ngaycapnhat", "thoigian"],
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ResultColumn::TenFile => "ten_file",
            ResultColumn::Dong => "dong",
            ResultColumn::QuyenSo => "quyen_so",
            ResultColumn::So => "so",
            ResultColumn::NoiDangKy => "noi_dang_ky",
            ResultColumn::TrangThai => "trang_thai",
            ResultColumn::LyDo => "ly_do",
            ResultColumn::Ngay => "ngay",
        }
    }

    /// The canonical column a header names, if any.
    pub fn for_header(h: &str) -> Option<ResultColumn> {
        let k = crate::dedupe::headers::header_key(h);
        COLUMNS.into_iter().find(|c| c.aliases().contains(&k.as_str()))
    }
}

/// What the Ministry's system says about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MinistryState {
    /// Taken in, not decided yet (`Đã cập nhật`, `Chờ duyệt`).
    Uploaded,
    /// `Đã phê duyệt`, `Phê duyệt`, `Thành công`.
    Approved,
    /// `Từ chối`, `Lỗi`, `Không thành công`.
    Rejected,
}

impl MinistryState {
    pub fn as_str(self) -> &'static str {
        match self {
            MinistryState::Uploaded => "uploaded",
            MinistryState::Approved => "approved",
            MinistryState::Rejected => "rejected",
        }
    }

    /// Reads a `trang_thai` cell (any case, with or without diacritics).
    pub fn parse(cell: &str) -> Option<MinistryState> {
        let k = crate::dedupe::headers::header_key(cell);
        match k.as_str() {
            "dapheduyet" | "pheduyet" | "thanhcong" | "duocpheduyet" | "daduyet" => Some(MinistryState::Approved),
            "tuchoi" | "bituchoi" | "datuchoi" | "loi" | "khongthanhcong" | "khongpheduyet" => Some(MinistryState::Rejected),
            "dacapnhat" | "choduyet" | "chopheduyet" | "dangxuly" => Some(MinistryState::Uploaded),
            _ => None,
        }
    }
}

/// A row that changed nothing, with its line in the file and why.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedRow {
    pub line: u64,
    pub reason: String,
}

/// What reading a result list did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultReport {
    pub rows_read: u64,
    pub approved: u64,
    pub rejected: u64,
    /// Uploaded, not decided yet.
    pub pending: u64,
    pub unmatched: u64,
    /// Rows whose state, reason or date differs from what was recorded before.
    pub changed: u64,
    pub unmatched_rows: Vec<UnmatchedRow>,
    /// Entries sent back to the clerk by this list (`exported → returned`).
    pub returned_entries: Vec<i64>,
}

impl ResultReport {
    /// `rows read: N, approved: A, rejected: R, pending: P, unmatched: U, changed: C`.
    pub fn summary_line(&self) -> String {
        format!(
            "rows read: {}, approved: {}, rejected: {}, pending: {}, unmatched: {}, changed: {}",
            self.rows_read, self.approved, self.rejected, self.pending, self.unmatched, self.changed
        )
    }
}

/// The file row a result row reports on.
#[derive(Clone, Copy)]
struct Target {
    export_id: i64,
    entry_id: i64,
}

struct Columns {
    idx: Vec<(ResultColumn, usize)>,
}

impl Columns {
    fn get<'a>(&self, row: &'a Row, c: ResultColumn) -> &'a str {
        self.idx.iter().find(|(k, _)| *k == c).map(|(_, i)| row.cell(*i)).unwrap_or("")
    }
    fn has(&self, c: ResultColumn) -> bool {
        self.idx.iter().any(|(k, _)| *k == c)
    }
}

/// Limits for a result list: one province's uploads at most (a million rows), 64 MB.
fn limits() -> tabular::Limits {
    tabular::Limits { file_bytes: 64 * 1024 * 1024, rows: 1_000_000, cells: 20_000_000, ..tabular::Limits::default() }
}

/// Reads the Ministry's result list at `path` and records it (see the module documentation).
pub fn import_result(s: &mut Session, path: &Path) -> Result<ResultReport> {
    require_uploader(s)?;
    let opts = ReadOptions {
        what: Some("danh sách kết quả".into()),
        file_name: path.file_name().and_then(|n| n.to_str()).map(str::to_string),
        ..ReadOptions::with_limits(limits())
    };
    // Read once: the same bytes are parsed and hashed (the file's identity in the import record).
    let bytes = crate::fsx::read_limited(path, limits().file_bytes, "danh sách kết quả")?;
    let table = tabular::read_table(&bytes, &opts)?;
    let header = table.header.as_ref().ok_or_else(|| CoreError::invalid("danh sách kết quả", "tệp không có dòng tiêu đề"))?;
    let mut idx = Vec::new();
    for (i, h) in header.cells.iter().enumerate() {
        if let Some(c) = ResultColumn::for_header(h) {
            if !idx.iter().any(|(k, _)| *k == c) {
                idx.push((c, i));
            }
        }
    }
    let cols = Columns { idx };
    if !cols.has(ResultColumn::TrangThai) {
        return Err(CoreError::invalid("danh sách kết quả", "không thấy cột “Trạng thái” (hoặc “Kết quả”)"));
    }
    if !cols.has(ResultColumn::TenFile) && !cols.has(ResultColumn::QuyenSo) {
        return Err(CoreError::invalid("danh sách kết quả", "cần cột “Tên file” hoặc cột “Quyển số” để tìm bản ghi"));
    }
    let sha = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(&bytes))
    };
    let file_label = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    s.write(|w| {
        let mut rep = ResultReport::default();
        let now = crate::clock::now();
        for row in &table.rows {
            rep.rows_read += 1;
            let state_cell = cols.get(row, ResultColumn::TrangThai);
            let Some(state) = MinistryState::parse(state_cell) else {
                rep.unmatched += 1;
                rep.unmatched_rows.push(UnmatchedRow { line: row.line, reason: format!("trạng thái “{state_cell}” không rõ") });
                continue;
            };
            let targets = match find_target(w.tx, &cols, row)? {
                Ok(t) => t,
                Err(why) => {
                    rep.unmatched += 1;
                    rep.unmatched_rows.push(UnmatchedRow { line: row.line, reason: why });
                    continue;
                }
            };
            match state {
                MinistryState::Approved => rep.approved += 1,
                MinistryState::Rejected => rep.rejected += 1,
                MinistryState::Uploaded => rep.pending += 1,
            }
            let reason = crate::text::stored(cols.get(row, ResultColumn::LyDo));
            let reason = (!reason.is_empty()).then_some(reason);
            let date = Some(cols.get(row, ResultColumn::Ngay).to_string()).filter(|d| !d.is_empty());
            // The row that already holds this answer (read again: no change), else the latest.
            let mut chosen = None;
            for t in &targets {
                let b: (Option<String>, Option<String>, Option<String>, Option<String>) = w.tx.query_row(
                    "SELECT ministry_state, ministry_reason, ministry_date, resolved_at FROM upload_export_entry WHERE export_id = ?1 AND entry_id = ?2",
                    params![t.export_id, t.entry_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                let same = b.0.as_deref() == Some(state.as_str()) && b.1 == reason && b.2 == date;
                if same || chosen.is_none() {
                    chosen = Some((*t, b, same));
                }
                if same {
                    break;
                }
            }
            let Some((target, before, same)) = chosen else { continue };
            if same {
                continue;
            }
            rep.changed += 1;
            let field = match (&reason, state) {
                (Some(r), MinistryState::Rejected) => field_named(w.tx, target.entry_id, r)?,
                _ => None,
            };
            w.tx.execute(
                "UPDATE upload_export_entry SET ministry_state = ?3, ministry_reason = ?4, ministry_field = ?5, ministry_date = ?6,
                        decided_at = ?7, decided_by = ?8
                  WHERE export_id = ?1 AND entry_id = ?2",
                params![target.export_id, target.entry_id, state.as_str(), reason, field, date, now, w.user.username],
            )?;
            w.tx.execute(
                "UPDATE upload_export SET uploaded_at = coalesce(uploaded_at, ?2), uploaded_by = coalesce(uploaded_by, ?3) WHERE id = ?1",
                params![target.export_id, now, w.user.username],
            )?;
            w.audit(
                "upload.result.row",
                "entry",
                Some(&target.entry_id.to_string()),
                serde_json::json!({"exportId": target.export_id, "line": row.line, "state": state.as_str(), "before": before.0,
                                   "reason": reason, "field": field}),
            )?;
            // A rejection of the entry's current file row sends it back to the clerk.
            let status: EntryStatus = w.tx.query_row("SELECT status FROM entry WHERE id = ?1", [target.entry_id], |r| r.get::<_, String>(0))?.parse()?;
            if state == MinistryState::Rejected && before.3.is_none() && status.can_move_to(EntryStatus::Returned, Actor::Ministry) {
                set_status_in(w, target.entry_id, status, EntryStatus::Returned)?;
                rep.returned_entries.push(target.entry_id);
            }
        }
        w.audit(
            "upload.result",
            "upload_result",
            Some(&file_label),
            serde_json::json!({"sha256": sha, "rowsRead": rep.rows_read, "approved": rep.approved, "rejected": rep.rejected,
                               "pending": rep.pending, "unmatched": rep.unmatched, "changed": rep.changed,
                               "returnedEntries": rep.returned_entries.len()}),
        )?;
        Ok(rep)
    })
}

/// The export a `ten_file` cell names (with or without `.xlsx`; the zip's name is taken too).
fn export_named(conn: &Connection, name: &str) -> Result<Vec<i64>> {
    let n = name.trim();
    let stem = n.strip_suffix(".xlsx").or_else(|| n.strip_suffix(".zip")).or_else(|| n.strip_suffix(".XLSX")).unwrap_or(n);
    let mut st = conn.prepare_cached("SELECT id FROM upload_export WHERE xlsx_name = ?1 OR zip_name = ?2 ORDER BY id")?;
    let rows = st.query_map(params![format!("{stem}.xlsx"), format!("{stem}.zip")], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entry a row reports on, or why none (formats.md §5 matching rules).
/// Matched by number, an entry may have several file rows (a rejected v1, its v2): all of them are
/// returned, latest first.
fn find_target(conn: &Connection, cols: &Columns, row: &Row) -> Result<std::result::Result<Vec<Target>, String>> {
    let ten_file = cols.get(row, ResultColumn::TenFile);
    let dong = cols.get(row, ResultColumn::Dong);
    let exports = if ten_file.is_empty() {
        None
    } else {
        let e = export_named(conn, ten_file)?;
        if e.is_empty() {
            return Ok(Err(format!("không có tệp đã xuất nào tên “{ten_file}”")));
        }
        Some(e)
    };
    if let (Some(exports), Ok(d)) = (&exports, dong.parse::<i64>()) {
        for x in exports {
            let hit: Option<i64> = conn
                .query_row("SELECT entry_id FROM upload_export_entry WHERE export_id = ?1 AND dong = ?2", params![x, d], |r| r.get(0))
                .optional()?;
            if let Some(entry_id) = hit {
                return Ok(Ok(vec![Target { export_id: *x, entry_id }]));
            }
        }
    }
    let so = cols.get(row, ResultColumn::So);
    let quyen = cols.get(row, ResultColumn::QuyenSo);
    if so.is_empty() || (quyen.is_empty() && exports.is_none()) {
        return Ok(Err(if exports.is_some() && !dong.is_empty() {
            format!("tệp “{ten_file}” không có dòng {dong}")
        } else {
            "thiếu số đăng ký và quyển số để tìm bản ghi".to_string()
        }));
    }
    let noi = cols.get(row, ResultColumn::NoiDangKy);
    // Every file row of an entry with this `so`, the entry's latest row first.
    let mut st = conn.prepare_cached(
        "SELECT xe.export_id, xe.entry_id, b.quyen_so, r.code, r.name
           FROM upload_export_entry xe JOIN entry e ON e.id = xe.entry_id JOIN register_book b ON b.id = e.book_id
           JOIN registry r ON r.id = b.registry_id JOIN entry_field f ON f.entry_id = e.id AND f.field = 'so'
          WHERE trim(f.value) = ?1 ORDER BY xe.export_id DESC",
    )?;
    let rows = st.query_map([so], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, String>(4)?))
    })?;
    let fold = |x: &str| crate::dedupe::headers::header_key(x);
    let mut found: Vec<Target> = Vec::new();
    for r in rows {
        let (export_id, entry_id, q, code, name) = r?;
        if let Some(ex) = &exports {
            if !ex.contains(&export_id) {
                continue;
            }
        }
        if !quyen.is_empty() && q.trim() != quyen {
            continue;
        }
        if !noi.is_empty() && code.as_deref() != Some(noi) && fold(&name) != fold(noi) {
            continue;
        }
        found.push(Target { export_id, entry_id });
    }
    let entries: std::collections::BTreeSet<i64> = found.iter().map(|t| t.entry_id).collect();
    Ok(match entries.len() {
        1 => Ok(found),
        0 => Err(format!("không có bản ghi đã xuất nào số “{so}”, quyển số “{quyen}”")),
        n => Err(format!("khớp với {n} bản ghi (số “{so}”, quyển số “{quyen}”); cần tên file và dòng")),
    })
}

/// The first camelCase column of the entry's template that the reason names.
fn field_named(conn: &Connection, entry_id: i64, reason: &str) -> Result<Option<String>> {
    let t: crate::BookType =
        conn.query_row("SELECT b.book_type FROM entry e JOIN register_book b ON b.id = e.book_id WHERE e.id = ?1", [entry_id], |r| {
            r.get(0)
        })?;
    let spec = t.spec();
    Ok(reason.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| !w.is_empty() && spec.field(w).is_some()).map(str::to_string))
}

/// One exported file pair as the supervisor sees it: how far its rows went at the Ministry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportFile {
    pub export_id: i64,
    pub book_id: i64,
    pub part: i64,
    pub version: i64,
    pub xlsx_name: String,
    pub zip_name: String,
    pub entries: u64,
    pub exported_at: String,
    pub exported_by: String,
    pub uploaded_at: Option<String>,
    pub uploaded: u64,
    pub approved: u64,
    pub rejected: u64,
}

/// Every exported file pair, newest first.
pub fn export_files(conn: &Connection) -> Result<Vec<ExportFile>> {
    let mut st = conn.prepare(
        "SELECT x.id, x.book_id, coalesce(x.file_part, x.part), x.version, x.xlsx_name, x.zip_name, x.entries, x.exported_at, x.exported_by,
                x.uploaded_at,
                (SELECT count(*) FROM upload_export_entry xe WHERE xe.export_id = x.id AND xe.ministry_state = 'uploaded'),
                (SELECT count(*) FROM upload_export_entry xe WHERE xe.export_id = x.id AND xe.ministry_state = 'approved'),
                (SELECT count(*) FROM upload_export_entry xe WHERE xe.export_id = x.id AND xe.ministry_state = 'rejected')
           FROM upload_export x ORDER BY x.id DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ExportFile {
            export_id: r.get(0)?,
            book_id: r.get(1)?,
            part: r.get(2)?,
            version: r.get(3)?,
            xlsx_name: r.get(4)?,
            zip_name: r.get(5)?,
            entries: r.get::<_, i64>(6)? as u64,
            exported_at: r.get(7)?,
            exported_by: r.get(8)?,
            uploaded_at: r.get(9)?,
            uploaded: r.get::<_, i64>(10)? as u64,
            approved: r.get::<_, i64>(11)? as u64,
            rejected: r.get::<_, i64>(12)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records by hand that a whole exported file was uploaded (`file` = its xlsx or zip name): its
/// rows with no answer yet become `uploaded`. Returns how many rows changed (0 the second time).
pub fn mark_uploaded(s: &mut Session, file: &str) -> Result<u64> {
    require_uploader(s)?;
    let ids = export_named(s.conn(), file)?;
    let Some(export_id) = ids.last().copied() else {
        return Err(CoreError::NotFound(format!("tệp đã xuất “{file}”")));
    };
    s.write(|w| {
        let now = crate::clock::now();
        w.tx.execute(
            "UPDATE upload_export SET uploaded_at = coalesce(uploaded_at, ?2), uploaded_by = coalesce(uploaded_by, ?3) WHERE id = ?1",
            params![export_id, now, w.user.username],
        )?;
        let n = w.tx.execute(
            "UPDATE upload_export_entry SET ministry_state = 'uploaded', decided_at = ?2, decided_by = ?3
              WHERE export_id = ?1 AND ministry_state IS NULL",
            params![export_id, now, w.user.username],
        )? as u64;
        if n > 0 {
            w.audit("upload.uploaded", "upload_export", Some(&export_id.to_string()), serde_json::json!({"file": file, "rows": n}))?;
        }
        Ok(n)
    })
}
