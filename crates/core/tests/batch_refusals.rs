//! Packages a supervisor must refuse — tampered, truncated, signed by another key, replayed, out of
//! scope — each with a Vietnamese reason and without a single row written.
mod batch_common;
use age::secrecy::SecretString;
use batch_common::*;
use sha2::{Digest, Sha512};
use sohoa_core::batch;
use sohoa_core::batch::{no_progress, Encryption, ExportOptions, Keys, ReturnReason, VerdictDecision};
use sohoa_core::model;
use sohoa_core::{Actor, EntryStatus, Session};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

struct Setup {
    _t: tempfile::TempDir,
    dir: PathBuf,
    c: Session,
    s: Session,
    package: PathBuf,
}

fn setup() -> Setup {
    let (t, dir, mut c, s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 5);
    let package = dir.join("dot1.sohoa");
    export(&mut c, &package);
    Setup { _t: t, dir, c, s, package }
}

/// Imports `p` expecting a refusal; checks that no row changed. Returns the Vietnamese message.
fn refused(s: &mut Session, p: &Path) -> String {
    let before = counts(s);
    let err = import(s, p).expect_err("the package must be refused");
    assert_eq!(counts(s), before, "a refused package writes nothing");
    err.message_vi()
}

#[test]
fn a_one_byte_change_anywhere_in_a_package_is_refused_and_nothing_is_imported() {
    let mut x = setup();
    let bytes = std::fs::read(&x.package).unwrap();
    let n = bytes.len();
    assert!(n > 40_000, "package of {n} bytes spans several age chunks");
    let mut positions = vec![0, 5, 40, 120, 200, n / 7, n / 4, n / 3, n / 2, 2 * n / 3, n - 40, n - 17, n - 1];
    positions.extend((0..n).step_by(n / 23 + 1));
    positions.sort();
    positions.dedup();
    for pos in positions {
        let mut b = bytes.clone();
        b[pos] ^= 0x01;
        let p = x.dir.join(format!("tampered-{pos}.sohoa"));
        std::fs::write(&p, &b).unwrap();
        let msg = refused(&mut x.s, &p);
        assert!(msg.contains("gói"), "byte {pos}: {msg}");
    }
    // The untouched package still imports.
    assert_eq!(import(&mut x.s, &x.package).unwrap().entries, 5);
}

#[test]
fn a_truncated_package_is_refused_and_nothing_is_imported() {
    let mut x = setup();
    let bytes = std::fs::read(&x.package).unwrap();
    let n = bytes.len();
    for cut in [n - 1, n - 16, n - 100, 3 * n / 4, n / 2, 300, 20, 0] {
        let p = x.dir.join(format!("cut-{cut}.sohoa"));
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let msg = refused(&mut x.s, &p);
        assert!(!msg.is_empty(), "cut at {cut}");
    }
    let p = x.dir.join("longer.sohoa");
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0u8; 100]);
    std::fs::write(&p, &longer).unwrap();
    refused(&mut x.s, &p);
}

#[test]
fn a_package_signed_by_another_key_is_refused_even_when_it_claims_a_registered_commune() {
    let mut x = setup();
    let supervisor_file = batch::identity::device_file(&mut x.s).unwrap();
    // Same commune code, another device (a copied or forged workspace).
    let mut impostor = commune(&x.dir.join("gia-mao"));
    pin_province(&mut impostor, &province_dir(&x.s));
    batch::identity::trust_device_file(&mut impostor, &supervisor_file).unwrap();
    checked_ks_book(&mut impostor, "01/1985", 5);
    let p = x.dir.join("gia-mao.sohoa");
    export(&mut impostor, &p);
    let msg = refused(&mut x.s, &p);
    assert!(msg.contains("khác với khóa đã đăng ký"), "{msg}");
    // A commune nobody registered.
    // (It cannot register the supervisor, enrolled for 05971 only: it encrypts to its age key directly.)
    let mut unknown = commune_with_code(&x.dir.join("la"), "05972", "Xã Lạ");
    pin_province(&mut unknown, &province_dir(&x.s));
    assert!(batch::identity::trust_device_file(&mut unknown, &supervisor_file).is_err());
    checked_ks_book(&mut unknown, "01/1990", 2);
    let p = x.dir.join("la.sohoa");
    let rec = Encryption::Recipients(vec![supervisor_file.age_recipient.clone()]);
    batch::export::export_batch(&mut unknown, &p, &ExportOptions::default(), &rec, &mut no_progress).unwrap();
    let msg = refused(&mut x.s, &p);
    assert!(msg.contains("chưa được đăng ký"), "{msg}");
}

