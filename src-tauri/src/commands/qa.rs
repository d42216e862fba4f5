//! The review that vouches for quality (issue 12): plan per book, blind re-keying, arbitration,
//! verdicts from the plan, the QA certificate, error rates. Thin: every command delegates to
//! `sohoa_core::batch::qa`.
use crate::state::AppState;
use sohoa_core::batch::qa::cert::CertificateFiles;
use sohoa_core::batch::qa::{self, AlsoChecked, Arbitration, BlindEntry, Comparison, Decision, DecisionOutcome, ErrorRateRow, ReviewView};
use sohoa_core::{naming, ApiError, FieldValue};
use tauri::State;

/// Opens (or re-opens) the review of an imported book: plan, seed, sample.
#[tauri::command]
pub async fn qa_open_review(state: State<'_, AppState>, book_id: i64) -> Result<ReviewView, ApiError> {
    state.with_session(|s| qa::open_review(s, book_id))
}

/// The blind form's facts about a sampled entry (book type, page), never the clerk's values.
#[tauri::command]
pub async fn qa_blind_entry(state: State<'_, AppState>, review_id: i64, entry_id: i64) -> Result<BlindEntry, ApiError> {
    state.with_session(|s| qa::blind_entry(s.conn(), review_id, entry_id))
}

/// Records the supervisor's blind re-key and returns the field-by-field comparison.
#[tauri::command]
pub async fn qa_rekey(state: State<'_, AppState>, review_id: i64, entry_id: i64, values: Vec<FieldValue>) -> Result<Comparison, ApiError> {
    state.with_session(|s| qa::rekey(s, review_id, entry_id, &values))
}

#[tauri::command]
pub async fn qa_comparison(state: State<'_, AppState>, review_id: i64, entry_id: i64) -> Result<Comparison, ApiError> {
    state.with_session(|s| qa::comparison(s.conn(), review_id, entry_id))
}

/// Settles one disagreement: `clerk`, `supervisor` or `both_wrong` (with the correct value).
#[tauri::command]
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
pub async fn qa_decide(state: State<'_, AppState>, review_id: i64, accept: bool, reason: String) -> Result<DecisionOutcome, ApiError> {
    state.with_session(|s| qa::decide(s, review_id, &Decision { accept, reason }))
}

/// The QA certificate of an accepted batch, written into the workspace's reports folder.
#[tauri::command]
pub async fn qa_certificate(state: State<'_, AppState>, import_id: i64) -> Result<CertificateFiles, ApiError> {
    state.with_session(|s| {
        let dir = naming::reports_dir(&s.workspace().path);
        qa::cert::write_certificate(s, import_id, &dir)
    })
}

/// Field error rates per month, commune, clerk and field.
#[tauri::command]
pub async fn qa_error_rates(state: State<'_, AppState>) -> Result<Vec<ErrorRateRow>, ApiError> {
    state.with_session(|s| qa::error_rates(s.conn()))
}

/// Open warnings, sequence findings, pages without entries and a sample of duplicate decisions of a book.
#[tauri::command]
pub async fn qa_also_checked(state: State<'_, AppState>, book_id: i64) -> Result<AlsoChecked, ApiError> {
    state.with_session(|s| qa::also_checked(s.conn(), book_id))
}
