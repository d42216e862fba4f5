//! Backups from the app (issue 13 §6; the CLI's `sohoa backup`): make one into a chosen folder,
//! list the automatic ones, verify one, restore one into a new folder. Thin commands over
//! `sohoa_core::backup`; making, verifying and restoring run as jobs (the header's tray shows
//! them, the session stays free meanwhile).
//!
//! Rules (as in the CLI): any signed-in account makes a backup; verifying and restoring take the
//! signed-in account's password again (the backup carries its own keyring). Restoring never
//! touches the open workspace: it goes into a new (or empty) folder, which the person then opens.
use crate::chosen_paths::ChosenPaths;
use crate::jobs;
use sohoa_core::backup::{self, BackupInfo, Restored, Verified};
use sohoa_core::{ApiError, CoreError};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};

fn label(p: &Path) -> String {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string()
}

/// The automatic backups of the open workspace (beside it, in `<workspace>-sao-luu/`), newest first.
#[tauri::command]
#[specta::specta]
pub async fn backup_list(state: State<'_, crate::state::AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    state.with_session(|s| Ok(backup::automatic_backups(s)))
}

/// Makes a backup of the open workspace in a new folder inside `dir` (a folder the person chose).
#[tauri::command]
#[specta::specta]
pub async fn backup_create(app: AppHandle, chosen: State<'_, ChosenPaths>, dir: String) -> Result<BackupInfo, ApiError> {
    let dir = chosen.check(&dir)?;
    jobs::run(&app, "backupCreate", label(&dir), None, move |s, _| backup::create(s, &dir)).await
}

/// Opens the backup in `path` with the signed-in account's password and checks it whole. Writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn backup_verify(app: AppHandle, chosen: State<'_, ChosenPaths>, path: String, password: String) -> Result<Verified, ApiError> {
    let path = chosen.check(&path)?;
    jobs::run(&app, "backupVerify", label(&path), None, move |s, _| {
        let user = s.user().username.clone();
        backup::verify(&path, &user, &password)
    })
    .await
}

/// Verifies the backup in `path`, then restores it as a workspace in `target`: a new or empty
/// folder the person chose, never the open workspace.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    path: String,
    target: String,
    password: String,
) -> Result<Restored, ApiError> {
    let path = chosen.check(&path)?;
    let target: PathBuf = chosen.check(&target)?;
    let occupied = target.is_file() || std::fs::read_dir(&target).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        return Err(CoreError::WorkspaceExists(target.display().to_string()).into());
    }
    jobs::run(&app, "backupRestore", label(&path), None, move |s, _| {
        let user = s.user().username.clone();
        backup::restore(&path, &target, &user, &password)
    })
    .await
}
