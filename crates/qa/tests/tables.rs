//! ISO 2859-1:1999 sampling plans: Table 1 code letters and the single sampling master tables,
//! arrows followed, checked against values published in the sources named in src/tables.rs.
use sohoa_qa::{code_letter, Aql, CodeLetter, Level, Plan, Severity};

fn aql(s: &str) -> Aql {
    s.parse().unwrap()
}

/// (lot, level, severity, AQL) → (lot letter, plan letter, n, Ac, Re, source)
#[allow(clippy::type_complexity)]
const KNOWN: &[(u64, Level, Severity, &str, CodeLetter, CodeLetter, u32, u32, u32, &str)] = {
    use CodeLetter::*;
    use Level as Lv;
    use Severity::*;
    &[
        (300, Lv::II, Normal, "1.0", H, H, 50, 1, 2, "issue 12"),
        (5_000, Lv::II, Normal, "1.0", L, L, 200, 5, 6, "issue 12"),
        // F @ 1.0 is ↑: the first plan above is E's 0/1 (the brief's "G n=32 Ac 1" is not the table)
        (100, Lv::II, Normal, "1.0", F, E, 13, 0, 1, "NIBS II-A row F: 1 /\\ \\/ 2 …"),
        (1_000, Lv::II, Normal, "1.5", J, J, 80, 3, 4, "AQL Inspection Manual example 1"),
        (20, Lv::I, Normal, "1.5", B, D, 8, 0, 1, "AQL Inspection Manual example 2 (B → C → D)"),
        (200, Lv::II, Normal, "0.65", G, F, 20, 0, 1, "PLOS fig.: G @ 0.65 → 20, 0/1"),
        (50_000, Lv::S4, Normal, "0.65", J, J, 80, 1, 2, "PLOS fig.: S-4 0.65 → 80, 1/2"),
        (50_000, Lv::S4, Normal, "0.40", J, K, 125, 1, 2, "PLOS fig.: S-4 0.40 → 125, 1/2"),
        (50_000, Lv::S4, Normal, "0.25", J, H, 50, 0, 1, "PLOS fig.: S-4 0.25 → 50, 0/1"),
        (50_000, Lv::S3, Normal, "0.40", G, G, 32, 0, 1, "PLOS fig.: S-3 0.40 → 32, 0/1"),
        (50_000, Lv::S4, Normal, "0.15", J, J, 80, 0, 1, "PLOS fig.: S-4 0.15 → 80, 0/1"),
        (1_000, Lv::II, Normal, "2.5", J, J, 80, 5, 6, "NIBS II-A row J"),
        (2_000, Lv::II, Normal, "10", K, K, 125, 21, 22, "NIBS II-A row K"),
        (2_000, Lv::II, Normal, "15", K, J, 80, 21, 22, "NIBS II-A row K: 15 is /\\"),
        (600, Lv::II, Normal, "0.25", J, H, 50, 0, 1, "diagonal 0/1, ↑ (Table 2-A)"),
        (60, Lv::II, Normal, "250", E, E, 13, 44, 45, "MIL-STD-105E II-A row E ends 44 45"),
        (5, Lv::II, Normal, "1000", A, A, 2, 30, 31, "MIL-STD-105E II-A row A ends 30 31"),
        (300, Lv::II, Tightened, "1.0", H, J, 80, 1, 2, "NIBS II-B rows H (\\/) and J"),
        (2_000, Lv::II, Tightened, "1.0", K, K, 125, 2, 3, "NIBS II-B row K"),
        (100, Lv::II, Tightened, "1.0", F, F, 20, 0, 1, "NIBS II-B row F"),
        (2_000, Lv::II, Tightened, "10", K, K, 125, 18, 19, "NIBS II-B row K: 10 → 19"),
        (5, Lv::II, Tightened, "10", A, D, 8, 1, 2, "AQL Inspector's Rule note: A @ 10 tightened → D"),
        (125, Lv::III, Reduced, "1.0", G, J, 32, 1, 2, "AQL Inspector's Rule example 3, ISO version"),
        (120, Lv::II, Reduced, "0.65", F, F, 8, 0, 1, "ISO 28590:2017: n = 8, Ac 0 = reduced AQL 0.65"),
    ]
};

