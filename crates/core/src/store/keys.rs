//! Key management. The database is encrypted with a random 256-bit *data key*; each account
//! holds a copy of the data key wrapped (XChaCha20-Poly1305) under a key derived from its password
//! with Argon2id. Adding a user or changing a password rewraps one copy and never re-encrypts the
//! database. Derived keys and the data key live only in memory (zeroized on drop).
use crate::error::{CoreError, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The 32-byte key SQLCipher is opened with.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl DataKey {
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        DataKey(k)
    }
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// SQLCipher raw-key literal: `x'…'` (no SQLCipher KDF runs on it).
    pub(crate) fn sqlcipher_literal(&self) -> String {
        format!("\"x'{}'\"", hex::encode(self.0))
    }
}

/// Argon2id parameters, stored beside each wrapped key so they can be raised later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub alg: KdfAlg,
    /// memory in KiB
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KdfAlg {
    Argon2id,
}

impl Default for KdfParams {
    /// OWASP's Argon2id recommendation (46 MiB, t=1 is the minimum): we use 64 MiB, t=3, p=1,
    /// about half a second on an old office PC.
    fn default() -> Self {
        KdfParams { alg: KdfAlg::Argon2id, m_cost: 64 * 1024, t_cost: 3, p_cost: 1 }
    }
}

impl KdfParams {
    /// Cheap parameters for tests only (never used by the CLI or the app).
    pub fn insecure_for_tests() -> Self {
        KdfParams { alg: KdfAlg::Argon2id, m_cost: 1024, t_cost: 1, p_cost: 1 }
    }
}

/// One account's copy of the data key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WrappedKey {
    pub kdf: KdfParams,
    #[serde(with = "hex_bytes")]
    pub salt: Vec<u8>,
    #[serde(with = "hex_bytes")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex_bytes")]
    pub ciphertext: Vec<u8>,
}

fn derive(password: &str, salt: &[u8], p: &KdfParams) -> Result<[u8; 32]> {
    let params = Params::new(p.m_cost, p.t_cost, p.p_cost, Some(32)).map_err(|e| CoreError::Internal(format!("argon2 params: {e}")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|e| CoreError::Internal(format!("argon2: {e}")))?;
    Ok(out)
}

/// `aad` binds the wrap to one workspace and one account, so copies cannot be swapped.
pub fn wrap(key: &DataKey, password: &str, aad: &str, kdf: KdfParams) -> Result<WrappedKey> {
    let mut salt = vec![0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let mut nonce = vec![0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut kek = derive(password, &salt, &kdf)?;
    let cipher = XChaCha20Poly1305::new((&kek).into());
    kek.zeroize();
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.bytes(), aad: aad.as_bytes() })
        .map_err(|_| CoreError::Internal("key wrap failed".into()))?;
    Ok(WrappedKey { kdf, salt, nonce, ciphertext })
}

/// Fails with `WrongPassword` when the password (or the aad) does not match.
pub fn unwrap(w: &WrappedKey, password: &str, aad: &str) -> Result<DataKey> {
    if w.nonce.len() != 24 {
        return Err(CoreError::NotAWorkspace("malformed key file".into()));
    }
    let mut kek = derive(password, &w.salt, &w.kdf)?;
    let cipher = XChaCha20Poly1305::new((&kek).into());
    kek.zeroize();
    let mut plain = cipher
        .decrypt(XNonce::from_slice(&w.nonce), Payload { msg: &w.ciphertext, aad: aad.as_bytes() })
        .map_err(|_| CoreError::WrongPassword)?;
    if plain.len() != 32 {
        plain.zeroize();
        return Err(CoreError::NotAWorkspace("malformed key file".into()));
    }
    let mut k = [0u8; 32];
    k.copy_from_slice(&plain);
    plain.zeroize();
    Ok(DataKey(k))
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        hex::decode(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_key_unwraps_with_the_right_password_only() {
        let k = DataKey::generate();
        let w = wrap(&k, "mật khẩu đúng", "ws:canbo", KdfParams::insecure_for_tests()).unwrap();
        assert_eq!(unwrap(&w, "mật khẩu đúng", "ws:canbo").unwrap().bytes(), k.bytes());
        assert!(matches!(unwrap(&w, "sai", "ws:canbo"), Err(CoreError::WrongPassword)));
        assert!(matches!(unwrap(&w, "mật khẩu đúng", "ws:giamsat"), Err(CoreError::WrongPassword)));
    }
}
