//! The Ministry's rejections reach a separate commune workspace (issue 11): the supervisor's
//! workspace reads the result list of an upload export; the rejected entries (reason and field)
//! travel back in the next verdict package to the commune, whose import returns them to the
//! clerk with the Ministry's reason. Two real workspaces, real packages.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::{no_progress, VerdictDecision};
use sohoa_core::model;
use sohoa_core::upload::result::import_result;
use sohoa_core::upload::{self, UploadOptions};
use sohoa_core::EntryStatus;

/// The supervisor accepts every book of the latest imported batch and writes the verdict package.
fn accept_all_and_answer(s: &mut sohoa_core::Session, out: &std::path::Path) -> batch::VerdictSummary {
    let import_id =
        batch::import::imported_packages(s.conn()).unwrap().into_iter().filter(|p| p.kind == "batch").map(|p| p.id).max().unwrap();
    for b in batch::review::imported_books(s.conn(), import_id).unwrap() {
        batch::verdict::record_verdict(s, b.book.id, &VerdictDecision::Accept).unwrap();
    }
    batch::verdict::export_verdicts(s, import_id, out, None).unwrap()
}

#[test]
fn a_ministry_rejection_read_by_the_supervisor_returns_the_entry_to_the_clerk_of_the_separate_commune_workspace() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    // batch 1: book 01/1985, accepted, exported for upload by the supervisor
    let book = checked_ks_book(&mut c, "01/1985", 6);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    accept_all_and_answer(&mut s, &dir.join("ketqua1.sohoa"));
    let applied = import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();
    assert_eq!(applied.accepted_books, 1);
    assert!(statuses(&c, book).iter().all(|st| *st == EntryStatus::Accepted));

    let out = dir.join("upload");
    let report = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    let file = report.books[0].xlsx.file_name().unwrap().to_string_lossy().to_string();

    // The Ministry rejects row 2 (naming the birth date column) and approves the others.
    let list = dir.join("ket-qua-bo.csv");
    let mut csv = String::from("Tên file,Dòng,Trạng thái,Lý do từ chối\n");
    for d in 1..=6 {
        if d == 2 {
            csv.push_str(&format!("{file},{d},Từ chối,nksNgaySinh: ngày sinh sau ngày đăng ký\n"));
        } else {
            csv.push_str(&format!("{file},{d},Đã phê duyệt,\n"));
        }
    }
    std::fs::write(&list, csv).unwrap();
    let r = import_result(&mut s, &list).unwrap();
    assert_eq!((r.approved, r.rejected, r.unmatched), (5, 1, 0), "{}", r.summary_line());

    // batch 2 (another book) and its verdict package: it carries the Ministry's rejection
    let book2 = checked_ks_book(&mut c, "02/1985", 3);
    export(&mut c, &dir.join("dot2.sohoa"));
    import(&mut s, &dir.join("dot2.sohoa")).unwrap();
    accept_all_and_answer(&mut s, &dir.join("ketqua2.sohoa"));
    let applied = import(&mut c, &dir.join("ketqua2.sohoa")).unwrap();
    assert_eq!((applied.accepted_books, applied.returned_entries), (1, 1), "book 2 accepted; one entry returned by the Ministry");

    // in the commune's own workspace: entry 2 of book 1 is back with the clerk, with the reason
    let ids = model::entry::ids(c.conn(), book).unwrap();
    let st = statuses(&c, book);
    assert_eq!(st[1], EntryStatus::Returned);
    assert_eq!(st.iter().filter(|x| **x == EntryStatus::Accepted).count(), 5);
    assert!(statuses(&c, book2).iter().all(|x| *x == EntryStatus::Accepted));
    let returned = batch::review::returned_entry_views(c.conn()).unwrap();
    assert_eq!(returned.len(), 1);
    assert_eq!(returned[0].entry_id, ids[1]);
    let why = &returned[0].reasons[0];
    assert_eq!(why.source, "ministry");
    assert_eq!(why.field.as_deref(), Some("nksNgaySinh"));
    assert!(why.reason.contains("ngày sinh sau ngày đăng ký"), "{}", why.reason);
    assert_eq!(why.file.as_deref(), Some(file.as_str()));
    assert_eq!(why.batch_number, 0, "a Ministry reason answers no batch of the commune");

    // the rejection travels once: the next verdict package carries nothing more
    let book3 = checked_ks_book(&mut c, "03/1985", 3);
    export(&mut c, &dir.join("dot3.sohoa"));
    import(&mut s, &dir.join("dot3.sohoa")).unwrap();
    accept_all_and_answer(&mut s, &dir.join("ketqua3.sohoa"));
    let applied = import(&mut c, &dir.join("ketqua3.sohoa")).unwrap();
    assert_eq!((applied.accepted_books, applied.returned_entries), (1, 0));
    assert_eq!(batch::review::returned_entry_views(c.conn()).unwrap().len(), 1);
    assert!(statuses(&c, book3).iter().all(|x| *x == EntryStatus::Accepted));

    // the clerk corrects the entry: returned → checked, the Ministry's reason still shown until it leaves
    c.write(|w| model::entry::set_status(w, ids[1], EntryStatus::Checked, sohoa_core::Actor::Clerk).map(|_| ())).unwrap();
    assert_eq!(statuses(&c, book)[1], EntryStatus::Checked);
}

