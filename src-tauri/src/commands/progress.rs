//! Progress against targets (issue 7): thin commands over `sohoa_core::progress`.
use crate::chosen_paths::ChosenPaths;
use crate::state::AppState;
use serde::Serialize;
use sohoa_core::progress;
use sohoa_core::progress::aggregate::CellRow;
use sohoa_core::progress::inventory::{InventoryInput, InventoryRow};
use sohoa_core::progress::overview::Overview;
use sohoa_core::progress::snapshot::SnapshotImport;
use sohoa_core::progress::tabular::ImportOutcome;
use sohoa_core::progress::targets::TargetRow;
use sohoa_core::progress::{Dashboard, DashboardQuery, Series, SeriesScope};
use sohoa_core::{ApiError, CoreError, Session};
use std::path::{Path, PathBuf};

#[tauri::command]
#[specta::specta]
pub async fn progress_overview(state: tauri::State<'_, AppState>) -> Result<Overview, ApiError> {
    state.with_session(|s| progress::overview::progress_overview(s))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_dashboard(state: tauri::State<'_, AppState>, as_of: Option<String>) -> Result<Dashboard, ApiError> {
    state.with_session(|s| progress::aggregate::progress_dashboard(s, &DashboardQuery { as_of }))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_series(state: tauri::State<'_, AppState>, scope: SeriesScope) -> Result<Series, ApiError> {
    state.with_session(|s| progress::series::progress_series(s, &scope))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_breakdown(state: tauri::State<'_, AppState>, scope: SeriesScope) -> Result<Vec<CellRow>, ApiError> {
    state.with_session(|s| progress::series::progress_breakdown(s, &scope))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_inventory_list(state: tauri::State<'_, AppState>) -> Result<Vec<InventoryRow>, ApiError> {
    state.with_session(|s| progress::inventory::progress_inventory(s.conn()))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_inventory_set(state: tauri::State<'_, AppState>, rows: Vec<InventoryInput>) -> Result<ImportOutcome, ApiError> {
    state.with_session(|s| progress::inventory::set_progress_inventory(s, &rows))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_inventory_import(
    state: tauri::State<'_, AppState>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<ImportOutcome, ApiError> {
    state.with_session(|s| progress::inventory::import_progress_inventory(s, &file_name, &bytes))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_targets_list(state: tauri::State<'_, AppState>) -> Result<Vec<TargetRow>, ApiError> {
    state.with_session(|s| progress::targets::progress_targets(s.conn()))
}

#[tauri::command]
#[specta::specta]
pub async fn progress_targets_import(
    state: tauri::State<'_, AppState>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<ImportOutcome, ApiError> {
    state.with_session(|s| progress::targets::import_progress_targets(s, &file_name, &bytes))
}

/// A file the app wrote for the user.
#[derive(specta::Type, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    path: String,
    file_name: String,
    bytes: usize,
    /// The signing key's fingerprint (snapshots only).
    fingerprint: Option<String>,
}

/// Where files go when the UI names no folder: `<workspace>-bao-cao` beside the workspace.
fn out_dir(s: &Session, dir: Option<String>) -> PathBuf {
    match dir.filter(|d| !d.trim().is_empty()) {
        Some(d) => PathBuf::from(d.trim()),
        None => sohoa_core::naming::reports_dir(&s.workspace().path),
    }
}

fn save(dir: &Path, file_name: &str, bytes: &[u8]) -> sohoa_core::Result<PathBuf> {
    sohoa_core::fsx::write_atomic_in_new_dir(&dir.join(file_name), bytes)
}

#[tauri::command]
#[specta::specta]
pub async fn progress_snapshot_export(
    state: tauri::State<'_, AppState>,
    chosen: tauri::State<'_, ChosenPaths>,
    dir: Option<String>,
) -> Result<SavedFile, ApiError> {
    let dir = chosen.check_opt(dir)?;
    state.with_session(|s| {
        let e = progress::live::export_progress_snapshot(s)?;
        let path = save(&out_dir(s, dir), &e.file_name, e.content.as_bytes())?;
        Ok(SavedFile { path: path.display().to_string(), file_name: e.file_name, bytes: e.content.len(), fingerprint: Some(e.fingerprint) })
    })
}

#[derive(specta::Type, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotFailure {
    file_name: String,
    code: String,
    message: String,
}

#[derive(specta::Type, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotImports {
    imported: Vec<SnapshotImport>,
    failed: Vec<SnapshotFailure>,
}

#[tauri::command]
#[specta::specta]
pub async fn progress_snapshot_import(
    state: tauri::State<'_, AppState>,
    chosen: tauri::State<'_, ChosenPaths>,
    path: String,
) -> Result<SnapshotImports, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| {
        let mut out = SnapshotImports { imported: vec![], failed: vec![] };
        for r in progress::snapshot::import_progress_snapshots_from(s, &path)? {
            match r {
                Ok(i) => out.imported.push(i),
                Err((file_name, e)) => out.failed.push(SnapshotFailure { file_name, code: e.code, message: e.message }),
            }
        }
        Ok(out)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn progress_report(
    state: tauri::State<'_, AppState>,
    format: String,
    period: Option<String>,
    dir: Option<String>,
    chosen: tauri::State<'_, ChosenPaths>,
) -> Result<SavedFile, ApiError> {
    let dir = chosen.check_opt(dir)?;
    state.with_session(|s| {
        let (name, bytes) = match format.as_str() {
            "pdf" => progress::report::progress_report_pdf(s, period.as_deref())?,
            "xlsx" => progress::report::progress_report_xlsx(s, period.as_deref())?,
            other => return Err(CoreError::invalid("format", format!("định dạng “{other}” không hỗ trợ (pdf, xlsx)"))),
        };
        let path = save(&out_dir(s, dir), &name, &bytes)?;
        Ok(SavedFile { path: path.display().to_string(), file_name: name, bytes: bytes.len(), fingerprint: None })
    })
}
