//! The audit log proves who changed what, and any tampering through raw SQL is detected.
mod common;
use common::*;
use sohoa_core::model;
use sohoa_core::session::audit::{self, AuditProblem};

fn workspace_with_history(dir: &std::path::Path) -> sohoa_core::Session {
    let mut s = create(dir);
    let book = ks_book(&mut s);
    for i in 0..5 {
        let e = ks_entry(&mut s, book, &format!("Hà Thị Mơ {i}"));
        s.write(|w| model::entry::set_field(w, e, &fv("ghiChu", "đã đối chiếu"))).unwrap();
    }
    s
}

/// Raw SQL an attacker with the key could run: drop the guards first.
fn raw(s: &sohoa_core::Session, sql: &str) {
    s.conn().execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;").unwrap();
    s.conn().execute_batch(sql).unwrap();
}

#[test]
fn every_write_is_attributed_and_the_intact_chain_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let s = workspace_with_history(&tmp.path().join("ws"));
    let report = audit::verify(s.conn()).unwrap();
    assert_eq!(report.problem, None);
    // workspace.create + book.create + 5 × (entry.create + entry.field)
    assert_eq!(report.rows, 12);
    let users: Vec<String> = s
        .conn()
        .prepare("SELECT DISTINCT username FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(users, vec!["canbo".to_string()]);
}

#[test]
fn the_log_refuses_updates_and_deletes_through_sql() {
    let tmp = tempfile::tempdir().unwrap();
    let s = workspace_with_history(&tmp.path().join("ws"));
    assert!(s.conn().execute("UPDATE audit_log SET username = 'x' WHERE seq = 3", []).is_err());
    assert!(s.conn().execute("DELETE FROM audit_log WHERE seq = 3", []).is_err());
}

#[test]
fn editing_any_row_is_caught_at_that_row() {
    for seq in [1, 5, 12] {
        let tmp = tempfile::tempdir().unwrap();
        let s = workspace_with_history(&tmp.path().join("ws"));
        raw(&s, &format!("UPDATE audit_log SET detail = '{{}}' WHERE seq = {seq}"));
        let p = audit::verify(s.conn()).unwrap().problem.expect("tampering detected");
        assert_eq!(p, AuditProblem::HashMismatch { seq });
        assert_eq!(p.first_bad_seq(), seq);
    }
}

#[test]
fn editing_a_row_and_recomputing_its_hash_breaks_the_next_link() {
    let tmp = tempfile::tempdir().unwrap();
    let s = workspace_with_history(&tmp.path().join("ws"));
    // Replace row 4's hash too: the link from row 5 no longer matches.
    raw(&s, "UPDATE audit_log SET username = 'ke-gian', hash = 'ff' WHERE seq = 4");
    let p = audit::verify(s.conn()).unwrap().problem.unwrap();
    assert_eq!(p.first_bad_seq(), 4);
}

#[test]
fn deleting_a_row_in_the_middle_or_at_the_end_is_caught() {
    let tmp = tempfile::tempdir().unwrap();
    let s = workspace_with_history(&tmp.path().join("ws"));
    raw(&s, "DELETE FROM audit_log WHERE seq = 6");
    assert_eq!(audit::verify(s.conn()).unwrap().problem, Some(AuditProblem::Gap { expected: 6, found: 7 }));

    let tmp2 = tempfile::tempdir().unwrap();
    let s2 = workspace_with_history(&tmp2.path().join("ws"));
    raw(&s2, "DELETE FROM audit_log WHERE seq = 12");
    assert_eq!(audit::verify(s2.conn()).unwrap().problem, Some(AuditProblem::HeadMismatch { head_seq: 12, last_seq: 11 }));
}
