//! What every received package shares, whichever its kind (a commune's batch, import.rs; the
//! supervisor's verdicts, verdict.rs): the outcome of an import, the check of its sender against
//! the registered devices, its `package_import` row, and the JSON-lines reader of its data files.
//! A leaf below `import` and `verdict`, so that neither needs the other's internals.
use super::format::{refused, PackageHeader};
use super::identity::TrustedDevice;
use crate::error::{CoreError, Result};
use crate::session::Writer;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::io::Read;

/// The entries of a received book that its review and verdict are about, as an SQL condition on
/// `entry`: every entry but those already exported for upload (the rest of a book resent with only
/// a corrected row, which stays as it is). `qa::strata` samples them, `verdict::record_verdict`
/// decides them.
pub(crate) const UNDER_REVIEW: &str = "status <> 'exported'";

/// What an import did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// `batch` or `verdict`.
    pub kind: super::format::PackageKind,
    /// The same package had been imported before: nothing changed.
    pub already_imported: bool,
    pub package_id: String,
    pub batch_number: i64,
    pub commune_code: String,
    pub commune_name: String,
    pub books: u64,
    pub entries: u64,
    pub pages: u64,
    /// Books of which an earlier version was replaced.
    pub superseded_books: u64,
    /// Entries whose fields changed compared with the version held.
    pub changed_entries: u64,
    /// Verdict packages: books accepted / returned, entries returned.
    pub accepted_books: u64,
    pub returned_books: u64,
    pub returned_entries: u64,
}

/// The registered device that signed `header`, or the Vietnamese reason it is refused.
pub(crate) fn check_sender(conn: &Connection, header: &PackageHeader, role: &str) -> Result<TrustedDevice> {
    let fp = &header.sender.fingerprint;
    let devices: Vec<TrustedDevice> = super::identity::trusted_devices(conn)?.into_iter().filter(|d| d.role == role).collect();
    let who = if role == "commune" {
        format!("xã/phường “{}” (mã {})", header.sender.commune.name, header.sender.commune.code)
    } else {
        "giám sát viên".to_string()
    };
    if role == "supervisor" {
        let (scheme, code): (String, String) =
            conn.query_row("SELECT commune_scheme, commune_code FROM workspace WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        super::trust::check_enrolled_with(
            conn,
            fp,
            super::trust::DeviceRole::Supervisor,
            Some((&scheme, &code)),
            header.enrolment.as_ref(),
            header.revocation_list.as_ref(),
        )
        .map_err(|e| match e {
            CoreError::Forbidden(why) => {
                CoreError::Forbidden(format!("gói kết quả không đến từ máy giám sát được tỉnh đăng ký ({why}); không nhận kết quả"))
            }
            other => other,
        })?;
    }
    let Some(d) = devices.iter().find(|d| &d.fingerprint == fp) else {
        let same_commune = devices.iter().find(|d| {
            role == "commune"
                && d.commune_code.as_deref() == Some(header.sender.commune.code.as_str())
                && d.commune_scheme.as_deref() == Some(header.sender.commune.scheme.as_str())
        });
        return Err(match same_commune {
            Some(d) => {
                refused(format!("gói được ký bằng khóa {fp}, khác với khóa đã đăng ký của {who} ({}); không nhập gói", d.fingerprint))
            }
            None => refused(format!("khóa ký của gói ({fp}, {who}) chưa được đăng ký trên máy này; hãy đăng ký khóa trước khi nhập")),
        });
    };
    if let Some(k) = &d.ed25519_public_key {
        if *k != header.sender.ed25519_public_key {
            return Err(refused(format!("khóa ký của gói không khớp với khóa đã đăng ký có dấu vân tay {fp}")));
        }
    }
    if role == "commune" {
        let same = d.commune_code.as_deref() == Some(header.sender.commune.code.as_str())
            && d.commune_scheme.as_deref() == Some(header.sender.commune.scheme.as_str());
        if !same {
            return Err(refused(format!(
                "khóa {fp} đã được đăng ký cho xã/phường mã {}, nhưng gói ghi {who}",
                d.commune_code.clone().unwrap_or_default()
            )));
        }
    }
    if let Some(ws) = &d.workspace_id {
        if *ws != header.sender.workspace_id {
            return Err(refused(format!("khóa {fp} thuộc một sổ làm việc khác với sổ đã gửi gói")));
        }
    }
    if super::trust::fingerprint_revoked(conn, fp, header.revocation_list.as_ref())? {
        return Err(CoreError::Forbidden(format!("khóa ký của gói ({fp}, {who}) đã bị tỉnh thu hồi; không nhập gói")));
    }
    Ok(d.clone())
}

pub(crate) fn insert_import(w: &Writer, kind: &str, package_id: &str, h: &PackageHeader) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO package_import(kind, package_id, sender_fingerprint, sender_workspace_id, commune_scheme, commune_code, commune_name,
           batch_number, books, entries, pages, created_at, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            kind,
            package_id,
            h.sender.fingerprint,
            h.sender.workspace_id,
            h.sender.commune.scheme,
            h.sender.commune.code,
            h.sender.commune.name,
            h.batch_number,
            h.books.len() as i64,
            h.entries as i64,
            h.pages as i64,
            h.created_at,
            crate::clock::now(),
            w.user.username
        ],
    )?;
    Ok(w.tx.last_insert_rowid())
}

/// Reads JSON lines one at a time (memory flat with the file's size, each line bounded by
/// [`super::PackageLimits::line_bytes`]).
pub(crate) fn for_each_line<T: serde::de::DeserializeOwned>(r: &mut dyn Read, file: &str, f: impl FnMut(T) -> Result<()>) -> Result<()> {
    super::limits::for_each_json_line(r, file, super::PackageLimits::default().line_bytes, f)
}
