//! The main window across starts: one running app per user session (a second start brings the
//! first window forward and exits), and the window's size, position and maximised state remembered
//! between runs. Neither plugin is reachable from the webview: the capabilities grant none of their
//! commands.
use tauri::plugin::TauriPlugin;
use tauri::{Manager, Runtime};
use tauri_plugin_window_state::StateFlags;

/// `tauri-plugin-single-instance`: on Linux the lock is a name on the D-Bus session bus (without a
/// session bus the app starts normally and says so in the log), on Windows a named mutex. The second
/// start's arguments are not looked at: the running window keeps its workspace.
pub fn single_instance<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _args, _cwd| {
        log::info!("second start: the running window is brought forward");
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    })
}

/// `tauri-plugin-window-state`: size, position and maximised state (not visibility or decorations,
/// so a bad saved state can never hide the window), kept in the app's config folder.
pub fn remember_state<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new().with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED).build()
}
