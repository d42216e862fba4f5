//! Separation of duties with an offline trust anchor (SECURITY.md "Who may do what").
//!
//! The **province** (Sở Tư pháp) holds an Ed25519 key offline, in a folder made by
//! [`province_init`] (`province-authority.json`: the secret encrypted under a passphrase with age
//! scrypt; `province-key.json`: the public key, handed to every workspace). With it the province
//! signs **enrolment certificates** for device keys ([`province_enrol`]: role, communes covered,
//! validity, serial) and **revocation lists** ([`province_revoke`]: serials and device
//! fingerprints, a sequence number that only grows).
//!
//! Each workspace **pins** the province key once ([`pin_province_key`], the fingerprint confirmed
//! by phone). From then on it believes only what that key signed: a verdict, a QA certificate and
//! the upload export come only from a supervisor device with a valid, unrevoked enrolment
//! ([`require_enrolled_supervisor`], [`check_enrolled`]). Certificates and the newest revocation
//! list travel in package headers and device files; each side keeps the newest list it has seen.
use crate::batch::device_file::DeviceFile;
use crate::batch::keys::{fingerprint, parse_public_key};
use crate::error::{CoreError, Result};
use crate::session::accounts::{Role, ScopeUnit};
use crate::session::{Session, Writer};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

pub const PROVINCE_KEY_FORMAT: &str = "sohoa-province-key";
pub const AUTHORITY_FORMAT: &str = "sohoa-province-authority";
pub const ENROLMENT_FORMAT: &str = "sohoa-enrolment";
pub const REVOCATION_FORMAT: &str = "sohoa-revocation-list";
pub const AUTHORITY_FILE: &str = "province-authority.json";
pub const PROVINCE_KEY_FILE: &str = "province-key.json";
/// Files of this kind are a few kB; anything past this is not one.
pub const MAX_TRUST_FILE_BYTES: u64 = 256 * 1024;

/// The province's public key (`province-key.json`), pinned by every workspace of the province.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvinceKey {
    pub format: String,
    pub format_version: u32,
    /// e.g. "Sở Tư pháp tỉnh Thái Nguyên".
    pub name: String,
    pub ed25519_public_key: String,
    pub fingerprint: String,
    pub created_at: String,
    /// A demonstration key (the demo's): never for real data.
    #[serde(default)]
    pub demo: bool,
}

/// What a device may do once enrolled.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceRole {
    /// A commune's workspace: keys books, sends batches.
    Commune,
    /// A supervisor's workspace: verdicts, QA certificates, the upload export.
    Supervisor,
}

impl DeviceRole {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceRole::Commune => "commune",
            DeviceRole::Supervisor => "supervisor",
        }
    }
    pub fn parse(s: &str) -> Result<DeviceRole> {
        match s {
            "commune" => Ok(DeviceRole::Commune),
            "supervisor" => Ok(DeviceRole::Supervisor),
            _ => Err(CoreError::invalid("vai trò thiết bị", format!("“{s}” không hợp lệ (commune hoặc supervisor)"))),
        }
    }
    fn label(self) -> &'static str {
        match self {
            DeviceRole::Commune => "máy của xã/phường",
            DeviceRole::Supervisor => "máy giám sát",
        }
    }
}

pub use super::format::SignedDoc;

/// The payload of an enrolment certificate.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enrolment {
    pub serial: u64,
    pub role: DeviceRole,
    pub device_public_key: String,
    pub device_fingerprint: String,
    /// Communes the device may act for (a supervisor: those it reviews; a commune: itself).
    pub scope: Vec<ScopeUnit>,
    /// `YYYY-MM-DD`, inclusive.
    pub not_before: String,
    pub not_after: String,
    pub issued_at: String,
    pub province_fingerprint: String,
    pub province_name: String,
}

/// The payload of a revocation list: cumulative, `seq` grows with each list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationList {
    pub seq: u64,
    pub issued_at: String,
    pub serials: Vec<u64>,
    pub fingerprints: Vec<String>,
    pub province_fingerprint: String,
}

