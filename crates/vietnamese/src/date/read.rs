//! [`read_date`]: every date a register holds, read for what it says (see the module
//! documentation of [`crate::date`] and `docs/historic-dates.md`).
//!
//! How a text is read:
//! 1. **lexing**: digit runs (ASCII or full-width), words (compared folded: no marks, lower
//!    case), `?` runs, `~`, brackets and separators (`/ - . , : ;` and dashes); any other
//!    character makes the text unreadable;
//! 2. **markers** are taken out wherever they are: the calendar (`âm lịch`, `AL`, `Â.L`, `âm`,
//!    `lịch âm`; `dương lịch`, `DL`), `nhuận` (leap month), a can-chi year name (`Canh Tý`,
//!    merged with a number year written beside it); at the start, fillers (`sinh`, `mất`, `chết`,
//!    `vào`) and qualifiers (`khoảng`, `độ`, `chừng`, `ước`, `~`, `≈`, `trước`, `sau`); a `?` right
//!    after the last number (`1945?`) makes the date approximate;
//! 3. what is left is read as the day → month → year sequence of [`PartialDate::parse`], where a
//!    number may also be written in words ([`super::words`]) and `năm` is either the year keyword or
//!    the number 5: every segmentation is tried (bounded) and the first that gives a real date
//!    wins, else the first that gives an impossible one;
//! 4. the date is checked in its calendar; an impossible one keeps what is certain and gets
//!    ranked suggestions.
use super::lunar::{CanChi, SolarDay};
use super::words::number_in_words;
use super::{PartialDate, Precision, MAX_YEAR, MIN_YEAR};
use crate::normalize::clean;
use serde::{Deserialize, Serialize};

mod check;
mod segment;

/// What the reader may know about where a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DateContext {
    /// First and last year of the register book the date is in (the years its entries were
    /// registered). Two-digit years and can-chi years are resolved against its last year.
    pub book_years: Option<(i32, i32)>,
    /// A year the date cannot be after (the registration year of the entry; the year a birth
    /// date's person was registered). Used with, and before, `book_years`.
    pub not_after: Option<i32>,
}

impl DateContext {
    /// No context: two-digit and can-chi years stay unresolved.
    pub fn none() -> DateContext {
        DateContext::default()
    }

    /// The context of a book spanning `first`–`last`.
    pub fn book(first: i32, last: i32) -> DateContext {
        DateContext { book_years: Some((first.min(last), first.max(last))), not_after: None }
    }

    /// The latest year the date can be in, if known.
    pub fn bound(&self) -> Option<i32> {
        match (self.not_after, self.book_years) {
            (Some(n), Some((_, last))) => Some(n.min(last)),
            (Some(n), None) => Some(n),
            (None, Some((_, last))) => Some(last),
            (None, None) => None,
        }
    }
}

/// The calendar a date was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Calendar {
    Solar,
    /// `leap_month`: the month is the leap (`nhuận`) repetition.
    Lunar {
        leap_month: bool,
    },
}

impl Calendar {
    pub fn is_lunar(self) -> bool {
        matches!(self, Calendar::Lunar { .. })
    }
}

/// How exactly the date is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    /// `khoảng`, `độ`, `chừng`, `ước`, `~`, `≈`, a trailing `?`.
    About,
    /// `trước năm 1950`: before the date written.
    Before,
    /// `sau năm 1950`: after the date written.
    After,
}

