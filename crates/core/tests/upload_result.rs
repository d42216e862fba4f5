//! From the upload export to the Ministry's phê duyệt and back (issue 11): the export writes an
//! entry only with its row and its PDF (every page it spans), the result list records approved /
//! rejected rows, a rejected entry comes back with the Ministry's reason, is corrected, accepted
//! again and exported as version 2 of its file; the same result list read twice changes nothing.
//! Files are read back by independent readers (calamine for the sheet, the zip crate's reader for
//! the archive, poppler's pdfinfo for the PDFs).
mod batch_common;
use batch_common::*;
use calamine::{open_workbook_auto, Reader};
use sohoa_core::batch::no_progress;
use sohoa_core::model;
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::upload::result::{export_files, import_result, mark_uploaded};
use sohoa_core::upload::{self, UploadOptions};
use sohoa_core::{Actor, CoreError, EntryStatus, FieldValue, Session};
use std::path::Path;
use std::process::Command;

const V1: &str = "KS.05986.1985.01-1985.xlsx";
const V2: &str = "KS.05986.1985.01-1985_v2.xlsx";

fn xlsx_rows(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name).unwrap().rows().count() - 1
}

fn zip_names(path: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len()).map(|i| z.by_index(i).unwrap().name().unwrap().to_string()).collect()
}

fn pdf_pages(zip_path: &Path, name: &str, dir: &Path) -> u32 {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(name).unwrap(), &mut bytes).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("pdfinfo").arg(&p).output().expect("pdfinfo (poppler-utils) must be installed: tools/setup.sh");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).unwrap()
}

/// Moves checked entries through the usual path to `accepted` (batch → supervisor's verdict).
fn accept(s: &mut Session, ids: &[i64]) {
    s.write(|w| {
        for id in ids {
            model::entry::set_status(w, *id, EntryStatus::Submitted, Actor::Batch)?;
            model::entry::set_status(w, *id, EntryStatus::Accepted, Actor::Supervisor)?;
        }
        Ok(())
    })
    .unwrap();
}

fn status(s: &Session, id: i64) -> EntryStatus {
    model::entry::get(s.conn(), id).unwrap().status
}

