//! Rates, forecasts and flags.
//!
//! - **Rate**: entries per day over the last [`WINDOW_DAYS`] days before the data's date:
//!   (count on `as_of` − count on `as_of − 28`) / 28, from the cumulative series.
//! - **Denominator**: the unit's target (`target_records`) when one is set, else its inventory
//!   (expected entries of its books); the inventory is always given beside it as a second,
//!   labelled figure (`inventory`, `pctKeyedInventory`). Issue 11: a commune that keyed 2,922 of
//!   the 3,471 entries of its opened books but has a target of 31,463 is at 9.3 %, not 84.2 %.
//! - **Forecast**: the day the keyed (digitised) count reaches the expected count at that rate:
//!   `as_of + ceil(remaining / rate)`; none when the rate is zero.
//! - **Flag** (in this order):
//!   `no_data` (nothing expected: no inventory, no target) · `done` (≥ 95 % of the expected entries
//!   digitised — "cơ bản hoàn thành") · `no_target` (no deadline) · before the deadline:
//!   `on_track` (forecast ≤ deadline) or `at_risk` · after it: `finishing` (forecast within
//!   [`FINISHING_DAYS`] days, like the reports' provinces "expected in January–February") or
//!   `late`.
//! - **Late** ([`Outlook::late`]): not finished by its own deadline, or projected past it
//!   (`at_risk`, `finishing`, `late`); a parent unit counts its late children
//!   (`UnitProgress::late_children`) instead of taking any child's deadline.
use serde::{Deserialize, Serialize};
use time::Date;

pub const WINDOW_DAYS: i64 = 28;
pub const DONE_RATIO: f64 = 0.95;
pub const FINISHING_DAYS: i64 = 60;
/// Data older than this (days) is flagged stale in the tables.
pub const STALE_DAYS: i64 = 14;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Late,
    AtRisk,
    Finishing,
    NoTarget,
    OnTrack,
    Done,
    NoData,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Done => "done",
            Flag::OnTrack => "on_track",
            Flag::AtRisk => "at_risk",
            Flag::Finishing => "finishing",
            Flag::Late => "late",
            Flag::NoTarget => "no_target",
            Flag::NoData => "no_data",
        }
    }

    /// For narrow table columns.
    pub fn label_short_vi(self) -> &'static str {
        match self {
            Flag::Finishing => "Sắp hoàn thành",
            other => other.label_vi(),
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Flag::Done => "Cơ bản hoàn thành",
            Flag::OnTrack => "Đúng tiến độ",
            Flag::AtRisk => "Có nguy cơ chậm",
            Flag::Finishing => "Sắp hoàn thành (quá hạn)",
            Flag::Late => "Chậm tiến độ",
            Flag::NoTarget => "Chưa có chỉ tiêu",
            Flag::NoData => "Chưa có số liệu",
        }
    }
}

impl Flag {
    /// Not finished by the deadline, or projected past it.
    pub fn is_late(self) -> bool {
        matches!(self, Flag::Late | Flag::Finishing | Flag::AtRisk)
    }
}

/// What a percentage is taken against.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The target set for the unit (targets.csv).
    Target,
    /// The book inventory (no target set).
    Inventory,
    None,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outlook {
    /// The denominator used: the target's records when one is set, else the inventory's
    /// expected entries ([`Outlook::basis`] says which).
    pub expected: u64,
    pub basis: Basis,
    /// keyed, accepted (supervisor), exported, approved (Ministry) ÷ expected, in percent
    /// (capped at 100).
    pub pct_keyed: f64,
    pub pct_accepted: f64,
    pub pct_exported: f64,
    pub pct_approved: f64,
    /// The inventory's expected entries and keyed ÷ inventory: the second, labelled figure.
    pub inventory: u64,
    pub pct_keyed_inventory: f64,
    /// Not finished by the deadline, or projected past it ([`Flag::is_late`]).
    pub late: bool,
    /// Entries per day over the window.
    pub rate_keyed: f64,
    pub rate_accepted: f64,
    /// When keying will reach the expected count at the current rate (yyyy-mm-dd).
    pub forecast: Option<String>,
    /// Same for approval (accepted).
    pub forecast_accepted: Option<String>,
    pub deadline: Option<String>,
    /// The date the figures are from.
    pub as_of: String,
    pub flag: Flag,
}

