//! Package verify, package import and the upload export cancelled by the clerk (issue 14 §5): the
//! jobs tray sets a flag, and whatever the work had started is undone — at the first check, in the
//! middle and at the last moment before the commit. On real SQLCipher workspaces and real package
//! files: no row of a half-imported package, no file (final or temporary) in the upload folder, no
//! entry moved to `exported`, an intact audit chain, and nothing in the way of doing it again.
//! (The batch export's cancel is in `job_cancel.rs`, the extract import's in
//! `job_cancel_extract.rs`.)
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::{no_progress, Keys, Progress, VerdictDecision};
use sohoa_core::session::audit;
use sohoa_core::upload::{self, UploadOptions};
use sohoa_core::{model, CoreError, EntryStatus, Session};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// When the flag is set: before the work starts, or at the `n`-th progress report (1-based).
#[derive(Debug, Clone, Copy)]
enum At {
    Start,
    Report(u64),
}

/// A progress reporter that sets `cancel` at `at`, and counts its reports.
fn canceller<'a>(cancel: &'a AtomicBool, at: At, seen: &'a mut u64) -> impl FnMut(Progress) + 'a {
    if matches!(at, At::Start) {
        cancel.store(true, Ordering::Relaxed);
    }
    move |_p: Progress| {
        *seen += 1;
        if matches!(at, At::Report(n) if n == *seen) {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(d) => d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn audit_intact(s: &Session) {
    let report = audit::verify(s.conn()).unwrap();
    assert_eq!(report.problem, None, "the audit chain still verifies");
}

fn assert_cancelled<T: std::fmt::Debug>(r: sohoa_core::Result<T>, what: &str) {
    match r {
        Err(CoreError::Cancelled) => {}
        other => panic!("{what}: expected job.cancelled, got {other:?}"),
    }
}

/// How many progress reports a plain verify of `package` makes.
fn reports_of_verify(s: &mut Session, package: &Path) -> u64 {
    let mut n = 0u64;
    let r = batch::import::verify_package(s, package, &Keys::default(), &mut |_| n += 1).unwrap();
    assert!(r.ok, "{:?}", r.problems);
    n
}

/// A commune's batch of two books (9 entries, 3 pages) written to `dir/dot1.sohoa`.
fn batch_package(c: &mut Session, dir: &Path) -> std::path::PathBuf {
    checked_ks_book(c, "01/1985", 6);
    checked_ks_book(c, "02/1986", 3);
    let package = dir.join("dot1.sohoa");
    export(c, &package);
    package
}

#[test]
fn a_package_verify_cancelled_at_the_start_in_the_middle_or_at_the_end_answers_cancelled_and_writes_nothing() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let package = batch_package(&mut c, &dir);
    let reports = reports_of_verify(&mut s, &package);
    assert!(reports >= 4, "one report per file of the package ({reports})");
    let before = (counts(&s), files_in(&dir));
    for at in [At::Start, At::Report(1), At::Report(reports / 2), At::Report(reports)] {
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let r = batch::import::verify_package_with(&mut s, &package, &Keys::default(), &mut canceller(&cancel, at, &mut seen), &cancel);
        assert_cancelled(r, &format!("verify cancelled at {at:?}"));
        assert_eq!((counts(&s), files_in(&dir)), before, "cancelled at {at:?}: nothing written");
    }
    audit_intact(&s);
    assert!(batch::import::verify_package(&mut s, &package, &Keys::default(), &mut no_progress).unwrap().ok, "the package still verifies");
}

#[test]
fn a_batch_import_cancelled_at_the_start_in_either_pass_or_just_before_its_commit_leaves_no_row_behind() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let package = batch_package(&mut c, &dir);
    let first_pass = reports_of_verify(&mut s, &package);
    let before = counts(&s);
    let audit_rows = audit::verify(s.conn()).unwrap().rows;
    // The import reads the package twice: the check (reports 1..=n), then the apply inside the
    // write transaction (reports n+1..=2n); the last report comes after the last file is applied.
    let points = [
        At::Start,
        At::Report(first_pass / 2),
        At::Report(first_pass),
        At::Report(first_pass + 1),
        At::Report(first_pass + first_pass / 2),
        At::Report(2 * first_pass),
    ];
    for at in points {
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let r = batch::import::import_package_with(&mut s, &package, &Keys::default(), &mut canceller(&cancel, at, &mut seen), &cancel);
        assert_cancelled(r, &format!("import cancelled at {at:?}"));
        assert_eq!(counts(&s), before, "cancelled at {at:?}: no book, entry, page, package row or audit row");
        assert_eq!(audit::verify(s.conn()).unwrap().rows, audit_rows);
        assert!(batch::import::imported_packages(s.conn()).unwrap().is_empty());
    }
    audit_intact(&s);

    // Nothing stands in the way of the import done to its end.
    let out = import(&mut s, &package).unwrap();
    assert!(!out.already_imported, "the cancelled imports left no trace that would make this one a repeat");
    assert_eq!((out.books, out.entries, out.pages), (2, 9, 3));
    assert_eq!(model::book::list(s.conn()).unwrap().len(), 2);
    audit_intact(&s);
}

#[test]
fn a_verdict_import_cancelled_in_its_apply_pass_leaves_the_clerks_entries_as_they_were() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let package = batch_package(&mut c, &dir);
    import(&mut s, &package).unwrap();
    for b in model::book::list(s.conn()).unwrap() {
        batch::verdict::record_verdict(&mut s, b.id, &VerdictDecision::Accept).unwrap();
    }
    let import_id = batch::import::imported_packages(s.conn()).unwrap()[0].id;
    let verdicts = dir.join("ketqua1.sohoa");
    batch::verdict::export_verdicts(&mut s, import_id, &verdicts, None).unwrap();

    let books: Vec<i64> = model::book::list(c.conn()).unwrap().iter().map(|b| b.id).collect();
    let statuses_of = |c: &Session| books.iter().flat_map(|b| statuses(c, *b)).collect::<Vec<_>>();
    let before = (counts(&c), statuses_of(&c));
    assert!(before.1.iter().all(|st| *st == EntryStatus::Submitted));
    let first_pass = reports_of_verify(&mut c, &verdicts);
    for at in [At::Start, At::Report(first_pass + 1), At::Report(2 * first_pass)] {
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let r = batch::import::import_package_with(&mut c, &verdicts, &Keys::default(), &mut canceller(&cancel, at, &mut seen), &cancel);
        assert_cancelled(r, &format!("verdict import cancelled at {at:?}"));
        assert_eq!((counts(&c), statuses_of(&c)), before, "cancelled at {at:?}: entries still submitted, no row added");
    }
    audit_intact(&c);
    let applied = import(&mut c, &verdicts).unwrap();
    assert_eq!(applied.accepted_books, 2);
    assert!(statuses_of(&c).iter().all(|st| *st == EntryStatus::Accepted));
}

