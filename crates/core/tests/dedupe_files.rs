//! `sohoa dedupe` matches the two files in memory (`dedupe::files`) instead of importing them
//! into a throwaway workspace: the same records are kept and refused, records whose only fault
//! is a doubtful date are still matched, and MATCHES.csv is byte for byte the file the
//! workspace way writes (import the extract, import the records into new books, batch run,
//! MATCHES.csv from the stored candidates).
#[path = "common/mod.rs"]
mod common;
use common::create;
use sohoa_core::dedupe::{self, files};
use sohoa_core::import;
use sohoa_core::BookType;
use sohoa_linkage::synth::{extract_cells, generate, record_cells, RecordPlace, SynthConfig, EXTRACT_COLUMNS, RECORD_COLUMNS};
use std::collections::HashMap;

/// A synthetic extract and records file (the engine's generator, with historic dates) spread
/// over `books` books, plus the oddities a commune's files hold: historic and impossible dates,
/// unreadable markers, odd genders, `1/2010` beside `01/2010`, and rows the import refuses
/// (no reference, a repeated one, no book in a file of several, a wrong field count).
fn files_with_oddities(books: usize) -> (Vec<u8>, Vec<u8>) {
    let data = generate(&SynthConfig { seed: 7, extract_rows: 2_500, keyed_entries: 500, historic_dates: 0.05, ..Default::default() });
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(EXTRACT_COLUMNS).unwrap();
    for (i, p) in data.extract.iter().enumerate() {
        let mut cells = extract_cells(p);
        let (id, dob) = (0, 2); // the ID number's and the birth date's columns
        match i % 400 {
            7 => cells[dob] = "31/02/1990".to_string(),
            8 => cells[dob].clear(),
            9 => cells[dob] = "khoảng 1962".to_string(),
            _ => {}
        }
        if i % 500 == 3 {
            cells[id] = "12345".to_string();
        }
        w.write_record(cells).unwrap();
    }
    let extract = w.into_inner().unwrap();

    let mut out = String::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(RECORD_COLUMNS).unwrap();
    for (i, r) in data.records.iter().enumerate() {
        let b = i % books;
        let quyen = match (i % 97, b % 2) {
            (5, _) => String::new(),                               // no book in a file of several: refused
            (6, _) => "???".to_string(),                           // unreadable book number: refused too
            (_, 0) => format!("{}/{}", 1 + b / 60, 1956 + b % 60), // 1/1957 …
            _ => format!("{:02}/{}", 1 + b / 60, 1956 + b % 60),   // … 01/1957: the same book
        };
        let dob = match i % 50 {
            1 => Some("1960 (âm lịch)"),
            2 => Some("khoảng 1945"),
            3 => Some("30/02/1960"),
            4 => Some("12/3/85"),
            5 => Some("ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi"),
            6 => Some("[không đọc được]"),
            _ => None,
        };
        let mut r = r.clone();
        if i % 43 == 1 {
            r.father_name = Some("???".to_string());
        }
        if i % 89 == 1 {
            r.full_name.clear(); // kept, matched on its date and parents
        }
        r.record_ref = match i % 113 {
            1 => String::new(),                          // no reference: refused
            2 => data.records[i - 1].record_ref.clone(), // repeated: refused
            _ => r.record_ref,
        };
        let at =
            RecordPlace { so: ((i % 400) + 1).to_string(), quyen_so: quyen, trang_so: ((i % 400) / 4 + 1).to_string(), written_date: dob };
        let mut cells = record_cells(&r, at);
        let gender = 7; // gioi_tinh
        match i % 61 {
            1 => cells[gender] = "x".to_string(),
            2 => cells[gender].clear(),
            3 => cells[gender] = "1".to_string(),
            _ => {}
        }
        w.write_record(cells).unwrap();
    }
    out.push_str(std::str::from_utf8(&w.into_inner().unwrap()).unwrap());
    out.push_str("R-EXTRA,1,01/1957,1,,Nguyễn Văn Thừa,01/01/1957,Nam,,,,,,,,,một ô thừa\n"); // wrong field count: refused
    (extract, out.into_bytes())
}

/// MATCHES.csv the workspace way (what `sohoa dedupe` did before), and the import's report.
fn matches_via_workspace(extract: &[u8], records: &[u8]) -> (Vec<u8>, import::ImportReport) {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    dedupe::import_extract_file(&mut s, extract, "E.csv", "tệp E.csv", "2025-06-30").unwrap();
    let preview = import::preview(records, "R.csv", BookType::Ks).unwrap();
    let mapping = import::ImportMapping::from_preview(&preview);
    let rec = import::import_into_new_book(&mut s, BookType::Ks, records, &mapping).unwrap();
    dedupe::run_dedupe(&mut s).unwrap();
    let mut refs = HashMap::new();
    for b in &rec.books {
        refs.extend(import::entry_source_refs(s.conn(), b.book_id).unwrap());
    }
    let mut out = Vec::new();
    dedupe::write_matches_csv(&mut s, &mut out, &|id| refs.get(&id).cloned()).unwrap();
    (out, rec)
}

/// MATCHES.csv in memory (what `sohoa dedupe` does now).
fn matches_in_memory(extract: &[u8], records: &[u8]) -> (Vec<u8>, files::RecordsForMatching) {
    let tmp = tempfile::tempdir().unwrap();
    let s = create(&tmp.path().join("ws"));
    let ext = files::read_extract_for_matching(extract, "E.csv").unwrap();
    let rec = files::read_records_for_matching(&s, records, "R.csv").unwrap();
    let report = files::match_for_files(&ext.persons, &rec.records, None);
    let mut out = Vec::new();
    files::write_matches_for_files(&mut out, &rec.records, &report).unwrap();
    (out, rec)
}

