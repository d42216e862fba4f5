use sohoa_core::reference::{search_communes, CommuneHit};
use sohoa_core::ApiError;

#[tauri::command]
#[specta::specta]
pub async fn communes_search(scheme: String, query: String, limit: Option<usize>) -> Result<Vec<CommuneHit>, ApiError> {
    search_communes(&scheme, &query, limit.unwrap_or(20).min(100)).map_err(ApiError::from)
}
