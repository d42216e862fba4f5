//! Candidates of one entry: the extract rows that may be its person and the other entries that
//! may be the same birth, with a readable explanation. The extract is never readable in bulk:
//! one entry's candidates are the only read path, ID numbers are masked outside adjudication,
//! and every lookup is audited.
mod dedupe_support;
use dedupe_support::*;
use sohoa_core::dedupe;
use sohoa_core::dedupe::{Band, CandidateKind};
use sohoa_core::model;

#[test]
fn a_keyed_birth_finds_its_person_in_the_extract_with_a_field_by_field_explanation() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    // keyed with the old tone placement and the day and month swapped
    let e = birth(&mut s, book, "12", "Triệu Thị Hòa", "01/20/1985", "2", "Triệu Văn Sáng", "Hoàng Thị Nhàn");
    let e = {
        // 01/20/1985 is not a date; the clerk keyed 20/01 as written in the book
        s.write(|w| model::entry::set_field(w, e, &fv("nksNgaySinh", "20/01/1985"))).unwrap();
        e
    };
    let c = dedupe::candidates_for_entry(&mut s, e).unwrap();
    assert!(c.checked && c.has_extract);
    let best = &c.persons[0];
    assert_eq!(best.kind, CandidateKind::Person);
    assert_eq!(best.band, Band::Match);
    assert_eq!(best.candidate_id, "019*******77", "masked in the interactive check");
    let p = best.person.as_ref().unwrap();
    assert_eq!((p.full_name.as_str(), p.birth_date.as_str(), p.sex.as_str()), ("Triệu Thị Hoà", "20/01/1985", "Nữ"));
    assert!(p.id_masked);
    let name = best.explanation.iter().find(|x| x.field == "name").unwrap();
    assert_eq!(name.level_code, "tone_placement");
    assert!(name.weight > 0.0);
    let fields: Vec<&str> = best.explanation.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, vec!["prior", "name", "birth_date", "sex", "father", "mother", "place", "id_number"]);
    let sum: f64 = best.explanation.iter().map(|x| x.weight).sum();
    assert!((sum - best.score).abs() < 1e-6, "the explanation adds up to the score");
    assert!(c.persons.len() <= 5);
}

#[test]
fn an_extract_row_with_an_odd_sex_is_a_candidate_showing_the_sex_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let odd = "908,014185097531,Vàng Thị Mỷ,05/05/1985,X,Hmông,\"xã Yên Ninh, Phú Lương\",Vàng Văn Páo,Lý Thị Dín";
    let r = dedupe::import_extract_csv(&mut s, &extract_csv(300, &[odd]), "Công an xã Phú Lương", "2025-06-30").unwrap();
    assert_eq!(r.rows_rejected, 0, "kept (issue 10): {:?}", r.line_errors);
    let book = ks_book(&mut s);
    let e = birth(&mut s, book, "13", "Vàng Thị Mỷ", "05/05/1985", "2", "Vàng Văn Páo", "Lý Thị Dín");
    let c = dedupe::candidates_for_entry(&mut s, e).unwrap();
    let best = &c.persons[0];
    assert_eq!(best.candidate_id, "014*******31");
    assert_eq!(best.person.as_ref().unwrap().sex, "X", "as the extract wrote it");
    let sex = best.explanation.iter().find(|x| x.field == "sex").unwrap();
    assert_eq!(sex.level_code, "missing", "an unknown sex is not compared");
}

#[test]
fn a_day_month_swap_is_explained_in_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    let e = birth(&mut s, book, "13", "Đinh Văn Quý", "07/11/1985", "1", "Đinh Văn Tạo", "Ma Thị Lụa");
    let c = dedupe::candidates_for_entry(&mut s, e).unwrap();
    let best = &c.persons[0];
    let date = best.explanation.iter().find(|x| x.field == "birth_date").unwrap();
    assert_eq!(date.level_code, "day_month_swapped");
    assert_eq!(date.label, "Đảo ngày và tháng");
    assert_eq!(date.field_label, "Ngày sinh");
}

