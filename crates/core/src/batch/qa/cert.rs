//! The QA certificate of an accepted batch (issue 12 §6): a PDF (commune, books, plan used, sample,
//! errors found, entry error rate with its one-sided 95 % Clopper–Pearson upper bound, supervisor,
//! date, package hash), a summary XLSX, and a detached signature `<pdf>.sig.json`:
//!
//! ```json
//! {"format": "sohoa-qa-certificate-signature", "formatVersion": 1, "algorithm": "ed25519",
//!  "pdfSha256": "<hex>", "publicKey": "<hex>", "fingerprint": "ABCD-…", "signature": "<hex>",
//!  "certificate": { …the figures printed in the PDF… }}
//! ```
//!
//! The signature is Ed25519 by the supervisor's device key over [`CONTEXT`] followed by the 32
//! bytes of SHA-256 of the PDF file. [`verify_certificate`] recomputes the hash, checks the
//! signature and asks [`is_enrolled_supervisor`] whether the key belongs to an enrolled
//! supervisor, so a certificate signed by a key nobody enrolled fails.
use super::{review_row, review_view};
use crate::error::{CoreError, Result};
use crate::session::Session;
use ed25519_dalek::{Signer, Verifier, VerifyingKey};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sohoa_qa::ErrorRateBound;
use std::path::{Path, PathBuf};

pub const SIGNATURE_FORMAT: &str = "sohoa-qa-certificate-signature";
/// Domain separation: a certificate signature is never valid as another kind of signature.
pub const CONTEXT: &[u8] = b"sohoa/qa-certificate/v1\0";
/// Largest certificate PDF / signature file read back.
const MAX_PDF: u64 = 16 << 20;
const MAX_SIG: u64 = 1 << 20;

/// One book of the certificate.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateBook {
    pub book_type: String,
    pub quyen_so: String,
    pub entries: u64,
    /// `code=H n=50 Ac=1 Re=2`
    pub plan: String,
    pub severity: String,
    pub aql: String,
    pub counting: String,
    pub algorithm: String,
    pub seed: String,
    pub sampled: u64,
    pub nonconforming_entries: u64,
    pub wrong_fields: u64,
}

/// What the certificate states (printed in the PDF, carried in the signature file).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateData {
    pub commune_scheme: String,
    pub commune_code: String,
    pub commune_name: String,
    pub batch_number: i64,
    /// The batch package's id (SHA-256 of its signed tag manifest).
    pub package_hash: String,
    pub books: Vec<CertificateBook>,
    pub sampled: u64,
    pub nonconforming_entries: u64,
    pub wrong_fields: u64,
    pub entry_error_percent: f64,
    /// One-sided 95 % Clopper–Pearson upper bound of the entry error rate.
    pub entry_error_upper_95_percent: f64,
    pub wrong_fields_per_100: f64,
    pub supervisor: String,
    pub supervisor_account: String,
    pub issued_at: String,
}

/// The detached signature file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSignature {
    pub format: String,
    pub format_version: u32,
    pub algorithm: String,
    pub pdf_sha256: String,
    pub public_key: String,
    pub fingerprint: String,
    pub signature: String,
    pub certificate: CertificateData,
}

/// The files written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFiles {
    pub pdf: PathBuf,
    pub signature: PathBuf,
    pub xlsx: PathBuf,
    pub pdf_sha256: String,
    pub certificate: CertificateData,
}

/// The result of checking a certificate.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateCheck {
    /// Signature valid, PDF unchanged, key enrolled.
    pub ok: bool,
    pub pdf_unchanged: bool,
    pub signature_valid: bool,
    pub enrolled: bool,
    pub fingerprint: String,
    pub certificate: Option<CertificateData>,
    /// What failed, in Vietnamese.
    pub problems: Vec<String>,
}

/// Is this key an enrolled supervisor's? The one place the certificate asks it: the key is the one
/// the fingerprint names, and the province pinned by this workspace enrolled that device as a
/// supervisor's, with a certificate valid today and not revoked (`batch::trust`, issue 13 §1). A
/// self-made supervisor's key is enrolled by no pinned province, so its certificates fail.
pub fn is_enrolled_supervisor(conn: &Connection, fingerprint: &str, public_key_hex: &str) -> Result<bool> {
    let same_key = crate::batch::keys::parse_public_key(public_key_hex)
        .map(|k| crate::batch::keys::fingerprint(&k.to_bytes()) == fingerprint)
        .unwrap_or(false);
    Ok(same_key && crate::batch::trust::is_enrolled_supervisor(conn, fingerprint)?)
}

