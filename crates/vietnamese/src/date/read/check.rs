//! Checking candidate fields in their calendar: the reading, its certain parts and suggestions.
use super::super::lunar::{self, CanChi, LunarDate, SolarDay};
use super::super::{days_in_month, PartialDate, MAX_YEAR, MIN_YEAR};
use super::segment::{Fields, Marked, Segmented, Value};
use super::{partial, solar_day, year_only, Calendar, DateContext, DateReading, DateWarning, Qualifier, Suggestion, SuggestionReason};

/// The reading of the best candidate: the first real date, else the first of the best quality;
/// `None` when every candidate is unreadable.
pub(super) fn best(seg: &Segmented, ctx: &DateContext, text: &str) -> Option<DateReading> {
    let mut best: Option<(Quality, DateReading)> = None;
    for (fields, words) in &seg.candidates {
        let (quality, reading) = evaluate(fields, &seg.marked, ctx, text, *words);
        if best.as_ref().is_none_or(|(q, _)| quality > *q) {
            let done = quality == Quality::Valid;
            best = Some((quality, reading));
            if done {
                break;
            }
        }
    }
    best.filter(|(q, _)| *q > Quality::Unreadable).map(|(_, r)| r)
}

/// How good a segmentation's reading is (greater is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    Unreadable,
    Impossible,
    /// A real date whose year could not be placed (two-digit or can-chi without context).
    Unresolved,
    Valid,
}

fn evaluate(f: &Fields, m: &Marked, ctx: &DateContext, text: &str, words: bool) -> (Quality, DateReading) {
    let mut r = DateReading::blank(text.to_string());
    let lunar = m.lunar || m.leap || f.can_chi.is_some() || matches!(f.year, Some(Value::CanChi(_)));
    r.calendar = if lunar { Calendar::Lunar { leap_month: m.leap } } else { Calendar::Solar };
    r.qualifier = m.qualifier.unwrap_or(Qualifier::Exact);
    let warn = |w: DateWarning, r: &mut DateReading| r.warnings.push(w);
    if m.lunar && m.solar {
        warn(DateWarning::CalendarConflict, &mut r);
        return (Quality::Unreadable, r);
    }
    if words {
        warn(DateWarning::Words, &mut r);
    }
    match r.qualifier {
        Qualifier::About => warn(DateWarning::Approximate, &mut r),
        Qualifier::Before => warn(DateWarning::Before, &mut r),
        Qualifier::After => warn(DateWarning::After, &mut r),
        Qualifier::Exact => {}
    }
    if lunar {
        warn(DateWarning::Lunar, &mut r);
    }
    if m.leap {
        warn(DateWarning::LeapMonth, &mut r);
    }
    let (Some(month), Some(day)) = (small(f.month.as_ref()), small(f.day.as_ref())) else {
        return (Quality::Unreadable, r);
    };
    let mut month = month;
    if lunar && f.month_one_word && month == Some(1) {
        month = Some(11);
        warn(DateWarning::LunarMonthOne, &mut r);
    }
    r.raw.day = day;
    r.raw.month = month;
    // The year, and readings of it in other centuries or cycles.
    let mut other_years: Vec<(i32, SuggestionReason)> = Vec::new();
    let year = match &f.year {
        Some(Value::Digits(d)) if d.len() == 4 => {
            let y = d.parse::<i32>().ok();
            if let (Some(cc), Some(y)) = (f.can_chi, y) {
                r.can_chi = Some(cc);
                if CanChi::of_year(y) != cc {
                    warn(DateWarning::CanChiMismatch, &mut r);
                }
            }
            y
        }
        Some(Value::Digits(d)) if d.len() == 2 => {
            let yy: i32 = d.parse().unwrap_or(0);
            match ctx.bound() {
                Some(b) => {
                    warn(DateWarning::TwoDigitYear, &mut r);
                    Some(b - (b - yy).rem_euclid(100))
                }
                None => {
                    warn(DateWarning::TwoDigitYearAmbiguous, &mut r);
                    other_years.extend([(1900 + yy, SuggestionReason::OtherCentury), (2000 + yy, SuggestionReason::OtherCentury)]);
                    None
                }
            }
        }
        Some(Value::CanChi(cc)) => {
            r.can_chi = Some(*cc);
            match ctx.bound() {
                Some(b) => {
                    warn(DateWarning::CanChi, &mut r);
                    let y = cc.latest_not_after(b);
                    other_years.push((y - 60, SuggestionReason::OtherCycle));
                    Some(y)
                }
                None => {
                    warn(DateWarning::CanChiUnresolved, &mut r);
                    None
                }
            }
        }
        _ => return (Quality::Unreadable, r),
    };
    r.raw.year = year;
    if day.is_some() && month.is_none() {
        // A day without a month: only the year is certain.
        warn(DateWarning::Impossible, &mut r);
        r.certain = year.filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y)).map(year_only);
        return (Quality::Impossible, finish(r));
    }
    let Some(year) = year else {
        // Unresolved: the readings in each century or cycle are the suggestions.
        for (y, reason) in other_years {
            if let Some(s) = suggestion(r.calendar, y, month, day, reason) {
                r.suggestions.push(s);
            }
        }
        if matches!(f.year, Some(Value::CanChi(_))) || !r.suggestions.is_empty() {
            return (Quality::Unresolved, finish(r));
        }
        // No century makes it a real date (`31/04/85`).
        warn(DateWarning::Impossible, &mut r);
        return (Quality::Impossible, finish(r));
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        warn(DateWarning::Impossible, &mut r);
        return (Quality::Impossible, finish(r));
    }
    let quality = if lunar { check_lunar(&mut r, year, month, day, m.leap) } else { check_solar(&mut r, year, month, day) };
    if quality == Quality::Valid {
        for (y, reason) in other_years {
            if let Some(s) = suggestion(r.calendar, y, month, day, reason) {
                r.suggestions.push(s);
            }
        }
        if r.warnings.contains(&DateWarning::LunarMonthOne) {
            if let Some(s) = suggestion(r.calendar, year, Some(1), day, SuggestionReason::LunarMonthOne) {
                r.suggestions.push(s);
            }
        }
    }
    if r.qualifier != Qualifier::Exact {
        r.certain = None;
    }
    (quality, finish(r))
}