#[test]
fn matching_the_files_in_memory_writes_the_same_matches_csv_as_the_workspace_way() {
    let (extract, records) = files_with_oddities(37);
    let (before, imported) = matches_via_workspace(&extract, &records);
    let (after, read) = matches_in_memory(&extract, &records);
    assert!(imported.books.len() > 30, "the records span many books: {}", imported.books.len());
    assert!(before.len() > 1000, "candidates were written");
    assert_eq!(
        String::from_utf8(after).unwrap(),
        String::from_utf8(before).unwrap(),
        "MATCHES.csv identical, row for row and score for score"
    );
    // the same rows kept and refused, for the same reasons
    assert_eq!((read.rows_read, read.loaded, read.books), (imported.rows_read, imported.loaded, imported.books.len()));
    let lines = |r: &[import::RejectedRow]| r.iter().map(|x| (x.line, x.reason_vi.clone())).collect::<Vec<_>>();
    assert_eq!(lines(&read.rejected), lines(&imported.rejected));
    assert!(read.rejected.len() >= 15, "the refused rows are refused: {}", read.rejected.len());
}

#[test]
fn a_record_whose_only_fault_is_a_doubtful_date_is_read_and_matched() {
    let (extract, records) = files_with_oddities(1);
    let tmp = tempfile::tempdir().unwrap();
    let s = create(&tmp.path().join("ws"));
    let rec = files::read_records_for_matching(&s, &records, "R.csv").unwrap();
    let text = String::from_utf8(records.clone()).unwrap();
    let doubtful: Vec<&str> = text
        .lines()
        .filter(|l| ["(âm lịch)", "khoảng 1945", "30/02/1960", ",12/3/85,", "mười lăm", "[không đọc được]"].iter().any(|d| l.contains(d)))
        .filter_map(|l| l.split(',').next())
        .filter(|r| !r.is_empty())
        .collect();
    assert!(doubtful.len() >= 40, "{}", doubtful.len());
    let refused: Vec<&str> = rec.rejected.iter().filter_map(|r| r.ma_ban_ghi.as_deref()).collect();
    let names: std::collections::HashSet<&str> = rec.records.iter().map(|r| r.record_ref.as_str()).collect();
    for r in doubtful.iter().filter(|r| !refused.contains(r)) {
        let line = text.lines().find(|l| l.starts_with(&format!("{r},"))).unwrap();
        let has_name = line.split(',').nth(5).is_some_and(|n| !n.is_empty());
        let dated = !line.contains("[không đọc được]");
        assert_eq!(names.contains(r), has_name || dated, "record {r} is matched whenever it has a name or a readable birth date: {line}");
    }
    // and they do find their person
    let ext = files::read_extract_for_matching(&extract, "E.csv").unwrap();
    let report = files::match_for_files(&ext.persons, &rec.records, None);
    let matched: std::collections::HashSet<&str> = report
        .candidates
        .iter()
        .filter(|c| c.kind == dedupe::CandidateKind::Person && c.rank == 1)
        .map(|c| rec.records[c.record_index as usize].record_ref.as_str())
        .collect();
    let found = doubtful.iter().filter(|r| matched.contains(*r)).count();
    assert!(found * 2 > doubtful.len(), "most records with a doubtful date have a person candidate: {found} of {}", doubtful.len());
}

#[test]
fn a_record_without_a_name_is_matched_on_its_birth_date_and_parents_and_never_automatically() {
    let (extract, records) = files_with_oddities(1);
    let tmp = tempfile::tempdir().unwrap();
    let s = create(&tmp.path().join("ws"));
    let rec = files::read_records_for_matching(&s, &records, "R.csv").unwrap();
    let ext = files::read_extract_for_matching(&extract, "E.csv").unwrap();
    let report = files::match_for_files(&ext.persons, &rec.records, None);
    // who each record really is (the generator is deterministic)
    let data = generate(&SynthConfig { seed: 7, extract_rows: 2_500, keyed_entries: 500, historic_dates: 0.05, ..Default::default() });
    let truth: HashMap<&str, &str> = data
        .records
        .iter()
        .zip(&data.truth)
        .filter_map(|(r, t)| t.map(|t| (r.record_ref.as_str(), data.extract[t as usize].id_number.as_str())))
        .collect();
    let nameless: Vec<usize> = (0..rec.records.len()).filter(|&i| rec.records[i].full_name.is_empty()).collect();
    assert!(nameless.len() >= 4, "the file's records without a name are read: {}", nameless.len());
    let of = |i: usize| report.candidates.iter().filter(move |c| c.record_index as usize == i);
    for &i in &nameless {
        assert!(
            of(i).all(|c| c.decision == dedupe::Band::Possible && c.name_missing()),
            "{}: shown as missing its name, never an automatic match",
            rec.records[i].record_ref
        );
    }
    let with_person: Vec<usize> = nameless.iter().copied().filter(|&i| truth.contains_key(rec.records[i].record_ref.as_str())).collect();
    assert!(!with_person.is_empty());
    let found = with_person
        .iter()
        .filter(|&&i| {
            let want = truth[rec.records[i].record_ref.as_str()];
            of(i).any(|c| c.kind == dedupe::CandidateKind::Person && c.candidate_id == want)
        })
        .count();
    assert!(found * 4 >= with_person.len() * 3, "their person is among the candidates: {found} of {}", with_person.len());
}
