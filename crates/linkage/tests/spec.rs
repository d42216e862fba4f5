//! The linkage engine's behaviour, stated as specifications.
use proptest::prelude::*;
use sohoa_linkage::synth::{generate, SynthConfig};
use sohoa_linkage::{
    compare_dates, compare_names, compare_parent_names, link, link_report, BirthDate, CandidateKind, Decision, ExtractIndex, KeyedRecord,
    LinkOptions, PartialDate, PersonRecord, Sex,
};

fn date(s: &str) -> Option<PartialDate> {
    Some(PartialDate::parse(s).unwrap())
}

fn person(id: &str, name: &str, dob: &str, sex: Sex, father: &str, mother: &str) -> PersonRecord {
    PersonRecord {
        id_number: id.into(),
        full_name: name.into(),
        birth_date: date(dob),
        sex,
        father_name: Some(father.into()),
        mother_name: Some(mother.into()),
        birth_registration_place: Some("Xã Giao Thiện, Huyện Giao Thủy, Tỉnh Nam Định".into()),
        ..Default::default()
    }
}

fn keyed(r: &str, name: &str, dob: &str, sex: Sex, father: &str, mother: &str) -> KeyedRecord {
    KeyedRecord {
        record_ref: r.into(),
        full_name: name.into(),
        birth_date: date(dob),
        sex,
        father_name: Some(father.into()),
        mother_name: Some(mother.into()),
        registration_place: Some("UBND xã Giao Thiện, huyện Giao Thủy".into()),
        ..Default::default()
    }
}

/// A small commune: the people under test plus a few hundred unrelated rows, so that u
/// estimates and frequencies are meaningful.
fn commune(extra: Vec<PersonRecord>) -> Vec<PersonRecord> {
    let data = generate(&SynthConfig { seed: 7, extract_rows: 3000, keyed_entries: 10, ..Default::default() });
    let mut rows = data.extract;
    rows.extend(extra);
    rows
}

// ------------------------------------------------------------------ names

#[test]
fn tone_placement_variants_agree_at_the_stricter_level() {
    // old style "hòa/thủy" and new style "hoà/thuỷ" differ only in where the mark sits
    assert_eq!(compare_names("Nguyễn Thị Hòa", "Nguyễn Thị Hoà").code, "tone_placement");
    assert_eq!(compare_names("LÊ VĂN THỦY", "Lê Văn Thuỷ").code, "tone_placement");
    // NFD input and capitals are still an exact match
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Trần Văn Hùng").collect();
    assert_eq!(compare_names(&nfd, "TRẦN VĂN HÙNG").code, "exact");
    // losing the tone is weaker; losing the vowel quality weaker still
    assert_eq!(compare_names("Trần Văn Hùng", "Trần Văn Hung").code, "toneless");
    assert_eq!(compare_names("Trần Văn Hùng", "Tran Van Hung").code, "folded");
    assert_eq!(compare_names("Lý Thị Mỹ", "Lí Thị Mĩ").code, "phonetic");
}

#[test]
fn name_levels_for_the_usual_clerk_errors() {
    assert_eq!(compare_names("Nguyễn Thị Lan", "Nguyễn Lan").code, "thi_van_omitted");
    assert_eq!(compare_names("Trần Minh Tuấn", "Trần Tuấn").code, "middle_dropped");
    assert_eq!(compare_names("Nguyễn Hà Chi", "Nguyễn Như Chi").code, "middle_differs");
    assert_eq!(compare_names("Nguyễn Văn Hùng", "Nguyễn Văn Hùbg").code, "one_typo");
    assert_eq!(compare_names("Phạm Văn Long", "Trịnh Đức Long").code, "given_only");
    assert_eq!(compare_names("", "Lê Lan").code, "missing");
    assert_eq!(compare_parent_names("Nguyễn Thị Hương", "NGUYỄN THỊ HƯƠNG").code, "exact");
    assert_eq!(compare_parent_names("Nguyễn Thị Hương", "Nguyễn Hương").code, "fuzzy");
}

// ------------------------------------------------------------------ dates

