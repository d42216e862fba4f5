//! The dashboards: every source of counts (this workspace's own books, the latest snapshot of
//! each sending workspace, the demo, inventories typed in by a supervisor) added up per 2025
//! commune, per province in both schemes, for the country, and per book type × period group.
//!
//! Across the 2025 reform (docs/progress-snapshot.md §3):
//! - a snapshot counts for one 2025 commune: its own, or — sent by a workspace still coded in
//!   the old scheme — the new commune that inherited the old commune's books (the mapping's
//!   primary row), so an old commune divided between two new ones is counted once;
//! - the 63 pre-2025 provinces are reached through the registries (the old communes whose books
//!   they are): a snapshot's counts are shared among old provinces in proportion to its
//!   registries' expected entries (exact when all its books come from one old province, which is
//!   nearly always); shares sum to 1, so the 63 provinces add up to the same national total as
//!   the 34;
//! - one workspace counts once (its latest snapshot); demo snapshots give way to real data for
//!   the same commune.
use super::forecast::{outlook, Flag, Inputs, Outlook, STALE_DAYS};
use super::sources::Source;
pub use super::sources::{CellRow, SourceKind};
use super::targets::{self, TargetShare};
use super::units::units;
use super::{day, Counts, CELLS, SCALED};
use crate::error::Result;
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::Date;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardQuery {
    /// Evaluate as of this day (`yyyy-mm-dd`, e.g. the end of a report period) instead of the
    /// latest data: entry counts come from the series, other counts are scaled with them.
    #[serde(default)]
    pub as_of: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitProgress {
    /// `qd19_2025` or `gso_pre2025` (the country: `""`).
    pub scheme: String,
    /// `commune`, `province` or `country`.
    pub level: String,
    pub code: String,
    pub name: String,
    /// For a commune: its 2025 province.
    pub province_code: Option<String>,
    pub province_name: Option<String>,
    pub counts: Counts,
    pub target_books: Option<u64>,
    pub target_records: Option<u64>,
    pub outlook: Outlook,
    /// Where the figures come from (communes): own / snapshot / demo / inventory; none if no data.
    pub source: Option<SourceKind>,
    /// The figures are older than 14 days.
    pub stale: bool,
    /// Number of communes (provinces, country) or sending workspaces (communes) counted.
    pub units: u32,
    /// Parent units (provinces, the country): how many of their children are late — not
    /// finished by their own deadline or projected past it — one entry per child level.
    pub late_children: Vec<LateChildren>,
}

/// "13 tỉnh trễ hạn": late children of a parent unit, of one level and scheme.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LateChildren {
    /// `qd19_2025` or `gso_pre2025`.
    pub scheme: String,
    /// `commune` or `province`.
    pub level: String,
    pub late: u32,
    /// Children with figures or a target.
    pub of: u32,
}

impl UnitProgress {
    /// The late children of the given child scheme (the country: `gso_pre2025` for the 63
    /// provinces, `qd19_2025` for the 34), else the first.
    pub fn late_children_in(&self, scheme: &str) -> Option<&LateChildren> {
        self.late_children.iter().find(|l| l.scheme == scheme).or(self.late_children.first())
    }

    /// The status as the tables print it: a parent unit with late children says how many
    /// ("13 tỉnh trễ hạn"), any other its flag.
    pub fn status_vi(&self, scheme: &str) -> String {
        match self.late_children_in(scheme) {
            Some(l) if l.late > 0 => {
                format!("{} {} trễ hạn (/{})", l.late, if l.level == "province" { "tỉnh" } else { "xã" }, l.of)
            }
            Some(l) if l.of > 0 && self.outlook.flag != Flag::Done => {
                format!("{} — không {} nào trễ hạn", self.outlook.flag.label_vi(), if l.level == "province" { "tỉnh" } else { "xã" })
            }
            _ => self.outlook.flag.label_vi().to_string(),
        }
    }
}

