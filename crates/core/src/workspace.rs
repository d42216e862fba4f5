//! Creating and opening workspaces. A workspace is a folder:
//!
//! ```text
//! workspace.json   keyring: format marker, workspace id, per-account wrapped data key (no personal data)
//! workspace.db     SQLCipher database holding everything else (entries, page images, audit log)
//! ```
//! Creation happens in a hidden sibling folder renamed into place at the end, so a crash never
//! leaves a half-made workspace that looks whole.
use crate::error::{CoreError, Result};
use crate::session::accounts::NewAccount;
use crate::session::{Session, WorkspaceInfo};
use crate::store::connection::{self, OpenMode};
use crate::store::keyring::{Keyring, FORMAT, FORMAT_VERSION};
use crate::store::keys::{self, DataKey, KdfParams};
use crate::store::{migrate, DB_FILE};
use rand::RngCore;
use rusqlite::params;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct CreateWorkspace {
    pub commune_scheme: String,
    pub commune_code: String,
    pub commune_name: String,
    /// The first account (signed in on return).
    pub first_account: NewAccount,
    pub kdf: KdfParams,
}

pub fn create(dir: &Path, params: CreateWorkspace) -> Result<Session> {
    if dir.exists() && (dir.is_file() || std::fs::read_dir(dir)?.next().is_some()) {
        return Err(CoreError::WorkspaceExists(dir.display().to_string()));
    }
    crate::session::accounts::validate_new_account(&params.first_account)?;
    if params.commune_name.trim().is_empty() || params.commune_code.trim().is_empty() {
        return Err(CoreError::invalid("commune", "cần chọn xã/phường của sổ làm việc"));
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging =
        parent.join(format!(".{}.creating-{}", dir.file_name().and_then(|n| n.to_str()).unwrap_or("workspace"), std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    crate::fsx::create_private_dir(&staging)?;
    let result = populate(&staging, &params);
    match result {
        Ok(()) => {
            if dir.exists() {
                std::fs::remove_dir(dir)?; // empty, checked above
            }
            std::fs::rename(&staging, dir)?;
            open(dir, &params.first_account.username, &params.first_account.password)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn populate(staging: &Path, p: &CreateWorkspace) -> Result<()> {
    let key = DataKey::generate();
    let mut idb = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut idb);
    let workspace_id = hex::encode(idb);
    let now = crate::clock::now();
    let a = &p.first_account;
    {
        crate::fsx::create_private_file(&staging.join(DB_FILE))?;
        let mut conn = connection::open(&staging.join(DB_FILE), &key, OpenMode::Create)?;
        migrate::migrate(&mut conn)?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO workspace(id, workspace_id, commune_scheme, commune_code, commune_name, created_at, created_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![workspace_id, p.commune_scheme, p.commune_code, crate::text::stored(&p.commune_name), now, a.username],
        )?;
        crate::session::accounts::insert_account_row(&tx, a, &a.username)?;
        crate::session::audit::append(
            &tx,
            &a.username,
            "workspace.create",
            "workspace",
            Some(&workspace_id),
            &serde_json::json!({"communeScheme": p.commune_scheme, "communeCode": p.commune_code, "firstAccount": a.username, "role": a.role.as_str()}),
        )?;
        tx.commit()?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    let mut accounts = BTreeMap::new();
    let mut ring = Keyring {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        workspace_id,
        created_at: now,
        commune_name: Some(crate::text::stored(&p.commune_name)),
        accounts: BTreeMap::new(),
        guards: BTreeMap::new(),
    };
    accounts.insert(a.username.clone(), keys::wrap(&key, &a.password, &ring.aad(&a.username), p.kdf)?);
    ring.accounts = accounts;
    ring.save(staging)
}

/// Opens a workspace for `username`. Nothing in the folder is modified unless the password is
/// right and the database decrypts and is of a supported version.
pub fn open(dir: &Path, username: &str, password: &str) -> Result<Session> {
    if !dir.exists() {
        return Err(CoreError::WorkspaceNotFound(dir.display().to_string()));
    }
    if !dir.is_dir() {
        return Err(CoreError::NotAWorkspace(dir.display().to_string()));
    }
    let ring = Keyring::load(dir)?;
    // Disabled accounts and throttled sign-ins are refused before Argon2id runs (issue 13 §4).
    let guard = ring.guard(username);
    guard.check(username, crate::store::keyring::unix_now())?;
    let wrapped = ring.accounts.get(username).ok_or_else(|| CoreError::UnknownUser(username.to_string()))?;
    let key = match keys::unwrap(wrapped, password, &ring.aad(username)) {
        Ok(k) => k,
        Err(CoreError::WrongPassword) => {
            let g = Keyring::record_failed_sign_in(dir, username);
            return Err(match g.locked_until {
                Some(t) => CoreError::Throttled { wait_secs: (t - crate::store::keyring::unix_now()).max(1) as u64 },
                None => CoreError::WrongPassword,
            });
        }
        Err(e) => return Err(e),
    };
    let mut conn = connection::open(&dir.join(DB_FILE), &key, OpenMode::Existing)?;
    migrate::check_not_newer(&conn)?;
    quick_check(&conn)?;
    let applied = migrate::migrate(&mut conn)?;
    if applied.contains(&15) {
        // Migration 0015 added the date readings: read again the dates keyed before it.
        let tx = conn.transaction()?;
        crate::model::entry::backfill_date_readings(&tx)?;
        tx.commit()?;
    }
    let ws: WorkspaceInfo = conn
        .query_row("SELECT workspace_id, commune_scheme, commune_code, commune_name FROM workspace WHERE id = 1", [], |r| {
            Ok(WorkspaceInfo {
                path: dir.to_path_buf(),
                workspace_id: r.get(0)?,
                commune_scheme: r.get(1)?,
                commune_code: r.get(2)?,
                commune_name: r.get(3)?,
                schema_version: 0,
            })
        })
        .map_err(|e| CoreError::WorkspaceCorrupt(e.to_string()))?;
    if ws.workspace_id != ring.workspace_id {
        return Err(CoreError::WorkspaceCorrupt("keyring and database belong to different workspaces".into()));
    }
    if ring.commune_name.is_none() {
        // A workspace made before the keyring named its commune: name it now. Best effort (the
        // folder may be read-only); the sign-in screen then shows the folder instead.
        let named = Keyring { commune_name: Some(ws.commune_name.clone()), ..ring.clone() };
        let _ = named.save(dir);
    }
    let user = crate::session::accounts::load_user(&conn, username)?;
    let schema_version = migrate::current_version(&conn)?;
    // Temporary files of a process killed while writing (crate::fsx), here and in the export folders.
    for d in std::iter::once(dir.to_path_buf()).chain(crate::naming::export_dirs(dir)) {
        let _ = crate::fsx::clean_stale_temp(&d);
    }
    let mut session = Session::new(conn, key, ring, user, WorkspaceInfo { schema_version, ..ws });
    if guard.failed > 0 || !guard.failed_at.is_empty() {
        record_failures_at_sign_in(&mut session, dir, username)?;
    }
    // An import whose process died midway is rolled back whole (crate::import::run).
    crate::import::run::recover_unfinished(&mut session)?;
    // An upload export killed between showing its files and recording them: the files go
    // (crate::upload::recover_publish; other folders are seen to at their next export).
    let _ = crate::upload::recover_publish(session.conn(), &session.workspace().workspace_id, &crate::naming::upload_dir(dir));
    Ok(session)
}

/// The wrong passwords typed since the last sign-in become one `auth.failed` audit row of the
/// account that now signed in (they could not be audited when they happened: the database is
/// closed until a password is right), and the account's counter restarts.
fn record_failures_at_sign_in(session: &mut Session, dir: &Path, username: &str) -> Result<()> {
    let mut ring = Keyring::load(dir)?;
    let Some(g) = ring.guards.get_mut(username) else { return Ok(()) };
    let failures = std::mem::take(&mut g.failed_at);
    let count = std::mem::take(&mut g.failed);
    g.locked_until = None;
    if *g == crate::store::keyring::AccountGuard::default() {
        ring.guards.remove(username);
    }
    let audited = session.write(|w| {
        w.audit(
            "auth.failed",
            "account",
            Some(username),
            serde_json::json!({"count": count, "first": failures.first(), "last": failures.last(), "at": failures}),
        )
    });
    // Only once the row is written does the counter restart; a read-only workspace keeps both
    // the counter and the sign-in (the failures are audited at a later sign-in that can write).
    if audited.is_ok() {
        let _ = ring.save(dir);
    }
    Ok(())
}

/// `PRAGMA quick_check` at every sign-in (issue 13 §6): a damaged database is refused before
/// anything is written to it (restore a backup: `sohoa backup restore`). It reads every page
/// once (time on the demo workspace: see docs/backups.md).
fn quick_check(conn: &rusqlite::Connection) -> Result<()> {
    let mut st = conn.prepare("PRAGMA quick_check")?;
    let problems: Vec<String> = st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    Err(CoreError::WorkspaceCorrupt(format!("quick_check: {}", problems.join("; "))))
}

/// What the login screen may know before anyone signs in: whether the folder is a workspace, its
/// commune's name and its account names (from the keyring). Never writes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub path: PathBuf,
    pub exists: bool,
    pub is_workspace: bool,
    pub commune_name: Option<String>,
    pub accounts: Vec<String>,
}

pub fn probe(dir: &Path) -> Probe {
    let exists = dir.exists();
    match Keyring::load(dir) {
        Ok(k) if dir.join(DB_FILE).is_file() => Probe {
            path: dir.into(),
            exists,
            is_workspace: true,
            commune_name: k.commune_name,
            accounts: k.accounts.keys().cloned().collect(),
        },
        _ => Probe { path: dir.into(), exists, is_workspace: false, commune_name: None, accounts: vec![] },
    }
}

/// Changes one account's password by rewrapping its copy of the data key. The database is untouched.
pub fn change_password(dir: &Path, username: &str, old: &str, new: &str, kdf: KdfParams) -> Result<()> {
    crate::session::accounts::validate_password(new, username)?;
    // Signing in first: a wrong old password is counted and throttled like any other.
    let mut session = open(dir, username, old)?;
    let mut ring = Keyring::load(dir)?;
    let wrapped = ring.accounts.get(username).ok_or_else(|| CoreError::UnknownUser(username.to_string()))?;
    let key = keys::unwrap(wrapped, old, &ring.aad(username))?;
    session.write(|w| w.audit("account.change_password", "account", Some(username), serde_json::json!({})))?;
    let rewrapped = keys::wrap(&key, new, &ring.aad(username), kdf)?;
    ring.accounts.insert(username.to_string(), rewrapped);
    ring.save(dir)
}