#[test]
fn day_month_swap_is_recognised() {
    assert_eq!(compare_dates(date("03/05/1990").as_ref(), date("05/03/1990").as_ref()).code, "day_month_swapped");
    assert_eq!(compare_dates(date("03/05/1990").as_ref(), date("03/05/1990").as_ref()).code, "exact");
    assert_eq!(compare_dates(date("31/12/1990").as_ref(), date("01/01/1991").as_ref()).code, "near");
    assert_eq!(compare_dates(date("05/1990").as_ref(), date("17/05/1990").as_ref()).code, "same_month_year");
    assert_eq!(compare_dates(date("1990").as_ref(), date("17/05/1990").as_ref()).code, "same_year_partial");
    assert_eq!(compare_dates(date("17/05/1991").as_ref(), date("17/05/1990").as_ref()).code, "year_off");
    assert_eq!(compare_dates(date("17/05/1991").as_ref(), date("02/10/1975").as_ref()).code, "different");
    assert_eq!(compare_dates(None, date("02/10/1975").as_ref()).code, "missing");
}

#[test]
fn a_swapped_date_still_finds_the_person() {
    let target = person("036090001234", "Đỗ Thị Mai", "03/05/1990", Sex::Female, "Đỗ Văn Tâm", "Lê Thị Hoa");
    let index = ExtractIndex::build(commune(vec![target]));
    let q = keyed("K1", "Đỗ Thị Mai", "05/03/1990", Sex::Female, "Đỗ Văn Tâm", "Lê Thị Hoa");
    let c = index.query(&q, 5);
    assert_eq!(c[0].candidate_id, "036090001234");
    let date = c[0].explanation.iter().find(|e| e.field == "birth_date").unwrap();
    assert_eq!(date.level_code, "day_month_swapped");
}

/// The year these specifications are read in (a birth date is not after it): fixed, so that no
/// reading depends on the day the tests run.
const THIS_YEAR: i32 = 2026;

/// A birth date as written, read without its book in [`THIS_YEAR`].
fn read(written: &str) -> (Option<PartialDate>, Option<sohoa_linkage::DateAlternative>) {
    BirthDate::read(written, &BirthDate::context(THIS_YEAR))
}

/// A keyed record whose birth date is written as the register wrote it (issue 10 part 3).
fn keyed_as_written(r: &str, name: &str, written: &str, sex: Sex, father: &str, mother: &str) -> KeyedRecord {
    let (birth_date, birth_date_alt) = read(written);
    KeyedRecord { birth_date, birth_date_alt, ..keyed(r, name, "1900", sex, father, mother) }
}

fn date_level_of_best(index: &ExtractIndex, q: &KeyedRecord, id: &str) -> String {
    let c = index.query(q, 5);
    let hit = c.iter().find(|c| c.candidate_id == id).unwrap_or_else(|| panic!("{id} among the candidates of {:?}", q.birth_date));
    hit.explanation.iter().find(|e| e.field == "birth_date").unwrap().level_code.to_string()
}

#[test]
fn a_historic_date_is_matched_on_every_certain_part_of_it() {
    let mai = person("036060001234", "Đỗ Thị Mai", "05/10/1960", Sex::Female, "Đỗ Văn Tâm", "Lê Thị Hoa");
    let lan = person("036077005678", "Phạm Thị Lan", "16/07/1977", Sex::Female, "Phạm Văn Hải", "Vũ Thị Nga");
    let hoa = person("036060009012", "Trần Thị Hoa", "20/02/1960", Sex::Female, "Trần Văn Bình", "Ngô Thị Lý");
    let index = ExtractIndex::build(commune(vec![mai, lan, hoa]));
    // the solar equivalent of a lunar date (Trung thu 1960 = 05/10/1960)
    let q = keyed_as_written("K1", "Đỗ Thị Mai", "15/8/1960 âm lịch", Sex::Female, "Đỗ Văn Tâm", "Lê Thị Hoa");
    assert_eq!(date_level_of_best(&index, &q, "036060001234"), "exact");
    // an impossible date in US order: its swapped reading, at the day/month-swap level
    let q = keyed_as_written("K2", "Phạm Thị Lan", "07/16/1977", Sex::Female, "Phạm Văn Hải", "Vũ Thị Nga");
    assert_eq!(q.birth_date, date("1977"), "the certain part");
    assert_eq!(date_level_of_best(&index, &q, "036077005678"), "day_month_swapped");
    // an impossible day: its certain month and year (which agree better than the
    // one-digit-off reading 20/02/1960 would)
    let q = keyed_as_written("K3", "Trần Thị Hoa", "30/02/1960", Sex::Female, "Trần Văn Bình", "Ngô Thị Lý");
    assert_eq!(q.birth_date, date("02/1960"));
    assert_eq!(q.birth_date_alt.as_ref().map(|a| (a.date.to_template(), a.level)), Some(("20/02/1960".to_string(), 5)));
    assert_eq!(date_level_of_best(&index, &q, "036060009012"), "same_month_year");
    // a lunar year: the solar year of the same number
    let q = keyed_as_written("K4", "Đỗ Thị Mai", "1960 (âm lịch)", Sex::Female, "Đỗ Văn Tâm", "Lê Thị Hoa");
    assert_eq!(date_level_of_best(&index, &q, "036060001234"), "same_year_partial");
}