/// `province-authority.json`: the province's key pair (secret encrypted) and its registers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvinceAuthority {
    pub format: String,
    pub format_version: u32,
    pub key: ProvinceKey,
    /// The 32-byte Ed25519 seed, age-encrypted under the authority's passphrase (scrypt), hex.
    pub encrypted_secret: String,
    pub next_serial: u64,
    pub issued: Vec<IssuedEnrolment>,
    pub revocation: RevocationList,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedEnrolment {
    pub serial: u64,
    pub role: DeviceRole,
    pub device_fingerprint: String,
    pub scope: Vec<ScopeUnit>,
    pub not_after: String,
    pub issued_at: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let bytes = crate::fsx::read_limited(path, MAX_TRUST_FILE_BYTES, what)?;
    serde_json::from_slice(&bytes).map_err(|_| CoreError::invalid(what, format!("không đọc được “{}”", path.display())))
}

fn write_json<T: Serialize>(path: &Path, v: &T) -> Result<PathBuf> {
    let json = serde_json::to_vec_pretty(v).map_err(|e| CoreError::Internal(e.to_string()))?;
    crate::fsx::write_atomic_in_new_dir(path, &json)
}

impl ProvinceKey {
    pub fn read(path: &Path) -> Result<ProvinceKey> {
        let path = if path.is_dir() { path.join(PROVINCE_KEY_FILE) } else { path.to_path_buf() };
        let k: ProvinceKey = read_json(&path, "tệp khóa tỉnh")?;
        k.check()?;
        Ok(k)
    }
    fn check(&self) -> Result<()> {
        if self.format != PROVINCE_KEY_FORMAT {
            return Err(CoreError::invalid("tệp khóa tỉnh", "không phải tệp khóa công khai của tỉnh (province-key.json)"));
        }
        let key = parse_public_key(&self.ed25519_public_key)?;
        if fingerprint(&key.to_bytes()) != self.fingerprint {
            return Err(CoreError::invalid("tệp khóa tỉnh", "dấu vân tay không khớp với khóa công khai trong tệp"));
        }
        Ok(())
    }
}