/// Value of a cumulative step series (sorted by day) on day `d`: the last point on or before it.
pub fn value_at(points: &[(Date, u64)], d: Date) -> u64 {
    match points.binary_search_by(|p| p.0.cmp(&d)) {
        Ok(i) => points[i].1,
        Err(0) => 0,
        Err(i) => points[i - 1].1,
    }
}

/// Entries per day over the `window` days up to `as_of`.
pub fn rate(points: &[(Date, u64)], as_of: Date, window: i64) -> f64 {
    if window <= 0 {
        return 0.0;
    }
    let now = value_at(points, as_of) as f64;
    let before = value_at(points, super::day::add(as_of, -window)) as f64;
    ((now - before) / window as f64).max(0.0)
}

/// The day `remaining` entries will be done at `rate` per day, counting from `as_of`.
pub fn forecast_date(remaining: f64, rate: f64, as_of: Date) -> Option<Date> {
    if remaining <= 0.0 {
        return Some(as_of);
    }
    if rate <= 1e-9 {
        return None;
    }
    let days = (remaining / rate).ceil();
    if days > 36_500.0 {
        return None;
    }
    Some(super::day::add(as_of, days as i64))
}

pub struct Inputs {
    /// The inventory's expected entries.
    pub expected: u64,
    pub target_records: Option<f64>,
    pub keyed: u64,
    pub accepted: u64,
    pub exported: u64,
    pub approved: u64,
    pub rate_keyed: f64,
    pub rate_accepted: f64,
    pub deadline: Option<Date>,
    pub as_of: Date,
}

pub fn outlook(i: &Inputs) -> Outlook {
    let target = i.target_records.map(|t| t.round().max(0.0) as u64).filter(|t| *t > 0);
    let (expected, basis) = match (target, i.expected) {
        (Some(t), _) => (t, Basis::Target),
        (None, e) if e > 0 => (e, Basis::Inventory),
        _ => (0, Basis::None),
    };
    let pct_of = |x: u64, of: u64| if of == 0 { 0.0 } else { ((x as f64 / of as f64) * 1000.0).round().min(1000.0) / 10.0 };
    let pct = |x: u64| pct_of(x, expected);
    let remaining = expected as f64 - i.keyed as f64;
    let forecast = if expected == 0 { None } else { forecast_date(remaining, i.rate_keyed, i.as_of) };
    let forecast_accepted = if expected == 0 { None } else { forecast_date(expected as f64 - i.accepted as f64, i.rate_accepted, i.as_of) };
    let flag = if expected == 0 {
        Flag::NoData
    } else if i.keyed as f64 >= DONE_RATIO * expected as f64 {
        Flag::Done
    } else {
        match i.deadline {
            None => Flag::NoTarget,
            Some(dl) if i.as_of <= dl => match forecast {
                Some(f) if f <= dl => Flag::OnTrack,
                _ => Flag::AtRisk,
            },
            Some(_) => match forecast {
                Some(f) if f <= super::day::add(i.as_of, FINISHING_DAYS) => Flag::Finishing,
                _ => Flag::Late,
            },
        }
    };
    Outlook {
        expected,
        basis,
        pct_keyed: pct(i.keyed),
        pct_accepted: pct(i.accepted),
        pct_exported: pct(i.exported),
        pct_approved: pct(i.approved),
        inventory: i.expected,
        pct_keyed_inventory: pct_of(i.keyed, i.expected),
        late: flag.is_late(),
        rate_keyed: (i.rate_keyed * 10.0).round() / 10.0,
        rate_accepted: (i.rate_accepted * 10.0).round() / 10.0,
        forecast: forecast.map(super::day::format),
        forecast_accepted: forecast_accepted.map(super::day::format),
        deadline: i.deadline.map(super::day::format),
        as_of: super::day::format(i.as_of),
        flag,
    }
}