#[test]
fn a_plain_date_has_no_other_reading() {
    assert_eq!(read("05/10/1960"), (date("05/10/1960"), None));
    assert_eq!(read("khoảng 1945").0, date("1945"));
}

#[test]
fn a_two_digit_year_is_read_in_the_latest_century_with_the_century_before_as_its_other_reading() {
    // a birth date is never after this year; registers of 1950–2015 hold births of both centuries
    let alt = |t: &str| read(t).1.map(|a| (a.date.to_template(), a.level));
    assert_eq!(read("12/3/85").0, date("12/03/1985"));
    assert_eq!(alt("12/3/85"), Some(("12/03/1885".to_string(), 5)));
    assert_eq!(read("5/3/05").0, date("05/03/2005"));
    assert_eq!(alt("5/3/05"), Some(("05/03/1905".to_string(), 5)));
    // with the book's years, the book decides
    let book = sohoa_vietnamese::DateContext::book(1983, 1987);
    assert_eq!(BirthDate::read("12/3/85", &book).0, date("12/03/1985"));
}

#[test]
fn a_two_digit_year_finds_its_person_in_either_century_when_the_given_name_is_misspelt() {
    let thanh = person("036085001111", "Lê Văn Thành", "12/03/1985", Sex::Male, "Lê Văn Tám", "Đinh Thị Hợi");
    let no = person("036020002222", "Hoàng Thị Nở", "05/03/1920", Sex::Female, "Hoàng Văn Cả", "Mai Thị Dần");
    let index = ExtractIndex::build(commune(vec![thanh, no]));
    // a given name too far off for the name-only pass: only the dated passes can find the row
    let q = keyed_as_written("K1", "Lê Văn Thanb", "12/3/85", Sex::Male, "Lê Văn Tám", "Đinh Thị Hợi");
    assert!(index.query(&q, 5).iter().any(|c| c.candidate_id == "036085001111"));
    // the century before (05/03/2020 is the latest reading, 05/03/1920 the other one)
    let q = keyed_as_written("K2", "Hoàng Thị Lở", "5/3/20", Sex::Female, "Hoàng Văn Cả", "Mai Thị Dần");
    assert_eq!(q.birth_date, date("05/03/2020"));
    assert_eq!(date_level_of_best(&index, &q, "036020002222"), "near");
}

// ------------------------------------------------------------------ blocking

