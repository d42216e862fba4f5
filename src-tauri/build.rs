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
    "dedupe_extract_info",
    "dedupe_extract_preview",
    "dedupe_extract_import",
    "dedupe_run",
    "dedupe_queue",
    "dedupe_candidates",
    "dedupe_adjudication",
    "dedupe_decide",
    "dedupe_withdraw",
    "dedupe_entry",
    "dedupe_page_image",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri build script");
}
