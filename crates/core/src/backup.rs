//! Encrypted backups (issue 13 §6).
//!
//! A backup is a folder `sohoa-sao-luu-<commune>-<YYYYMMDD>-<HHMMSS>/` holding
//!
//! ```text
//! workspace.db     SQLite online backup of the live database into a file keyed with the same
//!                  data key: SQLCipher copies the encrypted pages, so the copy is as encrypted
//!                  as the original (no plaintext page is ever written)
//! workspace.json   the keyring at that moment (the accounts that can open it)
//! backup.json      manifest: workspace id, commune, when, by whom, schema version
//! ```
//!
//! It is made in a temporary folder beside its destination and renamed into place when whole,
//! so a backup under its final name is always complete. Automatic backups ([`automatic`]) go to
//! `<workspace>-sao-luu/` once a day (at sign-out in the app) and are rotated: the newest of each
//! of the last 7 days and the newest of each of the 4 weeks before are kept. A backup to a chosen
//! folder (a USB stick) is [`create`]. [`restore`] first [`verify`]s the backup by opening it
//! with an account's password (key check, `PRAGMA integrity_check`, schema version, workspace
//! id), and only then moves the current workspace aside (kept, never deleted) and puts the
//! backup in its place.
//!
//! Limits: a backup carries the keyring of its day, so an account disabled or a password changed
//! since then opens that backup with its old password; keep backup sticks locked away.
use crate::error::{CoreError, Result};
use crate::fsx;
use crate::session::Session;
use crate::store::connection::{self, OpenMode};
use crate::store::keyring::{Keyring, KEYRING_FILE};
use crate::store::{keys, migrate, DB_FILE};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const BACKUP_PREFIX: &str = "sohoa-sao-luu-";
pub const MANIFEST_FILE: &str = "backup.json";
pub const FORMAT: &str = "sohoa-backup";
pub const FORMAT_VERSION: u32 = 1;
/// Rotation of automatic backups: the newest backup of each of this many most recent days…
pub const KEEP_DAILY: usize = 7;
/// …and the newest of each of this many weeks before them.
pub const KEEP_WEEKLY: usize = 4;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub workspace_id: String,
    pub commune_code: String,
    pub commune_name: String,
    pub created_at: String,
    pub created_by: String,
    pub schema_version: i64,
    pub db_bytes: u64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: PathBuf,
    pub manifest: Manifest,
}

/// A backup that opened with the password and passed every check.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    pub manifest: Manifest,
    pub schema_version: i64,
    /// How long `PRAGMA integrity_check` took.
    pub integrity_ms: u128,
    /// How long `PRAGMA quick_check` (the check every sign-in runs) took on the same file.
    pub quick_check_ms: u128,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub verified: Verified,
    /// Where the workspace that was replaced now is (kept, never deleted).
    pub previous: Option<PathBuf>,
}

fn stamp(now: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year][month][day]-[hour][minute][second]");
    now.format(&f).unwrap_or_default()
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes a backup of the signed-in workspace into a new folder inside `out_dir` (created `0700`
/// when missing). Audited `backup.create`.
pub fn create(session: &mut Session, out_dir: &Path) -> Result<BackupInfo> {
    create_at(session, out_dir, time::OffsetDateTime::now_utc())
}

fn create_at(session: &mut Session, out_dir: &Path, now: time::OffsetDateTime) -> Result<BackupInfo> {
    fsx::create_private_dir(out_dir)?;
    let _ = fsx::clean_stale_temp(out_dir);
    let ws = session.workspace().clone();
    let mut name = format!("{BACKUP_PREFIX}{}-{}", crate::naming::name_part(&ws.commune_code), stamp(now));
    if out_dir.join(&name).exists() {
        name = format!("{name}-{}", std::process::id());
    }
    let dest = out_dir.join(&name);
    let staging = out_dir.join(format!("{}{}-{name}", fsx::TEMP_PREFIX, std::process::id()));
    fsx::create_private_dir(&staging)?;
    let made = (|| -> Result<Manifest> {
        let db = staging.join(DB_FILE);
        fsx::create_private_file(&db)?;
        {
            let mut dst = connection::open(&db, session.data_key(), OpenMode::Create)?;
            copy_whole(session.conn(), &mut dst)?;
            // One self-contained file: no WAL beside it.
            dst.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        }
        std::fs::File::open(&db)?.sync_all()?;
        let ring = Keyring::load(&ws.path)?;
        ring.save(&staging)?;
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            workspace_id: ring.workspace_id.clone(),
            commune_code: ws.commune_code.clone(),
            commune_name: ws.commune_name.clone(),
            created_at: crate::clock::now(),
            created_by: session.user().username.clone(),
            schema_version: migrate::current_version(session.conn())?,
            db_bytes: std::fs::metadata(&db)?.len(),
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| CoreError::Internal(e.to_string()))?;
        fsx::write_atomic(&staging.join(MANIFEST_FILE), &json)?;
        sync_dir(&staging);
        Ok(manifest)
    })();
    let manifest = match made {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    std::fs::rename(&staging, &dest)?;
    sync_dir(out_dir);
    session.write(|w| {
        w.audit("backup.create", "workspace", Some(&manifest.workspace_id), serde_json::json!({"name": name, "bytes": manifest.db_bytes}))
    })?;
    Ok(BackupInfo { path: dest, manifest })
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let not_backup = || CoreError::invalid("backup", format!("“{}” không phải là bản sao lưu của sohoa", dir.display()));
    let bytes = fsx::read_limited(&dir.join(MANIFEST_FILE), 64 * 1024, "tệp mô tả bản sao lưu").map_err(|_| not_backup())?;
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|_| not_backup())?;
    if m.format != FORMAT {
        return Err(not_backup());
    }
    if m.format_version > FORMAT_VERSION {
        return Err(CoreError::WorkspaceTooNew { found: m.format_version as i64, supported: FORMAT_VERSION as i64 });
    }
    Ok(m)
}