#[test]
fn a_single_error_in_any_one_field_never_hides_the_person() {
    let target = person("036185012345", "Nguyễn Văn Hùng", "12/08/1985", Sex::Male, "Nguyễn Văn Tư", "Trần Thị Lan");
    let index = ExtractIndex::build(commune(vec![target.clone()]));
    let base = keyed("K", "Nguyễn Văn Hùng", "12/08/1985", Sex::Male, "Nguyễn Văn Tư", "Trần Thị Lan");
    let mut variants = vec![];
    for name in ["Nguyễn Văn Hùbg", "Ngyễn Văn Hùng", "Nguyễn Hùng", "NGUYEN VAN HUNG", "Nguyễn Văn Hừng", "Nguyễn Văn Hoàng Hùng"]
    {
        variants.push(KeyedRecord { full_name: name.into(), ..base.clone() });
    }
    for d in ["08/12/1985", "12/08/1986", "1985", "08/1985", "13/08/1985", "12/08/1958"] {
        variants.push(KeyedRecord { birth_date: date(d), ..base.clone() });
    }
    variants.push(KeyedRecord { mother_name: Some("Trần Lan".into()), ..base.clone() });
    variants.push(KeyedRecord { father_name: None, mother_name: None, ..base.clone() });
    variants.push(KeyedRecord { sex: Sex::Unknown, ..base.clone() });
    for v in variants {
        let c = index.query(&v, 5);
        assert!(
            c.iter().any(|c| c.candidate_id == target.id_number),
            "not found for {:?} / {:?}",
            v.full_name,
            v.birth_date.as_ref().map(|d| &d.text)
        );
    }
}

#[test]
fn a_dropped_middle_name_still_finds_the_person() {
    let target = person("036192000777", "Trần Minh Tuấn", "21/04/1992", Sex::Male, "Trần Văn Bình", "Phạm Thị Hạnh");
    let index = ExtractIndex::build(commune(vec![target]));
    let q = keyed("K2", "Trần Tuấn", "21/04/1992", Sex::Male, "Trần Văn Bình", "Phạm Thị Hạnh");
    let c = index.query(&q, 5);
    assert_eq!(c[0].candidate_id, "036192000777");
    assert_eq!(c[0].decision, Decision::Match);
    let name = c[0].explanation.iter().find(|e| e.field == "name").unwrap();
    assert_eq!(name.level_code, "middle_dropped");
}

// ------------------------------------------------------------------ weights

#[test]
fn agreement_on_nguyen_van_hung_weighs_less_than_on_a_rare_name() {
    let mut extra = vec![];
    for i in 0..60 {
        extra.push(person(&format!("0361800{i:05}"), "Nguyễn Văn Hùng", &format!("{:02}/03/1980", i % 28 + 1), Sex::Male, "X Y", "Z W"));
    }
    extra.push(person("036180999999", "Khổng Minh Khiêm", "05/06/1980", Sex::Male, "Khổng Văn Lễ", "Tạ Thị Gấm"));
    let index = ExtractIndex::build(commune(extra));
    let n = index.len();
    let hung = index.score_against(&keyed("K", "Nguyễn Văn Hùng", "01/03/1980", Sex::Male, "X Y", "Z W"), n - 61);
    let khiem = index.score_against(&keyed("K", "Khổng Minh Khiêm", "05/06/1980", Sex::Male, "Khổng Văn Lễ", "Tạ Thị Gấm"), n - 1);
    let w = |c: &sohoa_linkage::Candidate| c.explanation.iter().find(|e| e.field == "name").unwrap().clone();
    assert_eq!(w(&hung).level_code, "exact");
    assert_eq!(w(&khiem).level_code, "exact");
    assert!(w(&hung).tf_adjustment < 0.0, "a common name is discounted: {:?}", w(&hung));
    assert!(w(&khiem).tf_adjustment > 0.0, "a rare name is boosted: {:?}", w(&khiem));
    assert!(w(&hung).weight + 3.0 < w(&khiem).weight);
}

#[test]
fn explanations_sum_to_the_total_weight() {
    let data = generate(&SynthConfig { seed: 3, extract_rows: 4000, keyed_entries: 400, ..Default::default() });
    let cands = link(&data.extract, &data.records, &LinkOptions::default());
    assert!(!cands.is_empty());
    for c in &cands {
        let sum: f64 = c.explanation.iter().map(|e| e.weight).sum();
        assert!((sum - c.score).abs() < 1e-9, "{sum} vs {}", c.score);
        assert_eq!(c.explanation[0].field, "prior");
        assert_eq!(c.explanation.len(), 8);
        assert!(c.explanation.iter().all(|e| !e.level_label.is_empty()));
    }
}

// ------------------------------------------------------------------ decisions

