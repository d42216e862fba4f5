//! A signed-in session on an open workspace, and what belongs to it: the accounts and roles
//! ([`accounts`]), the audit log ([`audit`]) and the write handle ([`Writer`]).
//!
//! Every write goes through [`Session::write`], which runs the change and its audit row(s) in one
//! transaction attributed to the signed-in user. `Session` itself stays small: the user, the
//! workspace, the connection, writes, role checks, accounts and scopes, and another connection
//! for background work ([`Session::open_another`]). Everything else is a free function of its
//! module taking `&Session`, `&mut Session`, a `&Connection` or a `&Writer`.
pub mod accounts;
pub mod audit;
pub mod password;
mod writer;

pub use accounts::User;
pub use writer::Writer;

use crate::error::{CoreError, Result};
use crate::store::connection::{self, OpenMode};
use crate::store::keyring::Keyring;
use crate::store::keys::{DataKey, KdfParams};
use accounts::{NewAccount, Role, ScopeUnit};
use rusqlite::Connection;
use serde::Serialize;
use std::path::PathBuf;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    pub path: PathBuf,
    #[serde(skip)]
    pub workspace_id: String,
    pub commune_scheme: String,
    pub commune_code: String,
    pub commune_name: String,
    pub schema_version: i64,
}

pub struct Session {
    conn: Connection,
    key: DataKey,
    keyring: Keyring,
    user: User,
    workspace: WorkspaceInfo,
}

impl Session {
    pub(crate) fn new(conn: Connection, key: DataKey, keyring: Keyring, user: User, workspace: WorkspaceInfo) -> Self {
        Session { conn, key, keyring, user, workspace }
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn workspace(&self) -> &WorkspaceInfo {
        &self.workspace
    }

    /// The data key, for a second file encrypted with it (crate::backup). Never leaves the core.
    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }

