//! Bulk import of previously keyed spreadsheets (issue 4 §6): preview with a dry run of the
//! mapping, then the import. Thin: delegates to `sohoa_core::import` (see docs/ipc.md).
//!
//! The file travels as the raw body of the call (like `dedupe_extract_preview`), its metadata in
//! URI-encoded headers: `x-file-name`, `x-book-type`, `x-book-id` (absent: new books, one per
//! quyển số), `x-encoding` (absent: detected), `x-mapping` (JSON array, one field or null per
//! file column; absent in a preview: the proposed mapping).
//!
//! The dialog previews again on every change of the mapping: the file's parsed table is kept
//! (`sohoa_core::import::TableCache`, keyed on name, size and SHA-256 of the bytes, and the
//! encoding forced), so only the mapping and the row checks run again. After the first preview the
//! dialog sends no bytes, only `x-file-sha256` and `x-file-size`; when the file is no longer held
//! the answer is the error `import.file_needed` and the dialog sends the bytes again.
use super::upload::{bad, blocking, header, raw_body};
use crate::jobs::{self, JobProgress};
use crate::state::AppState;
use serde::Serialize;
use sohoa_core::import::{self, Encoding, FileStamp, ImportCheck, ImportControl, ImportMapping, ImportPreview, ImportReport, TableCache};
use sohoa_core::{ApiError, CoreError};
use tauri::ipc::{Channel, JavaScriptChannelId};
use tauri::{AppHandle, Manager};

struct Upload {
    bytes: Vec<u8>,
    /// `x-file-sha256` + `x-file-size` with an empty body: "the file you parsed before".
    held: Option<FileStamp>,
    file_name: String,
    book_type: Option<String>,
    book_id: Option<i64>,
    encoding: Option<Encoding>,
    columns: Option<Vec<Option<String>>>,
}

fn upload(request: &tauri::ipc::Request<'_>) -> Result<Upload, ApiError> {
    let bytes = raw_body(request)?;
    let header = |name: &str| header(request, name).filter(|v| !v.is_empty());
    let book_id = match header("x-book-id") {
        Some(v) => Some(v.parse().map_err(|_| bad("Số sổ không hợp lệ."))?),
        None => None,
    };
    let encoding = match header("x-encoding") {
        Some(v) => Some(serde_json::from_value(serde_json::Value::String(v)).map_err(|_| bad("Bảng mã không hợp lệ."))?),
        None => None,
    };
    let columns = match header("x-mapping") {
        Some(m) => Some(serde_json::from_str(&m).map_err(|_| bad("Cách ghép cột không hợp lệ."))?),
        None => None,
    };
    let file_name = header("x-file-name").unwrap_or_else(|| "tệp nhập".into());
    let held = match (bytes.is_empty(), header("x-file-sha256"), header("x-file-size").and_then(|v| v.parse().ok())) {
        (true, Some(digest), Some(size)) => {
            Some(FileStamp::of_digest(&file_name, size, &digest).ok_or_else(|| bad("Mã kiểm tra của tệp không hợp lệ."))?)
        }
        _ => None,
    };
    Ok(Upload { bytes: bytes.clone(), held, file_name, book_type: header("x-book-type"), book_id, encoding, columns })
}

/// The preview and, beside it, the dry run of the mapping (the proposed one, or the clerk's).
#[derive(Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreviewView {
    #[serde(flatten)]
    preview: ImportPreview,
    /// What the import would load and reject with `mapping`; `None` when it cannot start yet.
    check: Option<ImportCheck>,
    /// Why the import cannot start with this mapping (e.g. a required field has no column).
    check_problem: Option<String>,
    /// The mapping checked: one field (or null) per column.
    mapping_checked: Vec<Option<String>>,
}

fn mapping_of(u: &Upload, columns: Vec<Option<String>>) -> ImportMapping {
    ImportMapping { columns, encoding: u.encoding, file_name: Some(u.file_name.clone()) }
}

/// The answer to a preview that names a file by its digest when the file is no longer held.
const FILE_NEEDED: &str = "import.file_needed";

/// The files being previewed, parsed once (the last two). Managed state of the app (lib.rs);
/// emptied after an import and at sign-out.
fn files(app: &AppHandle) -> tauri::State<'_, TableCache> {
    app.state::<TableCache>()
}