impl SignedDoc {
    pub fn read(path: &Path) -> Result<SignedDoc> {
        read_json(path, "tệp chứng nhận")
    }
    pub fn write(&self, path: &Path) -> Result<PathBuf> {
        write_json(path, self)
    }
    /// Verifies the signature with `key`; returns the payload's bytes.
    fn verify(&self, key: &ProvinceKey, format: &str) -> Result<&[u8]> {
        if self.format != format {
            return Err(CoreError::invalid("chứng nhận", format!("không phải {format}")));
        }
        let vk = parse_public_key(&key.ed25519_public_key)?;
        let sig = hex::decode(&self.signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
            .map(|b| Signature::from_bytes(&b))
            .ok_or_else(|| CoreError::invalid("chứng nhận", "chữ ký không đúng định dạng"))?;
        if self.signer_fingerprint != key.fingerprint || vk.verify(self.payload.as_bytes(), &sig).is_err() {
            return Err(CoreError::Forbidden(format!(
                "{} không được ký bằng khóa của tỉnh đã ghim trên máy này ({}, {}); đây có thể là chứng nhận giả",
                if format == ENROLMENT_FORMAT { "chứng nhận đăng ký thiết bị" } else { "danh sách thu hồi" },
                key.name,
                key.fingerprint
            )));
        }
        Ok(self.payload.as_bytes())
    }
    /// The enrolment inside, verified with `key`.
    pub fn enrolment(&self, key: &ProvinceKey) -> Result<Enrolment> {
        let bytes = self.verify(key, ENROLMENT_FORMAT)?;
        serde_json::from_slice(bytes).map_err(|_| CoreError::invalid("chứng nhận", "nội dung chứng nhận không đọc được"))
    }
    /// The revocation list inside, verified with `key`.
    pub fn revocation_list(&self, key: &ProvinceKey) -> Result<RevocationList> {
        let bytes = self.verify(key, REVOCATION_FORMAT)?;
        serde_json::from_slice(bytes).map_err(|_| CoreError::invalid("danh sách thu hồi", "nội dung không đọc được"))
    }
    /// The payload without checking the signature (for display of a document from an unknown province).
    pub fn unverified_enrolment(&self) -> Option<Enrolment> {
        serde_json::from_str(&self.payload).ok()
    }
}

fn sign(signing: &SigningKey, key: &ProvinceKey, format: &str, payload: &impl Serialize) -> Result<SignedDoc> {
    let payload = serde_json::to_string(payload).map_err(|e| CoreError::Internal(e.to_string()))?;
    let signature = hex::encode(signing.sign(payload.as_bytes()).to_bytes());
    Ok(SignedDoc { format: format.into(), payload, signature, signer_fingerprint: key.fingerprint.clone() })
}

// ---------------------------------------------------------------------------------------------
// The province side (offline; no workspace).

/// Makes a province authority in `dir` (must not hold one): `province-authority.json` (secret
/// encrypted under `passphrase`) and `province-key.json` (public). `work_factor`: age scrypt
/// log2(N), `None` = age's default (~1 s; tests and the demo use less).
pub fn province_init(dir: &Path, name: &str, passphrase: &str, work_factor: Option<u8>, demo: bool) -> Result<ProvinceKey> {
    if dir.join(AUTHORITY_FILE).exists() {
        return Err(CoreError::Conflict(format!("“{}” đã có khóa của tỉnh; không tạo đè", dir.display())));
    }
    if passphrase.chars().count() < 12 {
        return Err(CoreError::invalid("mật khẩu khóa tỉnh", "cần ít nhất 12 ký tự"));
    }
    if name.trim().is_empty() {
        return Err(CoreError::invalid("tên cơ quan", "cần tên cơ quan giữ khóa (ví dụ Sở Tư pháp tỉnh …)"));
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let signing = SigningKey::from_bytes(&seed);
    let public = signing.verifying_key().to_bytes();
    let key = ProvinceKey {
        format: PROVINCE_KEY_FORMAT.into(),
        format_version: 1,
        name: crate::text::stored(name),
        ed25519_public_key: hex::encode(public),
        fingerprint: fingerprint(&public),
        created_at: crate::clock::now(),
        demo,
    };
    let enc = crate::batch::Encryption::Passphrase { passphrase: passphrase.into(), work_factor }.encryptor()?;
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).map_err(|e| CoreError::Internal(format!("age: {e}")))?;
    w.write_all(&seed)?;
    w.finish()?;
    seed.zeroize();
    let authority = ProvinceAuthority {
        format: AUTHORITY_FORMAT.into(),
        format_version: 1,
        key: key.clone(),
        encrypted_secret: hex::encode(out),
        next_serial: 1,
        issued: vec![],
        revocation: RevocationList {
            seq: 0,
            issued_at: String::new(),
            serials: vec![],
            fingerprints: vec![],
            province_fingerprint: key.fingerprint.clone(),
        },
    };
    write_json(&dir.join(AUTHORITY_FILE), &authority)?;
    write_json(&dir.join(PROVINCE_KEY_FILE), &key)?;
    Ok(key)
}

fn unlock(dir: &Path, passphrase: &str) -> Result<(ProvinceAuthority, SigningKey)> {
    let a: ProvinceAuthority = read_json(&dir.join(AUTHORITY_FILE), "khóa của tỉnh")?;
    if a.format != AUTHORITY_FORMAT {
        return Err(CoreError::invalid("khóa của tỉnh", "không phải tệp province-authority.json của sohoa"));
    }
    let bytes = hex::decode(&a.encrypted_secret).map_err(|_| CoreError::invalid("khóa của tỉnh", "tệp bị hỏng"))?;
    let keys = crate::batch::Keys::default().with_passphrase(passphrase);
    let mut r = keys.decrypt(bytes.as_slice()).map_err(|_| CoreError::invalid("mật khẩu khóa tỉnh", "sai mật khẩu của khóa tỉnh"))?;
    let mut seed = Vec::new();
    r.by_ref().take(64).read_to_end(&mut seed)?;
    let arr: [u8; 32] = seed.as_slice().try_into().map_err(|_| CoreError::invalid("khóa của tỉnh", "tệp bị hỏng"))?;
    seed.zeroize();
    let signing = SigningKey::from_bytes(&arr);
    if hex::encode(signing.verifying_key().to_bytes()) != a.key.ed25519_public_key {
        return Err(CoreError::invalid("khóa của tỉnh", "khóa bí mật không khớp với khóa công khai"));
    }
    Ok((a, signing))
}

/// What the province enrols.
#[derive(Debug, Clone)]
pub struct EnrolRequest {
    pub role: DeviceRole,
    pub scope: Vec<ScopeUnit>,
    /// Days of validity from today.
    pub valid_days: u32,
}

/// Signs an enrolment certificate for the device in `device` (its device file), with the next
/// serial; the authority's register is updated.
pub fn province_enrol(dir: &Path, passphrase: &str, device: &DeviceFile, req: &EnrolRequest) -> Result<SignedDoc> {
    let (mut a, signing) = unlock(dir, passphrase)?;
    let key = parse_public_key(&device.ed25519_public_key)?;
    if fingerprint(&key.to_bytes()) != device.fingerprint {
        return Err(CoreError::invalid("tệp khóa", "dấu vân tay không khớp với khóa công khai trong tệp"));
    }
    if req.scope.is_empty() {
        return Err(CoreError::invalid("phạm vi", "cần ít nhất một xã/phường (--scope scheme:mã)"));
    }
    if req.valid_days == 0 || req.valid_days > 3660 {
        return Err(CoreError::invalid("thời hạn", "từ 1 đến 3660 ngày"));
    }
    let now = time::OffsetDateTime::now_utc();
    let not_after = date_of(now + time::Duration::days(req.valid_days as i64));
    let e = Enrolment {
        serial: a.next_serial,
        role: req.role,
        device_public_key: device.ed25519_public_key.clone(),
        device_fingerprint: device.fingerprint.clone(),
        scope: req.scope.clone(),
        not_before: date_of(now),
        not_after: not_after.clone(),
        issued_at: crate::clock::now(),
        province_fingerprint: a.key.fingerprint.clone(),
        province_name: a.key.name.clone(),
    };
    let doc = sign(&signing, &a.key, ENROLMENT_FORMAT, &e)?;
    a.next_serial += 1;
    a.issued.push(IssuedEnrolment {
        serial: e.serial,
        role: e.role,
        device_fingerprint: e.device_fingerprint.clone(),
        scope: e.scope.clone(),
        not_after,
        issued_at: e.issued_at.clone(),
    });
    write_json(&dir.join(AUTHORITY_FILE), &a)?;
    Ok(doc)
}

/// Signs the next revocation list: the previous one plus `serials` and `fingerprints`.
pub fn province_revoke(dir: &Path, passphrase: &str, serials: &[u64], fingerprints: &[String]) -> Result<SignedDoc> {
    let (mut a, signing) = unlock(dir, passphrase)?;
    let mut list = a.revocation.clone();
    for s in serials {
        if !a.issued.iter().any(|i| i.serial == *s) {
            return Err(CoreError::NotFound(format!("chứng nhận số {s} (tỉnh chưa cấp số này)")));
        }
        if !list.serials.contains(s) {
            list.serials.push(*s);
        }
    }
    for f in fingerprints {
        let f = crate::batch::keys::normalize_fingerprint(f)?;
        if !list.fingerprints.contains(&f) {
            list.fingerprints.push(f);
        }
    }
    list.seq += 1;
    list.issued_at = crate::clock::now();
    let doc = sign(&signing, &a.key, REVOCATION_FORMAT, &list)?;
    a.revocation = list;
    write_json(&dir.join(AUTHORITY_FILE), &a)?;
    Ok(doc)
}

/// The authority's public key (no passphrase needed).
pub fn province_key_of(dir: &Path) -> Result<ProvinceKey> {
    let a: ProvinceAuthority = read_json(&dir.join(AUTHORITY_FILE), "khóa của tỉnh")?;
    Ok(a.key)
}

// ---------------------------------------------------------------------------------------------
// The workspace side.

fn date_of(t: time::OffsetDateTime) -> String {
    let d = t.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn today() -> String {
    date_of(time::OffsetDateTime::now_utc())
}

/// The province key this workspace trusts, if pinned.
pub fn pinned_province(conn: &Connection) -> Result<Option<ProvinceKey>> {
    let json: Option<String> = conn.query_row("SELECT key_json FROM province_anchor WHERE id = 1", [], |r| r.get(0)).optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|_| CoreError::WorkspaceCorrupt("province_anchor".into()))).transpose()
}

