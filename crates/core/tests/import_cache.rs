//! The import dialog's dry run reads the file once: the parsed table is kept (keyed on path or
//! name, size, modification time or content digest, and the encoding forced), so a change of the
//! header mapping only re-runs the mapping and the row checks.
//!
//! Figures (not assertions): `cargo test --release -p sohoa-core --test import_cache -- --ignored --nocapture`.
mod common;
#[path = "fixtures/keying_support.rs"]
mod support;

use common::*;
use sohoa_core::import::{self, Encoding, FileStamp, FileVersion, ImportMapping, TableCache};
use sohoa_core::BookType;
use std::fs::{File, FileTimes};
use std::time::{Duration, Instant, SystemTime};
use support::*;

/// The proposed mapping with the column of `field` set aside (a change the clerk makes).
fn without(mut m: ImportMapping, field: &str) -> ImportMapping {
    for c in m.columns.iter_mut() {
        if c.as_deref() == Some(field) {
            *c = None;
        }
    }
    m
}

fn set_modified(path: &std::path::Path, at: SystemTime) {
    File::options().write(true).open(path).unwrap().set_times(FileTimes::new().set_modified(at)).unwrap();
}

#[test]
fn a_second_check_with_another_mapping_uses_the_parsed_file_and_does_not_read_it_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let (csv, _) = birth_csv_with_bad_rows(60, 3);
    let path = tmp.path().join("so-ks.csv");
    std::fs::write(&path, &csv).unwrap();
    let stamp = FileStamp::of_path(&path).unwrap();
    let cache = TableCache::default();

    let file = cache.parsed_path(&path, None).unwrap();
    let p = import::import_preview_parsed(s.conn(), book, &file, "so-ks.csv").unwrap();
    let proposed = ImportMapping::from_preview(&p);
    let first = import::import_check_parsed(&s, Some(book), BookType::Ks, &file, &proposed).unwrap();
    assert_eq!((first.rows_read, first.valid), (60, 57));
    assert_eq!(cache.parses(), 1);

    // The bytes on disk change, but not the size nor the modification time: the key is the same,
    // so the second check runs on the table read the first time — the file was not read again.
    std::fs::write(&path, csv.replace("Nguyễn", "NGUYỄN")).unwrap();
    set_modified(
        &path,
        match stamp.version {
            FileVersion::Modified(t) => t,
            _ => panic!("files on disk have a modification time"),
        },
    );
    assert_eq!(FileStamp::of_path(&path).unwrap(), stamp);
    let again = cache.parsed_path(&path, None).unwrap();
    assert!(std::sync::Arc::ptr_eq(&file, &again), "the same parsed table");
    let p2 = import::import_preview_parsed(s.conn(), book, &again, "so-ks.csv").unwrap();
    assert!(p2.sample_rows[0][5].starts_with("Nguyễn"), "rows as first read: {:?}", p2.sample_rows[0]);
    let check = import::import_check_parsed(&s, Some(book), BookType::Ks, &again, &without(proposed.clone(), "nksGioiTinh"));
    let problem = check.expect_err("a required field without its column");
    assert!(problem.to_string().contains("Giới tính"), "{problem}");
    let mut optional = proposed.clone();
    let note = optional.columns.iter().position(|c| c.as_deref() == Some("ghiChu")).unwrap();
    optional.columns[note] = None;
    let second = import::import_check_parsed(&s, Some(book), BookType::Ks, &again, &optional).unwrap();
    assert_eq!((second.rows_read, second.valid, second.rejected), (first.rows_read, first.valid, first.rejected.clone()));
    assert_eq!(cache.parses(), 1, "three checks, one read");

    // Saved again (a new modification time): read again, the old table dropped.
    set_modified(&path, SystemTime::now() + Duration::from_secs(5));
    let fresh = cache.parsed_path(&path, None).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&file, &fresh));
    assert_eq!(cache.parses(), 2);
    assert_eq!(cache.len(), 1, "one version of a file is kept");
    let p3 = import::preview_parsed(&fresh, "so-ks.csv", BookType::Ks).unwrap();
    assert!(p3.sample_rows[0][5].starts_with("NGUYỄN"), "{:?}", p3.sample_rows[0]);
    // The preview is worked out once per book type of a file, under the name it is asked for.
    let kt = import::preview_parsed(&fresh, "ten-khac.csv", BookType::Kt).unwrap();
    assert_eq!((kt.file_name.as_str(), kt.book_type.as_str()), ("ten-khac.csv", "KT"));
    assert_eq!(import::preview_parsed(&fresh, "ten-khac.csv", BookType::Ks).unwrap().file_name, "ten-khac.csv");
    assert_eq!(cache.parses(), 2);

    // Gone from disk: said in Vietnamese, nothing served from the cache for a file that is not there.
    std::fs::remove_file(&path).unwrap();
    let err = cache.parsed_path(&path, None).unwrap_err();
    assert_eq!(err.code(), "input.invalid");
    assert!(err.message_vi().contains("tệp không còn ở chỗ cũ"), "{}", err.message_vi());
}

