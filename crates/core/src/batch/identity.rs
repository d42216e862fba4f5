//! Device identity and trust.
//!
//! Each workspace has one device identity, made on first need: an Ed25519 signing key (signs every
//! package the workspace writes) and an age X25519 identity (opens packages sent to it). Both
//! secrets are stored in the `device_identity` table of the SQLCipher database, so they are
//! encrypted at rest under the workspace data key like every other byte of the workspace.
//!
//! The public half travels as a *device file* (`sohoa-device.json`, no secrets) or as a short
//! *fingerprint* (first 10 bytes of SHA-256 of the Ed25519 public key, RFC 4648 base32, groups of
//! four: `K7QF-2MXA-…`) that a person can read over the phone. A supervisor registers each
//! commune's device (file, or typed fingerprint: then the first package whose key matches pins the
//! full key); a commune registers its supervisor's device (file: it also gives the age recipient
//! that batch packages are encrypted to).
use crate::batch::format::Commune;
use crate::error::{CoreError, Result};
use crate::session::accounts::{Role, ScopeUnit};
use crate::session::Session;
use age::secrecy::ExposeSecret;
use ed25519_dalek::SigningKey;
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::str::FromStr;
use zeroize::Zeroize;

pub const DEVICE_FILE_FORMAT: &str = "sohoa-device";

pub use super::device_file::DeviceFile;
pub use super::keys::{fingerprint, normalize_fingerprint, parse_age_recipient, parse_public_key};

/// The public identity of this workspace's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceIdentity {
    pub ed25519_public_key: String,
    pub fingerprint: String,
    pub age_recipient: String,
    pub created_at: String,
}

/// A device this workspace trusts.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustedDevice {
    pub id: i64,
    pub role: String,
    pub fingerprint: String,
    pub ed25519_public_key: Option<String>,
    pub age_recipient: Option<String>,
    pub workspace_id: Option<String>,
    pub commune_scheme: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub registered_at: String,
    pub registered_by: String,
}

/// The secret halves, for signing and decrypting inside the core. Never serialised.
pub(crate) struct DeviceSecrets {
    pub signing: SigningKey,
    pub age: age::x25519::Identity,
    pub public: DeviceIdentity,
}

fn role_of(session: &Session) -> &'static str {
    match session.user().role {
        Role::Clerk => "commune",
        Role::Supervisor => "supervisor",
    }
}

/// This workspace's device identity; made (and audited) on first call.
pub fn device_identity(s: &mut Session) -> Result<DeviceIdentity> {
    Ok(device_secrets(s)?.public)
}

pub(crate) fn device_secrets(s: &mut Session) -> Result<DeviceSecrets> {
    if let Some(s) = load_device_secrets(s.conn())? {
        return Ok(s);
    }
    s.write(|w| device_signing_key_in(w).map(|_| ()))?;
    load_device_secrets(s.conn())?.ok_or_else(|| CoreError::Internal("device identity not stored".into()))
}

