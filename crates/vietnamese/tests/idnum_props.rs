//! Fuzz-style properties of the ID-number checks.
mod common;

use common::config;
use proptest::prelude::*;
use sohoa_vietnamese::idnum::*;

/// A personal ID built from its parts, as the population database would issue it.
fn issued_id() -> impl Strategy<Value = (String, &'static str, Sex, i32)> {
    (prop::sample::select(LEGACY_PROVINCES.to_vec()), any::<bool>(), 1900..2100i32, "[0-9]{6}").prop_filter_map(
        "synthetic-looking serials are flagged on purpose",
        |((code, _), female, year, serial)| {
            if serial == "000000" {
                return None;
            }
            let sex = if female { Sex::Female } else { Sex::Male };
            let g = (year - 1900) / 100 * 2 + i32::from(female);
            let id = format!("{code}{g}{:02}{serial}", year % 100);
            let d = id.as_bytes();
            let same = d.iter().all(|&b| b == d[0]);
            let run = |step: u8| d.windows(2).all(|w| (w[1] + 10 - w[0]) % 10 == step);
            (!same && !run(1) && !run(9)).then_some((id, code, sex, year))
        },
    )
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn checks_never_panic_on_any_text(s in any::<String>()) {
        let none = IdExpectations::default();
        let findings = check_personal_id(&s, none);
        if let Some(d) = decode_personal_id(&s) {
            prop_assert!(findings.iter().all(|f| f.severity() == Severity::Warning));
            prop_assert_eq!(d.province_code.len(), 3);
        }
        let _ = check_cmnd(&s);
        let _ = classify_id_number(&s);
        for f in &findings {
            let _ = (f.code(), f.message_vi(), f.to_string());
        }
    }

    #[test]
    fn checks_never_panic_on_digit_soup(s in "[0-9 .\\-]{0,16}", year in proptest::option::of(1800..2200i32), code in proptest::option::of("[0-9a-z]{0,4}")) {
        let expected = IdExpectations { sex: Some(Sex::Female), birth_year: year, province_code: code.as_deref() };
        let _ = check_personal_id(&s, expected);
    }

    #[test]
    fn an_issued_number_agrees_with_its_own_record((id, code, sex, year) in issued_id()) {
        let expected = IdExpectations { sex: Some(sex), birth_year: Some(year), province_code: Some(code) };
        prop_assert_eq!(check_personal_id(&id, expected), vec![]);
        let d = decode_personal_id(&id).unwrap();
        prop_assert_eq!((d.province_code.as_str(), d.sex, d.birth_year), (code, sex, year));
        prop_assert_eq!(classify_id_number(&id), IdKind::PersonalId);
    }

    #[test]
    fn a_record_of_the_other_sex_is_one_warning((id, _code, sex, year) in issued_id()) {
        let other = if sex == Sex::Male { Sex::Female } else { Sex::Male };
        let expected = IdExpectations { sex: Some(other), birth_year: Some(year), province_code: None };
        prop_assert_eq!(check_personal_id(&id, expected), vec![IdFinding::SexMismatch { expected: other, found: sex }]);
    }

    #[test]
    fn separators_are_reported_but_do_not_hide_the_number((id, _code, sex, year) in issued_id(), sep in prop::sample::select(vec![" ", ".", "-"])) {
        let spaced = format!("{}{sep}{}{sep}{}", &id[..3], &id[3..6], &id[6..]);
        let expected = IdExpectations { sex: Some(sex), birth_year: Some(year), province_code: None };
        prop_assert_eq!(check_personal_id(&spaced, expected), vec![IdFinding::Separators]);
    }

    #[test]
    fn masking_keeps_the_length_and_hides_the_random_digits(s in any::<String>(), (id, ..) in issued_id()) {
        prop_assert_eq!(mask_id(&s).chars().count(), s.chars().count());
        let masked = mask_id(&id);
        prop_assert_eq!(&masked[..3], &id[..3]);
        prop_assert_eq!(&masked[3..10], "*******");
        prop_assert_eq!(&masked[10..], &id[10..]);
    }
}
