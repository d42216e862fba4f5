//! The national dashboard and the series are kept in memory between calls (progress/cache.rs):
//! whatever changes — a snapshot, an inventory, a target, an entry of the own workspace, a write
//! by another session — the figures shown are those a fresh computation gives.
mod progress_support;
use progress_support::*;
use sohoa_core::progress::inventory::InventoryInput;
use sohoa_core::progress::{self, DashboardQuery, SeriesScope};
use sohoa_core::session::accounts::Role;
use sohoa_core::EntryStatus::{Accepted, Keyed};
use sohoa_core::Session;

/// The dashboard as the UI receives it, without the time it was generated.
fn cached(s: &Session) -> serde_json::Value {
    without_time(serde_json::to_value(progress::aggregate::progress_dashboard(s, &DashboardQuery::default()).unwrap()).unwrap())
}

fn fresh(s: &Session) -> serde_json::Value {
    without_time(serde_json::to_value(progress::aggregate::progress_dashboard_uncached(s, &DashboardQuery::default()).unwrap()).unwrap())
}

fn without_time(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().unwrap().remove("generatedAt");
    v
}

fn series_agree(s: &Session) {
    for scope in [SeriesScope::Country, SeriesScope::Own, SeriesScope::Province { scheme: "qd19_2025".into(), code: "01".into() }] {
        let c = serde_json::to_value(progress::series::progress_series(s, &scope).unwrap()).unwrap();
        let f = serde_json::to_value(progress::series::progress_series_uncached(s, &scope).unwrap()).unwrap();
        assert_eq!(c, f, "series {scope:?}");
    }
}

/// Asserts the cached dashboard is the fresh one and returns it.
fn agrees(s: &Session) -> serde_json::Value {
    let c = cached(s);
    assert_eq!(c, fresh(s), "the cached dashboard is what a fresh computation gives");
    assert_eq!(cached(s), c, "asking again gives the same figures");
    series_agree(s);
    c
}

fn keyed(d: &serde_json::Value) -> u64 {
    d["national"]["counts"]["entries"]["keyed"].as_u64().unwrap()
}

fn inventoried(d: &serde_json::Value) -> u64 {
    d["national"]["counts"]["entries"]["inventoried"].as_u64().unwrap()
}

#[test]
fn every_change_of_the_data_shows_in_the_next_dashboard_exactly_as_a_fresh_computation_gives_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, primary, other) = divided_commune();
    let mut a = workspace(&tmp.path().join("a"), "qd19_2025", &primary, Role::Clerk);
    book_with(&mut a, "KS", 2010, ("qd19_2025", &primary), Some(30), &[(Keyed, 5), (Accepted, 3)], false);
    let mut b = workspace(&tmp.path().join("b"), "qd19_2025", &other, Role::Clerk);
    book_with(&mut b, "KH", 2001, ("qd19_2025", &other), Some(12), &[(Keyed, 4)], false);
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", "00004", Role::Supervisor);

    let empty = agrees(&sup);
    assert_eq!(keyed(&empty), 0);

    // A commune's snapshot.
    let file = export(&mut a);
    progress::snapshot::import_progress_snapshot(&mut sup, "a.json", &file).unwrap();
    let d = agrees(&sup);
    assert_eq!(keyed(&d), 8, "the new snapshot is counted");

    // A newer snapshot of the same commune replaces the older one.
    book_with(&mut a, "KT", 2012, ("qd19_2025", &primary), Some(10), &[(Keyed, 2)], false);
    let file = export(&mut a);
    progress::snapshot::import_progress_snapshot(&mut sup, "a2.json", &file).unwrap();
    let d = agrees(&sup);
    assert_eq!(keyed(&d), 10, "the newer snapshot replaces the older");

    // An inventory typed in for a commune that sent nothing.
    let before = inventoried(&d);
    let rows = [InventoryInput {
        unit_scheme: Some("qd19_2025".into()),
        unit_code: Some(other.clone()),
        book_type: "KS".parse().unwrap(),
        period_group: progress::PERIOD_GROUPS[0].into(),
        books: 4,
        expected_entries: 400,
    }];
    progress::inventory::set_progress_inventory(&mut sup, &rows).unwrap();
    let d = agrees(&sup);
    assert_eq!(inventoried(&d), before + 400, "the inventory is counted");

    // Targets.
    let csv = "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\n\
               qd19_2025,01,,*,*,100,5000,2026-12-31\n";
    let out = progress::targets::import_progress_targets(&mut sup, "targets.csv", csv.as_bytes()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let d = agrees(&sup);
    assert!(d["provinces2025"].as_array().unwrap().iter().any(|p| p["targetRecords"].as_u64() == Some(5000)), "the target is shown");

    // The supervisor's own workspace keys entries.
    book_with(&mut sup, "KS", 2015, ("qd19_2025", "00004"), Some(20), &[(Keyed, 7)], false);
    let d = agrees(&sup);
    assert_eq!(keyed(&d), 17, "the own entries are counted");

    // Another session on the same workspace (the CLI, say) imports a snapshot.
    let mut other_session = sohoa_core::workspace::open(&tmp.path().join("sup"), "giamsat", "mat-khau-canbo").unwrap();
    let file = export(&mut b);
    progress::snapshot::import_progress_snapshot(&mut other_session, "b.json", &file).unwrap();
    let d = agrees(&sup);
    assert_eq!(keyed(&d), 21, "what another session wrote is counted");

    // A dashboard as of an earlier day is its own query.
    let q = DashboardQuery { as_of: Some("2020-01-01".into()) };
    let c = serde_json::to_value(progress::aggregate::progress_dashboard(&sup, &q).unwrap()).unwrap();
    let f = serde_json::to_value(progress::aggregate::progress_dashboard_uncached(&sup, &q).unwrap()).unwrap();
    assert_eq!(without_time(c), without_time(f));
    assert_eq!(keyed(&cached(&sup)), 21, "the latest dashboard is not the rewound one");
}

#[test]
fn the_generation_counter_rises_with_every_write_to_the_snapshots_inventories_and_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, primary, _) = divided_commune();
    let mut a = workspace(&tmp.path().join("a"), "qd19_2025", &primary, Role::Clerk);
    book_with(&mut a, "KS", 2010, ("qd19_2025", &primary), Some(30), &[(Keyed, 5)], false);
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", "00004", Role::Supervisor);
    let g0 = progress::cache::generation(sup.conn()).unwrap();
    let file = export(&mut a);
    progress::snapshot::import_progress_snapshot(&mut sup, "a.json", &file).unwrap();
    let g1 = progress::cache::generation(sup.conn()).unwrap();
    assert!(g1 > g0);
    // Importing the same file again changes nothing, and so neither does the counter.
    progress::snapshot::import_progress_snapshot(&mut sup, "a.json", &file).unwrap();
    assert_eq!(progress::cache::generation(sup.conn()).unwrap(), g1);
}
