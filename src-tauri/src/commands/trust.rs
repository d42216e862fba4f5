//! The trust screen (issue 13): the pinned province key, this device's enrolment, the revocation
//! list received, and pinning the province key from a chosen file. Thin over
//! `sohoa_core::batch::trust` (the same calls as `sohoa trust status|pin|import`).
use crate::chosen_paths::ChosenPaths;
use crate::state::AppState;
use serde::Serialize;
use sohoa_core::batch::trust::{self, ProvinceKey, RevocationList, TrustImport, TrustStatus};
use sohoa_core::ApiError;
use tauri::State;

/// What the trust screen shows.
#[derive(specta::Type, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustView {
    #[serde(flatten)]
    status: TrustStatus,
    /// This device's own key fingerprint (what the province enrols).
    device_fingerprint: String,
    /// The newest revocation list received (verified against the pinned key).
    revocation: Option<RevocationList>,
    /// Whether the signed-in account may pin the province key.
    can_pin: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn trust_status(state: State<'_, AppState>) -> Result<TrustView, ApiError> {
    state.with_session(|s| {
        let status = trust::trust_status(s)?;
        let device_fingerprint = sohoa_core::batch::identity::device_file(s)?.fingerprint;
        let revocation = match &status.province {
            Some(k) => trust::revocation_doc(s.conn())?.and_then(|d| d.revocation_list(k).ok()),
            None => None,
        };
        let can_pin = status.province.is_none() && s.user().role == sohoa_core::session::accounts::Role::Supervisor;
        Ok(TrustView { status, device_fingerprint, revocation, can_pin })
    })
}

/// Reads a province key file chosen in a dialog (nothing is pinned yet): its name and fingerprint
/// for the supervisor to compare with what the province reads out over the phone.
#[tauri::command]
#[specta::specta]
pub async fn trust_key_preview(chosen: State<'_, ChosenPaths>, path: String) -> Result<ProvinceKey, ApiError> {
    let path = chosen.check(&path)?;
    Ok(ProvinceKey::read(&path)?)
}

/// Pins the province key of the chosen file once `fingerprint` (read back over the phone) matches.
#[tauri::command]
#[specta::specta]
pub async fn trust_pin(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    path: String,
    fingerprint: String,
) -> Result<ProvinceKey, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| {
        let key = ProvinceKey::read(&path)?;
        trust::pin_province_key(s, &key, &fingerprint)?;
        Ok(key)
    })
}

/// Imports an enrolment certificate or a revocation list chosen in a dialog.
#[tauri::command]
#[specta::specta]
pub async fn trust_import(state: State<'_, AppState>, chosen: State<'_, ChosenPaths>, path: String) -> Result<TrustImport, ApiError> {
    let path = chosen.check(&path)?;
    state.with_session(|s| trust::import_trust_file(s, &path))
}