fn require_pinned(conn: &Connection) -> Result<ProvinceKey> {
    pinned_province(conn)?.ok_or_else(|| {
        CoreError::Forbidden(
            "máy này chưa ghim khóa của tỉnh (Sở Tư pháp): chưa thể nhận hay gửi kết quả kiểm tra, chưa xuất được tệp tải lên; \
             giám sát viên ghim khóa một lần (sohoa trust pin) sau khi đối chiếu dấu vân tay qua điện thoại"
                .into(),
        )
    })
}

/// Pins the province key, once. `confirmed_fingerprint` is what the person read back over the
/// phone from the province; it must match. Allowed for a supervisor account, or for the only
/// account of a workspace (at creation). Never replaces a pinned key.
pub fn pin_province_key(s: &mut Session, key: &ProvinceKey, confirmed_fingerprint: &str) -> Result<()> {
    key.check()?;
    let typed = crate::batch::keys::normalize_fingerprint(confirmed_fingerprint)?;
    if typed != key.fingerprint {
        return Err(CoreError::invalid(
            "dấu vân tay khóa tỉnh",
            format!("dấu vân tay đã đối chiếu ({typed}) khác với dấu vân tay của tệp khóa ({}); không ghim", key.fingerprint),
        ));
    }
    require_active(s)?;
    if s.user().role != Role::Supervisor && crate::session::accounts::count(s.conn())? > 1 {
        return Err(CoreError::Forbidden("chỉ giám sát viên (hoặc người tạo sổ làm việc khi tạo) mới ghim được khóa của tỉnh".into()));
    }
    if let Some(k) = pinned_province(s.conn())? {
        if k.fingerprint == key.fingerprint {
            return Ok(());
        }
        return Err(CoreError::Conflict(format!(
            "máy này đã ghim khóa của {} ({}); khóa của tỉnh không thay được trên sổ làm việc này",
            k.name, k.fingerprint
        )));
    }
    let json = serde_json::to_string(key).map_err(|e| CoreError::Internal(e.to_string()))?;
    s.write(|w| {
        w.tx.execute(
            "INSERT INTO province_anchor(id, name, ed25519_public, fingerprint, key_json, pinned_at, pinned_by) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![key.name, key.ed25519_public_key, key.fingerprint, json, crate::clock::now(), w.user.username],
        )?;
        w.audit("trust.pin", "province", Some(&key.fingerprint), serde_json::json!({"name": key.name, "fingerprint": key.fingerprint, "demo": key.demo}))?;
        Ok(())
    })
}