/// A reading's remark, with a stable code ([`DateWarning::code`]) to store beside the value and a
/// Vietnamese message for the clerk ([`DateWarning::message_vi`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DateWarning {
    #[serde(rename = "date.empty")]
    Empty,
    #[serde(rename = "date.unreadable")]
    Unreadable,
    #[serde(rename = "date.impossible")]
    Impossible,
    #[serde(rename = "date.lunar")]
    Lunar,
    #[serde(rename = "date.leap_month")]
    LeapMonth,
    /// A lunar month or year: only a range of solar days is known.
    #[serde(rename = "date.solar_range")]
    SolarRange,
    /// A lunar date outside the years the calendar is computed for.
    #[serde(rename = "date.lunar_out_of_range")]
    LunarOutOfRange,
    /// The year was written as a can-chi name and resolved from the context.
    #[serde(rename = "date.can_chi")]
    CanChi,
    /// A can-chi year without a context to place it in a cycle.
    #[serde(rename = "date.can_chi_unresolved")]
    CanChiUnresolved,
    /// A can-chi name and a number year that disagree (the number is kept).
    #[serde(rename = "date.can_chi_mismatch")]
    CanChiMismatch,
    #[serde(rename = "date.approximate")]
    Approximate,
    #[serde(rename = "date.before")]
    Before,
    #[serde(rename = "date.after")]
    After,
    /// A two-digit year resolved from the context.
    #[serde(rename = "date.two_digit_year")]
    TwoDigitYear,
    /// A two-digit year without a context: the century is not known.
    #[serde(rename = "date.two_digit_year_ambiguous")]
    TwoDigitYearAmbiguous,
    /// Written (partly) in words.
    #[serde(rename = "date.words")]
    Words,
    /// `tháng một` in a lunar date: month 11 by the traditional names (month 1 is `giêng`),
    /// month 1 for many writers; read as 11, month 1 offered as a suggestion.
    #[serde(rename = "date.lunar_month_one")]
    LunarMonthOne,
    /// Both `âm lịch` and `dương lịch` written.
    #[serde(rename = "date.calendar_conflict")]
    CalendarConflict,
}

impl DateWarning {
    /// Stable identifier (`date.lunar`, `date.impossible`…).
    pub fn code(self) -> &'static str {
        match self {
            DateWarning::Empty => "date.empty",
            DateWarning::Unreadable => "date.unreadable",
            DateWarning::Impossible => "date.impossible",
            DateWarning::Lunar => "date.lunar",
            DateWarning::LeapMonth => "date.leap_month",
            DateWarning::SolarRange => "date.solar_range",
            DateWarning::LunarOutOfRange => "date.lunar_out_of_range",
            DateWarning::CanChi => "date.can_chi",
            DateWarning::CanChiUnresolved => "date.can_chi_unresolved",
            DateWarning::CanChiMismatch => "date.can_chi_mismatch",
            DateWarning::Approximate => "date.approximate",
            DateWarning::Before => "date.before",
            DateWarning::After => "date.after",
            DateWarning::TwoDigitYear => "date.two_digit_year",
            DateWarning::TwoDigitYearAmbiguous => "date.two_digit_year_ambiguous",
            DateWarning::Words => "date.words",
            DateWarning::LunarMonthOne => "date.lunar_month_one",
            DateWarning::CalendarConflict => "date.calendar_conflict",
        }
    }

    /// What the clerk reads (Vietnamese).
    pub fn message_vi(self) -> &'static str {
        match self {
            DateWarning::Empty => "Ngày tháng để trống.",
            DateWarning::Unreadable => "Không đọc được ngày tháng; giữ nguyên như đã ghi, hãy đối chiếu với sổ.",
            DateWarning::Impossible => "Ngày không có thật; giữ nguyên như đã ghi, hãy đối chiếu với sổ (xem các cách đọc gợi ý).",
            DateWarning::Lunar => "Ngày ghi theo âm lịch; ngày dương lịch tương ứng được tính theo lịch Việt Nam.",
            DateWarning::LeapMonth => "Tháng nhuận âm lịch.",
            DateWarning::SolarRange => "Chỉ ghi tháng hoặc năm âm lịch: chỉ biết khoảng ngày dương lịch tương ứng.",
            DateWarning::LunarOutOfRange => "Năm âm lịch ngoài khoảng 1800–2199: không quy đổi sang dương lịch.",
            DateWarning::CanChi => "Năm ghi theo can chi; đã chọn năm gần nhất không sau năm của sổ.",
            DateWarning::CanChiUnresolved => "Năm ghi theo can chi; không xác định được năm nào (thiếu năm của sổ).",
            DateWarning::CanChiMismatch => "Tên năm can chi không khớp với năm ghi bằng số; giữ năm ghi bằng số.",
            DateWarning::Approximate => "Ngày tháng ghi ước chừng.",
            DateWarning::Before => "Chỉ ghi là trước thời điểm này.",
            DateWarning::After => "Chỉ ghi là sau thời điểm này.",
            DateWarning::TwoDigitYear => "Năm ghi hai chữ số; thế kỷ được suy ra từ năm của sổ.",
            DateWarning::TwoDigitYearAmbiguous => "Năm ghi hai chữ số; không biết thế kỷ.",
            DateWarning::Words => "Ngày tháng ghi bằng chữ.",
            DateWarning::LunarMonthOne => "“Tháng một” âm lịch được hiểu là tháng 11 (tháng 1 là tháng giêng).",
            DateWarning::CalendarConflict => "Ghi cả âm lịch và dương lịch.",
        }
    }
}

