//! Adjudication: the batch run fills the queue, decisions are attributed, reversible (history
//! kept), audited without full ID numbers, survive a newer extract, and travel with batches.
mod dedupe_support;
use dedupe_support::*;
use sohoa_core::dedupe;
use sohoa_core::dedupe::{CandidateKind, DecisionKind, QueueFilter, QueueState};
use sohoa_core::model;
use sohoa_core::CoreError;

/// A workspace with the standard extract, three births of known people and one birth keyed twice.
fn adjudication_workspace(dir: &std::path::Path) -> (sohoa_core::Session, i64, [i64; 5]) {
    let mut s = create(dir);
    import_standard(&mut s);
    let book = ks_book(&mut s);
    for (i, r) in filler(60).iter().enumerate() {
        birth(&mut s, book, &(100 + i).to_string(), &r.1, &r.2, if r.3 == "Nam" { "1" } else { "2" }, &r.4, &r.5);
    }
    let mo = birth(&mut s, book, "1", "Lã Thị Mơ", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    let quy = birth(&mut s, book, "2", "Đinh Văn Quý", "11/07/1985", "1", "Đinh Văn Tạo", "Ma Thị Lụa");
    let hoa = birth(&mut s, book, "3", "Triệu Thị Hòa", "20/01/1985", "2", "Triệu Văn Sáng", "Hoàng Thị Nhàn");
    let twice_a = birth(&mut s, book, "4", "Nông Văn Thắm", "05/05/1985", "1", "Nông Văn Ích", "Lục Thị Én");
    let twice_b = birth(&mut s, book, "9", "Nông Văn Thắm", "05/05/1985", "1", "Nông Văn Ích", "Lục Thị Én");
    (s, book, [mo, quy, hoa, twice_a, twice_b])
}

#[test]
fn the_batch_run_fills_the_queue_best_first_with_counts_of_what_is_left() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [mo, quy, hoa, a, b]) = adjudication_workspace(&tmp.path().join("ws"));
    let run = dedupe::run_dedupe(&mut s).unwrap();
    assert_eq!(run.entries, 65);
    assert!(run.person_matches >= 60, "{run:?}");
    let q = dedupe::dedupe_queue(&s, QueueFilter::Pending, 0, 1000).unwrap();
    assert_eq!(q.counts.pending, q.items.len());
    let ids: Vec<i64> = q.items.iter().map(|i| i.entry_id).collect();
    for e in [mo, quy, hoa, a, b] {
        assert!(ids.contains(&e), "entry {e} is in the queue");
    }
    assert!(q.items.windows(2).all(|w| w[0].best_score >= w[1].best_score), "best first");
    let ia = q.items.iter().find(|i| i.entry_id == a).unwrap();
    assert_eq!(ia.records, 1);
    assert!(q.last_run.is_some() && q.extract.is_some());
}

#[test]
fn a_same_person_decision_links_the_id_number_beside_the_entry_and_can_be_undone() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [mo, ..]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    let before = dedupe::dedupe_queue(&s, QueueFilter::All, 0, 1000).unwrap().counts;
    let d = dedupe::decide_candidate(
        &mut s,
        mo,
        CandidateKind::Person,
        "019185001234",
        DecisionKind::SamePerson,
        Some("đối chiếu với sổ hộ khẩu"),
    )
    .unwrap();
    assert_eq!((d.decision, d.decided_by.as_str()), (DecisionKind::SamePerson, "canbo"));
    assert_eq!(dedupe::linked_id_number(s.conn(), mo).unwrap().as_deref(), Some("019185001234"));
    // the register keeps what was written
    let e = model::entry::get(s.conn(), mo).unwrap();
    assert!(e.fields.iter().all(|f| !f.value.contains("019185001234")));
    let after = dedupe::dedupe_queue(&s, QueueFilter::All, 0, 1000).unwrap().counts;
    assert_eq!(after.linked, 1);
    assert!(after.pending < before.pending || after.undecided_candidates < before.undecided_candidates);
    let item = dedupe::dedupe_queue(&s, QueueFilter::All, 0, 1000).unwrap().items.into_iter().find(|i| i.entry_id == mo).unwrap();
    assert_eq!(item.linked_id.as_deref(), Some("019*******34"));
    // undo
    dedupe::withdraw_decision(&mut s, mo, CandidateKind::Person, "019185001234").unwrap();
    assert_eq!(dedupe::linked_id_number(s.conn(), mo).unwrap(), None);
    let again = dedupe::dedupe_queue(&s, QueueFilter::All, 0, 1000).unwrap().counts;
    assert_eq!((again.pending, again.linked), (before.pending, 0));
    let h = dedupe::decision_history(s.conn(), mo, CandidateKind::Person, "019185001234").unwrap();
    let kinds: Vec<DecisionKind> = h.iter().map(|r| r.decision).collect();
    assert_eq!(kinds, vec![DecisionKind::SamePerson, DecisionKind::Withdrawn]);
    assert_eq!(h[0].note.as_deref(), Some("đối chiếu với sổ hộ khẩu"));
    // history rows cannot be rewritten
    assert!(s.conn().execute("UPDATE dedupe_decision SET decision = 'not_same'", []).is_err());
    assert!(s.conn().execute("DELETE FROM dedupe_decision", []).is_err());
}