/// File names: `chung-nhan-chat-luong-<xã>-lo-<n>.pdf` (+ `.pdf.sig.json`, `.xlsx`).
pub fn certificate_name(commune_code: &str, batch_number: i64) -> String {
    format!("chung-nhan-chat-luong-{}-lo-{batch_number}", crate::naming::name_part(commune_code))
}

/// The figures of the certificate of an imported batch whose books were all reviewed and accepted.
pub fn certificate_data(s: &Session, import_id: i64) -> Result<CertificateData> {
    let conn = s.conn();
    let (scheme, code, name, batch_number, package_hash): (String, String, String, i64, String) = conn.query_row(
        "SELECT commune_scheme, commune_code, commune_name, batch_number, package_id FROM package_import WHERE id = ?1 AND kind = 'batch'",
        [import_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => CoreError::NotFound(format!("gói đợt gửi đã nhập số {import_id}")),
        e => e.into(),
    })?;
    let books: Vec<(i64, Option<i64>, Option<String>)> = {
        let mut st = conn.prepare(
            "SELECT v.book_id, r.id, r.decision FROM imported_book_version v
             LEFT JOIN qa_review r ON r.book_id = v.book_id AND r.import_id = v.import_id WHERE v.import_id = ?1 ORDER BY v.book_id",
        )?;
        let rows = st.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    let (mut sampled, mut bad, mut wrong) = (0u64, 0u64, 0u64);
    for (book_id, review, decision) in books {
        let Some(review) = review else {
            return Err(CoreError::Conflict(format!("sổ số {book_id} chưa được kiểm tra theo mẫu; chưa cấp được giấy chứng nhận")));
        };
        if decision.as_deref() != Some("accept") {
            return Err(CoreError::Conflict(format!(
                "sổ số {book_id} chưa được chấp nhận; giấy chứng nhận chỉ cấp cho đợt được chấp nhận"
            )));
        }
        let v = review_view(conn, review)?;
        let r = review_row(conn, review)?;
        sampled += v.findings.entries;
        bad += v.findings.nonconforming_entries;
        wrong += v.findings.nonconformities;
        out.push(CertificateBook {
            book_type: v.book_type.to_string(),
            quyen_so: v.quyen_so.clone(),
            entries: r.plan.lot_size,
            plan: v.summary.clone(),
            severity: r.plan.severity.to_string(),
            aql: r.plan.aql.label().to_string(),
            counting: v.counting.as_str().to_string(),
            algorithm: v.algorithm.clone(),
            seed: v.seed.clone(),
            sampled: v.findings.entries,
            nonconforming_entries: v.findings.nonconforming_entries,
            wrong_fields: v.findings.nonconformities,
        });
    }
    if out.is_empty() {
        return Err(CoreError::Conflict("đợt gửi này không có sổ nào".into()));
    }
    let bound = ErrorRateBound::new(bad, sampled, None);
    Ok(CertificateData {
        commune_scheme: scheme,
        commune_code: code,
        commune_name: name,
        batch_number,
        package_hash,
        books: out,
        sampled,
        nonconforming_entries: bad,
        wrong_fields: wrong,
        entry_error_percent: bound.rate_percent,
        entry_error_upper_95_percent: bound.upper_95_percent,
        wrong_fields_per_100: if sampled == 0 { 0.0 } else { 100.0 * wrong as f64 / sampled as f64 },
        supervisor: s.user().display_name.clone(),
        supervisor_account: s.user().username.clone(),
        issued_at: crate::clock::now(),
    })
}

/// Writes the certificate of an accepted batch into `dir`: PDF, `.pdf.sig.json`, XLSX.
pub fn write_certificate(s: &mut Session, import_id: i64, dir: &Path) -> Result<CertificateFiles> {
    // Only an active supervisor on a province-enrolled device signs a certificate (issue 13 §1).
    crate::batch::trust::require_enrolled_supervisor(s, None)?;
    let data = certificate_data(s, import_id)?;
    let pdf = pdf(&data)?;
    let xlsx = xlsx(&data)?;
    let secrets = crate::batch::identity::device_secrets(s)?;
    let digest = Sha256::digest(&pdf);
    let mut message = CONTEXT.to_vec();
    message.extend_from_slice(&digest);
    let sig = CertificateSignature {
        format: SIGNATURE_FORMAT.into(),
        format_version: 1,
        algorithm: "ed25519".into(),
        pdf_sha256: hex::encode(digest),
        public_key: secrets.public.ed25519_public_key.clone(),
        fingerprint: secrets.public.fingerprint.clone(),
        signature: hex::encode(secrets.signing.sign(&message).to_bytes()),
        certificate: data.clone(),
    };
    std::fs::create_dir_all(dir)?;
    let base = certificate_name(&data.commune_code, data.batch_number);
    let pdf_path = dir.join(format!("{base}.pdf"));
    let sig_path = signature_path(&pdf_path);
    let xlsx_path = dir.join(format!("{base}.xlsx"));
    crate::fsx::write_atomic(&pdf_path, &pdf)?;
    crate::fsx::write_atomic(&sig_path, &serde_json::to_vec_pretty(&sig).map_err(|e| CoreError::Internal(e.to_string()))?)?;
    crate::fsx::write_atomic(&xlsx_path, &xlsx)?;
    s.write(|w| {
        w.audit(
            "qa.certificate",
            "package_import",
            Some(&import_id.to_string()),
            serde_json::json!({"pdfSha256": sig.pdf_sha256, "batchNumber": data.batch_number, "communeCode": data.commune_code,
                               "sampled": data.sampled, "nonconforming": data.nonconforming_entries}),
        )?;
        Ok(())
    })?;
    Ok(CertificateFiles { pdf: pdf_path, signature: sig_path, xlsx: xlsx_path, pdf_sha256: sig.pdf_sha256, certificate: data })
}

/// `<pdf>.sig.json` beside the PDF.
pub fn signature_path(pdf: &Path) -> PathBuf {
    let mut p = pdf.as_os_str().to_owned();
    p.push(".sig.json");
    PathBuf::from(p)
}

/// Checks a certificate PDF against its `.sig.json` (beside it): the PDF's hash, the signature,
/// and that the key is an enrolled supervisor's (`conn`: the workspace that knows the enrolment).
pub fn verify_certificate(conn: &Connection, pdf_path: &Path) -> Result<CertificateCheck> {
    let pdf = crate::fsx::read_limited(pdf_path, MAX_PDF, "giấy chứng nhận PDF")?;
    let sig_bytes = crate::fsx::read_limited(&signature_path(pdf_path), MAX_SIG, "tệp chữ ký giấy chứng nhận")?;
    let sig: CertificateSignature = serde_json::from_slice(&sig_bytes)
        .map_err(|e| CoreError::invalid("chữ ký", format!("tệp chữ ký giấy chứng nhận không đọc được: {e}")))?;
    if sig.format != SIGNATURE_FORMAT || sig.algorithm != "ed25519" {
        return Err(CoreError::invalid("chữ ký", "không phải tệp chữ ký giấy chứng nhận của sohoa"));
    }
    verify_bytes(conn, &pdf, &sig)
}

/// [`verify_certificate`] on bytes already read.
pub fn verify_bytes(conn: &Connection, pdf: &[u8], sig: &CertificateSignature) -> Result<CertificateCheck> {
    let mut problems = Vec::new();
    let digest = Sha256::digest(pdf);
    let pdf_unchanged = hex::encode(digest) == sig.pdf_sha256.to_ascii_lowercase();
    if !pdf_unchanged {
        problems.push("tệp PDF đã bị sửa sau khi ký (mã SHA-256 không khớp)".to_string());
    }
    let key: Option<VerifyingKey> =
        hex::decode(&sig.public_key).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()).and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let signature: Option<ed25519_dalek::Signature> =
        hex::decode(&sig.signature).ok().and_then(|b| <[u8; 64]>::try_from(b).ok()).map(|b| ed25519_dalek::Signature::from_bytes(&b));
    let mut message = CONTEXT.to_vec();
    message.extend_from_slice(&digest);
    let signature_valid = match (&key, &signature) {
        (Some(k), Some(sg)) => k.verify(&message, sg).is_ok(),
        _ => false,
    };
    if !signature_valid {
        problems.push("chữ ký không khớp với tệp PDF".to_string());
    }
    let fingerprint = key.map(|k| crate::batch::identity::fingerprint(&k.to_bytes())).unwrap_or_default();
    if fingerprint != sig.fingerprint {
        problems.push("dấu vân tay ghi trong tệp chữ ký không khớp với khóa".to_string());
    }
    let enrolled = !fingerprint.is_empty() && is_enrolled_supervisor(conn, &fingerprint, &sig.public_key.to_ascii_lowercase())?;
    if !enrolled {
        problems.push(format!("khóa {fingerprint} không phải của một giám sát viên đã được đăng ký: không công nhận giấy chứng nhận"));
    }
    Ok(CertificateCheck {
        ok: problems.is_empty(),
        pdf_unchanged,
        signature_valid,
        enrolled,
        fingerprint,
        certificate: Some(sig.certificate.clone()),
        problems,
    })
}