fn load_device_secrets(conn: &Connection) -> Result<Option<DeviceSecrets>> {
    let row: Option<(Vec<u8>, String, String, String, String, String)> = conn
        .query_row(
            "SELECT ed25519_secret, ed25519_public, fingerprint, age_secret, age_recipient, created_at FROM device_identity WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((mut sk, pk, fp, mut age_secret, recipient, created_at)) = row else { return Ok(None) };
    let arr: [u8; 32] = sk.as_slice().try_into().map_err(|_| CoreError::WorkspaceCorrupt("device key".into()))?;
    sk.zeroize();
    let signing = SigningKey::from_bytes(&arr);
    let age = age::x25519::Identity::from_str(&age_secret).map_err(|_| CoreError::WorkspaceCorrupt("device age key".into()))?;
    age_secret.zeroize();
    if hex::encode(signing.verifying_key().to_bytes()) != pk {
        return Err(CoreError::WorkspaceCorrupt("device key pair mismatch".into()));
    }
    Ok(Some(DeviceSecrets {
        signing,
        age,
        public: DeviceIdentity { ed25519_public_key: pk, fingerprint: fp, age_recipient: recipient, created_at },
    }))
}

/// The public device file to hand to the other side (supervisor or commune).
pub fn device_file(s: &mut Session) -> Result<DeviceFile> {
    let id = device_identity(s)?;
    let ws = s.workspace().clone();
    let enrolment = super::trust::own_enrolment_doc(s.conn(), &id.fingerprint)?;
    Ok(DeviceFile {
        enrolment,
        format: DEVICE_FILE_FORMAT.into(),
        format_version: 1,
        role: role_of(s).into(),
        workspace_id: ws.workspace_id,
        commune: Commune { scheme: ws.commune_scheme, code: ws.commune_code, name: ws.commune_name },
        ed25519_public_key: id.ed25519_public_key,
        fingerprint: id.fingerprint,
        age_recipient: id.age_recipient,
        created_at: id.created_at,
    })
}

/// Registers another device from its device file. A supervisor registers commune devices
/// (communes in the supervisor's scope only, from a device enrolled by the province as a
/// supervisor device); a clerk registers supervisor devices, and only those the pinned province
/// enrolled as supervisor devices covering this commune (the certificate travels in the file).
/// Revoked keys are refused.
pub fn trust_device_file(s: &mut Session, file: &DeviceFile) -> Result<TrustedDevice> {
    super::trust::require_active(s)?;
    if file.format != DEVICE_FILE_FORMAT {
        return Err(CoreError::invalid("tệp khóa", "không phải tệp khóa thiết bị của sohoa (sohoa-device.json)"));
    }
    let key = parse_public_key(&file.ed25519_public_key)?;
    let fp = fingerprint(&key.to_bytes());
    if fp != file.fingerprint {
        return Err(CoreError::invalid("tệp khóa", "dấu vân tay không khớp với khóa công khai trong tệp"));
    }
    parse_age_recipient(&file.age_recipient)?;
    let expected_role = expected_peer_role(s);
    if file.role != expected_role {
        return Err(CoreError::invalid(
            "tệp khóa",
            if expected_role == "commune" {
                "đây là khóa của giám sát viên; giám sát viên chỉ đăng ký khóa của xã/phường"
            } else {
                "đây là khóa của một xã/phường; cán bộ hộ tịch chỉ đăng ký khóa của giám sát viên"
            },
        ));
    }
    if super::trust::fingerprint_revoked(s.conn(), &fp, None)? {
        return Err(CoreError::Forbidden(format!("khóa {fp} đã bị tỉnh thu hồi; không đăng ký")));
    }
    if expected_role == "commune" {
        require_in_scope(s, &file.commune.scheme, &file.commune.code, &file.commune.name)?;
        super::trust::require_enrolled_supervisor(s, Some((&file.commune.scheme, &file.commune.code)))?;
    } else {
        let ws = s.workspace().clone();
        super::trust::check_enrolled_with(
            s.conn(),
            &fp,
            super::trust::DeviceRole::Supervisor,
            Some((&ws.commune_scheme, &ws.commune_code)),
            file.enrolment.as_ref(),
            None,
        )
        .map_err(|e| match e {
            CoreError::Forbidden(why) => CoreError::Forbidden(format!("không đăng ký máy giám sát này: {why}")),
            other => other,
        })?;
    }
    if let Some(doc) = &file.enrolment {
        s.write(|w| super::trust::absorb_in(w, Some(doc), None))?;
    }
    insert_trusted(
        s,
        TrustedDevice {
            id: 0,
            role: expected_role.into(),
            fingerprint: fp,
            ed25519_public_key: Some(file.ed25519_public_key.clone()),
            age_recipient: Some(file.age_recipient.clone()),
            workspace_id: Some(file.workspace_id.clone()),
            commune_scheme: Some(file.commune.scheme.clone()),
            commune_code: Some(file.commune.code.clone()),
            commune_name: Some(file.commune.name.clone()),
            registered_at: String::new(),
            registered_by: String::new(),
        },
    )
}

/// A supervisor registers a commune's device from the fingerprint read out by the commune.
/// The full key is pinned by the first package signed with a key of that fingerprint.
pub fn trust_fingerprint(s: &mut Session, typed: &str, commune: &ScopeUnit) -> Result<TrustedDevice> {
    s.require_role(Role::Supervisor)?;
    let fp = normalize_fingerprint(typed)?;
    require_in_scope(s, &commune.scheme, &commune.code, &commune.code)?;
    super::trust::require_enrolled_supervisor(s, Some((&commune.scheme, &commune.code)))?;
    if super::trust::fingerprint_revoked(s.conn(), &fp, None)? {
        return Err(CoreError::Forbidden(format!("khóa {fp} đã bị tỉnh thu hồi; không đăng ký")));
    }
    insert_trusted(
        s,
        TrustedDevice {
            id: 0,
            role: "commune".into(),
            fingerprint: fp,
            ed25519_public_key: None,
            age_recipient: None,
            workspace_id: None,
            commune_scheme: Some(commune.scheme.clone()),
            commune_code: Some(commune.code.clone()),
            commune_name: None,
            registered_at: String::new(),
            registered_by: String::new(),
        },
    )
}

fn expected_peer_role(s: &Session) -> &'static str {
    match s.user().role {
        Role::Supervisor => "commune",
        Role::Clerk => "supervisor",
    }
}

