//! `workspace.json`: the only plaintext file of a workspace. It holds no personal data: a format
//! marker, the workspace id, the commune's name (public, so the sign-in screen can say whose
//! workspace it is), and per account the wrapped data key (store/keys.rs). Written
//! atomically (temporary file, fsync, rename), so a power cut leaves the old or the new version.
use super::keys::{self, DataKey, KdfParams, WrappedKey};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const KEYRING_FILE: &str = "workspace.json";
pub const FORMAT: &str = "sohoa-workspace";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Keyring {
    pub format: String,
    pub format_version: u32,
    pub workspace_id: String,
    pub created_at: String,
    /// The commune's name as shown before sign-in (an administrative unit, not personal data).
    /// Absent in workspaces made before it existed; filled at the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune_name: Option<String>,
    /// username → that account's copy of the data key
    pub accounts: BTreeMap<String, WrappedKey>,
}

impl Keyring {
    pub fn aad(&self, username: &str) -> String {
        format!("sohoa:{}:{}", self.workspace_id, username)
    }

    pub fn load(dir: &Path) -> Result<Keyring> {
        let path = dir.join(KEYRING_FILE);
        let bytes = std::fs::read(&path).map_err(|_| CoreError::NotAWorkspace(dir.display().to_string()))?;
        let k: Keyring = serde_json::from_slice(&bytes).map_err(|_| CoreError::NotAWorkspace(dir.display().to_string()))?;
        if k.format != FORMAT {
            return Err(CoreError::NotAWorkspace(dir.display().to_string()));
        }
        if k.format_version > FORMAT_VERSION {
            return Err(CoreError::WorkspaceTooNew { found: k.format_version as i64, supported: FORMAT_VERSION as i64 });
        }
        Ok(k)
    }

    /// Adds (or replaces) `username`'s copy of the data key, wrapped under `password`, and saves
    /// the keyring in `dir`. Nothing is re-encrypted.
    pub fn add_account(dir: &Path, key: &DataKey, username: &str, password: &str, kdf: KdfParams) -> Result<()> {
        let mut ring = Keyring::load(dir)?;
        let w = keys::wrap(key, password, &ring.aad(username), kdf)?;
        ring.accounts.insert(username.to_string(), w);
        ring.save(dir)
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| CoreError::Internal(e.to_string()))?;
        write_atomic(&dir.join(KEYRING_FILE), &json)
    }
}

/// Write `bytes` to `path` so that readers see either the old file or the complete new one
/// (`crate::fsx`: a temporary file, fsync, rename, fsync of the folder; created 0600).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::fsx::write_atomic(path, bytes).map(|_| ())
}
