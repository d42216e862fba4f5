//! The jobs tray's commands (issue 14 §5); the registry itself is `crate::jobs`.
use crate::jobs::{JobView, Jobs, CHANGED};
use sohoa_core::ApiError;
use sohoa_core::CoreError;
use tauri::{AppHandle, Emitter, Manager};

/// The jobs running and the last few finished (the header's tray).
#[tauri::command]
#[specta::specta]
pub async fn jobs_list(jobs: tauri::State<'_, Jobs>) -> Result<Vec<JobView>, ApiError> {
    Ok(jobs.list())
}

/// Asks job `job_id` to stop; it undoes what it started and its command answers `job.cancelled`.
/// A job that already ended, or that cannot be cancelled, is not found.
#[tauri::command]
#[specta::specta]
pub async fn job_cancel(app: AppHandle, job_id: u64) -> Result<JobView, ApiError> {
    let view = app.state::<Jobs>().cancel(job_id).ok_or_else(|| CoreError::NotFound(format!("công việc số {job_id} đang chạy")))?;
    log::info!("job {job_id} cancel asked");
    let _ = app.emit(CHANGED, view.clone());
    Ok(view)
}