/// Refuses communes outside the signed-in supervisor's scope.
pub(crate) fn require_in_scope(s: &Session, scheme: &str, code: &str, name: &str) -> Result<()> {
    s.require_role(Role::Supervisor)?;
    if s.user().scope.iter().any(|u| u.scheme == scheme && u.code == code) {
        return Ok(());
    }
    Err(CoreError::Forbidden(format!("xã/phường “{name}” (mã {code}) không thuộc phạm vi giám sát của tài khoản này")))
}

fn insert_trusted(s: &mut Session, d: TrustedDevice) -> Result<TrustedDevice> {
    let existing = trusted_devices(s.conn())?.into_iter().find(|t| t.fingerprint == d.fingerprint);
    if let Some(t) = existing {
        // Registering the same device again (e.g. the file after the fingerprint) fills gaps only.
        if t.ed25519_public_key.is_some() && d.ed25519_public_key.is_some() && t.ed25519_public_key != d.ed25519_public_key {
            return Err(CoreError::Conflict("dấu vân tay đã được đăng ký cho một khóa khác".into()));
        }
        s.write(|w| {
            w.tx.execute(
                "UPDATE trusted_device SET ed25519_public = coalesce(ed25519_public, ?2), age_recipient = coalesce(?3, age_recipient),
                   workspace_id = coalesce(workspace_id, ?4), commune_name = coalesce(?5, commune_name) WHERE id = ?1",
                params![t.id, d.ed25519_public_key, d.age_recipient, d.workspace_id, d.commune_name],
            )?;
            w.audit(
                "device.trust",
                "trusted_device",
                Some(&t.fingerprint),
                serde_json::json!({"fingerprint": t.fingerprint, "update": true}),
            )?;
            Ok(())
        })?;
    } else {
        s.write(|w| {
            w.tx.execute(
                "INSERT INTO trusted_device(role, fingerprint, ed25519_public, age_recipient, workspace_id, commune_scheme, commune_code,
                   commune_name, registered_at, registered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    d.role,
                    d.fingerprint,
                    d.ed25519_public_key,
                    d.age_recipient,
                    d.workspace_id,
                    d.commune_scheme,
                    d.commune_code,
                    d.commune_name,
                    crate::clock::now(),
                    w.user.username
                ],
            )?;
            w.audit(
                "device.trust",
                "trusted_device",
                Some(&d.fingerprint),
                serde_json::json!({"fingerprint": d.fingerprint, "role": d.role, "communeCode": d.commune_code, "byFingerprintOnly": d.ed25519_public_key.is_none()}),
            )?;
            Ok(())
        })?;
    }
    trusted_devices(s.conn())?
        .into_iter()
        .find(|t| t.fingerprint == d.fingerprint)
        .ok_or_else(|| CoreError::Internal("trusted device not stored".into()))
}

