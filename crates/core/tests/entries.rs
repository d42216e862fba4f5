//! Books and entries: verbatim storage with normalised keys, history, statuses.
mod common;
use common::*;
use sohoa_core::{Actor, EntryStatus};

#[test]
fn names_are_stored_as_written_in_nfc_with_keys_beside_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}"; // NFD input, new-style tone placement
    let e = s.create_entry(book, &[fv("nksHoTen", nfd), fv("nksNgaySinh", "3/1985")]).unwrap();
    let entry = s.get_entry(e).unwrap();
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
    assert!(s.set_field(e, &fv("nksHoTen", "Đinh Văn Tỵ")).unwrap());
    assert!(!s.set_field(e, &fv("nksHoTen", "Đinh Văn Tỵ")).unwrap(), "no-op saves change nothing");
    let (old, new, by): (String, String, String) = s
        .conn()
        .query_row("SELECT old_value, new_value, by_user FROM entry_field_history WHERE entry_id = ?1", [e], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((old.as_str(), new.as_str(), by.as_str()), ("Đinh Văn Tý", "Đinh Văn Tỵ", "canbo"));
    assert_eq!(s.get_entry(e).unwrap().version, 2);
}

#[test]
fn unknown_fields_are_refused_with_the_field_named() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let err = s.create_entry(book, &[fv("nktNgayChet", "1/1/1990")]).err().unwrap();
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
    s.set_status(e, EntryStatus::Keyed, Actor::Clerk).unwrap();
    s.set_status(e, EntryStatus::Checked, Actor::Clerk).unwrap();
    assert!(s.set_status(e, EntryStatus::Accepted, Actor::Clerk).is_err(), "a clerk cannot accept");
    s.set_status(e, EntryStatus::Submitted, Actor::Batch).unwrap();
    assert_eq!(s.set_field(e, &fv("ghiChu", "x")).err().unwrap().code(), "conflict");
    let b = &s.list_books().unwrap()[0];
    assert_eq!(b.total, 2);
    assert_eq!(b.counts["submitted"], 1);
    assert_eq!(b.counts["draft"], 1);
    assert_eq!(b.counts.len(), 7);
}