#[test]
fn twins_are_not_both_matched() {
    let a = person("036105000001", "Lê Văn Long", "09/09/2005", Sex::Male, "Lê Văn Tùng", "Hoàng Thị Nga");
    let b = person("036105000002", "Lê Văn Lân", "09/09/2005", Sex::Male, "Lê Văn Tùng", "Hoàng Thị Nga");
    let ka = keyed("KA", "Lê Văn Long", "09/09/2005", Sex::Male, "Lê Văn Tùng", "Hoàng Thị Nga");
    let kb = keyed("KB", "LÊ VĂN LÂN", "09/09/2005", Sex::Male, "Lê Văn Tùng", "Hoàng Thị Nga");
    let extract = commune(vec![a, b]);
    let cands = link(&extract, &[ka.clone(), kb.clone()], &LinkOptions::default());
    let m = |r: &str| {
        cands
            .iter()
            .filter(|c| c.record_ref == r && c.kind == CandidateKind::Person && c.decision == Decision::Match)
            .map(|c| c.candidate_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(m("KA"), vec!["036105000001"]);
    assert_eq!(m("KB"), vec!["036105000002"]);
    // the two twin entries are not one birth registered twice
    assert!(!cands.iter().any(|c| c.kind == CandidateKind::Record && c.decision == Decision::Match));
    // with one twin absent from the extract, the other twin is not given to them
    let only_b: Vec<PersonRecord> = extract.iter().filter(|p| p.id_number != "036105000001").cloned().collect();
    let cands = link(&only_b, &[ka], &LinkOptions::default());
    assert!(cands.iter().all(|c| c.decision != Decision::Match), "{cands:#?}");
}

#[test]
fn two_common_given_names_one_letter_apart_are_not_a_typo() {
    // Nam and Lâm are both frequent given names in the extract: twins named so are two people
    let a = person("036110000001", "Vũ Văn Nam", "02/02/2010", Sex::Male, "Vũ Văn Tùng", "Hoàng Thị Nga");
    let b = person("036110000002", "Vũ Văn Lâm", "02/02/2010", Sex::Male, "Vũ Văn Tùng", "Hoàng Thị Nga");
    let mut extra = vec![a, b];
    for (i, g) in ["Nam", "Lâm", "Nam", "Lâm", "Nam", "Lâm"].iter().enumerate() {
        extra.push(person(&format!("03619000000{i}"), &format!("Đào Văn {g}"), "01/01/1990", Sex::Male, "A B", "C D"));
    }
    let only_b: Vec<PersonRecord> = commune(extra).into_iter().filter(|p| p.id_number != "036110000001").collect();
    let index = ExtractIndex::build(only_b);
    let q = keyed("K", "Vũ Văn Nam", "02/02/2010", Sex::Male, "Vũ Văn Tùng", "Hoàng Thị Nga");
    let c = index.query(&q, 5);
    assert!(c.iter().all(|c| c.decision != Decision::Match), "{c:#?}");
    // while a typo that makes no known name is still a typo
    let q = keyed("K", "Vũ Văn Lâk", "02/02/2010", Sex::Male, "Vũ Văn Tùng", "Hoàng Thị Nga");
    let c = index.query(&q, 5);
    assert_eq!(c[0].explanation[1].level_code, "one_typo");
}

#[test]
fn at_most_one_match_per_record_and_kind_and_five_persons() {
    let data = generate(&SynthConfig { seed: 11, extract_rows: 5000, keyed_entries: 600, ..Default::default() });
    let cands = link(&data.extract, &data.records, &LinkOptions::default());
    let mut per: std::collections::HashMap<(String, CandidateKind), (usize, usize)> = Default::default();
    for c in &cands {
        let e = per.entry((c.record_ref.clone(), c.kind)).or_default();
        e.0 += 1;
        e.1 += (c.decision == Decision::Match) as usize;
        assert!(c.rank as usize == e.0, "ranks are 1..n in order");
        assert!(c.decision == Decision::Possible || c.rank == 1);
    }
    assert!(per.values().all(|&(n, m)| n <= 5 && m <= 1));
}

// ------------------------------------------------------------------ learning

#[test]
fn em_converges_on_a_small_synthetic_set() {
    let data = generate(&SynthConfig { seed: 5, extract_rows: 6000, keyed_entries: 800, ..Default::default() });
    let rep = link_report(&data.extract, &data.records, &LinkOptions::default());
    assert_eq!(rep.person_model.em.len(), 2);
    for s in &rep.person_model.em {
        assert!(s.converged, "{s:?}");
    }
    let truth = data.truth.iter().filter(|t| t.is_some()).count() as f64 / data.truth.len() as f64;
    assert!((rep.person_model.p_present - truth).abs() < 0.05, "{} vs {truth}", rep.person_model.p_present);
    // learnt weights point the right way
    let name = rep.person_model.field(sohoa_linkage::Field::Name);
    assert!(name.m[1] > name.u[1] * 100.0);
    assert!(name.m[name.m.len() - 1] < name.u[name.u.len() - 1]);
    // and the result is good
    let (mut tp, mut fp, mut total) = (0, 0, 0);
    for (i, t) in data.truth.iter().enumerate() {
        total += t.is_some() as usize;
        if let Some(c) =
            rep.candidates.iter().find(|c| c.record_index == i as u32 && c.kind == CandidateKind::Person && c.decision == Decision::Match)
        {
            if Some(c.candidate_index) == *t {
                tp += 1
            } else {
                fp += 1
            }
        }
    }
    let p = tp as f64 / (tp + fp) as f64;
    let r = tp as f64 / total as f64;
    assert!(p > 0.98 && r > 0.97, "precision {p} recall {r}");
}

#[test]
fn model_round_trips_through_json() {
    let m = sohoa_linkage::Model::priors();
    let s = serde_json::to_string(&m).unwrap();
    let back: sohoa_linkage::Model = serde_json::from_str(&s).unwrap();
    for (a, b) in m.fields.iter().zip(&back.fields) {
        assert_eq!(a.field, b.field);
        for (x, y) in a.m.iter().chain(&a.u).zip(b.m.iter().chain(&b.u)) {
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1e-300));
        }
    }
    assert_eq!(m.p_present, back.p_present);
}