/// Stores an enrolment certificate (verified against the pinned key) inside `w`'s transaction;
/// returns it. Idempotent.
pub(crate) fn store_enrolment_in(w: &Writer, key: &ProvinceKey, doc: &SignedDoc) -> Result<Enrolment> {
    let e = doc.enrolment(key)?;
    let doc_json = serde_json::to_string(doc).map_err(|e| CoreError::Internal(e.to_string()))?;
    let n = w.tx.execute(
        "INSERT INTO enrolment(serial, role, device_fingerprint, device_public, scope_json, not_before, not_after, issued_at, doc_json,
           imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(serial) DO NOTHING",
        params![
            e.serial as i64,
            e.role.as_str(),
            e.device_fingerprint,
            e.device_public_key,
            serde_json::to_string(&e.scope).unwrap_or_default(),
            e.not_before,
            e.not_after,
            e.issued_at,
            doc_json,
            crate::clock::now(),
            w.user.username
        ],
    )?;
    if n > 0 {
        w.audit(
            "trust.enrolment",
            "enrolment",
            Some(&e.serial.to_string()),
            serde_json::json!({"serial": e.serial, "role": e.role.as_str(), "device": e.device_fingerprint, "notAfter": e.not_after}),
        )?;
    }
    Ok(e)
}

