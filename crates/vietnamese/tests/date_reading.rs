//! Properties of `read_date`: any real date written in any supported shape (numbers, keywords,
//! words in their spellings, with or without diacritics, any case) reads back to itself; lunar
//! dates convert through the calendar; impossible dates get real suggestions; nothing panics and
//! the text is always kept.
mod common;

use common::{config, date_like};
use proptest::prelude::*;
use proptest::sample::select;
use sohoa_vietnamese::date::lunar::{leap_month, lunar_month_length, lunar_to_solar, LunarDate};
use sohoa_vietnamese::date::{
    days_in_month, in_words, number_in_words, read_date, Calendar, DateContext, DateWarning, Qualifier, SuggestionReason, MAX_YEAR,
    MIN_YEAR,
};
use sohoa_vietnamese::normalize::{ascii_fold, clean};
use sohoa_vietnamese::PartialDate;

/// Any valid partial date.
fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1800..2100i32, 0..=12u8, 0..=31u8).prop_map(|(y, m, d)| {
        let month = (m != 0).then_some(m);
        let day = month.and_then(|m| (d != 0).then_some(d.min(days_in_month(y, m))));
        PartialDate::new(y, month, day).expect("generated dates are valid")
    })
}

/// A number in words, in one of the spellings registers use (`seed` picks the variants).
fn spelled(n: u32, seed: u32) -> String {
    let mut s = number_in_words(n);
    let pick = |bit: u32| seed & (1 << bit) != 0;
    if pick(0) {
        s = s.replace("nghìn", "ngàn");
    }
    if pick(1) {
        s = s.replace("linh", "lẻ");
    }
    if pick(2) {
        s = s.replace("mười lăm", "mười năm");
    }
    if pick(3) {
        s = s.replace("lăm", "nhăm");
    }
    if pick(4) {
        s = s.replace("bảy", "bẩy");
    }
    if pick(5) && (21..=29).contains(&(n % 100)) && n < 100 {
        s = s.replace("hai mươi", "hăm");
    }
    if pick(6) {
        s = s.replace("mươi tư", "mươi bốn");
    }
    s
}

/// A date written in one of the supported shapes.
fn written(d: &PartialDate, shape: u8, seed: u32) -> String {
    let (day, month, year) = (d.day, d.month, d.year);
    let sep = ["/", "-", ".", " / "][(seed % 4) as usize];
    let pad = |v: u8| if seed & 16 != 0 { format!("{v:02}") } else { v.to_string() };
    let mut parts = Vec::new();
    match shape {
        // Numbers: `12/3/1985`, `3/1985`, `1985`.
        0 => {
            parts.extend(day.map(pad));
            parts.extend(month.map(pad));
            parts.push(year.to_string());
            return parts.join(sep);
        }
        // Keywords and digits: `ngày 12 tháng 3 năm 1985`.
        1 => {
            parts.extend(day.map(|v| format!("ngày {}", pad(v))));
            parts.extend(month.map(|v| format!("tháng {}", pad(v))));
            parts.push(format!("năm {year}"));
        }
        // Keywords and words: `ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi`.
        _ => {
            if let Some(v) = day {
                let mong = if v <= 10 && seed & 32 != 0 { ["mồng ", "mùng "][(seed >> 6 & 1) as usize] } else { "" };
                parts.push(format!("ngày {mong}{}", spelled(u32::from(v), seed >> 7)));
            }
            if let Some(m) = month {
                let name = match m {
                    1 if seed & 64 != 0 => "giêng".to_string(),
                    12 if seed & 64 != 0 => "chạp".to_string(),
                    4 => ["tư", "bốn"][(seed >> 8 & 1) as usize].to_string(),
                    m => spelled(u32::from(m), seed >> 9),
                };
                parts.push(format!("tháng {name}"));
            }
            // The year in words or in digits (mixed forms).
            let y = if seed & 128 != 0 { year.to_string() } else { spelled(year as u32, seed >> 10) };
            parts.push(format!("năm {y}"));
        }
    }
    let text = parts.join(" ");
    match seed >> 20 & 3 {
        1 => ascii_fold(&text),
        2 => text.to_uppercase(),
        3 => {
            let mut c = text.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        }
        _ => text,
    }
}

