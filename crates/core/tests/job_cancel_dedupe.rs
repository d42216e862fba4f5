//! The duplicate run cancelled from the jobs tray (issue 14 §5): it stores nothing, and the
//! previous run's candidates stay for the queue.
mod dedupe_support;
use sohoa_core::{dedupe, CoreError, Session};
use std::sync::atomic::{AtomicBool, Ordering};

#[test]
fn a_duplicate_run_cancelled_before_it_stores_keeps_the_previous_runs_candidates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = dedupe_support::create(&tmp.path().join("ws"));
    dedupe_support::import_standard(&mut s);
    let book = dedupe_support::ks_book(&mut s);
    dedupe_support::birth(&mut s, book, "12", "Triệu Thị Hòa", "20/01/1985", "2", "Triệu Văn Sáng", "Hoàng Thị Nhàn");
    let first = dedupe::run_dedupe(&mut s).unwrap();
    let count = |s: &Session, t: &str| -> i64 { s.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap() };
    let (runs, candidates) = (count(&s, "dedupe_run"), count(&s, "dedupe_candidate"));
    assert!(candidates > 0 && first.candidates as i64 == candidates);

    let cancel = AtomicBool::new(false);
    let on_progress = |_: dedupe::Progress| cancel.store(true, Ordering::Relaxed);
    cancel.store(true, Ordering::Relaxed);
    let err = dedupe::run_dedupe_with(&mut s, Some(&on_progress), &cancel).expect_err("cancelled");
    assert!(matches!(err, CoreError::Cancelled), "{err:?}");
    assert_eq!((count(&s, "dedupe_run"), count(&s, "dedupe_candidate")), (runs, candidates), "nothing of the cancelled run stored");
}