#[test]
fn the_same_birth_keyed_twice_is_a_record_candidate() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    for (i, r) in filler(120).iter().enumerate() {
        birth(&mut s, book, &(100 + i).to_string(), &r.1, &r.2, if r.3 == "Nam" { "1" } else { "2" }, &r.4, &r.5);
    }
    let a = birth(&mut s, book, "12", "Lã Thị Mơ", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    let b = birth(&mut s, book, "57", "LÃ THỊ MƠ", "2/3/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    let c = dedupe::candidates_for_entry(&mut s, b).unwrap();
    assert!(!c.has_extract);
    assert!(c.persons.is_empty());
    assert_eq!(c.records.len(), 1, "{:?}", c.records.iter().map(|r| &r.candidate_id).collect::<Vec<_>>());
    let r = &c.records[0];
    assert_eq!(r.candidate_id, a.to_string());
    let f = r.record.as_ref().unwrap();
    assert_eq!((f.entry_id, f.so.as_deref(), f.full_name.as_deref()), (a, Some("12"), Some("Lã Thị Mơ")));
    // editing the entry being keyed does not hide the other one
    s.write(|w| model::entry::set_field(w, b, &fv("nksNoiSinh", "Trạm y tế xã Yên Lạc"))).unwrap();
    let c = dedupe::candidates_for_entry(&mut s, b).unwrap();
    assert_eq!(c.records[0].candidate_id, a.to_string());
    // a third copy keyed later shows up for the first
    let d = birth(&mut s, book, "58", "Lã Thị Mơ", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    let c = dedupe::candidates_for_entry(&mut s, a).unwrap();
    let ids: Vec<String> = c.records.iter().map(|r| r.candidate_id.clone()).collect();
    assert!(ids.contains(&b.to_string()) && ids.contains(&d.to_string()), "{ids:?}");
}

#[test]
fn every_lookup_is_audited_with_masked_id_numbers_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    let e = birth(&mut s, book, "12", "Lã Thị Mơ", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    dedupe::candidates_for_entry(&mut s, e).unwrap();
    let full = dedupe::adjudication_candidates(&mut s, e).unwrap();
    assert_eq!(full.persons[0].candidate_id, "019185001234", "adjudication shows the full ID to link it");
    assert!(!full.persons[0].person.as_ref().unwrap().id_masked);
    let rows = audit_rows(&s, "extract.lookup");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].contains("\"purpose\":\"check\"") && rows[1].contains("\"purpose\":\"adjudication\""));
    for r in &rows {
        assert!(r.contains("019*******34"), "{r}");
        assert!(!r.contains("019185001234") && !r.contains("Mơ"), "{r}");
    }
}

#[test]
fn the_extract_can_only_be_read_as_the_candidates_of_one_entry() {
    // The public API of the dedupe module offers metadata and per-entry candidates, nothing that
    // lists extract rows: this test reads the module's public functions and fails when one is
    // added that is not on this list (think before adding it: domain.md §6.3).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/dedupe");
    let mut public = vec![];
    for f in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(f.unwrap().path()).unwrap();
        for line in src.lines() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("pub fn ") {
                public.push(rest.split(['(', '<']).next().unwrap().to_string());
            }
        }
    }
    public.sort();
    public.dedup();
    let allowed = [
        // extract: metadata and import only
        "preview_extract",
        "import_extract",
        "import_extract_file",
        "import_extract_csv",
        "extract_info",
        "extract_history",
        // one entry at a time
        "candidates_for_entry",
        "adjudication_candidates",
        // batch run, queue, decisions
        "run_dedupe",
        "run_dedupe_with_progress",
        "run_dedupe_with",     // the same run with a cancel flag (issue 14 §5): a report of counts only
        "import_extract_with", // the extract import with a cancel flag (issue 14 §5): counts only
        // `sohoa dedupe` on two files the person holds (dedupe/files.rs): they read those files,
        // never the workspace's extract, and what they give goes to MATCHES.csv
        "read_extract_for_matching",
        "read_records_for_matching",
        "match_for_files",
        "write_matches_for_files",
        "write_matches_csv",
        "dedupe_queue",
        "last_dedupe_run",
        "decide_candidate",
        "withdraw_decision",
        "decision_history",
        "linked_id_number",
        "decisions_for_books",
        // helpers without data access
        "code",
        "parse",
        "label",
        "label_vi",
        "required",
        "stored",
        "header_key",
        "column_for_header",
        "is_known_extra",
        "propose",
        "as_str",
        "index_of",
        "missing_required",
        "validate",
        "read_table",
        "read_rows",
        "read_records_csv",
        "subject_fields",
        "checked_book_types",
        "all",
        "record",
        "finished_record", // the same, for a finished entry (a nameless one with a birth date)
        // keyed entries (never extract rows): the person an entry names, for the adjudication screen
        "person",
        "entry_with_person",
    ];
    let extra: Vec<&String> = public.iter().filter(|p| !allowed.contains(&p.as_str())).collect();
    assert!(extra.is_empty(), "new public functions in dedupe: {extra:?}");
    // and the metadata carries no rows
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let info = serde_json::to_string(&dedupe::extract_info(s.conn()).unwrap()).unwrap();
    assert!(!info.contains("0191") && !info.contains("Mơ"), "{info}");
}

