//! The keying screen's backend (issue 4 §5): autosave, undo, history, marks, predictions,
//! autocomplete, the finished-book check.
mod common;
use common::*;
use sohoa_core::keying;
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::BookType;
use sohoa_core::{CoreError, EntryStatus, FieldValue};

fn illegible(field: &str) -> FieldValue {
    FieldValue { field: field.into(), value: String::new(), illegible: true }
}

#[test]
fn saving_a_field_returns_the_new_version_and_the_entrys_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Lã Thị Hạnh");
    let out = keying::save_field(&mut s, e, fv("nksNgaySinh", "20/03/1985")).unwrap();
    assert!(out.changed);
    assert_eq!(out.version, 2);
    assert_eq!(out.status, EntryStatus::Draft);
    assert!(out.warnings.iter().any(|w| w.code == "date.born_after_registration"), "{:#?}", out.warnings);
    // The same value again writes nothing.
    let again = keying::save_field(&mut s, e, fv("nksNgaySinh", "20/03/1985")).unwrap();
    assert!(!again.changed);
    assert_eq!(again.version, 2);
    // Fixing it clears the warning.
    let fixed = keying::save_field(&mut s, e, fv("nksNgaySinh", "2/3/1985")).unwrap();
    assert!(!fixed.warnings.iter().any(|w| w.code.starts_with("date.")), "{:#?}", fixed.warnings);
    assert_eq!(model::entry::get(s.conn(), e).unwrap().get("nksNgaySinh"), Some("2/3/1985"), "kept as typed");
}

#[test]
fn undo_restores_the_previous_value_and_is_itself_in_the_history() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Đinh Văn Tý");
    keying::save_field(&mut s, e, fv("nksHoTen", "Đinh Văn Tỵ")).unwrap();
    keying::save_field(&mut s, e, fv("nksHoTen", "Đinh Văn Tị")).unwrap();
    let u = keying::undo_last(&mut s, e).unwrap().unwrap();
    assert_eq!((u.field.as_str(), u.value.as_str()), ("nksHoTen", "Đinh Văn Tỵ"));
    assert_eq!(model::entry::get(s.conn(), e).unwrap().get("nksHoTen"), Some("Đinh Văn Tỵ"));
    let h = keying::field_history(s.conn(), e, Some("nksHoTen")).unwrap();
    assert_eq!(h.len(), 3, "two changes and the undo");
    assert_eq!(h[0].undoes, Some(h[1].id), "newest first: the undo names what it reverted");
    assert_eq!((h[0].old_value.as_deref(), h[0].new_value.as_deref()), (Some("Đinh Văn Tị"), Some("Đinh Văn Tỵ")));
    assert!(h[1].undone);
    assert_eq!(h[0].by_user, "canbo");
    assert_eq!(h[0].by_display_name.as_deref(), Some("Người dùng canbo"));
    // A second undo goes one change further back, not back and forth.
    keying::undo_last(&mut s, e).unwrap().unwrap();
    assert_eq!(model::entry::get(s.conn(), e).unwrap().get("nksHoTen"), Some("Đinh Văn Tý"));
    // Values from entry creation are not changes: nothing left to undo.
    assert!(keying::undo_last(&mut s, e).unwrap().is_none());
    let audit: i64 = s.conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'entry.undo'", [], |r| r.get(0)).unwrap();
    assert_eq!(audit, 2);
}

#[test]
fn undo_brings_back_an_erased_field_and_the_illegible_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Đinh Văn Tý");
    keying::save_field(&mut s, e, illegible("nksQueQuan")).unwrap();
    keying::save_field(&mut s, e, fv("nksQueQuan", "Yên Lạc")).unwrap();
    keying::save_field(&mut s, e, fv("nksQueQuan", "")).unwrap();
    assert_eq!(model::entry::get(s.conn(), e).unwrap().get("nksQueQuan"), None);
    keying::undo_last(&mut s, e).unwrap();
    assert_eq!(model::entry::get(s.conn(), e).unwrap().get("nksQueQuan"), Some("Yên Lạc"));
    let u = keying::undo_last(&mut s, e).unwrap().unwrap();
    assert!(u.illegible);
    assert!(u.warnings.iter().any(|w| w.code == "field.illegible"));
    keying::undo_last(&mut s, e).unwrap();
    assert!(model::entry::get(s.conn(), e).unwrap().fields.iter().all(|f| f.field != "nksQueQuan"));
}

