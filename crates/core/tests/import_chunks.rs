//! The spreadsheet import commits in chunks under one import record (issue 10 "speed"): each
//! chunk is its own write transaction, progress is reported after each, a cancel flag stops it,
//! and the record makes the chunks one import — finished, or rolled back whole when cancelled,
//! when a chunk fails, or when its process died midway (at the next open).
mod common;

use common::*;
use sohoa_core::import::{self, ImportControl, ImportMapping, ImportProgress};
use sohoa_core::model;
use sohoa_core::BookType;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

fn file(rows: usize) -> (Vec<u8>, ImportMapping) {
    let (csv, _) = sohoa_sample::historic::birth_csv(rows, 0);
    let bytes = csv.into_bytes();
    let p = import::preview(&bytes, "ks.csv", BookType::Ks).unwrap();
    let m = ImportMapping::from_preview(&p);
    (bytes, m)
}

/// Chunks of exactly 1,000 rows (no time limit), so the test knows where each commit falls.
fn rows_only(mut ctl: ImportControl) -> ImportControl {
    ctl.chunk_rows = 1_000;
    ctl.chunk_time = None;
    ctl
}

fn count(s: &sohoa_core::Session, sql: &str) -> i64 {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_import_commits_chunk_by_chunk_reports_its_progress_and_finishes_its_record() {
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(2_500);
    let seen = RefCell::new(Vec::<ImportProgress>::new());
    let cancel = AtomicBool::new(false);
    let mut ctl = rows_only(ImportControl::new(&cancel).with_progress(|p| seen.borrow_mut().push(p)));
    let report = import::import_into_new_book_with(&mut s, BookType::Ks, &bytes, &m, &mut ctl).unwrap();
    drop(ctl);
    assert_eq!((report.loaded, report.cancelled), (2_500, false));
    let done: Vec<usize> = seen.borrow().iter().map(|p| p.rows_loaded).collect();
    assert_eq!(done, [1_000, 2_000, 2_500]);
    assert!(seen.borrow().iter().all(|p| p.rows_total == 2_500));
    let run = report.run_id.unwrap();
    assert_eq!(import::run::state(s.conn(), run).unwrap().as_deref(), Some("done"));
    assert_eq!(count(&s, "SELECT count(*) FROM entry_source WHERE run_id IS NOT NULL"), 2_500);
    assert_eq!(model::book::list(s.conn()).unwrap().len(), 1, "the finished import's book is listed");
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
}

#[test]
fn a_cancelled_import_is_rolled_back_whole_and_creates_no_book() {
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(3_000);
    let cancel = AtomicBool::new(false);
    let mut ctl = rows_only(ImportControl::new(&cancel).with_progress(|p| {
        if p.rows_loaded >= 2_000 {
            cancel.store(true, Ordering::Relaxed);
        }
    }));
    let report = import::import_into_new_book_with(&mut s, BookType::Ks, &bytes, &m, &mut ctl).unwrap();
    assert!(report.cancelled);
    assert_eq!((report.loaded, report.books.len()), (0, 0));
    assert_eq!(count(&s, "SELECT count(*) FROM entry"), 0, "the two committed chunks are gone");
    assert_eq!(count(&s, "SELECT count(*) FROM register_book"), 0);
    assert_eq!(import::run::state(s.conn(), report.run_id.unwrap()).unwrap().as_deref(), Some("rolled_back"));
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
    assert_eq!(counted(&s), vec![], "the committed chunks' progress counts are rolled back with them");
    foreign_keys_on_and_whole(&s);
}

#[test]
fn an_import_whose_process_died_midway_is_rolled_back_at_the_next_open_and_was_never_listed() {
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(3_000);
    let cancel = AtomicBool::new(false);
    let mut ctl = rows_only(ImportControl::new(&cancel).with_progress(|p| {
        if p.rows_loaded == 2_000 {
            panic!("killed midway");
        }
    }));
    let died = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        import::import_into_new_book_with(&mut s, BookType::Ks, &bytes, &m, &mut ctl).map(|_| ())
    }));
    assert!(died.is_err());
    drop(ctl);
    // Two chunks are committed under a running record: the new book is not listed as a book.
    assert_eq!(count(&s, "SELECT count(*) FROM entry"), 2_000);
    assert!(model::book::list(s.conn()).unwrap().is_empty(), "an unfinished import's book is not listed");
    // The process that ran it is gone (a pid no process has).
    s.conn().execute("UPDATE import_run SET pid = 2147483646", []).unwrap();
    drop(s);
    let s = open(&dir, "canbo");
    assert_eq!(count(&s, "SELECT count(*) FROM entry"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM register_book"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM import_run WHERE state = 'rolled_back'"), 1);
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
}

#[test]
fn an_import_running_in_a_live_process_is_left_alone_by_another_open() {
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(1_500);
    let cancel = AtomicBool::new(false);
    let mut ctl = rows_only(ImportControl::new(&cancel).with_progress(|p| {
        if p.rows_loaded == 1_000 {
            // Another sign-in while the import runs in this (live) process.
            let other = open(&dir, "canbo");
            assert_eq!(other.conn().query_row("SELECT count(*) FROM entry", [], |r| r.get::<_, i64>(0)).unwrap(), 1_000);
        }
    }));
    let report = import::import_into_new_book_with(&mut s, BookType::Ks, &bytes, &m, &mut ctl).unwrap();
    assert_eq!(report.loaded, 1_500);
}

