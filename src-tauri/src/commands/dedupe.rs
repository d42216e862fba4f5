//! Duplicate flagging (issue 5): extract import, candidates of one entry, the adjudication queue.
//! Thin: every command delegates to `sohoa_core::dedupe` (see docs/ipc.md "Trùng lặp").
use super::upload::{bad, header, raw_body};
use crate::jobs::{self, JobProgress};
use crate::state::AppState;
use sohoa_core::dedupe;
use sohoa_core::dedupe::{
    CandidateKind, ColumnMapping, DecisionKind, DecisionView, DedupeRunReport, EntryCandidates, ExtractColumn, ExtractImportReport,
    ExtractInfo, ExtractMeta, ExtractPreview, QueueFilter, QueuePage,
};
use sohoa_core::model;
use sohoa_core::ApiError;
use tauri::ipc::Channel;
use tauri::AppHandle;

/// An extract file sent as the raw body of the call (no JSON, no base64), with its metadata in
/// headers: `x-file-name`, `x-mapping` (JSON array, one canonical column or null per file
/// column), `x-source`, `x-extract-date`, each URI-encoded (`encodeURIComponent`).
struct Upload {
    bytes: Vec<u8>,
    file_name: String,
    mapping: Option<Vec<Option<ExtractColumn>>>,
    source: String,
    extract_date: String,
}

fn upload(request: &tauri::ipc::Request<'_>) -> Result<Upload, ApiError> {
    let bytes = raw_body(request)?;
    let header = |name: &str| header(request, name);
    let mapping = match header("x-mapping") {
        Some(m) if !m.is_empty() => Some(serde_json::from_str(&m).map_err(|_| bad("Cách ghép cột không hợp lệ."))?),
        _ => None,
    };
    Ok(Upload {
        bytes: bytes.clone(),
        file_name: header("x-file-name").unwrap_or_else(|| "trich-xuat.csv".into()),
        mapping,
        source: header("x-source").unwrap_or_default(),
        extract_date: header("x-extract-date").unwrap_or_default(),
    })
}

fn mapping_of(columns: Vec<Option<ExtractColumn>>) -> ColumnMapping {
    ColumnMapping { columns }
}

#[tauri::command]
#[specta::specta]
pub async fn dedupe_extract_info(state: tauri::State<'_, AppState>) -> Result<Option<ExtractInfo>, ApiError> {
    state.with_session(|s| dedupe::extract_info(s.conn()))
}

/// Reads an extract file and proposes (or checks) the column mapping. Nothing is written.
#[tauri::command]
pub async fn dedupe_extract_preview(
    state: tauri::State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Result<ExtractPreview, ApiError> {
    let u = upload(&request)?;
    let m = u.mapping.map(mapping_of);
    state.with_session(|s| dedupe::preview_extract(s.conn(), &u.bytes, &u.file_name, m.as_ref()))
}

/// Imports an extract file with the confirmed mapping (one transaction), as a job (crate::jobs)
/// on its own connection: progress `rows` in the tray; cancelled, the transaction is rolled back
/// (the previous extract stays) and it answers `job.cancelled`. The body is the raw file, so there
/// is no progress channel: the extract screen finds its job among the `jobs-changed` events (kind
/// `extractImport`, the file name as label) for its own progress line and cancel button.
#[tauri::command]
pub async fn dedupe_extract_import(app: AppHandle, request: tauri::ipc::Request<'_>) -> Result<ExtractImportReport, ApiError> {
    let u = upload(&request)?;
    let m = mapping_of(u.mapping.ok_or_else(|| bad("Chưa xác nhận cách ghép cột."))?);
    let meta = ExtractMeta { source: u.source, extract_date: u.extract_date };
    jobs::run(&app, "extractImport", u.file_name.clone(), None, move |s, job| {
        dedupe::import_extract_with(
            s,
            &u.bytes,
            &u.file_name,
            &m,
            &meta,
            &mut |done, total| job.progress("rows", done, total),
            job.cancel_flag(),
        )
    })
    .await
}

/// The duplicate run, as a job (crate::jobs) on its own connection: progress on `on_progress`
/// (`{jobId, stage, done, total}`); cancelled, it stores nothing and answers `job.cancelled`.
#[tauri::command]
pub async fn dedupe_run(app: AppHandle, on_progress: Channel<JobProgress>) -> Result<DedupeRunReport, ApiError> {
    jobs::run(&app, "dedupeRun", String::new(), Some(on_progress), |s, job| {
        // Stages as the engine names them: preparing, training, scoring_persons, scoring_records, done.
        let progress = |p: dedupe::Progress| {
            let stage = serde_json::to_value(p.stage).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            job.progress(&stage, p.done as u64, p.total as u64)
        };
        dedupe::run_dedupe_with(s, Some(&progress), job.cancel_flag())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn dedupe_queue(
    state: tauri::State<'_, AppState>,
    filter: QueueFilter,
    offset: usize,
    limit: usize,
) -> Result<QueuePage, ApiError> {
    state.with_session(|s| dedupe::dedupe_queue(s, filter, offset, limit.min(500)))
}

/// The interactive check while keying (masked ID numbers).
#[tauri::command]
#[specta::specta]
pub async fn dedupe_candidates(state: tauri::State<'_, AppState>, entry_id: i64) -> Result<EntryCandidates, ApiError> {
    state.with_session(|s| dedupe::candidates_for_entry(s, entry_id))
}

/// The adjudication view of one entry (full ID numbers, decisions).
#[tauri::command]
#[specta::specta]
pub async fn dedupe_adjudication(state: tauri::State<'_, AppState>, entry_id: i64) -> Result<EntryCandidates, ApiError> {
    state.with_session(|s| dedupe::adjudication_candidates(s, entry_id))
}

#[tauri::command]
#[specta::specta]
pub async fn dedupe_decide(
    state: tauri::State<'_, AppState>,
    entry_id: i64,
    kind: CandidateKind,
    candidate_id: String,
    decision: DecisionKind,
    note: Option<String>,
) -> Result<DecisionView, ApiError> {
    state.with_session(|s| dedupe::decide_candidate(s, entry_id, kind, &candidate_id, decision, note.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub async fn dedupe_withdraw(
    state: tauri::State<'_, AppState>,
    entry_id: i64,
    kind: CandidateKind,
    candidate_id: String,
) -> Result<(), ApiError> {
    state.with_session(|s| dedupe::withdraw_decision(s, entry_id, kind, &candidate_id))
}

/// The keyed entry beside its candidates: its fields, page and the person it identifies.
#[tauri::command]
#[specta::specta]
pub async fn dedupe_entry(state: tauri::State<'_, AppState>, entry_id: i64) -> Result<dedupe::EntryWithPerson, ApiError> {
    state.with_session(|s| dedupe::entry_with_person(s.conn(), entry_id))
}

/// The scanned page of an entry, as raw bytes (the UI makes a blob URL of it).
#[tauri::command]
pub async fn dedupe_page_image(state: tauri::State<'_, AppState>, page_id: i64) -> Result<tauri::ipc::Response, ApiError> {
    state.with_session(|s| model::page::bytes(s.conn(), page_id)).map(|(_, bytes)| tauri::ipc::Response::new(bytes))
}