#[test]
fn published_plans_are_found_with_their_code_letters_after_the_arrows() {
    for &(lot, level, sev, a, lot_code, code, n, ac, re, src) in KNOWN {
        let p = Plan::lookup(lot, level, sev, aql(a)).unwrap();
        let got = (p.lot_code, p.code, p.n, p.ac, p.re);
        assert_eq!(got, (lot_code, code, n, ac, re), "lot {lot} level {level} {sev} AQL {a} — {src}");
    }
}

#[test]
fn every_cell_of_every_table_leads_to_a_plan_with_no_gap_between_ac_and_re() {
    for sev in [Severity::Normal, Severity::Tightened, Severity::Reduced] {
        for level in Level::ALL {
            for lot in [2u64, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10_001, 35_001, 150_001, 500_001] {
                for a in Aql::all() {
                    let p = Plan::lookup(lot, level, sev, a).unwrap();
                    assert_eq!(p.re, p.ac + 1, "{sev} {a} {lot}");
                }
            }
        }
    }
}

#[test]
fn a_bigger_lot_never_gets_a_smaller_sample_or_acceptance_number_at_the_same_aql() {
    for sev in [Severity::Normal, Severity::Tightened, Severity::Reduced] {
        for a in Aql::all() {
            let plans: Vec<Plan> = [2u64, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10_001, 35_001, 150_001, 500_001]
                .iter()
                .map(|&lot| Plan::lookup(lot, Level::III, sev, a).unwrap())
                .collect();
            for w in plans.windows(2) {
                assert!(w[1].n >= w[0].n && w[1].ac >= w[0].ac, "{sev} {a}: {:?} then {:?}", w[0], w[1]);
            }
        }
    }
}

#[test]
fn tightened_plans_accept_less_than_normal_ones_at_the_aql() {
    // At the AQL itself, tightened inspection never accepts more often than normal inspection.
    for lot in [9u64, 51, 151, 501, 3201, 35_001, 500_001] {
        for a in Aql::all().filter(|a| a.value() <= 10.0) {
            let n = Plan::lookup(lot, Level::II, Severity::Normal, a).unwrap();
            let t = Plan::lookup(lot, Level::II, Severity::Tightened, a).unwrap();
            let p = a.value();
            let (pn, pt) = (n.pa(sohoa_qa::CountingMode::Entries, p), t.pa(sohoa_qa::CountingMode::Entries, p));
            assert!(pt <= pn + 1e-12, "lot {lot} AQL {a}: tightened {pt} > normal {pn} ({t:?} vs {n:?})");
        }
    }
}

#[test]
fn table_1_gives_each_lot_range_its_letter() {
    use CodeLetter::*;
    let ii = [
        (2, A),
        (8, A),
        (9, B),
        (15, B),
        (16, C),
        (25, C),
        (26, D),
        (50, D),
        (51, E),
        (90, E),
        (91, F),
        (150, F),
        (151, G),
        (280, G),
        (281, H),
        (500, H),
        (501, J),
        (1_200, J),
        (1_201, K),
        (3_200, K),
        (3_201, L),
        (10_000, L),
        (10_001, M),
        (35_000, M),
        (35_001, N),
        (150_000, N),
        (150_001, P),
        (500_000, P),
        (500_001, Q),
        (u64::MAX, Q),
    ];
    for (lot, letter) in ii {
        assert_eq!(code_letter(lot, Level::II).unwrap(), letter, "lot {lot}");
    }
    let last_row = [(Level::S1, D), (Level::S2, E), (Level::S3, H), (Level::S4, K), (Level::I, N), (Level::II, Q), (Level::III, R)];
    for (level, letter) in last_row {
        assert_eq!(code_letter(1_000_000, level).unwrap(), letter, "{level}");
    }
    let row_501 = [(Level::S1, C), (Level::S2, C), (Level::S3, E), (Level::S4, F), (Level::I, G), (Level::II, J), (Level::III, K)];
    for (level, letter) in row_501 {
        assert_eq!(code_letter(800, level).unwrap(), letter, "{level}");
    }
    assert_eq!(code_letter(1, Level::II).unwrap(), A, "a one-entry lot uses the first row");
    assert!(code_letter(0, Level::II).is_err());
}