/// Text that looks like what registers hold: digits, keywords, number words, markers.
fn register_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,5}",
        select(vec![
            "/",
            "-",
            ".",
            " ",
            ",",
            "?",
            "??",
            "~",
            "(",
            ")",
            "ngày",
            "tháng",
            "năm",
            "mồng",
            "mùng",
            "rằm",
            "giêng",
            "chạp",
            "mười",
            "mươi",
            "lăm",
            "mốt",
            "tư",
            "hăm",
            "trăm",
            "nghìn",
            "ngàn",
            "linh",
            "lẻ",
            "một",
            "hai",
            "chín",
            "không",
            "âm lịch",
            "AL",
            "nhuận",
            "khoảng",
            "trước",
            "sau",
            "Canh Tý",
            "Giáp",
            "Tỵ",
            "xx",
            "00",
            "sinh",
            "dương lịch",
        ])
        .prop_map(String::from),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.join(" "))
}

fn contexts() -> impl Strategy<Value = DateContext> {
    prop_oneof![
        Just(DateContext::none()),
        (1900..2030i32, 0..10i32).prop_map(|(a, n)| DateContext::book(a, a + n)),
        (1900..2030i32).prop_map(|y| DateContext { book_years: None, not_after: Some(y) }),
    ]
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn read_date_never_panics_and_always_keeps_the_text(s in any::<String>(), ctx in contexts()) {
        let r = read_date(&s, &ctx);
        prop_assert_eq!(&r.text, &clean(&s));
        let _ = (r.match_keys(), r.template_form(), r.bang_chu(), r.note_vi());
    }

    #[test]
    fn register_like_text_reads_to_consistent_readings(s in register_like(), ctx in contexts()) {
        let r = read_date(&s, &ctx);
        prop_assert_eq!(&r.text, &clean(&s));
        prop_assert!(!r.warnings.is_empty() || r.is_plain(), "{:?}", r);
        for d in r.written.iter().chain(&r.solar).chain(&r.certain) {
            prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&d.year), "{:?}", r);
            if let Some(m) = d.month { prop_assert!((1..=12).contains(&m)); }
            if d.day.is_some() { prop_assert!(d.month.is_some()); }
        }
        if let Some(c) = &r.certain {
            // What is certain agrees with the solar date and with the range.
            if let Some(s) = &r.solar { prop_assert!(c.is_compatible_with(s), "{:?}", r); }
            if let Some((a, b)) = &r.solar_range { prop_assert!(c.is_compatible_with(a) && c.is_compatible_with(b), "{:?}", r); }
        }
        if r.calendar == Calendar::Solar && r.solar.is_some() {
            prop_assert_eq!(r.solar.as_ref().map(|s| (s.year, s.month, s.day)), r.written.as_ref().map(|w| (w.year, w.month, w.day)));
        }
        if r.warnings.contains(&DateWarning::Impossible) || r.is_unreadable() {
            prop_assert!(r.written.is_none() && r.solar.is_none(), "{:?}", r);
        }
        let _ = (r.match_keys(), r.template_form(), r.bang_chu(), r.note_vi());
    }

    /// Where the strict parser accepts a text, the reader reads the same date.
    #[test]
    fn read_date_agrees_with_parse(s in prop_oneof![register_like(), date_like()]) {
        if let Ok(d) = PartialDate::parse(&s) {
            let r = read_date(&s, &DateContext::none());
            prop_assert_eq!(r.written.as_ref(), Some(&d), "{:?}", r);
            prop_assert_eq!(r.calendar, Calendar::Solar);
            prop_assert!(r.qualifier == Qualifier::Exact || r.text.ends_with('?'), "{:?}", r);
        }
    }

    #[test]
    fn any_date_in_any_supported_shape_reads_back_to_itself(d in partial_date(), shape in 0..3u8, seed: u32) {
        let text = written(&d, shape, seed);
        let r = read_date(&text, &DateContext::none());
        let w = r.written.as_ref().map(|w| (w.year, w.month, w.day));
        prop_assert_eq!(w, Some((d.year, d.month, d.day)), "{:?} → {:?}", text, r);
        prop_assert_eq!(r.calendar, Calendar::Solar);
        prop_assert_eq!(r.qualifier, Qualifier::Exact);
        prop_assert!(r.is_plain(), "{:?} → {:?}", text, r.warnings);
        prop_assert_eq!(r.template_form(), Some(d.to_template()));
        // The `…BangChu` form reads back too.
        let back = read_date(&r.bang_chu(), &DateContext::none());
        prop_assert_eq!(back.written.map(|w| (w.year, w.month, w.day)), Some((d.year, d.month, d.day)));
    }

    #[test]
    fn approximate_dates_keep_their_parts_and_are_not_certain(d in partial_date(), q in 0..7usize) {
        let forms = ["khoảng {}", "~{}", "{}?", "độ {}", "chừng {}", "trước {}", "sau {}"];
        let text = forms[q].replace("{}", &d.to_template());
        let r = read_date(&text, &DateContext::none());
        prop_assert_eq!(r.written.as_ref().map(|w| (w.year, w.month, w.day)), Some((d.year, d.month, d.day)), "{:?}", text);
        let want = match q { 5 => Qualifier::Before, 6 => Qualifier::After, _ => Qualifier::About };
        prop_assert_eq!(r.qualifier, want);
        prop_assert!(r.certain.is_none());
    }

    #[test]
    fn lunar_dates_read_and_convert_through_the_calendar(y in 1900..=2100i32, m in 1..=12u8, day in 1..=30u8, leap: bool, form in 0..4usize) {
        let leap = leap && leap_month(y) == Some(m);
        let day = day.min(lunar_month_length(y, m, leap).unwrap());
        let nhuan = if leap { " nhuận" } else { "" };
        let text = match form {
            0 => format!("{day}/{m}{nhuan}/{y} âm lịch"),
            1 => format!("{day:02}/{m:02}/{y} (AL){nhuan}"),
            2 => format!("ngày {day} tháng {m}{nhuan} năm {y} âm lịch"),
            // In words, with the lunar month names (`giêng`, `chạp`).
            _ => in_words(&PartialDate { year: y, month: Some(m), day: Some(day), text: String::new() }, Calendar::Lunar { leap_month: leap }),
        };
        let r = read_date(&text, &DateContext::none());
        prop_assert_eq!(r.calendar, Calendar::Lunar { leap_month: leap }, "{:?}", text);
        prop_assert_eq!(r.written.as_ref().map(|w| (w.year, w.month, w.day)), Some((y, Some(m), Some(day))), "{:?}", text);
        let solar = lunar_to_solar(LunarDate { year: y, month: m, leap, day }).unwrap();
        prop_assert_eq!(r.solar.as_ref().map(|s| (s.year, s.month, s.day)), Some((solar.0, Some(solar.1), Some(solar.2))));
        prop_assert_eq!(r.certain.as_ref(), r.solar.as_ref());
    }

    #[test]
    fn two_digit_years_resolve_inside_the_book(d in partial_date(), before in 0..5i32, span in 0..10i32) {
        let yy = format!("{:02}", d.year % 100);
        let text = match (d.day, d.month) {
            (Some(day), Some(m)) => format!("{day}/{m}/{yy}"),
            (None, Some(m)) => format!("{m}/{yy}"),
            _ => format!("năm {yy}"),
        };
        let ctx = DateContext::book(d.year - before, d.year - before + span.max(before));
        let r = read_date(&text, &ctx);
        prop_assert_eq!(r.written.as_ref().map(|w| (w.year, w.month, w.day)), Some((d.year, d.month, d.day)), "{:?}", text);
        prop_assert!(r.warnings.contains(&DateWarning::TwoDigitYear));
        // Without a context the century stays open, and both readings are offered.
        let open = read_date(&text, &DateContext::none());
        prop_assert!(open.written.is_none() && open.warnings.contains(&DateWarning::TwoDigitYearAmbiguous));
    }

    #[test]
    fn impossible_dates_keep_what_is_certain_and_suggest_real_dates(y in 1900..2100i32, m in 1..=12u8, extra in 1..=3u8) {
        let day = days_in_month(y, m) + extra;
        if day > 99 { return Ok(()); }
        let r = read_date(&format!("{day:02}/{m:02}/{y}"), &DateContext::none());
        prop_assert!(r.warnings.contains(&DateWarning::Impossible));
        prop_assert!(r.written.is_none());
        prop_assert_eq!(r.certain.as_ref().map(|c| (c.year, c.month, c.day)), Some((y, Some(m), None)));
        prop_assert!(!r.suggestions.is_empty() && r.suggestions.len() <= 5);
        for s in &r.suggestions {
            prop_assert!(PartialDate::new(s.date.year, s.date.month, s.date.day).is_ok());
            prop_assert_eq!(s.date.year, y);
        }
        prop_assert!(r.suggestions.iter().any(|s| s.reason == SuggestionReason::LastDayOfMonth && s.date.day == Some(days_in_month(y, m))));
    }

    #[test]
    fn a_month_over_twelve_suggests_the_swap_first(d in 1..=12u8, m in 13..=31u8, y in 1900..2100i32) {
        if u32::from(m) > u32::from(days_in_month(y, d)) { return Ok(()); }
        let r = read_date(&format!("{d:02}/{m:02}/{y}"), &DateContext::none());
        prop_assert_eq!(r.certain.as_ref().map(|c| (c.year, c.month)), Some((y, None)));
        let first = &r.suggestions[0];
        prop_assert_eq!((first.date.day, first.date.month, first.reason), (Some(m), Some(d), SuggestionReason::DayMonthSwapped));
    }
}
