//! Book sequence checks, listed per book for the clerk's sweep (issue 4 §4).
mod common;
use common::*;
use sohoa_core::keying;
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::validation;
use sohoa_core::validation::{BookWarning, Severity};
use sohoa_core::BookType;
use sohoa_core::Session;

fn book(s: &mut Session, quyen: &str, registry: &str, pages: u32) -> i64 {
    s.write(|w| {
        model::book::create(
            w,
            &NewBook {
                book_type: BookType::Ks,
                registry: RegistryRef { scheme: "gso_pre2025".into(), code: None, name: registry.into() },
                quyen_so: quyen.into(),
                year_from: 1985,
                year_to: None,
                page_count: pages,
                expected_entries: None,
                note: None,
            },
        )
    })
    .unwrap()
}

/// Entries with the given (so, trangSo), otherwise complete and consistent.
fn entries(s: &mut Session, book: i64, rows: &[(&str, &str)]) -> Vec<i64> {
    rows.iter()
        .map(|(so, trang)| {
            s.write(|w| {
                model::entry::create(
                    w,
                    book,
                    &[
                        fv("so", so),
                        fv("trangSo", trang),
                        fv("ngayDangKy", "14/03/1985"),
                        fv("nksHoTen", "Lò Văn Pọm"),
                        fv("nksGioiTinh", "1"),
                        fv("nksNgaySinh", "1985"),
                    ],
                    None,
                )
            })
            .unwrap()
        })
        .collect()
}

fn of<'a>(ws: &'a [BookWarning], code: &str) -> Vec<&'a BookWarning> {
    ws.iter().filter(|w| w.warning.code == code).collect()
}

#[test]
fn a_gap_in_the_entry_numbers_is_reported_on_the_entry_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("5", "2"), ("6", "2")]);
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    let gaps = of(&ws.warnings, "so.gap");
    assert_eq!(gaps.len(), 1, "{:#?}", ws.warnings);
    assert_eq!(gaps[0].entry_id, ids[2]);
    assert_eq!(gaps[0].so.as_deref(), Some("5"));
    assert!(gaps[0].warning.message_vi.contains("3–4"), "{}", gaps[0].warning.message_vi);
    assert_eq!(gaps[0].related_entry_ids, [ids[1]]);
    assert_eq!(ws.entries_checked, 4);
}

#[test]
fn a_repeated_number_is_an_error_naming_the_first_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("02", "1"), ("3", "1")]);
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    let rep = of(&ws.warnings, "so.repeat");
    assert_eq!(rep.len(), 1);
    assert_eq!((rep[0].entry_id, rep[0].warning.severity), (ids[2], Severity::Error));
    assert_eq!(rep[0].related_entry_ids, [ids[1]]);
    assert!(rep[0].warning.message_vi.contains("bản ghi thứ 2"), "{}", rep[0].warning.message_vi);
    assert!(of(&ws.warnings, "so.gap").is_empty() && of(&ws.warnings, "so.out_of_order").is_empty());
}

#[test]
fn numbers_out_of_order_are_pointed_out_without_inventing_a_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("3", "1"), ("2", "1"), ("4", "1")]);
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    let ooo = of(&ws.warnings, "so.out_of_order");
    assert_eq!(ooo.iter().map(|w| w.entry_id).collect::<Vec<_>>(), [ids[2]]);
    assert!(of(&ws.warnings, "so.gap").is_empty());
}

#[test]
fn numbers_restarting_each_year_in_a_multi_year_book_are_not_repeats() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = ks_book(&mut s); // 1985–1986
    for (so, date) in [("1", "02/01/1985"), ("2", "05/01/1985"), ("1", "03/01/1986"), ("2", "04/01/1986")] {
        s.write(|w| model::entry::create(w, b, &[fv("so", so), fv("ngayDangKy", date)], None)).unwrap();
    }
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    assert!(ws.warnings.iter().all(|w| !w.warning.code.starts_with("so.")), "{:#?}", ws.warnings);
    // Written "số/năm" they are distinct too.
    let c = book(&mut s, "02/1985", "UBND xã Yên Lạc", 0);
    for so in ["1/1985", "1/1986"] {
        s.write(|w| model::entry::create(w, c, &[fv("so", so)], None)).unwrap();
    }
    assert!(of(&validation::book::book_warnings(s.conn(), c).unwrap().warnings, "so.repeat").is_empty());
}