#[test]
fn an_imported_row_keeps_no_copy_of_what_its_entry_and_run_hold_and_reads_back_whole() {
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(300);
    let report = import::import_into_new_book(&mut s, BookType::Ks, &bytes, &m).unwrap();
    let run = report.run_id.unwrap();
    let user = s.user().username.clone();
    // Migration 0021: what the entry or the run already holds is NULL in the row ...
    assert_eq!(count(&s, "SELECT count(*) FROM entry_field WHERE updated_at IS NOT NULL OR updated_by IS NOT NULL"), 0);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM entry_source WHERE coalesce(file_name, file_sha256, encoding, imported_at, imported_by) IS NOT NULL"
        ),
        0
    );
    assert!(count(&s, "SELECT count(*) FROM entry_field WHERE norm IS NULL AND fold IS NOT NULL") > 0, "`Kinh`: norm = fold");
    // ... and reads back through the views as it was written: the user and time of the entry's
    // creation, the run's file and encoding, every comparison key.
    let sha: String = s.conn().query_row("SELECT file_sha256 FROM import_run WHERE id = ?1", [run], |r| r.get(0)).unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(count(&s, "SELECT count(*) FROM entry_field_full"), count(&s, "SELECT count(*) FROM entry_field"));
    let bad_fields: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM entry_field_full f JOIN entry e ON e.id = f.entry_id
              WHERE f.updated_by IS NOT ?1 OR f.updated_at IS NOT e.created_at
                 OR (f.fold IS NOT NULL AND f.norm IS NULL)",
            [&user],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad_fields, 0);
    let bad_sources: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM entry_source_full s JOIN entry e ON e.id = s.entry_id
              WHERE s.file_name IS NOT 'ks.csv' OR s.file_sha256 IS NOT ?1 OR s.encoding IS NOT 'utf8'
                 OR s.imported_by IS NOT ?2 OR s.imported_at IS NOT e.created_at",
            rusqlite::params![sha, user],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad_sources, 0);
    assert_eq!(count(&s, "SELECT count(*) FROM entry_source_full"), 300);
    // A clerk's later change writes its own time and user.
    let entry: i64 = s.conn().query_row("SELECT min(entry_id) FROM entry_source", [], |r| r.get(0)).unwrap();
    let fv = model::entry::FieldValue { field: "ghiChu".into(), value: "sửa sau".into(), illegible: false };
    sohoa_core::keying::save_field(&mut s, entry, fv).unwrap();
    let by: Option<String> =
        s.conn().query_row("SELECT updated_by FROM entry_field WHERE entry_id = ?1 AND field = 'ghiChu'", [entry], |r| r.get(0)).unwrap();
    assert_eq!(by.as_deref(), Some(user.as_str()));
}

fn foreign_keys_on_and_whole(s: &sohoa_core::Session) {
    assert_eq!(count(s, "PRAGMA foreign_keys"), 1, "the checks are on again after the import");
    assert_eq!(s.conn().query_row("PRAGMA foreign_key_check", [], |_| Ok(())).ok(), None, "no row points at a missing row");
}

/// The day's progress per book and status, as the dashboards read it.
fn counted(s: &sohoa_core::Session) -> Vec<(i64, String, i64)> {
    let mut st = s
        .conn()
        .prepare("SELECT book_id, status, sum(delta) FROM progress_day GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn an_imported_row_is_counted_in_the_days_progress_once_and_every_reference_it_writes_is_whole() {
    // Migration 0022: the import counts its entries itself (per book, status and chunk), and
    // writes its rows with the foreign-key checks off (each row points at the entry just written).
    let (_tmp, dir) = tmp();
    let mut s = create(&dir);
    let (bytes, m) = file(2_500);
    let cancel = AtomicBool::new(false);
    let report = import::import_into_new_book_with(&mut s, BookType::Ks, &bytes, &m, &mut rows_only(ImportControl::new(&cancel))).unwrap();
    let book = report.books[0].book_id;
    assert_eq!(counted(&s), vec![(book, "keyed".to_string(), 2_500)]);
    assert_eq!(count(&s, "SELECT count(*) FROM progress_day"), 1, "one row a day per book and status, not one per entry");
    foreign_keys_on_and_whole(&s);
    // A single entry keyed afterwards is counted as well (one at a time).
    let fields = vec![sohoa_core::FieldValue { field: "nksHoTen".into(), value: "Lò Thị Hoa".into(), illegible: false }];
    s.write(|w| model::entry::create(w, book, &fields, None)).unwrap();
    assert_eq!(counted(&s), vec![(book, "draft".to_string(), 1), (book, "keyed".to_string(), 2_500)]);
    let d = sohoa_core::progress::aggregate::progress_dashboard(&s, &Default::default()).unwrap();
    assert_eq!((d.national.counts.entries.keyed, d.national.counts.draft), (2_500, 1));
}