/// Stops trusting a registered device (its packages are refused from now on). A supervisor
/// revokes commune devices, a clerk supervisor devices; audited.
pub fn untrust_device(s: &mut Session, typed: &str) -> Result<()> {
    super::trust::require_active(s)?;
    let fp = normalize_fingerprint(typed)?;
    let role = expected_peer_role(s);
    s.write(|w| {
        let n = w.tx.execute(
            "UPDATE trusted_device SET revoked_at = ?3 WHERE fingerprint = ?1 AND role = ?2 AND revoked_at IS NULL",
            params![fp, role, crate::clock::now()],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound(format!("thiết bị đã đăng ký có dấu vân tay {fp}")));
        }
        w.audit("device.untrust", "trusted_device", Some(&fp), serde_json::json!({"fingerprint": fp, "role": role}))?;
        Ok(())
    })
}

/// Whether `fingerprint` is a supervisor device enrolled by the province this workspace pinned
/// (valid today, not revoked): the check for anything a supervisor signs (verdicts, QA
/// certificates). See [`super::trust::check_enrolled`] for the reason when it is not.
pub fn is_enrolled_supervisor(conn: &Connection, fingerprint: &str) -> Result<bool> {
    super::trust::is_enrolled_supervisor(conn, fingerprint)
}

/// Devices this workspace trusts (not revoked).
pub fn trusted_devices(conn: &Connection) -> Result<Vec<TrustedDevice>> {
    let mut st = conn.prepare(
        "SELECT id, role, fingerprint, ed25519_public, age_recipient, workspace_id, commune_scheme, commune_code, commune_name,
                registered_at, registered_by FROM trusted_device WHERE revoked_at IS NULL ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(TrustedDevice {
            id: r.get(0)?,
            role: r.get(1)?,
            fingerprint: r.get(2)?,
            ed25519_public_key: r.get(3)?,
            age_recipient: r.get(4)?,
            workspace_id: r.get(5)?,
            commune_scheme: r.get(6)?,
            commune_code: r.get(7)?,
            commune_name: r.get(8)?,
            registered_at: r.get(9)?,
            registered_by: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// This workspace's device signing key, created with the rest of the device identity (ed25519
/// and age) inside the caller's transaction on first use. Batches and progress snapshots are
/// signed with it, so a supervisor registers one key per commune.
pub(crate) fn device_signing_key_in(w: &crate::session::Writer) -> Result<SigningKey> {
    let existing: Option<Vec<u8>> =
        w.tx.query_row("SELECT ed25519_secret FROM device_identity WHERE id = 1", [], |r| r.get(0)).optional()?;
    if let Some(mut sk) = existing {
        let arr: [u8; 32] = sk.as_slice().try_into().map_err(|_| CoreError::WorkspaceCorrupt("device key".into()))?;
        sk.zeroize();
        return Ok(SigningKey::from_bytes(&arr));
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let signing = SigningKey::from_bytes(&seed);
    seed.zeroize();
    let public = signing.verifying_key().to_bytes();
    let fp = fingerprint(&public);
    let age_id = age::x25519::Identity::generate();
    let recipient = age_id.to_public().to_string();
    let secret = age_id.to_string();
    w.tx.execute(
        "INSERT INTO device_identity(id, ed25519_secret, ed25519_public, fingerprint, age_secret, age_recipient, created_at, created_by)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![&signing.to_bytes()[..], hex::encode(public), fp, secret.expose_secret(), recipient, crate::clock::now(), w.user.username],
    )?;
    w.audit("device.create", "device", Some(&fp), serde_json::json!({"fingerprint": fp, "ageRecipient": recipient}))?;
    Ok(signing)
}
