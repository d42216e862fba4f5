//! Issue 13, part 1 — the insider scenario, replayed: a clerk (`canbo`) of a commune whose
//! workspace pinned the real province key tries to approve his own books. He makes a supervisor
//! workspace himself (and even a province key of his own to enrol it), or adds a supervisor
//! account to his commune's workspace. He is refused at every step, each with a Vietnamese reason.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::trust::{self, DeviceRole, EnrolRequest};
use sohoa_core::batch::{no_progress, Encryption, ExportOptions, Keys, VerdictDecision};
use sohoa_core::session::accounts::{NewAccount, Role, ScopeUnit};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::upload::{self, UploadOptions};
use sohoa_core::{EntryStatus, Session};
use std::path::Path;

const PASSPHRASE: &str = "mat-khau-goi-tu-lam";

fn scope() -> Vec<ScopeUnit> {
    vec![ScopeUnit { scheme: "qd19_2025".into(), code: COMMUNE_CODE.into() }]
}

/// The clerk's own "supervisor" workspace, with a province key he made himself pinned on it and
/// his device enrolled by it: everything a forger can make alone.
fn self_made_supervisor(dir: &Path) -> Session {
    let mut fake = supervisor(&dir.join("giamsat-tu-lam"));
    let fake_province = dir.join("tinh-gia");
    let key = trust::province_init(&fake_province, "Sở Tư pháp tỉnh Thái Nguyên", PROVINCE_PASSPHRASE, Some(4), false).unwrap();
    trust::pin_province_key(&mut fake, &key, &key.fingerprint).unwrap();
    let file = batch::identity::device_file(&mut fake).unwrap();
    let req = EnrolRequest { role: DeviceRole::Supervisor, scope: scope(), valid_days: 365 };
    let doc = trust::province_enrol(&fake_province, PROVINCE_PASSPHRASE, &file, &req).unwrap();
    trust::import_trust_doc(&mut fake, &doc).unwrap();
    fake
}