#[test]
fn the_same_registry_book_number_and_entry_number_in_two_books_is_flagged_in_both() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let a = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let b = book(&mut s, "1/1985", "Xã Yên Lạc", 10); // the same book created twice
    let other_registry = book(&mut s, "01/1985", "UBND xã Phú Đình", 10);
    let ia = entries(&mut s, a, &[("1", "1"), ("2", "1")]);
    let ib = entries(&mut s, b, &[("2", "1"), ("3", "1")]);
    entries(&mut s, other_registry, &[("1", "1"), ("2", "1")]);
    let wa = validation::book::book_warnings(s.conn(), a).unwrap();
    let dup = of(&wa.warnings, "so.duplicate_registration");
    assert_eq!(dup.len(), 1, "{:#?}", wa.warnings);
    assert_eq!((dup[0].entry_id, dup[0].related_entry_ids.clone()), (ia[1], vec![ib[0]]));
    let wb = validation::book::book_warnings(s.conn(), b).unwrap();
    assert_eq!(of(&wb.warnings, "so.duplicate_registration")[0].related_entry_ids, [ia[1]]);
    // Keying the duplicate says so at once.
    let live = keying::save_field(&mut s, ib[1], fv("so", "1")).unwrap();
    assert!(live.warnings.iter().any(|w| w.code == "so.duplicate_registration"), "{:#?}", live.warnings);
}

#[test]
fn pages_must_run_forward_one_at_a_time_within_the_book() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 5);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("3", "3"), ("4", "2"), ("5", "6")]);
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    assert_eq!(of(&ws.warnings, "page.skipped").iter().map(|w| w.entry_id).collect::<Vec<_>>(), [ids[2], ids[4]]);
    assert_eq!(of(&ws.warnings, "page.out_of_order")[0].entry_id, ids[3]);
    let past = of(&ws.warnings, "page.past_end");
    assert_eq!((past.len(), past[0].entry_id), (1, ids[4]));
}

#[test]
fn the_sweep_lists_entry_warnings_too_in_book_order_with_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("3", "1")]);
    keying::save_field(&mut s, ids[1], fv("nksNgaySinh", "1990")).unwrap();
    keying::save_field(&mut s, ids[0], FieldValue_illegible("nksQueQuan")).unwrap();
    let ws = validation::book::book_warnings(s.conn(), b).unwrap();
    let seqs: Vec<i64> = ws.warnings.iter().map(|w| w.entry_seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] <= w[1]), "book order");
    assert_eq!(ws.counts.error, 1);
    assert_eq!(ws.counts.info, 1);
    let json = serde_json::to_value(&ws).unwrap();
    assert_eq!(json["warnings"][0]["code"], "field.illegible");
    assert_eq!(json["warnings"][0]["entrySeq"], 1);
    assert!(json["elapsedMs"].is_number());
}

#[allow(non_snake_case)]
fn FieldValue_illegible(field: &str) -> sohoa_core::FieldValue {
    sohoa_core::FieldValue { field: field.into(), value: String::new(), illegible: true }
}

#[test]
fn keying_a_number_already_used_in_the_book_warns_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("3", "1")]);
    let out = keying::save_field(&mut s, ids[2], fv("so", "1")).unwrap();
    assert!(out.warnings.iter().any(|w| w.code == "so.repeat"), "{:#?}", out.warnings);
    let out = keying::save_field(&mut s, ids[2], fv("so", "7")).unwrap();
    let gap = out.warnings.iter().find(|w| w.code == "so.gap").expect("gap after 2");
    assert!(gap.message_vi.contains("3–6"), "{}", gap.message_vi);
}

#[test]
fn changing_or_erasing_a_number_is_followed_by_the_sequence_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let b = book(&mut s, "01/1985", "UBND xã Yên Lạc", 10);
    let ids = entries(&mut s, b, &[("1", "1"), ("2", "1"), ("3", "1")]);
    assert!(keying::save_field(&mut s, ids[2], fv("so", "1")).unwrap().warnings.iter().any(|w| w.code == "so.repeat"));
    let erased = keying::save_field(&mut s, ids[2], fv("so", "")).unwrap();
    assert!(!erased.warnings.iter().any(|w| w.code == "so.repeat"), "{:#?}", erased.warnings);
    assert!(!keying::save_field(&mut s, ids[1], fv("so", "1")).unwrap().warnings.is_empty(), "now entry 2 repeats số 1");
    keying::undo_last(&mut s, ids[1]).unwrap();
    assert!(of(&validation::book::book_warnings(s.conn(), b).unwrap().warnings, "so.repeat").is_empty());
}

#[test]
fn an_older_workspace_gets_its_numbers_indexed_when_it_is_upgraded() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/workspace-v1");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let s = sohoa_core::workspace::open(&dir, "canbo", "fixture-v1-password").unwrap();
    let (fields, mirrored): (i64, i64) = s
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM entry_field WHERE field = 'so'),
                    (SELECT count(*) FROM entry_seqkey k JOIN entry_field f ON f.entry_id = k.entry_id AND f.field = 'so' AND f.value = k.so)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(fields > 0, "the fixture has numbered entries");
    assert_eq!(fields, mirrored);
    let book = model::book::list(s.conn()).unwrap()[0].id;
    assert!(validation::book::book_warnings(s.conn(), book).is_ok());
}
