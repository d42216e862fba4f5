//! The forms old registers hold and what [`read_date`] yields for each: the table of
//! `docs/historic-dates.md`, which this test checks (run with `SOHOA_WRITE_DOCS=1` to rewrite the
//! docs table from this one after a deliberate change).
//!
//! Columns: input | context (the book's years, for two-digit and can-chi years) | calendar |
//! qualifier | written parts (lunar parts for a lunar date) | solar equivalent (or the solar range
//! of a lunar month or year) | certain solar parts | suggestions, most plausible first | warning
//! codes (without `date.`) | what goes in the Ministry template's date column.
use sohoa_vietnamese::date::{read_date, Calendar, DateContext, DateReading, PartialDate, Qualifier, SuggestionReason};

type Form = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const FORMS: &[Form] = &[
    // Plain solar dates (what `PartialDate::parse` reads too)
    ("12/03/1985", "", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "", "12/03/1985"),
    ("12-3-1985", "", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "", "12/03/1985"),
    ("12.03.1985", "", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "", "12/03/1985"),
    ("1985-03-12", "", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "", "12/03/1985"),
    ("3/1985", "", "solar", "exact", "03/1985", "03/1985", "03/1985", "", "", "03/1985"),
    ("1985", "", "solar", "exact", "1985", "1985", "1985", "", "", "1985"),
    ("ngày 12 tháng 3 năm 1985", "", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "", "12/03/1985"),
    ("Ngày 05 Tháng 11 Năm 1970", "", "solar", "exact", "05/11/1970", "05/11/1970", "05/11/1970", "", "", "05/11/1970"),
    ("tháng 3/1985", "", "solar", "exact", "03/1985", "03/1985", "03/1985", "", "", "03/1985"),
    ("năm 1985", "", "solar", "exact", "1985", "1985", "1985", "", "", "1985"),
    ("00/03/1985", "", "solar", "exact", "03/1985", "03/1985", "03/1985", "", "", "03/1985"),
    ("??/??/1985", "", "solar", "exact", "1985", "1985", "1985", "", "", "1985"),
    ("sinh năm 1985", "", "solar", "exact", "1985", "1985", "1985", "", "", "1985"),
    // Approximate, before, after
    ("khoảng 1945", "", "solar", "about", "1945", "1945", "", "", "approximate", "1945"),
    ("Khoảng năm 1945", "", "solar", "about", "1945", "1945", "", "", "approximate", "1945"),
    ("~1945", "", "solar", "about", "1945", "1945", "", "", "approximate", "1945"),
    ("1945?", "", "solar", "about", "1945", "1945", "", "", "approximate", "1945"),
    ("độ 1945", "", "solar", "about", "1945", "1945", "", "", "approximate", "1945"),
    ("chừng năm 1940", "", "solar", "about", "1940", "1940", "", "", "approximate", "1940"),
    ("trước năm 1950", "", "solar", "before", "1950", "1950", "", "", "before", ""),
    ("sau năm 1950", "", "solar", "after", "1950", "1950", "", "", "after", ""),
    ("khoảng tháng 3/1945", "", "solar", "about", "03/1945", "03/1945", "", "", "approximate", "03/1945"),
    // Lunar dates, leap months, can-chi years
    ("15/8/1960 âm lịch", "", "lunar", "exact", "15/08/1960", "05/10/1960", "05/10/1960", "", "lunar", "05/10/1960"),
    ("15/8/1960 (AL)", "", "lunar", "exact", "15/08/1960", "05/10/1960", "05/10/1960", "", "lunar", "05/10/1960"),
    ("15/08/1960 ÂL", "", "lunar", "exact", "15/08/1960", "05/10/1960", "05/10/1960", "", "lunar", "05/10/1960"),
    ("1960 (âm lịch)", "", "lunar", "exact", "1960", "28/01/1960–14/02/1961", "", "", "lunar solar_range", "1960"),
    ("tháng 8/1960 âm lịch", "", "lunar", "exact", "08/1960", "21/09/1960–19/10/1960", "1960", "", "lunar solar_range", "1960"),
    ("ngày 15 tháng 8 năm Canh Tý", "1983–1987", "lunar", "exact", "15/08/1960", "05/10/1960", "05/10/1960", "15/08/1900 AL (08/09/1900) cycle", "lunar can_chi", "05/10/1960"),
    ("ngày 15 tháng 8 năm Canh Tý", "", "lunar", "exact", "", "", "", "", "lunar can_chi_unresolved", ""),
    ("năm Canh Tý", "1983–1987", "lunar", "exact", "1960", "28/01/1960–14/02/1961", "", "1900 AL cycle", "lunar solar_range can_chi", "1960"),
    ("năm Giáp Thân (1944)", "", "lunar", "exact", "1944", "25/01/1944–12/02/1945", "", "", "lunar solar_range", "1944"),
    ("năm Giáp Thân 1945", "", "lunar", "exact", "1945", "13/02/1945–01/02/1946", "", "", "lunar solar_range can_chi_mismatch", "1945"),
    ("tháng 4 nhuận năm 2020 âm lịch", "", "lunar leap", "exact", "04/2020", "23/05/2020–20/06/2020", "2020", "", "lunar leap_month solar_range", "2020"),
    ("ngày 5 tháng 4 nhuận năm 2020", "", "lunar leap", "exact", "05/04/2020", "27/05/2020", "27/05/2020", "", "lunar leap_month", "27/05/2020"),
    ("tháng 8 nhuận năm 1960 âm lịch", "", "lunar leap", "exact", "", "", "", "08/1960 AL not leap", "impossible lunar leap_month", ""),
    ("rằm tháng giêng năm Giáp Tý", "1983–1987", "lunar", "exact", "15/01/1984", "16/02/1984", "16/02/1984", "15/01/1924 AL (19/02/1924) cycle", "lunar can_chi words", "16/02/1984"),
    ("30/12/1984 AL", "", "lunar", "exact", "30/12/1984", "20/01/1985", "20/01/1985", "", "lunar", "20/01/1985"),
    ("mồng 5 tháng chạp năm Quý Hợi", "1983–1987", "lunar", "exact", "05/12/1983", "07/01/1984", "07/01/1984", "05/12/1923 AL (10/01/1924) cycle", "lunar can_chi words", "07/01/1984"),
    ("ngày 20 tháng một năm Canh Tý", "1983–1987", "lunar", "exact", "20/11/1960", "06/01/1961", "06/01/1961", "20/11/1900 AL (10/01/1901) cycle; 20/01/1960 AL (16/02/1960) month 1", "lunar can_chi words lunar_month_one", "06/01/1961"),
    // Dates in words
    ("ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi", "", "solar", "exact", "15/08/1960", "15/08/1960", "15/08/1960", "", "words", "15/08/1960"),
    ("ngay muoi lam thang tam nam 1960", "", "solar", "exact", "15/08/1960", "15/08/1960", "15/08/1960", "", "words", "15/08/1960"),
    ("NGÀY MƯỜI LĂM THÁNG TÁM NĂM 1960", "", "solar", "exact", "15/08/1960", "15/08/1960", "15/08/1960", "", "words", "15/08/1960"),
    ("ngày mười năm tháng sáu năm 1960", "", "solar", "exact", "15/06/1960", "15/06/1960", "15/06/1960", "", "words", "15/06/1960"),
    ("ngày hai mươi mốt tháng ba năm 1975", "", "solar", "exact", "21/03/1975", "21/03/1975", "21/03/1975", "", "words", "21/03/1975"),
    ("ngày hăm mốt tháng ba năm 1975", "", "solar", "exact", "21/03/1975", "21/03/1975", "21/03/1975", "", "words", "21/03/1975"),
    ("ngày ba mươi tháng tư năm một nghìn chín trăm bảy mươi lăm", "", "solar", "exact", "30/04/1975", "30/04/1975", "30/04/1975", "", "words", "30/04/1975"),
    ("mùng 5 tháng 5 năm 1980", "", "solar", "exact", "05/05/1980", "05/05/1980", "05/05/1980", "", "", "05/05/1980"),
    ("mồng năm tháng giêng năm 1970", "", "solar", "exact", "05/01/1970", "05/01/1970", "05/01/1970", "", "words", "05/01/1970"),
    ("tháng chạp năm 1979", "", "solar", "exact", "12/1979", "12/1979", "12/1979", "", "words", "12/1979"),
    ("ngày 2 tháng 9 năm một ngàn chín trăm bốn mươi lăm", "", "solar", "exact", "02/09/1945", "02/09/1945", "02/09/1945", "", "words", "02/09/1945"),
    ("ngày mồng một tháng năm năm một nghìn chín trăm linh năm", "", "solar", "exact", "01/05/1905", "01/05/1905", "01/05/1905", "", "words", "01/05/1905"),
    ("ngày bẩy tháng bảy năm 1977", "", "solar", "exact", "07/07/1977", "07/07/1977", "07/07/1977", "", "words", "07/07/1977"),
    ("ngày hai mươi tư tháng mười hai năm 1999", "", "solar", "exact", "24/12/1999", "24/12/1999", "24/12/1999", "", "words", "24/12/1999"),
    ("ngày mười lăm tháng tám năm tám lăm", "1983–1987", "solar", "exact", "15/08/1985", "15/08/1985", "15/08/1985", "", "two_digit_year words", "15/08/1985"),
    ("năm 85", "1983–1987", "solar", "exact", "1985", "1985", "1985", "", "two_digit_year", "1985"),
    ("ngày 15 tháng tám năm 1960", "", "solar", "exact", "15/08/1960", "15/08/1960", "15/08/1960", "", "words", "15/08/1960"),
    ("năm một chín sáu không", "", "solar", "exact", "1960", "1960", "1960", "", "words", "1960"),
    ("ngày 1 tháng 10 năm hai nghìn không trăm linh năm", "", "solar", "exact", "01/10/2005", "01/10/2005", "01/10/2005", "", "words", "01/10/2005"),
    // Two-digit years
    ("12/3/85", "1983–1987", "solar", "exact", "12/03/1985", "12/03/1985", "12/03/1985", "", "two_digit_year", "12/03/1985"),
    ("12/3/85", "", "solar", "exact", "", "", "", "12/03/1985 century; 12/03/2085 century", "two_digit_year_ambiguous", ""),
    ("3/85", "1983–1987", "solar", "exact", "03/1985", "03/1985", "03/1985", "", "two_digit_year", "03/1985"),
    // Impossible dates: what is certain, and ranked suggestions
    ("07/16/1977", "", "solar", "exact", "", "", "1977", "16/07/1977 swap; 07/12/1977 digit; 07/06/1977 digit; 07/11/1977 digit; 07/10/1977 digit", "impossible", "1977"),
    ("30/02/1960", "", "solar", "exact", "", "", "02/1960", "20/02/1960 digit; 29/02/1960 last day; 10/02/1960 digit", "impossible", "02/1960"),
    ("29/02/1985", "", "solar", "exact", "", "", "02/1985", "28/02/1985 last day; 19/02/1985 digit; 27/02/1985 digit; 26/02/1985 digit; 25/02/1985 digit", "impossible", "02/1985"),
    ("31/04/1985", "", "solar", "exact", "", "", "04/1985", "30/04/1985 last day; 21/04/1985 digit; 11/04/1985 digit; 01/04/1985 digit", "impossible", "04/1985"),
    ("32/01/1985", "", "solar", "exact", "", "", "01/1985", "31/01/1985 last day; 22/01/1985 digit; 30/01/1985 digit; 12/01/1985 digit; 02/01/1985 digit", "impossible", "01/1985"),
    ("12/13/1985", "", "solar", "exact", "", "", "1985", "13/12/1985 swap; 12/12/1985 digit; 12/03/1985 digit; 12/11/1985 digit; 12/10/1985 digit", "impossible", "1985"),
    ("12/00/1985", "", "solar", "exact", "", "", "1985", "", "impossible", "1985"),
    ("0985", "", "solar", "exact", "", "", "", "", "impossible", ""),
    // Unreadable: the text is kept, and a lone year in range is certain
    ("abc", "", "solar", "exact", "", "", "", "", "unreadable", ""),
    ("không rõ", "", "solar", "exact", "", "", "", "", "unreadable", ""),
    ("1985 hoặc 1986", "", "solar", "exact", "", "", "", "", "unreadable", ""),
    ("sinh vào mùa xuân năm 1960", "", "solar", "exact", "", "", "1960", "", "unreadable", "1960"),
    ("", "", "solar", "exact", "", "", "", "", "empty", ""),
    ("12/3", "", "solar", "exact", "", "", "", "", "unreadable", ""),
    // More can-chi spellings
    ("1944 (Giáp Thân)", "", "lunar", "exact", "1944", "25/01/1944–12/02/1945", "", "", "lunar solar_range", "1944"),
    ("Giáp Thân", "1983–1987", "lunar", "exact", "1944", "25/01/1944–12/02/1945", "", "1884 AL cycle", "lunar solar_range can_chi", "1944"),
    ("năm Kỷ Dậu", "1983–1987", "lunar", "exact", "1969", "16/02/1969–05/02/1970", "", "1909 AL cycle", "lunar solar_range can_chi", "1969"),
    ("năm Quí Mẹo", "1983–1987", "lunar", "exact", "1963", "25/01/1963–12/02/1964", "", "1903 AL cycle", "lunar solar_range can_chi", "1963"),
    ("năm Tân Tỵ", "1983–1987", "lunar", "exact", "1941", "27/01/1941–14/02/1942", "", "1881 AL cycle", "lunar solar_range can_chi", "1941"),
];