fn forbidden(r: sohoa_core::Result<impl std::fmt::Debug>) -> String {
    let e = r.expect_err("must be refused");
    assert_eq!(e.code(), "auth.forbidden", "{e:?}");
    let m = e.message_vi();
    assert!(m.chars().any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".contains(c)), "a Vietnamese message: {m}");
    m
}

#[test]
fn a_clerk_who_makes_his_own_supervisor_workspace_is_refused_at_every_step() {
    let (_t, dir) = tmp();
    let real_province = dir.join("tinh");
    let real = trust::province_init(&real_province, "Sở Tư pháp tỉnh Thái Nguyên", PROVINCE_PASSPHRASE, Some(4), false).unwrap();
    let mut c = commune(&dir.join("xa"));
    trust::pin_province_key(&mut c, &real, &real.fingerprint).unwrap();
    let book = checked_ks_book(&mut c, "01/1985", 6);

    // 1. The commune will not register his device as its supervisor: its certificate was not
    //    signed by the province key pinned on the commune's workspace.
    let mut fake = self_made_supervisor(&dir);
    let fake_file = batch::identity::device_file(&mut fake).unwrap();
    assert!(fake_file.enrolment.is_some(), "the forged certificate travels in the device file");
    let m = forbidden(batch::identity::trust_device_file(&mut c, &fake_file));
    assert!(m.contains("không được ký bằng khóa của tỉnh đã ghim"), "{m}");
    // Without any certificate, the same.
    let m = forbidden(batch::identity::trust_device_file(&mut c, &batch::identity::DeviceFile { enrolment: None, ..fake_file.clone() }));
    assert!(m.contains("chưa được tỉnh") && m.contains("cấp chứng nhận"), "{m}");
    // Nor may the clerk pin another province key over the real one.
    let fake_key = trust::province_key_of(&dir.join("tinh-gia")).unwrap();
    assert_eq!(trust::pin_province_key(&mut c, &fake_key, &fake_key.fingerprint).unwrap_err().code(), "conflict");

    // 2. He sends the batch locked with a passphrase, imports and accepts it on his workspace
    //    (which believes his own province key), and sends the verdict back.
    let p = dir.join("dot1.sohoa");
    let enc = Encryption::Passphrase { passphrase: PASSPHRASE.into(), work_factor: Some(4) };
    batch::export::export_batch(&mut c, &p, &ExportOptions::default(), &enc, &mut no_progress).unwrap();
    let c_file = batch::identity::device_file(&mut c).unwrap();
    batch::identity::trust_device_file(&mut fake, &c_file).unwrap();
    let keys = Keys::default().with_passphrase(PASSPHRASE);
    let imported = batch::import::import_package(&mut fake, &p, &keys, &mut no_progress).unwrap();
    for b in sohoa_core::model::book::list(fake.conn()).unwrap() {
        batch::verdict::record_verdict(&mut fake, b.id, &VerdictDecision::Accept).unwrap();
    }
    let pkgs = batch::import::imported_packages(fake.conn()).unwrap();
    let v = dir.join("ketqua.sohoa");
    batch::verdict::export_verdicts(&mut fake, pkgs[0].id, &v, None).unwrap();
    assert_eq!(imported.entries, 6);

    // 3. The commune refuses the verdict: its signer is no supervisor the province enrolled. Even
    //    after the clerk registers the device some other way, nothing is accepted.
    let before = statuses(&c, book);
    let m = forbidden(import(&mut c, &v));
    assert!(m.contains("không đến từ máy giám sát được tỉnh đăng ký"), "{m}");
    assert_eq!(statuses(&c, book), before);
    assert!(statuses(&c, book).iter().all(|s| *s == EntryStatus::Submitted));

    // 4. The upload export is refused to the clerk on the commune's workspace.
    let up = dir.join("upload");
    let m = forbidden(upload::upload_export(&mut c, &up, &UploadOptions::default(), &mut no_progress));
    assert!(m.contains("chỉ giám sát viên"), "{m}");

    // 5. A supervisor account he adds to the commune's own workspace gets no further: the device is
    //    not enrolled by the province as a supervisor device.
    c.add_account(
        NewAccount {
            username: "giamsat2".into(),
            display_name: "Giám sát tự tạo".into(),
            role: Role::Supervisor,
            password: "mat-khau-giam-sat".into(),
            scope: scope(),
        },
        KdfParams::insecure_for_tests(),
    )
    .unwrap();
    let ws = c.workspace().path.clone();
    drop(c);
    let mut inside = sohoa_core::workspace::open(&ws, "giamsat2", "mat-khau-giam-sat").unwrap();
    let m = forbidden(upload::upload_export(&mut inside, &up, &UploadOptions::default(), &mut no_progress));
    assert!(m.contains("không phải máy giám sát được tỉnh đăng ký"), "{m}");
    let m = forbidden(batch::identity::trust_device_file(&mut inside, &c_file));
    assert!(m.contains("không phải máy giám sát được tỉnh đăng ký"), "{m}");
    assert!(!up.exists() || std::fs::read_dir(&up).unwrap().next().is_none(), "no upload file written");
}

#[test]
fn a_self_made_supervisor_workspace_pinned_to_the_real_province_cannot_import_accept_or_export() {
    let (_t, dir) = tmp();
    let real_province = dir.join("tinh");
    let real = trust::province_init(&real_province, "Sở Tư pháp tỉnh Thái Nguyên", PROVINCE_PASSPHRASE, Some(4), false).unwrap();
    let mut c = commune(&dir.join("xa"));
    trust::pin_province_key(&mut c, &real, &real.fingerprint).unwrap();
    checked_ks_book(&mut c, "01/1985", 3);
    let mut own = supervisor(&dir.join("giamsat-tu-lam"));
    trust::pin_province_key(&mut own, &real, &real.fingerprint).unwrap();
    let c_file = batch::identity::device_file(&mut c).unwrap();
    let m = forbidden(batch::identity::trust_device_file(&mut own, &c_file));
    assert!(m.contains("chưa được tỉnh"), "{m}");
    let p = dir.join("dot1.sohoa");
    let enc = Encryption::Passphrase { passphrase: PASSPHRASE.into(), work_factor: Some(4) };
    batch::export::export_batch(&mut c, &p, &ExportOptions::default(), &enc, &mut no_progress).unwrap();
    let keys = Keys::default().with_passphrase(PASSPHRASE);
    let e = batch::import::import_package(&mut own, &p, &keys, &mut no_progress).unwrap_err();
    assert!(e.message_vi().contains("chưa được đăng ký") || e.code() == "auth.forbidden", "{}", e.message_vi());
    let m = forbidden(upload::upload_export(&mut own, &dir.join("up"), &UploadOptions::default(), &mut no_progress));
    assert!(m.contains("chưa được tỉnh"), "{m}");
}

#[test]
fn a_revoked_supervisor_is_refused_everywhere_once_the_revocation_list_arrives() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let authority = province_dir(&s);
    checked_ks_book(&mut c, "01/1985", 3);
    let p1 = dir.join("dot1.sohoa");
    export(&mut c, &p1);
    import(&mut s, &p1).unwrap();
    let book = sohoa_core::model::book::list(s.conn()).unwrap()[0].id;
    batch::verdict::record_verdict(&mut s, book, &VerdictDecision::Accept).unwrap();
    let pkgs = batch::import::imported_packages(s.conn()).unwrap();
    let v = dir.join("ketqua.sohoa");
    batch::verdict::export_verdicts(&mut s, pkgs[0].id, &v, None).unwrap();

    // The province revokes the supervisor's device; the list reaches the commune (file).
    let fp = batch::identity::device_identity(&mut s).unwrap().fingerprint;
    let list = trust::province_revoke(&authority, PROVINCE_PASSPHRASE, &[], std::slice::from_ref(&fp)).unwrap();
    let f = dir.join("thu-hoi.json");
    list.write(&f).unwrap();
    let imported = trust::import_trust_file(&mut c, &f).unwrap();
    assert!(matches!(imported, trust::TrustImport::Revocation { seq: 1, newer: true }));
    let e = import(&mut c, &v).unwrap_err();
    assert!(e.message_vi().contains("thu hồi"), "{}", e.message_vi());
    // And on the supervisor's own workspace: no more verdicts or upload exports.
    trust::import_trust_file(&mut s, &f).unwrap();
    let m = forbidden(batch::verdict::record_verdict(&mut s, book, &VerdictDecision::Accept));
    assert!(m.contains("thu hồi"), "{m}");
    let m = forbidden(upload::upload_export(&mut s, &dir.join("up"), &UploadOptions::default(), &mut no_progress));
    assert!(m.contains("thu hồi"), "{m}");
    // An older list never replaces a newer one.
    assert!(trust::revocation_doc(c.conn()).unwrap().is_some());
}
