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
    /// username → sign-in guard: disabled flag and failed sign-ins (issue 13 §4). Plaintext and
    /// unauthenticated on purpose: it must be read before any key is unwrapped, so nothing secret
    /// can protect it. See [`AccountGuard`] for what that means.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub guards: BTreeMap<String, AccountGuard>,
}

/// What the sign-in checks before running Argon2id for an account.
///
/// Limits, by design: a local attacker who can edit `workspace.json` can reset the counter or
/// clear `disabled`. That does not help him: (1) disabling an account also *deletes* its wrapped
/// copy of the data key, so clearing the flag unwraps nothing (an old copy of the file made
/// before the account was disabled still does: rotate nothing, but change the data folder's
/// permissions and keep backups locked away); (2) whoever can copy `workspace.json` can guess
/// passwords offline at Argon2id's cost (≈0.5 s each) whatever the counter says. The throttle
/// slows down guessing at the sign-in screen (app and CLI); password strength and Argon2id are
/// what protect against the offline attacker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountGuard {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    /// Wrong passwords since the last successful sign-in.
    #[serde(default)]
    pub failed: u32,
    /// Unix seconds before which a sign-in is refused without trying the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<i64>,
    /// When the recent failures happened (RFC 3339, at most [`FAILURES_KEPT`]), audited as
    /// `auth.failed` at the next successful sign-in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_at: Vec<String>,
}

/// Wrong passwords allowed before the throttle starts.
pub const FREE_FAILURES: u32 = 3;
/// First wait after [`FREE_FAILURES`]; doubles with every further failure up to [`MAX_WAIT_SECS`].
pub const FIRST_WAIT_SECS: i64 = 5;
pub const MAX_WAIT_SECS: i64 = 15 * 60;
pub const FAILURES_KEPT: usize = 100;

pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl AccountGuard {
    /// The wait imposed after `failed` wrong passwords.
    pub fn wait_after(failed: u32) -> i64 {
        if failed < FREE_FAILURES {
            return 0;
        }
        let doublings = (failed - FREE_FAILURES).min(20);
        (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS)
    }

    /// Refuses a sign-in before any key work: disabled, or still waiting after wrong passwords.
    pub fn check(&self, username: &str, now: i64) -> Result<()> {
        if self.disabled {
            return Err(CoreError::AccountDisabled(username.to_string()));
        }
        match self.locked_until {
            Some(t) if t > now => Err(CoreError::Throttled { wait_secs: (t - now) as u64 }),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&mut self, now: i64, at: String) {
        self.failed = self.failed.saturating_add(1);
        let wait = Self::wait_after(self.failed);
        self.locked_until = (wait > 0).then_some(now + wait);
        if self.failed_at.len() >= FAILURES_KEPT {
            self.failed_at.remove(0);
        }
        self.failed_at.push(at);
    }
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

    /// The sign-in guard of `username` (a default one when none is stored).
    pub fn guard(&self, username: &str) -> AccountGuard {
        self.guards.get(username).cloned().unwrap_or_default()
    }

    /// Records a wrong password for `username` in the keyring on disk (re-read first, so two
    /// processes do not undo each other's count). Best effort: a read-only folder only loses
    /// the throttle.
    pub fn record_failed_sign_in(dir: &Path, username: &str) -> AccountGuard {
        let Ok(mut ring) = Keyring::load(dir) else { return AccountGuard::default() };
        let g = ring.guards.entry(username.to_string()).or_default();
        g.record_failure(unix_now(), crate::clock::now());
        let out = g.clone();
        let _ = ring.save(dir);
        out
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
