//! The workspace store, as a clerk and an attacker would see it on disk.
mod common;
use common::*;
use sohoa_core::model;
use sohoa_core::session::accounts::Role;
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace;
use sohoa_core::CoreError;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_personal_data_is_readable_in_the_workspace_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    {
        let mut s = create(&dir);
        let book = ks_book(&mut s);
        for i in 0..50 {
            ks_entry(&mut s, book, &format!("Lã Thị Khuyên {i}"));
        }
        s.write(|w| {
            model::page::add(
                w,
                book,
                sohoa_core::model::page::NewPage {
                    bytes: b"JPEG-FAKE Khuc Thi Nguyet page bytes",
                    mime: "image/jpeg",
                    width: None,
                    height: None,
                },
            )
        })
        .unwrap();
    } // connection closed, WAL checkpointed on close
    let files = all_files(&dir);
    assert!(files.iter().any(|(p, _)| p.ends_with("workspace.db")));
    for needle in ["Khuyên", "Khúc Thị Nguyệt", "Lã Văn Khuê", "Khuc Thi Nguyet", "khuyen", "01/1985", "SQLite format 3"] {
        for variant in [needle.to_string(), sohoa_vietnamese::normalize::ascii_fold(needle)] {
            for (path, bytes) in &files {
                assert!(!contains(bytes, variant.as_bytes()), "{variant:?} readable in {}", path.display());
            }
        }
    }
}

#[test]
fn the_workspace_opens_with_the_right_password_and_refuses_a_wrong_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    drop(create(&dir));
    let s = workspace::open(&dir, "canbo", PASSWORD).unwrap();
    assert_eq!(s.user().role, Role::Clerk);
    assert_eq!(s.workspace().commune_name, "Xã Phú Lương");
    drop(s);
    let before = file_digests(&dir);
    assert!(matches!(workspace::open(&dir, "canbo", "mat-khau-sai"), Err(CoreError::WrongPassword)));
    assert!(matches!(workspace::open(&dir, "khongco", PASSWORD), Err(CoreError::UnknownUser(_))));
    // Issue 13 §4: a wrong password is counted in the keyring (the throttle); the database is
    // never touched by a failed login.
    let db_only = |d: Vec<(std::path::PathBuf, String)>| d.into_iter().filter(|(p, _)| !p.ends_with("workspace.json")).collect::<Vec<_>>();
    assert_eq!(db_only(file_digests(&dir)), db_only(before), "a failed login must not touch the database");
    assert_eq!(sohoa_core::store::keyring::Keyring::load(&dir).unwrap().guard("canbo").failed, 1, "only the count changed");
    let e = workspace::open(&dir, "canbo", "mat-khau-sai").err().unwrap();
    assert_eq!(e.code(), "auth.wrong_password");
    assert_eq!(e.message_vi(), "Sai mật khẩu. Vui lòng thử lại.");
}

#[test]
fn a_second_account_unlocks_the_same_data_and_a_password_change_rewraps_only_its_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut s = create(&dir);
    let book = ks_book(&mut s);
    ks_entry(&mut s, book, "Ma Thị Lụa");
    s.add_account(account("giamsat", Role::Supervisor, "mat-khau-giamsat"), KdfParams::insecure_for_tests()).unwrap();
    drop(s);
    let db_salt_before = std::fs::read(dir.join("workspace.db")).unwrap()[..16].to_vec();
    let g = workspace::open(&dir, "giamsat", "mat-khau-giamsat").unwrap();
    assert_eq!(g.user().role, Role::Supervisor);
    assert_eq!(model::book::list(g.conn()).unwrap().len(), 1);
    drop(g);
    workspace::change_password(&dir, "canbo", PASSWORD, "mat-khau-moi-cua-hanh", KdfParams::insecure_for_tests()).unwrap();
    assert!(matches!(workspace::open(&dir, "canbo", PASSWORD), Err(CoreError::WrongPassword)));
    let s = workspace::open(&dir, "canbo", "mat-khau-moi-cua-hanh").unwrap();
    assert_eq!(model::book::list(s.conn()).unwrap()[0].total, 1);
    drop(s);
    assert!(workspace::open(&dir, "giamsat", "mat-khau-giamsat").is_ok(), "other accounts are unaffected");
    // SQLCipher's per-file salt (first 16 bytes) is unchanged: the database was not re-keyed.
    assert_eq!(std::fs::read(dir.join("workspace.db")).unwrap()[..16].to_vec(), db_salt_before);
}

