//! The review that vouches for quality (issue 12): plan per book, blind re-keying, arbitration,
//! verdicts from the plan, the QA certificate, error rates. Thin: every command delegates to
//! `sohoa_core::batch::qa`.
use crate::state::AppState;
use sohoa_core::batch::qa::cert::CertificateFiles;
use sohoa_core::batch::qa::passes::{self, CheckPass, PassChange};
use sohoa_core::batch::qa::reduced::{self, ConditionsInput, SwitchingView};
use sohoa_core::batch::qa::{
    self, AlsoChecked, Arbitration, BlindEntry, Comparison, Decision, DecisionOutcome, ErrorRateRow, PlanPreview, QaSettings, ReviewView,
};
use sohoa_core::{naming, ApiError, FieldValue};
use tauri::State;

/// Opens (or re-opens) the review of an imported book: plan, seed, sample.
#[tauri::command]
#[specta::specta]
pub async fn qa_open_review(state: State<'_, AppState>, book_id: i64) -> Result<ReviewView, ApiError> {
    state.with_session(|s| qa::open_review(s, book_id))
}

/// The blind form's facts about a sampled entry (book type, page), never the clerk's values.
#[tauri::command]
#[specta::specta]
pub async fn qa_blind_entry(state: State<'_, AppState>, review_id: i64, entry_id: i64) -> Result<BlindEntry, ApiError> {
    state.with_session(|s| qa::blind_entry(s.conn(), review_id, entry_id))
}

/// Records the supervisor's blind re-key and returns the field-by-field comparison.
#[tauri::command]
#[specta::specta]
pub async fn qa_rekey(state: State<'_, AppState>, review_id: i64, entry_id: i64, values: Vec<FieldValue>) -> Result<Comparison, ApiError> {
    state.with_session(|s| qa::rekey(s, review_id, entry_id, &values))
}

#[tauri::command]
#[specta::specta]
pub async fn qa_comparison(state: State<'_, AppState>, review_id: i64, entry_id: i64) -> Result<Comparison, ApiError> {
    state.with_session(|s| qa::comparison(s.conn(), review_id, entry_id))
}

/// Settles one disagreement: `clerk`, `supervisor` or `both_wrong` (with the correct value).
#[tauri::command]
#[specta::specta]
pub async fn qa_arbitrate(
    state: State<'_, AppState>,
    review_id: i64,
    entry_id: i64,
    field: String,
    arbitration: Arbitration,
    correct_value: Option<String>,
) -> Result<Comparison, ApiError> {
    state.with_session(|s| qa::arbitrate(s, review_id, entry_id, &field, arbitration, correct_value.as_deref()))
}

/// The supervisor's verdict on a reviewed book (a return carries the wrong fields).
#[tauri::command]
#[specta::specta]
pub async fn qa_decide(state: State<'_, AppState>, review_id: i64, accept: bool, reason: String) -> Result<DecisionOutcome, ApiError> {
    state.with_session(|s| qa::decide(s, review_id, &Decision { accept, reason }))
}

/// The QA certificate of an accepted batch, written into the workspace's reports folder.
#[tauri::command]
#[specta::specta]
pub async fn qa_certificate(state: State<'_, AppState>, import_id: i64) -> Result<CertificateFiles, ApiError> {
    state.with_session(|s| {
        let dir = naming::reports_dir(&s.workspace().path);
        qa::cert::write_certificate(s, import_id, &dir)
    })
}

/// Field error rates per month, commune, clerk and field.
#[tauri::command]
#[specta::specta]
pub async fn qa_error_rates(state: State<'_, AppState>) -> Result<Vec<ErrorRateRow>, ApiError> {
    state.with_session(|s| qa::error_rates(s.conn()))
}

/// Open warnings, sequence findings, pages without entries and a sample of duplicate decisions of a book.
#[tauri::command]
#[specta::specta]
pub async fn qa_also_checked(state: State<'_, AppState>, book_id: i64) -> Result<AlsoChecked, ApiError> {
    state.with_session(|s| qa::also_checked(s.conn(), book_id))
}

/// The province's AQL and counting in force, with the AQLs the table has.
#[tauri::command]
#[specta::specta]
pub async fn qa_settings(state: State<'_, AppState>) -> Result<QaSettingsView, ApiError> {
    state.with_session(|s| Ok(QaSettingsView { settings: qa::settings(s.conn())?, aqls: qa::Aql::all().collect() }))
}

#[derive(specta::Type, serde::Serialize)]
pub struct QaSettingsView {
    settings: QaSettings,
    aqls: Vec<qa::Aql>,
}

/// Sets the province's AQL and counting (supervisor).
#[tauri::command]
#[specta::specta]
pub async fn qa_set_settings(state: State<'_, AppState>, settings: QaSettings) -> Result<QaSettings, ApiError> {
    state.with_session(|s| {
        qa::set_settings(s, settings)?;
        qa::settings(s.conn())
    })
}

/// The plan a setting yields for a lot of `lot` entries (the settings screen's example).
#[tauri::command]
#[specta::specta]
pub async fn qa_plan_preview(lot: u64, severity: qa::Severity, settings: QaSettings) -> Result<PlanPreview, ApiError> {
    qa::plan_preview(lot, severity, settings).map_err(ApiError::from)
}

/// Every commune's switching state with the conditions of reduced inspection.
#[tauri::command]
#[specta::specta]
pub async fn qa_switching(state: State<'_, AppState>) -> Result<Vec<SwitchingView>, ApiError> {
    state.with_session(|s| reduced::switching_views(s.conn()))
}

/// Records the authority's approval of reduced inspection (or its withdrawal) and whether
/// production is steady, for a commune.
#[tauri::command]
#[specta::specta]
pub async fn qa_record_reduced_conditions(
    state: State<'_, AppState>,
    commune_scheme: String,
    commune_code: String,
    conditions: ConditionsInput,
) -> Result<SwitchingView, ApiError> {
    state.with_session(|s| reduced::record_conditions(s, &commune_scheme, &commune_code, &conditions))
}

/// Starts a check pass over a book: `self` (the clerk's self-check) or `second` (another account).
#[tauri::command]
#[specta::specta]
pub async fn pass_start(state: State<'_, AppState>, book_id: i64, kind: String) -> Result<CheckPass, ApiError> {
    state.with_session(|s| {
        let kind = passes::PassKind::parse(&kind)?;
        passes::start_pass(s, book_id, kind)
    })
}

/// Finishes a check pass; it counts the fields changed during it.
#[tauri::command]
#[specta::specta]
pub async fn pass_finish(state: State<'_, AppState>, pass_id: i64) -> Result<CheckPass, ApiError> {
    state.with_session(|s| passes::finish_pass(s, pass_id))
}

/// The check passes of a book, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn pass_list(state: State<'_, AppState>, book_id: i64) -> Result<Vec<CheckPass>, ApiError> {
    state.with_session(|s| passes::passes(s.conn(), book_id))
}

/// The field-level diff of a check pass (old → new for every field changed).
#[tauri::command]
#[specta::specta]
pub async fn pass_changes(state: State<'_, AppState>, pass_id: i64) -> Result<Vec<PassChange>, ApiError> {
    state.with_session(|s| passes::pass_changes(s.conn(), pass_id))
}
