//! The one way tests make a workspace (real SQLCipher files, cheap KDF) and sign in, plus small helpers shared by every
//! test: field values, a KS book and entry, temporary folders, file digests. The other support modules
//! (`batch_common`, `dedupe_support`, `progress_support`) include this one and build on it.
#![allow(dead_code)]
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::session::accounts::{NewAccount, Role, ScopeUnit};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::BookType;
use sohoa_core::{FieldValue, Session};
use std::path::{Path, PathBuf};

/// The password of every account the helpers create.
pub const PASSWORD: &str = "mat-khau-canbo";

/// The commune of most tests: (scheme, code, name).
pub const COMMUNE: (&str, &str, &str) = ("qd19_2025", "05971", "Xã Phú Lương");

pub fn account(username: &str, role: Role, password: &str) -> NewAccount {
    NewAccount {
        username: username.into(), display_name: format!("Người dùng {username}"), role, password: password.into(), scope: vec![]
    }
}

/// A new workspace of the unit `(scheme, code, name)`, signed in as its first account: `canbo` for a clerk, `giamsat`
/// for a supervisor overseeing the communes `scope` (each `(scheme, code)`).
pub fn workspace_with_scope(dir: &Path, unit: (&str, &str, &str), role: Role, scope: &[(&str, &str)]) -> Session {
    let username = if role == Role::Supervisor { "giamsat" } else { "canbo" };
    let scope = scope.iter().map(|(scheme, code)| ScopeUnit { scheme: (*scheme).into(), code: (*code).into() }).collect();
    workspace::create(
        dir,
        CreateWorkspace {
            commune_scheme: unit.0.into(),
            commune_code: unit.1.into(),
            commune_name: unit.2.into(),
            first_account: NewAccount { scope, ..account(username, role, PASSWORD) },
            kdf: KdfParams::insecure_for_tests(),
        },
    )
    .expect("create workspace")
}

/// A new workspace of the commune of most tests, signed in as the clerk `canbo`.
pub fn create(dir: &Path) -> Session {
    workspace_with_scope(dir, COMMUNE, Role::Clerk, &[])
}

/// Signs `user` in to the workspace in `dir` again.
pub fn open(dir: &Path, user: &str) -> Session {
    workspace::open(dir, user, PASSWORD).unwrap()
}

/// A temporary folder (removed when the guard drops) and its path.
pub fn tmp() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().to_path_buf();
    (t, p)
}

pub fn fv(field: &str, value: &str) -> FieldValue {
    FieldValue { field: field.into(), value: value.into(), illegible: false }
}

pub fn ks_book(s: &mut Session) -> i64 {
    s.write(|w| {
        model::book::create(
            w,
            &NewBook {
                book_type: BookType::Ks,
                registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
                quyen_so: "01/1985".into(),
                year_from: 1985,
                year_to: Some(1986),
                page_count: 100,
                expected_entries: Some(300),
                note: None,
            },
        )
    })
    .unwrap()
}

/// A birth entry with a rare, searchable name.
pub fn ks_entry(s: &mut Session, book: i64, name: &str) -> i64 {
    s.write(|w| {
        model::entry::create(
            w,
            book,
            &[
                fv("so", "12"),
                fv("quyenSo", "01/1985"),
                fv("trangSo", "4"),
                fv("ngayDangKy", "14/03/1985"),
                fv("nksHoTen", name),
                fv("nksGioiTinh", "2"),
                fv("nksNgaySinh", "2/3/1985"),
                fv("meHoTen", "Khúc Thị Nguyệt"),
                fv("chaHoTen", "Lã Văn Khuê"),
            ],
            None,
        )
    })
    .unwrap()
}

/// Every file under `dir`, recursively, with the SHA-256 of its bytes (for before/after checks).
pub fn file_digests(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
    use sha2::Digest;
    all_files(dir).into_iter().map(|(p, b)| (p, hex::encode(sha2::Sha256::digest(&b)))).collect()
}

