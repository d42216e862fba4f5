//! The population extract's import cancelled by the clerk (issue 14 §5): the rows go in one
//! transaction, so a cancel — before the file is read, in the middle of the rows or after the
//! last one, just before the commit — leaves the previous extract active and whole, no row of
//! the new one, an intact audit chain, and nothing in the way of importing it again.
mod dedupe_support;
use dedupe_support::*;
use sohoa_core::dedupe;
use sohoa_core::dedupe::{ColumnMapping, ExtractMeta};
use sohoa_core::session::audit;
use sohoa_core::{CoreError, Session};
use std::sync::atomic::{AtomicBool, Ordering};

fn meta() -> ExtractMeta {
    ExtractMeta { source: "Công an xã Phú Lương".into(), extract_date: "2025-09-30".into() }
}

fn person_rows(s: &Session) -> i64 {
    s.conn().query_row("SELECT count(*) FROM extract_person", [], |r| r.get(0)).unwrap()
}

fn imports(s: &Session) -> i64 {
    s.conn().query_row("SELECT count(*) FROM extract_import", [], |r| r.get(0)).unwrap()
}

#[test]
fn an_extract_import_cancelled_at_the_start_in_the_middle_or_before_its_commit_keeps_the_previous_extract_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let old = import_standard(&mut s);
    let before = (person_rows(&s), imports(&s), dedupe::extract_info(s.conn()).unwrap());
    let audit_rows = audit::verify(s.conn()).unwrap().rows;
    let bytes = extract_csv(7_000, &[]);
    let preview = dedupe::preview_extract(s.conn(), &bytes, "trich-xuat-moi.csv", None).unwrap();
    let mapping = ColumnMapping { columns: preview.columns.iter().map(|c| c.column).collect() };
    // Reports: (0, n) before the first row, every 2,000 rows, and (n, n) after the last one.
    let start = |_: u64, _: u64| false;
    let middle = |done: u64, total: u64| done > 0 && done < total;
    let last = |done: u64, total: u64| done == total;
    for (name, when) in [("start", &start as &dyn Fn(u64, u64) -> bool), ("middle", &middle), ("last", &last)] {
        let cancel = AtomicBool::new(name == "start");
        let mut seen = Vec::new();
        let mut progress = |done: u64, total: u64| {
            seen.push(done);
            if when(done, total) {
                cancel.store(true, Ordering::Relaxed);
            }
        };
        let r = dedupe::import_extract_with(&mut s, &bytes, "trich-xuat-moi.csv", &mapping, &meta(), &mut progress, &cancel);
        assert!(matches!(r, Err(CoreError::Cancelled)), "cancelled at the {name}: {r:?}");
        assert_eq!(
            (person_rows(&s), imports(&s), dedupe::extract_info(s.conn()).unwrap()),
            before,
            "cancelled at the {name}: the previous extract is still the active one, whole, and no row of the new one is left"
        );
        assert_eq!(audit::verify(s.conn()).unwrap().rows, audit_rows, "cancelled at the {name}: no audit row");
        if name != "start" {
            assert!(seen.len() >= 2, "the rows were being written when it stopped ({seen:?})");
        }
    }
    assert_eq!(audit::verify(s.conn()).unwrap().problem, None);

    // Imported to its end, it replaces the previous extract.
    let mut reports = Vec::new();
    let r = dedupe::import_extract_with(
        &mut s,
        &bytes,
        "trich-xuat-moi.csv",
        &mapping,
        &meta(),
        &mut |d, _| reports.push(d),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(r.replaced.map(|x| x.id), Some(old.extract.id));
    assert_eq!(person_rows(&s), r.rows_loaded as i64);
    assert_eq!(reports.first(), Some(&0));
    assert_eq!(reports.last(), Some(&(r.rows_loaded as u64)));
}