// ------------------------------------------------------------------ robustness

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn scoring_never_panics_on_arbitrary_strings(
        a in "\\PC{0,40}", b in "\\PC{0,40}", c in "\\PC{0,20}", d in "[0-9/.-]{0,12}", id in "\\PC{0,16}",
    ) {
        let _ = compare_names(&a, &b);
        let _ = compare_parent_names(&a, &c);
        let p = PersonRecord {
            id_number: id.clone(),
            full_name: a.clone(),
            birth_date: PartialDate::parse(&d).ok(),
            father_name: Some(c.clone()),
            mother_name: Some(b.clone()),
            home_town: Some(c.clone()),
            cmnd: Some(id.clone()),
            ..Default::default()
        };
        let index = ExtractIndex::build(vec![p.clone(), PersonRecord { full_name: b.clone(), ..p.clone() }]);
        let k = KeyedRecord {
            record_ref: "x".into(),
            full_name: b.clone(),
            birth_date: PartialDate::parse(&d).ok(),
            father_name: Some(a.clone()),
            mother_name: Some(c.clone()),
            birth_place: Some(a.clone()),
            id_number: Some(id.clone()),
            ..Default::default()
        };
        for cand in index.query(&k, 5) {
            prop_assert!(cand.score.is_finite());
        }
        let sc = index.score_against(&k, 0);
        prop_assert!(sc.score.is_finite());
        let opts = LinkOptions { u_sample_pairs: 500, ..LinkOptions::default() };
        let _ = link(&[p], &[k.clone(), k], &opts);
    }
}

// ------------------------------------------------------------------ records without a name

/// A keyed record whose name was illegible on the paper: date, sex, parents and place only.
fn nameless(r: &str, dob: &str, sex: Sex, father: &str, mother: &str) -> KeyedRecord {
    keyed(r, "", dob, sex, father, mother)
}

