//! The desktop shell: a Tauri window over sohoa-core. Commands (src/commands/) only translate
//! between the UI's JSON and core calls; no domain logic lives here.
mod commands;
mod contract;
mod logging;
mod state;
mod window;

pub fn run() {
    // Files 0600 / folders 0700 for everything the app creates (issue 13 §4).
    sohoa_core::fsx::private_files_from_now_on();
    let start = state::AppState::from_env();
    let workspace = start.start_workspace.clone();
    logging::log_panics();
    tauri::Builder::default()
        // First: a second start hands over to the running window and exits before anything else runs.
        .plugin(window::single_instance())
        .plugin(logging::plugin())
        .plugin(window::remember_state())
        .setup(move |_app| {
            logging::start_up(workspace.as_deref());
            Ok(())
        })
        .manage(start)
        // Decoded page images for the viewer (issue 4): a few screens' worth, least recently used out.
        .manage(sohoa_core::imaging::ViewCache::new(8))
        .manage(sohoa_core::import::TableCache::default())
        .invoke_handler(logging::commands(contract::invoke_handler()))
        .run(tauri::generate_context!())
        .expect("error while running sohoa");
}