#[test]
fn a_foreign_or_corrupt_file_is_refused_clearly_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    // 1. a plain file given as a workspace
    let f = tmp.path().join("notes.txt");
    std::fs::write(&f, "không phải sổ làm việc").unwrap();
    assert_eq!(workspace::open(&f, "canbo", PASSWORD).err().unwrap().code(), "workspace.not_a_workspace");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "không phải sổ làm việc");
    // 2. a folder without a keyring
    let d = tmp.path().join("empty");
    std::fs::create_dir(&d).unwrap();
    assert_eq!(workspace::open(&d, "canbo", PASSWORD).err().unwrap().code(), "workspace.not_a_workspace");
    // 3. a missing folder
    assert_eq!(workspace::open(&tmp.path().join("nope"), "canbo", PASSWORD).err().unwrap().code(), "workspace.not_found");
    // 4. a real keyring whose database was replaced by a foreign SQLite file / by garbage
    let dir = tmp.path().join("ws");
    drop(create(&dir));
    for foreign in [b"SQLite format 3\0 this is someone else's database".to_vec(), vec![0x5a; 8192], vec![]] {
        std::fs::write(dir.join("workspace.db"), &foreign).unwrap();
        let _ = std::fs::remove_file(dir.join("workspace.db-wal"));
        let _ = std::fs::remove_file(dir.join("workspace.db-shm"));
        let before = file_digests(&dir);
        let err = workspace::open(&dir, "canbo", PASSWORD).err().unwrap();
        assert_eq!(err.code(), "workspace.corrupt", "{err}");
        assert!(err.message_vi().contains("không bị thay đổi"));
        assert_eq!(file_digests(&dir), before, "the foreign file must not be modified and nothing created");
    }
    // 5. a garbage keyring
    std::fs::write(dir.join("workspace.json"), b"{\"format\": \"other\"}").unwrap();
    assert_eq!(workspace::open(&dir, "canbo", PASSWORD).err().unwrap().code(), "workspace.not_a_workspace");
}

#[test]
fn creating_over_an_existing_workspace_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    drop(create(&dir));
    let err = workspace::create(
        &dir,
        workspace::CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "1".into(),
            commune_name: "X".into(),
            first_account: account("canbo", Role::Clerk, PASSWORD),
            kdf: KdfParams::insecure_for_tests(),
        },
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), "workspace.exists");
    assert!(workspace::open(&dir, "canbo", PASSWORD).is_ok());
}

#[test]
fn probing_tells_a_workspace_from_a_folder_without_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    drop(create(&dir));
    let p = workspace::probe(&dir);
    assert!(p.is_workspace);
    assert_eq!(p.commune_name.as_deref(), Some("Xã Phú Lương"));
    assert_eq!(p.accounts, vec!["canbo".to_string()]);
    assert!(!workspace::probe(tmp.path()).is_workspace);
    assert!(!workspace::probe(&tmp.path().join("missing")).exists);
}

#[test]
fn a_workspace_whose_keyring_does_not_name_its_commune_is_named_at_the_next_sign_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    drop(create(&dir));
    let ring_path = dir.join("workspace.json");
    let mut ring: serde_json::Value = serde_json::from_slice(&std::fs::read(&ring_path).unwrap()).unwrap();
    ring.as_object_mut().unwrap().remove("communeName");
    std::fs::write(&ring_path, serde_json::to_vec_pretty(&ring).unwrap()).unwrap();
    assert_eq!(workspace::probe(&dir).commune_name, None);
    assert!(workspace::open(&dir, "canbo", "wrong password").is_err());
    assert_eq!(workspace::probe(&dir).commune_name, None, "a failed sign-in writes nothing");
    drop(workspace::open(&dir, "canbo", PASSWORD).unwrap());
    assert_eq!(workspace::probe(&dir).commune_name.as_deref(), Some("Xã Phú Lương"));
}