#[test]
fn a_plan_whose_sample_covers_the_lot_is_full_inspection() {
    // A @ 10 points down to C (n = 5): a lot of 5 is inspected whole
    let p = Plan::level_ii(5, Severity::Normal, aql("10")).unwrap();
    assert_eq!((p.code, p.n, p.ac, p.re), (CodeLetter::C, 5, 1, 2));
    assert!(p.full_inspection);
    assert_eq!(p.inspected(), 5);
    assert_eq!(p.summary_line(), "code=C (lot letter A) n=5 Ac=1 Re=2 100%");
    let p = Plan::level_ii(10, Severity::Normal, aql("1.0")).unwrap();
    assert_eq!((p.code, p.n, p.inspected()), (CodeLetter::E, 13, 10));
    assert_eq!(p.summary_line(), "code=E (lot letter B) n=10 Ac=0 Re=1 100%");
    assert!(!Plan::level_ii(300, Severity::Normal, aql("1.0")).unwrap().full_inspection);
}

#[test]
fn the_summary_line_names_the_lot_letter_only_when_the_arrows_moved_the_plan() {
    assert_eq!(Plan::level_ii(300, Severity::Normal, aql("1.0")).unwrap().summary_line(), "code=H n=50 Ac=1 Re=2");
    assert_eq!(Plan::level_ii(100, Severity::Normal, aql("1.0")).unwrap().summary_line(), "code=E (lot letter F) n=13 Ac=0 Re=1");
}

#[test]
fn aqls_are_read_as_printed_or_with_a_decimal_comma_and_others_are_refused() {
    for (s, v) in [("1", 1.0), ("1.0", 1.0), ("1,0", 1.0), ("0.65", 0.65), (".65", 0.65), ("10", 10.0), ("1000", 1000.0), ("2.5%", 2.5)] {
        assert_eq!(s.parse::<Aql>().unwrap().value(), v, "{s}");
    }
    for s in ["0.7", "2.0", "3", "0", "-1", "abc", "1e0", "", "NaN", "inf", "0.0100001"] {
        let e = s.parse::<Aql>().unwrap_err();
        assert_eq!(e.code(), "qa.unknown_aql", "{s}");
    }
    assert_eq!(Aql::all().count(), 26);
    assert_eq!(Aql::DEFAULT.label(), "1.0");
}

#[test]
fn the_score_uses_the_acceptance_number_one_aql_step_tighter_in_the_same_row() {
    let p = Plan::level_ii(5_000, Severity::Normal, aql("1.0")).unwrap(); // L 200 5/6
    assert_eq!(p.tighter_acceptance(), Some(3)); // L @ 0.65 = 3/4
    let p = Plan::level_ii(300, Severity::Normal, aql("1.0")).unwrap(); // H 50 1/2
    assert_eq!(p.tighter_acceptance(), None, "H @ 0.65 is an arrow");
}

#[test]
fn plans_round_trip_through_json_with_the_aql_as_a_number() {
    let p = Plan::level_ii(300, Severity::Normal, aql("0.65")).unwrap();
    let j = serde_json::to_value(&p).unwrap();
    assert_eq!(j["aql"], serde_json::json!(0.65));
    assert_eq!(j["severity"], "normal");
    assert_eq!(j["level"], "II");
    assert_eq!(serde_json::from_value::<Plan>(j).unwrap(), p);
    assert!(serde_json::from_value::<Aql>(serde_json::json!(0.7)).is_err());
}

#[test]
fn levels_and_severities_parse_as_written_on_the_command_line() {
    assert_eq!("II".parse::<Level>().unwrap(), Level::II);
    assert_eq!("s-4".parse::<Level>().unwrap(), Level::S4);
    assert_eq!("S4".parse::<Level>().unwrap(), Level::S4);
    assert!("IV".parse::<Level>().is_err());
    assert_eq!("Tightened".parse::<Severity>().unwrap(), Severity::Tightened);
    assert!("strict".parse::<Severity>().is_err());
}
