//! The date parser: what clerks type and what old registers hold.
//!
//! Two shapes are read:
//! * **numeric**: 1–3 groups of digits separated by `/ - . ,` or spaces, day first
//!   (`12/3/1985`, `12-03-1985`, `12.03.1985`, `3/1985`, `1985`), or year first when the first
//!   group has four digits (`1985-03-12`, `1985-03`). Month-first (US) order is never assumed;
//! * **worded**: the Vietnamese keywords `ngày`, `tháng`, `năm` (with or without diacritics, any
//!   case) each followed by its number, possibly mixed with the numeric shape
//!   (`ngày 12 tháng 3 năm 1985`, `tháng 3/1985`, `năm 1985`, `ngày 12/3/1985`). A number without a
//!   keyword continues the day → month → year sequence from its neighbour.
//!
//! Unknown parts: a day or month written `00`, `0`, `??` or `xx` means "not known", so
//! `00/03/1985` is March 1985 and `00/00/1985` is the year 1985. A known day with an unknown
//! month is impossible.
//!
//! Years must have four digits. Two-digit years (`12/3/85`) are ambiguous in registers that span
//! more than a century, so they are `Unreadable` unless the caller supplies a bound
//! ([`TwoDigitYears::LatestNotAfter`]), e.g. the registration year of the entry.
use super::{days_in_month, DateError, PartialDate, TwoDigitYears, MAX_YEAR, MIN_YEAR};
use crate::normalize::{ascii_fold, clean};

/// Where a number goes (shared with [`super::read`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slot {
    Day,
    Month,
    Year,
}

impl Slot {
    fn next(self) -> Option<Slot> {
        match self {
            Slot::Day => Some(Slot::Month),
            Slot::Month => Some(Slot::Year),
            Slot::Year => None,
        }
    }
    fn prev(self) -> Option<Slot> {
        match self {
            Slot::Day => None,
            Slot::Month => Some(Slot::Day),
            Slot::Year => Some(Slot::Month),
        }
    }
}

/// One value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// ASCII digits.
    Digits(String),
    /// `??` or `xx`: written as unknown.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Value(Value),
    Keyword(Slot),
}

type Fail = String;

pub(super) fn parse(input: &str, two_digit_years: TwoDigitYears) -> Result<PartialDate, DateError> {
    let text = clean(input);
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let unreadable = |why: &str| DateError::Unreadable(format!("{text}: {why}"));
    let tokens = tokenize(&text).map_err(|why| unreadable(&why))?;
    if tokens.is_empty() {
        return Err(unreadable("no number"));
    }
    let has_keywords = tokens.iter().any(|t| matches!(t, Token::Keyword(_)));
    let fields = if has_keywords { by_keywords(&tokens) } else { by_position(&tokens) };
    let fields = fields.map_err(|why| unreadable(&why))?;
    build(fields, text, two_digit_years)
}

fn tokenize(text: &str) -> Result<Vec<Token>, Fail> {
    #[derive(PartialEq, Clone, Copy)]
    enum Run {
        None,
        Digits,
        Word,
        Query,
    }
    let mut tokens = Vec::new();
    let mut run = Run::None;
    let mut current = String::new();
    let finish = |run: Run, current: &mut String, tokens: &mut Vec<Token>| -> Result<(), Fail> {
        match run {
            Run::None => {}
            Run::Digits => tokens.push(Token::Value(Value::Digits(current.clone()))),
            Run::Query => tokens.push(Token::Value(Value::Unknown)),
            Run::Word => tokens.push(word_token(current)?),
        }
        current.clear();
        Ok(())
    };
    for c in text.chars() {
        let kind = if c.is_ascii_digit() {
            Run::Digits
        } else if c == '?' {
            Run::Query
        } else if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            Run::Word
        } else if c.is_whitespace() || matches!(c, '/' | '-' | '.' | ',' | '\u{2010}'..='\u{2015}') {
            Run::None
        } else {
            return Err(format!("unexpected character {c:?}"));
        };
        if kind != run {
            finish(run, &mut current, &mut tokens)?;
            run = kind;
        }
        if kind != Run::None {
            current.push(c);
        }
    }
    finish(run, &mut current, &mut tokens)?;
    Ok(tokens)
}

fn word_token(word: &str) -> Result<Token, Fail> {
    match ascii_fold(word).as_str() {
        "ngay" => Ok(Token::Keyword(Slot::Day)),
        "thang" => Ok(Token::Keyword(Slot::Month)),
        "nam" => Ok(Token::Keyword(Slot::Year)),
        "x" | "xx" => Ok(Token::Value(Value::Unknown)),
        _ => Err(format!("unexpected word {word:?}")),
    }
}

/// The three fields before validation.
#[derive(Debug, Default)]
struct Fields {
    day: Option<Value>,
    month: Option<Value>,
    year: Option<Value>,
}