#[test]
fn frozen_entries_cannot_be_saved_or_undone() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Đinh Văn Tý");
    keying::save_field(&mut s, e, fv("nksHoTen", "Đinh Văn Tỵ")).unwrap();
    keying::mark_checked(&mut s, e).unwrap();
    s.write(|w| model::entry::set_status(w, e, EntryStatus::Submitted, sohoa_core::Actor::Batch)).unwrap();
    assert!(matches!(keying::save_field(&mut s, e, fv("nksHoTen", "X")), Err(CoreError::Conflict(_))));
    assert!(matches!(keying::undo_last(&mut s, e), Err(CoreError::Conflict(_))));
}

#[test]
fn marking_keyed_and_self_checked_never_waits_for_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = s.write(|w| model::entry::create(w, book, &[fv("nksHoTen", "Mùa A Dính")], None)).unwrap();
    let k = keying::mark_keyed(&mut s, e).unwrap();
    assert_eq!(k.status, EntryStatus::Keyed);
    assert!(k.warnings.iter().any(|w| w.code == "required.missing"));
    let c = keying::mark_checked(&mut s, e).unwrap();
    assert_eq!(c.status, EntryStatus::Checked);
    // A draft goes straight to checked through keyed.
    let d = s.write(|w| model::entry::create(w, book, &[fv("nksHoTen", "Mùa A Sùng")], None)).unwrap();
    assert_eq!(keying::mark_checked(&mut s, d).unwrap().status, EntryStatus::Checked);
    assert_eq!(keying::mark_keyed(&mut s, d).unwrap().status, EntryStatus::Keyed, "back to keyed to fix something");
}

#[test]
fn the_next_entry_is_predicted_from_the_previous_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let empty = keying::next_entry_defaults(s.conn(), book).unwrap();
    let get = |d: &sohoa_core::keying::EntryDefaults, f: &str| d.fields.iter().find(|x| x.field == f).map(|x| x.value.clone());
    assert_eq!(get(&empty, "so").as_deref(), Some("1"));
    assert_eq!(get(&empty, "trangSo").as_deref(), Some("1"));
    assert_eq!(get(&empty, "quyenSo").as_deref(), Some("01/1985"));
    assert_eq!(get(&empty, "noiDangKy").as_deref(), Some("UBND xã Yên Lạc"));
    s.write(|w| {
        model::entry::create(
            w,
            book,
            &[
                fv("so", "012/1985"),
                fv("trangSo", "4"),
                fv("ngayDangKy", "14/03/1985"),
                fv("nguoiKy", "Hoàng Văn Thụ"),
                fv("chucVuNguoiKy", "Chủ tịch"),
                fv("nksHoTen", "A"),
            ],
            None,
        )
    })
    .unwrap();
    let next = keying::next_entry_defaults(s.conn(), book).unwrap();
    assert_eq!(get(&next, "so").as_deref(), Some("013/1985"));
    assert_eq!(get(&next, "trangSo").as_deref(), Some("4"));
    assert_eq!(get(&next, "ngayDangKy").as_deref(), Some("14/03/1985"));
    assert_eq!(get(&next, "nguoiKy").as_deref(), Some("Hoàng Văn Thụ"));
    assert_eq!(get(&next, "chucVuNguoiKy").as_deref(), Some("Chủ tịch"));
    assert_eq!(get(&next, "nksHoTen"), None, "people are never predicted");
}

#[test]
fn copy_from_previous_reads_the_entry_just_before() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    s.write(|w| model::entry::create(w, book, &[fv("nksQueQuan", "Thôn Đông")], None)).unwrap();
    s.write(|w| model::entry::create(w, book, &[fv("nksQueQuan", "Thôn Tây")], None)).unwrap();
    let third = s.write(|w| model::entry::create(w, book, &[], None)).unwrap();
    let seq = model::entry::get(s.conn(), third).unwrap().seq;
    assert_eq!(keying::previous_value(s.conn(), book, seq, "nksQueQuan").unwrap().unwrap().value, "Thôn Tây");
    assert_eq!(keying::previous_value(s.conn(), book, i64::MAX, "nksQueQuan").unwrap(), None, "the last entry has no value");
    assert_eq!(keying::previous_value(s.conn(), book, 1, "nksQueQuan").unwrap(), None, "nothing before the first");
}