/// Opens the backup in `dir` read-only with `username`'s password and checks it whole: the key
/// unwraps, the database decrypts, `PRAGMA integrity_check` says ok, the schema is not newer
/// than this program, and the keyring, the database and the manifest name the same workspace.
/// Writes nothing.
pub fn verify(dir: &Path, username: &str, password: &str) -> Result<Verified> {
    let manifest = read_manifest(dir)?;
    let ring = Keyring::load(dir)?;
    let wrapped = ring.accounts.get(username).ok_or_else(|| CoreError::UnknownUser(username.to_string()))?;
    let key = keys::unwrap(wrapped, password, &ring.aad(username))?;
    let conn = connection::open(&dir.join(DB_FILE), &key, OpenMode::ReadOnly)?;
    let started = std::time::Instant::now();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let integrity_ms = started.elapsed().as_millis();
    if check != "ok" {
        return Err(CoreError::WorkspaceCorrupt(format!("bản sao lưu hỏng: {check}")));
    }
    let started = std::time::Instant::now();
    let _: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    let quick_check_ms = started.elapsed().as_millis();
    let schema_version = migrate::check_not_newer(&conn)?;
    let db_id: String = conn.query_row("SELECT workspace_id FROM workspace WHERE id = 1", [], |r| r.get(0))?;
    if db_id != ring.workspace_id || db_id != manifest.workspace_id {
        return Err(CoreError::WorkspaceCorrupt("bản sao lưu: tệp khóa, cơ sở dữ liệu và tệp mô tả không cùng một sổ làm việc".into()));
    }
    Ok(Verified { manifest, schema_version, integrity_ms, quick_check_ms })
}