#[test]
fn a_row_the_ministry_rejected_is_corrected_sent_alone_accepted_and_exported_as_a_new_version_then_approved() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    // Book 01/1985 (6 entries): sent, accepted, exported; the Ministry rejects row 2, approves 5.
    let book = checked_ks_book(&mut c, "01/1985", 6);
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    accept_all_and_answer(&mut s, &dir.join("ketqua1.sohoa"));
    import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();
    let out = dir.join("upload");
    let first = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    let file1 = first.books[0].xlsx.file_name().unwrap().to_string_lossy().to_string();
    let result = |name: &str, rows: &[(usize, &str)]| {
        let mut csv = String::from("Tên file,Dòng,Trạng thái,Lý do từ chối\n");
        for (d, state) in rows {
            csv.push_str(&format!("{name},{d},{state}\n"));
        }
        let list = dir.join(format!("ket-qua-{name}.csv"));
        std::fs::write(&list, csv).unwrap();
        list
    };
    let rows: Vec<(usize, &str)> =
        (1..=6).map(|d| (d, if d == 2 { "Từ chối,nksNgaySinh: ngày sinh sau ngày đăng ký" } else { "Đã phê duyệt," })).collect();
    assert_eq!(import_result(&mut s, &result(&file1, &rows)).unwrap().rejected, 1);

    // The rejection reaches the commune with the next verdict package (another book's).
    checked_ks_book(&mut c, "02/1985", 2);
    export(&mut c, &dir.join("dot2.sohoa"));
    import(&mut s, &dir.join("dot2.sohoa")).unwrap();
    accept_all_and_answer(&mut s, &dir.join("ketqua2.sohoa"));
    import(&mut c, &dir.join("ketqua2.sohoa")).unwrap();
    let ids = model::entry::ids(c.conn(), book).unwrap();
    assert_eq!(statuses(&c, book)[1], EntryStatus::Returned);
    let not_yet = batch::export::batch_candidates(c.conn()).unwrap().into_iter().find(|b| b.book_id == book).unwrap();
    assert!(!not_yet.ready, "the returned row is not corrected yet: {:?}", not_yet.reason);

    // The clerk corrects the date against the scan: the book can go again, with that row alone.
    c.write(|w| model::entry::set_field(w, ids[1], &fv("nksNgaySinh", "03/01/1985")).map(|_| ())).unwrap();
    c.write(|w| model::entry::set_status(w, ids[1], EntryStatus::Checked, sohoa_core::Actor::Clerk).map(|_| ())).unwrap();
    let ready = batch::export::batch_candidates(c.conn()).unwrap().into_iter().find(|b| b.book_id == book).unwrap();
    assert!(ready.ready, "{:?}", ready.reason);
    let sent = export(&mut c, &dir.join("dot3.sohoa"));
    assert_eq!((sent.entries, sent.books.len()), (1, 1), "only the corrected row is sent");
    let st = statuses(&c, book);
    assert_eq!(st[1], EntryStatus::Submitted);
    assert_eq!(st.iter().filter(|x| **x == EntryStatus::Accepted).count(), 5, "the accepted rows stay accepted");

    // The supervisor: the corrected row is under review again, the 5 exported rows stay exported.
    let got = import(&mut s, &dir.join("dot3.sohoa")).unwrap();
    assert_eq!((got.entries, got.changed_entries), (1, 1));
    let sup_book = model::book::list(s.conn()).unwrap().into_iter().find(|b| b.quyen_so == "01/1985").unwrap().id;
    let sup = statuses(&s, sup_book);
    assert_eq!(sup.iter().filter(|x| **x == EntryStatus::Exported).count(), 5);
    assert_eq!(sup.iter().filter(|x| **x == EntryStatus::Submitted).count(), 1);
    // The review's lot is that row alone: the exported rows are not sampled again.
    let review = batch::qa::open_review(&mut s, sup_book).unwrap();
    assert_eq!((review.plan.lot_size, review.sample.len()), (1, 1));
    let resent = model::entry::ids(s.conn(), sup_book).unwrap()[1];
    assert_eq!(review.sample[0].entry_id, resent, "the sample is the corrected row");
    accept_all_and_answer(&mut s, &dir.join("ketqua3.sohoa"));
    assert_eq!(statuses(&s, sup_book).iter().filter(|x| **x == EntryStatus::Exported).count(), 5, "the verdict leaves them");

    // The commune: the whole book accepted again.
    let applied = import(&mut c, &dir.join("ketqua3.sohoa")).unwrap();
    assert_eq!((applied.accepted_books, applied.entries), (1, 1));
    assert!(statuses(&c, book).iter().all(|x| *x == EntryStatus::Accepted));

    // The next upload export writes that row alone, as version 2 of the book's file; the Ministry
    // approves it and every row of the book is approved.
    // (Book 02/1985, accepted meanwhile, goes for the first time.)
    let again = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    let v2 = again.books.iter().find(|b| b.quyen_so == "01/1985").unwrap();
    assert_eq!((v2.entries, v2.version), (1, 2));
    let file2 = v2.xlsx.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(file2, file1.replace(".xlsx", "_v2.xlsx"));
    let r = import_result(&mut s, &result(&file2, &[(1, "Đã phê duyệt,")])).unwrap();
    assert_eq!((r.approved, r.rejected, r.unmatched), (1, 0, 0), "{}", r.summary_line());
    for ws in [&c, &s] {
        assert!(sohoa_core::session::audit::verify(ws.conn()).unwrap().problem.is_none());
    }
}
