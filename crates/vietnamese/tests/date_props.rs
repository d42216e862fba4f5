//! Fuzz-style properties of the date parser and of partial-date comparisons.
mod common;

use common::{config, date_like};
use proptest::prelude::*;
use sohoa_vietnamese::date::{days_in_month, Precision, TwoDigitYears, MAX_YEAR, MIN_YEAR};
use sohoa_vietnamese::normalize::clean;
use sohoa_vietnamese::{DateError, PartialDate};

/// Any valid partial date.
fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1800..2100i32, 0..=12u8, 0..=31u8).prop_map(|(y, m, d)| {
        let month = (m != 0).then_some(m);
        let day = month.and_then(|m| (d != 0).then_some(d.min(days_in_month(y, m))));
        PartialDate::new(y, month, day).expect("generated dates are valid")
    })
}

fn assert_well_formed(input: &str, d: &PartialDate) -> Result<(), TestCaseError> {
    prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&d.year));
    if let Some(m) = d.month {
        prop_assert!((1..=12).contains(&m));
    }
    if let Some(day) = d.day {
        prop_assert!(d.month.is_some(), "day without month from {:?}", input);
        prop_assert!(day >= 1 && day <= days_in_month(d.year, d.month.unwrap()));
    }
    prop_assert_eq!(&d.text, &clean(input));
    Ok(())
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn parse_never_panics_and_only_returns_real_dates(s in any::<String>()) {
        match PartialDate::parse(&s) {
            Ok(d) => assert_well_formed(&s, &d)?,
            Err(DateError::Empty) => prop_assert!(clean(&s).is_empty()),
            Err(_) => {}
        }
    }

    #[test]
    fn parse_of_date_like_text_never_panics(s in date_like(), limit in 1900..2100i32) {
        for policy in [TwoDigitYears::Reject, TwoDigitYears::LatestNotAfter(limit)] {
            if let Ok(d) = PartialDate::parse_with(&s, policy) {
                assert_well_formed(&s, &d)?;
            }
        }
    }

    #[test]
    fn template_form_round_trips(d in partial_date()) {
        let back = PartialDate::parse(&d.to_template()).unwrap();
        prop_assert_eq!(back, d);
    }

    #[test]
    fn iso_like_form_round_trips(d in partial_date()) {
        let back = PartialDate::parse(&d.to_iso_like()).unwrap();
        prop_assert_eq!((back.year, back.month, back.day), (d.year, d.month, d.day));
    }

    #[test]
    fn worded_form_round_trips(d in partial_date(), pad in 0..2usize) {
        let n = |v: u8| if pad == 1 { format!("{v:02}") } else { v.to_string() };
        let mut words = Vec::new();
        if let Some(day) = d.day { words.push(format!("ngày {}", n(day))); }
        if let Some(m) = d.month { words.push(format!("tháng {}", n(m))); }
        words.push(format!("năm {}", d.year));
        let back = PartialDate::parse(&words.join(" ")).unwrap();
        prop_assert_eq!((back.year, back.month, back.day), (d.year, d.month, d.day));
    }

    #[test]
    fn any_separator_reads_the_same(d in partial_date(), sep in prop::sample::select(vec!["/", "-", ".", " / ", " "])) {
        let mut parts = Vec::new();
        if let Some(day) = d.day { parts.push(day.to_string()); }
        if let Some(m) = d.month { parts.push(m.to_string()); }
        parts.push(d.year.to_string());
        let back = PartialDate::parse(&parts.join(sep)).unwrap();
        prop_assert_eq!((back.year, back.month, back.day), (d.year, d.month, d.day));
    }

    #[test]
    fn two_digit_years_are_never_guessed(d in partial_date()) {
        let yy = format!("{:02}", d.year % 100);
        let short = match (d.day, d.month) {
            (Some(day), Some(m)) => format!("{day}/{m}/{yy}"),
            (None, Some(m)) => format!("{m}/{yy}"),
            _ => yy.clone(),
        };
        prop_assert!(matches!(PartialDate::parse(&short), Err(DateError::Unreadable(_))));
        let bounded = PartialDate::parse_with(&short, TwoDigitYears::LatestNotAfter(d.year)).unwrap();
        prop_assert_eq!(bounded.year, d.year);
    }

    #[test]
    fn ordering_is_antisymmetric_and_undecided_exactly_when_compatible(a in partial_date(), b in partial_date()) {
        match (a.is_before(&b), b.is_before(&a)) {
            (Some(true), other) => prop_assert_eq!(other, Some(false)),
            (None, other) => prop_assert_eq!(other, None),
            _ => {}
        }
        let undecided = a.is_compatible_with(&b) && a.precision().min(b.precision()) < Precision::Day;
        prop_assert_eq!(a.is_before(&b).is_none(), undecided);
        prop_assert_eq!(a.could_be_day_month_swap(&b), b.could_be_day_month_swap(&a));
    }

    #[test]
    fn a_swapped_full_date_is_recognised(d in partial_date()) {
        if let (Some(day), Some(m)) = (d.day, d.month) {
            if day <= 12 && day != m {
                let swapped = PartialDate::new(d.year, Some(day), Some(m)).unwrap();
                prop_assert!(d.could_be_day_month_swap(&swapped));
            }
        }
    }
}
