//! The key this workspace signs its progress snapshots with (ed25519), kept in the encrypted
//! database (`progress_signing_key`, created on first use).
//!
//! NOTE for unification: the batch module (issue 6) adds a device identity of its own
//! (`device_identity`, 0002). Once it is settled, [`signing_key`] should return that key so a
//! supervisor registers one key per commune; the snapshot format does not change (it carries the
//! public key and is verified against the key pinned for the sending workspace).
use crate::error::{CoreError, Result};
use crate::session::Writer;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// Domain separation: a snapshot signature can never be mistaken for another kind of signature.
pub const CONTEXT: &[u8] = b"sohoa/progress-snapshot/v1\0";

/// This workspace's signing key, created (inside the caller's transaction) on first use.
pub fn signing_key(w: &Writer) -> Result<SigningKey> {
    let existing: Option<Vec<u8>> = w
        .tx
        .query_row("SELECT secret_key FROM progress_signing_key WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    if let Some(bytes) = existing {
        let seed: [u8; 32] = bytes.as_slice().try_into().map_err(|_| CoreError::Internal("bad progress signing key".into()))?;
        return Ok(SigningKey::from_bytes(&seed));
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    let public = hex::encode(key.verifying_key().to_bytes());
    w.tx.execute(
        "INSERT INTO progress_signing_key(id, algorithm, public_key, secret_key, created_at, created_by) VALUES (1, 'ed25519', ?1, ?2, ?3, ?4)",
        params![public, seed.as_slice(), crate::clock::now(), w.user.username],
    )?;
    w.audit("progress.key_create", "progress_signing_key", Some("1"), serde_json::json!({"fingerprint": fingerprint(&key.verifying_key())}))?;
    Ok(key)
}

/// A short, readable fingerprint of a public key: the first 10 bytes of its SHA-256 in upper-case
/// hex, in groups of 4 (`3F2A-91C0-…`), to compare by phone.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let h = Sha256::digest(key.to_bytes());
    let hx = hex::encode_upper(&h[..10]);
    hx.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect::<Vec<_>>().join("-")
}

pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(message);
    hex::encode(key.sign(&m).to_bytes())
}

/// Verifies a hex signature over `message` with a hex public key.
pub fn verify(public_hex: &str, message: &[u8], signature_hex: &str) -> Result<VerifyingKey> {
    let bad = |why: &str| CoreError::invalid("chữ ký", why.to_string());
    let pk: [u8; 32] = hex::decode(public_hex).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| bad("khóa công khai không hợp lệ"))?;
    let key = VerifyingKey::from_bytes(&pk).map_err(|_| bad("khóa công khai không hợp lệ"))?;
    let sig: [u8; 64] = hex::decode(signature_hex).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| bad("chữ ký không đúng định dạng"))?;
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(message);
    key.verify(&m, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| bad("chữ ký không khớp nội dung: tệp đã bị sửa hoặc không do xã này ký"))?;
    Ok(key)
}
