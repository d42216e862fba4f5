//! The desktop shell: a Tauri window over sohoa-core. Commands (src/commands/) only translate
//! between the UI's JSON and core calls; no domain logic lives here.
mod chosen_paths;
mod commands;
mod contract;
mod jobs;
mod logging;
mod state;
mod window;

pub fn run() {
    // Files 0600 / folders 0700 for everything the app creates (issue 13 §4).
    sohoa_core::fsx::private_files_from_now_on();
    let start = state::AppState::from_env();
    let workspace = start.start_workspace.clone();
    // Paths from the web view are accepted only when chosen in a dialog (issue 13 §5).
    let chosen = chosen_paths::ChosenPaths::default();
    if let Some(ws) = workspace.as_deref() {
        chosen.own_always(ws);
    }
    logging::log_panics();
    tauri::Builder::default()
        // First: a second start hands over to the running window and exits before anything else runs.
        .plugin(window::single_instance())
        .plugin(logging::plugin())
        .plugin(window::remember_state())
        // Native dialogs, opened from Rust only (src/commands/dialogs.rs): the web view has no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            logging::start_up(workspace.as_deref());
            if let Ok(dir) = tauri::Manager::path(app).app_data_dir() {
                tauri::Manager::state::<chosen_paths::ChosenPaths>(app).own_always(&dir);
            }
            Ok(())
        })
        // Files dropped on the window were chosen by the person (the page list's drop zone).
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let chosen = tauri::Manager::state::<chosen_paths::ChosenPaths>(window);
                paths.iter().for_each(|p| chosen.chose_tree(p));
            }
        })
        .manage(start)
        .manage(chosen)
        // Decoded page images for the viewer (issue 4): a few screens' worth, least recently used out.
        .manage(sohoa_core::imaging::ViewCache::new(8))
        .manage(sohoa_core::import::TableCache::default())
        // Long work running on its own connections (issue 14 §5).
        .manage(jobs::Jobs::default())
        .invoke_handler(logging::commands(contract::invoke_handler()))
        .run(tauri::generate_context!())
        .expect("error while running sohoa");
}
