//! The two kinds of input record the engine links (formats.md §1 and §2).
use serde::{Deserialize, Serialize};
pub use sohoa_vietnamese::PartialDate;

/// Sex as recorded (`Nam` / `Nữ`, also `1` / `2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    #[default]
    Unknown,
}

impl Sex {
    /// Parses `Nam`, `Nữ`/`Nu`, `1`, `2`, `M`, `F` (case- and mark-insensitive); anything else is
    /// `Unknown`.
    pub fn parse(s: &str) -> Sex {
        let f = sohoa_vietnamese::normalize::ascii_fold(s);
        match f.trim() {
            "nam" | "1" | "m" | "male" | "trai" => Sex::Male,
            "nu" | "2" | "f" | "female" | "gai" => Sex::Female,
            _ => Sex::Unknown,
        }
    }
    /// As a register or the extract writes it: `Nam`, `Nữ`, or nothing when unknown.
    pub fn written(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
            Sex::Unknown => "",
        }
    }
    pub(crate) fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
            Sex::Unknown => 0,
        }
    }
}

/// A name split into its parts (họ, tên đệm, tên), as the population database delivers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NameParts {
    pub surname: String,
    pub middle: Vec<String>,
    pub given: String,
}

/// One row of the population extract (formats.md §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PersonRecord {
    /// `so_dinh_danh`, 12 digits.
    pub id_number: String,
    /// `ho_ten`, surname first, as written.
    pub full_name: String,
    /// Parsed name parts when the source delivers them (Ho / ChuDem / Ten); otherwise the engine
    /// takes the first token as surname and the last as given name.
    pub name_parts: Option<NameParts>,
    pub birth_date: Option<PartialDate>,
    pub sex: Sex,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    /// `ho_ten_vo_chong`: kept for marriage-record linkage, not compared for births.
    pub spouse_name: Option<String>,
    /// `noi_dang_ky_khai_sinh`
    pub birth_registration_place: Option<String>,
    /// `que_quan`
    pub home_town: Option<String>,
    /// `noi_thuong_tru`
    pub residence: Option<String>,
    /// `so_cmnd`, old 9-digit ID.
    pub cmnd: Option<String>,
}

/// The identifying fields of a keyed register entry (formats.md §2, birth entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KeyedRecord {
    /// `ma_ban_ghi`
    pub record_ref: String,
    pub full_name: String,
    /// The solar date to compare: as written, the solar equivalent of a lunar date, the certain
    /// parts of an impossible one ([`BirthDate::read`]).
    pub birth_date: Option<PartialDate>,
    /// The most plausible other reading of the written date (an impossible date's suggestion,
    /// the other solar year of a lunar year), compared too ([`BirthDate::read`]).
    #[serde(default)]
    pub birth_date_alt: Option<DateAlternative>,
    pub sex: Sex,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    /// `noi_dang_ky`
    pub registration_place: Option<String>,
    /// `noi_sinh`
    pub birth_place: Option<String>,
    /// `que_quan`
    pub home_town: Option<String>,
    /// A personal ID number when the entry carries one (re-registrations, margin notes).
    pub id_number: Option<String>,
}

/// Another reading of a written date, with the comparison level an exact agreement on it is
/// worth: 4 (day and month swapped) or 5 (one digit off, last day of the month, another century
/// or cycle) — the levels the engine gives the same slips between two well-formed dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateAlternative {
    pub date: PartialDate,
    pub level: u8,
}

/// What a keyed birth date gives the engine (issue 10 part 3): every certain part of it.
pub struct BirthDate;

impl BirthDate {
    /// The context of a birth date read without its book: it is not after `this_year` (the
    /// caller's clock, read once: `sohoa_core::clock::today_year()` in the app, a fixed year in
    /// tests and the synthetic generator, so that no reading depends on the day it runs).
    pub fn context(this_year: i32) -> sohoa_vietnamese::DateContext {
        sohoa_vietnamese::DateContext { book_years: None, not_after: Some(this_year) }
    }

    /// Reads a date as written in a register (`sohoa_vietnamese::read_date`) into the date to
    /// compare and its most plausible alternative. `ctx` bounds the years: the book's years when
    /// known, else [`BirthDate::context`] (a birth date is not after this year). With this year
    /// 2026: `15/8/1960 âm lịch` → 05/10/1960; `30/02/1960` → 02/1960 with 20/02/1960 (level 5);
    /// `07/16/1977` → 1977 with 16/07/1977 (level 4); `1960 (âm lịch)` → 1960 with 1961;
    /// `khoảng 1945` → 1945; `12/3/85` → 12/03/1985 with 12/03/1885 and `5/3/05` → 05/03/2005
    /// with 05/03/1905 (level 5: the other century).
    pub fn read(text: &str, ctx: &sohoa_vietnamese::DateContext) -> (Option<PartialDate>, Option<DateAlternative>) {
        if let Ok(d) = PartialDate::parse_fast(text) {
            return (Some(d), None);
        }
        let r = sohoa_vietnamese::read_date(text, ctx);
        let keys = r.match_keys();
        use sohoa_vietnamese::date::SuggestionReason as R;
        let alt = match r.suggestions.iter().find_map(|s| s.solar.clone().map(|d| (d, s.reason))) {
            Some((date, reason)) => Some(DateAlternative { date, level: if reason == R::DayMonthSwapped { 4 } else { 5 } }),
            None => keys.alternatives.into_iter().next().map(|date| DateAlternative { date, level: 5 }),
        };
        // a two-digit year resolved to the latest possible century: the century before is the
        // other reading (a register of 1950–2015 holds births of both)
        let alt = alt.or_else(|| {
            let two_digits = r.warnings.contains(&sohoa_vietnamese::date::DateWarning::TwoDigitYear);
            keys.primary.as_ref().filter(|_| two_digits).and_then(|p| {
                let date = PartialDate::new(p.year - 100, p.month, p.day).ok()?;
                Some(DateAlternative { date, level: 5 })
            })
        });
        (keys.primary, alt)
    }
}

/// Digits of an ID number as an integer (non-digits ignored); 0 when there are none or too many.
pub(crate) fn id_value(s: Option<&str>) -> u64 {
    let Some(s) = s else { return 0 };
    let mut v: u64 = 0;
    let mut n = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            n += 1;
            if n > 16 {
                return 0;
            }
            v = v * 10 + d as u64;
        }
    }
    if n < 6 {
        return 0;
    }
    // keep the length in the value so "012" and "12" differ
    v | ((n as u64) << 58)
}
