//! Issue 10 part 2: what a keyed date yields is stored beside its value as written, read the way
//! registers write dates (`sohoa_vietnamese::read_date`): the certain solar parts, the
//! approximate flag, a lunar date with its solar equivalent, the plausible readings of an
//! impossible date. Dates keyed before migration 0015 are read again at the next open.
mod common;
use common::*;
use sohoa_core::model;

#[derive(Debug, PartialEq, Eq)]
struct Stored {
    value: String,
    y: Option<i32>,
    m: Option<i32>,
    d: Option<i32>,
    approx: bool,
    lunar: Option<String>,
    solar: Option<String>,
    suggest: Option<String>,
    warn: Option<String>,
}

fn stored(s: &sohoa_core::Session, entry: i64) -> Stored {
    s.conn()
        .query_row(
            "SELECT value, date_y, date_m, date_d, date_approx, date_lunar, date_solar, date_suggest, date_warn
               FROM entry_field WHERE entry_id = ?1 AND field = 'nksNgaySinh'",
            [entry],
            |r| {
                Ok(Stored {
                    value: r.get(0)?,
                    y: r.get(1)?,
                    m: r.get(2)?,
                    d: r.get(3)?,
                    approx: r.get(4)?,
                    lunar: r.get(5)?,
                    solar: r.get(6)?,
                    suggest: r.get(7)?,
                    warn: r.get(8)?,
                })
            },
        )
        .unwrap()
}

fn key_date(s: &mut sohoa_core::Session, book: i64, date: &str) -> i64 {
    s.write(|w| model::entry::create(w, book, &[fv("nksHoTen", "Hà Thị Ý"), fv("nksNgaySinh", date)], None)).unwrap()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn a_lunar_date_is_stored_as_written_with_its_lunar_parts_and_solar_equivalent() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = key_date(&mut s, book, "15/8/1960 âm lịch");
    let got = stored(&s, e);
    assert_eq!(got.value, "15/8/1960 âm lịch", "the value stays as written");
    assert_eq!((got.y, got.m, got.d), (Some(1960), Some(10), Some(5)), "certain parts: the solar day (Trung thu 1960)");
    assert_eq!(got.lunar, some("15/08/1960"));
    assert_eq!(got.solar, some("05/10/1960"));
    assert!(!got.approx);
    assert_eq!(got.warn, some("date.lunar"));
}

#[test]
fn an_impossible_date_keeps_its_certain_year_and_month_and_stores_the_suggested_readings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = key_date(&mut s, book, "30/02/1960");
    let got = stored(&s, e);
    assert_eq!((got.y, got.m, got.d), (Some(1960), Some(2), None));
    let suggest: Vec<String> = serde_json::from_str(got.suggest.as_deref().unwrap()).unwrap();
    assert!(suggest.contains(&"20/02/1960".to_string()), "{suggest:?}");
    assert!(suggest.contains(&"29/02/1960".to_string()), "{suggest:?}");
    assert_eq!(got.warn, some("date.impossible"));
}

#[test]
fn an_approximate_year_is_flagged_and_no_part_of_it_is_taken_as_certain() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = key_date(&mut s, book, "khoảng 1945");
    let got = stored(&s, e);
    assert!(got.approx);
    assert_eq!(got.y, None);
    assert_eq!(got.solar, some("1945"), "the best standard form is kept beside it");
}

#[test]
fn a_plain_date_stores_its_parts_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = key_date(&mut s, book, "05/10/1960");
    let got = stored(&s, e);
    assert_eq!((got.y, got.m, got.d), (Some(1960), Some(10), Some(5)));
    assert_eq!((got.approx, got.lunar, got.solar, got.suggest, got.warn), (false, None, None, None, None));
}

#[test]
fn changing_a_date_replaces_what_was_read_from_the_old_value() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let e = key_date(&mut s, book, "15/8/1960 âm lịch");
    s.write(|w| model::entry::set_field(w, e, &fv("nksNgaySinh", "20/02/1960"))).unwrap();
    let got = stored(&s, e);
    assert_eq!((got.y, got.m, got.d), (Some(1960), Some(2), Some(20)));
    assert_eq!((got.lunar, got.solar, got.warn), (None, None, None));
}

