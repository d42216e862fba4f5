//! A signed-in session on an open workspace. Every write goes through `Session::write`, which
//! runs the change and its audit row(s) in one transaction attributed to the signed-in user.
use crate::accounts::{NewAccount, Role, ScopeUnit};
use crate::error::{CoreError, Result};
use crate::store::keyring::Keyring;
use crate::store::keys::{DataKey, KdfParams};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(skip)]
    pub scope: Vec<ScopeUnit>,
}

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

/// The handle a write closure gets: the open transaction and the acting user.
pub struct Writer<'a> {
    pub tx: &'a Transaction<'a>,
    pub user: &'a User,
}

impl Writer<'_> {
    /// Appends an audit row for this change, attributed to the signed-in user.
    pub fn audit(&self, action: &str, entity: &str, entity_id: Option<&str>, detail: serde_json::Value) -> Result<i64> {
        crate::audit::append(self.tx, &self.user.username, action, entity, entity_id, &detail)
    }
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

    /// Adds an account that unlocks the same data key (nothing is re-encrypted).
    pub fn add_account(&mut self, account: NewAccount, kdf: KdfParams) -> Result<()> {
        crate::accounts::validate_new_account(&account)?;
        if self.keyring.accounts.contains_key(&account.username) {
            return Err(CoreError::Conflict(format!("tài khoản “{}” đã tồn tại", account.username)));
        }
        if account.role == Role::Supervisor && self.user.role != Role::Supervisor && self.user_count()? > 1 {
            return Err(CoreError::Forbidden("chỉ giám sát viên mới tạo được tài khoản giám sát".into()));
        }
        let dir = self.workspace.path.clone();
        let key = self.key.clone();
        self.write(|w| {
            crate::accounts::insert_account_row(w.tx, &account, &w.user.username)?;
            w.audit(
                "account.create",
                "account",
                Some(&account.username),
                serde_json::json!({"role": account.role.as_str(), "scope": account.scope}),
            )?;
            // The keyring is written while the transaction is still open: if it fails, the
            // account row is rolled back; if the commit then fails, the extra wrap is harmless.
            crate::workspace::keyring_add(&dir, &key, &account, kdf)
        })?;
        self.keyring = Keyring::load(&dir)?;
        Ok(())
    }

    fn user_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
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

    /// The data key, for subsystems that encrypt with it (never leaves the process).
    #[allow(dead_code)]
    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }
}
