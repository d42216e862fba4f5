//! The Vietnamese lunar calendar against published dates (Tết, leap months, festivals), and its
//! round trips over 1900–2100.
mod common;

use common::config;
use proptest::prelude::*;
use sohoa_vietnamese::date::days_in_month;
use sohoa_vietnamese::date::lunar::{
    julian_day, leap_month, lunar_month_length, lunar_to_solar, lunar_year_span, solar_to_lunar, tet, LunarDate,
};

/// Tết (first day of the lunar year) by the Vietnamese calendar.
const TET: &[(i32, u8, u8)] = &[
    (1900, 1, 31),
    (1901, 2, 19),
    (1910, 2, 10),
    (1920, 2, 20),
    (1930, 1, 30),
    (1940, 2, 8),
    (1945, 2, 13),
    (1950, 2, 17),
    (1954, 2, 3),
    (1960, 1, 28),
    // Tết Mậu Thân: the first Tết of the UTC+7 calendar, a day before China's (30/01).
    (1968, 1, 29),
    (1970, 2, 6),
    (1975, 2, 11),
    (1980, 2, 16),
    (1984, 2, 2),
    // Tết Ất Sửu came a month before China's (20/02/1985): see the next test.
    (1985, 1, 21),
    (1990, 1, 27),
    (1995, 1, 31),
    (2000, 2, 5),
    // A day before China's (18/02/2007).
    (2007, 2, 17),
    (2010, 2, 14),
    (2015, 2, 19),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    // A day before China's (03/02/2030).
    (2030, 2, 2),
    (2050, 1, 23),
    (2100, 2, 9),
];

#[test]
fn tet_falls_on_the_published_days_from_1900_to_2100() {
    for &(y, m, d) in TET {
        assert_eq!(tet(y), Some((y, m, d)), "Tết {y}");
        assert_eq!(solar_to_lunar(y, m, d), Some(LunarDate { year: y, month: 1, leap: false, day: 1 }), "{d}/{m}/{y}");
    }
}

#[test]
fn leap_months_are_the_published_ones() {
    for (year, leap) in [
        (2020, Some(4)),
        (2023, Some(2)),
        (2025, Some(6)),
        (2017, Some(6)),
        (2014, Some(9)),
        (2012, Some(4)),
        (2009, Some(5)),
        (2006, Some(7)),
        (2004, Some(2)),
        (2001, Some(4)),
        (1995, Some(8)),
        (1990, Some(5)),
        (1960, Some(6)),
        (2024, None),
        (2022, None),
        (2000, None),
    ] {
        assert_eq!(leap_month(year), leap, "{year}");
    }
}

#[test]
fn the_1984_1985_divergence_from_the_chinese_calendar() {
    // China (UTC+8) had a leap tenth month in 1984 and Tết on 20/02/1985. At UTC+7 the new moon of
    // 22/12/1984 comes after the winter solstice, so month 11 started on 23/11/1984, month 12 on
    // 22/12/1984 and Tết on 21/01/1985; the year 1985 then has a leap second month.
    assert_eq!(leap_month(1984), None);
    assert_eq!(leap_month(1985), Some(2));
    assert_eq!(solar_to_lunar(1984, 11, 23), Some(LunarDate { year: 1984, month: 11, leap: false, day: 1 }));
    assert_eq!(solar_to_lunar(1985, 2, 20), Some(LunarDate { year: 1985, month: 2, leap: false, day: 1 }));
}

#[test]
fn festivals_fall_on_their_known_solar_days() {
    let solar = |year, month, day, leap| lunar_to_solar(LunarDate { year, month, leap, day });
    // Tết Trung thu (15/8), Giỗ Tổ Hùng Vương (10/3), Vu Lan (15/7).
    assert_eq!(solar(2024, 8, 15, false), Some((2024, 9, 17)));
    assert_eq!(solar(2023, 8, 15, false), Some((2023, 9, 29)));
    assert_eq!(solar(1960, 8, 15, false), Some((1960, 10, 5)));
    assert_eq!(solar(2024, 3, 10, false), Some((2024, 4, 18)));
    assert_eq!(solar(2023, 3, 10, false), Some((2023, 4, 29)));
    assert_eq!(solar(2025, 3, 10, false), Some((2025, 4, 7)));
    assert_eq!(solar(2024, 7, 15, false), Some((2024, 8, 18)));
    // The first days of leap months.
    assert_eq!(solar(2023, 2, 1, true), Some((2023, 3, 22)));
    assert_eq!(solar(2020, 4, 1, true), Some((2020, 5, 23)));
}

