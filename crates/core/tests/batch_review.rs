//! What the batch screens read: the books of an imported batch with their verdicts, a read-only
//! sample of entries with the template's labels, and the clerk's returned entries with reasons.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::{ReturnReason, VerdictDecision};
use sohoa_core::dedupe;
use sohoa_core::model;
use sohoa_core::EntryStatus;

#[test]
fn the_supervisor_reviews_an_imported_batch_and_the_clerk_sees_the_returned_entry_with_its_reason() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 12);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();

    let pkg = batch::import::imported_packages(s.conn()).unwrap().into_iter().find(|p| p.kind == "batch").unwrap();
    let books = batch::review::imported_books(s.conn(), pkg.id).unwrap();
    assert_eq!(books.len(), 1);
    assert_eq!(books[0].book.quyen_so, "01/1985");
    assert!(books[0].current && books[0].verdict.is_none());
    let book = books[0].book.id;

    // a sample of 4 of the 12 entries, spread through the book
    let list = batch::review::review_entries(s.conn(), book, 4).unwrap();
    assert_eq!(list.len(), 12);
    assert_eq!(list.iter().filter(|e| e.sampled).count(), 4);
    assert!(list.iter().all(|e| e.status == EntryStatus::Submitted && e.title.is_some()));

    // an entry read-only, filled fields only, with the template's Vietnamese labels
    let entry = batch::review::review_entry(s.conn(), list[1].id).unwrap();
    let name = entry.fields.iter().find(|f| f.field == "nksHoTen").expect("the child's name");
    assert!(name.label.contains("tên"), "label: {}", name.label);
    assert!(entry.fields.iter().all(|f| !f.value.is_empty() || f.illegible));

    let reason = ReturnReason { entry_id: list[1].id, field: Some("nksHoTen".into()), reason: "Tên không khớp với ảnh".into() };
    batch::verdict::record_verdict(&mut s, book, &VerdictDecision::Return(vec![reason])).unwrap();
    let v = batch::review::imported_books(s.conn(), pkg.id).unwrap().remove(0).verdict.expect("verdict recorded");
    assert_eq!(v.decision, "return");
    assert_eq!(v.sent_at, None);
    assert_eq!(v.reasons.len(), 1);
    assert_eq!(v.reasons[0].field_label.as_deref(), Some(name.label.as_str()));
    assert_eq!(v.reasons[0].entry_seq, list[1].seq);

    batch::verdict::export_verdicts(&mut s, pkg.id, &dir.join("ketqua1.sohoa"), None).unwrap();
    assert!(batch::review::imported_books(s.conn(), pkg.id).unwrap()[0].verdict.as_ref().unwrap().sent_at.is_some());
    import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();

    let returned = batch::review::returned_entry_views(c.conn()).unwrap();
    assert_eq!(returned.len(), 1);
    assert_eq!(returned[0].quyen_so, "01/1985");
    assert_eq!(returned[0].status, EntryStatus::Returned);
    assert_eq!(returned[0].reasons[0].reason, "Tên không khớp với ảnh");
    assert_eq!(returned[0].reasons[0].field.as_deref(), Some("nksHoTen"));
}