/// The supervisor's workspace with the commune's two books imported and accepted (9 entries).
fn accepted_books() -> (tempfile::TempDir, std::path::PathBuf, Session, Vec<i64>) {
    let (t, dir, mut c, mut s) = commune_and_supervisor();
    let package = batch_package(&mut c, &dir);
    import(&mut s, &package).unwrap();
    let books: Vec<i64> = model::book::list(s.conn()).unwrap().iter().map(|b| b.id).collect();
    for b in &books {
        batch::verdict::record_verdict(&mut s, *b, &VerdictDecision::Accept).unwrap();
    }
    (t, dir, s, books)
}

fn upload_rows(s: &Session) -> (i64, i64) {
    let q = |t: &str| s.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
    (q("upload_export"), q("upload_export_entry"))
}

#[test]
fn an_upload_export_cancelled_before_during_between_books_or_after_the_last_pdf_leaves_no_file_and_no_entry_exported() {
    let (_t, dir, mut s, books) = accepted_books();
    let out = dir.join("tai-len");
    let all_accepted = |s: &Session| books.iter().flat_map(|b| statuses(s, *b)).all(|st| st == EntryStatus::Accepted);
    assert!(all_accepted(&s));
    let audit_rows = audit::verify(s.conn()).unwrap().rows;
    // One report per PDF: 6 for the first book, 3 for the second.
    for at in [At::Start, At::Report(1), At::Report(3), At::Report(6), At::Report(7), At::Report(9)] {
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let r = upload::upload_export_with(&mut s, &out, &UploadOptions::default(), &mut canceller(&cancel, at, &mut seen), &cancel);
        assert_cancelled(r, &format!("upload export cancelled at {at:?}"));
        assert_eq!(files_in(&out), Vec::<String>::new(), "cancelled at {at:?}: no Excel, no zip, no temporary file in the folder");
        assert!(all_accepted(&s), "cancelled at {at:?}: no entry moved to exported");
        assert_eq!(upload_rows(&s), (0, 0), "cancelled at {at:?}: no export recorded");
        assert_eq!(audit::verify(s.conn()).unwrap().rows, audit_rows, "cancelled at {at:?}: no audit row");
    }
    audit_intact(&s);

    // Done to its end, it writes both books' file pairs.
    let mut reports = 0;
    let report = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut |_| reports += 1).unwrap();
    assert_eq!(reports, 9, "the figures the cancel points above were chosen from");
    assert_eq!(report.books.len(), 2);
    assert!(report.books.iter().all(|b| b.export_id > 0));
    assert_eq!(files_in(&out).len(), 4, "{:?}", files_in(&out));
    assert!(books.iter().flat_map(|b| statuses(&s, *b)).all(|st| st == EntryStatus::Exported));
    assert_eq!(upload_rows(&s), (2, 9));
    audit_intact(&s);
}