fn late_children(scheme: &str, level: &str, rows: &[&UnitProgress]) -> LateChildren {
    let with = rows.iter().filter(|r| r.outlook.flag != Flag::NoData);
    let (mut late, mut of) = (0, 0);
    for r in with {
        of += 1;
        late += r.outlook.late as u32;
    }
    LateChildren { scheme: scheme.into(), level: level.into(), late, of }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagCounts {
    pub communes: BTreeMap<Flag, u32>,
    pub provinces_2025: BTreeMap<Flag, u32>,
    pub provinces_pre2025: BTreeMap<Flag, u32>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub generated_at: String,
    /// The query's day, else the latest day of the data.
    pub as_of: String,
    pub national: UnitProgress,
    pub communes: Vec<UnitProgress>,
    pub provinces_2025: Vec<UnitProgress>,
    pub provinces_pre2025: Vec<UnitProgress>,
    pub cells: Vec<CellRow>,
    pub flags: FlagCounts,
    pub snapshots: u32,
    pub demo_snapshots: u32,
    pub has_own_data: bool,
}

/// Re-evaluates sources as of an earlier day, from their series.
fn rewind(s: &Session, sources: &mut [Source], at: Date) -> Result<()> {
    let series = super::sources::load_points(s, sources)?;
    for (i, src) in sources.iter_mut().enumerate() {
        if src.as_of <= at {
            continue;
        }
        let pts = &series[i];
        let val = |stage: usize, d: Date| -> u64 {
            match pts.binary_search_by(|p| p.0.cmp(&d)) {
                Ok(k) => pts[k].1[stage],
                Err(0) => 0,
                Err(k) => pts[k - 1].1[stage],
            }
        };
        let latest = [
            src.total.entries.keyed,
            src.total.entries.checked,
            src.total.entries.submitted,
            src.total.entries.accepted,
            src.total.entries.exported,
        ];
        let now: Vec<u64> = (0..5).map(|k| val(k, at)).collect();
        let ratio: Vec<f64> = (0..5).map(|k| if latest[k] > 0 { now[k] as f64 / latest[k] as f64 } else { 0.0 }).collect();
        let scale = |c: &mut Counts| {
            let e = &mut c.entries;
            let b = &mut c.books;
            for (k, (ev, bv)) in [
                (&mut e.keyed, &mut b.keyed),
                (&mut e.checked, &mut b.checked),
                (&mut e.submitted, &mut b.submitted),
                (&mut e.accepted, &mut b.accepted),
                (&mut e.exported, &mut b.exported),
            ]
            .into_iter()
            .enumerate()
            {
                *ev = (*ev as f64 * ratio[k]).round() as u64;
                *bv = (*bv as f64 * ratio[k]).round() as u64;
            }
            // The Ministry's answers have no series of their own: they follow the exported count.
            for v in [&mut e.uploaded, &mut e.approved, &mut b.uploaded, &mut b.approved, &mut c.rejected] {
                *v = (*v as f64 * ratio[4]).round() as u64;
            }
        };
        for (_, c) in src.cells.iter_mut() {
            scale(c);
        }
        scale(&mut src.total);
        src.total.entries.keyed = now[0];
        src.total.entries.checked = now[1];
        src.total.entries.submitted = now[2];
        src.total.entries.accepted = now[3];
        src.total.entries.exported = now[4];
        let k: Vec<(Date, u64)> = pts.iter().map(|p| (p.0, p.1[0])).collect();
        let a: Vec<(Date, u64)> = pts.iter().map(|p| (p.0, p.1[3])).collect();
        src.rate_keyed = super::forecast::rate(&k, at, super::forecast::WINDOW_DAYS);
        src.rate_accepted = super::forecast::rate(&a, at, super::forecast::WINDOW_DAYS);
        src.as_of = at;
    }
    Ok(())
}

struct Acc {
    counts: [f64; SCALED],
    rate_keyed: f64,
    rate_accepted: f64,
    as_of: Option<Date>,
    /// Latest date of the sources other than this workspace's own (whose date is always today).
    as_of_others: Option<Date>,
    oldest: Option<Date>,
    n: u32,
    kind: Option<SourceKind>,
}

impl Acc {
    fn new() -> Self {
        Acc { counts: [0.0; SCALED], rate_keyed: 0.0, rate_accepted: 0.0, as_of: None, as_of_others: None, oldest: None, n: 0, kind: None }
    }
    fn add(&mut self, s: &Source, w: f64) {
        Counts::add_scaled(&mut self.counts, &s.total, w);
        self.rate_keyed += s.rate_keyed * w;
        self.rate_accepted += s.rate_accepted * w;
        self.as_of = self.as_of.max(Some(s.as_of));
        if s.kind != SourceKind::Own {
            self.as_of_others = self.as_of_others.max(Some(s.as_of));
        }
        self.oldest = Some(self.oldest.map_or(s.as_of, |o| o.min(s.as_of)));
        self.n += 1;
        self.kind = match (self.kind, s.kind) {
            (None, k) => Some(k),
            (Some(SourceKind::Own), _) | (_, SourceKind::Own) => Some(SourceKind::Own),
            (Some(SourceKind::Snapshot), _) | (_, SourceKind::Snapshot) => Some(SourceKind::Snapshot),
            (Some(k), _) => Some(k),
        };
    }
    fn merge(&mut self, o: &Acc) {
        for i in 0..SCALED {
            self.counts[i] += o.counts[i];
        }
        self.rate_keyed += o.rate_keyed;
        self.rate_accepted += o.rate_accepted;
        self.as_of = self.as_of.max(o.as_of);
        self.as_of_others = self.as_of_others.max(o.as_of_others);
        self.oldest = match (self.oldest, o.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.n += 1;
    }
}

#[allow(clippy::too_many_arguments)]
fn unit_row(
    scheme: &str,
    level: &str,
    code: &str,
    name: &str,
    province: Option<(&str, &str)>,
    acc: &Acc,
    target: Option<&TargetShare>,
    default_as_of: Date,
    today: Date,
) -> UnitProgress {
    let counts = Counts::from_scaled(&acc.counts);
    let as_of = acc.as_of_others.or(acc.as_of).unwrap_or(default_as_of);
    let o = outlook(&Inputs {
        expected: counts.entries.inventoried,
        target_records: target.and_then(|t| t.records),
        keyed: counts.entries.keyed,
        accepted: counts.entries.accepted,
        exported: counts.entries.exported,
        approved: counts.entries.approved,
        rate_keyed: acc.rate_keyed,
        rate_accepted: acc.rate_accepted,
        deadline: target.and_then(|t| t.deadline),
        as_of,
    });
    UnitProgress {
        scheme: scheme.into(),
        level: level.into(),
        code: code.into(),
        name: name.into(),
        province_code: province.map(|p| p.0.to_string()),
        province_name: province.map(|p| p.1.to_string()),
        counts,
        target_books: target.and_then(|t| t.books).map(|x| x.round() as u64),
        target_records: target.and_then(|t| t.records).map(|x| x.round() as u64),
        outlook: o,
        source: acc.kind,
        stale: acc.oldest.is_some_and(|d| day::add(d, STALE_DAYS) < today),
        units: acc.n,
        late_children: Vec::new(),
    }
}

/// The supervisor's dashboard (also works for a clerk: it then holds the own commune only).
/// Kept in memory until its inputs change ([`super::cache`]).
pub fn progress_dashboard(s: &Session, q: &DashboardQuery) -> Result<Dashboard> {
    let (key, own) = super::cache::key(s, format!("dashboard\u{1f}{:?}", q.as_of))?;
    super::cache::get_or(key, || {
        let resolved = targets::resolve_cached(s)?;
        compute(s, q, own.as_ref(), &resolved)
    })
}

/// [`progress_dashboard`] computed afresh, without the cache (tests compare both).
#[doc(hidden)]
pub fn progress_dashboard_uncached(s: &Session, q: &DashboardQuery) -> Result<Dashboard> {
    compute(s, q, super::live::payload(s)?.as_ref(), &targets::resolve(s.conn())?)
}

fn compute(
    s: &Session,
    q: &DashboardQuery,
    own: Option<&super::snapshot::SnapshotPayload>,
    resolved: &targets::Resolved,
) -> Result<Dashboard> {
    let mut sources = super::sources::load_sources_with(s, own)?;
    let at = q.as_of.as_deref().and_then(day::parse);
    if let Some(at) = at {
        rewind(s, &mut sources, at)?;
    }
    Ok(build(&sources, resolved, at))
}

pub(crate) fn build(sources: &[Source], resolved: &targets::Resolved, at: Option<Date>) -> Dashboard {
    let u = units();
    let today = day::today();
    // The date of the figures: the latest of the other communes' when there are any (the own
    // workspace is always "today", which would hide the date of the national figures).
    let others = sources.iter().filter(|s| s.kind != SourceKind::Own).map(|s| s.as_of).max();
    let latest = others.or_else(|| sources.iter().map(|s| s.as_of).max());
    let as_of = at.or(latest).unwrap_or(today);
    let mut commune_acc: Vec<Option<Acc>> = (0..u.communes.len()).map(|_| None).collect();
    let mut national = Acc::new();
    let mut pre: HashMap<&'static str, Acc> = HashMap::new();
    let mut cells = [[0.0f64; SCALED]; CELLS];
    let mut snapshots = 0;
    let mut demo = 0;
    for s in sources {
        match s.kind {
            SourceKind::Snapshot => snapshots += 1,
            SourceKind::Demo => demo += 1,
            _ => {}
        }
        national.add(s, 1.0);
        if let Some(c) = s.commune {
            commune_acc[c].get_or_insert_with(Acc::new).add(s, 1.0);
        }
        for (p, w) in &s.old_provinces {
            pre.entry(p).or_insert_with(Acc::new).add(s, *w);
        }
        for (cell, c) in &s.cells {
            Counts::add_scaled(&mut cells[*cell], c, 1.0);
        }
    }
    let mut communes = Vec::new();
    let mut prov_acc: HashMap<&str, Acc> = HashMap::new();
    let mut flags = FlagCounts::default();
    for (i, c) in u.communes.iter().enumerate() {
        let target = resolved.commune.get(i).and_then(|t| t.as_ref());
        let acc = match &commune_acc[i] {
            Some(a) => a,
            None if target.is_some() => &Acc::new(),
            None => continue,
        };
        let row = unit_row(
            "qd19_2025",
            "commune",
            &c.unit.code,
            &c.unit.name,
            Some((&c.province.code, &c.province.name)),
            acc,
            target,
            as_of,
            today,
        );
        *flags.communes.entry(row.outlook.flag).or_default() += 1;
        if commune_acc[i].is_some() {
            prov_acc.entry(c.province.code.as_str()).or_insert_with(Acc::new).merge(acc);
        }
        communes.push(row);
    }
    let provinces_2025: Vec<UnitProgress> = u
        .provinces_2025
        .iter()
        .map(|p| {
            let empty = Acc::new();
            let acc = prov_acc.get(p.code.as_str()).unwrap_or(&empty);
            let row = unit_row("qd19_2025", "province", &p.code, &p.name, None, acc, resolved.province_2025.get(&p.code), as_of, today);
            *flags.provinces_2025.entry(row.outlook.flag).or_default() += 1;
            row
        })
        .collect();
    let provinces_pre2025: Vec<UnitProgress> = u
        .provinces_pre2025
        .iter()
        .map(|p| {
            let empty = Acc::new();
            let acc = pre.get(p.code.as_str()).unwrap_or(&empty);
            let row =
                unit_row("gso_pre2025", "province", &p.code, &p.name, None, acc, resolved.province_pre2025.get(&p.code), as_of, today);
            *flags.provinces_pre2025.entry(row.outlook.flag).or_default() += 1;
            row
        })
        .collect();
    let mut provinces_2025 = provinces_2025;
    let mut provinces_pre2025 = provinces_pre2025;
    // Late children: communes of each province (a pre-2025 province: the communes most of whose
    // books it kept), provinces of the country in both schemes.
    let mut by_p34: HashMap<&str, Vec<&UnitProgress>> = HashMap::new();
    let mut by_p63: HashMap<&str, Vec<&UnitProgress>> = HashMap::new();
    for r in &communes {
        if let Some(p) = r.province_code.as_deref() {
            by_p34.entry(p).or_default().push(r);
        }
        let main = u.commune(&r.code).and_then(|c| c.old_provinces.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|p| p.0));
        if let Some(p) = main {
            by_p63.entry(p).or_default().push(r);
        }
    }
    for p in provinces_2025.iter_mut() {
        p.late_children = vec![late_children("qd19_2025", "commune", by_p34.get(p.code.as_str()).map_or(&[][..], |v| v))];
    }
    for p in provinces_pre2025.iter_mut() {
        p.late_children = vec![late_children("qd19_2025", "commune", by_p63.get(p.code.as_str()).map_or(&[][..], |v| v))];
    }
    let mut national_row = unit_row("", "country", "VN", "Toàn quốc", None, &national, resolved.national.as_ref(), as_of, today);
    national_row.units = communes.iter().filter(|c| c.source.is_some()).count() as u32;
    national_row.late_children = vec![
        late_children("qd19_2025", "province", &provinces_2025.iter().collect::<Vec<_>>()),
        late_children("gso_pre2025", "province", &provinces_pre2025.iter().collect::<Vec<_>>()),
    ];
    Dashboard {
        generated_at: crate::clock::now(),
        as_of: day::format(as_of),
        national: national_row,
        communes,
        provinces_2025,
        provinces_pre2025,
        cells: super::sources::cell_rows(&cells),
        flags,
        snapshots,
        demo_snapshots: demo,
        has_own_data: sources.iter().any(|s| s.kind == SourceKind::Own),
    }
}

/// Timings of the dashboard's steps in milliseconds (for `sohoa progress bench`).
#[doc(hidden)]
pub fn bench_steps(s: &Session) -> Result<Vec<(&'static str, f64)>> {
    let t = std::time::Instant::now();
    let _ = units();
    let t_units = t.elapsed().as_secs_f64() * 1000.0;
    let t = std::time::Instant::now();
    let sources = super::sources::load_sources(s)?;
    let t_load = t.elapsed().as_secs_f64() * 1000.0;
    let t = std::time::Instant::now();
    let resolved = targets::resolve(s.conn())?;
    let t_targets = t.elapsed().as_secs_f64() * 1000.0;
    let t = std::time::Instant::now();
    let d = build(&sources, &resolved, None);
    let t_build = t.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box(d);
    Ok(vec![("unit tables (once per process)", t_units), ("read sources", t_load), ("targets", t_targets), ("aggregate", t_build)])
}
