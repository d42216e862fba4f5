//! Books and entries: verbatim storage with normalised keys, history, statuses.
mod common;
use common::*;
use sohoa_core::model;
use sohoa_core::{Actor, EntryStatus};

#[test]
fn names_are_stored_as_written_in_nfc_with_keys_beside_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}"; // NFD input, new-style tone placement
    let e = s.write(|w| model::entry::create(w, book, &[fv("nksHoTen", nfd), fv("nksNgaySinh", "3/1985")], None)).unwrap();
    let entry = model::entry::get(s.conn(), e).unwrap();
    assert_eq!(entry.get("nksHoTen"), Some("Nguyễn Thị Hoà"), "NFC of what was written, tone placement kept");
    let (norm, fold, y, m, d): (String, String, Option<i32>, Option<i32>, Option<i32>) = s
        .conn()
        .query_row(
            "SELECT a.norm, a.fold, b.date_y, b.date_m, b.date_d FROM entry_field a, entry_field b
             WHERE a.entry_id = ?1 AND a.field = 'nksHoTen' AND b.entry_id = ?1 AND b.field = 'nksNgaySinh'",
            [e],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(norm, "nguyễn thị hòa", "comparison key: lower case, canonical (old-style) tone placement");
    assert_eq!(fold, "nguyen thi hoa");
    assert_eq!((y, m, d), (Some(1985), Some(3), None), "partial date: month and year only");
}

#[test]
fn every_field_change_keeps_who_when_and_old_to_new() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Đinh Văn Tý");
    assert!(s.write(|w| model::entry::set_field(w, e, &fv("nksHoTen", "Đinh Văn Tỵ"))).unwrap());
    assert!(!s.write(|w| model::entry::set_field(w, e, &fv("nksHoTen", "Đinh Văn Tỵ"))).unwrap(), "no-op saves change nothing");
    let (old, new, by): (String, String, String) = s
        .conn()
        .query_row("SELECT old_value, new_value, by_user FROM entry_field_history WHERE entry_id = ?1", [e], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((old.as_str(), new.as_str(), by.as_str()), ("Đinh Văn Tý", "Đinh Văn Tỵ", "canbo"));
    assert_eq!(model::entry::get(s.conn(), e).unwrap().version, 2);
}

#[test]
fn unknown_fields_are_refused_with_the_field_named() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let err = s.write(|w| model::entry::create(w, book, &[fv("nktNgayChet", "1/1/1990")], None)).err().unwrap();
    assert_eq!(err.code(), "input.invalid");
    assert!(err.message_vi().contains("nktNgayChet"));
}

#[test]
fn submitted_entries_are_frozen_and_counts_follow_statuses() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = ks_entry(&mut s, book, "Tạ Thị Én");
    let _other = ks_entry(&mut s, book, "Tạ Văn Én");
    s.write(|w| model::entry::set_status(w, e, EntryStatus::Keyed, Actor::Clerk)).unwrap();
    s.write(|w| model::entry::set_status(w, e, EntryStatus::Checked, Actor::Clerk)).unwrap();
    assert!(s.write(|w| model::entry::set_status(w, e, EntryStatus::Accepted, Actor::Clerk)).is_err(), "a clerk cannot accept");
    s.write(|w| model::entry::set_status(w, e, EntryStatus::Submitted, Actor::Batch)).unwrap();
    assert_eq!(s.write(|w| model::entry::set_field(w, e, &fv("ghiChu", "x"))).err().unwrap().code(), "conflict");
    let b = &model::book::list(s.conn()).unwrap()[0];
    assert_eq!(b.total, 2);
    assert_eq!(b.counts["submitted"], 1);
    assert_eq!(b.counts["draft"], 1);
    assert_eq!(b.counts.len(), 7);
}

#[test]
fn an_entry_is_keyed_from_a_scan_of_its_own_book_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let (book, other) = (ks_book(&mut s), ks_book(&mut s));
    let scan = || model::page::NewPage { bytes: b"scan", mime: "image/png", width: None, height: None };
    let page = s.write(|w| model::page::add(w, book, scan())).unwrap();
    let foreign = s.write(|w| model::page::add(w, other, scan())).unwrap();
    let e = s.write(|w| model::entry::create(w, book, &[fv("so", "1")], Some(page))).unwrap();
    assert_eq!(model::entry::get(s.conn(), e).unwrap().page_id, Some(page));
    let refused = s.write(|w| model::entry::create(w, book, &[fv("so", "2")], Some(foreign))).unwrap_err();
    assert_eq!(refused.code(), "input.invalid");
    assert_eq!(s.write(|w| model::entry::create(w, book, &[fv("so", "2")], Some(99_999))).unwrap_err().code(), "not_found");
    assert_eq!(model::entry::ids(s.conn(), book).unwrap(), vec![e], "nothing written by the refused creations");
}