#[test]
fn the_communes_duplicate_decisions_travel_with_the_batch_and_the_reviewer_sees_them_masked() {
    use sohoa_core::dedupe::{CandidateKind, DecisionKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "01/1985", 6);
    // the police extract holds the person of the book's second entry (Lã Thị Tuấn, 12/2/1985)
    let extract = "Số định danh cá nhân,\"Họ, chữ đệm và tên\",Ngày sinh,Giới tính,Họ tên cha,Họ tên mẹ\n\
                   019185001234,Lã Thị Tuấn,12/02/1985,Nam,Lã Văn Khuê,Khúc Thị Nguyệt\n\
                   019185009999,Hoàng Văn Bình,01/01/1970,Nam,,\n";
    dedupe::import_extract_csv(&mut c, extract.as_bytes(), "Công an xã Phú Lương", "2025-06-30").unwrap();
    dedupe::run_dedupe(&mut c).unwrap();
    let second = model::entry::ids(c.conn(), book).unwrap()[1];
    dedupe::decide_candidate(&mut c, second, CandidateKind::Person, "019185001234", DecisionKind::NotSame, None).unwrap();
    dedupe::decide_candidate(&mut c, second, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, Some("đối chiếu sổ hộ khẩu"))
        .unwrap();

    let pkg = dir.join("dot1.sohoa");
    export(&mut c, &pkg);
    import(&mut s, &pkg).unwrap();
    let imported = batch::import::imported_packages(s.conn()).unwrap().into_iter().find(|p| p.kind == "batch").unwrap();
    let local_book = batch::review::imported_books(s.conn(), imported.id).unwrap()[0].book.id;
    let list = batch::review::review_entries(s.conn(), local_book, 6).unwrap();
    let entry = batch::review::review_entry(s.conn(), list[1].id).unwrap();
    assert_eq!(entry.decisions.len(), 1, "only the current decision is shown: {:?}", entry.decisions);
    let d = &entry.decisions[0];
    assert_eq!((d.kind.as_str(), d.decision.as_str(), d.decided_by.as_str()), ("person", "same_person", "canbo"));
    assert_eq!(d.note.as_deref(), Some("đối chiếu sổ hộ khẩu"));
    assert!(!d.candidate.contains("019185001234") && d.candidate.contains("34"), "the ID number is masked: {}", d.candidate);
    assert!(batch::review::review_entry(s.conn(), list[0].id).unwrap().decisions.is_empty());

    // the history travels too, and importing the same package again adds nothing
    let rows = |s: &sohoa_core::Session| s.conn().query_row("SELECT count(*) FROM imported_decision", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(rows(&s), 2);
    let _ = import(&mut s, &pkg);
    assert_eq!(rows(&s), 2);
}

/// The reviewer's copy of the other entry of the commune's record decisions about `entry`.
fn record_candidates(s: &sohoa_core::Session, entry: i64) -> Vec<String> {
    let sql = "SELECT candidate_ref FROM imported_decision WHERE entry_id = ?1 AND kind = 'record' ORDER BY id";
    let mut st = s.conn().prepare(sql).unwrap();
    st.query_map([entry], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_record_decision_names_the_reviewers_copy_of_the_other_entry_sent_now_or_before_or_says_it_was_not_sent() {
    use sohoa_core::dedupe::{CandidateKind::Record, DecisionKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let earlier = checked_ks_book(&mut c, "01/1985", 3);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    let book = checked_ks_book(&mut c, "02/1986", 4);
    let unsent = checked_ks_book(&mut c, "03/1987", 2);
    c.write(|w| model::book::set_finished(w, unsent, false)).unwrap();
    let (a, b, u) = (
        model::entry::ids(c.conn(), earlier).unwrap(),
        model::entry::ids(c.conn(), book).unwrap(),
        model::entry::ids(c.conn(), unsent).unwrap(),
    );
    dedupe::decide_candidate(&mut c, b[0], Record, &b[1].to_string(), DecisionKind::DuplicateEntry, None).unwrap();
    dedupe::decide_candidate(&mut c, b[2], Record, &a[0].to_string(), DecisionKind::ReRegistration, None).unwrap();
    dedupe::decide_candidate(&mut c, b[3], Record, &u[0].to_string(), DecisionKind::NotDuplicate, None).unwrap();

    let sent = export(&mut c, &dir.join("dot2.sohoa"));
    assert_eq!(sent.books.len(), 1, "only the new book goes in batch 2");
    import(&mut s, &dir.join("dot2.sohoa")).unwrap();
    let local = |quyen: &str| {
        model::entry::ids(s.conn(), model::book::list(s.conn()).unwrap().iter().find(|x| x.quyen_so == quyen).unwrap().id).unwrap()
    };
    let (la, lb) = (local("01/1985"), local("02/1986"));
    assert_eq!(record_candidates(&s, lb[0]), vec![lb[1].to_string()], "an entry of the same batch");
    assert_eq!(record_candidates(&s, lb[2]), vec![la[0].to_string()], "an entry of an earlier batch");
    assert_eq!(record_candidates(&s, lb[3]), vec![format!("xa:{}", u[0])], "an entry the supervisor does not hold");
    let shown = |e: i64| batch::review::review_entry(s.conn(), e).unwrap().decisions.into_iter().map(|d| d.candidate).collect::<Vec<_>>();
    assert_eq!(shown(lb[0]), vec!["bản ghi thứ 2 (đã nhận)"]);
    assert_eq!(shown(lb[2]), vec!["bản ghi thứ 1 (đã nhận)"]);
    assert_eq!(shown(lb[3]), vec!["một bản ghi chưa gửi lên"]);
}

#[test]
fn a_record_decision_made_from_an_unsent_book_travels_from_the_side_of_the_entry_that_is_sent() {
    use sohoa_core::dedupe::{CandidateKind::Record, DecisionKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "02/1986", 2);
    let unsent = checked_ks_book(&mut c, "03/1987", 2);
    c.write(|w| model::book::set_finished(w, unsent, false)).unwrap();
    let (b, u) = (model::entry::ids(c.conn(), book).unwrap(), model::entry::ids(c.conn(), unsent).unwrap());
    // Decided while keying the unsent book: its entry 1 is the same event as entry 2 of the book sent.
    dedupe::decide_candidate(&mut c, u[0], Record, &b[1].to_string(), DecisionKind::DuplicateEntry, Some("trùng sổ 02")).unwrap();

    let sent = export(&mut c, &dir.join("dot1.sohoa"));
    assert_eq!(sent.books.len(), 1);
    import(&mut s, &dir.join("dot1.sohoa")).expect("a decision made from outside the batch does not refuse it");
    let lb = model::entry::ids(s.conn(), model::book::list(s.conn()).unwrap()[0].id).unwrap();
    assert_eq!(record_candidates(&s, lb[1]), vec![format!("xa:{}", u[0])], "the decision is about the entry sent");
    let seen = batch::review::review_entry(s.conn(), lb[1]).unwrap().decisions;
    assert_eq!(seen.iter().map(|d| d.candidate.as_str()).collect::<Vec<_>>(), vec!["một bản ghi chưa gửi lên"]);
}

#[test]
fn a_decision_made_on_a_returned_book_reaches_the_entries_the_supervisor_already_holds_when_the_book_is_resubmitted() {
    use sohoa_core::dedupe::{CandidateKind::Record, DecisionKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "01/1985", 4);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    let held = model::entry::ids(s.conn(), model::book::list(s.conn()).unwrap()[0].id).unwrap();
    let reason = ReturnReason { entry_id: held[1], field: None, reason: "Bản ghi trùng với số 4".into() };
    let held_book = model::book::list(s.conn()).unwrap()[0].id;
    batch::verdict::record_verdict(&mut s, held_book, &VerdictDecision::Return(vec![reason])).unwrap();
    let pkg = batch::import::imported_packages(s.conn()).unwrap()[0].id;
    batch::verdict::export_verdicts(&mut s, pkg, &dir.join("ketqua1.sohoa"), None).unwrap();
    import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();

    let b = model::entry::ids(c.conn(), book).unwrap();
    dedupe::decide_candidate(&mut c, b[1], Record, &b[3].to_string(), DecisionKind::DuplicateEntry, Some("đăng ký hai lần")).unwrap();
    c.write(|w| model::entry::set_status(w, b[1], EntryStatus::Checked, sohoa_core::Actor::Clerk)).unwrap();
    let p2 = dir.join("dot2.sohoa");
    export(&mut c, &p2);
    assert_eq!(import(&mut s, &p2).unwrap().superseded_books, 1);
    assert_eq!(
        model::entry::ids(s.conn(), model::book::list(s.conn()).unwrap()[0].id).unwrap(),
        held,
        "the resubmitted book replaces its entries in place"
    );
    assert_eq!(record_candidates(&s, held[1]), vec![held[3].to_string()]);
    assert_eq!(batch::review::review_entry(s.conn(), held[1]).unwrap().decisions[0].candidate, "bản ghi thứ 4 (đã nhận)");

    let before = counts(&s);
    assert!(import(&mut s, &p2).unwrap().already_imported, "the same package again changes nothing");
    assert_eq!((counts(&s), record_candidates(&s, held[1])), (before, vec![held[3].to_string()]));
}
