// The app's commands get `allow-<command>` permissions generated; capabilities/main.json grants
// the main window exactly the ones the UI uses.
const COMMANDS: &[&str] = &[
    "app_info",
    "workspace_probe",
    "workspace_create",
    "login",
    "logout",
    "session_current",
    "books_list",
    "communes_search",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri build script");
}