#[test]
fn decisions_are_audited_with_masked_id_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [mo, _, _, a, b]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, None).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::NotSame, None).unwrap();
    dedupe::decide_candidate(&mut s, a, CandidateKind::Record, &b.to_string(), DecisionKind::DuplicateEntry, None).unwrap();
    let rows = audit_rows(&s, "dedupe.decide");
    assert_eq!(rows.len(), 3);
    assert!(rows[0].contains("019*******34") && rows[0].contains("same_person"));
    assert!(rows[1].contains("\"previous\":\"same_person\""));
    for r in &rows {
        assert!(!r.contains("019185001234"), "{r}");
    }
    let verified = sohoa_core::session::audit::verify(s.conn()).unwrap();
    assert_eq!(verified.problem, None);
}

#[test]
fn a_record_pair_decided_from_one_side_is_settled_for_both() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [.., a, b]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, b, CandidateKind::Record, &a.to_string(), DecisionKind::ReRegistration, None).unwrap();
    let c = dedupe::adjudication_candidates(&mut s, a).unwrap();
    let r = c.records.iter().find(|r| r.candidate_id == b.to_string()).unwrap();
    assert_eq!(r.decision.as_ref().unwrap().decision, DecisionKind::ReRegistration);
    let q = dedupe::dedupe_queue(&s, QueueFilter::All, 0, 1000).unwrap();
    for e in [a, b] {
        let it = q.items.iter().find(|i| i.entry_id == e).unwrap();
        assert!(it.undecided <= it.persons, "the record pair is settled for {e}");
    }
    // person decisions do not fit record pairs
    let err = dedupe::decide_candidate(&mut s, a, CandidateKind::Record, &b.to_string(), DecisionKind::SamePerson, None).unwrap_err();
    assert!(matches!(err, CoreError::Invalid { .. }));
}

#[test]
fn an_unsure_decision_goes_to_the_supervisor_list() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [_, quy, ..]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    let c = dedupe::adjudication_candidates(&mut s, quy).unwrap();
    for p in &c.persons {
        dedupe::decide_candidate(&mut s, quy, CandidateKind::Person, &p.candidate_id, DecisionKind::Unsure, Some("chữ mờ")).unwrap();
    }
    let q = dedupe::dedupe_queue(&s, QueueFilter::Unsure, 0, 100).unwrap();
    let it = q.items.iter().find(|i| i.entry_id == quy).expect("in the supervisor's list");
    assert_eq!(it.state, QueueState::Unsure);
    assert!(q.counts.unsure >= 1);
}

#[test]
fn a_second_same_person_for_one_entry_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [mo, ..]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, None).unwrap();
    let err = dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019085004321", DecisionKind::SamePerson, None).unwrap_err();
    assert!(matches!(err, CoreError::Conflict(_)), "{err:?}");
    assert!(err.message_vi().contains("019*******34"));
}

