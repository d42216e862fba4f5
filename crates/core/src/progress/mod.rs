//! Progress against targets (issue 7): how far each commune, province and the country is with
//! digitising its register books, and when it will finish.
//!
//! - [`inventory`]: the denominator — books a commune holds by type and period group, with the
//!   entries they are expected to hold; entered by hand or imported (CSV/XLSX), refined by the
//!   books opened in the workspace.
//! - [`targets`]: `targets.csv` (formats.md §4) in either unit scheme, pushed down to the 3,321
//!   communes of 2025 through the old→new mapping (pro-rated by mapping rows).
//! - [`live`]: this workspace's own counts (entries by status per book, per day from the
//!   `progress_day` table, kept by triggers and, for new entries, by `model::entry`), in the same shape as a snapshot.
//! - [`snapshot`] + [`signing`]: the signed progress snapshot (counts only) a commune sends and a
//!   supervisor imports (docs/progress-snapshot.md).
//! - [`aggregate`]: the dashboards — communes, provinces in both schemes (34 and 63), the
//!   country, book type × period group, with rates, forecasts and flags ([`forecast`]).
//! - [`series`]: burn-up series; [`report`]: PDF and XLSX reports; [`demo`]: synthetic snapshots
//!   for every commune of the country, consistent with the January 2025 national figures.
//!
//! Counts are "reached at least this stage": an accepted entry is also keyed, checked and
//! submitted. A returned entry counts as keyed (it was keyed, it is being corrected).
use serde::{Deserialize, Serialize};

pub mod aggregate;
pub mod cache;
pub mod demo;
pub mod forecast;
pub mod inventory;
pub mod live;
pub mod overview;
pub mod report;
pub mod series;
pub mod signing;
pub mod snapshot;
pub mod sources;
pub mod tabular;
pub mod targets;
mod units;

pub use aggregate::{Dashboard, DashboardQuery, UnitProgress};
pub use forecast::{Flag, Outlook};
pub use series::{Series, SeriesScope};

/// Period groups, newest first (refdata `PERIOD_GROUPS`).
pub const PERIOD_GROUPS: [&str; 5] = sohoa_refdata::PERIOD_GROUPS;

pub(crate) fn group_index(g: &str) -> Option<usize> {
    PERIOD_GROUPS.iter().position(|p| *p == g)
}

/// Number of (book type, period group) cells: 9 × 5.
pub const CELLS: usize = 45;

/// How far an entry with this stored status has gone: the rank of its [`Stage`] (draft 0,
/// keyed/returned 1, checked 2, submitted 3, accepted 4, exported 5); 0 for an unknown status.
/// The Ministry's answer adds two ranks an exported entry may reach: uploaded 6, approved 7
/// ([`RANKS`]; read from `upload_export_entry.ministry_state`, not from the entry's status).
///
/// [`Stage`]: crate::model::status::Stage
pub fn stage_rank(status: &str) -> usize {
    status.parse::<crate::EntryStatus>().map(|s| s.stage().rank()).unwrap_or(0)
}

/// Number of ranks: draft, keyed, checked, submitted, accepted (by the supervisor), exported,
/// uploaded (to the Ministry's system), approved (by the Ministry: "phê duyệt").
pub const RANKS: usize = 8;
/// Rank of an exported entry the Ministry's system holds, and of one it approved.
pub const RANK_UPLOADED: usize = 6;
pub const RANK_APPROVED: usize = 7;

/// Counts by stage. For entries `inventoried` is the number expected (the inventory); for books
/// it is the number of books inventoried. The other fields count what reached at least that stage:
/// `accepted` is the supervisor's acceptance ("đã chấp nhận"); `approved` is the Ministry's
/// approval ("được phê duyệt"), never the supervisor's.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageCounts {
    pub inventoried: u64,
    pub keyed: u64,
    pub checked: u64,
    pub submitted: u64,
    pub accepted: u64,
    pub exported: u64,
    /// Snapshot format 2 (absent from version 1 files: read as 0).
    #[serde(default)]
    pub uploaded: u64,
    #[serde(default)]
    pub approved: u64,
}

/// Number of stage values in [`StageCounts::to_f64`].
pub(crate) const STAGES: usize = 8;

impl StageCounts {
    pub fn add(&mut self, o: &StageCounts) {
        self.inventoried += o.inventoried;
        self.keyed += o.keyed;
        self.checked += o.checked;
        self.submitted += o.submitted;
        self.accepted += o.accepted;
        self.exported += o.exported;
        self.uploaded += o.uploaded;
        self.approved += o.approved;
    }