#[test]
fn a_record_without_a_name_finds_its_person_by_birth_date_and_parents_and_goes_to_the_clerk() {
    let target = person("036095004321", "Phan Thị Thu", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let index = ExtractIndex::build(commune(vec![target]));
    let q = nameless("K1", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let c = index.query(&q, 5);
    assert_eq!(c.first().map(|c| c.candidate_id.as_str()), Some("036095004321"), "{c:#?}");
    // the missing name is shown as such, counts for nothing either way, and never makes a match
    assert!(c[0].name_missing());
    let name = c[0].explanation.iter().find(|e| e.field == "name").unwrap();
    assert_eq!((name.level_code.as_ref(), name.weight), ("missing", 0.0));
    assert_eq!(c[0].decision, Decision::Possible, "however well the rest agrees");
    // the same record with its name is an automatic match: only the missing name holds it back
    let named = keyed("K1", "Phan Thị Thu", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    assert_eq!(index.query(&named, 5)[0].decision, Decision::Match);
}

#[test]
fn a_record_without_a_name_does_not_find_a_stranger_born_the_same_day_with_other_parents() {
    let stranger = person("036095008765", "Đặng Thị Hạnh", "14/11/1995", Sex::Female, "Đặng Văn Khoa", "Lò Thị Tươi");
    let index = ExtractIndex::build(commune(vec![stranger]));
    let q = nameless("K1", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let c = index.query(&q, 5);
    assert!(c.iter().all(|c| c.candidate_id != "036095008765"), "the stranger is not shown: {c:#?}");
    // while the stranger's own record (named or not) finds her
    let hers = nameless("K2", "14/11/1995", Sex::Female, "Đặng Văn Khoa", "Lò Thị Tươi");
    assert_eq!(index.query(&hers, 5).first().map(|c| c.candidate_id.as_str()), Some("036095008765"));
}

#[test]
fn a_record_without_a_name_is_not_given_a_person_of_the_other_sex_born_that_day() {
    let brother = person("036095001111", "Phan Văn Tài", "14/11/1995", Sex::Male, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let index = ExtractIndex::build(commune(vec![brother]));
    let q = nameless("K1", "14/11/1995", Sex::Female, "Bùi Văn Tư", "Hà Thị Sen");
    assert!(index.query(&q, 5).iter().all(|c| c.candidate_id != "036095001111"));
}

#[test]
fn a_day_with_thousands_of_births_costs_a_record_without_a_name_no_more_than_its_parents_passes() {
    // a province's extract: 3,000 girls born on one day, none of them related
    let mut extra: Vec<PersonRecord> = (0..3000)
        .map(|i| person(&format!("0360950{i:05}"), "Nguyễn Thị Lan", "14/11/1995", Sex::Female, &format!("Lê Văn T{i}"), "Mai Thị X"))
        .collect();
    extra.push(person("036095004321", "Phan Thị Thu", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm"));
    let extract = commune(extra);
    let q = nameless("K1", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let rep = link_report(&extract, std::slice::from_ref(&q), &LinkOptions { records_vs_records: false, ..Default::default() });
    let c: Vec<_> = rep.candidates.iter().filter(|c| c.kind == CandidateKind::Person).collect();
    assert_eq!(c.first().map(|c| c.candidate_id.as_str()), Some("036095004321"), "found through the parents");
    assert!(c.len() <= 5 && c.iter().all(|c| c.decision == Decision::Possible));
    assert!(
        (rep.stats.person_pairs_compared as usize) < sohoa_linkage::blocking::NAMELESS_DAY_CAP,
        "the day's block is skipped: {} pairs",
        rep.stats.person_pairs_compared
    );
}

#[test]
fn a_birth_keyed_twice_once_without_a_name_is_shown_among_the_records_but_never_matched() {
    let named = keyed("K1", "Phan Thị Thu", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let blank = nameless("K2", "14/11/1995", Sex::Female, "Phan Văn Lợi", "Trịnh Thị Gấm");
    let data = generate(&SynthConfig { seed: 7, extract_rows: 3000, keyed_entries: 200, ..Default::default() });
    let mut records = data.records;
    records.extend([named, blank]);
    let cands = link(&data.extract, &records, &LinkOptions::default());
    let pair: Vec<_> = cands.iter().filter(|c| c.kind == CandidateKind::Record && c.record_ref == "K2").collect();
    assert_eq!(pair.first().map(|c| c.candidate_id.as_str()), Some("K1"), "{pair:#?}");
    assert!(pair[0].name_missing() && pair[0].decision == Decision::Possible);
}
