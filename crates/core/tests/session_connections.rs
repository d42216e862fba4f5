//! A session can open another connection to its workspace (same key, same user) for work in the
//! background: what one writes the other reads, and thanks to WAL the other keeps reading while
//! a long write transaction is open.
mod common;
use common::*;
use sohoa_core::model;

fn book_ids(s: &sohoa_core::Session) -> Vec<i64> {
    model::book::list(s.conn()).unwrap().into_iter().map(|b| b.id).collect()
}

#[test]
fn another_session_is_the_same_user_on_the_same_workspace_with_its_own_connection() {
    let (_t, dir) = tmp();
    let s = create(&dir.join("ws"));
    let other = s.open_another().unwrap();
    assert_eq!(other.user().username, s.user().username);
    assert_eq!(other.user().role, s.user().role);
    assert_eq!(other.workspace().workspace_id, s.workspace().workspace_id);
    assert_eq!(other.workspace().path, s.workspace().path);
    // SAFETY: handles compared as identities only.
    assert_ne!(unsafe { other.conn().handle() }, unsafe { s.conn().handle() }, "a connection of its own");
}

#[test]
fn a_write_on_one_session_is_visible_to_the_other_both_ways() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let mut other = s.open_another().unwrap();
    let a = ks_book(&mut s);
    assert_eq!(book_ids(&other), vec![a]);
    let b = ks_book(&mut other);
    assert_eq!(book_ids(&s), vec![a, b]);
    // The other session's write is attributed to the same user in the one audit chain.
    let by: String = s
        .conn()
        .query_row("SELECT username FROM audit_log WHERE action = 'book.create' AND entity_id = ?1", [b.to_string()], |r| r.get(0))
        .unwrap();
    assert_eq!(by, s.user().username);
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
}

#[test]
fn the_other_session_reads_while_a_write_transaction_is_open_and_sees_it_once_committed() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let first = ks_book(&mut s);
    let reader = s.open_another().unwrap();
    let seen_during = s
        .write(|w| {
            w.tx.execute("UPDATE register_book SET quyen_so = 'đang sửa' WHERE id = ?1", [first])?;
            // The write transaction is open (and holds the write lock): the other connection
            // still reads, and sees the last committed state.
            let during: String = reader.conn().query_row("SELECT quyen_so FROM register_book WHERE id = ?1", [first], |r| r.get(0))?;
            Ok(during)
        })
        .unwrap();
    assert_eq!(seen_during, "01/1985");
    let after: String = reader.conn().query_row("SELECT quyen_so FROM register_book WHERE id = ?1", [first], |r| r.get(0)).unwrap();
    assert_eq!(after, "đang sửa");
}

#[test]
fn a_write_that_fails_on_one_session_leaves_nothing_for_the_other() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let reader = s.open_another().unwrap();
    let r: sohoa_core::Result<()> = s.write(|w| {
        w.tx.execute("INSERT INTO registry(scheme, code, name) VALUES ('historic', NULL, 'UBND xã Thử')", [])?;
        Err(sohoa_core::CoreError::invalid("x", "thử lỗi"))
    });
    assert!(r.is_err());
    let n: i64 = reader.conn().query_row("SELECT count(*) FROM registry", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}