#[test]
fn dates_keyed_before_migration_15_are_read_again_at_the_next_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut s = create(&dir);
    let book = ks_book(&mut s);
    let lunar = key_date(&mut s, book, "15/8/1960 âm lịch");
    let plain = key_date(&mut s, book, "3/1985");
    // The workspace as version 13 left it: the strict reader's parts only, no 0015 columns (and
    // none of the later migrations, which the next open applies again).
    s.conn()
        .execute_batch("UPDATE entry_field SET date_y = NULL, date_m = NULL, date_d = NULL WHERE value = '15/8/1960 âm lịch';")
        .unwrap();
    rewind_schema(&s, 13);
    drop(s);
    let s = open(&dir, "canbo");
    let got = stored(&s, lunar);
    assert_eq!(
        (got.y, got.m, got.d, got.lunar.as_deref(), got.solar.as_deref()),
        (Some(1960), Some(10), Some(5), Some("15/08/1960"), Some("05/10/1960"))
    );
    let got = stored(&s, plain);
    assert_eq!((got.y, got.m, got.d, got.lunar), (Some(1985), Some(3), None, None));
    assert_eq!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem, None);
}

/// The table "What is stored for a keyed date" in docs/historic-dates.md is this function's
/// output: `SOHOA_WRITE_DOCS=1 cargo test -p sohoa-core --test historic_dates` rewrites it.
#[test]
fn the_table_of_stored_parts_in_the_docs_is_what_the_store_reads() {
    use sohoa_core::model::entry::StoredDate;
    const FORMS: &[&str] = &[
        "12/03/1985",
        "3/1985",
        "1985",
        "15/8/1960 âm lịch",
        "15/04 nhuận/2020 AL",
        "8/1960 âm lịch",
        "1960 (âm lịch)",
        "năm Canh Tý",
        "khoảng 1945",
        "~3/1950",
        "1947?",
        "trước năm 1950",
        "sau 1975",
        "30/02/1960",
        "07/16/1977",
        "31/04/1990",
        "29/02/1985",
        "12/3/85",
        "ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi",
        "mồng 5 tháng giêng năm 1962 âm lịch",
        "00/00/1950",
        "sinh vào mùa xuân năm 1960",
        "không rõ",
    ];
    let cell = |s: Option<String>| s.unwrap_or_else(|| "—".into());
    let mut table = String::from(
        "| as written | date_y/m/d (certain) | approx | date_lunar | date_solar | date_suggest | date_warn |\n|---|---|---|---|---|---|---|\n",
    );
    for f in FORMS {
        let d = StoredDate::read(f);
        let certain = d.certain.as_ref().map(|c| {
            format!("{}/{}/{}", c.year, c.month.map_or("—".into(), |m| m.to_string()), c.day.map_or("—".into(), |d| d.to_string()))
        });
        table.push_str(&format!(
            "| `{f}` | {} | {} | {} | {} | {} | {} |\n",
            cell(certain),
            if d.approx { "1" } else { "0" },
            cell(d.lunar),
            cell(d.solar),
            if d.suggestions.is_empty() { "—".to_string() } else { d.suggestions.join(", ") },
            if d.warnings.is_empty() { "—".to_string() } else { d.warnings.join(" ") },
        ));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/historic-dates.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- stored:begin -->\n", "<!-- stored:end -->");
    let (a, b) = (doc.find(begin).expect("stored:begin marker") + begin.len(), doc.find(end).expect("stored:end marker"));
    if std::env::var("SOHOA_WRITE_DOCS").is_ok() {
        std::fs::write(&path, format!("{}{}{}", &doc[..a], table, &doc[b..])).unwrap();
    } else {
        assert_eq!(&doc[a..b], table, "docs/historic-dates.md is out of date: SOHOA_WRITE_DOCS=1 regenerates it");
    }
}