/// Restores the backup in `backup` as the workspace `target`, after [`verify`] passed with
/// `username`'s password. A workspace already at `target` must be the same workspace (same id);
/// it is renamed to `<target>.truoc-khoi-phuc-<time>` (kept) before the backup takes its place.
/// Run it with the app closed.
pub fn restore(backup: &Path, target: &Path, username: &str, password: &str) -> Result<Restored> {
    let verified = verify(backup, username, password)?;
    let exists = target.exists() && (target.is_file() || std::fs::read_dir(target)?.next().is_some());
    if exists {
        match Keyring::load(target) {
            Ok(ring) if ring.workspace_id == verified.manifest.workspace_id => {}
            Ok(_) => {
                return Err(CoreError::Conflict(format!(
                    "“{}” là một sổ làm việc khác; bản sao lưu chỉ khôi phục vào chính sổ làm việc của nó hoặc vào một thư mục mới",
                    target.display()
                )))
            }
            Err(_) => return Err(CoreError::WorkspaceExists(target.display().to_string())),
        }
    }
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let _ = fsx::clean_stale_temp(parent);
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("workspace");
    let staging = parent.join(format!("{}{}-restore-{name}", fsx::TEMP_PREFIX, std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    fsx::create_private_dir(&staging)?;
    let copied = (|| -> Result<()> {
        for f in [DB_FILE, KEYRING_FILE] {
            let to = staging.join(f);
            fsx::create_private_file(&to)?;
            let mut src = std::fs::File::open(backup.join(f))?;
            let mut dst = std::fs::OpenOptions::new().write(true).open(&to)?;
            std::io::copy(&mut src, &mut dst)?;
            dst.sync_all()?;
        }
        sync_dir(&staging);
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let previous = if exists {
        let aside = parent.join(format!("{name}.truoc-khoi-phuc-{}", stamp(time::OffsetDateTime::now_utc())));
        std::fs::rename(target, &aside)?;
        Some(aside)
    } else {
        if target.exists() {
            std::fs::remove_dir(target)?; // an empty folder, checked above
        }
        None
    };
    std::fs::rename(&staging, target)?;
    sync_dir(parent);
    Ok(Restored { verified, previous })
}

/// The automatic daily backup, into `<workspace>-sao-luu/`: made when no backup of today exists
/// there, then the folder is rotated ([`KEEP_DAILY`] days, [`KEEP_WEEKLY`] weeks). Returns the
/// backup made, if any.
pub fn automatic(session: &mut Session) -> Result<Option<BackupInfo>> {
    automatic_at(session, time::OffsetDateTime::now_utc())
}

static AUTOMATIC: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Copies every page of `src` into `dst` in one step of SQLite's online backup: one read
/// transaction, so the copy is the database as of one moment even while another connection (the
/// next signed-in session, a job) writes — a copy in several steps would start over at each such
/// write. A busy or locked source (a checkpoint, an exclusive lock) is waited for.
fn copy_whole(src: &rusqlite::Connection, dst: &mut rusqlite::Connection) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let copy = Backup::new(src, dst)?;
    loop {
        match copy.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked => std::thread::sleep(std::time::Duration::from_millis(10)),
            _ => {}
        }
    }
}

/// [`automatic`] as if it were `now` (tests of the rotation).
pub fn automatic_at(session: &mut Session, now: time::OffsetDateTime) -> Result<Option<BackupInfo>> {
    // One automatic backup at a time in this process: a sign-out while the last one still runs
    // waits for it, then finds today's backup made (and never sweeps its staging folder away).
    let _one = AUTOMATIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = crate::naming::backups_dir(&session.workspace().path);
    let today = stamp(now)[..8].to_string();
    let made_today = list(&dir).iter().any(|(_, day)| day.format("%Y%m%d") == today);
    let made = if made_today { None } else { Some(create_at(session, &dir, now)?) };
    rotate(&dir)?;
    Ok(made)
}

/// The automatic backups of the signed-in workspace (in `<workspace>-sao-luu/`), newest first,
/// each with its manifest; a folder whose manifest cannot be read is left out. Reads only.
pub fn automatic_backups(session: &Session) -> Vec<BackupInfo> {
    backups_in(&crate::naming::backups_dir(&session.workspace().path))
}

/// The backups in `dir` (folders named by [`create`]), newest first, with their manifests.
pub fn backups_in(dir: &Path) -> Vec<BackupInfo> {
    list(dir).into_iter().filter_map(|(path, _)| Some(BackupInfo { manifest: read_manifest(&path).ok()?, path })).collect()
}

/// A calendar day parsed from a backup's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(time::Date);

impl Day {
    fn format(&self, _f: &str) -> String {
        format!("{:04}{:02}{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }
    fn week(&self) -> (i32, u8) {
        let (y, w, _) = self.0.to_iso_week_date();
        (y, w)
    }
}

/// The backups in `dir` (folders named by [`create`]) with their day, newest first.
fn list(dir: &Path) -> Vec<(PathBuf, Day)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut out: Vec<(PathBuf, Day, String)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let rest = name.strip_prefix(BACKUP_PREFIX)?;
            // …-<YYYYMMDD>-<HHMMSS>[-pid]
            let parts: Vec<&str> = rest.split('-').collect();
            let i = parts.iter().rposition(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))?;
            let d = parts[i];
            let date = time::Date::from_calendar_date(
                d[..4].parse().ok()?,
                time::Month::try_from(d[4..6].parse::<u8>().ok()?).ok()?,
                d[6..].parse().ok()?,
            )
            .ok()?;
            let sort_key = parts[i..].join("-");
            e.path().is_dir().then_some((e.path(), Day(date), sort_key))
        })
        .collect();
    out.sort_by(|a, b| b.2.cmp(&a.2));
    out.into_iter().map(|(p, d, _)| (p, d)).collect()
}

/// Keeps the newest backup of each of the [`KEEP_DAILY`] most recent days and the newest of each
/// of the [`KEEP_WEEKLY`] weeks before them; removes the other backups in `dir`. Returns how
/// many were removed. Only folders named like backups are touched.
pub fn rotate(dir: &Path) -> Result<usize> {
    let mut days_kept: Vec<Day> = vec![];
    let mut weeks_kept: Vec<(i32, u8)> = vec![];
    let mut removed = 0;
    for (path, day) in list(dir) {
        let keep = if days_kept.contains(&day) {
            false
        } else if days_kept.len() < KEEP_DAILY {
            days_kept.push(day);
            weeks_kept.retain(|w| *w != day.week());
            true
        } else if days_kept.iter().any(|d| d.week() == day.week()) || weeks_kept.contains(&day.week()) {
            false
        } else if weeks_kept.len() < KEEP_WEEKLY {
            weeks_kept.push(day.week());
            true
        } else {
            false
        };
        if !keep {
            std::fs::remove_dir_all(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}
