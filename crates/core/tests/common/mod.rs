#![allow(dead_code)]
use sohoa_core::accounts::{NewAccount, Role};
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::{FieldValue, Session};
use std::path::Path;

pub const PASSWORD: &str = "mat-khau-canbo";

pub fn account(username: &str, role: Role, password: &str) -> NewAccount {
    NewAccount { username: username.into(), display_name: format!("Người dùng {username}"), role, password: password.into(), scope: vec![] }
}

pub fn create(dir: &Path) -> Session {
    workspace::create(
        dir,
        CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "05971".into(),
            commune_name: "Xã Phú Lương".into(),
            first_account: account("canbo", Role::Clerk, PASSWORD),
            kdf: KdfParams::insecure_for_tests(),
        },
    )
    .expect("create workspace")
}

pub fn fv(field: &str, value: &str) -> FieldValue {
    FieldValue { field: field.into(), value: value.into(), illegible: false }
}

pub fn ks_book(s: &mut Session) -> i64 {
    s.create_book(&NewBook {
        book_type: "KS".into(),
        registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
        quyen_so: "01/1985".into(),
        year_from: 1985,
        year_to: Some(1986),
        page_count: 100,
        expected_entries: Some(300),
        note: None,
    })
    .unwrap()
}

/// A birth entry with a rare, searchable name.
pub fn ks_entry(s: &mut Session, book: i64, name: &str) -> i64 {
    s.create_entry(
        book,
        &[fv("so", "12"), fv("quyenSo", "01/1985"), fv("trangSo", "4"), fv("ngayDangKy", "14/03/1985"), fv("nksHoTen", name),
          fv("nksGioiTinh", "2"), fv("nksNgaySinh", "2/3/1985"), fv("meHoTen", "Khúc Thị Nguyệt"), fv("chaHoTen", "Lã Văn Khuê")],
    )
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
