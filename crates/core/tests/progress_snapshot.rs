//! Progress snapshots: signed, counts only, verified before import, idempotent.
mod progress_support;
use progress_support::*;
use sohoa_core::batch;
use sohoa_core::model;
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::progress;
use sohoa_core::progress::DashboardQuery;
use sohoa_core::session::accounts::Role;
use sohoa_core::BookType;
use sohoa_core::{Actor, EntryStatus, FieldValue};

fn count_rows(s: &sohoa_core::Session, table: &str) -> i64 {
    s.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn a_snapshot_goes_from_a_commune_to_its_supervisor_with_the_counts_and_nothing_personal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    let book = book_with(&mut clerk, "KS", 1999, ("gso_pre2025", "00037"), Some(50), &[(EntryStatus::Keyed, 3)], false);
    let fields = vec![FieldValue { field: "nksHoTen".into(), value: "Khúc Thị Nguyệt Ánh".into(), illegible: false }];
    clerk.write(|w| model::entry::load(w, book, &[LoadEntry { fields, status: EntryStatus::Checked }], "test")).unwrap();
    let exported = progress::live::export_progress_snapshot(&mut clerk).unwrap();
    assert!(exported.file_name.starts_with("tien-do-00070-") && exported.file_name.ends_with(".sohoa-progress.json"));
    assert!(!exported.content.contains("Khúc"), "no names in a progress snapshot");
    assert_eq!(exported.entries_keyed, 4);
    assert_eq!(
        exported.fingerprint,
        progress::snapshot::progress_key_fingerprint(&mut clerk).unwrap(),
        "the same key signs every snapshot"
    );

    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    let r = progress::snapshot::import_progress_snapshot(&mut sup, &exported.file_name, exported.content.as_bytes()).unwrap();
    assert_eq!((r.status.as_str(), r.commune_code.as_str(), r.fingerprint.as_str()), ("imported", "00070", exported.fingerprint.as_str()));
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let c = d.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!(c.counts.entries.keyed, 4);
    assert_eq!(c.counts.entries.checked, 1);
    assert_eq!(c.counts.entries.inventoried, 50);
    assert_eq!(c.counts.books.inventoried, 1);
    assert_eq!(d.snapshots, 1);
}

#[test]
fn a_tampered_snapshot_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut clerk, "KT", 2012, ("qd19_2025", "00070"), Some(40), &[(EntryStatus::Keyed, 12)], false);
    let file = String::from_utf8(export(&mut clerk)).unwrap();
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    let audit_before = count_rows(&sup, "audit_log");
    // One count changed: 12 keyed becomes 120.
    let tampered = file.replacen("\"keyed\": 12", "\"keyed\": 120", 1);
    assert_ne!(tampered, file);
    let err = progress::snapshot::import_progress_snapshot(&mut sup, "x.json", tampered.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "input.invalid");
    assert!(err.message_vi().contains("chữ ký"), "{}", err.message_vi());
    // A byte cut off the end.
    assert!(progress::snapshot::import_progress_snapshot(&mut sup, "x.json", &file.as_bytes()[..file.len() - 2]).is_err());
    // A forged signature value.
    let v: serde_json::Value = serde_json::from_str(&file).unwrap();
    let sig = v["signature"]["value"].as_str().unwrap();
    let forged = file.replace(sig, &"0".repeat(sig.len()));
    assert!(progress::snapshot::import_progress_snapshot(&mut sup, "x.json", forged.as_bytes()).is_err());
    assert_eq!(count_rows(&sup, "progress_snapshot"), 0);
    assert_eq!(count_rows(&sup, "progress_sender"), 0);
    assert_eq!(count_rows(&sup, "audit_log"), audit_before);
    // The untouched file still imports; re-indenting it does not break the signature.
    let pretty = serde_json::to_string(&v).unwrap();
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "x.json", pretty.as_bytes()).unwrap().status, "imported");
}

#[test]
fn importing_the_same_snapshot_twice_changes_nothing_and_an_older_one_does_not_replace_a_newer() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    let book = book_with(&mut clerk, "KS", 2016, ("qd19_2025", "00070"), Some(30), &[(EntryStatus::Keyed, 5)], false);
    let first = export(&mut clerk);
    let more: Vec<LoadEntry> = (0..5).map(|_| LoadEntry { fields: vec![], status: EntryStatus::Keyed }).collect();
    clerk.write(|w| model::entry::load(w, book, &more, "test")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = export(&mut clerk);
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "2.json", &second).unwrap().status, "imported");
    let rows = count_rows(&sup, "progress_snapshot");
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "2.json", &second).unwrap().status, "already_imported");
    assert_eq!(count_rows(&sup, "progress_snapshot"), rows);
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "1.json", &first).unwrap().status, "older");
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    assert_eq!(d.communes.iter().find(|c| c.code == "00070").unwrap().counts.entries.keyed, 10, "the newer snapshot stays current");
    assert_eq!(d.national.counts.entries.keyed, 10, "one workspace counts once");
}

#[test]
fn a_snapshot_of_a_known_workspace_signed_by_another_key_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut clerk, "KS", 2016, ("qd19_2025", "00070"), Some(30), &[(EntryStatus::Keyed, 5)], false);
    let genuine = String::from_utf8(export(&mut clerk)).unwrap();
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    progress::snapshot::import_progress_snapshot(&mut sup, "a.json", genuine.as_bytes()).unwrap();
    // Someone re-signs a modified payload with their own key, claiming the same workspace.
    let v: serde_json::Value = serde_json::from_str(&genuine).unwrap();
    let mut payload: sohoa_core::progress::snapshot::SnapshotPayload = serde_json::from_value(v["payload"].clone()).unwrap();
    payload.generated_at = "2099-01-01T00:00:00.000Z".into();
    payload.cells[0].counts.entries.keyed = 30;
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let forged = serde_json::to_vec(&sohoa_core::progress::snapshot::sign_payload(&other, &payload).unwrap()).unwrap();
    let err = progress::snapshot::import_progress_snapshot(&mut sup, "b.json", &forged).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.message_vi().contains("khóa khác"));
    assert_eq!(count_rows(&sup, "progress_snapshot"), 1);
}

