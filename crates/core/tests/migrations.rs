//! Workspaces made by older versions of sohoa keep opening: `tests/fixtures/workspace-v1` was
//! written by migration 1 and is kept forever; every later migration must upgrade it in place.
mod common;
use common::*;
use sohoa_core::model;
use sohoa_core::store::migrate;
use sohoa_core::workspace;
use std::path::{Path, PathBuf};

const FIXTURE_PASSWORD: &str = "fixture-v1-password";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_version_1_workspace_opens_under_the_current_version_with_its_data_and_audit_chain() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    copy_dir(&fixture("workspace-v1"), &dir);
    let s = workspace::open(&dir, "canbo", FIXTURE_PASSWORD).expect("v1 fixture opens");
    assert_eq!(s.workspace().schema_version, migrate::latest_version());
    let books = model::book::list(s.conn()).unwrap();
    assert_eq!(books.len(), 1);
    assert_eq!(books[0].total, 3);
    let e = model::entry::get(s.conn(), model::entry::ids(s.conn(), books[0].id).unwrap()[0]).unwrap();
    assert_eq!(e.get("nksHoTen"), Some("Lò Thị Xuân 0"));
    assert_eq!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem, None);
}

#[test]
fn a_workspace_from_a_newer_program_is_refused_before_any_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let s = create(&dir);
    s.conn().execute_batch("PRAGMA user_version = 999;").unwrap();
    drop(s);
    let before = file_digests(&dir);
    let err = workspace::open(&dir, "canbo", PASSWORD).err().unwrap();
    assert_eq!(err.code(), "workspace.too_new");
    assert!(err.message_vi().contains("phiên bản sohoa mới hơn"));
    assert_eq!(file_digests(&dir), before);
}

/// Regenerates the fixture (run once per schema version, then commit it):
/// `SOHOA_WRITE_FIXTURE=1 cargo test -p sohoa-core --test migrations -- --ignored`
#[test]
#[ignore]
fn write_fixture() {
    if std::env::var("SOHOA_WRITE_FIXTURE").is_err() {
        return;
    }
    let name = format!("workspace-v{}", migrate::latest_version());
    let out = fixture(&name);
    assert!(!out.exists(), "{} exists: fixtures are never rewritten", out.display());
    let mut s = workspace::create(
        &out,
        workspace::CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "05971".into(),
            commune_name: "Xã Phú Lương".into(),
            first_account: account("canbo", sohoa_core::session::accounts::Role::Clerk, FIXTURE_PASSWORD),
            kdf: sohoa_core::store::keys::KdfParams::insecure_for_tests(),
        },
    )
    .unwrap();
    let book = ks_book(&mut s);
    for i in 0..3 {
        ks_entry(&mut s, book, &format!("Lò Thị Xuân {i}"));
    }
    s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
}
