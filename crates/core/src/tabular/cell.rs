//! The one rule turning a workbook cell into text (docs/tabular.md):
//!
//! | cell | text |
//! |---|---|
//! | empty | `""` |
//! | text | as stored (not trimmed) |
//! | whole number (integer, or a float with no fraction below 10^15) | `7`, `19185001234`, `-3` |
//! | other number | shortest round-trip decimal, `.` as decimal mark: `0.5`, `1234.56` |
//! | boolean | `TRUE` / `FALSE` (as Excel shows them) |
//! | date | `dd/mm/yyyy` — the registers' own form |
//! | date and time | `dd/mm/yyyy hh:mm`, with `:ss` when there are seconds |
//! | time of day, duration | `hh:mm` (`:ss` when there are seconds; durations may pass 24 h) |
//! | a date out of Excel's range (before 1900, after 9999) | the number, as a number |
//! | error | as Excel shows it: `#N/A`, `#DIV/0!`, `#REF!`… |
//!
//! Numbers are flagged as numbers (`numeric`), so an importer can tell an ID number that lost
//! its leading zeros in Excel.
use calamine::{Data, DataRef, ExcelDateTime};

/// A cell's text and whether it was a number.
pub fn text(c: &DataRef<'_>) -> (String, bool) {
    match c {
        DataRef::Empty => (String::new(), false),
        DataRef::String(s) => (s.clone(), false),
        DataRef::SharedString(s) => (s.to_string(), false),
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(f) => (number(*f), true),
        DataRef::Bool(b) => (boolean(*b), false),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => (iso(s), false),
        DataRef::DurationIso(s) => (s.clone(), false),
        DataRef::Error(e) => (e.to_string(), false),
    }
}

/// [`text`] for an owned cell (XLS, ODS).
pub fn data_text(c: &Data) -> (String, bool) {
    let r = match c {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) | Data::DurationIso(s) if s.starts_with('P') => return (s.clone(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => return (iso(s), false),
        Data::Error(e) => DataRef::Error(e.clone()),
    };
    text(&r)
}

fn boolean(b: bool) -> String {
    (if b { "TRUE" } else { "FALSE" }).to_string()
}

/// A number as text: whole numbers without `.0`, others in their shortest exact form.
pub fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        (f as i64).to_string()
    } else {
        f.to_string()
    }
}

fn clock(h: u32, m: u8, s: u8) -> String {
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

fn date_time(d: &ExcelDateTime) -> (String, bool) {
    let v = d.as_f64();
    if !v.is_finite() || !(0.0..2_958_466.0).contains(&v) {
        return (number(v), true);
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if d.is_duration() {
        let total = (v * 86_400.0).round() as u64;
        return (clock((total / 3600) as u32, ((total / 60) % 60) as u8, (total % 60) as u8), false);
    }
    if v < 1.0 {
        return (clock(h as u32, mi, s), false);
    }
    let date = format!("{day:02}/{mo:02}/{y:04}");
    if (h, mi, s) == (0, 0, 0) {
        (date, false)
    } else {
        (format!("{date} {}", clock(h as u32, mi, s)), false)
    }
}

/// ODS dates: `yyyy-mm-dd[Thh:mm:ss]` by the same rule.
fn iso(s: &str) -> String {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let p: Vec<&str> = date.split('-').collect();
    let [y, m, d] = p.as_slice() else { return s.to_string() };
    let date = format!("{d}/{m}/{y}");
    let t: Vec<u32> = time.split(':').filter_map(|x| x.split('.').next()?.parse().ok()).collect();
    match t.as_slice() {
        [0, 0, 0] | [0, 0] | [] => date,
        [h, m, sec, ..] => format!("{date} {}", clock(*h, *m as u8, *sec as u8)),
        [h, m] => format!("{date} {}", clock(*h, *m as u8, 0)),
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    fn dt(v: f64) -> DataRef<'static> {
        DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn each_kind_of_cell_has_one_text() {
        let cases: Vec<(DataRef, &str, bool)> = vec![
            (DataRef::Empty, "", false),
            (DataRef::SharedString(" Lò Văn Sáng "), " Lò Văn Sáng ", false),
            (DataRef::Int(7), "7", true),
            (DataRef::Float(7.0), "7", true),
            (DataRef::Float(19185001234.0), "19185001234", true),
            (DataRef::Float(-3.0), "-3", true),
            (DataRef::Float(0.5), "0.5", true),
            (DataRef::Float(1234.56), "1234.56", true),
            (DataRef::Float(1e20), "100000000000000000000", true),
            (DataRef::Bool(true), "TRUE", false),
            (DataRef::Bool(false), "FALSE", false),
            (dt(31108.0), "02/03/1985", false),
            (dt(31108.5), "02/03/1985 12:00", false),
            (dt(31108.0 + (12.0 * 3600.0 + 5.0 * 60.0 + 7.0) / 86400.0), "02/03/1985 12:05:07", false),
            (dt(0.75), "18:00", false),
            (dt(-1.0), "-1", true),
            (dt(3e6), "3000000", true),
            (DataRef::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false)), "36:00", false),
            (DataRef::DateTimeIso("1985-03-02".into()), "02/03/1985", false),
            (DataRef::DateTimeIso("1985-03-02T08:30:00".into()), "02/03/1985 08:30", false),
            (DataRef::Error(CellErrorType::NA), "#N/A", false),
            (DataRef::Error(CellErrorType::Div0), "#DIV/0!", false),
        ];
        for (cell, want, numeric) in cases {
            assert_eq!(text(&cell), (want.to_string(), numeric), "{cell:?}");
        }
        assert_eq!(data_text(&Data::Bool(true)).0, "TRUE");
        assert_eq!(data_text(&Data::Float(2.0)).0, "2");
    }
}
