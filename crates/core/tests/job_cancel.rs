//! Long work cancelled by the clerk (issue 14 §5): the app's jobs tray sets a flag, and whatever
//! the work had started is undone — no package under its final name, no temporary file beside
//! it, the batch cancelled and its entries editable again, no duplicate run half stored.
//! (The import's cancel — its `import_run` rolled back whole — is in `import_chunks.rs`; the
//! duplicate run's in `job_cancel_dedupe.rs`.)
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::{Encryption, ExportOptions, Progress, Stage};
use sohoa_core::{CoreError, EntryStatus, Session};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exports every ready book, setting the cancel flag when `when` first holds for a progress report.
fn export_cancelled_at(s: &mut Session, out: &Path, when: impl Fn(&Progress) -> bool) -> sohoa_core::Result<batch::BatchSummary> {
    let cancel = AtomicBool::new(false);
    let rec = Encryption::Recipients(batch::export::supervisor_recipients(s.conn()).unwrap());
    let mut progress = |p: Progress| {
        if when(&p) {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    batch::export::export_batch_with(s, out, &ExportOptions::default(), &rec, &mut progress, &cancel)
}

/// Every file in `dir` (names), sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn batch_states(s: &Session) -> Vec<String> {
    let mut st = s.conn().prepare("SELECT state FROM batch ORDER BY number").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn an_export_cancelled_while_writing_entries_leaves_no_package_no_temporary_file_and_every_entry_checked() {
    let (_t, dir, mut c, _s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "01/1985", 600);
    let out_dir = dir.join("gui-di");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("dot1.sohoa");

    let err = export_cancelled_at(&mut c, &out, |p| p.stage == Stage::Entries && p.done > 0).expect_err("cancelled");
    assert!(matches!(err, CoreError::Cancelled), "{err:?}");
    assert_eq!(err.code(), "job.cancelled");
    assert!(!out.exists(), "no package under its final name");
    assert_eq!(files_in(&out_dir), Vec::<String>::new(), "no temporary file beside it");
    assert_eq!(batch_states(&c), ["cancelled"]);
    assert!(statuses(&c, book).iter().all(|st| *st == EntryStatus::Checked), "entries back to checked, editable again");

    // Nothing stands in the way of the next export.
    let sent = export(&mut c, &out);
    assert_eq!(sent.entries, 600);
    assert_eq!(files_in(&out_dir), ["dot1.sohoa"]);
}

#[test]
fn an_export_cancelled_between_page_images_leaves_nothing_behind_either() {
    let (_t, dir, mut c, _s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "02/1986", 30);
    let out = dir.join("dot1.sohoa");
    let before = files_in(&dir);

    let err = export_cancelled_at(&mut c, &out, |p| p.stage == Stage::Pages && p.done == 2).expect_err("cancelled");
    assert!(matches!(err, CoreError::Cancelled), "{err:?}");
    assert_eq!(files_in(&dir), before, "no package, no temporary file");
    assert_eq!(batch_states(&c), ["cancelled"]);
    assert!(statuses(&c, book).iter().all(|st| *st == EntryStatus::Checked));
}
