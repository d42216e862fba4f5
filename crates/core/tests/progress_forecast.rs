//! Rates, forecasts and flags from known series.
mod progress_support;
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::day;
use sohoa_core::progress::forecast::{forecast_date, outlook, rate, value_at, Flag, Inputs};
use sohoa_core::progress::snapshot::{sign_payload, Cell, Point, SnapshotPayload, UnitRef, FORMAT, VERSION};
use sohoa_core::progress::{Counts, DashboardQuery, StageCounts};
use sohoa_core::session::accounts::Role;
use sohoa_core::BookType;

fn d(s: &str) -> time::Date {
    day::parse(s).unwrap()
}

/// 100 entries a day from 2025-01-01: 100 on the 1st, 200 on the 2nd, …
fn linear(days: i64, per_day: u64) -> Vec<(time::Date, u64)> {
    (0..days).map(|i| (day::add(d("2025-01-01"), i), (i as u64 + 1) * per_day)).collect()
}

#[test]
fn the_rate_is_the_increase_over_the_last_four_weeks_divided_by_28() {
    let s = linear(60, 100);
    assert_eq!(value_at(&s, d("2025-01-10")), 1000);
    assert_eq!(value_at(&s, d("2024-12-31")), 0);
    assert_eq!(value_at(&s, d("2025-06-01")), 6000, "the last value holds");
    assert!((rate(&s, d("2025-02-15"), 28) - 100.0).abs() < 1e-9);
    // Nothing keyed for the last two weeks of a series that stopped: half the pace.
    let stopped = linear(30, 70);
    assert!((rate(&stopped, d("2025-02-13"), 28) - 35.0).abs() < 1e-9);
}

#[test]
fn the_forecast_date_is_when_the_remaining_entries_are_done_at_that_rate() {
    // 10,000 expected, 4,600 keyed on 2025-02-15 at 100 a day: 54 more days.
    let s = linear(46, 100);
    let as_of = d("2025-02-15");
    let r = rate(&s, as_of, 28);
    assert_eq!(forecast_date(10_000.0 - 4_600.0, r, as_of), Some(d("2025-04-10")));
    assert_eq!(forecast_date(0.0, r, as_of), Some(as_of), "already done");
    assert_eq!(forecast_date(10.0, 0.0, as_of), None, "no pace, no forecast");
}

#[test]
fn flags_say_done_on_track_at_risk_finishing_or_late() {
    let base = |keyed: u64, rate: f64, deadline: &str, as_of: &str| {
        outlook(&Inputs {
            expected: 10_000,
            target_records: None,
            keyed,
            accepted: 0,
            exported: 0,
            approved: 0,
            rate_keyed: rate,
            rate_accepted: 0.0,
            deadline: Some(d(deadline)),
            as_of: d(as_of),
        })
        .flag
    };
    assert_eq!(base(9_500, 0.0, "2025-01-01", "2025-01-31"), Flag::Done, "95 % is basically done");
    assert_eq!(base(5_000, 100.0, "2025-03-01", "2025-01-01"), Flag::OnTrack);
    assert_eq!(base(5_000, 50.0, "2025-03-01", "2025-01-01"), Flag::AtRisk);
    assert_eq!(base(5_000, 0.0, "2025-03-01", "2025-01-01"), Flag::AtRisk, "no pace before the deadline");
    assert_eq!(base(8_000, 100.0, "2025-01-01", "2025-01-31"), Flag::Finishing, "late but done within 60 days");
    assert_eq!(base(5_000, 20.0, "2025-01-01", "2025-01-31"), Flag::Late);
    let none = outlook(&Inputs {
        expected: 0,
        target_records: None,
        keyed: 5,
        accepted: 0,
        exported: 0,
        approved: 0,
        rate_keyed: 1.0,
        rate_accepted: 0.0,
        deadline: None,
        as_of: d("2025-01-31"),
    });
    assert_eq!(none.flag, Flag::NoData);
    let by_target = outlook(&Inputs {
        expected: 0,
        target_records: Some(1000.0),
        keyed: 500,
        accepted: 100,
        exported: 0,
        approved: 0,
        rate_keyed: 10.0,
        rate_accepted: 0.0,
        deadline: None,
        as_of: d("2025-01-31"),
    });
    assert_eq!(by_target.flag, Flag::NoTarget, "the target is the denominator when there is no inventory");
    assert_eq!(by_target.pct_keyed, 50.0);
    assert_eq!(by_target.forecast.as_deref(), Some("2025-03-22"));
}

#[test]
fn a_commune_whose_snapshot_shows_a_steady_pace_gets_the_forecast_of_that_pace() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sup = workspace(&tmp.path().join("sup"), "qd19_2025", "00004", Role::Supervisor);
    // Commune 00070 keyed 250 entries a day for 40 days: 10,000 of 20,000 on 2025-02-09.
    let series: Vec<Point> = (0..40).map(|i| Point(day::format(day::add(d("2025-01-01"), i)), (i as u64 + 1) * 250, 0, 0, 0, 0)).collect();
    let entries = StageCounts { inventoried: 20_000, keyed: 10_000, ..Default::default() };
    let payload = SnapshotPayload {
        format: FORMAT.into(),
        version: VERSION,
        workspace_id: "test-00070".into(),
        commune: UnitRef { scheme: "qd19_2025".into(), code: "00070".into(), name: "Phường Hoàn Kiếm".into() },
        generated_at: "2025-02-09T09:00:00.000Z".into(),
        as_of: "2025-02-09".into(),
        software: "test".into(),
        cells: vec![Cell {
            book_type: BookType::Ks,
            period_group: "2006-2015".into(),
            counts: Counts { entries, books: StageCounts { inventoried: 400, keyed: 200, ..Default::default() }, ..Default::default() },
        }],
        registries: vec![],
        series,
    };
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let file = serde_json::to_vec(&sign_payload(&key, &payload).unwrap()).unwrap();
    progress::snapshot::import_progress_snapshot(&mut sup, "00070.json", &file).unwrap();
    let csv = "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\nqd19_2025,00070,,*,*,,20000,2025-03-15\n";
    assert!(progress::targets::import_progress_targets(&mut sup, "t.csv", csv.as_bytes()).unwrap().errors.is_empty());
    let dash = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let c = dash.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!(c.outlook.rate_keyed, 250.0);
    assert_eq!(c.outlook.forecast.as_deref(), Some("2025-03-21"), "10,000 left at 250 a day = 40 days after 2025-02-09");
    assert_eq!(c.outlook.deadline.as_deref(), Some("2025-03-15"));
    assert_eq!(c.outlook.flag, Flag::AtRisk);
    assert_eq!(c.outlook.pct_keyed, 50.0);
    // The same figures evaluated as of an earlier day come from the series.
    let jan = progress::aggregate::progress_dashboard(&sup, &DashboardQuery { as_of: Some("2025-01-20".into()) }).unwrap();
    let c = jan.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!(c.counts.entries.keyed, 20 * 250);
    assert_eq!(c.outlook.as_of, "2025-01-20");
}