fn pct(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

fn day_vi(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// The lines of the certificate: (size, bold, text).
fn lines(d: &CertificateData) -> Vec<(f32, bool, String)> {
    let mut l = vec![
        (15.0, true, "GIẤY CHỨNG NHẬN CHẤT LƯỢNG SỐ HÓA SỔ HỘ TỊCH".to_string()),
        (
            9.0,
            false,
            "Kiểm tra theo mẫu ISO 2859-1 (lấy mẫu một lần, mức kiểm tra chung II), nhập lại độc lập và đối chiếu từng trường".to_string(),
        ),
        (6.0, false, String::new()),
        (10.5, true, format!("Xã/phường: {} ({} {})", d.commune_name, d.commune_scheme, d.commune_code)),
        (10.0, false, format!("Đợt gửi số {} — mã gói (SHA-256): {}", d.batch_number, d.package_hash)),
        (10.0, false, format!("Ngày cấp: {} — Giám sát viên: {} ({})", day_vi(&d.issued_at), d.supervisor, d.supervisor_account)),
        (6.0, false, String::new()),
        (11.0, true, "Các sổ được kiểm tra".to_string()),
    ];
    for b in &d.books {
        l.push((9.5, true, format!("Sổ {} quyển {} — {} bản ghi — kết quả: CHẤP NHẬN", b.book_type, b.quyen_so, b.entries)));
        let severity = b.severity.parse::<sohoa_qa::Severity>().map(|x| x.name_vi().to_string()).unwrap_or_else(|_| b.severity.clone());
        let counting = if b.counting == "entries" { "bản ghi" } else { "trường" };
        l.push((9.0, false, format!("   Phương án: {} — {severity}, AQL {}, đếm theo {counting}", b.plan, b.aql.replace('.', ","))));
        l.push((9.0, false, format!("   Mẫu: {} bản ghi rải theo trang (thuật toán {}, hạt giống {})", b.sampled, b.algorithm, b.seed)));
        l.push((9.0, false, format!("   Sai sót tìm thấy: {} bản ghi có sai sót, {} trường sai", b.nonconforming_entries, b.wrong_fields)));
    }
    l.push((6.0, false, String::new()));
    l.push((11.0, true, "Kết quả chung".to_string()));
    l.push((10.0, false, format!("Số bản ghi đã nhập lại và đối chiếu: {}", d.sampled)));
    l.push((10.0, false, format!("Bản ghi có sai sót: {} — tỉ lệ {} %", d.nonconforming_entries, pct(d.entry_error_percent))));
    l.push((
        10.5,
        true,
        format!(
            "Với độ tin cậy 95 %, tỉ lệ bản ghi sai của các sổ không quá {} % (cận trên một phía Clopper–Pearson)",
            pct(d.entry_error_upper_95_percent)
        ),
    ));
    l.push((10.0, false, format!("Trường sai: {} — {} trường sai trên 100 bản ghi", d.wrong_fields, pct(d.wrong_fields_per_100))));
    l.push((6.0, false, String::new()));
    l.push((8.5, false, "Giấy chứng nhận được ký số bằng khóa thiết bị của giám sát viên (Ed25519, tệp .sig.json kèm theo).".to_string()));
    l.push((8.5, false, "Kiểm tra: sohoa review verify-cert <tệp PDF>.".to_string()));
    l
}

/// The certificate PDF (A4 portrait, Noto Sans embedded).
pub fn pdf(d: &CertificateData) -> Result<Vec<u8>> {
    use crate::fonts::{FONT_BOLD, FONT_REGULAR};
    use krilla::color::rgb;
    use krilla::geom::Point;
    use krilla::paint::Fill;
    use krilla::text::{Font, TextDirection};
    const W: f32 = 595.0;
    const H: f32 = 842.0;
    const M: f32 = 48.0;
    let mut doc = krilla::Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Giấy chứng nhận chất lượng — {} — đợt {}", d.commune_name, d.batch_number))
            .language("vi".into())
            .creator(format!("sohoa {}", env!("CARGO_PKG_VERSION"))),
    );
    let regular = Font::new(FONT_REGULAR.into(), 0).ok_or_else(|| CoreError::Internal("embedded font unreadable".into()))?;
    let bold = Font::new(FONT_BOLD.into(), 0).ok_or_else(|| CoreError::Internal("embedded font unreadable".into()))?;
    let all = lines(d);
    let mut chunks: Vec<Vec<(f32, bool, String)>> = vec![vec![]];
    let mut y = M;
    for line in all {
        y += line.0 * 1.55;
        if y > H - M {
            chunks.push(vec![]);
            y = M + line.0 * 1.55;
        }
        chunks.last_mut().expect("a page").push(line);
    }
    for chunk in chunks {
        let settings = krilla::page::PageSettings::from_wh(W, H).ok_or_else(|| CoreError::Internal("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        s.set_stroke(None);
        let mut y = M;
        for (size, b, text) in chunk {
            y += size * 1.55;
            if text.is_empty() {
                continue;
            }
            let color = if b { rgb::Color::new(0x12, 0x3a, 0x63) } else { rgb::Color::new(0x20, 0x20, 0x20) };
            s.set_fill(Some(Fill { paint: color.into(), ..Default::default() }));
            let font = if b { bold.clone() } else { regular.clone() };
            s.draw_text(Point::from_xy(M, y), font, size, &text, false, TextDirection::Auto);
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| CoreError::Internal(format!("PDF: {e:?}")))
}

/// The summary workbook: one row per book and the totals.
pub fn xlsx(d: &CertificateData) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| CoreError::Internal(format!("XLSX: {e}"));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Chứng nhận").map_err(err)?;
    ws.set_column_width(0, 30).map_err(err)?;
    ws.write_string_with_format(0, 0, "GIẤY CHỨNG NHẬN CHẤT LƯỢNG SỐ HÓA", &bold).map_err(err)?;
    let head: Vec<(&str, String)> = vec![
        ("Xã/phường", format!("{} ({} {})", d.commune_name, d.commune_scheme, d.commune_code)),
        ("Đợt gửi số", d.batch_number.to_string()),
        ("Mã gói (SHA-256)", d.package_hash.clone()),
        ("Giám sát viên", format!("{} ({})", d.supervisor, d.supervisor_account)),
        ("Ngày cấp", day_vi(&d.issued_at)),
    ];
    let mut row = 2u32;
    for (k, v) in head {
        ws.write_string_with_format(row, 0, k, &bold).map_err(err)?;
        ws.write_string(row, 1, v).map_err(err)?;
        row += 1;
    }
    let totals: Vec<(&str, f64)> = vec![
        ("Bản ghi đã đối chiếu", d.sampled as f64),
        ("Bản ghi có sai sót", d.nonconforming_entries as f64),
        ("Tỉ lệ bản ghi sai (%)", d.entry_error_percent),
        ("Cận trên 95 % (Clopper–Pearson, %)", d.entry_error_upper_95_percent),
        ("Trường sai", d.wrong_fields as f64),
        ("Trường sai trên 100 bản ghi", d.wrong_fields_per_100),
    ];
    for (k, v) in totals {
        ws.write_string_with_format(row, 0, k, &bold).map_err(err)?;
        ws.write_number(row, 1, v).map_err(err)?;
        row += 1;
    }
    row += 1;
    let cols =
        ["Loại sổ", "Quyển số", "Số bản ghi", "Phương án", "Chế độ", "AQL", "Đếm theo", "Hạt giống", "Mẫu", "Bản ghi sai", "Trường sai"];
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *c, &bold).map_err(err)?;
    }
    for b in &d.books {
        row += 1;
        ws.write_string(row, 0, &b.book_type).map_err(err)?;
        ws.write_string(row, 1, &b.quyen_so).map_err(err)?;
        ws.write_number(row, 2, b.entries as f64).map_err(err)?;
        ws.write_string(row, 3, &b.plan).map_err(err)?;
        ws.write_string(row, 4, &b.severity).map_err(err)?;
        ws.write_string(row, 5, &b.aql).map_err(err)?;
        ws.write_string(row, 6, &b.counting).map_err(err)?;
        ws.write_string(row, 7, &b.seed).map_err(err)?;
        ws.write_number(row, 8, b.sampled as f64).map_err(err)?;
        ws.write_number(row, 9, b.nonconforming_entries as f64).map_err(err)?;
        ws.write_number(row, 10, b.wrong_fields as f64).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// Books of an import (for callers that list what a certificate will cover).
pub fn books_of_import(conn: &Connection, import_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT book_id FROM imported_book_version WHERE import_id = ?1 ORDER BY book_id")?;
    let rows = st.query_map(params![import_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
