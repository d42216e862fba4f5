//! Figures that mean what the Ministry means (issue 11 part 5): keyed, checked, accepted by the
//! supervisor, exported, uploaded, approved by the Ministry and rejected are separate columns;
//! percentages are taken against the target when one is set, with the inventory beside it; a
//! parent unit counts its late children.
mod progress_support;
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::forecast::Basis;
use sohoa_core::progress::DashboardQuery;
use sohoa_core::session::accounts::Role;
use sohoa_core::EntryStatus;

/// Records what the upload module records for one exported file (`upload_export` and one
/// `upload_export_entry` row per entry) and the Ministry's answer on each row.
fn record_upload(s: &mut sohoa_core::Session, book: i64, answers: &[(i64, Option<&str>)]) {
    s.write(|w| {
        w.tx.execute(
            "INSERT INTO upload_export(book_id, part, entries, pdfs, xlsx_name, xlsx_sha256, zip_name, zip_sha256, template_version,
                                       exported_at, exported_by, file_part, version)
             VALUES (?1, 1, ?2, ?2, 'KS.00070.1999.01-1999.xlsx', 'x', 'KS.00070.1999.01-1999.zip', 'z', 'test', '2025-01-20T00:00:00Z', 'giamsat', 1, 1)",
            rusqlite::params![book, answers.len() as i64],
        )?;
        let id = w.tx.last_insert_rowid();
        for (entry, state) in answers {
            w.tx.execute(
                "INSERT INTO upload_export_entry(export_id, entry_id, pdf_name, ministry_state) VALUES (?1, ?2, 'x.pdf', ?3)",
                rusqlite::params![id, entry, state],
            )?;
        }
        Ok(())
    })
    .unwrap();
}

fn ids(s: &sohoa_core::Session, status: &str) -> Vec<i64> {
    let mut st = s.conn().prepare("SELECT id FROM entry WHERE status = ?1 ORDER BY id").unwrap();
    st.query_map([status], |r| r.get(0)).unwrap().map(|x| x.unwrap()).collect()
}

#[test]
fn each_stage_from_keyed_to_approved_by_the_ministry_is_its_own_column_for_the_commune_and_its_supervisor() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    let book = book_with(
        &mut clerk,
        "KS",
        1999,
        ("qd19_2025", "00070"),
        Some(100),
        &[
            (EntryStatus::Keyed, 10),
            (EntryStatus::Checked, 5),
            (EntryStatus::Accepted, 4),
            (EntryStatus::Exported, 9),
            (EntryStatus::Returned, 2),
        ],
        false,
    );
    let exported = ids(&clerk, "exported");
    let returned = ids(&clerk, "returned");
    // 9 exported: 3 not known to be uploaded, 2 uploaded and waiting, 4 approved; the 2 returned
    // entries came back rejected by the Ministry.
    let mut answers: Vec<(i64, Option<&str>)> = Vec::new();
    for (i, e) in exported.iter().enumerate() {
        answers.push((
            *e,
            [None, None, None, Some("uploaded"), Some("uploaded"), Some("approved"), Some("approved"), Some("approved"), Some("approved")]
                [i],
        ));
    }
    for e in &returned {
        answers.push((*e, Some("rejected")));
    }
    record_upload(&mut clerk, book, &answers);

    let own = progress::overview::progress_overview(&clerk).unwrap().commune.unwrap();
    let e = own.counts.entries;
    assert_eq!(
        (e.keyed, e.checked, e.submitted, e.accepted, e.exported, e.uploaded, e.approved),
        (30, 18, 13, 13, 9, 6, 4),
        "reached at least each stage"
    );
    assert_eq!((own.counts.returned, own.counts.rejected), (2, 2));
    assert_eq!(own.outlook.basis, Basis::Inventory);
    assert_eq!(
        (own.outlook.pct_keyed, own.outlook.pct_accepted, own.outlook.pct_exported, own.outlook.pct_approved),
        (30.0, 13.0, 9.0, 4.0)
    );

    // The supervisor reads the same columns from the signed snapshot (format 2).
    let file = export(&mut clerk);
    assert!(String::from_utf8_lossy(&file).contains("\"version\": 2"));
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    progress::snapshot::import_progress_snapshot(&mut sup, "x.json", &file).unwrap();
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let c = d.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!(c.counts.entries, e);
    assert_eq!(c.counts.rejected, 2);
    assert_eq!(d.national.counts.entries.approved, 4);
}

