//! The whole journey of a batch, on real encrypted workspaces and real package files:
//! commune → supervisor → returned with reasons → fixed and resubmitted → accepted → upload export.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::{no_progress, Encryption, ExportOptions, Keys, ReturnReason, VerdictDecision};
use sohoa_core::model;
use sohoa_core::upload;
use sohoa_core::upload::UploadOptions;
use sohoa_core::EntryStatus::{self, *};
use sohoa_core::{Actor, FieldValue};

#[test]
fn a_batch_goes_to_the_supervisor_comes_back_returned_is_resubmitted_accepted_and_exported() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book_a = checked_ks_book(&mut c, "01/1985", 7);
    let book_b = checked_ks_book(&mut c, "02/1986", 4);

    // 1. The clerk sends both finished books as batch 1; entries are frozen.
    let p1 = dir.join("dot1.sohoa");
    let sent = export(&mut c, &p1);
    assert_eq!(sent.batch_number, 1);
    assert_eq!((sent.entries, sent.pages, sent.books.len()), (11, 5, 2));
    assert!(p1.is_file() && !dir.read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp-")));
    assert!(statuses(&c, book_a).iter().all(|s| *s == Submitted));
    let first = model::entry::ids(c.conn(), book_a).unwrap()[0];
    assert!(c.write(|w| model::entry::set_field(w, first, &fv("nksHoTen", "Sửa lúc đang gửi"))).is_err(), "submitted entries are frozen");
    assert!(batch::export::batch_candidates(c.conn()).unwrap().iter().all(|b| !b.ready), "books out in a batch cannot be sent again");

    // 2. The supervisor imports it: books of that commune, entries submitted, pages attached.
    let out = import(&mut s, &p1).unwrap();
    assert!(!out.already_imported);
    assert_eq!((out.books, out.entries, out.pages, out.commune_code.as_str()), (2, 11, 5, COMMUNE_CODE));
    let sup_books = model::book::list(s.conn()).unwrap();
    assert_eq!(sup_books.len(), 2);
    let sa = sup_books.iter().find(|b| b.quyen_so == "01/1985").unwrap().id;
    let sb = sup_books.iter().find(|b| b.quyen_so == "02/1986").unwrap().id;
    assert!(statuses(&s, sa).iter().all(|x| *x == Submitted));
    let sup_entry = model::entry::get(s.conn(), model::entry::ids(s.conn(), sa).unwrap()[4]).unwrap();
    let com_entry = model::entry::get(c.conn(), model::entry::ids(c.conn(), book_a).unwrap()[4]).unwrap();
    assert_eq!(sup_entry.fields, com_entry.fields, "every field arrives exactly as keyed");
    let (_, img) = model::page::bytes(s.conn(), sup_entry.page_id.expect("entry linked to its page")).unwrap();
    assert_eq!(img, model::page::bytes(c.conn(), com_entry.page_id.unwrap()).unwrap().1, "the page image arrives byte for byte");

    // The same package again changes nothing.
    let before = counts(&s);
    assert!(import(&mut s, &p1).unwrap().already_imported);
    assert_eq!(counts(&s), before);

    // 3. Verdicts: book B accepted; book A returned with reasons on two entries (one per field).
    batch::verdict::record_verdict(&mut s, sb, &VerdictDecision::Accept).unwrap();
    let a_ids = model::entry::ids(s.conn(), sa).unwrap();
    batch::verdict::record_verdict(
        &mut s,
        sa,
        &VerdictDecision::Return(vec![
            ReturnReason { entry_id: a_ids[1], field: Some("nksHoTen".into()), reason: "Tên không khớp với ảnh trang 1".into() },
            ReturnReason { entry_id: a_ids[1], field: Some("nksNgaySinh".into()), reason: "Ngày sinh thiếu ngày".into() },
            ReturnReason { entry_id: a_ids[5], field: None, reason: "Bản ghi trùng với số 5".into() },
        ]),
    )
    .unwrap();
    let import_id = batch::import::imported_packages(s.conn()).unwrap()[0].id;
    let v1 = dir.join("ketqua1.sohoa");
    let verdict = batch::verdict::export_verdicts(&mut s, import_id, &v1, None).unwrap();
    assert_eq!((verdict.accepted_books, verdict.returned_books, verdict.returned_entries), (1, 1, 2));

    // 4. The commune imports the verdicts.
    let applied = import(&mut c, &v1).unwrap();
    assert_eq!((applied.accepted_books, applied.returned_books, applied.returned_entries), (1, 1, 2));
    assert!(statuses(&c, book_b).iter().all(|x| *x == Accepted));
    let a_local = model::entry::ids(c.conn(), book_a).unwrap();
    let st = statuses(&c, book_a);
    assert_eq!(st[1], Returned);
    assert_eq!(st[5], Returned);
    assert!(
        st.iter().enumerate().filter(|(i, _)| *i != 1 && *i != 5).all(|(_, x)| *x == Checked),
        "the rest of a returned book is unfrozen"
    );
    let reasons = batch::verdict::returned_reasons(c.conn(), a_local[1]).unwrap();
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].field.as_deref(), Some("nksHoTen"));
    assert_eq!(reasons[0].reason, "Tên không khớp với ảnh trang 1");
    assert_eq!(reasons[0].decided_by, "giamsat");
    assert!(reasons[0].field_label.is_some());
    assert_eq!(batch::verdict::returned_reasons(c.conn(), a_local[5]).unwrap()[0].field, None);
    assert_eq!(batch::verdict::returned_entries(c.conn()).unwrap().len(), 2, "the clerk's to-do list");
    assert!(import(&mut c, &v1).unwrap().already_imported, "the same verdict package twice changes nothing");

    // 5. The clerk fixes the returned entries and resubmits the book as batch 2.
    c.write(|w| model::entry::set_field(w, a_local[1], &fv("nksHoTen", "Lã Thị Tuấn Anh"))).unwrap();
    c.write(|w| model::entry::set_field(w, a_local[1], &fv("nksNgaySinh", "12/02/1985"))).unwrap();
    c.write(|w| model::entry::set_status(w, a_local[1], Checked, Actor::Clerk)).unwrap();
    c.write(|w| model::entry::set_status(w, a_local[5], Checked, Actor::Clerk)).unwrap();
    let ready: Vec<i64> = batch::export::batch_candidates(c.conn()).unwrap().into_iter().filter(|b| b.ready).map(|b| b.book_id).collect();
    assert_eq!(ready, vec![book_a], "only the returned book goes again");
    let p2 = dir.join("dot2.sohoa");
    let sent2 = export(&mut c, &p2);
    assert_eq!((sent2.batch_number, sent2.entries), (2, 7));
    assert!(
        batch::verdict::returned_reasons(c.conn(), a_local[1]).unwrap().is_empty(),
        "reasons are cleared once the entry is resubmitted"
    );

    // 6. The supervisor imports batch 2: it supersedes book A and keeps the history.
    let out2 = import(&mut s, &p2).unwrap();
    assert_eq!((out2.superseded_books, out2.changed_entries), (1, 1));
    assert_eq!(model::book::list(s.conn()).unwrap().len(), 2, "the resubmitted book replaces its earlier version, no new book");
    assert_eq!(model::entry::get(s.conn(), a_ids[1]).unwrap().get("nksHoTen"), Some("Lã Thị Tuấn Anh"));
    assert!(statuses(&s, sa).iter().all(|x| *x == Submitted));
    let history: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM entry_field_history WHERE entry_id = ?1 AND new_value = 'Lã Thị Tuấn Anh'", [a_ids[1]], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(history, 1, "the field change is kept in the history");
    let versions: Vec<(i64, Option<String>)> = {
        let mut st = s
            .conn()
            .prepare("SELECT batch_number, superseded_at FROM imported_book_version WHERE book_id = ?1 ORDER BY batch_number")
            .unwrap();
        st.query_map([sa], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(versions.len(), 2);
    assert!(versions[0].1.is_some() && versions[1].1.is_none(), "batch 1's version is kept, marked superseded");
    let pkgs = batch::import::imported_packages(s.conn()).unwrap();
    assert_eq!(pkgs.iter().find(|p| p.batch_number == 1).unwrap().superseded_by, Some(pkgs[0].id));

    // 7. Accepted; the verdict goes back; the commune's book is accepted.
    batch::verdict::record_verdict(&mut s, sa, &VerdictDecision::Accept).unwrap();
    let v2 = dir.join("ketqua2.sohoa");
    batch::verdict::export_verdicts(&mut s, pkgs[0].id, &v2, None).unwrap();
    import(&mut c, &v2).unwrap();
    assert!(statuses(&c, book_a).iter().all(|x| *x == Accepted));
    assert_eq!(
        batch::export::batches(c.conn()).unwrap().iter().map(|b| b.state.as_str()).collect::<Vec<_>>(),
        vec!["answered", "answered"]
    );

    // 8. Upload export of both accepted books, by the province-enrolled supervisor (issue 13: the
    //    commune's clerk may not; before, this step ran on the commune's workspace).
    let up = dir.join("upload");
    let refused = upload::upload_export(&mut c, &up, &UploadOptions::default(), &mut no_progress).unwrap_err();
    assert_eq!(refused.code(), "auth.forbidden", "{}", refused.message_vi());
    let report = upload::upload_export(&mut s, &up, &UploadOptions::default(), &mut no_progress).unwrap();
    assert_eq!(report.books.len(), 2);
    assert_eq!(report.books.iter().map(|b| b.entries).sum::<u64>(), 11);
    assert!(report.books.iter().all(|b| b.pdfs == b.entries && b.not_accepted == 0));
    let exported: i64 = s.conn().query_row("SELECT count(*) FROM entry WHERE status = 'exported'", [], |r| r.get(0)).unwrap();
    assert_eq!(exported, 11, "the supervisor's copies of the accepted entries are exported");
    assert_eq!(report.without_scan, 0);
    assert!(up.join("KS.05986.1985.01-1985.xlsx").is_file());
    assert!(up.join("KS.05986.1985.01-1985.zip").is_file());
    assert!(
        upload::upload_export(&mut s, &up, &UploadOptions::default(), &mut no_progress).unwrap().books.is_empty(),
        "nothing left to export"
    );

    // The audit chains of both workspaces still verify.
    for ws in [&c, &s] {
        assert!(sohoa_core::session::audit::verify(ws.conn()).unwrap().problem.is_none());
    }
}

#[test]
fn only_finished_books_whose_entries_are_all_checked_can_be_sent() {
    let (_t, dir, mut c, _supervisor) = commune_and_supervisor();
    let ready = checked_ks_book(&mut c, "01/1985", 3);
    let keyed = checked_ks_book(&mut c, "02/1986", 3);
    let id = model::entry::ids(c.conn(), keyed).unwrap()[0];
    c.write(|w| model::entry::set_status(w, id, EntryStatus::Keyed, Actor::Clerk)).unwrap();
    let unfinished = checked_ks_book(&mut c, "03/1987", 2);
    c.write(|w| model::book::set_finished(w, unfinished, false)).unwrap();
    let cands = batch::export::batch_candidates(c.conn()).unwrap();
    let reason = |b: i64| cands.iter().find(|x| x.book_id == b).unwrap().reason.clone();
    assert_eq!(reason(ready), None);
    assert!(reason(keyed).unwrap().contains("1 “Đã nhập”"), "{:?}", reason(keyed));
    assert!(reason(unfinished).unwrap().contains("hoàn thành"));
    let recipients = batch::export::supervisor_recipients(c.conn()).unwrap();
    let err = batch::export::export_batch(
        &mut c,
        &dir.join("x.sohoa"),
        &ExportOptions { books: vec![keyed] },
        &Encryption::Recipients(recipients),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(!dir.join("x.sohoa").exists());
    let sent = export(&mut c, &dir.join("y.sohoa"));
    assert_eq!(sent.books.iter().map(|b| b.book_id).collect::<Vec<_>>(), vec![ready], "by default every ready book, and only those");
}

#[test]
fn a_package_locked_with_a_passphrase_opens_with_that_passphrase_only() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 2);
    let p = dir.join("dot1.sohoa");
    let enc = Encryption::Passphrase { passphrase: "mật khẩu gói dài".into(), work_factor: Some(10) };
    batch::export::export_batch(&mut c, &p, &ExportOptions::default(), &enc, &mut no_progress).unwrap();
    let wrong = batch::import::import_package(&mut s, &p, &Keys::default().with_passphrase("sai mật khẩu"), &mut no_progress).unwrap_err();
    assert!(wrong.message_vi().contains("sai mật khẩu"), "{}", wrong.message_vi());
    let none = batch::import::import_package(&mut s, &p, &Keys::default(), &mut no_progress).unwrap_err();
    assert!(none.message_vi().contains("SOHOA_BATCH_PASSPHRASE"), "{}", none.message_vi());
    let ok = batch::import::import_package(&mut s, &p, &Keys::default().with_passphrase("mật khẩu gói dài"), &mut no_progress).unwrap();
    assert_eq!(ok.entries, 2);
}