/// Reads the file (once: later calls with the same file reuse its parsed table), proposes the
/// header mapping, and checks every row with the mapping given (or proposed). Nothing is written.
#[tauri::command]
pub async fn import_preview(app: AppHandle, request: tauri::ipc::Request<'_>) -> Result<ImportPreviewView, ApiError> {
    let u = upload(&request)?;
    blocking(move || {
        let state = app.state::<AppState>();
        // Signed in before anything is read; the session is not held while the file is parsed.
        state.with_session(|_| Ok(()))?;
        let file = match &u.held {
            // The dialog names a file it sent before; if it is no longer held, it sends the bytes.
            Some(stamp) => files(&app)
                .held(stamp, u.encoding)
                .ok_or_else(|| ApiError { code: FILE_NEEDED.into(), message: "Cần gửi lại nội dung tệp.".into() })?,
            None => files(&app).parsed_bytes(&u.file_name, &u.bytes, u.encoding)?,
        };
        state.with_session(|s| {
            let preview = match u.book_id {
                Some(id) => import::import_preview_parsed(s.conn(), id, &file, &u.file_name)?,
                None => {
                    let ty = u.book_type.as_deref().ok_or_else(|| CoreError::invalid("bookType", "chưa chọn loại sổ"))?;
                    import::preview_parsed(&file, &u.file_name, ty.parse()?)?
                }
            };
            let columns = u.columns.clone().unwrap_or_else(|| preview.mapping.iter().map(|m| m.field.clone()).collect());
            let m = mapping_of(&u, columns.clone());
            let (check, check_problem) = match import::import_check_parsed(s, u.book_id, preview.book_type, &file, &m) {
                Ok(c) => (Some(c), None),
                Err(CoreError::Invalid { reason, .. }) => (None, Some(reason)),
                Err(e) => return Err(e),
            };
            Ok(ImportPreviewView { preview, check, check_problem, mapping_checked: columns })
        })
    })
    .await
}

/// Imports the file with the confirmed mapping into the book `x-book-id`, or into new books
/// (one per quyển số) of type `x-book-type`: a job (crate::jobs) on its own connection, committed
/// in chunks under one import record, progress `rows` on `on_progress`; cancelled, it is rolled
/// back whole and answers `job.cancelled`. The parsed files of the previews are dropped after it.
/// The progress channel comes as the header `x-progress-channel` (a raw-body call has no JSON
/// arguments): the value of the window's `Channel` (`__CHANNEL__:<id>`).
#[tauri::command]
pub async fn import_run(app: AppHandle, webview: tauri::Webview, request: tauri::ipc::Request<'_>) -> Result<ImportReport, ApiError> {
    let u = upload(&request)?;
    let on_progress: Option<Channel<JobProgress>> =
        header(&request, "x-progress-channel").and_then(|v| v.parse::<JavaScriptChannelId>().ok()).map(|id| id.channel_on(webview));
    let columns = u.columns.clone().ok_or_else(|| bad("Chưa xác nhận cách ghép cột."))?;
    let m = mapping_of(&u, columns);
    let report = jobs::run(&app, "import", u.file_name.clone(), on_progress, move |s, job| {
        // The core's chunking (a clerk's save waits one short chunk at most, docs/performance.md).
        let mut ctl =
            ImportControl::new(job.cancel_flag()).with_progress(|p| job.progress("rows", p.rows_loaded as u64, p.rows_total as u64));
        let report = match u.book_id {
            Some(id) => import::import_with(s, id, &u.bytes, &m, &mut ctl)?,
            None => {
                let ty = u.book_type.as_deref().ok_or_else(|| CoreError::invalid("bookType", "chưa chọn loại sổ"))?;
                import::import_into_new_book_with(s, ty.parse()?, &u.bytes, &m, &mut ctl)?
            }
        };
        if report.cancelled {
            return Err(CoreError::Cancelled);
        }
        Ok(report)
    })
    .await?;
    files(&app).clear();
    Ok(report)
}

/// Where a saved list of rejected rows went.
#[derive(Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedRejected {
    path: String,
}

/// Saves the rejected rows of an import (CSV made by the UI from the report) beside the
/// workspace, in the folder the reports go to (`<workspace>-bao-cao/`), under a plain `.csv` name
/// (`naming::rejected_rows_name`), atomically.
#[tauri::command]
#[specta::specta]
pub async fn import_save_rejected(state: tauri::State<'_, AppState>, file_name: String, csv: String) -> Result<SavedRejected, ApiError> {
    state.with_session(|s| {
        let path = sohoa_core::naming::reports_dir(&s.workspace().path).join(sohoa_core::naming::rejected_rows_name(&file_name));
        let path = sohoa_core::fsx::write_atomic_in_new_dir(&path, csv.as_bytes())?;
        Ok(SavedRejected { path: path.display().to_string() })
    })
}