/// The numbers as written, before any check (impossible values included); `None` where a part
/// was not written or written as unknown (`00`, `??`, `xx`). `year` is after resolution of a
/// two-digit or can-chi year when the context allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RawParts {
    pub day: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<i32>,
}

/// Why a suggestion is offered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionReason {
    /// Day and month swapped (`07/16/1977` → `16/07/1977`).
    DayMonthSwapped,
    /// One digit of the day or month read differently (`30/02` → `20/02`).
    OneDigitOff,
    /// The last day of the month (`31/04` → `30/04`, `29/02/1985` → `28/02/1985`).
    LastDayOfMonth,
    /// The same lunar month without `nhuận` (the year has no such leap month).
    NotLeapMonth,
    /// `tháng một` in a lunar date read as month 1.
    LunarMonthOne,
    /// A two-digit year in another century.
    OtherCentury,
    /// A can-chi year in another cycle (60 years earlier).
    OtherCycle,
}

/// A plausible reading of a date that cannot be taken as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// In the calendar of the reading (lunar parts for a lunar date).
    pub date: PartialDate,
    /// Its solar equivalent (= `date` for a solar date), when it can be computed.
    pub solar: Option<PartialDate>,
    pub reason: SuggestionReason,
}

impl Suggestion {
    /// `16/07/1977`; for a lunar suggestion `15/08/1960 âm lịch (05/10/1960)`.
    pub fn describe_vi(&self, calendar: Calendar) -> String {
        let date = self.date.to_template();
        match (calendar, &self.solar) {
            (Calendar::Solar, _) => date,
            (Calendar::Lunar { .. }, Some(s)) if s.precision() == Precision::Day => format!("{date} âm lịch ({})", s.to_template()),
            (Calendar::Lunar { .. }, _) => format!("{date} âm lịch"),
        }
    }
}

/// What a written date yields (see [`read_date`]). Every [`PartialDate`] inside has `text` set
/// to its template form, except `written`, whose `text` is the input as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateReading {
    /// The input as written (NFC, whitespace cleaned).
    pub text: String,
    pub calendar: Calendar,
    pub qualifier: Qualifier,
    /// The date as written when it is a real date of its calendar (lunar parts for a lunar date).
    pub written: Option<PartialDate>,
    /// The solar equivalent of `written`: itself for a solar date, the converted day for a full
    /// lunar date; `None` for a lunar month or year (see `solar_range`).
    pub solar: Option<PartialDate>,
    /// First and last solar day a lunar date covers (a lunar year runs from Tết to the eve of the
    /// next Tết); also set for a full lunar date (both ends equal).
    pub solar_range: Option<(PartialDate, PartialDate)>,
    /// The solar parts that are certain: the whole date for an exact one; the year (and the month
    /// when it is valid) of an impossible one; the parts both ends of `solar_range` share; `None`
    /// for an approximate, before/after or unresolved date.
    pub certain: Option<PartialDate>,
    /// The numbers as written.
    pub raw: RawParts,
    /// The can-chi name when the year was written as one.
    pub can_chi: Option<CanChi>,
    /// Plausible readings, most plausible first (empty for a date read as written).
    pub suggestions: Vec<Suggestion>,
    /// Sorted, without duplicates.
    pub warnings: Vec<DateWarning>,
}

/// The keys a matching engine compares (see [`DateReading::match_keys`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateKeys {
    /// The solar date to compare first: the date itself when it is known (exactly or
    /// approximately), else its certain parts; `None` when nothing of it can be compared.
    pub primary: Option<PartialDate>,
    /// Other solar dates the value may be: the suggestions, the other solar year of a lunar year.
    pub alternatives: Vec<PartialDate>,
    /// Inclusive range of solar years the value lies in, when it is bounded.
    pub years: Option<(i32, i32)>,
    /// True when `primary` is exactly what was written (solar or converted), nothing guessed.
    pub exact: bool,
}