#[test]
fn only_a_supervisor_imports_snapshots_and_a_workspace_cannot_import_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut clerk, "KS", 2016, ("qd19_2025", "00070"), Some(30), &[(EntryStatus::Keyed, 5)], false);
    let file = export(&mut clerk);
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut clerk, "a.json", &file).unwrap_err().code(), "auth.forbidden");
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    progress::inventory::set_progress_inventory(
        &mut sup,
        &[sohoa_core::progress::inventory::InventoryInput {
            unit_scheme: None,
            unit_code: None,
            book_type: BookType::Ks,
            period_group: "2016-2019".into(),
            books: 2,
            expected_entries: 100,
        }],
    )
    .unwrap();
    let own = export(&mut sup);
    assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "own.json", &own).unwrap_err().code(), "conflict");
}

#[test]
fn daily_counts_kept_by_the_triggers_agree_with_the_entries_after_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    let book = book_with(&mut s, "KS", 2016, ("qd19_2025", "00070"), Some(30), &[(EntryStatus::Draft, 4)], false);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    s.write(|w| model::entry::set_status(w, ids[0], EntryStatus::Keyed, Actor::Clerk)).unwrap();
    s.write(|w| model::entry::set_status(w, ids[1], EntryStatus::Keyed, Actor::Clerk)).unwrap();
    s.write(|w| model::entry::set_status(w, ids[1], EntryStatus::Checked, Actor::Clerk)).unwrap();
    s.write(|w| model::entry::set_status(w, ids[1], EntryStatus::Keyed, Actor::Clerk)).unwrap();
    let per_status: Vec<(String, i64)> = {
        let mut st =
            s.conn().prepare("SELECT status, sum(delta) FROM progress_day GROUP BY status HAVING sum(delta) <> 0 ORDER BY status").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(per_status, vec![("draft".to_string(), 2), ("keyed".to_string(), 2)]);
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery::default()).unwrap();
    assert_eq!(d.national.counts.entries.keyed, 2);
    assert_eq!(d.national.counts.draft, 2);
    let series = progress::series::progress_series(&s, &sohoa_core::progress::SeriesScope::Own).unwrap();
    assert_eq!(series.keyed.last(), Some(&2));
    assert_eq!(series.expected, 30);
}

#[test]
fn snapshots_are_signed_with_the_device_key_the_supervisor_registered_and_an_impostor_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut clerk, "KS", 1999, ("gso_pre2025", "00037"), Some(50), &[(EntryStatus::Keyed, 3)], false);
    let device = batch::identity::device_file(&mut clerk).unwrap();
    assert_eq!(
        progress::snapshot::progress_key_fingerprint(&mut clerk).unwrap(),
        device.fingerprint,
        "one key per commune: batches and snapshots"
    );

    let hanoi = ("qd19_2025", "01", "Sở Tư pháp thành phố Hà Nội");
    let mut sup = workspace_with_scope(&tmp.path().join("tinh"), hanoi, Role::Supervisor, &[("qd19_2025", "00070")]);
    // Registering a device is a trust change: only a province-enrolled supervisor device may (issue 13).
    enrol_for_test(&mut sup, &tmp.path().join("so-tu-phap"), "00070");
    batch::identity::trust_device_file(&mut sup, &device).unwrap();
    let real = progress::live::export_progress_snapshot(&mut clerk).unwrap();
    assert_eq!(
        progress::snapshot::import_progress_snapshot(&mut sup, &real.file_name, real.content.as_bytes()).unwrap().status,
        "imported"
    );

    // another workspace claiming the same commune, never seen before, signs with its own key
    let mut impostor = workspace(&tmp.path().join("gia"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut impostor, "KS", 1999, ("gso_pre2025", "00037"), Some(50), &[(EntryStatus::Keyed, 40)], false);
    let fake = progress::live::export_progress_snapshot(&mut impostor).unwrap();
    let before = count_rows(&sup, "progress_snapshot");
    let err = progress::snapshot::import_progress_snapshot(&mut sup, &fake.file_name, fake.content.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("khóa đã đăng ký"), "{err}");
    assert_eq!(count_rows(&sup, "progress_snapshot"), before, "nothing written");
}

/// Pins a test province's key on `sup` and enrols its device as a supervisor device for `code`.
fn enrol_for_test(sup: &mut sohoa_core::Session, authority: &std::path::Path, code: &str) {
    use sohoa_core::batch::trust;
    let key = trust::province_init(authority, "Sở Tư pháp (thử)", "mat-khau-khoa-tinh-thu", Some(4), true).unwrap();
    trust::pin_province_key(sup, &key, &key.fingerprint).unwrap();
    let file = batch::identity::device_file(sup).unwrap();
    let scope = vec![sohoa_core::session::accounts::ScopeUnit { scheme: "qd19_2025".into(), code: code.into() }];
    let req = trust::EnrolRequest { role: trust::DeviceRole::Supervisor, scope, valid_days: 30 };
    let doc = trust::province_enrol(authority, "mat-khau-khoa-tinh-thu", &file, &req).unwrap();
    trust::import_trust_doc(sup, &doc).unwrap();
}