#[test]
fn an_entry_without_a_name_or_of_an_unchecked_type_has_no_candidates_and_no_lookup_is_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    let e = s.write(|w| model::entry::create(w, book, &[fv("so", "1")], None)).unwrap();
    let c = dedupe::candidates_for_entry(&mut s, e).unwrap();
    assert!(!c.checked && c.persons.is_empty() && c.records.is_empty());
    assert!(c.has_extract);
    assert!(audit_rows(&s, "extract.lookup").is_empty());
}

/// A finished birth entry whose child's name was illegible on the paper: date, sex and parents.
fn nameless_birth(s: &mut sohoa_core::Session, book: i64, so: &str, dob: &str, sex: &str, father: &str, mother: &str) -> i64 {
    birth_named(s, book, so, None, dob, sex, father, mother)
}

#[test]
fn a_finished_entry_whose_name_was_illegible_finds_its_person_by_date_and_parents_and_goes_to_the_clerk() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    let e = nameless_birth(&mut s, book, "21", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    // the adjudication screen (a finished entry): found, shown without a name, never a match
    let c = dedupe::adjudication_candidates(&mut s, e).unwrap();
    assert!(c.checked);
    let best = c.persons.first().expect("a person candidate");
    assert_eq!((best.candidate_id.as_str(), best.band), ("019185001234", Band::Possible));
    let name = best.explanation.iter().find(|x| x.field == "name").unwrap();
    assert_eq!((name.level_code.as_str(), name.label.as_str(), name.weight), ("missing", "Thiếu họ tên", 0.0));
    // the duplicate run over keyed entries stores it for the clerk's queue, as `possible`
    dedupe::run_dedupe(&mut s).unwrap();
    let stored: Vec<(String, String)> = s
        .conn()
        .prepare("SELECT candidate_id, band FROM dedupe_candidate WHERE entry_id = ?1 AND kind = 'person' ORDER BY rank")
        .unwrap()
        .query_map([e], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.first().map(|(id, band)| (id.as_str(), band.as_str())), Some(("019185001234", "possible")));
}

#[test]
fn a_finished_entry_without_a_name_is_not_given_a_stranger_born_the_same_day() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    // Lã Thị Mơ's birthday, other parents
    let e = nameless_birth(&mut s, book, "22", "02/03/1985", "2", "Nông Văn Dũng", "Hà Thị Sen");
    let c = dedupe::adjudication_candidates(&mut s, e).unwrap();
    assert!(c.checked);
    assert!(
        c.persons.iter().all(|p| p.candidate_id != "019185001234"),
        "{:?}",
        c.persons.iter().map(|p| &p.candidate_id).collect::<Vec<_>>()
    );
}

#[test]
fn the_check_while_keying_still_skips_an_entry_with_no_name_yet() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let book = ks_book(&mut s);
    // half keyed: date and parents typed, the name not yet — it would match everyone born that day
    let e = nameless_birth(&mut s, book, "23", "02/03/1985", "2", "Lã Văn Khuê", "Khúc Thị Nguyệt");
    let c = dedupe::candidates_for_entry(&mut s, e).unwrap();
    assert!(!c.checked && c.persons.is_empty() && c.records.is_empty());
    assert!(audit_rows(&s, "extract.lookup").is_empty(), "nothing was looked up");
}
