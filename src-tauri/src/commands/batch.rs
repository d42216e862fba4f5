//! Batches (issue 6): device keys, batch export, package verify/import, verdicts, central upload
//! export. Thin: every command delegates to `sohoa_core::batch` / `sohoa_core::upload`
//! (docs/batch-format.md). Long operations run as jobs (crate::jobs) and report progress on a
//! `Channel` (`{jobId, stage, done, total}`).
use crate::chosen_paths::ChosenPaths;
use crate::jobs::{self, JobProgress};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use sohoa_core::batch;
use sohoa_core::batch::review::{ImportedBookView, ReturnedEntryView, ReviewEntry, ReviewEntrySummary};
use sohoa_core::batch::{
    BatchInfo, BatchSummary, BookReadiness, DeviceFile, Encryption, ExportOptions, ImportOutcome, ImportedPackage, Keys, ReturnReason,
    TrustedDevice, VerdictDecision, VerdictSummary, VerifyReport,
};
use sohoa_core::upload;
use sohoa_core::upload::{UploadOptions, UploadReport};
use sohoa_core::{naming, session::accounts::ScopeUnit, ApiError};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

fn keys_with(passphrase: Option<String>) -> Keys {
    match passphrase.filter(|p| !p.is_empty()) {
        Some(p) => Keys::default().with_passphrase(p),
        None => Keys::default(),
    }
}