/// Stores a revocation list if it is newer than the one held; returns whether it was.
pub(crate) fn store_revocation_in(w: &Writer, key: &ProvinceKey, doc: &SignedDoc) -> Result<bool> {
    let list = doc.revocation_list(key)?;
    let held: Option<i64> = w.tx.query_row("SELECT seq FROM revocation_list WHERE id = 1", [], |r| r.get(0)).optional()?;
    if held.is_some_and(|h| h >= list.seq as i64) {
        return Ok(false);
    }
    let doc_json = serde_json::to_string(doc).map_err(|e| CoreError::Internal(e.to_string()))?;
    w.tx.execute(
        "INSERT INTO revocation_list(id, seq, issued_at, serials_json, fingerprints_json, doc_json, imported_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, issued_at = excluded.issued_at, serials_json = excluded.serials_json,
           fingerprints_json = excluded.fingerprints_json, doc_json = excluded.doc_json, imported_at = excluded.imported_at",
        params![
            list.seq as i64,
            list.issued_at,
            serde_json::to_string(&list.serials).unwrap_or_default(),
            serde_json::to_string(&list.fingerprints).unwrap_or_default(),
            doc_json,
            crate::clock::now()
        ],
    )?;
    // Devices this workspace trusts that the list revokes stop being trusted.
    for f in &list.fingerprints {
        w.tx.execute(
            "UPDATE trusted_device SET revoked_at = ?2 WHERE fingerprint = ?1 AND revoked_at IS NULL",
            params![f, crate::clock::now()],
        )?;
    }
    w.audit(
        "trust.revocation",
        "revocation_list",
        Some(&list.seq.to_string()),
        serde_json::json!({"seq": list.seq, "serials": list.serials, "fingerprints": list.fingerprints}),
    )?;
    Ok(true)
}

/// Imports an enrolment certificate or a revocation list from a file (either kind).
pub fn import_trust_file(s: &mut Session, path: &Path) -> Result<TrustImport> {
    let doc = SignedDoc::read(path)?;
    import_trust_doc(s, &doc)
}

/// What [`import_trust_file`] did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TrustImport {
    Enrolment(Enrolment),
    /// The list's sequence number, and whether it replaced an older one.
    Revocation {
        seq: u64,
        newer: bool,
    },
}

pub fn import_trust_doc(s: &mut Session, doc: &SignedDoc) -> Result<TrustImport> {
    require_active(s)?;
    let key = require_pinned(s.conn())?;
    match doc.format.as_str() {
        ENROLMENT_FORMAT => s.write(|w| store_enrolment_in(w, &key, doc)).map(TrustImport::Enrolment),
        REVOCATION_FORMAT => {
            let seq = doc.revocation_list(&key)?.seq;
            s.write(|w| store_revocation_in(w, &key, doc)).map(|newer| TrustImport::Revocation { seq, newer })
        }
        _ => Err(CoreError::invalid("tệp chứng nhận", "không phải chứng nhận đăng ký thiết bị hay danh sách thu hồi của tỉnh")),
    }
}