#[test]
fn replacing_the_extract_keeps_the_decisions_made_against_the_old_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, book, [mo, quy, ..]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, None).unwrap();
    dedupe::decide_candidate(&mut s, quy, CandidateKind::Person, "019085004321", DecisionKind::NotSame, None).unwrap();
    let old = dedupe::extract_info(s.conn()).unwrap().unwrap();
    // a newer extract: fewer residents, same people
    let r = dedupe::import_extract_csv(&mut s, &extract_csv(100, &[]), "Công an xã Phú Lương", "2025-09-30").unwrap();
    assert_eq!(r.replaced.as_ref().map(|x| x.id), Some(old.id));
    let rows: i64 = s.conn().query_row("SELECT count(*) FROM extract_person", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 103, "only the new extract's rows are kept");
    let hist = dedupe::extract_history(s.conn()).unwrap();
    assert_eq!((hist.len(), hist[0].active, hist[1].active), (2, true, false));
    // decisions and the link survive, and are shown against the new extract
    assert_eq!(dedupe::linked_id_number(s.conn(), mo).unwrap().as_deref(), Some("019185001234"));
    dedupe::run_dedupe(&mut s).unwrap();
    let c = dedupe::adjudication_candidates(&mut s, mo).unwrap();
    let p = c.persons.iter().find(|p| p.candidate_id == "019185001234").unwrap();
    assert_eq!(p.decision.as_ref().unwrap().decision, DecisionKind::SamePerson);
    assert!(p.person.as_ref().unwrap().in_extract);
    let c = dedupe::adjudication_candidates(&mut s, quy).unwrap();
    let p = c.persons.iter().find(|p| p.candidate_id == "019085004321").unwrap();
    assert_eq!(p.decision.as_ref().unwrap().decision, DecisionKind::NotSame);
    let recs = dedupe::decisions_for_books(s.conn(), &[book]).unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].extract_date.as_deref(), Some("2025-06-30"), "made against the old extract");
}

#[test]
fn decisions_for_books_carry_the_whole_history_for_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, book, [mo, _, _, a, b]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::Unsure, None).unwrap();
    dedupe::decide_candidate(&mut s, mo, CandidateKind::Person, "019185001234", DecisionKind::SamePerson, None).unwrap();
    dedupe::decide_candidate(&mut s, a, CandidateKind::Record, &b.to_string(), DecisionKind::DuplicateEntry, Some("nhập hai lần")).unwrap();
    let recs = dedupe::decisions_for_books(s.conn(), &[book]).unwrap();
    assert_eq!(recs.len(), 3);
    assert!(!recs[0].current && recs[1].current && recs[2].current);
    assert_eq!(recs[1].candidate_id, "019185001234");
    assert_eq!(recs[2].candidate_book_id, Some(book));
    let line = serde_json::to_string(&recs[2]).unwrap();
    assert!(
        line.contains("\"decision\":\"duplicate_entry\"") && line.contains("\"kind\":\"record\"") && line.contains("\"formatVersion\":1"),
        "{line}"
    );
    assert!(dedupe::decisions_for_books(s.conn(), &[book + 100]).unwrap().is_empty());
}

#[test]
fn a_decision_stays_in_view_when_a_newer_extract_no_longer_holds_that_person() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _, [_, quy, ..]) = adjudication_workspace(&tmp.path().join("ws"));
    dedupe::run_dedupe(&mut s).unwrap();
    dedupe::decide_candidate(&mut s, quy, CandidateKind::Person, "019085004321", DecisionKind::NotSame, Some("khác cha mẹ")).unwrap();
    // the newer extract no longer lists that person (moved away, or corrected)
    let newer: String = String::from_utf8(extract_csv(100, &[]))
        .unwrap()
        .lines()
        .filter(|l| !l.contains("019085004321"))
        .map(|l| format!("{l}\n"))
        .collect();
    dedupe::import_extract_csv(&mut s, newer.as_bytes(), "Công an xã Phú Lương", "2025-09-30").unwrap();
    dedupe::run_dedupe(&mut s).unwrap();
    let c = dedupe::adjudication_candidates(&mut s, quy).unwrap();
    let p = c.persons.iter().find(|p| p.candidate_id == "019085004321").expect("the decided pair is still shown");
    assert_eq!(p.decision.as_ref().unwrap().decision, DecisionKind::NotSame);
    assert_eq!(p.decision.as_ref().unwrap().note.as_deref(), Some("khác cha mẹ"));
    assert!(!p.live && !p.person.as_ref().unwrap().in_extract, "shown as not in the current extract");
}