    /// Reached-at-least counts from the number of items at each rank 0..[`RANKS`].
    pub fn from_ranks(inventoried: u64, at_rank: &[u64; RANKS]) -> StageCounts {
        let at_least = |r: usize| at_rank[r..].iter().sum::<u64>();
        StageCounts {
            inventoried,
            keyed: at_least(1),
            checked: at_least(2),
            submitted: at_least(3),
            accepted: at_least(4),
            exported: at_least(5),
            uploaded: at_least(RANK_UPLOADED),
            approved: at_least(RANK_APPROVED),
        }
    }

    pub(crate) fn to_f64(self) -> [f64; STAGES] {
        [
            self.inventoried as f64,
            self.keyed as f64,
            self.checked as f64,
            self.submitted as f64,
            self.accepted as f64,
            self.exported as f64,
            self.uploaded as f64,
            self.approved as f64,
        ]
    }

    pub(crate) fn from_f64(v: &[f64; STAGES]) -> StageCounts {
        let r = |x: f64| x.max(0.0).round() as u64;
        StageCounts {
            inventoried: r(v[0]),
            keyed: r(v[1]),
            checked: r(v[2]),
            submitted: r(v[3]),
            accepted: r(v[4]),
            exported: r(v[5]),
            uploaded: r(v[6]),
            approved: r(v[7]),
        }
    }

    /// Whether each stage is contained in the previous one
    /// (keyed ⊇ checked ⊇ … ⊇ exported ⊇ uploaded ⊇ approved).
    pub fn is_monotone(&self) -> bool {
        self.keyed >= self.checked
            && self.checked >= self.submitted
            && self.submitted >= self.accepted
            && self.accepted >= self.exported
            && self.exported >= self.uploaded
            && self.uploaded >= self.approved
    }
}

/// Books and entries of one (book type, period group) cell, or of a whole unit.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub books: StageCounts,
    /// Books opened in a workspace (a register_book row exists).
    pub books_opened: u64,
    pub entries: StageCounts,
    /// Entries still in draft, and entries returned for correction (current, not cumulative).
    pub draft: u64,
    pub returned: u64,
    /// Entries the Ministry rejected and not yet sent again (current; they are also `returned`
    /// while the clerk corrects them). Snapshot format 2.
    #[serde(default)]
    pub rejected: u64,
}

/// Width of the flat `f64` form of [`Counts`] (books, entries, opened, draft, returned, rejected).
pub(crate) const SCALED: usize = 2 * STAGES + 4;

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.books.add(&o.books);
        self.books_opened += o.books_opened;
        self.entries.add(&o.entries);
        self.draft += o.draft;
        self.returned += o.returned;
        self.rejected += o.rejected;
    }

    pub(crate) fn add_scaled(acc: &mut [f64; SCALED], c: &Counts, w: f64) {
        let b = c.books.to_f64();
        let e = c.entries.to_f64();
        for i in 0..STAGES {
            acc[i] += b[i] * w;
            acc[STAGES + i] += e[i] * w;
        }
        acc[2 * STAGES] += c.books_opened as f64 * w;
        acc[2 * STAGES + 1] += c.draft as f64 * w;
        acc[2 * STAGES + 2] += c.returned as f64 * w;
        acc[2 * STAGES + 3] += c.rejected as f64 * w;
    }

    pub(crate) fn from_scaled(acc: &[f64; SCALED]) -> Counts {
        let b: [f64; STAGES] = acc[0..STAGES].try_into().unwrap_or_default();
        let e: [f64; STAGES] = acc[STAGES..2 * STAGES].try_into().unwrap_or_default();
        let r = |x: f64| x.max(0.0).round() as u64;
        Counts {
            books: StageCounts::from_f64(&b),
            entries: StageCounts::from_f64(&e),
            books_opened: r(acc[2 * STAGES]),
            draft: r(acc[2 * STAGES + 1]),
            returned: r(acc[2 * STAGES + 2]),
            rejected: r(acc[2 * STAGES + 3]),
        }
    }
}

/// A day as `yyyy-mm-dd` ↔ days since 1970-01-01 (for rates and forecasts).
pub mod day {
    use time::{Date, Duration, Month};

    pub fn parse(s: &str) -> Option<Date> {
        let s = s.get(..10)?;
        let mut it = s.split('-');
        let y: i32 = it.next()?.parse().ok()?;
        let m: u8 = it.next()?.parse().ok()?;
        let d: u8 = it.next()?.parse().ok()?;
        if it.next().is_some() {
            return None;
        }
        Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
    }

    pub fn format(d: Date) -> String {
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }

    pub fn add(d: Date, days: i64) -> Date {
        d.checked_add(Duration::days(days)).unwrap_or(d)
    }

    /// Today in Vietnam (UTC+7), where the registers are kept.
    pub fn today() -> Date {
        (time::OffsetDateTime::now_utc() + Duration::hours(7)).date()
    }

    /// `dd/mm/yyyy`, as Vietnamese documents write dates.
    pub fn vi(d: Date) -> String {
        format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
    }
}