#[test]
fn a_replayed_old_package_is_refused_after_a_newer_batch_superseded_it() {
    let mut x = setup();
    import(&mut x.s, &x.package).unwrap();
    let book = model::book::list(x.s.conn()).unwrap()[0].id;
    let e = model::entry::ids(x.s.conn(), book).unwrap()[2];
    batch::verdict::record_verdict(
        &mut x.s,
        book,
        &VerdictDecision::Return(vec![ReturnReason { entry_id: e, field: Some("nksHoTen".into()), reason: "Sai tên".into() }]),
    )
    .unwrap();
    let id = batch::import::imported_packages(x.s.conn()).unwrap()[0].id;
    let v1 = x.dir.join("ketqua1.sohoa");
    batch::verdict::export_verdicts(&mut x.s, id, &v1, None).unwrap();
    import(&mut x.c, &v1).unwrap();
    let cbook = model::book::list(x.c.conn()).unwrap()[0].id;
    let ce = model::entry::ids(x.c.conn(), cbook).unwrap()[2];
    x.c.write(|w| model::entry::set_field(w, ce, &fv("nksHoTen", "Lã Thị Lan Anh"))).unwrap();
    x.c.write(|w| model::entry::set_status(w, ce, EntryStatus::Checked, Actor::Clerk)).unwrap();
    let p2 = x.dir.join("dot2.sohoa");
    export(&mut x.c, &p2);
    import(&mut x.s, &p2).unwrap();

    let msg = refused(&mut x.s, &x.package);
    assert!(msg.contains("gói cũ"), "{msg}");
    assert_eq!(model::entry::get(x.s.conn(), e).unwrap().get("nksHoTen"), Some("Lã Thị Lan Anh"), "the newer version stays");

    // On the commune's side, the old verdict package again changes nothing.
    let before = counts(&x.c);
    assert!(import(&mut x.c, &v1).unwrap().already_imported);
    assert_eq!(counts(&x.c), before);
    assert_eq!(model::entry::get(x.c.conn(), ce).unwrap().status, EntryStatus::Submitted);
}

