//! The key this workspace signs its progress snapshots with: the workspace's device key
//! (ed25519, `device_identity`, the same key that signs its batches), so a supervisor registers
//! one key per commune and a snapshot from a registered commune is checked against that key.
//! (`progress_signing_key`, a separate key of the first version, is no longer used.)
use crate::error::{CoreError, Result};
use crate::session::Writer;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};

/// Domain separation: a snapshot signature can never be mistaken for another kind of signature.
pub const CONTEXT: &[u8] = b"sohoa/progress-snapshot/v1\0";

/// This workspace's signing key (its device key), created inside the caller's transaction on
/// first use.
pub fn signing_key(w: &Writer) -> Result<SigningKey> {
    crate::batch::identity::device_signing_key_in(w)
}

/// The key's short, readable fingerprint: the same as the device fingerprint shown on the
/// batch screen (`batch::identity::fingerprint`), to compare by phone.
pub fn fingerprint(key: &VerifyingKey) -> String {
    crate::batch::identity::fingerprint(&key.to_bytes())
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
    let sig: [u8; 64] =
        hex::decode(signature_hex).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| bad("chữ ký không đúng định dạng"))?;
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(message);
    key.verify(&m, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| bad("chữ ký không khớp nội dung: tệp đã bị sửa hoặc không do xã này ký"))?;
    Ok(key)
}
