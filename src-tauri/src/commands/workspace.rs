use crate::chosen_paths::ChosenPaths;
use crate::state::{internal, AppState};
use serde::Serialize;
use sohoa_core::session::accounts::{NewAccount, Role};
use sohoa_core::session::{User, WorkspaceInfo};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace, Probe};
use sohoa_core::{ApiError, Session};

/// The signed-in account and its workspace (`Session` on the wire).
#[derive(Serialize, specta::Type)]
#[serde(rename = "Session")]
pub struct SessionDto {
    user: User,
    workspace: WorkspaceInfo,
}

fn dto(s: &Session) -> SessionDto {
    SessionDto { user: s.user().clone(), workspace: s.workspace().clone() }
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_probe(chosen: tauri::State<'_, ChosenPaths>, path: String) -> Result<Probe, ApiError> {
    Ok(workspace::probe(&chosen.check(&path)?))
}

#[allow(clippy::too_many_arguments)]
#[tauri::command]
#[specta::specta]
pub async fn workspace_create(
    state: tauri::State<'_, AppState>,
    chosen: tauri::State<'_, ChosenPaths>,
    path: String,
    commune_scheme: String,
    commune_code: String,
    commune_name: String,
    username: String,
    display_name: String,
    password: String,
) -> Result<SessionDto, ApiError> {
    let session = workspace::create(
        &chosen.check(&path)?,
        CreateWorkspace {
            commune_scheme,
            commune_code,
            commune_name,
            first_account: NewAccount { username, display_name, role: Role::Clerk, password, scope: vec![] },
            kdf: KdfParams::default(),
        },
    )?;
    chosen.signed_in(&session.workspace().path);
    let out = dto(&session);
    *state.session.lock().map_err(|_| internal())? = Some(session);
    Ok(out)
}

#[tauri::command]
#[specta::specta]
pub async fn login(
    state: tauri::State<'_, AppState>,
    chosen: tauri::State<'_, ChosenPaths>,
    path: String,
    username: String,
    password: String,
) -> Result<SessionDto, ApiError> {
    let session = workspace::open(&chosen.check(&path)?, username.trim(), &password)?;
    chosen.signed_in(&session.workspace().path);
    let out = dto(&session);
    *state.session.lock().map_err(|_| internal())? = Some(session);
    Ok(out)
}

#[tauri::command]
#[specta::specta]
pub async fn logout(
    state: tauri::State<'_, AppState>,
    files: tauri::State<'_, sohoa_core::import::TableCache>,
    chosen: tauri::State<'_, ChosenPaths>,
    jobs: tauri::State<'_, crate::jobs::Jobs>,
) -> Result<(), ApiError> {
    files.clear();
    chosen.signed_out();
    // The jobs' sessions go with the clerk's: what they started is undone.
    jobs.cancel_all();
    let session = state.session.lock().map_err(|_| internal())?.take();
    // The daily automatic encrypted backup (issue 13 §6), at sign-out, once a day, rotated, in
    // the background: the sign-in screen comes back at once, and whoever signs in next does not
    // wait for it. Best effort: a full disk must not keep anyone signed in.
    // The session goes with the thread and closes when the copy is done; the copy is one
    // snapshot even while the next session writes. If the app ends first, the staging folder is
    // swept at the next backup, and the day's backup is made at the next sign-out.
    if let Some(mut s) = session {
        std::thread::spawn(move || {
            if let Err(e) = sohoa_core::backup::automatic(&mut s) {
                log::warn!("automatic backup failed: {}", e.code());
            }
        });
    }
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn session_current(state: tauri::State<'_, AppState>) -> Result<Option<SessionDto>, ApiError> {
    Ok(state.session.lock().map_err(|_| internal())?.as_ref().map(dto))
}
