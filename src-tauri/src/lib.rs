//! The desktop shell: a Tauri window over sohoa-core. Commands (src/commands/) only translate
//! between the UI's JSON and core calls; no domain logic lives here.
mod commands;
mod jobs;
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
        // Long work running on its own connections (issue 14 §5).
        .manage(jobs::Jobs::default())
        .invoke_handler(logging::commands(tauri::generate_handler![
            commands::app::app_info,
            commands::workspace::workspace_probe,
            commands::workspace::workspace_create,
            commands::workspace::login,
            commands::workspace::logout,
            commands::workspace::session_current,
            commands::books::books_list,
            commands::progress::progress_overview,
            commands::progress::progress_dashboard,
            commands::progress::progress_series,
            commands::progress::progress_breakdown,
            commands::progress::progress_inventory_list,
            commands::progress::progress_inventory_set,
            commands::progress::progress_inventory_import,
            commands::progress::progress_targets_list,
            commands::progress::progress_targets_import,
            commands::progress::progress_snapshot_export,
            commands::progress::progress_snapshot_import,
            commands::progress::progress_report,
            commands::reference::communes_search,
            commands::pages::pages_list,
            commands::pages::pages_attach,
            commands::pages::pages_folder_scan,
            commands::pages::pages_attach_path,
            commands::pages::page_rotate,
            commands::pages::page_move,
            commands::pages::page_remove,
            commands::pages::page_thumbnail,
            commands::pages::page_image,
            commands::keying::book_types,
            commands::keying::book_create,
            commands::keying::keying_form,
            commands::keying::keying_entries,
            commands::keying::entry_get,
            commands::keying::entry_create,
            commands::keying::entry_save_field,
            commands::keying::entry_save_fields,
            commands::keying::entry_undo,
            commands::keying::entry_history,
            commands::keying::entry_mark,
            commands::keying::entry_defaults,
            commands::keying::entry_previous_value,
            commands::keying::keying_suggest,
            commands::keying::keying_parse_date,
            commands::keying::book_warnings,
            commands::keying::book_coverage,
            commands::keying::book_finish,
            commands::keying::book_page_blank,
            commands::import::import_preview,
            commands::import::import_run,
            commands::import::import_save_rejected,
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
            commands::batch::batch_paths,
            commands::batch::batch_identity,
            commands::batch::batch_device_file_save,
            commands::batch::batch_trusted_devices,
            commands::batch::batch_trust_file,
            commands::batch::batch_trust_fingerprint,
            commands::batch::batch_candidates,
            commands::batch::batch_list,
            commands::batch::batch_export,
            commands::batch::batch_cancel,
            commands::batch::batch_returned,
            commands::batch::batch_verify,
            commands::batch::batch_import,
            commands::batch::batch_imported,
            commands::batch::batch_imported_books,
            commands::batch::batch_review_entries,
            commands::batch::batch_review_entry,
            commands::batch::batch_verdict,
            commands::batch::batch_verdicts_export,
            commands::batch::upload_candidates,
            commands::batch::upload_export,
            commands::qa::qa_open_review,
            commands::qa::qa_blind_entry,
            commands::qa::qa_rekey,
            commands::qa::qa_comparison,
            commands::qa::qa_arbitrate,
            commands::qa::qa_decide,
            commands::qa::qa_certificate,
            commands::qa::qa_error_rates,
            commands::qa::qa_also_checked,
            commands::batch::upload_candidates_detail,
            commands::batch::upload_result,
            commands::batch::upload_mark,
            commands::batch::upload_files,
            jobs::jobs_list,
            jobs::job_cancel,
        ]))
        .run(tauri::generate_context!())
        .expect("error while running sohoa");
}
