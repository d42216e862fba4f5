//! OC curves, their 95 % / 10 % points, and the confidence bounds, against reference values
//! computed with SciPy 1.17.1 (`scipy.stats`): `beta.ppf`, `gamma.ppf`, `binom.cdf`,
//! `poisson.cdf`, `hypergeom.cdf`. The tests do not need Python: the numbers are copied here.
use sohoa_qa::oc::{pa_binomial, pa_hypergeometric, pa_poisson};
use sohoa_qa::{clopper_pearson_upper, hypergeometric_upper, CountingMode, ErrorRateBound, Plan, Severity};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

/// (x, n, beta.ppf(0.95, x + 1, n − x))
const CLOPPER_PEARSON_95: &[(u64, u64, f64)] = &[
    (0, 1, 0.95),
    (0, 13, 0.20581666518655062),
    (0, 50, 0.05815507911697225),
    (1, 50, 0.09139813071969738),
    (2, 200, 0.031142599414083726),
    (5, 200, 0.05184333912029053),
    (3, 32, 0.2248161085892257),
    (10, 80, 0.20280013312109182),
    (0, 2000, 0.0014967448951882837),
    (21, 125, 0.23283463263339643),
    (1, 3, 0.8646496378284161),
    (49, 50, 0.9989746601327679),
    (0, 80, 0.0367541977799823),
    (7, 315, 0.04133332816613927),
];

#[test]
fn the_clopper_pearson_upper_bound_matches_scipys_beta_quantile() {
    for &(x, n, want) in CLOPPER_PEARSON_95 {
        let got = clopper_pearson_upper(x, n, 0.95);
        assert!(close(got, want, 1e-9), "x={x} n={n}: {got} vs {want}");
    }
}

#[test]
fn at_the_upper_bound_seeing_so_few_errors_has_probability_five_percent() {
    for &(x, n, _) in CLOPPER_PEARSON_95 {
        let p = clopper_pearson_upper(x, n, 0.95);
        assert!((pa_binomial(n, x, p) - 0.05).abs() < 1e-9, "x={x} n={n}");
    }
    assert_eq!(clopper_pearson_upper(7, 7, 0.95), 1.0, "all wrong: nothing excluded");
}

/// (x, n, N, max D with hypergeom.cdf(x, N, D, n) > 0.05)
const HYPERGEOMETRIC_95: &[(u64, u64, u64, u64)] =
    &[(0, 50, 300, 15), (1, 50, 300, 25), (5, 200, 5000, 256), (0, 13, 100, 19), (2, 20, 20, 2), (3, 80, 1000, 91)];

#[test]
fn the_finite_lot_bound_on_erroneous_entries_matches_scipys_hypergeometric() {
    for &(x, n, lot, want) in HYPERGEOMETRIC_95 {
        assert_eq!(hypergeometric_upper(x, n, lot, 0.95), want, "x={x} n={n} N={lot}");
    }
}

#[test]
fn the_finite_lot_bound_is_never_looser_than_the_binomial_one_scaled_to_the_lot() {
    for &(x, n, lot, _) in HYPERGEOMETRIC_95 {
        let d = hypergeometric_upper(x, n, lot, 0.95);
        let binomial = (clopper_pearson_upper(x, n, 0.95) * lot as f64).ceil() as u64;
        assert!(d <= binomial, "x={x} n={n} N={lot}: {d} > {binomial}");
    }
}

#[test]
fn the_certificate_states_rate_bound_and_book_count_in_vietnamese() {
    let b = ErrorRateBound::new(1, 50, Some(300));
    assert_eq!(b.rate_percent, 2.0);
    assert!(close(b.upper_95_percent, 9.139813071969738, 1e-9));
    assert_eq!(b.upper_95_entries_in_lot, Some(25));
    assert_eq!(
        b.explain_vi(),
        "Tỉ lệ mục sai trong mẫu: 2,00 % (1/50); với độ tin cậy 95 %, tỉ lệ thật không quá 9,14 % (tức là không quá 25 trên 300 mục của sổ)."
    );
    let whole = ErrorRateBound::new(2, 20, Some(20));
    assert_eq!(whole.upper_95_entries_in_lot, Some(2), "a book inspected whole has exactly what was found");
}