#[test]
fn dates_that_do_not_exist_are_refused() {
    let solar = |year, month, day, leap| lunar_to_solar(LunarDate { year, month, leap, day });
    assert_eq!(solar(2024, 4, 1, true), None, "2024 has no leap month");
    assert_eq!(solar(2020, 5, 1, true), None, "2020's leap month is the fourth");
    assert_eq!(solar(2024, 13, 1, false), None);
    assert_eq!(solar(2024, 1, 31, false), None);
    let short = (1..=12).find(|&m| lunar_month_length(2024, m, false) == Some(29)).unwrap();
    assert_eq!(solar(2024, short, 30, false), None);
    assert_eq!(solar(1799, 1, 1, false), None, "outside the years computed");
    assert_eq!(solar_to_lunar(1985, 2, 29), None);
}

#[test]
fn a_lunar_year_runs_from_tet_to_the_eve_of_the_next_tet() {
    assert_eq!(lunar_year_span(1960), Some(((1960, 1, 28), (1961, 2, 14))));
    for y in 1900..=2100 {
        let ((y1, m1, d1), end) = lunar_year_span(y).unwrap();
        let next = tet(y + 1).unwrap();
        assert_eq!(julian_day(end.0, end.1, end.2) + 1, julian_day(next.0, next.1, next.2));
        // Tết always falls between 21 January and 20 February.
        assert_eq!(y1, y);
        assert!((m1, d1) >= (1, 21) && (m1, d1) <= (2, 20), "Tết {y}: {d1}/{m1}");
        let months = 12 + usize::from(leap_month(y).is_some());
        let days: u32 = (1..=12)
            .flat_map(|m| [(m, false), (m, true)])
            .filter_map(|(m, leap)| lunar_month_length(y, m, leap))
            .inspect(|&l| assert!(l == 29 || l == 30))
            .map(u32::from)
            .sum();
        let span = julian_day(end.0, end.1, end.2) - julian_day(y1, m1, d1) + 1;
        assert_eq!(i64::from(days), span, "{y}: {months} months");
    }
}

#[test]
fn every_day_from_1900_to_2100_converts_to_a_lunar_date_and_back() {
    let (first, last) = (julian_day(1900, 1, 1), julian_day(2100, 12, 31));
    let mut previous: Option<LunarDate> = None;
    for jd in first..=last {
        let (y, m, d) = sohoa_vietnamese::date::lunar::from_julian_day(jd);
        let lunar = solar_to_lunar(y, m, d).unwrap_or_else(|| panic!("{d}/{m}/{y}"));
        assert!((1..=12).contains(&lunar.month) && (1..=30).contains(&lunar.day), "{d}/{m}/{y}: {lunar:?}");
        assert_eq!(lunar_to_solar(lunar), Some((y, m, d)), "{lunar:?}");
        // Days follow each other: the next day of the month, or day 1 of the next month.
        if let Some(p) = previous {
            assert!(lunar.day == p.day + 1 || (lunar.day == 1 && (p.day == 29 || p.day == 30)), "{p:?} then {lunar:?}");
        }
        previous = Some(lunar);
    }
}

#[test]
fn every_lunar_day_from_1900_to_2100_converts_to_a_solar_day_and_back() {
    for year in 1900..=2100 {
        for month in 1..=12u8 {
            for leap in [false, true] {
                let Some(length) = lunar_month_length(year, month, leap) else { continue };
                for day in 1..=length {
                    let lunar = LunarDate { year, month, leap, day };
                    let (y, m, d) = lunar_to_solar(lunar).unwrap();
                    assert_eq!(solar_to_lunar(y, m, d), Some(lunar));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn solar_to_lunar_to_solar_is_the_identity(y in 1900..=2100i32, m in 1..=12u8, d in 1..=31u8) {
        let d = d.min(days_in_month(y, m));
        let lunar = solar_to_lunar(y, m, d).unwrap();
        prop_assert!((1..=12).contains(&lunar.month) && (1..=30).contains(&lunar.day));
        prop_assert_eq!(lunar_to_solar(lunar), Some((y, m, d)), "{:?}", lunar);
    }

    #[test]
    fn lunar_to_solar_to_lunar_is_the_identity(y in 1900..=2100i32, m in 1..=12u8, d in 1..=30u8, leap: bool) {
        let lunar = LunarDate { year: y, month: m, leap, day: d };
        match lunar_to_solar(lunar) {
            Some((sy, sm, sd)) => prop_assert_eq!(solar_to_lunar(sy, sm, sd), Some(lunar)),
            None => prop_assert!(
                (leap && leap_month(y) != Some(m)) || (d == 30 && lunar_month_length(y, m, leap) == Some(29)),
                "{:?} refused", lunar
            ),
        }
    }
}
