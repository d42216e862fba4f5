//! Helpers for the batch and upload tests: a commune workspace with finished, checked books (with
//! real JPEG page images), a supervisor workspace whose scope covers the commune, the key exchange
//! between the two, and row counts for "nothing was imported" checks. Workspaces come from `common`.
#![allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)] // not every test uses every helper
pub use common::{fv, open, tmp};
use common::{workspace_with_scope, COMMUNE};
use sohoa_core::batch;
use sohoa_core::batch::trust;
use sohoa_core::batch::{no_progress, Encryption, ExportOptions, Keys};
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::model::page::NewPage;
use sohoa_core::session::accounts::Role;
use sohoa_core::BookType;
use sohoa_core::{EntryStatus, FieldValue, Session};
use std::path::{Path, PathBuf};

pub const COMMUNE_CODE: &str = COMMUNE.1;

/// A commune workspace (clerk `canbo`).
pub fn commune(dir: &Path) -> Session {
    common::create(dir)
}

/// Another commune's workspace (clerk `canbo`).
pub fn commune_with_code(dir: &Path, code: &str, name: &str) -> Session {
    workspace_with_scope(dir, (COMMUNE.0, code, name), Role::Clerk, &[])
}

/// A supervisor's workspace (supervisor `giamsat`) overseeing the commune 05971.
pub fn supervisor(dir: &Path) -> Session {
    workspace_with_scope(dir, ("qd19_2025", "19", "Sở Tư pháp tỉnh Thái Nguyên"), Role::Supervisor, &[(COMMUNE.0, COMMUNE_CODE)])
}

pub const PROVINCE_PASSPHRASE: &str = "mat-khau-khoa-tinh-thu";

/// The test province's authority folder beside `s`'s workspace (made on first call).
pub fn province_dir(s: &Session) -> PathBuf {
    let dir = s.workspace().path.parent().unwrap().join("tinh");
    if !dir.join(trust::AUTHORITY_FILE).exists() {
        trust::province_init(&dir, "Sở Tư pháp tỉnh Thái Nguyên (thử)", PROVINCE_PASSPHRASE, Some(4), true).unwrap();
    }
    dir
}

/// Pins the test province's key on `s` (its fingerprint read back correctly).
pub fn pin_province(s: &mut Session, authority: &Path) {
    let key = trust::province_key_of(authority).unwrap();
    trust::pin_province_key(s, &key, &key.fingerprint).unwrap();
}

/// The province enrols `s`'s device as a supervisor device for the commune, and `s` imports the certificate.
pub fn enrol_supervisor(s: &mut Session, authority: &Path) -> trust::SignedDoc {
    let file = batch::identity::device_file(s).unwrap();
    let req = trust::EnrolRequest {
        role: trust::DeviceRole::Supervisor,
        scope: vec![sohoa_core::session::accounts::ScopeUnit { scheme: "qd19_2025".into(), code: COMMUNE_CODE.into() }],
        valid_days: 365,
    };
    let doc = trust::province_enrol(authority, PROVINCE_PASSPHRASE, &file, &req).unwrap();
    trust::import_trust_doc(s, &doc).unwrap();
    doc
}

/// The demo's model on one workspace: `s` (the clerk `canbo`, alone on it) pins the province key,
/// adds the supervisor `giamsat` (scope: the commune), and the province enrols the workspace's
/// device as a supervisor device. Returns `giamsat`'s session.
pub fn enrolled_supervisor_on(mut s: Session) -> Session {
    let authority = province_dir(&s);
    pin_province(&mut s, &authority);
    let kdf = sohoa_core::store::keys::KdfParams::insecure_for_tests();
    let scope = vec![sohoa_core::session::accounts::ScopeUnit { scheme: "qd19_2025".into(), code: COMMUNE_CODE.into() }];
    s.add_account(
        sohoa_core::session::accounts::NewAccount { scope, ..common::account("giamsat", Role::Supervisor, common::PASSWORD) },
        kdf,
    )
    .unwrap();
    let dir = s.workspace().path.clone();
    drop(s);
    let mut sup = open(&dir, "giamsat");
    enrol_supervisor(&mut sup, &authority);
    sup
}

/// A supervisor's own workspace made ready to act: it pins the test province's key and the
/// province enrols its device as a supervisor device for the commune.
pub fn enrolled(mut s: Session) -> Session {
    let authority = province_dir(&s);
    pin_province(&mut s, &authority);
    enrol_supervisor(&mut s, &authority);
    s
}

/// Both sides pin the test province's key, the province enrols the supervisor's device, and each
/// side registers the other's device file.
pub fn exchange_keys(commune: &mut Session, supervisor: &mut Session) {
    let authority = province_dir(supervisor);
    pin_province(commune, &authority);
    pin_province(supervisor, &authority);
    enrol_supervisor(supervisor, &authority);
    let c = batch::identity::device_file(commune).unwrap();
    let s = batch::identity::device_file(supervisor).unwrap();
    batch::identity::trust_device_file(supervisor, &c).unwrap();
    batch::identity::trust_device_file(commune, &s).unwrap();
}