/// Every file under `dir`, recursively, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// How to undo each migration after 13, newest first, for tests that turn a workspace back into
/// what an older version left (and check the next open brings it forward). A new migration adds
/// its undo here, once.
const UNDO: &[(i64, &str)] = &[
    // the insert trigger again (0003's text)
    (
        22,
        "CREATE TRIGGER progress_entry_insert AFTER INSERT ON entry
          BEGIN
              INSERT INTO progress_day(day, book_id, status, delta)
              VALUES (date(NEW.created_at, '+7 hours'), NEW.book_id, NEW.status, 1)
              ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta + 1;
          END;",
    ),
    // the NOT NULL columns again, each NULL replaced by the value it stood for
    (
        21,
        "CREATE TABLE entry_field_old (
              entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE, field TEXT NOT NULL, value TEXT NOT NULL,
              norm TEXT, fold TEXT, date_y INTEGER, date_m INTEGER, date_d INTEGER, illegible INTEGER NOT NULL DEFAULT 0,
              updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, date_approx INTEGER NOT NULL DEFAULT 0, date_lunar TEXT,
              date_solar TEXT, date_suggest TEXT, date_warn TEXT, PRIMARY KEY (entry_id, field)) WITHOUT ROWID;
          INSERT INTO entry_field_old SELECT * FROM entry_field_full;
          CREATE TABLE entry_source_old (
              entry_id INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
              book_id INTEGER NOT NULL REFERENCES register_book(id), source_ref TEXT NOT NULL, file_name TEXT NOT NULL,
              file_sha256 TEXT NOT NULL, line INTEGER NOT NULL, encoding TEXT NOT NULL, extra_json TEXT,
              imported_at TEXT NOT NULL, imported_by TEXT NOT NULL, run_id INTEGER REFERENCES import_run(id));
          INSERT INTO entry_source_old SELECT * FROM entry_source_full;
          DROP VIEW entry_field_full; DROP VIEW entry_source_full;
          DROP TABLE entry_field; ALTER TABLE entry_field_old RENAME TO entry_field;
          CREATE INDEX entry_field_lookup ON entry_field(field, fold) WHERE fold IS NOT NULL AND field NOT LIKE '%HoTen';
          DROP TABLE entry_source; ALTER TABLE entry_source_old RENAME TO entry_source;
          CREATE INDEX entry_source_ref ON entry_source(book_id, source_ref);
          CREATE INDEX entry_source_run ON entry_source(run_id) WHERE run_id IS NOT NULL;
          ALTER TABLE import_run DROP COLUMN encoding;",
    ),
    (
        20,
        "DROP INDEX entry_field_lookup;
          CREATE INDEX entry_field_lookup ON entry_field(field, fold) WHERE fold IS NOT NULL;",
    ),
    (
        19,
        "DROP TRIGGER progress_sender_generation_insert; DROP TRIGGER progress_sender_generation_update;
          DROP TRIGGER progress_sender_generation_delete; DROP TRIGGER progress_snapshot_generation_insert;
          DROP TRIGGER progress_snapshot_generation_update; DROP TRIGGER progress_snapshot_generation_delete;
          DROP TRIGGER progress_snapshot_data_generation_insert; DROP TRIGGER progress_snapshot_data_generation_update;
          DROP TRIGGER progress_snapshot_data_generation_delete; DROP TRIGGER progress_snapshot_registry_generation_insert;
          DROP TRIGGER progress_snapshot_registry_generation_update; DROP TRIGGER progress_snapshot_registry_generation_delete;
          DROP TRIGGER progress_inventory_generation_insert; DROP TRIGGER progress_inventory_generation_update;
          DROP TRIGGER progress_inventory_generation_delete; DROP TRIGGER progress_target_generation_insert;
          DROP TRIGGER progress_target_generation_update; DROP TRIGGER progress_target_generation_delete;
          DROP TABLE progress_generation;",
    ),
    // the 0005 table again (its CHECK refuses an unknown sex), with the same rows and ids
    (
        18,
        "CREATE TABLE extract_person_copy AS SELECT * FROM extract_person;
          DROP TABLE extract_person;
          CREATE TABLE extract_person (
              id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES extract_import(id), line INTEGER NOT NULL,
              id_number TEXT NOT NULL, full_name TEXT NOT NULL, birth_date TEXT NOT NULL,
              sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
              father_name TEXT, mother_name TEXT, spouse_name TEXT, birth_registration_place TEXT, home_town TEXT,
              residence TEXT, cmnd TEXT, UNIQUE (import_id, id_number));
          INSERT INTO extract_person SELECT id, import_id, line, id_number, full_name, birth_date, sex, father_name,
              mother_name, spouse_name, birth_registration_place, home_town, residence, cmnd FROM extract_person_copy;
          DROP TABLE extract_person_copy;",
    ),
    (
        17,
        "DROP TABLE qa_reduced_condition; DROP TABLE check_pass_change;
          ALTER TABLE upload_export_entry DROP COLUMN commune_sent_at;
          ALTER TABLE returned_reason DROP COLUMN source; ALTER TABLE returned_reason DROP COLUMN file;",
    ),
    (
        15,
        "ALTER TABLE entry_field DROP COLUMN date_approx; ALTER TABLE entry_field DROP COLUMN date_lunar;
          ALTER TABLE entry_field DROP COLUMN date_solar; ALTER TABLE entry_field DROP COLUMN date_suggest;
          ALTER TABLE entry_field DROP COLUMN date_warn;",
    ),
];

/// Turns the open workspace's schema back into what `version` left (undoing every later
/// migration, newest first), so that the next open applies them again.
pub fn rewind_schema(s: &Session, version: i64) {
    let latest = sohoa_core::store::migrate::latest_version();
    assert!(UNDO.first().map(|u| u.0) == Some(latest), "tests/common: add the undo of migration {latest} to UNDO");
    for (v, sql) in UNDO.iter().filter(|(v, _)| *v > version) {
        s.conn().execute_batch(sql).unwrap_or_else(|e| panic!("undo migration {v}: {e}"));
    }
    s.conn().execute_batch(&format!("DELETE FROM schema_migration WHERE version > {version}; PRAGMA user_version = {version};")).unwrap();
}
