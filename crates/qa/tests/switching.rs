//! ISO 2859-1:1999 §9 switching rules, one transition per test.
use sohoa_qa::{Aql, Conditions, InspectionState, Plan, Severity, SwitchingState, Transition};

const STEADY: Conditions = Conditions { production_steady: true, authority_approves_reduced: true };
const NO_APPROVAL: Conditions = Conditions { production_steady: true, authority_approves_reduced: false };

fn plan(lot: u64, sev: Severity, aql: &str) -> Plan {
    Plan::level_ii(lot, sev, aql.parse::<Aql>().unwrap()).unwrap()
}

/// Records a lot with `found` errors under the plan of the state's current severity.
fn lot(s: &mut SwitchingState, lot_size: u64, aql: &str, found: u64, c: Conditions) -> Transition {
    let p = plan(lot_size, s.severity().unwrap(), aql);
    s.record(&p, found, c).unwrap()
}

#[test]
fn inspection_starts_normal_with_a_zero_score() {
    let s = SwitchingState::new();
    assert_eq!(s.state, InspectionState::Normal);
    assert_eq!(s.score, 0);
    assert_eq!(s.severity().unwrap(), Severity::Normal);
}

#[test]
fn two_lots_not_accepted_within_five_switch_normal_to_tightened() {
    let mut s = SwitchingState::new();
    // H 50 Ac 1: 2 errors = not accepted
    assert_eq!(lot(&mut s, 300, "1.0", 2, NO_APPROVAL), Transition::Stay);
    for _ in 0..3 {
        assert_eq!(lot(&mut s, 300, "1.0", 0, NO_APPROVAL), Transition::Stay);
    }
    assert_eq!(lot(&mut s, 300, "1.0", 5, NO_APPROVAL), Transition::NormalToTightened, "2 of 5");
    assert_eq!(s.state, InspectionState::Tightened);
}

#[test]
fn two_lots_not_accepted_six_lots_apart_do_not_tighten() {
    let mut s = SwitchingState::new();
    assert_eq!(lot(&mut s, 300, "1.0", 2, NO_APPROVAL), Transition::Stay);
    for _ in 0..4 {
        lot(&mut s, 300, "1.0", 0, NO_APPROVAL);
    }
    assert_eq!(lot(&mut s, 300, "1.0", 2, NO_APPROVAL), Transition::Stay, "the first is now 6 lots back");
    assert_eq!(s.state, InspectionState::Normal);
}

#[test]
fn five_consecutive_accepted_lots_on_tightened_return_to_normal() {
    let mut s = SwitchingState { state: InspectionState::Tightened, ..SwitchingState::new() };
    // tightened lot 300 @ 1.0 → J 80 Ac 1
    for i in 0..4 {
        assert_eq!(lot(&mut s, 300, "1.0", 1, STEADY), Transition::Stay, "lot {i}");
    }
    assert_eq!(lot(&mut s, 300, "1.0", 2, STEADY), Transition::Stay, "a rejection restarts the run");
    for _ in 0..4 {
        assert_eq!(lot(&mut s, 300, "1.0", 0, STEADY), Transition::Stay);
    }
    assert_eq!(lot(&mut s, 300, "1.0", 0, STEADY), Transition::TightenedToNormal);
    assert_eq!((s.state, s.score), (InspectionState::Normal, 0), "normal restarts with a zero score");
}

#[test]
fn five_lots_not_accepted_on_tightened_discontinue_inspection_even_if_not_consecutive() {
    let mut s = SwitchingState { state: InspectionState::Tightened, ..SwitchingState::new() };
    for _ in 0..4 {
        assert_eq!(lot(&mut s, 300, "1.0", 3, STEADY), Transition::Stay);
        assert_eq!(lot(&mut s, 300, "1.0", 0, STEADY), Transition::Stay);
    }
    assert_eq!(lot(&mut s, 300, "1.0", 3, STEADY), Transition::Discontinue);
    assert_eq!(s.severity().unwrap_err().code(), "qa.discontinued");
    let p = plan(300, Severity::Tightened, "1.0");
    assert!(s.record(&p, 0, STEADY).is_err(), "no plan while discontinued");
    assert_eq!(s.resume_after_corrective_action(), Transition::ResumeTightened);
    assert_eq!(s.state, InspectionState::Tightened);
    assert_eq!(s.tightened_not_accepted, 0);
}

#[test]
fn with_acceptance_number_0_or_1_an_accepted_lot_adds_2_to_the_score_and_a_rejection_resets_it() {
    let mut s = SwitchingState::new();
    lot(&mut s, 300, "1.0", 1, NO_APPROVAL); // H 50 Ac 1, accepted
    assert_eq!(s.score, 2);
    lot(&mut s, 300, "1.0", 0, NO_APPROVAL);
    assert_eq!(s.score, 4);
    lot(&mut s, 300, "1.0", 2, NO_APPROVAL);
    assert_eq!(s.score, 0);
}