/// The newest revocation list held (its signed document), for package headers.
pub fn revocation_doc(conn: &Connection) -> Result<Option<SignedDoc>> {
    let j: Option<String> = conn.query_row("SELECT doc_json FROM revocation_list WHERE id = 1", [], |r| r.get(0)).optional()?;
    Ok(j.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The revocation list in force: the newest of the one held and `incoming` (verified).
fn effective_revocation(conn: &Connection, key: &ProvinceKey, incoming: Option<&SignedDoc>) -> Result<Option<RevocationList>> {
    let held: Option<RevocationList> = revocation_doc(conn)?.and_then(|d| d.revocation_list(key).ok());
    let inc = incoming.and_then(|d| d.revocation_list(key).ok());
    Ok(match (held, inc) {
        (Some(h), Some(i)) => Some(if i.seq > h.seq { i } else { h }),
        (h, i) => h.or(i),
    })
}

/// Whether a device fingerprint is on the revocation list held (or `incoming`, if newer).
pub fn fingerprint_revoked(conn: &Connection, fp: &str, incoming: Option<&SignedDoc>) -> Result<bool> {
    let Some(key) = pinned_province(conn)? else { return Ok(false) };
    Ok(effective_revocation(conn, &key, incoming)?.is_some_and(|l| l.fingerprints.iter().any(|f| f == fp)))
}

/// The valid enrolment of `fingerprint` for `role` (covering `commune` when given), checked against
/// the pinned province key, validity dates and the newest revocation list held; otherwise the
/// Vietnamese reason it is refused.
pub fn check_enrolled(conn: &Connection, fp: &str, role: DeviceRole, commune: Option<(&str, &str)>) -> Result<Enrolment> {
    check_enrolled_with(conn, fp, role, commune, None, None)
}

/// [`check_enrolled`], also considering what a package or device file brought (an enrolment
/// certificate, a newer revocation list), verified against the pinned key.
pub fn check_enrolled_with(
    conn: &Connection,
    fp: &str,
    role: DeviceRole,
    commune: Option<(&str, &str)>,
    incoming_enrolment: Option<&SignedDoc>,
    incoming_revocation: Option<&SignedDoc>,
) -> Result<Enrolment> {
    let key = require_pinned(conn)?;
    let mut st = conn.prepare("SELECT doc_json FROM enrolment WHERE device_fingerprint = ?1 ORDER BY serial DESC")?;
    let mut docs: Vec<SignedDoc> =
        st.query_map([fp], |r| r.get::<_, String>(0))?.filter_map(|j| j.ok().and_then(|j| serde_json::from_str(&j).ok())).collect();
    let mut why = format!("{} {fp} chưa được tỉnh ({}) cấp chứng nhận đăng ký", role.label(), key.name);
    if let Some(d) = incoming_enrolment {
        match d.enrolment(&key) {
            Ok(_) => docs.insert(0, d.clone()),
            Err(CoreError::Forbidden(m)) => why = m,
            Err(_) => {}
        }
    }
    let revocation = effective_revocation(conn, &key, incoming_revocation)?;
    let today = today();
    for doc in docs {
        let Ok(e) = doc.enrolment(&key) else { continue };
        if e.device_fingerprint != fp {
            continue;
        }
        if e.role != role {
            why = format!("{fp} được tỉnh đăng ký là {}, không phải {}", e.role.label(), role.label());
            continue;
        }
        if revocation.as_ref().is_some_and(|l| l.serials.contains(&e.serial) || l.fingerprints.contains(&e.device_fingerprint)) {
            why = format!("chứng nhận số {} của {} {fp} đã bị tỉnh thu hồi", e.serial, role.label());
            continue;
        }
        if today < e.not_before || today > e.not_after {
            why = format!(
                "chứng nhận số {} của {} {fp} hết hiệu lực (có hiệu lực {} – {})",
                e.serial,
                role.label(),
                e.not_before,
                e.not_after
            );
            continue;
        }
        if let Some((scheme, code)) = commune {
            if !e.scope.iter().any(|u| u.scheme == scheme && u.code == code) {
                why = format!("chứng nhận số {} của {} {fp} không bao gồm xã/phường mã {code}", e.serial, role.label());
                continue;
            }
        }
        return Ok(e);
    }
    Err(CoreError::Forbidden(why))
}

/// Whether `fp` is a supervisor device enrolled by the pinned province (valid today, not revoked).
/// The check a QA certificate (issue 12) or any supervisor-signed document calls.
pub fn is_enrolled_supervisor(conn: &Connection, fp: &str) -> Result<bool> {
    match check_enrolled(conn, fp, DeviceRole::Supervisor, None) {
        Ok(_) => Ok(true),
        Err(CoreError::Forbidden(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Refuses a signed-in account that was disabled since it signed in.
pub fn require_active(s: &Session) -> Result<()> {
    let disabled: Option<i64> =
        s.conn().query_row("SELECT disabled FROM account WHERE username = ?1", [&s.user().username], |r| r.get(0)).optional()?;
    match disabled {
        Some(0) => Ok(()),
        _ => Err(CoreError::Forbidden("tài khoản đã bị khóa".into())),
    }
}

/// The gate of every supervisor act (verdict, QA certificate, upload export): a signed-in,
/// active supervisor account, on a workspace whose own device key is enrolled by the pinned
/// province as a supervisor device (covering `commune` when given), not revoked.
pub fn require_enrolled_supervisor(s: &mut Session, commune: Option<(&str, &str)>) -> Result<Enrolment> {
    if s.user().role != Role::Supervisor {
        return Err(CoreError::Forbidden("chỉ giám sát viên được duyệt, trả lại sổ và xuất tệp tải lên".into()));
    }
    require_active(s)?;
    let fp = own_fingerprint(s.conn())?;
    check_enrolled(s.conn(), &fp, DeviceRole::Supervisor, commune).map_err(|e| match e {
        CoreError::Forbidden(why) => CoreError::Forbidden(format!("máy này không phải máy giám sát được tỉnh đăng ký: {why}")),
        other => other,
    })
}

/// This device's fingerprint, or "" when it has not made its keys yet (such a device is enrolled
/// nowhere). Read here rather than through `identity`, which sits above this module.
fn own_fingerprint(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT fingerprint FROM device_identity WHERE id = 1", [], |r| r.get(0)).optional()?.unwrap_or_default())
}

/// This device's own enrolment certificate (the newest for its key), to travel with its device
/// file and packages. Not checked for validity here (the receiver checks).
pub fn own_enrolment_doc(conn: &Connection, own_fp: &str) -> Result<Option<SignedDoc>> {
    let j: Option<String> = conn
        .query_row("SELECT doc_json FROM enrolment WHERE device_fingerprint = ?1 ORDER BY serial DESC LIMIT 1", [own_fp], |r| r.get(0))
        .optional()?;
    Ok(j.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Stores, inside `w`, what a package or device file brought: the sender's enrolment and the
/// province's revocation list, when they verify against the pinned key (others are ignored:
/// whether the sender is enrolled is checked separately).
pub(crate) fn absorb_in(w: &Writer, enrolment: Option<&SignedDoc>, revocation: Option<&SignedDoc>) -> Result<()> {
    let Some(key) = pinned_province(w.tx)? else { return Ok(()) };
    if let Some(d) = revocation {
        if d.revocation_list(&key).is_ok() {
            store_revocation_in(w, &key, d)?;
        }
    }
    if let Some(d) = enrolment {
        if d.enrolment(&key).is_ok() {
            store_enrolment_in(w, &key, d)?;
        }
    }
    Ok(())
}

/// The trust state shown on the device screen and by `sohoa trust status`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustStatus {
    pub province: Option<ProvinceKey>,
    pub own_enrolment: Option<Enrolment>,
    /// Why this device may not act as an enrolled supervisor (None: it may).
    pub supervisor_refusal: Option<String>,
    pub revocation_seq: Option<u64>,
}

pub fn trust_status(s: &mut Session) -> Result<TrustStatus> {
    let province = pinned_province(s.conn())?;
    let fp = own_fingerprint(s.conn())?;
    let own = match &province {
        Some(k) => own_enrolment_doc(s.conn(), &fp)?.and_then(|d| d.enrolment(k).ok()),
        None => None,
    };
    let refusal = match check_enrolled(s.conn(), &fp, DeviceRole::Supervisor, None) {
        Ok(_) => None,
        Err(e) => Some(e.message_vi()),
    };
    let seq: Option<i64> = s.conn().query_row("SELECT seq FROM revocation_list WHERE id = 1", [], |r| r.get(0)).optional()?;
    Ok(TrustStatus { province, own_enrolment: own, supervisor_refusal: refusal, revocation_seq: seq.map(|s| s as u64) })
}
