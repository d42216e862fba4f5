//! The UI ↔ Rust contract (issue 14 §2): the one list of the app's commands.
//!
//! `typed` commands have their arguments and results generated into
//! `ui/src/lib/api/generated/bindings.ts` (tauri-specta); `hand_written` ones take a raw request
//! body, answer raw bytes or stream a `Channel`, and keep a hand-written wrapper in
//! `ui/src/lib/api/tauri.ts` typed against the generated types. From this one list come the invoke
//! handler, the bindings and (build.rs reads this file) the `allow-<command>` permissions and the
//! main window's capability. docs/adding-a-command.md says how to add one.
use tauri::ipc::Invoke;
use tauri::Wry;

macro_rules! command_list {
    (typed: [$($tm:ident::$tf:ident),* $(,)?], hand_written: [$($rm:ident::$rf:ident),* $(,)?] $(,)?) => {
        /// Commands whose client and types are generated.
        pub const TYPED: &[&str] = &[$(stringify!($tf)),*];
        /// Commands with a hand-written client (raw bodies, raw bytes, channels).
        #[cfg_attr(not(test), allow(dead_code))]
        pub const HAND_WRITTEN: &[&str] = &[$(stringify!($rf)),*];

        /// The generated part: its invoke handler and its TypeScript.
        pub fn specta() -> tauri_specta::Builder<Wry> {
            hand_written_types(tauri_specta::Builder::<Wry>::new())
                .commands(tauri_specta::collect_commands![$(crate::commands::$tm::$tf),*])
                .error_handling(tauri_specta::ErrorHandlingMode::Throw)
                // ids and counts are far below 2^53; the UI has always read them as numbers
                .dangerously_cast_bigints_to_number()
                // one type per Rust type (no separate `_Serialize` / `_Deserialize` shapes)
                .disable_serde_phases()
        }

        fn hand_written_handler() -> impl Fn(Invoke<Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(crate::commands::$rm::$rf),*]
        }
    };
}

// build.rs reads the `module::command` pairs between `command_list!{` and the closing `}`.
command_list! {
    typed: [
        app::app_info,
        workspace::workspace_probe,
        workspace::workspace_create,
        workspace::login,
        workspace::logout,
        workspace::session_current,
        books::books_list,
        reference::communes_search,
        keying::book_types,
        keying::book_create,
        keying::keying_form,
        keying::keying_entries,
        keying::entry_get,
        keying::entry_create,
        keying::entry_save_field,
        keying::entry_save_fields,
        keying::entry_undo,
        keying::entry_history,
        keying::entry_mark,
        keying::entry_defaults,
        keying::entry_previous_value,
        keying::keying_suggest,
        keying::keying_parse_date,
        keying::book_warnings,
        keying::book_coverage,
        keying::book_finish,
        keying::book_page_blank,
        batch::batch_verify,
        batch::batch_import,
        batch::upload_export,
        jobs::jobs_list,
        jobs::job_cancel,
        trust::trust_status,
        trust::trust_key_preview,
        trust::trust_pin,
        trust::trust_import,
        dialogs::path_choose,
        qa::qa_open_review,
        qa::qa_blind_entry,
        qa::qa_rekey,
        qa::qa_comparison,
        qa::qa_arbitrate,
        qa::qa_decide,
        qa::qa_certificate,
        qa::qa_error_rates,
        qa::qa_also_checked,
        qa::qa_settings,
        qa::qa_set_settings,
        qa::qa_plan_preview,
        qa::qa_switching,
        qa::qa_record_reduced_conditions,
        qa::pass_start,
        qa::pass_finish,
        qa::pass_list,
        qa::pass_changes,
        pages::pages_list,
        pages::pages_folder_scan,
        pages::pages_attach_path,
        pages::page_rotate,
        pages::page_move,
        pages::page_remove,
        progress::progress_overview,
        progress::progress_dashboard,
        progress::progress_series,
        progress::progress_breakdown,
        progress::progress_inventory_list,
        progress::progress_inventory_set,
        progress::progress_inventory_import,
        progress::progress_targets_list,
        progress::progress_targets_import,
        progress::progress_snapshot_export,
        progress::progress_snapshot_import,
        progress::progress_report,
        backup::backup_list,
        backup::backup_create,
        backup::backup_verify,
        backup::backup_restore,
        dedupe::dedupe_extract_info,
        dedupe::dedupe_queue,
        dedupe::dedupe_candidates,
        dedupe::dedupe_adjudication,
        dedupe::dedupe_decide,
        dedupe::dedupe_withdraw,
        dedupe::dedupe_entry,
        import::import_save_rejected,
        batch::batch_paths,
        batch::batch_identity,
        batch::batch_device_file_save,
        batch::batch_trusted_devices,
        batch::batch_trust_file,
        batch::batch_trust_fingerprint,
        batch::batch_candidates,
        batch::batch_list,
        batch::batch_cancel,
        batch::batch_returned,
        batch::batch_imported,
        batch::batch_imported_books,
        batch::batch_review_entries,
        batch::batch_review_entry,
        batch::batch_verdict,
        batch::batch_verdicts_export,
        batch::upload_candidates,
        batch::upload_candidates_detail,
        batch::upload_result,
        batch::upload_mark,
        batch::upload_files,
        keying::entry_page_add,
        keying::entry_page_remove,
    ],
    hand_written: [
        pages::pages_attach,
        pages::page_thumbnail,
        pages::page_image,
        import::import_preview,
        import::import_run,
        dedupe::dedupe_extract_preview,
        dedupe::dedupe_extract_import,
        dedupe::dedupe_run,
        dedupe::dedupe_page_image,
        batch::batch_export,
    ],
}

