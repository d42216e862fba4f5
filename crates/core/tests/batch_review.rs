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
