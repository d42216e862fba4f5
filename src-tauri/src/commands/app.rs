use crate::state::AppState;
use serde::Serialize;

#[derive(Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    workspace_path: Option<String>,
    locale: Locale,
}

/// The language the UI starts in (env `SOHOA_LOCALE=en`, else Vietnamese).
#[derive(Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Vi,
    En,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: tauri::State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        workspace_path: state.start_workspace.as_ref().map(|p| p.display().to_string()),
        locale: if std::env::var("SOHOA_LOCALE").as_deref() == Ok("en") { Locale::En } else { Locale::Vi },
    }
}
