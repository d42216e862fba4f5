//! Reports per period: a printable PDF (A4 landscape, Noto Sans embedded — its Vietnamese glyphs
//! do not depend on the machine's fonts) and an XLSX workbook with the same tables.
//!
//! Content: the scope (the country and its provinces in both schemes when the workspace holds
//! other communes' snapshots, else the own commune), figures as of the period's end (or the
//! latest data if earlier), what was digitised and approved during the period, rate, forecast,
//! deadline and flag, and the book type × period group table.
//!
//! Split by reason to change (issue 14 §4): this module gathers the figures ([`ReportData`]) and
//! formats numbers; [`pdf`] lays out the printed report; [`xlsx`] writes the workbook.
use super::aggregate::{Dashboard, DashboardQuery};
use super::series::increase;
use super::sources::load_points;
use super::{day, StageCounts};
use crate::error::{CoreError, Result};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::{Date, Month};

mod pdf;
mod xlsx;
pub use crate::fonts::{FONT_BOLD, FONT_REGULAR};
pub use pdf::pdf;
pub use xlsx::xlsx;

/// A report period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: String,
    pub to: String,
    /// `Tháng 01/2025`, `Quý I/2025`, `Năm 2025`, `Từ … đến …`.
    pub label: String,
    /// For file names: `2025-01`, `2025-Q1`, `2025`, `20250101-20250131`.
    pub slug: String,
}

