//! Accounts and roles. Roles and scopes live in the encrypted database; the keyring only holds
//! each account's wrapped copy of the data key.
use crate::error::{CoreError, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A signed-in account.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(skip)]
    pub scope: Vec<ScopeUnit>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Clerk,
    Supervisor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "clerk" => Ok(Role::Clerk),
            "supervisor" => Ok(Role::Supervisor),
            _ => Err(CoreError::invalid("role", format!("vai trò không hợp lệ: {s}"))),
        }
    }
}

/// A commune a supervisor oversees.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeUnit {
    pub scheme: String,
    pub code: String,
}

#[derive(Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    pub scope: Vec<ScopeUnit>,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount").field("username", &self.username).field("role", &self.role).finish_non_exhaustive()
    }
}

pub const MIN_PASSWORD_LEN: usize = super::password::MIN_LEN;

/// The password policy ([`super::password`]) for a password being set for `username`.
pub fn validate_password(p: &str, username: &str) -> Result<()> {
    super::password::validate(p, username)
}

pub fn validate_new_account(a: &NewAccount) -> Result<()> {
    let ok = !a.username.is_empty()
        && a.username.len() <= 32
        && a.username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_' || c == '-');
    if !ok {
        return Err(CoreError::invalid(
            "username",
            "tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới (tối đa 32 ký tự)",
        ));
    }
    if a.display_name.trim().is_empty() {
        return Err(CoreError::invalid("displayName", "cần nhập họ tên người dùng"));
    }
    validate_password(&a.password, &a.username)
}

pub(crate) fn insert_account_row(conn: &Connection, a: &NewAccount, by: &str) -> Result<()> {
    let scope = serde_json::to_string(&a.scope).unwrap_or_else(|_| "[]".into());
    let n = conn.execute(
        "INSERT INTO account(username, display_name, role, scope_json, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(username) DO NOTHING",
        params![a.username, crate::text::stored(&a.display_name), a.role.as_str(), scope, crate::clock::now(), by],
    )?;
    if n == 0 {
        return Err(CoreError::Conflict(format!("tài khoản “{}” đã tồn tại", a.username)));
    }
    Ok(())
}

/// How many accounts the workspace has.
pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
}

pub(crate) fn load_user(conn: &Connection, username: &str) -> Result<User> {
    let row: Option<(String, String, String, i64)> = conn
        .query_row("SELECT display_name, role, scope_json, disabled FROM account WHERE username = ?1", [username], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (display_name, role, scope, disabled) = row.ok_or_else(|| CoreError::UnknownUser(username.to_string()))?;
    if disabled != 0 {
        return Err(CoreError::Forbidden("tài khoản đã bị khóa".into()));
    }
    Ok(User {
        username: username.to_string(),
        display_name,
        role: Role::parse(&role)?,
        scope: serde_json::from_str(&scope).unwrap_or_default(),
    })
}