#[test]
fn acceptance_probabilities_match_scipy() {
    assert!(close(pa_binomial(50, 1, 0.01), 0.9105646869039693, 1e-12));
    assert!(close(pa_poisson(50, 1, 0.01), 0.9097959895689501, 1e-12));
    assert!(close(pa_hypergeometric(300, 3, 50, 1), 0.9268591052950551, 1e-12));
    assert!(close(pa_binomial(200, 5, 0.02), 0.7867224657026666, 1e-12));
    assert_eq!(pa_binomial(50, 1, 0.0), 1.0);
    assert_eq!(pa_binomial(50, 1, 1.0), 0.0);
    assert_eq!(pa_hypergeometric(50, 1, 50, 1), 1.0);
    assert_eq!(pa_hypergeometric(50, 2, 50, 1), 0.0, "inspected whole: 2 errors are found");
}

/// (n, Ac, beta.ppf(0.05, Ac + 1, n − Ac), beta.ppf(0.90, Ac + 1, n − Ac))
const BINOMIAL_POINTS: &[(u32, u32, f64, f64)] = &[
    (50, 1, 0.007153719531293804, 0.07558059884532793),
    (200, 5, 0.01314398708718085, 0.04587869036775376),
    (13, 0, 0.003937864227644454, 0.16232235993170813),
    (32, 1, 0.011219494363880114, 0.1161950764521903),
    (80, 3, 0.01725694161667561, 0.08160315536493765),
    (125, 2, 0.00657276233047399, 0.04201590836353252),
];
/// (n, Ac, gamma.ppf(0.05, Ac + 1) / n, gamma.ppf(0.90, Ac + 1) / n)
const POISSON_POINTS: &[(u32, u32, f64, f64)] = &[
    (50, 1, 0.007107230213973239, 0.07779440339734858),
    (200, 5, 0.013065073720981597, 0.04637336946675813),
    (13, 0, 0.003945638029811579, 0.17712193023031123),
    (5, 21, 2.9787477080861957, 5.636854072511875),
];

fn plan_with(n: u32, ac: u32) -> Plan {
    let mut p = Plan::level_ii(1_000_000, Severity::Normal, "1.0".parse().unwrap()).unwrap();
    p.n = n;
    p.ac = ac;
    p.re = ac + 1;
    p
}

#[test]
fn the_95_and_10_percent_points_of_the_oc_curve_match_scipy() {
    for &(n, ac, p95, p10) in BINOMIAL_POINTS {
        let r = plan_with(n, ac).risk(CountingMode::Entries);
        assert!(close(r.p95, 100.0 * p95, 1e-9) && close(r.p10, 100.0 * p10, 1e-9), "n={n} Ac={ac}: {r:?}");
    }
    for &(n, ac, l95, l10) in POISSON_POINTS {
        let r = plan_with(n, ac).risk(CountingMode::Fields);
        assert!(close(r.p95, 100.0 * l95, 1e-9) && close(r.p10, 100.0 * l10, 1e-9), "n={n} Ac={ac}: {r:?}");
    }
}

#[test]
fn the_issue_examples_carry_their_risk() {
    // lot 300 at AQL 1.0: n = 50, Ac 1 → accepted 95 % of the time at 0.72 % nonconforming, 10 % at 7.56 %
    let p = Plan::level_ii(300, Severity::Normal, "1.0".parse().unwrap()).unwrap();
    let r = p.risk(CountingMode::Entries);
    assert_eq!((format!("{:.2}", r.p95), format!("{:.2}", r.p10)), ("0.72".into(), "7.56".into()));
    let p = Plan::level_ii(5_000, Severity::Normal, "1.0".parse().unwrap()).unwrap();
    let r = p.risk(CountingMode::Entries);
    assert_eq!((format!("{:.2}", r.p95), format!("{:.2}", r.p10)), ("1.31".into(), "4.59".into()));
}