/// What the hand-written commands answer, generated beside the typed commands' types so their
/// wrappers in `ui/src/lib/api/tauri.ts` are typed by the Rust types too (no copies by hand).
fn hand_written_types(builder: tauri_specta::Builder<Wry>) -> tauri_specta::Builder<Wry> {
    builder
        // page_image: what it takes and answers (its image bytes travel raw)
        .typ::<sohoa_core::imaging::ViewRequest>()
        .typ::<sohoa_core::imaging::Rendered>()
        // dedupe_extract_preview (raw body), dedupe_run (Channel)
        .typ::<sohoa_core::dedupe::ExtractPreview>()
        .typ::<sohoa_core::dedupe::DedupeRunReport>()
        // batch_export (Channel)
        .typ::<sohoa_core::batch::BatchSummary>()
        // import_preview (raw body), import_run (raw body, Channel)
        .typ::<crate::commands::import::ImportPreviewView>()
        .typ::<sohoa_core::import::ImportReport>()
}

/// One handler for every command of the list.
pub fn invoke_handler() -> impl Fn(Invoke<Wry>) -> bool + Send + Sync + 'static {
    // Made once per process; tauri-specta's handler borrows its builder.
    let typed = Box::leak(Box::new(specta())).invoke_handler();
    let hand_written = hand_written_handler();
    move |invoke| {
        if TYPED.contains(&invoke.message.command()) {
            typed(invoke)
        } else {
            hand_written(invoke)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The bindings file, relative to this crate.
    const BINDINGS: &str = "../ui/src/lib/api/generated/bindings.ts";

    const HEADER: &str = "// Generated from the Rust commands and types by src-tauri/src/contract.rs: do not edit.\n\
    // Regenerate: SOHOA_WRITE_BINDINGS=1 cargo test -p sohoa-app --lib bindings_are_current";

    /// The bindings as they would be written now.
    pub fn render_bindings() -> String {
        let dir = tempfile_dir();
        let path = dir.join("bindings.ts");
        specta().export(specta_typescript::Typescript::default().header(HEADER), &path).expect("the commands' types export to TypeScript");
        let text = std::fs::read_to_string(&path).expect("read the exported bindings");
        let _ = std::fs::remove_dir_all(&dir);
        text
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sohoa-bindings-{}-{:?}", std::process::id(), std::thread::current().id()));
        std::fs::create_dir_all(&dir).expect("temporary folder for the bindings");
        dir
    }

    fn committed(rel: &str) -> (std::path::PathBuf, String) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        (path, text)
    }

    /// The committed TypeScript is what the Rust types give today; `SOHOA_WRITE_BINDINGS=1`
    /// rewrites it.
    #[test]
    fn bindings_are_current() {
        let fresh = render_bindings();
        let (path, old) = committed(BINDINGS);
        if std::env::var_os("SOHOA_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write the bindings");
            return;
        }
        if old != fresh {
            let first = old.lines().zip(fresh.lines()).position(|(a, b)| a != b).unwrap_or(old.lines().count().min(fresh.lines().count()));
            panic!(
                "{} is out of date (first difference at line {}: {:?}).\nRun: SOHOA_WRITE_BINDINGS=1 cargo test -p sohoa-app --lib bindings_are_current",
                path.display(),
                first + 1,
                fresh.lines().nth(first).unwrap_or("")
            );
        }
    }

    /// build.rs read the same list (it makes the permissions and the capability from it).
    #[test]
    fn build_script_reads_the_same_command_list() {
        let from_build: Vec<&str> = env!("SOHOA_COMMANDS").split(',').collect();
        let mut listed: Vec<&str> = TYPED.iter().chain(HAND_WRITTEN).copied().collect();
        let mut seen = from_build.clone();
        listed.sort_unstable();
        seen.sort_unstable();
        assert_eq!(seen, listed);
    }
}