#[test]
fn a_supervisor_can_register_a_commune_by_its_typed_fingerprint_and_the_first_package_pins_the_key() {
    let (_t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let mut s = supervisor(&dir.join("giamsat"));
    let authority = province_dir(&s);
    pin_province(&mut s, &authority);
    enrol_supervisor(&mut s, &authority);
    let fp = batch::identity::device_identity(&mut c).unwrap().fingerprint;
    let scope = sohoa_core::session::accounts::ScopeUnit { scheme: "qd19_2025".into(), code: COMMUNE_CODE.into() };
    let typed = fp.to_lowercase().replace('-', " ");
    let t = batch::identity::trust_fingerprint(&mut s, &typed, &scope).unwrap();
    assert_eq!(t.fingerprint, fp);
    assert_eq!(t.ed25519_public_key, None);
    checked_ks_book(&mut c, "01/1985", 2);
    let p = dir.join("dot1.sohoa");
    let recipient = batch::identity::device_identity(&mut s).unwrap().age_recipient;
    batch::export::export_batch(&mut c, &p, &ExportOptions::default(), &Encryption::Recipients(vec![recipient]), &mut no_progress).unwrap();
    import(&mut s, &p).unwrap();
    let pinned = batch::identity::trusted_devices(s.conn()).unwrap().into_iter().find(|d| d.fingerprint == fp).unwrap();
    assert_eq!(pinned.ed25519_public_key, Some(batch::identity::device_identity(&mut c).unwrap().ed25519_public_key));
    let outside = sohoa_core::session::accounts::ScopeUnit { scheme: "qd19_2025".into(), code: "99999".into() };
    assert_eq!(
        batch::identity::trust_fingerprint(&mut s, "AAAA-BBBB-CCCD-DDDD", &outside).unwrap_err().code(),
        "auth.forbidden",
        "communes outside the scope are refused"
    );
}

#[test]
fn the_device_identity_is_made_once_and_kept_in_the_encrypted_database() {
    let (_t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let id = batch::identity::device_identity(&mut c).unwrap();
    assert_eq!(id.fingerprint.len(), 19);
    assert!(id.age_recipient.starts_with("age1"));
    drop(c);
    let mut again = open(&dir.join("xa"), "canbo");
    assert_eq!(batch::identity::device_identity(&mut again).unwrap(), id);
    let db = std::fs::read(dir.join("xa").join("workspace.db")).unwrap();
    let needle = id.age_recipient.as_bytes();
    assert!(!db.windows(needle.len()).any(|w| w == needle), "nothing of the identity is readable in the database file");
    let _ = FieldValue { field: String::new(), value: String::new(), illegible: false };
}