#[test]
fn a_package_from_a_commune_outside_the_supervisors_scope_is_refused() {
    let mut x = setup();
    x.s.set_supervisor_scope("giamsat", vec![]).unwrap();
    let mut s = open(&x.dir.join("giamsat"), "giamsat");
    let msg = refused(&mut s, &x.package);
    assert!(msg.contains("không thuộc phạm vi"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_package_or_not_for_this_device_is_refused() {
    let mut x = setup();
    let p = x.dir.join("rac.sohoa");
    std::fs::write(&p, b"BagIt-Version: 1.0\nnot a package").unwrap();
    let msg = refused(&mut x.s, &p);
    assert!(msg.contains("không phải"), "{msg}");
    // A package encrypted for another supervisor.
    let mut other = supervisor(&x.dir.join("giamsat-khac"));
    let other_recipient = batch::identity::device_identity(&mut other).unwrap().age_recipient;
    let p = x.dir.join("cho-nguoi-khac.sohoa");
    batch::export::cancel_batch(&mut x.c, 1).unwrap();
    batch::export::export_batch(&mut x.c, &p, &ExportOptions::default(), &Encryption::Recipients(vec![other_recipient]), &mut no_progress)
        .unwrap();
    let msg = refused(&mut x.s, &p);
    assert!(msg.contains("không được mã hóa cho"), "{msg}");
}

// --- Tampering by someone who can decrypt and re-encrypt (knows the passphrase) ---------------

fn read_tar(p: &Path, pass: &str) -> Vec<(String, Vec<u8>)> {
    let f = std::fs::File::open(p).unwrap();
    let dec = age::Decryptor::new(std::io::BufReader::new(f)).unwrap();
    let id = age::scrypt::Identity::new(SecretString::from(pass.to_string()));
    let r = dec.decrypt(std::iter::once(&id as &dyn age::Identity)).unwrap();
    let mut a = tar::Archive::new(r);
    let mut out = vec![];
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().to_string();
        let mut b = vec![];
        e.read_to_end(&mut b).unwrap();
        out.push((path, b));
    }
    out
}

fn write_tar(p: &Path, pass: &str, files: &[(String, Vec<u8>)]) {
    let mut r = age::scrypt::Recipient::new(SecretString::from(pass.to_string()));
    r.set_work_factor(10);
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut w = enc.wrap_output(std::fs::File::create(p).unwrap()).unwrap();
    {
        let mut b = tar::Builder::new(&mut w);
        for (path, bytes) in files {
            let mut h = tar::Header::new_ustar();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, path, bytes.as_slice()).unwrap();
        }
        b.finish().unwrap();
    }
    w.finish().unwrap().flush().unwrap();
}

fn fix_manifest(files: &mut [(String, Vec<u8>)], manifest: &str, target: &str) {
    let digest = hex::encode(Sha512::digest(&files.iter().find(|(p, _)| p.ends_with(target)).unwrap().1));
    let m = files.iter_mut().find(|(p, _)| p.ends_with(manifest)).unwrap();
    let text = String::from_utf8(m.1.clone()).unwrap();
    let fixed: String = text
        .lines()
        .map(|l| if l.ends_with(&format!("  {target}")) { format!("{digest}  {target}\n") } else { format!("{l}\n") })
        .collect();
    m.1 = fixed.into_bytes();
}

#[test]
fn a_package_re_encrypted_after_changing_an_entry_is_refused_by_the_checksums_or_the_signature() {
    const PASS: &str = "mật khẩu gói dài";
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 3);
    let p = dir.join("dot1.sohoa");
    batch::export::export_batch(
        &mut c,
        &p,
        &ExportOptions::default(),
        &Encryption::Passphrase { passphrase: PASS.into(), work_factor: Some(10) },
        &mut no_progress,
    )
    .unwrap();
    let keys = Keys::default().with_passphrase(PASS);
    let original = read_tar(&p, PASS);
    let change = |files: &mut Vec<(String, Vec<u8>)>| {
        let e = files.iter_mut().find(|(p, _)| p.ends_with("data/entries.jsonl")).unwrap();
        let text = String::from_utf8(e.1.clone()).unwrap().replacen("Lã Thị Hoà", "Lã Thị Hoa", 1);
        e.1 = text.into_bytes();
    };
    let attempt = |s: &mut Session, files: &[(String, Vec<u8>)], name: &str| -> String {
        let q = dir.join(name);
        write_tar(&q, PASS, files);
        let before = counts(s);
        let err = batch::import::import_package(s, &q, &keys, &mut no_progress).unwrap_err();
        assert_eq!(counts(s), before);
        err.message_vi()
    };
    // Changed entry, manifests left alone: the payload checksum catches it.
    let mut files = original.clone();
    change(&mut files);
    let msg = attempt(&mut s, &files, "a.sohoa");
    assert!(msg.contains("data/entries.jsonl bị sửa"), "{msg}");
    // Changed entry and both manifests recomputed: only the signature can catch it.
    fix_manifest(&mut files, "manifest-sha512.txt", "data/entries.jsonl");
    fix_manifest(&mut files, "tagmanifest-sha512.txt", "manifest-sha512.txt");
    let msg = attempt(&mut s, &files, "b.sohoa");
    assert!(msg.contains("chữ ký"), "{msg}");
    // An extra payload file not in the manifest.
    let mut files = original.clone();
    let root = files[0].0.split('/').next().unwrap().to_string();
    files.push((format!("{root}/data/them.txt"), b"x".to_vec()));
    let msg = attempt(&mut s, &files, "c.sohoa");
    assert!(msg.contains("data/them.txt"), "{msg}");
    // The untouched bag, re-encrypted, still imports: the checks are about content, not wrapping.
    let q = dir.join("d.sohoa");
    write_tar(&q, PASS, &original);
    assert_eq!(batch::import::import_package(&mut s, &q, &keys, &mut no_progress).unwrap().entries, 3);
}