fn context(c: &str) -> DateContext {
    match c {
        "" => DateContext::none(),
        "1983–1987" => DateContext::book(1983, 1987),
        other => panic!("unknown context {other}"),
    }
}

/// A reading as a row of the table.
fn row(input: &'static str, ctx: &'static str, r: &DateReading) -> Form {
    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }
    let template = |d: &Option<PartialDate>| d.as_ref().map(|d| d.to_template()).unwrap_or_default();
    let calendar = match r.calendar {
        Calendar::Solar => "solar",
        Calendar::Lunar { leap_month: false } => "lunar",
        Calendar::Lunar { leap_month: true } => "lunar leap",
    };
    let qualifier = match r.qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::Before => "before",
        Qualifier::After => "after",
    };
    let solar = match (&r.solar, &r.solar_range) {
        (Some(s), _) => s.to_template(),
        (None, Some((a, b))) => format!("{}–{}", a.to_template(), b.to_template()),
        _ => String::new(),
    };
    let reason = |x: SuggestionReason| match x {
        SuggestionReason::DayMonthSwapped => "swap",
        SuggestionReason::OneDigitOff => "digit",
        SuggestionReason::LastDayOfMonth => "last day",
        SuggestionReason::NotLeapMonth => "not leap",
        SuggestionReason::LunarMonthOne => "month 1",
        SuggestionReason::OtherCentury => "century",
        SuggestionReason::OtherCycle => "cycle",
    };
    let suggestions: Vec<String> =
        r.suggestions.iter().map(|s| format!("{} {}", s.describe_vi(r.calendar).replace("âm lịch", "AL"), reason(s.reason))).collect();
    let warnings: Vec<&str> = r.warnings.iter().map(|w| w.code().trim_start_matches("date.")).collect();
    (
        input,
        ctx,
        calendar,
        qualifier,
        leak(template(&r.written)),
        leak(solar),
        leak(template(&r.certain)),
        leak(suggestions.join("; ")),
        leak(warnings.join(" ")),
        leak(r.template_form().unwrap_or_default()),
    )
}