#[test]
fn with_acceptance_number_2_or_more_only_a_lot_accepted_one_aql_step_tighter_adds_3() {
    let mut s = SwitchingState::new();
    // L 200 Ac 5 at AQL 1.0; one step tighter (0.65) the same row has Ac 3
    lot(&mut s, 5_000, "1.0", 3, NO_APPROVAL);
    assert_eq!(s.score, 3, "3 ≤ 3: would have passed at 0.65");
    lot(&mut s, 5_000, "1.0", 0, NO_APPROVAL);
    assert_eq!(s.score, 6);
    lot(&mut s, 5_000, "1.0", 4, NO_APPROVAL);
    assert_eq!(s.score, 0, "accepted at 1.0 (4 ≤ 5) but not at 0.65: reset");
    assert_eq!(s.state, InspectionState::Normal);
}

#[test]
fn a_score_of_30_switches_to_reduced_only_with_steady_production_and_the_authoritys_approval() {
    let mut s = SwitchingState::new();
    for _ in 0..10 {
        assert_eq!(lot(&mut s, 5_000, "1.0", 1, NO_APPROVAL), Transition::Stay);
    }
    assert_eq!(s.score, 30);
    let unsteady = Conditions { production_steady: false, authority_approves_reduced: true };
    assert_eq!(lot(&mut s, 5_000, "1.0", 1, unsteady), Transition::Stay, "production not steady");
    assert_eq!(s.score, 33);
    assert_eq!(lot(&mut s, 5_000, "1.0", 1, STEADY), Transition::NormalToReduced);
    assert_eq!(s.severity().unwrap(), Severity::Reduced);
}

#[test]
fn fourteen_zero_error_lots_at_ac_1_reach_28_and_the_fifteenth_reaches_30() {
    let mut s = SwitchingState::new();
    for _ in 0..14 {
        assert_eq!(lot(&mut s, 300, "1.0", 0, STEADY), Transition::Stay);
    }
    assert_eq!(s.score, 28);
    assert_eq!(lot(&mut s, 300, "1.0", 0, STEADY), Transition::NormalToReduced);
}

#[test]
fn a_lot_not_accepted_on_reduced_returns_to_normal() {
    let mut s = SwitchingState { state: InspectionState::Reduced, ..SwitchingState::new() };
    // reduced lot 5000 @ 1.0: L, n = 80, Ac 3
    assert_eq!(plan(5_000, Severity::Reduced, "1.0").n, 80);
    assert_eq!(lot(&mut s, 5_000, "1.0", 3, STEADY), Transition::Stay);
    assert_eq!(lot(&mut s, 5_000, "1.0", 4, STEADY), Transition::ReducedToNormalLotNotAccepted);
    assert_eq!((s.state, s.score), (InspectionState::Normal, 0));
}

#[test]
fn irregular_production_or_the_authority_returns_reduced_to_normal() {
    let mut s = SwitchingState { state: InspectionState::Reduced, ..SwitchingState::new() };
    let irregular = Conditions { production_steady: false, authority_approves_reduced: true };
    assert_eq!(lot(&mut s, 5_000, "1.0", 0, irregular), Transition::ReducedToNormalIrregularProduction);
    let mut s = SwitchingState { state: InspectionState::Reduced, ..SwitchingState::new() };
    assert_eq!(s.production_irregular(), Transition::ReducedToNormalIrregularProduction);
    let mut s = SwitchingState { state: InspectionState::Reduced, ..SwitchingState::new() };
    assert_eq!(s.other_conditions_warrant_normal(), Transition::ReducedToNormalOtherConditions);
    assert_eq!(s.state, InspectionState::Normal);
    let mut normal = SwitchingState::new();
    assert_eq!(normal.production_irregular(), Transition::Stay);
}

#[test]
fn a_plan_of_another_severity_is_refused() {
    let mut s = SwitchingState::new();
    let t = plan(300, Severity::Tightened, "1.0");
    assert_eq!(s.record(&t, 0, STEADY).unwrap_err().code(), "qa.severity_mismatch");
}

#[test]
fn the_state_survives_a_round_trip_through_json() {
    let mut s = SwitchingState::new();
    lot(&mut s, 300, "1.0", 2, STEADY);
    lot(&mut s, 300, "1.0", 0, STEADY);
    let j = serde_json::to_string(&s).unwrap();
    assert!(j.contains("\"state\":\"normal\""), "{j}");
    let back: SwitchingState = serde_json::from_str(&j).unwrap();
    assert_eq!(back, s);
    let mut back = back;
    assert_eq!(lot(&mut back, 300, "1.0", 2, STEADY), Transition::NormalToTightened, "history kept");
    assert_eq!(serde_json::to_value(Transition::NormalToTightened).unwrap(), serde_json::json!({"kind": "normal_to_tightened"}));
    assert!(Transition::Discontinue.explain_vi().contains("§9.4"));
}