fn by_position(tokens: &[Token]) -> Result<Fields, Fail> {
    let values: Vec<&Value> = tokens
        .iter()
        .map(|t| match t {
            Token::Value(v) => v,
            Token::Keyword(_) => unreachable!("keywords are handled by by_keywords"),
        })
        .collect();
    let year_first = matches!(values.first(), Some(Value::Digits(d)) if d.len() == 4) && values.len() > 1;
    let some = |v: &Value| Some(v.clone());
    Ok(match (values.as_slice(), year_first) {
        ([y], _) => Fields { year: some(y), ..Fields::default() },
        ([y, m], true) => Fields { month: some(m), year: some(y), ..Fields::default() },
        ([m, y], false) => Fields { month: some(m), year: some(y), ..Fields::default() },
        ([y, m, d], true) => Fields { day: some(d), month: some(m), year: some(y) },
        ([d, m, y], false) => Fields { day: some(d), month: some(m), year: some(y) },
        _ => return Err("too many parts".into()),
    })
}

fn by_keywords(tokens: &[Token]) -> Result<Fields, Fail> {
    // Each value with the keyword written right before it, if any.
    let mut values: Vec<(Value, Option<Slot>)> = Vec::new();
    let mut pending: Option<Slot> = None;
    for t in tokens {
        match t {
            Token::Keyword(slot) => {
                if pending.replace(*slot).is_some() {
                    return Err("two keywords in a row".into());
                }
            }
            Token::Value(v) => values.push((v.clone(), pending.take())),
        }
    }
    if pending.is_some() {
        return Err("keyword without a number".into());
    }
    let mut slots: Vec<Option<Slot>> = values.iter().map(|v| v.1).collect();
    continue_sequence(&mut slots)?;
    let mut fields = Fields::default();
    for ((value, _), slot) in values.into_iter().zip(slots) {
        let place = match slot.ok_or("number without a keyword")? {
            Slot::Day => &mut fields.day,
            Slot::Month => &mut fields.month,
            Slot::Year => &mut fields.year,
        };
        if place.replace(value).is_some() {
            return Err("the same part written twice".into());
        }
    }
    Ok(fields)
}

/// Unlabelled values continue the day → month → year sequence from a labelled neighbour:
/// forwards, then backwards.
pub(super) fn continue_sequence(slots: &mut [Option<Slot>]) -> Result<(), &'static str> {
    for i in 1..slots.len() {
        if slots[i].is_none() {
            if let Some(prev) = slots[i - 1] {
                slots[i] = Some(prev.next().ok_or("number after the year")?);
            }
        }
    }
    for i in (0..slots.len().saturating_sub(1)).rev() {
        if slots[i].is_none() {
            if let Some(next) = slots[i + 1] {
                slots[i] = Some(next.prev().ok_or("number before the day")?);
            }
        }
    }
    Ok(())
}

fn build(fields: Fields, text: String, two_digit_years: TwoDigitYears) -> Result<PartialDate, DateError> {
    let unreadable = |why: String| DateError::Unreadable(format!("{text}: {why}"));
    let impossible = |why: String| DateError::Impossible(format!("{text}: {why}"));

    let year = match fields.year {
        Some(Value::Digits(d)) => read_year(&d, two_digit_years).map_err(unreadable)?,
        Some(Value::Unknown) | None => return Err(unreadable("no year".into())),
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(impossible(format!("year {year} is outside {MIN_YEAR}–{MAX_YEAR}")));
    }
    let month = read_day_or_month(fields.month.as_ref(), "month").map_err(unreadable)?;
    let day = read_day_or_month(fields.day.as_ref(), "day").map_err(unreadable)?;
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            let hint = if day.is_some_and(|d| (1..=12).contains(&d)) { " (day and month swapped?)" } else { "" };
            return Err(impossible(format!("month {m} does not exist{hint}")));
        }
    }
    match (day, month) {
        (Some(_), None) => return Err(impossible("a day without a month".into())),
        (Some(d), Some(m)) if d < 1 || d > days_in_month(year, m) => {
            let why =
                if m == 2 && d == 29 { format!("{year} is not a leap year") } else { format!("day {d} does not exist in {m:02}/{year}") };
            return Err(impossible(why));
        }
        _ => {}
    }
    Ok(PartialDate { year, month, day, text })
}

fn read_year(digits: &str, two_digit_years: TwoDigitYears) -> Result<i32, Fail> {
    match (digits.len(), two_digit_years) {
        (4, _) => digits.parse().map_err(|_| "bad year".into()),
        (2, TwoDigitYears::LatestNotAfter(limit)) => {
            let yy: i32 = digits.parse().map_err(|_| "bad year")?;
            Ok(limit - (limit - yy).rem_euclid(100))
        }
        (2, TwoDigitYears::Reject) => Err(format!("2-digit year {digits} is ambiguous (19{digits}? 20{digits}?)")),
        _ => Err(format!("year {digits} does not have 4 digits")),
    }
}

/// `None` for "not written" and for the unknown markers (`00`, `0`, `??`, `xx`).
fn read_day_or_month(value: Option<&Value>, what: &str) -> Result<Option<u8>, Fail> {
    match value {
        None | Some(Value::Unknown) => Ok(None),
        Some(Value::Digits(d)) if d.len() > 2 => Err(format!("{what} {d} has more than 2 digits")),
        Some(Value::Digits(d)) => {
            let n: u8 = d.parse().map_err(|_| format!("bad {what}"))?;
            Ok((n != 0).then_some(n))
        }
    }
}