#[test]
fn the_table_has_at_least_sixty_forms() {
    assert!(FORMS.len() >= 60, "{}", FORMS.len());
}

#[test]
fn every_form_reads_as_the_table_says() {
    let mut wrong = Vec::new();
    for form in FORMS {
        let r = read_date(form.0, &context(form.1));
        assert_eq!(r.text, sohoa_vietnamese::normalize::clean(form.0), "the text is kept");
        let got = row(form.0, form.1, &r);
        if got != *form {
            wrong.push(format!("want {form:?}\n got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} forms read differently:\n{}", wrong.len(), wrong.join("\n"));
}

fn cell(s: &str) -> String {
    if s.is_empty() {
        "—".to_string()
    } else {
        s.replace('|', "\\|")
    }
}

fn markdown() -> String {
    let mut out = String::from(
        "| as written | book | calendar | qualifier | written parts | solar | certain | suggestions | warnings | Ministry column |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for f in FORMS {
        let input = if f.0.is_empty() { "(empty)".to_string() } else { format!("`{}`", f.0) };
        let cells = [f.1, f.2, f.3, f.4, f.5, f.6, f.7, f.8, f.9].map(cell);
        out.push_str(&format!("| {input} | {} |\n", cells.join(" | ")));
    }
    out
}

#[test]
fn the_docs_table_is_this_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/historic-dates.md");
    let doc = std::fs::read_to_string(&path).expect("docs/historic-dates.md");
    let (begin, end) = ("<!-- forms:begin -->\n", "<!-- forms:end -->");
    let start = doc.find(begin).expect("begin marker") + begin.len();
    let stop = doc.find(end).expect("end marker");
    let table = markdown();
    if std::env::var("SOHOA_WRITE_DOCS").is_ok() {
        std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[stop..])).unwrap();
        return;
    }
    assert_eq!(&doc[start..stop], table, "docs/historic-dates.md is out of date: run with SOHOA_WRITE_DOCS=1");
}