#[test]
fn a_version_1_snapshot_still_reads_with_no_ministry_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    book_with(&mut clerk, "KT", 2012, ("qd19_2025", "00070"), Some(40), &[(EntryStatus::Keyed, 12)], false);
    // A file written before format 2: version 1, no uploaded / approved / rejected.
    let mut v: serde_json::Value = serde_json::from_slice(&export(&mut clerk)).unwrap();
    let payload = v.get_mut("payload").unwrap();
    payload["version"] = 1.into();
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for k in ["uploaded", "approved", "rejected"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(payload);
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let canon = progress::snapshot::canonical_json(payload);
    let mut msg = progress::signing::CONTEXT.to_vec();
    msg.extend_from_slice(canon.as_bytes());
    v["signature"] = serde_json::json!({
        "algorithm": "ed25519",
        "publicKey": hex::encode(key.verifying_key().to_bytes()),
        "fingerprint": progress::signing::fingerprint(&key.verifying_key()),
        "value": progress::signing::sign(&key, canon.as_bytes()),
    });
    assert!(!v.to_string().contains("approved"));
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    let r = progress::snapshot::import_progress_snapshot(&mut sup, "v1.json", v.to_string().as_bytes()).unwrap();
    assert_eq!(r.status, "imported");
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let c = d.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!((c.counts.entries.keyed, c.counts.entries.approved, c.counts.rejected), (12, 0, 0));
    // A version from the future is refused.
    let mut future: serde_json::Value = serde_json::from_slice(&export(&mut clerk)).unwrap();
    future["payload"]["version"] = 3.into();
    let err = progress::snapshot::verify_file(future.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.code(), "input.invalid");
}

#[test]
fn a_commune_with_a_target_reads_its_share_of_the_target_and_its_inventory_as_a_second_figure() {
    let tmp = tempfile::tempdir().unwrap();
    let mut clerk = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    // Books opened for 3,471 expected entries, 2,922 of them keyed; the commune's target is 31,463.
    book_with(&mut clerk, "KS", 1999, ("qd19_2025", "00070"), Some(3_471), &[(EntryStatus::Keyed, 2_922)], false);
    let before = progress::overview::progress_overview(&clerk).unwrap().commune.unwrap();
    assert_eq!((before.outlook.basis, before.outlook.pct_keyed), (Basis::Inventory, 84.2), "no target: the inventory");
    let csv = "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\nqd19_2025,00070,,*,*,,31463,2025-12-31\n";
    progress::targets::import_progress_targets(&mut clerk, "t.csv", csv.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
    let o = progress::overview::progress_overview(&clerk).unwrap().commune.unwrap().outlook;
    assert_eq!(o.basis, Basis::Target);
    assert_eq!((o.expected, o.pct_keyed), (31_463, 9.3), "9.3 % of the target, not 84.2 %");
    assert_eq!((o.inventory, o.pct_keyed_inventory), (3_471, 84.2), "the inventory, labelled, beside it");
    assert_ne!(o.flag, progress::Flag::Done);
}

#[test]
fn a_province_counts_its_late_communes_and_the_country_its_late_provinces() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sup = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    // Two communes of Hà Nội (01) and one of another province, each with its own snapshot.
    let communes = ["00004", "00070", "25747"];
    let keyed = [950u64, 300, 990];
    for (i, code) in communes.iter().enumerate().skip(1) {
        let mut c = workspace(&tmp.path().join(code), "qd19_2025", code, Role::Clerk);
        book_with(&mut c, "KS", 1999, ("qd19_2025", code), Some(1_000), &[(EntryStatus::Keyed, keyed[i] as usize)], false);
        let f = export(&mut c);
        progress::snapshot::import_progress_snapshot(&mut sup, "x.json", &f).unwrap();
    }
    // The supervisor's own commune: 950 of 1,000 (done).
    book_with(&mut sup, "KS", 1999, ("qd19_2025", "00004"), Some(1_000), &[(EntryStatus::Keyed, 950)], false);
    let province_of = |code: &str| sohoa_refdata::province_of(sohoa_refdata::Scheme::Qd19_2025, code).unwrap().code.clone();
    // Deadlines long past: 00070 (30 %) is late; the others are done.
    let mut csv = String::from("unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\n");
    for c in communes {
        csv.push_str(&format!("qd19_2025,{c},,*,*,,1000,2025-01-01\n"));
    }
    // A province far away with a later deadline must not hide the late one.
    csv.push_str("qd19_2025,96,,*,*,,5000,2030-12-31\n");
    let r = progress::targets::import_progress_targets(&mut sup, "t.csv", csv.as_bytes()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let late_commune = d.communes.iter().find(|c| c.code == "00070").unwrap();
    assert!(late_commune.outlook.late, "{:?}", late_commune.outlook.flag);
    let hn = d.provinces_2025.iter().find(|p| p.code == province_of("00070")).unwrap();
    assert_eq!((hn.late_children[0].late, hn.late_children[0].of), (1, 2), "Hà Nội: 1 of its 2 communes late");
    assert!(hn.status_vi("qd19_2025").starts_with("1 xã trễ hạn"), "{}", hn.status_vi("qd19_2025"));
    let other = d.provinces_2025.iter().find(|p| p.code == province_of("25747")).unwrap();
    assert_eq!(other.late_children[0].late, 0);
    let nat = d.national.late_children.iter().find(|l| l.scheme == "qd19_2025").unwrap();
    assert_eq!(nat.late, 2, "Hà Nội (a late commune) and province 96 (no figures against its target) — {:?}", d.national.late_children);
    assert_eq!(d.national.outlook.deadline.as_deref(), Some("2025-01-01"), "the country's deadline is the earliest, not the latest");
    assert!(d.national.status_vi("qd19_2025").contains("tỉnh trễ hạn"));
}
