//! `sohoa review plan` prints the ISO 2859-1 plan actually used in one line, the full plan and its
//! risk in JSON, and refuses an AQL the table does not have with exit status 2.
use std::process::{Command, Output};

fn review_plan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sohoa")).args(["review", "plan"]).args(args).env_remove("SOHOA_PASSWORD").output().unwrap()
}

fn line(args: &[&str]) -> String {
    let out = review_plan(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_plan_is_one_line_naming_the_lot_letter_when_the_arrows_moved_it() {
    assert_eq!(line(&["--lot", "300", "--aql", "1.0"]), "code=H n=50 Ac=1 Re=2\n");
    assert_eq!(line(&["--lot", "5000", "--aql", "1.0"]), "code=L n=200 Ac=5 Re=6\n");
    assert_eq!(line(&["--lot", "100", "--aql", "1.0"]), "code=E (lot letter F) n=13 Ac=0 Re=1\n");
    assert_eq!(line(&["--lot", "300", "--aql", "1.0", "--severity", "tightened"]), "code=J (lot letter H) n=80 Ac=1 Re=2\n");
    assert_eq!(
        line(&["--lot", "125", "--aql", "1.0", "--severity", "reduced", "--level", "III"]),
        "code=J (lot letter G) n=32 Ac=1 Re=2\n"
    );
    assert_eq!(line(&["--lot", "50000", "--aql", "0.25", "--level", "S-4"]), "code=H (lot letter J) n=50 Ac=0 Re=1\n");
}

#[test]
fn a_sample_as_large_as_the_book_is_printed_as_100_percent_of_the_book() {
    assert_eq!(line(&["--lot", "10", "--aql", "1,0"]), "code=E (lot letter B) n=10 Ac=0 Re=1 100%\n");
}

#[test]
fn an_aql_the_table_does_not_have_is_refused_with_exit_status_2() {
    let out = review_plan(&["--lot", "300", "--aql", "0.7"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("AQL") && err.contains("0.7") && err.contains("[qa.unknown_aql]"), "{err}");
    for bad in [["--lot", "0", "--aql", "1.0"], ["--lot", "300", "--aql", "abc"]] {
        assert_eq!(review_plan(&bad).status.code(), Some(2), "{bad:?}");
    }
    let out = review_plan(&["--lot", "300", "--aql", "1.0", "--severity", "strict"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("qa.unknown_severity"));
}

#[test]
fn json_carries_the_full_plan_and_the_risk_in_both_counting_views() {
    let out = review_plan(&["--lot", "300", "--aql", "1.0", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"], "code=H n=50 Ac=1 Re=2");
    assert_eq!(v["plan"]["code"], "H");
    assert_eq!(v["plan"]["lot_code"], "H");
    assert_eq!(v["plan"]["n"], 50);
    assert_eq!(v["plan"]["ac"], 1);
    assert_eq!(v["plan"]["re"], 2);
    assert_eq!(v["plan"]["severity"], "normal");
    assert_eq!(v["plan"]["aql"], 1.0);
    assert_eq!(v["plan"]["full_inspection"], false);
    // SciPy beta.ppf(0.05, 2, 49) = 0.0071537…, beta.ppf(0.90, 2, 49) = 0.0755806…
    let p95 = v["p95_percent"].as_f64().unwrap();
    let p10 = v["p10_percent"].as_f64().unwrap();
    assert!((p95 - 0.7153719531293804).abs() < 1e-8 && (p10 - 7.558059884532793).abs() < 1e-8, "{p95} {p10}");
    assert!(v["risk_fields"]["p95_percent"].as_f64().unwrap() > 0.0);
    assert!(v["explain_vi"].as_str().unwrap().starts_with("Sổ có 300 mục"));
    // above AQL 10 only the per-100-entries view exists
    let v: serde_json::Value = serde_json::from_slice(&review_plan(&["--lot", "300", "--aql", "25", "--format", "json"]).stdout).unwrap();
    assert!(v["risk_entries"].is_null());
    assert_eq!(v["counting"], "fields");
}