/// A temporary folder holding the commune's workspace (`xa`) and its supervisor's (`giamsat`), each having registered
/// the other's device: (folder guard, folder, commune, supervisor).
pub fn commune_and_supervisor() -> (tempfile::TempDir, PathBuf, Session, Session) {
    let (t, dir) = tmp();
    let mut c = commune(&dir.join("xa"));
    let mut s = supervisor(&dir.join("giamsat"));
    exchange_keys(&mut c, &mut s);
    (t, dir, c, s)
}

/// A small but real scan-like JPEG (a few kB), different for each `seed`.
pub fn page_jpeg(seed: u32) -> Vec<u8> {
    let (w, h) = (310u32, 438u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let ink = (y / 9 + seed).is_multiple_of(5) && (x / 5 + y / 2 + seed) % 11 < 7 && x > 20 && x < w - 20;
        if ink {
            image::Rgb([35, 35, 80])
        } else {
            image::Rgb([238, 230, 208])
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70).encode_image(&image::DynamicImage::ImageRgb8(img)).unwrap();
    out
}

/// Birth entry fields for entry `i` of book `quyen` (trangSo = page number).
pub fn ks_fields(i: usize, quyen: &str, page: usize) -> Vec<FieldValue> {
    let given = ["Hoà", "Tuấn", "Lan", "Khuê", "Nguyệt", "Tý", "Hạnh", "Quỳnh"][i % 8];
    vec![
        fv("so", &format!("{}", i + 1)),
        fv("quyenSo", quyen),
        fv("trangSo", &page.to_string()),
        fv("ngayDangKy", &format!("{}/3/1985", 1 + i % 28)),
        fv("loaiDangKy", "1"),
        fv("noiDangKy", "UBND xã Yên Lạc"),
        fv("nksHoTen", &format!("Lã Thị {given}")),
        fv("nksGioiTinh", if i.is_multiple_of(2) { "Nữ" } else { "1" }),
        fv("nksNgaySinh", if i.is_multiple_of(3) { "2/1985" } else { "12/2/1985" }),
        fv("nksDanToc", "Kinh"),
        fv("nksQuocTich", "Việt Nam"),
        fv("meHoTen", "Khúc Thị Nguyệt"),
        fv("meNgaySinh", "1960"),
        fv("chaHoTen", "Lã Văn Khuê"),
    ]
}

/// A finished KS book with `n` checked entries, 3 per page, with page images.
pub fn checked_ks_book(s: &mut Session, quyen: &str, n: usize) -> i64 {
    let year: i32 = quyen.rsplit('/').next().and_then(|y| y.parse().ok()).unwrap_or(1985);
    let book = s
        .write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: BookType::Ks,
                    registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
                    quyen_so: quyen.into(),
                    year_from: year,
                    year_to: Some(year + 1),
                    page_count: 100,
                    expected_entries: Some(n as u32),
                    note: None,
                },
            )
        })
        .unwrap();
    let pages = n.div_ceil(3);
    for p in 0..pages {
        let jpeg = page_jpeg(p as u32 + book as u32 * 100);
        s.write(|w| model::page::add(w, book, NewPage { bytes: &jpeg, mime: "image/jpeg", width: Some(310), height: Some(438) })).unwrap();
    }
    let load: Vec<LoadEntry> = (0..n).map(|i| LoadEntry { fields: ks_fields(i, quyen, i / 3 + 1), status: EntryStatus::Checked }).collect();
    s.write(|w| model::entry::load(w, book, &load, "test")).unwrap();
    s.write(|w| model::book::set_finished(w, book, true)).unwrap();
    book
}

/// Exports every ready book to the registered supervisors.
pub fn export(s: &mut Session, out: &Path) -> sohoa_core::batch::BatchSummary {
    let rec = Encryption::Recipients(batch::export::supervisor_recipients(s.conn()).unwrap());
    batch::export::export_batch(s, out, &ExportOptions::default(), &rec, &mut no_progress).expect("export batch")
}

pub fn import(s: &mut Session, package: &Path) -> sohoa_core::Result<sohoa_core::batch::ImportOutcome> {
    batch::import::import_package(s, package, &Keys::default(), &mut no_progress)
}

/// Row counts of every table an import writes to (to show that a refused package changed nothing).
pub fn counts(s: &Session) -> Vec<(&'static str, i64)> {
    [
        "register_book",
        "entry",
        "entry_field",
        "entry_field_history",
        "page",
        "package_import",
        "imported_book",
        "imported_entry",
        "imported_book_version",
        "returned_reason",
        "audit_log",
    ]
    .into_iter()
    .map(|t| (t, s.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()))
    .collect()
}

pub fn statuses(s: &Session, book: i64) -> Vec<EntryStatus> {
    model::entry::ids(s.conn(), book).unwrap().into_iter().map(|id| model::entry::get(s.conn(), id).unwrap().status).collect()
}
