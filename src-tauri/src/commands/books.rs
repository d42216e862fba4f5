use crate::state::AppState;
use sohoa_core::model;
use sohoa_core::model::book::BookSummary;
use sohoa_core::ApiError;

#[tauri::command]
#[specta::specta]
pub async fn books_list(state: tauri::State<'_, AppState>) -> Result<Vec<BookSummary>, ApiError> {
    state.with_session(|s| model::book::list(s.conn()))
}
