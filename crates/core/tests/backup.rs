//! Encrypted backups (issue 13 §6): an online backup that stays encrypted, a restore that
//! verifies first and keeps what it replaces, rotation of the automatic backups.
mod common;
use common::*;
use sohoa_core::backup;
use sohoa_core::model;
use sohoa_core::CoreError;
use std::path::Path;

fn entries(dir: &Path) -> u32 {
    let s = open(dir, "canbo");
    model::book::list(s.conn()).unwrap().iter().map(|b| b.total).sum()
}

#[test]
fn a_backup_is_encrypted_verifies_with_the_password_and_restores_the_data_of_its_day() {
    let (_t, root) = tmp();
    let ws = root.join("ws");
    let mut s = create(&ws);
    let book = ks_book(&mut s);
    ks_entry(&mut s, book, "Khúc Thị Nguyệt");
    let usb = root.join("usb");
    let made = backup::create(&mut s, &usb).unwrap();
    assert!(made.path.starts_with(&usb) && made.path.file_name().unwrap().to_str().unwrap().starts_with("sohoa-sao-luu-05971-"));
    ks_entry(&mut s, book, "Lã Văn Khuê"); // after the backup
    drop(s);
    assert_eq!(entries(&ws), 2);

    // Encrypted: no SQLite header, no name readable in any file of the backup.
    let db = std::fs::read(made.path.join("workspace.db")).unwrap();
    assert_ne!(&db[..16], b"SQLite format 3\0");
    for f in std::fs::read_dir(&made.path).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        for needle in ["Khúc Thị Nguyệt", "Khuc Thi Nguyet", "Nguyệt"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} readable in the backup");
        }
    }
    let v = backup::verify(&made.path, "canbo", PASSWORD).unwrap();
    assert_eq!(v.manifest.commune_code, "05971");
    assert!(matches!(backup::verify(&made.path, "canbo", "mat-khau-sai-roi"), Err(CoreError::WrongPassword)));

    let r = backup::restore(&made.path, &ws, "canbo", PASSWORD).unwrap();
    let previous = r.previous.expect("the replaced workspace is kept");
    assert_eq!(entries(&ws), 1, "the data of the backup's day");
    assert_eq!(entries(&previous), 2, "the replaced workspace still opens whole");
    let s = open(&ws, "canbo");
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none(), "the audit chain of the restored workspace holds");
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_replaced() {
    let (_t, root) = tmp();
    let ws = root.join("ws");
    let mut s = create(&ws);
    let book = ks_book(&mut s);
    for i in 0..50 {
        ks_entry(&mut s, book, &format!("Người số {i}"));
    }
    let made = backup::create(&mut s, &root.join("usb")).unwrap();
    drop(s);
    let db = made.path.join("workspace.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&db, &bytes).unwrap();
    let before = file_digests(&ws);
    let r = backup::restore(&made.path, &ws, "canbo", PASSWORD);
    assert!(matches!(r, Err(CoreError::WorkspaceCorrupt(_))), "{:?}", r.map(|_| ()));
    assert_eq!(file_digests(&ws), before, "the workspace is untouched");
}

#[test]
fn a_backup_of_another_workspace_does_not_replace_this_one() {
    let (_t, root) = tmp();
    let mut a = create(&root.join("a"));
    let made = backup::create(&mut a, &root.join("usb")).unwrap();
    drop(a);
    drop(create(&root.join("b")));
    assert!(matches!(backup::restore(&made.path, &root.join("b"), "canbo", PASSWORD), Err(CoreError::Conflict(_))));
    // Into a new folder it is fine.
    backup::restore(&made.path, &root.join("c"), "canbo", PASSWORD).unwrap();
    assert_eq!(entries(&root.join("c")), 0);
}

#[test]
fn automatic_backups_are_made_once_a_day_and_rotated_to_seven_days_and_four_weeks() {
    let (_t, root) = tmp();
    let ws = root.join("ws");
    let mut s = create(&ws);
    let start = time::macros::datetime!(2026-01-01 17:00 UTC);
    for day in 0..60 {
        let now = start + time::Duration::days(day);
        assert!(backup::automatic_at(&mut s, now).unwrap().is_some(), "day {day}: one backup");
        assert!(backup::automatic_at(&mut s, now + time::Duration::hours(1)).unwrap().is_none(), "day {day}: not twice");
    }
    let mut names: Vec<String> = std::fs::read_dir(sohoa_core::naming::backups_dir(&ws))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), backup::KEEP_DAILY + backup::KEEP_WEEKLY, "{names:?}");
    assert!(names.last().unwrap().contains("20260301"), "the newest day is kept: {names:?}");
    assert!(names.iter().all(|n| n.as_str() >= "sohoa-sao-luu-05971-20260125"), "nothing older than 4 weeks before: {names:?}");
}

#[test]
fn the_sign_out_backup_is_one_snapshot_while_the_next_session_writes_and_two_at_once_make_one() {
    let (_t, root) = tmp();
    let ws = root.join("ws");
    let mut s = create(&ws);
    let book = ks_book(&mut s);
    for i in 0..200 {
        ks_entry(&mut s, book, &format!("Nguyễn Văn Thứ {i}"));
    }
    drop(s);
    // Two sign-outs' backups start at once (the app runs each on its own thread) while the
    // next clerk keeps keying on a third connection.
    let backups: Vec<_> = (0..2)
        .map(|_| {
            let mut gone = open(&ws, "canbo");
            std::thread::spawn(move || backup::automatic(&mut gone))
        })
        .collect();
    let mut next = open(&ws, "canbo");
    for i in 0..100 {
        ks_entry(&mut next, book, &format!("Trần Thị Sau {i}"));
    }
    drop(next);
    let made: Vec<_> = backups.into_iter().filter_map(|b| b.join().unwrap().unwrap()).collect();
    assert_eq!(made.len(), 1, "one backup a day, however many sign-outs race for it");
    let names: Vec<_> = std::fs::read_dir(sohoa_core::naming::backups_dir(&ws)).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no staging folder left beside it: {names:?}");

    backup::verify(&made[0].path, "canbo", PASSWORD).unwrap();
    let copy = root.join("copy");
    backup::restore(&made[0].path, &copy, "canbo", PASSWORD).unwrap();
    let n = entries(&copy);
    assert!((200..=300).contains(&n), "the backup is the workspace at one moment: {n} entries");
    let s = open(&copy, "canbo");
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none(), "its audit chain holds");
    assert_eq!(entries(&ws), 300, "the next session's work is all in the workspace");
}