#[test]
fn autocomplete_proposes_the_workspaces_own_places_most_frequent_first() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    for (noi_sinh, que) in [("Xã Yên Lạc", "Xã Yên Bình"), ("xã yên lạc", "Thôn Đông"), ("Xã Yên Lạc", "Xã Yên Lạc")]
    {
        s.write(|w| {
            model::entry::create(
                w,
                book,
                &[fv("nksNoiSinh", noi_sinh), fv("nksQueQuan", que), fv("nksDanToc", "Tày"), fv("nguoiKy", "Hoàng Văn Thụ")],
                None,
            )
        })
        .unwrap();
    }
    let got = keying::autocomplete(s.conn(), "place", "xa yen", 5).unwrap();
    let values: Vec<(&str, u32)> = got.iter().map(|g| (g.value.as_str(), g.count)).collect();
    assert_eq!(values, [("Xã Yên Lạc", 4), ("Xã Yên Bình", 1)], "case variants merge, the common writing wins");
    assert_eq!(
        keying::autocomplete(s.conn(), "nksQueQuan", "Thôn", 5).unwrap()[0].value,
        "Thôn Đông",
        "a place field proposes every place"
    );
    let eth = keying::autocomplete(s.conn(), "ethnicity", "t", 10).unwrap();
    assert_eq!((eth[0].value.as_str(), eth[0].source), ("Tày", "workspace"));
    assert!(eth.iter().any(|e| e.value == "Thái" && e.source == "reference"));
    assert_eq!(keying::autocomplete(s.conn(), "signer", "hoang", 5).unwrap()[0].value, "Hoàng Văn Thụ");
    assert!(keying::autocomplete(s.conn(), "nksHoTen", "a", 5).unwrap().is_empty(), "never personal names");
}

#[test]
fn autocomplete_reads_the_folded_value_index_which_holds_no_personal_names() {
    let tmp = tempfile::tempdir().unwrap();
    let s = create(&tmp.path().join("ws"));
    for target in ["place", "ethnicity", "nationality", "signer", "nksQueQuan"] {
        let plans = keying::autocomplete_query_plans(s.conn(), target).unwrap();
        assert!(
            plans
                .iter()
                .filter(|p| p.contains("USING INDEX entry_field_lookup") || p.contains("USING COVERING INDEX entry_field_lookup"))
                .count()
                >= 2,
            "{target}: {plans:?}"
        );
    }
    let index: String = s.conn().query_row("SELECT sql FROM sqlite_master WHERE name = 'entry_field_lookup'", [], |r| r.get(0)).unwrap();
    assert!(index.contains("NOT LIKE '%HoTen'"), "{index}");
}

#[test]
fn a_book_is_finished_only_when_every_page_has_an_entry_or_is_blank() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = s
        .write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: BookType::Kt,
                    registry: RegistryRef { scheme: "gso_pre2025".into(), code: None, name: "UBND xã Yên Lạc".into() },
                    quyen_so: "01/1990".into(),
                    year_from: 1990,
                    year_to: None,
                    page_count: 4,
                    expected_entries: None,
                    note: None,
                },
            )
        })
        .unwrap();
    for page in ["1", "1", "2", "4"] {
        s.write(|w| model::entry::create(w, book, &[fv("trangSo", page), fv("nktHoTen", "Hà Văn Tư")], None)).unwrap();
    }
    let cov = keying::book_coverage(s.conn(), book).unwrap();
    assert_eq!((cov.pages_total, cov.pages_covered, cov.missing_pages.clone()), (4, 3, vec![3]));
    assert!(!cov.complete);
    let err = keying::finish_book(&mut s, book).unwrap_err();
    assert!(err.message_vi().contains("3"), "{}", err.message_vi());
    keying::mark_page_blank(&mut s, book, 3, true).unwrap();
    let done = keying::finish_book(&mut s, book).unwrap();
    assert!(done.complete && done.finished);
    assert_eq!(done.blank_pages, [3]);
    assert!(model::book::list(s.conn()).unwrap().iter().find(|b| b.id == book).unwrap().finished);
}

#[test]
fn outcomes_serialise_for_the_ui_in_camel_case() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Lã Thị Hạnh");
    let out = keying::save_field(&mut s, e, fv("nksGioiTinh", "9")).unwrap();
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["status"], "draft");
    assert!(json["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "enum.invalid"));
    let cov = serde_json::to_value(keying::book_coverage(s.conn(), book).unwrap()).unwrap();
    assert!(cov["missingPages"].is_array());
}
