//! Reduced inspection (ISO 2859-1 §9.3.3, §9.3.4): a commune moves from normal to reduced
//! inspection only when the switching score reaches 30 **and** its production is steady **and**
//! the responsible authority approves, which the supervisor records (who approved, when, who
//! recorded it); withdrawing the approval or irregular production returns it to normal.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::qa::reduced::{self, ConditionsInput};
use sohoa_core::batch::qa::{self, Decision};
use sohoa_core::{model, FieldValue, Session};
use sohoa_qa::Severity;

/// Re-keys every sampled entry exactly as the clerk keyed it and accepts the book; the transition.
fn accept_clean(s: &mut Session, book: i64) -> Option<String> {
    let r = qa::open_review(s, book).unwrap();
    for e in &r.sample {
        let values: Vec<FieldValue> = model::entry::get(s.conn(), e.entry_id).unwrap().fields;
        qa::rekey(s, r.id, e.entry_id, &values).unwrap();
    }
    qa::decide(s, r.id, &Decision { accept: true, reason: String::new() }).unwrap().transition
}

fn approval(approves: bool, steady: bool) -> ConditionsInput {
    ConditionsInput {
        authority_approves: approves,
        production_steady: steady,
        authority: "Sở Tư pháp tỉnh Thái Nguyên".into(),
        reference: "Công văn 123/STP-HCTP".into(),
        approved_on: "01/12/2026".into(),
    }
}

#[test]
fn reduced_inspection_needs_the_score_steady_production_and_the_authority_and_a_withdrawal_returns_to_normal() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    // 17 small books (9 entries: 100 % inspection, Ac 0, +2 per accepted lot)
    let quyens: Vec<String> = (1..=17).map(|i| format!("{i:02}/1991")).collect();
    for q in &quyens {
        checked_ks_book(&mut c, q, 9);
    }
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    let import_id =
        batch::import::imported_packages(s.conn()).unwrap().into_iter().filter(|p| p.kind == "batch").map(|p| p.id).max().unwrap();
    let books: Vec<i64> = batch::review::imported_books(s.conn(), import_id).unwrap().iter().map(|b| b.book.id).collect();
    assert_eq!(books.len(), 17);
    let v = reduced::switching_views(s.conn()).unwrap();
    assert_eq!(v.len(), 1);
    let (scheme, code) = (v[0].commune_scheme.clone(), v[0].commune_code.clone());
    assert!(!v[0].authority_approves && v[0].production_steady && v[0].conditions.is_none());

    // 15 lots accepted: score 30, but without the authority's approval the commune stays on normal
    for &b in &books[..15] {
        assert_eq!(accept_clean(&mut s, b).as_deref(), Some("stay"));
    }
    let v = reduced::switching_view(s.conn(), &scheme, &code).unwrap();
    assert_eq!((v.state.as_str(), v.score, v.score_met, v.reduced_allowed), ("normal", 30, true, false));

    // the clerk cannot record an approval; an approval must name the authority
    assert!(reduced::record_conditions(&mut c, &scheme, &code, &approval(true, true)).is_err());
    let nameless = ConditionsInput { authority: "  ".into(), ..approval(true, true) };
    assert!(reduced::record_conditions(&mut s, &scheme, &code, &nameless).unwrap_err().to_string().contains("cấp có thẩm quyền"));

    // approved, but production irregular: still not allowed
    let v = reduced::record_conditions(&mut s, &scheme, &code, &approval(true, false)).unwrap();
    assert!(v.authority_approves && !v.production_steady && !v.reduced_allowed);
    assert_eq!(v.transition.as_deref(), Some("stay"));

    // all three conditions: the next accepted lot moves the commune to reduced inspection
    let v = reduced::record_conditions(&mut s, &scheme, &code, &approval(true, true)).unwrap();
    assert!(v.reduced_allowed);
    let rec = v.conditions.unwrap();
    assert_eq!((rec.input.authority.as_str(), rec.recorded_by.as_str()), ("Sở Tư pháp tỉnh Thái Nguyên", "giamsat"));
    assert_eq!(accept_clean(&mut s, books[15]).as_deref(), Some("normal_to_reduced"));
    let r = qa::open_review(&mut s, books[16]).unwrap();
    assert_eq!(r.plan.severity, Severity::Reduced);
    assert_eq!(r.inspection_state, "reduced");

    // the authority withdraws its approval: back to normal inspection at once (§9.3.4 c)
    let v = reduced::record_conditions(&mut s, &scheme, &code, &approval(false, true)).unwrap();
    assert_eq!(v.transition.as_deref(), Some("reduced_to_normal_other_conditions"));
    assert_eq!((v.state.as_str(), v.score), ("normal", 0));
    // every record stays on record and is audited
    let n: i64 = s.conn().query_row("SELECT count(*) FROM qa_reduced_condition", [], |r| r.get(0)).unwrap();
    let audited: i64 =
        s.conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'qa.reduced_conditions'", [], |r| r.get(0)).unwrap();
    assert_eq!((n, audited), (3, 3));
}

#[test]
fn irregular_production_recorded_on_reduced_inspection_returns_the_commune_to_normal() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    for i in 1..=16 {
        checked_ks_book(&mut c, &format!("{i:02}/1992"), 9);
    }
    export(&mut c, &dir.join("dot1.sohoa"));
    import(&mut s, &dir.join("dot1.sohoa")).unwrap();
    let v = reduced::switching_views(s.conn()).unwrap();
    let (scheme, code) = (v[0].commune_scheme.clone(), v[0].commune_code.clone());
    // approved from the start: the commune switches as soon as the score reaches 30 (15th lot)
    reduced::record_conditions(&mut s, &scheme, &code, &approval(true, true)).unwrap();
    let import_id =
        batch::import::imported_packages(s.conn()).unwrap().into_iter().filter(|p| p.kind == "batch").map(|p| p.id).max().unwrap();
    let books: Vec<i64> = batch::review::imported_books(s.conn(), import_id).unwrap().iter().map(|b| b.book.id).collect();
    let transitions: Vec<Option<String>> = books[..15].iter().map(|&b| accept_clean(&mut s, b)).collect();
    assert!(transitions[..14].iter().all(|t| t.as_deref() == Some("stay")));
    assert_eq!(transitions[14].as_deref(), Some("normal_to_reduced"));
    let v = reduced::record_conditions(&mut s, &scheme, &code, &approval(true, false)).unwrap();
    assert_eq!(v.transition.as_deref(), Some("reduced_to_normal_irregular_production"));
    assert_eq!(v.state, "normal");
    assert_eq!(qa::open_review(&mut s, books[15]).unwrap().plan.severity, Severity::Normal);
}