/// The file (or folder) name a job works on, for the tray.
fn file_label(path: &std::path::Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Suggested paths for the path fields of the batch screens (the app's own folders; the clerk may
/// choose others in a dialog).
#[derive(Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BatchPaths {
    folder: String,
    separator: String,
    next_batch_number: i64,
    package_path: String,
    device_file_path: String,
    upload_dir: String,
    /// Supervisor: where the verdict package of each imported batch goes (import id → path).
    /// JSON object keys are strings: the import id arrives as its decimal text.
    #[specta(type = std::collections::BTreeMap<String, String>)]
    verdict_paths: std::collections::BTreeMap<i64, String>,
}

#[tauri::command]
#[specta::specta]
pub async fn batch_paths(state: State<'_, AppState>) -> Result<BatchPaths, ApiError> {
    state.with_session(|s| {
        let dir = naming::transfer_dir(&s.workspace().path);
        let code = s.workspace().commune_code.clone();
        let next = if s.user().role == sohoa_core::session::accounts::Role::Clerk {
            batch::export::batches(s.conn())?.iter().map(|b| b.number).max().unwrap_or(0) + 1
        } else {
            0
        };
        Ok(BatchPaths {
            folder: dir.display().to_string(),
            separator: std::path::MAIN_SEPARATOR.to_string(),
            next_batch_number: next,
            package_path: dir.join(naming::batch_package_name(&code, next)).display().to_string(),
            device_file_path: dir.join(naming::device_file_name(&code)).display().to_string(),
            upload_dir: naming::upload_dir(&s.workspace().path).display().to_string(),
            verdict_paths: batch::import::imported_packages(s.conn())?
                .into_iter()
                .filter(|p| p.kind == "batch")
                .map(|p| (p.id, dir.join(naming::verdict_package_name(&p.commune_code, p.batch_number)).display().to_string()))
                .collect(),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn batch_identity(state: State<'_, AppState>) -> Result<DeviceFile, ApiError> {
    state.with_session(batch::identity::device_file)
}

/// Writes the public device file (no secrets) to hand to the other side; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn batch_device_file_save(state: State<'_, AppState>, chosen: State<'_, ChosenPaths>, path: String) -> Result<String, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| Ok(batch::identity::device_file(s)?.write(&path)?.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_trusted_devices(state: State<'_, AppState>) -> Result<Vec<TrustedDevice>, ApiError> {
    state.with_session(|s| batch::identity::trusted_devices(s.conn()))
}

/// Registers the other side's device from its device file.
#[tauri::command]
#[specta::specta]
pub async fn batch_trust_file(state: State<'_, AppState>, chosen: State<'_, ChosenPaths>, path: String) -> Result<TrustedDevice, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| batch::identity::trust_device_file(s, &DeviceFile::read(&path)?))
}

/// Supervisor: registers a commune's device from the fingerprint read out by the commune.
#[tauri::command]
#[specta::specta]
pub async fn batch_trust_fingerprint(
    state: State<'_, AppState>,
    fingerprint: String,
    commune_code: String,
    scheme: Option<String>,
) -> Result<TrustedDevice, ApiError> {
    state.with_session(|s| {
        let unit = ScopeUnit { scheme: scheme.unwrap_or_else(|| "qd19_2025".into()), code: commune_code.trim().to_string() };
        batch::identity::trust_fingerprint(s, &fingerprint, &unit)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn batch_candidates(state: State<'_, AppState>) -> Result<Vec<BookReadiness>, ApiError> {
    state.with_session(|s| batch::export::batch_candidates(s.conn()))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_list(state: State<'_, AppState>) -> Result<Vec<BatchInfo>, ApiError> {
    state.with_session(|s| batch::export::batches(s.conn()))
}

/// Sends `books` as one batch to `path`: with `passphrase` when given, else for the registered
/// supervisors' keys.
#[tauri::command]
pub async fn batch_export(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    books: Vec<i64>,
    path: String,
    passphrase: Option<String>,
    on_progress: Channel<JobProgress>,
) -> Result<BatchSummary, ApiError> {
    let path = chosen.check(&path)?;
    let label = file_label(&path);
    jobs::run(&app, "batchExport", label, Some(on_progress), move |s, job| {
        let encryption = match passphrase.filter(|p| !p.is_empty()) {
            Some(p) => Encryption::Passphrase { passphrase: p, work_factor: None },
            None => Encryption::Recipients(batch::export::supervisor_recipients(s.conn())?),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        batch::export::export_batch_with(s, &path, &ExportOptions { books }, &encryption, &mut job.batch_reporter(), job.cancel_flag())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn batch_cancel(state: State<'_, AppState>, number: i64) -> Result<(), ApiError> {
    state.with_session(|s| batch::export::cancel_batch(s, number))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_returned(state: State<'_, AppState>) -> Result<Vec<ReturnedEntryView>, ApiError> {
    state.with_session(|s| batch::review::returned_entry_views(s.conn()))
}

/// Checks a package completely (decryption, signature, every checksum, registered sender); writes
/// nothing. A job: cancelled, it answers `job.cancelled`.
#[tauri::command]
#[specta::specta]
pub async fn batch_verify(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    path: String,
    passphrase: Option<String>,
    on_progress: Channel<JobProgress>,
) -> Result<VerifyReport, ApiError> {
    let path = chosen.check(&path)?;
    jobs::run(&app, "batchVerify", file_label(&path), Some(on_progress), move |s, job| {
        batch::import::verify_package_with(s, &path, &keys_with(passphrase), &mut job.batch_reporter(), job.cancel_flag())
    })
    .await
}

/// Imports a package: a commune's batch (supervisor) or the supervisor's verdicts (clerk). A job:
/// cancelled, its one transaction is rolled back (nothing of the package is kept).
#[tauri::command]
#[specta::specta]
pub async fn batch_import(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    path: String,
    passphrase: Option<String>,
    on_progress: Channel<JobProgress>,
) -> Result<ImportOutcome, ApiError> {
    let path = chosen.check(&path)?;
    jobs::run(&app, "batchImport", file_label(&path), Some(on_progress), move |s, job| {
        batch::import::import_package_with(s, &path, &keys_with(passphrase), &mut job.batch_reporter(), job.cancel_flag())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn batch_imported(state: State<'_, AppState>) -> Result<Vec<ImportedPackage>, ApiError> {
    state.with_session(|s| batch::import::imported_packages(s.conn()))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_imported_books(state: State<'_, AppState>, import_id: i64) -> Result<Vec<ImportedBookView>, ApiError> {
    state.with_session(|s| batch::review::imported_books(s.conn(), import_id))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_review_entries(state: State<'_, AppState>, book_id: i64, sample: usize) -> Result<Vec<ReviewEntrySummary>, ApiError> {
    state.with_session(|s| batch::review::review_entries(s.conn(), book_id, sample))
}

#[tauri::command]
#[specta::specta]
pub async fn batch_review_entry(state: State<'_, AppState>, entry_id: i64) -> Result<ReviewEntry, ApiError> {
    state.with_session(|s| batch::review::review_entry(s.conn(), entry_id))
}

/// The supervisor's choice on a book, as the window sends it (the reasons travel beside it).
#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum VerdictChoice {
    Accept,
    Return,
}

/// Records the supervisor's verdict on a book: `accept`, or `return` with reasons per entry (and field).
#[tauri::command]
#[specta::specta]
pub async fn batch_verdict(
    state: State<'_, AppState>,
    book_id: i64,
    decision: VerdictChoice,
    reasons: Vec<ReturnReason>,
) -> Result<(), ApiError> {
    let decision = match decision {
        VerdictChoice::Accept => VerdictDecision::Accept,
        VerdictChoice::Return => VerdictDecision::Return(reasons),
    };
    state.with_session(|s| batch::verdict::record_verdict(s, book_id, &decision))
}

/// Writes the verdict package of an imported batch (for the commune's device key, or a passphrase).
#[tauri::command]
#[specta::specta]
pub async fn batch_verdicts_export(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    import_id: i64,
    path: String,
    passphrase: Option<String>,
) -> Result<VerdictSummary, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| {
        let enc = passphrase.filter(|p| !p.is_empty()).map(|p| Encryption::Passphrase { passphrase: p, work_factor: None });
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        batch::verdict::export_verdicts(s, import_id, &path, enc.as_ref())
    })
}

/// Books with accepted entries not yet exported: `[bookId, entries]`.
#[tauri::command]
#[specta::specta]
pub async fn upload_candidates(state: State<'_, AppState>) -> Result<Vec<(i64, u64)>, ApiError> {
    state.with_session(|s| upload::upload_candidates(s.conn()))
}

/// The same books with scan counts, re-sent entries and the provisional-columns marker.
#[tauri::command]
#[specta::specta]
pub async fn upload_candidates_detail(state: State<'_, AppState>) -> Result<Vec<upload::UploadCandidate>, ApiError> {
    state.with_session(|s| upload::upload_candidates_detail(s.conn()))
}

/// The Ministry's result list (CSV/XLSX at `path`): approved / rejected / pending rows.
#[tauri::command]
#[specta::specta]
pub async fn upload_result(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    path: String,
) -> Result<upload::result::ResultReport, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| upload::result::import_result(s, &path))
}

/// Records by hand that an exported file was uploaded; returns the rows changed.
#[tauri::command]
#[specta::specta]
pub async fn upload_mark(state: State<'_, AppState>, file: String) -> Result<u64, ApiError> {
    state.with_session(|s| upload::result::mark_uploaded(s, &file))
}

/// Every exported file pair with its Ministry counts, newest first.
#[tauri::command]
#[specta::specta]
pub async fn upload_files(state: State<'_, AppState>) -> Result<Vec<upload::result::ExportFile>, ApiError> {
    state.with_session(|s| upload::result::export_files(s.conn()))
}

/// The central upload export (Ministry .xlsx + .zip of PDFs per book) into `dir`. A job, all or
/// nothing: cancelled, no file appears in `dir` and no entry is marked exported.
#[tauri::command]
#[specta::specta]
pub async fn upload_export(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    books: Vec<i64>,
    dir: String,
    on_progress: Channel<JobProgress>,
) -> Result<UploadReport, ApiError> {
    let dir = chosen.check(&dir)?;
    jobs::run(&app, "uploadExport", file_label(&dir), Some(on_progress), move |s, job| {
        upload::upload_export_with(s, &dir, &UploadOptions { books }, &mut job.batch_reporter(), job.cancel_flag())
    })
    .await
}