#[test]
fn bytes_received_again_are_recognised_by_name_size_and_digest_and_a_changed_file_is_read_again() {
    let (csv, _) = birth_csv_with_bad_rows(40, 2);
    let cache = TableCache::default();
    let a = cache.parsed_bytes("so-ks.csv", csv.as_bytes(), None).unwrap();
    let b = cache.parsed_bytes("so-ks.csv", csv.as_bytes(), None).unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert_eq!(cache.parses(), 1);

    // Same name and size, other content: another file.
    let edited = csv.replacen("KS-000001", "KS-000999", 1);
    assert_eq!(edited.len(), csv.len());
    let c = cache.parsed_bytes("so-ks.csv", edited.as_bytes(), None).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&a, &c));
    assert_eq!((cache.parses(), cache.len()), (2, 1), "the older version is dropped");

    // Another encoding forced is another table; both are kept (the clerk may switch back).
    let forced = cache.parsed_bytes("so-ks.csv", edited.as_bytes(), Some(Encoding::Utf8)).unwrap();
    assert_eq!(forced.encoding(), Some(Encoding::Utf8));
    assert_eq!((cache.parses(), cache.len()), (3, 2));
    cache.parsed_bytes("so-ks.csv", edited.as_bytes(), None).unwrap();
    assert_eq!(cache.parses(), 3);

    // At most two files: the least recently used leaves.
    cache.parsed_bytes("khac.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(cache.len(), 2);
    cache.parsed_bytes("so-ks.csv", edited.as_bytes(), Some(Encoding::Utf8)).unwrap();
    assert_eq!(cache.parses(), 5, "the forced-encoding table had left");
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn a_file_that_cannot_be_read_is_not_kept() {
    let cache = TableCache::default();
    assert!(cache.parsed_bytes("trong.csv", b"   ", None).is_err());
    assert!(cache.parsed_bytes("anh.png", b"\x89PNG\r\n\x1a\n....", None).is_err());
    assert!(cache.is_empty());
}

/// First check (read + decode + parse + mapping + checks) against the next ones (mapping +
/// checks on the kept table), on a 100,000-row CSV in UTF-8 and in TCVN3, into a book and into
/// new books, as the import dialog's `import_preview` does them.
#[test]
#[ignore = "benchmark: prints figures"]
fn timings_of_the_first_and_the_following_checks_of_a_100000_row_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let (csv, _) = birth_csv_with_bad_rows(100_000, 50);
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    for (label, bytes) in [("UTF-8", csv.clone().into_bytes()), ("TCVN3", sohoa_vietnamese::legacy::encode(&csv, Encoding::Tcvn3))] {
        for book_id in [Some(book), None] {
            let cache = TableCache::default();
            // The dialog's call: the file (cache), the preview, the dry run of a mapping.
            let call = |m: Option<&ImportMapping>| -> (f64, f64, f64, usize) {
                let t = Instant::now();
                let file = cache.parsed_bytes("bench.csv", &bytes, None).unwrap();
                let read = ms(t);
                let t = Instant::now();
                let p = match book_id {
                    Some(id) => import::import_preview_parsed(s.conn(), id, &file, "bench.csv").unwrap(),
                    None => import::preview_parsed(&file, "bench.csv", BookType::Ks).unwrap(),
                };
                let preview = ms(t);
                let t = Instant::now();
                let m = m.cloned().unwrap_or_else(|| ImportMapping::from_preview(&p));
                let valid = import::import_check_parsed(&s, book_id, BookType::Ks, &file, &m).map(|c| c.valid).unwrap_or(0);
                (read, preview, ms(t), valid)
            };
            // Before: every call parsed the file (up to three times into a book).
            let t = Instant::now();
            let p = match book_id {
                Some(id) => import::import_preview(s.conn(), id, &bytes, "bench.csv", None).unwrap(),
                None => import::preview_with(&bytes, "bench.csv", BookType::Ks, None).unwrap(),
            };
            let proposed = ImportMapping::from_preview(&p);
            import::import_check(&s, book_id, BookType::Ks, &bytes, &proposed).unwrap();
            let uncached = ms(t);
            let first = call(None);
            let mut next = Vec::new();
            for field in ["ghiChu", "nksDanToc", "meHoTen", "chaHoTen", "nksQueQuan"] {
                let m = without(proposed.clone(), field);
                let t = Instant::now();
                let r = call(Some(&m));
                next.push((ms(t), r));
            }
            next.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (p50, r) = next[next.len() / 2];
            println!(
                "{label:5} {:<9} {:.1} MB — without the cache {:.0} ms; first check {:.0} ms (digest+read+parse {:.0}, preview {:.0}, dry run {:.0}); next checks p50 {p50:.0} ms (digest {:.0}, preview {:.0}, dry run {:.0}), max {:.0} ms; {} valid; parses {}",
                if book_id.is_some() { "into book" } else { "new books" },
                bytes.len() as f64 / 1e6,
                uncached,
                first.0 + first.1 + first.2,
                first.0,
                first.1,
                first.2,
                r.0,
                r.1,
                r.2,
                next.last().unwrap().0,
                r.3,
                cache.parses(),
            );
        }
    }
}

#[test]
fn a_file_received_as_bytes_can_be_named_again_by_its_digest_alone() {
    let (csv, _) = birth_csv_with_bad_rows(20, 1);
    let cache = TableCache::default();
    let sent = cache.parsed_bytes("so-ks.csv", csv.as_bytes(), None).unwrap();
    let digest = match FileStamp::of_bytes("so-ks.csv", csv.as_bytes()).version {
        FileVersion::Sha256(d) => hex::encode(d),
        _ => unreachable!(),
    };
    let again = FileStamp::of_digest("so-ks.csv", csv.len() as u64, &digest).unwrap();
    assert!(std::sync::Arc::ptr_eq(&sent, &cache.held(&again, None).unwrap()), "no second send, no second parse");
    assert_eq!(cache.parses(), 1);
    // Another encoding forced, another size, or a cleared cache: the sender must send the bytes.
    assert!(cache.held(&again, Some(Encoding::Tcvn3)).is_none());
    assert!(cache.held(&FileStamp::of_digest("so-ks.csv", csv.len() as u64 + 1, &digest).unwrap(), None).is_none());
    cache.clear();
    assert!(cache.held(&again, None).is_none());
    assert!(FileStamp::of_digest("so-ks.csv", 1, "not hex").is_none());
}
