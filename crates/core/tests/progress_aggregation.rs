//! Progress adds up across the 2025 reform: communes → provinces (34 and 63) → country, targets
//! pushed down through the old→new mapping.
mod progress_support;
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::DashboardQuery;
use sohoa_core::session::accounts::Role;
use sohoa_core::EntryStatus::{Accepted, Checked, Draft, Keyed};
use sohoa_refdata::{self as rd, Scheme};

fn row<'a>(d: &'a sohoa_core::progress::Dashboard, code: &str) -> &'a sohoa_core::progress::UnitProgress {
    d.communes.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("commune {code} in the dashboard"))
}

#[test]
fn an_old_commune_divided_between_two_new_communes_is_counted_once_in_every_total() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, primary, other) = divided_commune();
    // A workspace still coded in the old scheme, for the divided commune.
    let mut x = workspace(&tmp.path().join("x"), "gso_pre2025", &old, Role::Clerk);
    book_with(&mut x, "KS", 1990, ("gso_pre2025", &old), Some(20), &[(Keyed, 6), (Accepted, 4), (Draft, 2)], false);
    // The two new communes, each with books of its own.
    let mut a = workspace(&tmp.path().join("a"), "qd19_2025", &primary, Role::Clerk);
    book_with(&mut a, "KT", 2010, ("qd19_2025", &primary), Some(10), &[(Checked, 5)], false);
    let mut b = workspace(&tmp.path().join("b"), "qd19_2025", &other, Role::Clerk);
    book_with(&mut b, "KH", 2001, ("qd19_2025", &other), Some(8), &[(Keyed, 3)], false);

    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", &primary, Role::Supervisor);
    for s in [&mut x, &mut a, &mut b] {
        let file = export(s);
        assert_eq!(progress::snapshot::import_progress_snapshot(&mut sup, "t.json", &file).unwrap().status, "imported");
    }
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let keyed_total = 10 + 5 + 3;
    assert_eq!(d.national.counts.entries.keyed, keyed_total);
    assert_eq!(d.national.counts.entries.inventoried, 20 + 10 + 8);
    assert_eq!(d.national.counts.entries.accepted, 4);
    // The old commune's books count for the new commune that inherited them, and only there.
    assert_eq!(row(&d, &primary).counts.entries.keyed, 10 + 5);
    assert_eq!(row(&d, &other).counts.entries.keyed, 3);
    assert_eq!(d.communes.iter().map(|c| c.counts.entries.keyed).sum::<u64>(), keyed_total);
    // Both province schemes add up to the same national total.
    assert_eq!(d.provinces_2025.iter().map(|p| p.counts.entries.keyed).sum::<u64>(), keyed_total);
    let pre_sum: u64 = d.provinces_pre2025.iter().map(|p| p.counts.entries.keyed).sum();
    assert_eq!(pre_sum, keyed_total);
    let old_province = rd::province_of(Scheme::GsoPre2025, &old).unwrap();
    let pre = d.provinces_pre2025.iter().find(|p| p.code == old_province.code).unwrap();
    // The new communes' own books are in the same old province (it was merged whole).
    assert_eq!(pre.counts.entries.keyed, keyed_total, "all these books are in the old commune's province");
    assert_eq!(
        rd::map_province_to_2025(&old_province.code).unwrap().code,
        d.provinces_2025.iter().find(|p| p.counts.entries.keyed > 0).unwrap().code
    );
    assert_eq!(d.communes.iter().filter(|c| c.source.is_some()).count(), 2);
}

