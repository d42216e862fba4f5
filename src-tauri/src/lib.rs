//! The desktop shell: a Tauri window over sohoa-core. Commands (src/commands/) only translate
//! between the UI's JSON and core calls; no domain logic lives here.
mod commands;
mod state;

pub fn run() {
    let start = state::AppState::from_env();
    tauri::Builder::default()
        .manage(start)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::workspace::workspace_probe,
            commands::workspace::workspace_create,
            commands::workspace::login,
            commands::workspace::logout,
            commands::workspace::session_current,
            commands::books::books_list,
            commands::reference::communes_search,
            commands::dedupe::dedupe_extract_info,
            commands::dedupe::dedupe_extract_preview,
            commands::dedupe::dedupe_extract_import,
            commands::dedupe::dedupe_run,
            commands::dedupe::dedupe_queue,
            commands::dedupe::dedupe_candidates,
            commands::dedupe::dedupe_adjudication,
            commands::dedupe::dedupe_decide,
            commands::dedupe::dedupe_withdraw,
            commands::dedupe::dedupe_entry,
            commands::dedupe::dedupe_page_image,
        ])
        .run(tauri::generate_context!())
        .expect("error while running sohoa");
}