#[test]
fn a_rejected_row_comes_back_with_the_ministry_reason_is_corrected_and_leaves_again_as_version_2() {
    let (_t, dir) = tmp();
    let mut s = enrolled(supervisor(&dir.join("giamsat")));
    // 9 checked entries on 3 pages; entry 1 continues on page 2; a 10th entry on page 99 has no scan.
    let book = checked_ks_book(&mut s, "01/1985", 9);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    let page2: i64 = s.conn().query_row("SELECT id FROM page WHERE book_id = ?1 AND seq = 2", [book], |r| r.get(0)).unwrap();
    assert!(s.write(|w| model::page::add_entry_page(w, ids[0], page2)).unwrap());
    assert!(!s.write(|w| model::page::add_entry_page(w, ids[0], page2)).unwrap(), "adding the same page twice changes nothing");
    let no_scan = s
        .write(|w| model::entry::load(w, book, &[LoadEntry { fields: ks_fields(9, "01/1985", 99), status: EntryStatus::Checked }], "test"))
        .unwrap()[0];
    let mut all = ids.clone();
    all.push(no_scan);
    accept(&mut s, &all);

    // Before exporting, the supervisor sees which entries have a scan.
    let cand = upload::upload_candidates_detail(s.conn()).unwrap();
    assert_eq!((cand[0].accepted, cand[0].with_scan, cand[0].without_scan, cand[0].resend), (10, 9, 1, 0));

    // 1. Export: 9 rows, 9 PDFs; the entry without a scan stays accepted and is reported.
    let out = dir.join("upload");
    let r1 = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    assert_eq!(r1.books.len(), 1);
    let f1 = &r1.books[0];
    assert_eq!((f1.part, f1.version, f1.entries, f1.pdfs, f1.pages), (1, 1, 9, 9, 10));
    assert_eq!(f1.spans, vec![("1".to_string(), 2)], "entry 1 spans two pages; trangSo keeps the first");
    assert_eq!((r1.without_scan, f1.without_image.clone()), (1, vec!["10".to_string()]));
    assert_eq!(status(&s, no_scan), EntryStatus::Accepted);
    assert_eq!(xlsx_rows(&out.join(V1)), 9);
    let pdfs = zip_names(&out.join(V1.replace(".xlsx", ".zip")));
    assert_eq!(pdfs.len(), 9, "every row of the sheet has its PDF");
    assert_eq!(pdf_pages(&out.join(V1.replace(".xlsx", ".zip")), "KS.05986.1985.01-1985.1.pdf", &dir), 2);
    assert_eq!(pdf_pages(&out.join(V1.replace(".xlsx", ".zip")), "KS.05986.1985.01-1985.2.pdf", &dir), 1);

    // Marking the file uploaded by hand: once.
    assert_eq!(mark_uploaded(&mut s, V1).unwrap(), 9);
    assert_eq!(mark_uploaded(&mut s, V1).unwrap(), 0);

    // 2. The Ministry's list: rows 1–6 approved, row 7 rejected naming a column, entry 8 rejected
    //    (found by so + quyển số, no row number), row 9 still waiting, one row of no file of ours.
    let list = dir.join("ket-qua.csv");
    let mut csv = String::from("Tên file,Dòng,Số,Quyển số,Trạng thái,Lý do từ chối,Ngày phê duyệt\n");
    for d in 1..=6 {
        csv.push_str(&format!("{V1},{d},{d},01/1985,Đã phê duyệt,,15/01/2025\n"));
    }
    csv.push_str(&format!("{V1},7,7,01/1985,Từ chối,nksNgaySinh: ngày sinh sau ngày đăng ký,15/01/2025\n"));
    csv.push_str(",,8,01/1985,Không thành công,Họ tên người được khai sinh không khớp sổ,15/01/2025\n");
    csv.push_str(&format!("{V1},9,9,01/1985,Chờ duyệt,,\n"));
    csv.push_str("KS.99999.1970.07.xlsx,1,1,07,Đã phê duyệt,,15/01/2025\n");
    std::fs::write(&list, csv).unwrap();
    let first = import_result(&mut s, &list).unwrap();
    // Row 9 was already marked uploaded by hand: pending, unchanged.
    assert_eq!(first.summary_line(), "rows read: 10, approved: 6, rejected: 2, pending: 1, unmatched: 1, changed: 8");
    assert_eq!(first.unmatched_rows.len(), 1);
    assert_eq!(first.unmatched_rows[0].line, 11);
    assert!(first.unmatched_rows[0].reason.contains("KS.99999.1970.07.xlsx"), "{}", first.unmatched_rows[0].reason);
    assert_eq!(first.returned_entries, vec![ids[6], ids[7]]);
    let again = import_result(&mut s, &list).unwrap();
    assert_eq!(again.summary_line(), "rows read: 10, approved: 6, rejected: 2, pending: 1, unmatched: 1, changed: 0");
    assert!(again.returned_entries.is_empty());

    // 3. The rejected entries are on the clerk's list with the Ministry's reason (and field).
    assert_eq!(status(&s, ids[6]), EntryStatus::Returned);
    assert_eq!(status(&s, ids[0]), EntryStatus::Exported);
    let returned = sohoa_core::batch::review::returned_entry_views(s.conn()).unwrap();
    assert_eq!(returned.iter().map(|r| r.entry_id).collect::<Vec<_>>(), vec![ids[6], ids[7]]);
    let r7 = &returned[0].reasons[0];
    assert_eq!((r7.source.as_str(), r7.field.as_deref(), r7.file.as_deref()), ("ministry", Some("nksNgaySinh"), Some(V1)));
    assert!(r7.reason.contains("ngày sinh sau ngày đăng ký"));
    assert_eq!(returned[1].reasons[0].field, None);

    // 4. Corrected, checked, accepted again: they leave as version 2 of the same part.
    sohoa_core::keying::save_field(&mut s, ids[6], FieldValue { field: "nksNgaySinh".into(), value: "2/1/1985".into(), illegible: false })
        .unwrap();
    for id in [ids[6], ids[7]] {
        sohoa_core::keying::mark_checked(&mut s, id).unwrap();
    }
    assert!(sohoa_core::batch::review::returned_entry_views(s.conn()).unwrap().len() == 2, "still on the list until it leaves");
    accept(&mut s, &[ids[6], ids[7]]);
    assert!(sohoa_core::batch::review::returned_entry_views(s.conn()).unwrap().is_empty());
    assert_eq!(upload::upload_candidates_detail(s.conn()).unwrap()[0].resend, 2);
    let r2 = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    assert_eq!(r2.books.len(), 1);
    assert_eq!((r2.books[0].part, r2.books[0].version, r2.books[0].entries), (1, 2, 2));
    assert_eq!(r2.books[0].xlsx.file_name().unwrap().to_str().unwrap(), V2);
    assert_eq!(xlsx_rows(&out.join(V2)), 2);
    assert_eq!(zip_names(&out.join(V2.replace(".xlsx", ".zip"))).len(), 2);
    assert!(out.join(V1).is_file(), "the earlier file stays");
    let files = export_files(s.conn()).unwrap();
    assert_eq!(
        files.iter().map(|f| (f.xlsx_name.as_str(), f.version, f.approved, f.rejected)).collect::<Vec<_>>(),
        vec![(V2, 2, 0, 0), (V1, 1, 6, 2)]
    );
    assert_eq!(status(&s, ids[6]), EntryStatus::Exported);

    // The first list read once more changes nothing: the answered rejections stay answered.
    let third = import_result(&mut s, &list).unwrap();
    assert_eq!(third.changed, 0);
    assert_eq!(status(&s, ids[6]), EntryStatus::Exported);

    // 5. The answer on version 2 (matched by file and row).
    let list2 = dir.join("ket-qua-2.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["TEN FILE", "STT", "Ket qua"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for row in 1..=2u32 {
        ws.write_string(row, 0, V2).unwrap();
        ws.write_number(row, 1, row as f64).unwrap();
        ws.write_string(row, 2, "Phê duyệt").unwrap();
    }
    wb.save(&list2).unwrap();
    let fourth = import_result(&mut s, &list2).unwrap();
    assert_eq!(fourth.summary_line(), "rows read: 2, approved: 2, rejected: 0, pending: 0, unmatched: 0, changed: 2");
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
}

#[test]
fn only_a_supervisor_records_the_ministry_result() {
    let (_t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let list = dir.join("ket-qua.csv");
    std::fs::write(&list, "Tên file,Dòng,Trạng thái\nKS.1.xlsx,1,Phê duyệt\n").unwrap();
    assert!(matches!(import_result(&mut c, &list), Err(CoreError::Forbidden(_))));
    assert!(matches!(mark_uploaded(&mut c, "KS.1.xlsx"), Err(CoreError::Forbidden(_))));
}

#[test]
fn a_list_without_a_status_column_or_a_way_to_find_entries_is_refused() {
    let (_t, dir) = tmp();
    let mut s = enrolled(supervisor(&dir.join("giamsat")));
    let list = dir.join("a.csv");
    std::fs::write(&list, "Tên file,Dòng\nKS.1.xlsx,1\n").unwrap();
    assert!(matches!(import_result(&mut s, &list), Err(CoreError::Invalid { .. })));
    std::fs::write(&list, "Số,Trạng thái\n1,Phê duyệt\n").unwrap();
    assert!(matches!(import_result(&mut s, &list), Err(CoreError::Invalid { .. })));
}
