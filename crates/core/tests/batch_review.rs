//! What the batch screens read: the books of an imported batch with their verdicts, a read-only
//! sample of entries with the template's labels, and the clerk's returned entries with reasons.
mod batch_common;
use batch_common::*;
use sohoa_core::batch::{ReturnReason, VerdictDecision};
use sohoa_core::EntryStatus;

#[test]
fn the_supervisor_reviews_an_imported_batch_and_the_clerk_sees_the_returned_entry_with_its_reason() {
    let (_t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let mut s = supervisor(&dir.join("giamsat"));
    exchange_keys(&mut c, &mut s);
    checked_ks_book(&mut c, "01/1985", 12);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();

    let pkg = s.imported_packages().unwrap().into_iter().find(|p| p.kind == "batch").unwrap();
    let books = s.imported_books(pkg.id).unwrap();
    assert_eq!(books.len(), 1);
    assert_eq!(books[0].book.quyen_so, "01/1985");
    assert!(books[0].current && books[0].verdict.is_none());
    let book = books[0].book.id;

    // a sample of 4 of the 12 entries, spread through the book
    let list = s.review_entries(book, 4).unwrap();
    assert_eq!(list.len(), 12);
    assert_eq!(list.iter().filter(|e| e.sampled).count(), 4);
    assert!(list.iter().all(|e| e.status == EntryStatus::Submitted && e.title.is_some()));

    // an entry read-only, filled fields only, with the template's Vietnamese labels
    let entry = s.review_entry(list[1].id).unwrap();
    let name = entry.fields.iter().find(|f| f.field == "nksHoTen").expect("the child's name");
    assert!(name.label.contains("tên"), "label: {}", name.label);
    assert!(entry.fields.iter().all(|f| !f.value.is_empty() || f.illegible));

    let reason = ReturnReason { entry_id: list[1].id, field: Some("nksHoTen".into()), reason: "Tên không khớp với ảnh".into() };
    s.record_verdict(book, &VerdictDecision::Return(vec![reason])).unwrap();
    let v = s.imported_books(pkg.id).unwrap().remove(0).verdict.expect("verdict recorded");
    assert_eq!(v.decision, "return");
    assert_eq!(v.sent_at, None);
    assert_eq!(v.reasons.len(), 1);
    assert_eq!(v.reasons[0].field_label.as_deref(), Some(name.label.as_str()));
    assert_eq!(v.reasons[0].entry_seq, list[1].seq);

    s.export_verdicts(pkg.id, &dir.join("ketqua1.sohoa"), None).unwrap();
    assert!(s.imported_books(pkg.id).unwrap()[0].verdict.as_ref().unwrap().sent_at.is_some());
    import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();

    let returned = c.returned_entry_views().unwrap();
    assert_eq!(returned.len(), 1);
    assert_eq!(returned[0].quyen_so, "01/1985");
    assert_eq!(returned[0].status, EntryStatus::Returned);
    assert_eq!(returned[0].reasons[0].reason, "Tên không khớp với ảnh");
    assert_eq!(returned[0].reasons[0].field.as_deref(), Some("nksHoTen"));
}

#[test]
fn the_communes_duplicate_decisions_travel_with_the_batch_and_the_reviewer_sees_them_masked() {
    use sohoa_core::dedupe::{CandidateKind, DecisionKind};
    let (_t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let mut s = supervisor(&dir.join("giamsat"));
    exchange_keys(&mut c, &mut s);
    let book = checked_ks_book(&mut c, "01/1985", 6);
    // the police extract holds the person of the book's second entry (Lã Thị Tuấn, 12/2/1985)
    let extract = "Số định danh cá nhân,\"Họ, chữ đệm và tên\",Ngày sinh,Giới tính,Họ tên cha,Họ tên mẹ\n\
                   019185001234,Lã Thị Tuấn,12/02/1985,Nam,Lã Văn Khuê,Khúc Thị Nguyệt\n\
                   019185009999,Hoàng Văn Bình,01/01/1970,Nam,,\n";
    c.import_extract_csv(extract.as_bytes(), "Công an xã Phú Lương", "2025-06-30").unwrap();
    c.run_dedupe().unwrap();
    let second = c.entry_ids(book).unwrap()[1];
    c.decide_candidate(second, CandidateKind::Person, "019185001234", DecisionKind::NotSame, None).unwrap();
    c.decide_candidate(second, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, Some("đối chiếu sổ hộ khẩu")).unwrap();

    let pkg = dir.join("dot1.sohoa");
    export(&mut c, &pkg);
    import(&mut s, &pkg).unwrap();
    let imported = s.imported_packages().unwrap().into_iter().find(|p| p.kind == "batch").unwrap();
    let local_book = s.imported_books(imported.id).unwrap()[0].book.id;
    let list = s.review_entries(local_book, 6).unwrap();
    let entry = s.review_entry(list[1].id).unwrap();
    assert_eq!(entry.decisions.len(), 1, "only the current decision is shown: {:?}", entry.decisions);
    let d = &entry.decisions[0];
    assert_eq!((d.kind.as_str(), d.decision.as_str(), d.decided_by.as_str()), ("person", "same_person", "canbo"));
    assert_eq!(d.note.as_deref(), Some("đối chiếu sổ hộ khẩu"));
    assert!(!d.candidate.contains("019185001234") && d.candidate.contains("34"), "the ID number is masked: {}", d.candidate);
    assert!(s.review_entry(list[0].id).unwrap().decisions.is_empty());

    // the history travels too, and importing the same package again adds nothing
    let rows = |s: &sohoa_core::Session| s.conn().query_row("SELECT count(*) FROM imported_decision", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(rows(&s), 2);
    let _ = import(&mut s, &pkg);
    assert_eq!(rows(&s), 2);
}