fn finish(mut r: DateReading) -> DateReading {
    r.warnings.sort();
    r.warnings.dedup();
    r
}

/// A day or month value: `Some(None)` for not written or unknown (`0`, `00`, `??`), `None` when
/// it cannot be one (more than two digits, a can-chi name).
fn small(v: Option<&Value>) -> Option<Option<u32>> {
    match v {
        None | Some(Value::Unknown) => Some(None),
        Some(Value::Digits(d)) if d.len() <= 2 => {
            let n: u32 = d.parse().ok()?;
            Some((n != 0).then_some(n))
        }
        _ => None,
    }
}

fn check_solar(r: &mut DateReading, year: i32, month: Option<u32>, day: Option<u32>) -> Quality {
    let valid = match (month, day) {
        (None, None) => true,
        (Some(m), None) => (1..=12).contains(&m),
        (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= u32::from(days_in_month(year, m as u8)),
        (None, Some(_)) => false,
    };
    if valid {
        let d = partial(year, month.map(|m| m as u8), day.map(|d| d as u8));
        r.written = Some(PartialDate { text: r.text.clone(), ..d.clone() });
        r.certain = Some(d.clone());
        r.solar = Some(d);
        return Quality::Valid;
    }
    r.warnings.push(DateWarning::Impossible);
    let valid_month = month.filter(|m| (1..=12).contains(m)).map(|m| m as u8);
    r.certain = Some(partial(year, valid_month, None));
    r.suggestions = solar_suggestions(year, month.unwrap_or(0), day.unwrap_or(0));
    Quality::Impossible
}

/// Ranked readings of an impossible solar date `day/month/year`.
fn solar_suggestions(year: i32, month: u32, day: u32) -> Vec<Suggestion> {
    let valid = |m: u32, d: u32| (1..=12).contains(&m) && d >= 1 && d <= u32::from(days_in_month(year, m as u8));
    // (class, distance, month, day, reason): the swap first; then for each digit of the wrong
    // part its nearest valid replacement; then the last day of the month; then the other
    // one-digit replacements.
    let mut ranked: Vec<(u8, u32, u32, u32, SuggestionReason)> = Vec::new();
    if valid(day, month) {
        ranked.push((0, 0, day, month, SuggestionReason::DayMonthSwapped));
    }
    let month_ok = (1..=12).contains(&month);
    // The part to change (the day when the month is valid, else the month) and the date a new
    // value of it gives.
    let wrong = if month_ok { day } else { month };
    let with = |v: u32| if month_ok { (month, v) } else { (v, day) };
    for position in [Digit::Tens, Digit::Units] {
        let mut variants: Vec<(u32, u32, u32)> = one_digit_variants(wrong, position)
            .into_iter()
            .map(|(v, delta)| (delta, with(v)))
            .filter(|&(_, (m, d))| valid(m, d))
            .map(|(delta, (m, d))| (delta, m, d))
            .collect();
        variants.sort();
        for (i, (delta, m, d)) in variants.into_iter().enumerate() {
            ranked.push((if i == 0 { 1 } else { 3 }, delta, m, d, SuggestionReason::OneDigitOff));
        }
    }
    if month_ok {
        let last = u32::from(days_in_month(year, month as u8));
        if day > last {
            ranked.push((2, day - last, month, last, SuggestionReason::LastDayOfMonth));
        }
    }
    ranked.sort_by_key(|&(class, delta, m, d, _)| (class, delta, m, d));
    let mut out: Vec<Suggestion> = Vec::new();
    for (_, _, m, d, reason) in ranked {
        let date = partial(year, Some(m as u8), Some(d as u8));
        if let Some(existing) = out.iter_mut().find(|s| s.date == date) {
            // `31/04` → `30/04` is one digit off *and* the last day: say the latter.
            if reason == SuggestionReason::LastDayOfMonth {
                existing.reason = reason;
            }
            continue;
        }
        out.push(Suggestion { solar: Some(date.clone()), date, reason });
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
    }
    out
}

const MAX_SUGGESTIONS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digit {
    Tens,
    Units,
}

/// Numbers 0–99 that differ from `n` (written with two digits) in one digit at `position`, with
/// their distance from `n`.
fn one_digit_variants(n: u32, position: Digit) -> Vec<(u32, u32)> {
    if n > 99 {
        return Vec::new();
    }
    let (t, u) = (n / 10, n % 10);
    (0..=9)
        .filter_map(|x| {
            let v = match position {
                Digit::Tens if x != t => x * 10 + u,
                Digit::Units if x != u => t * 10 + x,
                _ => return None,
            };
            Some((v, n.abs_diff(v)))
        })
        .collect()
}

fn check_lunar(r: &mut DateReading, year: i32, month: Option<u32>, day: Option<u32>, leap: bool) -> Quality {
    let in_range = (lunar::LUNAR_MIN_YEAR..=lunar::LUNAR_MAX_YEAR).contains(&year);
    let month_ok = month.is_none_or(|m| (1..=12).contains(&m));
    let day_ok = day.is_none_or(|d| (1..=30).contains(&d)) && (day.is_none() || month.is_some());
    if !month_ok || !day_ok || (leap && month.is_none()) {
        r.warnings.push(DateWarning::Impossible);
        if let (Some(m), Some(d)) = (month, day) {
            if (1..=12).contains(&d) && (1..=30).contains(&m) {
                if let Some(s) = suggestion(r.calendar, year, Some(d), Some(m), SuggestionReason::DayMonthSwapped) {
                    r.suggestions.push(s);
                }
            }
        }
        r.certain = lunar_year_certain(year);
        return Quality::Impossible;
    }
    let m8 = month.map(|m| m as u8);
    let d8 = day.map(|d| d as u8);
    if !in_range {
        r.warnings.push(DateWarning::LunarOutOfRange);
        r.written = Some(PartialDate { text: r.text.clone(), ..partial(year, m8, d8) });
        return Quality::Valid;
    }
    if let Some(m) = m8 {
        let Some(length) = lunar::lunar_month_length(year, m, leap) else {
            // No such leap month this year.
            r.warnings.push(DateWarning::Impossible);
            let plain = Calendar::Lunar { leap_month: false };
            if let Some(s) = suggestion(plain, year, month, day, SuggestionReason::NotLeapMonth) {
                r.suggestions.push(s);
            }
            r.certain = lunar_year_certain(year);
            return Quality::Impossible;
        };
        if let Some(d) = d8 {
            if d > length {
                r.warnings.push(DateWarning::Impossible);
                if let Some(s) = suggestion(r.calendar, year, month, Some(u32::from(length)), SuggestionReason::LastDayOfMonth) {
                    r.suggestions.push(s);
                }
                r.certain = lunar::lunar_month_span(year, m, leap).and_then(|(a, b)| common(a, b));
                return Quality::Impossible;
            }
        }
    }
    r.written = Some(PartialDate { text: r.text.clone(), ..partial(year, m8, d8) });
    match (m8, d8) {
        (Some(m), Some(d)) => {
            let solar = lunar::lunar_to_solar(LunarDate { year, month: m, leap, day: d }).map(solar_day);
            r.solar_range = solar.clone().map(|s| (s.clone(), s));
            r.certain = solar.clone();
            r.solar = solar;
        }
        (Some(m), None) => {
            r.warnings.push(DateWarning::SolarRange);
            let span = lunar::lunar_month_span(year, m, leap);
            r.certain = span.and_then(|(a, b)| common(a, b));
            r.solar_range = span.map(|(a, b)| (solar_day(a), solar_day(b)));
        }
        _ => {
            r.warnings.push(DateWarning::SolarRange);
            let span = lunar::lunar_year_span(year);
            r.certain = span.and_then(|(a, b)| common(a, b));
            r.solar_range = span.map(|(a, b)| (solar_day(a), solar_day(b)));
        }
    }
    Quality::Valid
}

/// The solar parts two days share (year, then month), if any.
fn common(a: SolarDay, b: SolarDay) -> Option<PartialDate> {
    if a.0 != b.0 {
        return None;
    }
    Some(partial(a.0, (a.1 == b.1).then_some(a.1), None))
}

fn lunar_year_certain(year: i32) -> Option<PartialDate> {
    lunar::lunar_year_span(year).and_then(|(a, b)| common(a, b))
}

/// A suggestion in `calendar`, if it is a real date there.
fn suggestion(calendar: Calendar, year: i32, month: Option<u32>, day: Option<u32>, reason: SuggestionReason) -> Option<Suggestion> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    let m = month.map(|m| u8::try_from(m).ok()).unwrap_or(Some(0))?;
    let d = day.map(|d| u8::try_from(d).ok()).unwrap_or(Some(0))?;
    let (m, d) = ((m != 0).then_some(m), (d != 0).then_some(d));
    match calendar {
        Calendar::Solar => {
            let date = PartialDate::new(year, m, d).ok()?;
            Some(Suggestion { solar: Some(date.clone()), date, reason })
        }
        Calendar::Lunar { leap_month } => {
            let date = partial(year, m, d);
            let solar = match (m, d) {
                (Some(m), Some(d)) => Some(solar_day(lunar::lunar_to_solar(LunarDate { year, month: m, leap: leap_month, day: d })?)),
                // A lunar month: its solar year when the whole month lies in one.
                (Some(m), None) => lunar::lunar_month_span(year, m, leap_month).and_then(|(a, b)| common(a, b)),
                _ => None,
            };
            Some(Suggestion { date, solar, reason })
        }
    }
}