    /// Read access. Writes must go through [`Session::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn require_role(&self, role: Role) -> Result<()> {
        if self.user.role != role {
            return Err(CoreError::Forbidden(format!("cần vai trò {}", role.as_str())));
        }
        Ok(())
    }

    /// Runs `f` in one IMMEDIATE transaction; commits only if it returns Ok.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = {
            let w = Writer { tx: &tx, user: &self.user };
            f(&w)?
        };
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` with this connection's foreign-key checks off, for a bulk load whose every row
    /// points at rows it has just written itself in the same transaction (the spreadsheet
    /// import: each field row at the entry inserted before it). The checks are on again when `f`
    /// returns or panics. Inside an open transaction SQLite ignores the switch and the checks stay
    /// on. The import's tests run `PRAGMA foreign_key_check` on what it wrote.
    pub(crate) fn without_foreign_keys<T>(&mut self, f: impl FnOnce(&mut Session) -> T) -> Result<T> {
        self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        let on = self.conn.execute_batch("PRAGMA foreign_keys = ON;");
        match out {
            Ok(out) => on.map(|_| out).map_err(Into::into),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Adds an account that unlocks the same data key (nothing is re-encrypted).
    pub fn add_account(&mut self, account: NewAccount, kdf: KdfParams) -> Result<()> {
        accounts::validate_new_account(&account)?;
        if self.keyring.accounts.contains_key(&account.username) {
            return Err(CoreError::Conflict(format!("tài khoản “{}” đã tồn tại", account.username)));
        }
        if account.role == Role::Supervisor && self.user.role != Role::Supervisor && accounts::count(&self.conn)? > 1 {
            return Err(CoreError::Forbidden("chỉ giám sát viên mới tạo được tài khoản giám sát".into()));
        }
        let dir = self.workspace.path.clone();
        let key = self.key.clone();
        self.write(|w| {
            accounts::insert_account_row(w.tx, &account, &w.user.username)?;
            w.audit(
                "account.create",
                "account",
                Some(&account.username),
                serde_json::json!({"role": account.role.as_str(), "scope": account.scope}),
            )?;
            // The keyring is written while the transaction is still open: if it fails, the
            // account row is rolled back; if the commit then fails, the extra wrap is harmless.
            Keyring::add_account(&dir, &key, &account.username, &account.password, kdf)
        })?;
        self.keyring = Keyring::load(&dir)?;
        Ok(())
    }

    /// Disables another account (supervisors only): the account row is marked disabled, and its
    /// wrapped copy of the data key is *deleted* from the keyring while its guard says
    /// `disabled`, so the account is refused before Argon2id and, even with the flag edited
    /// away, has no key to unwrap. Audited `account.disable`.
    pub fn disable_account(&mut self, username: &str) -> Result<()> {
        self.require_role(Role::Supervisor)?;
        if username == self.user.username {
            return Err(CoreError::Conflict("không thể tự khóa tài khoản đang đăng nhập".into()));
        }
        let dir = self.workspace.path.clone();
        self.write(|w| {
            let n = w.tx.execute("UPDATE account SET disabled = 1 WHERE username = ?1", [username])?;
            if n == 0 {
                return Err(CoreError::NotFound(format!("tài khoản “{username}”")));
            }
            w.audit("account.disable", "account", Some(username), serde_json::json!({}))?;
            // Keyring written inside the transaction: if it fails, the row is rolled back.
            let mut ring = Keyring::load(&dir)?;
            ring.accounts.remove(username);
            ring.guards.entry(username.to_string()).or_default().disabled = true;
            ring.save(&dir)
        })?;
        self.keyring = Keyring::load(&dir)?;
        Ok(())
    }

    /// Enables a disabled account again (supervisors only) with a new password (the old copy of
    /// the key was deleted when it was disabled). The password policy applies. Audited
    /// `account.enable`.
    pub fn enable_account(&mut self, username: &str, new_password: &str, kdf: KdfParams) -> Result<()> {
        self.require_role(Role::Supervisor)?;
        accounts::validate_password(new_password, username)?;
        let dir = self.workspace.path.clone();
        let key = self.key.clone();
        self.write(|w| {
            let n = w.tx.execute("UPDATE account SET disabled = 0 WHERE username = ?1", [username])?;
            if n == 0 {
                return Err(CoreError::NotFound(format!("tài khoản “{username}”")));
            }
            w.audit("account.enable", "account", Some(username), serde_json::json!({}))?;
            let mut ring = Keyring::load(&dir)?;
            ring.guards.remove(username);
            ring.accounts.insert(username.to_string(), crate::store::keys::wrap(&key, new_password, &ring.aad(username), kdf)?);
            ring.save(&dir)
        })?;
        self.keyring = Keyring::load(&dir)?;
        Ok(())
    }

    pub fn set_supervisor_scope(&mut self, username: &str, scope: Vec<ScopeUnit>) -> Result<()> {
        self.require_role(Role::Supervisor)?;
        self.write(|w| {
            let n = w.tx.execute(
                "UPDATE account SET scope_json = ?1 WHERE username = ?2 AND role = 'supervisor'",
                rusqlite::params![serde_json::to_string(&scope).unwrap_or_default(), username],
            )?;
            if n == 0 {
                return Err(CoreError::NotFound(format!("giám sát viên “{username}”")));
            }
            w.audit("account.scope", "account", Some(username), serde_json::json!({"scope": scope}))?;
            Ok(())
        })
    }

    /// A second session on the same workspace for the same user, on its own connection (same
    /// key, no password needed): for long work in the background while this session keeps
    /// serving the screens. With WAL the two read concurrently and one writes at a time (a
    /// writer waits up to the busy timeout for the other's write transaction to end).
    pub fn open_another(&self) -> Result<Session> {
        let conn = connection::open(&self.workspace.path.join(crate::store::DB_FILE), &self.key, OpenMode::Existing)?;
        crate::store::migrate::check_not_newer(&conn)?;
        let user = accounts::load_user(&conn, &self.user.username)?;
        Ok(Session { conn, key: self.key.clone(), keyring: self.keyring.clone(), user, workspace: self.workspace.clone() })
    }
}
