//! Issue 13, part 2 — an audit someone else can check. A commune rewrites its own audit chain
//! between batch 2 and batch 3 (it has the data key: it drops the append-only triggers, edits a
//! row and recomputes every hash after it, so its own `audit verify` passes); the supervisor, who
//! stored the hashes of the rows it received, refuses batch 3 naming the rewritten rows.
mod batch_common;
use batch_common::*;
use sha2::{Digest, Sha256};
use sohoa_core::batch::{self, VerdictDecision};
use sohoa_core::session::audit;
use sohoa_core::Session;

/// The chain's hash of one row (the same construction as the core's: length-prefixed fields).
#[allow(clippy::too_many_arguments)]
fn row_hash(prev: &str, seq: i64, at: &str, user: &str, action: &str, entity: &str, entity_id: Option<&str>, detail: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), at, user, action, entity, entity_id.unwrap_or(""), detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// What a dishonest insider with the data key can do: edit row `seq` and recompute the chain
/// from there on, head included, so that the workspace's own verification passes.
fn rewrite_from(s: &Session, seq: i64, new_user: &str) {
    let c = s.conn();
    c.execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;").unwrap();
    c.execute("UPDATE audit_log SET username = ?1 WHERE seq = ?2", rusqlite::params![new_user, seq]).unwrap();
    let mut prev: String = c.query_row("SELECT prev_hash FROM audit_log WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    type Row = (i64, String, String, String, String, Option<String>, String);
    let rows: Vec<Row> = {
        let mut st =
            c.prepare("SELECT seq, at, username, action, entity, entity_id, detail FROM audit_log WHERE seq >= ?1 ORDER BY seq").unwrap();
        st.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    for (n, at, user, action, entity, id, detail) in rows {
        let h = row_hash(&prev, n, &at, &user, &action, &entity, id.as_deref(), &detail);
        c.execute("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3", rusqlite::params![prev, h, n]).unwrap();
        prev = h;
    }
    let last: i64 = c.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0)).unwrap();
    c.execute("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1", rusqlite::params![last, prev]).unwrap();
    assert!(audit::verify(c).unwrap().problem.is_none(), "the rewritten chain passes the commune's own check");
}

#[test]
fn the_supervisor_refuses_batch_3_of_a_commune_that_rewrote_its_audit_chain_naming_the_rewritten_rows() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 4);
    let p1 = dir.join("dot1.sohoa");
    export(&mut c, &p1);
    import(&mut s, &p1).unwrap();
    let edited_row: i64 = c.conn().query_row("SELECT min(seq) FROM audit_log WHERE action LIKE 'entry.%'", [], |r| r.get(0)).unwrap();
    checked_ks_book(&mut c, "02/1986", 3);
    let p2 = dir.join("dot2.sohoa");
    export(&mut c, &p2);
    import(&mut s, &p2).unwrap();
    let held = batch::audit_trail::peer_head(s.conn(), &c.workspace().workspace_id).unwrap().unwrap();
    let row: String = c.conn().query_row("SELECT hash FROM audit_log WHERE seq = ?1", [held.seq], |r| r.get(0)).unwrap();
    assert_eq!(row, held.hash, "the supervisor holds the head batch 2 carried");

    // Between batch 2 and batch 3 the commune rewrites who keyed an entry of batch 1.
    rewrite_from(&c, edited_row, "nguoi-khac");
    checked_ks_book(&mut c, "03/1987", 2);
    let p3 = dir.join("dot3.sohoa");
    export(&mut c, &p3);
    let before = counts(&s);
    let e = import(&mut s, &p3).unwrap_err();
    let m = e.message_vi();
    assert_eq!(e.code(), "conflict", "{m}");
    assert!(m.contains("đã bị viết lại"), "{m}");
    assert!(m.contains(&format!("các dòng {edited_row}–{}", held.seq)), "names the rewritten range: {m}");
    assert!(m.contains("đợt gửi số 3"), "{m}");
    assert_eq!(counts(&s), before, "nothing of batch 3 is imported");
    assert_eq!(batch::audit_trail::peer_head(s.conn(), &c.workspace().workspace_id).unwrap().unwrap(), held, "the head held is unchanged");
}

#[test]
fn after_a_verdict_the_next_batch_carries_only_the_rows_since_the_acknowledged_head_and_still_catches_a_rewrite() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 3);
    let p1 = dir.join("dot1.sohoa");
    export(&mut c, &p1);
    import(&mut s, &p1).unwrap();
    let book = sohoa_core::model::book::list(s.conn()).unwrap()[0].id;
    batch::verdict::record_verdict(&mut s, book, &VerdictDecision::Accept).unwrap();
    let pkgs = batch::import::imported_packages(s.conn()).unwrap();
    let v = dir.join("ketqua1.sohoa");
    batch::verdict::export_verdicts(&mut s, pkgs[0].id, &v, None).unwrap();
    import(&mut c, &v).unwrap();
    let acked: i64 = c.conn().query_row("SELECT seq FROM audit_ack", [], |r| r.get(0)).unwrap();
    assert!(acked > 1, "the verdict acknowledged the head received with batch 1");

    // An honest batch 2 carries rows after the acknowledged head only, and imports.
    checked_ks_book(&mut c, "02/1986", 2);
    let p2 = dir.join("dot2.sohoa");
    export(&mut c, &p2);
    let report = batch::import::verify_package(&mut s, &p2, &batch::Keys::default(), &mut batch::no_progress).unwrap();
    assert_eq!(report.header.unwrap().audit_from.map(|h| h.seq), Some(acked));
    import(&mut s, &p2).unwrap();

    // A rewrite of batch 1's rows (before the acknowledged head) is still caught in batch 3.
    rewrite_from(&c, 3, "nguoi-khac");
    checked_ks_book(&mut c, "03/1987", 2);
    let p3 = dir.join("dot3.sohoa");
    export(&mut c, &p3);
    let m = import(&mut s, &p3).unwrap_err().message_vi();
    assert!(m.contains("đã bị viết lại") && m.contains(&format!("các dòng 1–{acked}")), "{m}");
}

#[test]
fn a_package_whose_audit_rows_were_cut_at_the_end_is_refused() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 3);
    let p1 = dir.join("dot1.sohoa");
    export(&mut c, &p1);
    import(&mut s, &p1).unwrap();
    let held = batch::audit_trail::peer_head(s.conn(), &c.workspace().workspace_id).unwrap().unwrap();
    // The commune removes its last rows (and rewinds its head), then sends batch 2.
    let cut = held.seq - 5;
    c.conn().execute_batch("DROP TRIGGER IF EXISTS audit_log_no_delete;").unwrap();
    c.conn().execute("DELETE FROM audit_log WHERE seq > ?1", [cut]).unwrap();
    let h: String = c.conn().query_row("SELECT hash FROM audit_log WHERE seq = ?1", [cut], |r| r.get(0)).unwrap();
    c.conn().execute("UPDATE audit_head SET seq = ?1, hash = ?2", rusqlite::params![cut, h]).unwrap();
    checked_ks_book(&mut c, "02/1986", 2);
    let p2 = dir.join("dot2.sohoa");
    export(&mut c, &p2);
    let m = import(&mut s, &p2).unwrap_err().message_vi();
    assert!(m.contains("bị cắt hoặc viết lại") || m.contains("đã bị viết lại"), "{m}");
}