#[test]
fn a_province_target_in_the_old_scheme_is_pro_rated_onto_the_2025_communes_by_mapping_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, primary, other) = divided_commune();
    let province = rd::province_of(Scheme::GsoPre2025, &old).unwrap().code.clone();
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", &primary, Role::Supervisor);
    let csv = format!(
        "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\n\
         gso_pre2025,{province},,*,*,1000,100000,2025-01-01\n"
    );
    let out = progress::targets::import_progress_targets(&mut sup, "targets.csv", csv.as_bytes()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    // Old communes of the province that have mapping rows (each gives its new communes 1/n).
    let olds: Vec<_> = rd::communes_in_province(Scheme::GsoPre2025, &province)
        .into_iter()
        .filter(|u| rd::map_commune_to_2025(&u.code).iter().any(|m| m.basis == rd::MappingBasis::Conversion))
        .collect();
    let n = olds.len() as f64;
    let weight_in = |new: &str| -> f64 {
        olds.iter()
            .map(|o| {
                let rows: Vec<_> =
                    rd::map_commune_to_2025(&o.code).iter().filter(|m| m.basis == rd::MappingBasis::Conversion).cloned().collect();
                rows.iter().filter(|m| m.new_code == new).count() as f64 / rows.len() as f64
            })
            .sum()
    };
    for c in [&primary, &other] {
        let expected = (100000.0 * weight_in(c) / n).round() as u64;
        assert_eq!(row(&d, c).target_records, Some(expected), "commune {c}");
        assert_eq!(row(&d, c).outlook.deadline.as_deref(), Some("2025-01-01"));
    }
    // The shares add up to the target, once.
    let sum: f64 = d.communes.iter().filter_map(|c| c.target_records).map(|x| x as f64).sum();
    assert!((sum - 100000.0).abs() <= d.communes.len() as f64 * 0.5, "shares sum to the target: {sum}");
    let pre = d.provinces_pre2025.iter().find(|p| p.code == province).unwrap();
    assert_eq!(pre.target_records, Some(100000));
    let new_province = rd::map_province_to_2025(&province).unwrap();
    let p34 = d.provinces_2025.iter().find(|p| p.code == new_province.code).unwrap();
    assert!(p34.target_records.unwrap() >= 99_990, "the 2025 province holds the old province's target");
}

#[test]
fn a_commune_target_beats_a_province_target_and_a_divided_commune_target_is_halved() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, primary, other) = divided_commune();
    let province34 = rd::province_of(Scheme::Qd19_2025, &primary).unwrap().code.clone();
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", &primary, Role::Supervisor);
    let csv = format!(
        "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\n\
         qd19_2025,{province34},,*,*,,500000,2025-06-30\n\
         gso_pre2025,{old},,KS,*,,3000,2025-03-31\n\
         gso_pre2025,{old},,KT,*,,1000,2025-02-28\n"
    );
    let out = progress::targets::import_progress_targets(&mut sup, "targets.csv", csv.as_bytes()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    // The old commune's rows (sum 4000, latest deadline) are shared by its two new communes,
    // unless one of them also has other old communes with no target — only the divided one counts.
    let share_primary = row(&d, &primary).target_records.unwrap();
    let share_other = row(&d, &other).target_records.unwrap();
    assert_eq!(share_primary + share_other, 4000);
    assert_eq!(share_primary, 2000);
    assert_eq!(row(&d, &primary).outlook.deadline.as_deref(), Some("2025-03-31"));
    // A commune of the province without its own target gets the province's per-commune share.
    let n = rd::communes_in_province(Scheme::Qd19_2025, &province34).len() as f64;
    let third =
        d.communes.iter().find(|c| c.province_code.as_deref() == Some(&province34) && c.code != primary && c.code != other).unwrap();
    assert_eq!(third.target_records, Some((500000.0 / n).round() as u64));
}

#[test]
fn province_and_national_totals_agree_in_both_schemes() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, primary, _) = divided_commune();
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", &primary, Role::Supervisor);
    progress::demo::load_national_demo_snapshots(&mut sup).unwrap();
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let n = d.national.counts.entries.keyed;
    let s34: u64 = d.provinces_2025.iter().map(|p| p.counts.entries.keyed).sum();
    let s63: u64 = d.provinces_pre2025.iter().map(|p| p.counts.entries.keyed).sum();
    let sc: u64 = d.communes.iter().map(|p| p.counts.entries.keyed).sum();
    assert_eq!(s34, n);
    assert_eq!(sc, n);
    // Shares of communes straddling old provinces are rounded per province: within a few entries.
    assert!((s63 as i64 - n as i64).abs() < 100, "63-province sum {s63} vs national {n}");
    assert_eq!(d.provinces_2025.len(), 34);
    assert_eq!(d.provinces_pre2025.len(), 63);
    assert_eq!(d.communes.len(), 3321);
}