impl Period {
    /// `2025-01` (month), `2025-Q1` (quarter), `2025` (year), `2025-01-01..2025-01-31` (range).
    pub fn parse(s: &str) -> Result<Period> {
        let s = s.trim();
        let bad = || {
            CoreError::invalid("period", format!("kỳ báo cáo “{s}” không hợp lệ (ví dụ: 2025-01, 2025-Q1, 2025, 2025-01-01..2025-01-31)"))
        };
        if let Some((a, b)) = s.split_once("..") {
            let (f, t) = (day::parse(a).ok_or_else(bad)?, day::parse(b).ok_or_else(bad)?);
            if t < f {
                return Err(bad());
            }
            return Ok(Period {
                from: day::format(f),
                to: day::format(t),
                label: format!("Từ {} đến {}", day::vi(f), day::vi(t)),
                slug: format!("{}-{}", day::format(f).replace('-', ""), day::format(t).replace('-', "")),
            });
        }
        let parts: Vec<&str> = s.split('-').collect();
        let year: i32 = parts.first().and_then(|y| y.parse().ok()).filter(|y| (1900..=2200).contains(y)).ok_or_else(bad)?;
        let date = |m: u8, d: u8| Date::from_calendar_date(year, Month::try_from(m).unwrap_or(Month::January), d).map_err(|_| bad());
        let month_end = |m: u8| -> Result<Date> {
            let next = if m == 12 { Date::from_calendar_date(year + 1, Month::January, 1).map_err(|_| bad())? } else { date(m + 1, 1)? };
            Ok(day::add(next, -1))
        };
        match parts.as_slice() {
            [_] => Ok(Period {
                from: day::format(date(1, 1)?),
                to: day::format(date(12, 31)?),
                label: format!("Năm {year}"),
                slug: year.to_string(),
            }),
            [_, q]
                if q.eq_ignore_ascii_case("q1")
                    || q.eq_ignore_ascii_case("q2")
                    || q.eq_ignore_ascii_case("q3")
                    || q.eq_ignore_ascii_case("q4") =>
            {
                let n: u8 = q[1..].parse().map_err(|_| bad())?;
                let roman = ["I", "II", "III", "IV"][n as usize - 1];
                Ok(Period {
                    from: day::format(date(3 * n - 2, 1)?),
                    to: day::format(month_end(3 * n)?),
                    label: format!("Quý {roman}/{year}"),
                    slug: format!("{year}-Q{n}"),
                })
            }
            [_, m] => {
                let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
                Ok(Period {
                    from: day::format(date(m, 1)?),
                    to: day::format(month_end(m)?),
                    label: format!("Tháng {m:02}/{year}"),
                    slug: format!("{year}-{m:02}"),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The month containing `d`.
    pub fn month_of(d: Date) -> Period {
        Period::parse(&format!("{}-{:02}", d.year(), u8::from(d.month()))).expect("valid month")
    }
}

/// Everything a report shows.
pub struct ReportData {
    pub period: Period,
    pub dashboard: Dashboard,
    /// Digitised / approved during the period, by unit key (`country`, `34:CODE`, `63:CODE`, `xa:CODE`).
    pub in_period: HashMap<String, StageCounts>,
    /// The workspace holds other communes' figures: national report, else the own commune.
    pub national: bool,
    pub scope_name: String,
    pub user: String,
    pub generated_at: String,
    pub books: Vec<super::live::BookProgress>,
}

/// Gathers the figures of a report for `period` (default: the month of the latest data).
pub fn progress_report_data(s: &Session, period: Option<&str>) -> Result<ReportData> {
    let latest = super::aggregate::progress_dashboard(s, &DashboardQuery::default())?;
    let period = match period {
        Some(p) if !p.trim().is_empty() => Period::parse(p)?,
        _ => Period::month_of(day::parse(&latest.as_of).unwrap_or_else(day::today)),
    };
    let to = day::parse(&period.to).ok_or_else(|| CoreError::invalid("period", "kỳ không hợp lệ"))?;
    let from = day::parse(&period.from).ok_or_else(|| CoreError::invalid("period", "kỳ không hợp lệ"))?;
    let dashboard = if day::parse(&latest.as_of).is_some_and(|l| l > to) {
        super::aggregate::progress_dashboard(s, &DashboardQuery { as_of: Some(period.to.clone()) })?
    } else {
        latest
    };
    let sources = super::sources::load_sources(s)?;
    let points = load_points(s, &sources)?;
    let mut in_period: HashMap<String, StageCounts> = HashMap::new();
    let u = super::units::units();
    for (src, pts) in sources.iter().zip(&points) {
        let inc = increase(pts, from, to);
        let mut add = |k: String, w: f64| {
            let e = in_period.entry(k).or_default();
            e.keyed += (inc.keyed as f64 * w).round() as u64;
            e.accepted += (inc.accepted as f64 * w).round() as u64;
        };
        add("country".into(), 1.0);
        if let Some(c) = src.commune {
            add(format!("xa:{}", u.communes[c].unit.code), 1.0);
            add(format!("34:{}", u.communes[c].province.code), 1.0);
        }
        for (p, w) in &src.old_provinces {
            add(format!("63:{p}"), *w);
        }
    }
    let national = dashboard.communes.iter().filter(|c| c.source.is_some()).count() > 1;
    let ws = s.workspace();
    Ok(ReportData {
        period,
        national,
        scope_name: if national { "Toàn quốc".into() } else { ws.commune_name.clone() },
        user: s.user().display_name.clone(),
        generated_at: crate::clock::now(),
        books: if national { vec![] } else { super::live::book_progress(s.conn())? },
        in_period,
        dashboard,
    })
}

pub fn progress_report_pdf(s: &Session, period: Option<&str>) -> Result<(String, Vec<u8>)> {
    let d = progress_report_data(s, period)?;
    Ok((format!("bao-cao-tien-do-{}.pdf", d.period.slug), pdf(&d)?))
}

pub fn progress_report_xlsx(s: &Session, period: Option<&str>) -> Result<(String, Vec<u8>)> {
    let d = progress_report_data(s, period)?;
    Ok((format!("bao-cao-tien-do-{}.xlsx", d.period.slug), xlsx(&d)?))
}

// ---- formatting -----------------------------------------------------------------------------

/// `1.234.567` (Vietnamese thousands separator).
pub fn num(n: u64) -> String {
    crate::text::group_digits(n)
}

pub(crate) fn pct(x: f64) -> String {
    format!("{:.1}%", x).replace('.', ",")
}

pub(crate) fn date_vi(s: &Option<String>) -> String {
    s.as_deref().and_then(day::parse).map(day::vi).unwrap_or_else(|| "—".into())
}

pub(crate) fn rate(x: f64) -> String {
    if x >= 100.0 {
        num(x.round() as u64)
    } else {
        format!("{:.1}", x).replace('.', ",")
    }
}
