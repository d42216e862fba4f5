//! `sohoa dedupe` (formats.md §3) on a small generated data set: it writes MATCHES.csv with exactly
//! the documented columns, best first, at most 5 persons and one `match` per record and kind, and
//! prints a summary; without a terminal there is no progress bar.
use std::collections::HashMap;
use std::process::Command;

/// `sohoa dedupe --extract E --records R --out M`, more arguments to add.
fn dedupe(e: &std::path::Path, r: &std::path::Path, m: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sohoa"));
    c.arg("dedupe").arg("--extract").arg(e).arg("--records").arg(r).arg("--out").arg(m).env_remove("SOHOA_PASSWORD");
    c
}

#[test]
fn dedupe_on_a_small_generated_set_writes_the_exact_columns_and_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let e = tmp.path().join("extract.csv");
    let r = tmp.path().join("records.csv");
    let m = tmp.path().join("matches.csv");
    let out = dedupe(&e, &r, &m).args(["--generate", "--extract-rows", "3000", "--records-count", "400", "--seed", "7"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("đọc 3000 dòng"), "{stdout}");
    assert!(stdout.contains("Cặp đã so sánh"), "{stdout}");
    assert!(stdout.contains("Thời gian"), "{stdout}");
    assert!(!stderr.contains('['), "no progress bar without a terminal: {stderr}");

    let text = std::fs::read_to_string(&m).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("record_ref,candidate_kind,candidate_id,rank,score,decision"));
    #[allow(clippy::type_complexity)] // (record, kind) → (rank, score, decision)
    let mut per: HashMap<(String, String), Vec<(u32, f64, String)>> = HashMap::new();
    let mut n = 0;
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        assert_eq!(c.len(), 6, "{l}");
        assert!(c[1] == "person" || c[1] == "record", "{l}");
        assert!(c[5] == "match" || c[5] == "possible", "{l}");
        if c[1] == "person" {
            assert!(c[2].len() == 12 && c[2].bytes().all(|b| b.is_ascii_digit()), "{l}");
        }
        per.entry((c[0].to_string(), c[1].to_string())).or_default().push((c[3].parse().unwrap(), c[4].parse().unwrap(), c[5].to_string()));
        n += 1;
    }
    assert!(n > 300, "most records have a candidate: {n}");
    // the records span many register books (one per `quyen_so`): every book's records are written
    let refs: std::collections::HashSet<&String> = per.keys().map(|(r, _)| r).collect();
    assert!(refs.len() > 250, "records with a candidate, across all their books: {}", refs.len());
    for ((rr, kind), rows) in &per {
        let ranks: Vec<u32> = rows.iter().map(|x| x.0).collect();
        assert_eq!(ranks, (1..=rows.len() as u32).collect::<Vec<_>>(), "{rr} {kind}: ranks 1, 2, …");
        assert!(rows.windows(2).all(|w| w[0].1 >= w[1].1), "{rr} {kind}: best first");
        assert!(rows.iter().filter(|x| x.2 == "match").count() <= 1, "{rr} {kind}: at most one match");
        if kind == "person" {
            assert!(rows.len() <= 5, "{rr}: at most 5 persons");
        }
    }
    // the throwaway workspace is gone
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name().to_string_lossy().starts_with("sohoa-dedupe-"))
        .filter(|d| {
            d.metadata().map(|m| m.modified().unwrap() > std::time::SystemTime::now() - std::time::Duration::from_secs(5)).unwrap_or(false)
        })
        .collect();
    assert!(left.is_empty() || left.iter().all(|d| !d.path().join("ws").exists()), "throwaway workspace deleted");
}

#[test]
fn dedupe_refuses_an_extract_with_an_unknown_separator_with_a_vietnamese_message() {
    // Tab-separated extracts are read since the one tabular reader (issue 14 §3); a separator
    // it does not know still gets the message naming the ones it does.
    let tmp = tempfile::tempdir().unwrap();
    let e = tmp.path().join("extract.txt");
    let r = tmp.path().join("records.csv");
    std::fs::write(&e, "Số định danh#Họ và tên#Ngày sinh#Giới tính\n019185001234#Lã Thị Mơ#02/03/1985#Nữ\n").unwrap();
    std::fs::write(&r, "ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\nA1,Lã Thị Mơ,02/03/1985,Nữ\n").unwrap();
    let out = dedupe(&e, &r, &tmp.path().join("m.csv")).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dấu tab"), "{stderr}");
    assert!(!tmp.path().join("m.csv").exists());
}

#[test]
fn the_summary_counts_the_records_without_a_name_both_ways_of_matching() {
    let tmp = tempfile::tempdir().unwrap();
    let e = tmp.path().join("extract.csv");
    let r = tmp.path().join("records.csv");
    let run = |extra: &[&str]| {
        let out = dedupe(&e, &r, &tmp.path().join("m.csv")).args(extra).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        stdout
    };
    let generated = run(&["--generate", "--extract-rows", "2000", "--records-count", "300", "--seed", "11", "--nameless", "0.1"]);
    // The records file as written: those whose `ho_ten` is empty.
    let mut rdr = csv::Reader::from_path(&r).unwrap();
    let col = rdr.headers().unwrap().iter().position(|h| h == "ho_ten").unwrap();
    let nameless = rdr.records().map(|x| x.unwrap()).filter(|x| x[col].trim().is_empty()).count();
    assert!(nameless > 10, "the generated file has records without a name: {nameless}");
    let line = format!("{nameless} bản ghi không có họ tên (bỏ trống hoặc không đọc được)");
    assert!(generated.contains(&line), "in memory: {generated}");
    let via = run(&["--via-workspace"]);
    assert!(via.contains(&line), "through a workspace: {via}");
}