/// Reads a date the way registers wrote it. Never fails and never panics: whatever the input,
/// the reading keeps the text and says what is certain. See the module documentation of
/// [`crate::date`] for the forms read.
pub fn read_date(input: &str, ctx: &DateContext) -> DateReading {
    let text = clean(input);
    // What the strict parser reads is a plain solar date (a `?` may mean "approximate" here).
    if !text.contains('?') && text.len() <= MAX_CHARS {
        if let Ok(d) = PartialDate::parse(&text) {
            return plain(text, d);
        }
    }
    read_general(text, ctx)
}

/// [`read_date`] without the fast path for plain dates.
fn read_general(text: String, ctx: &DateContext) -> DateReading {
    if text.is_empty() {
        let mut r = DateReading::blank(text);
        r.warnings.push(DateWarning::Empty);
        return r;
    }
    if text.chars().count() > MAX_CHARS {
        return unreadable(text);
    }
    match segment::segment(&text).and_then(|seg| check::best(&seg, ctx, &text)) {
        Some(r) => r,
        None => unreadable(text),
    }
}

/// Longer inputs are not dates.
const MAX_CHARS: usize = 160;

impl DateReading {
    fn blank(text: String) -> DateReading {
        DateReading {
            text,
            calendar: Calendar::Solar,
            qualifier: Qualifier::Exact,
            written: None,
            solar: None,
            solar_range: None,
            certain: None,
            raw: RawParts::default(),
            can_chi: None,
            suggestions: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The solar year that is certain, if any.
    pub fn certain_year(&self) -> Option<i32> {
        self.certain.as_ref().map(|d| d.year)
    }

    /// True when the reading is a real date taken exactly as written in the solar calendar
    /// (what [`PartialDate::parse`] accepts, written in any form): nothing to flag but words.
    pub fn is_plain(&self) -> bool {
        self.written.is_some()
            && self.calendar == Calendar::Solar
            && self.qualifier == Qualifier::Exact
            && self.warnings.iter().all(|w| matches!(w, DateWarning::Words))
    }

    /// True when nothing could be read (empty or unreadable).
    pub fn is_unreadable(&self) -> bool {
        self.warnings.iter().any(|w| matches!(w, DateWarning::Empty | DateWarning::Unreadable))
    }

    /// Keys for record matching: see [`DateKeys`]. The engine compares `primary` with its usual
    /// levels, then each alternative (the day/month swap and one-digit-off levels apply to the
    /// suggestions of an impossible date), and may use `years` as a blocking range.
    pub fn match_keys(&self) -> DateKeys {
        let alternatives: Vec<PartialDate> = self.suggestions.iter().filter_map(|s| s.solar.clone()).collect();
        let exact = self.qualifier == Qualifier::Exact && self.solar.is_some() && self.suggestions.is_empty();
        let span_years = self.solar_range.as_ref().map(|(a, b)| (a.year, b.year));
        match self.qualifier {
            Qualifier::Before => {
                let y = self.solar.as_ref().or(self.written.as_ref()).map(|d| d.year);
                return DateKeys { primary: None, alternatives, years: y.map(|y| (MIN_YEAR, y)), exact: false };
            }
            Qualifier::After => {
                let y = self.solar.as_ref().or(self.written.as_ref()).map(|d| d.year);
                return DateKeys { primary: None, alternatives, years: y.map(|y| (y, MAX_YEAR)), exact: false };
            }
            Qualifier::About | Qualifier::Exact => {}
        }
        let mut alternatives = alternatives;
        let primary = if let Some(solar) = &self.solar {
            Some(solar.clone())
        } else if let Some(c) = &self.certain {
            Some(c.clone())
        } else if let (Some((first, last)), Some(w)) = (&self.solar_range, &self.written) {
            // A lunar year: mostly the solar year of the same number, the rest in the next one.
            let other = if first.year == w.year { last.year } else { first.year };
            if other != w.year {
                alternatives.push(year_only(other));
            }
            Some(year_only(w.year))
        } else {
            None
        };
        let years = if self.qualifier == Qualifier::About {
            None
        } else {
            span_years.or(self.certain.as_ref().map(|c| (c.year, c.year))).or(self.solar.as_ref().map(|s| (s.year, s.year)))
        };
        DateKeys { primary, alternatives, years, exact }
    }

    /// The best form the Ministry template accepts in a date column (`dd/mm/yyyy`, `mm/yyyy`,
    /// `yyyy`): the date itself for a solar one (also when approximate: the qualifier goes to
    /// [`DateReading::note_vi`]), the solar equivalent of a lunar one, the year (and month when
    /// both ends agree) of a lunar month or year, the certain parts of an impossible date.
    /// `None` when nothing can go in the column (unreadable, before/after, unresolved year):
    /// the written form and the note must then carry it.
    pub fn template_form(&self) -> Option<String> {
        if matches!(self.qualifier, Qualifier::Before | Qualifier::After) {
            return None;
        }
        self.match_keys().primary.map(|d| d.to_template())
    }

    /// The written form for a `…BangChu` column: the text as written when it says more than the
    /// template form (lunar, approximate, words, impossible, unreadable…), otherwise the date in
    /// words (`ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi`). Empty for an empty input.
    pub fn bang_chu(&self) -> String {
        let standard = self.written.as_ref().is_some_and(|w| {
            self.is_plain() && !self.warnings.contains(&DateWarning::Words) && PartialDate::parse(&self.text).as_ref() == Ok(w)
        });
        match &self.written {
            Some(w) if standard => in_words(w, self.calendar),
            _ => self.text.clone(),
        }
    }

    /// A short Vietnamese note for `ghiChu` when the template form does not say everything
    /// (`None` for a plain solar date): `ngày sinh: …` is the caller's to add.
    pub fn note_vi(&self) -> Option<String> {
        if self.is_plain() {
            return None;
        }
        if self.warnings.contains(&DateWarning::Empty) {
            return None;
        }
        let text = &self.text;
        if self.is_unreadable() {
            return Some(match self.certain_year() {
                Some(y) => format!("không đọc được “{text}” (năm {y})"),
                None => format!("không đọc được “{text}”"),
            });
        }
        let mut parts = Vec::new();
        match self.qualifier {
            Qualifier::About => parts.push("ước chừng".to_string()),
            Qualifier::Before => parts.push("trước thời điểm ghi".to_string()),
            Qualifier::After => parts.push("sau thời điểm ghi".to_string()),
            Qualifier::Exact => {}
        }
        if let (Calendar::Lunar { .. }, Some(w)) = (self.calendar, &self.written) {
            let leap = if self.calendar == (Calendar::Lunar { leap_month: true }) { " nhuận" } else { "" };
            let lunar = match w.precision() {
                Precision::Day => format!("âm lịch {:02}/{:02}{leap}/{}", w.day.unwrap_or(0), w.month.unwrap_or(0), w.year),
                Precision::Month => format!("âm lịch tháng {:02}{leap}/{}", w.month.unwrap_or(0), w.year),
                Precision::Year => format!("năm âm lịch {}", w.year),
            };
            let solar = match (&self.solar, &self.solar_range) {
                (Some(s), _) => format!(" = {} dương lịch", s.to_template()),
                (None, Some((a, b))) => format!(" = từ {} đến {} dương lịch", a.to_template(), b.to_template()),
                _ => String::new(),
            };
            parts.push(format!("{lunar}{solar}"));
        }
        let year = self.raw.year.map(|y| y.to_string()).unwrap_or_default();
        for w in &self.warnings {
            let part = match (w, self.can_chi) {
                (DateWarning::TwoDigitYear, _) => format!("năm ghi hai chữ số, hiểu là {year}"),
                (DateWarning::TwoDigitYearAmbiguous, _) => "năm ghi hai chữ số, không rõ thế kỷ".to_string(),
                (DateWarning::CanChi, Some(cc)) => format!("năm {}, hiểu là {year}", cc.name()),
                (DateWarning::CanChiUnresolved, Some(cc)) => format!("năm {}, không rõ năm nào", cc.name()),
                (DateWarning::CanChiMismatch, Some(cc)) => format!("năm {} không khớp với năm {year}", cc.name()),
                (DateWarning::LunarOutOfRange, _) => "không quy đổi được sang dương lịch".to_string(),
                (DateWarning::LunarMonthOne, _) => "“tháng một” âm lịch hiểu là tháng 11".to_string(),
                (DateWarning::Impossible, _) => match self.suggestions.first() {
                    Some(s) => format!("ngày không có thật, có thể là {}", s.describe_vi(self.calendar)),
                    None => "ngày không có thật".to_string(),
                },
                _ => continue,
            };
            parts.push(part);
        }
        if parts.is_empty() {
            return None;
        }
        Some(format!("ghi “{text}”: {}", parts.join("; ")))
    }
}

fn year_only(year: i32) -> PartialDate {
    PartialDate { year, month: None, day: None, text: format!("{year:04}") }
}

fn partial(year: i32, month: Option<u8>, day: Option<u8>) -> PartialDate {
    let mut d = PartialDate { year, month, day, text: String::new() };
    d.text = d.to_template();
    d
}

fn solar_day(d: SolarDay) -> PartialDate {
    partial(d.0, Some(d.1), Some(d.2))
}

/// A date in words as a `…BangChu` column writes it: `ngày mồng năm tháng tư năm một nghìn chín
/// trăm tám mươi lăm`. Lunar months 1 and 12 are `giêng` and `chạp`.
pub fn in_words(d: &PartialDate, calendar: Calendar) -> String {
    let mut out = Vec::new();
    if let Some(day) = d.day {
        let n = number_in_words(u32::from(day));
        out.push(if day <= 10 { format!("ngày mồng {n}") } else { format!("ngày {n}") });
    }
    if let Some(m) = d.month {
        let name = match (m, calendar) {
            (1, Calendar::Lunar { .. }) => "giêng".to_string(),
            (12, Calendar::Lunar { .. }) => "chạp".to_string(),
            (4, _) => "tư".to_string(),
            (m, _) => number_in_words(u32::from(m)),
        };
        let leap = if calendar == (Calendar::Lunar { leap_month: true }) { " nhuận" } else { "" };
        out.push(format!("tháng {name}{leap}"));
    }
    out.push(format!("năm {}", number_in_words(d.year.clamp(0, 9999) as u32)));
    if calendar.is_lunar() {
        out.push("âm lịch".to_string());
    }
    out.join(" ")
}

fn plain(text: String, d: PartialDate) -> DateReading {
    let mut r = DateReading::blank(text);
    let solar = partial(d.year, d.month, d.day);
    r.raw = RawParts { day: d.day.map(u32::from), month: d.month.map(u32::from), year: Some(d.year) };
    r.certain = Some(solar.clone());
    r.solar = Some(solar);
    r.written = Some(d);
    r
}

fn unreadable(text: String) -> DateReading {
    let year = lone_year(&text);
    let mut r = DateReading::blank(text);
    r.warnings.push(DateWarning::Unreadable);
    r.certain = year.map(year_only);
    r.raw.year = year;
    r
}

/// The one 4-digit number in range in a text (none when there are several different ones).
fn lone_year(text: &str) -> Option<i32> {
    let mut found: Option<i32> = None;
    for run in text.split(|c: char| !c.is_ascii_digit()) {
        if run.len() == 4 {
            let y: i32 = run.parse().ok()?;
            if (MIN_YEAR..=MAX_YEAR).contains(&y) {
                if found.is_some_and(|f| f != y) {
                    return None;
                }
                found = Some(y);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Strings made of what numeric dates are made of.
    fn date_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,5}",
            prop::sample::select(vec!["/", "-", ".", " ", ",", "ngày", "tháng", "năm", "Ngay", "THÁNG", "xx", "00", "–"])
                .prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..9).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The general reader agrees with the strict parser (and so with the fast path).
        #[test]
        fn the_general_reader_reads_what_parse_reads(s in date_like()) {
            if let Ok(d) = PartialDate::parse(&s) {
                let general = read_general(clean(&s), &DateContext::none());
                let fast = read_date(&s, &DateContext::none());
                prop_assert_eq!(general, fast);
                prop_assert_eq!(read_date(&s, &DateContext::none()).written, Some(d));
            }
        }
    }
}
