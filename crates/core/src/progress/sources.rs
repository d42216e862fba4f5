//! The sources of counts a dashboard adds up: this workspace's own books (live), the latest
//! snapshot of each sending workspace, the demo, inventories typed in by a supervisor — each for
//! one 2025 commune, with its per-day series. Below the dashboards ([`super::aggregate`]) and the
//! burn-up series ([`super::series`]), above the snapshot format and the live counts.
use super::units::{old_province_shares, units};
use super::{day, Counts, StageCounts, CELLS, PERIOD_GROUPS, SCALED};
use crate::error::Result;
use crate::session::Session;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use time::Date;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Own,
    Snapshot,
    Demo,
    Inventory,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellRow {
    pub book_type: crate::BookType,
    pub book_type_name: String,
    pub period_group: String,
    pub counts: Counts,
}

/// One set of counts for one commune.
pub(crate) struct Source {
    pub kind: SourceKind,
    /// Index into `units().communes`.
    pub commune: Option<usize>,
    pub snapshot_id: Option<i64>,
    pub as_of: Date,
    pub total: Counts,
    pub cells: Vec<(usize, Counts)>,
    /// Old provinces and this source's share in each (sums to 1).
    pub old_provinces: Vec<(&'static str, f64)>,
    pub rate_keyed: f64,
    pub rate_accepted: f64,
}

/// Every source of counts in this workspace.
pub(crate) fn load_sources(s: &Session) -> Result<Vec<Source>> {
    load_sources_with(s, super::live::payload(s)?.as_ref())
}

/// This workspace's own books only (the clerk's view): no snapshot is read.
pub(crate) fn load_own_source(s: &Session) -> Result<Vec<Source>> {
    Ok(super::live::payload(s)?.as_ref().map(own_source).into_iter().collect())
}

fn own_source(p: &super::snapshot::SnapshotPayload) -> Source {
    let u = units();
    let (rk, ra) = super::snapshot::payload_rates(p);
    let mut total = Counts::default();
    let cells: Vec<(usize, Counts)> = p
        .cells
        .iter()
        .filter_map(|c| {
            total.add(&c.counts);
            Some((c.book_type.index() * 5 + super::group_index(&c.period_group)?, c.counts))
        })
        .collect();
    let commune_2025 = u.commune_2025_of(&p.commune.scheme, &p.commune.code);
    let regs: Vec<(String, Option<String>, u64)> =
        p.registries.iter().map(|r| (r.scheme.clone(), r.code.clone(), r.entries.inventoried.max(r.entries.keyed))).collect();
    Source {
        kind: SourceKind::Own,
        commune: commune_2025.and_then(|c| u.commune_index.get(c).copied()),
        snapshot_id: None,
        as_of: day::parse(&p.as_of).unwrap_or_else(day::today),
        total,
        cells,
        old_provinces: old_province_shares(&regs, commune_2025),
        rate_keyed: rk,
        rate_accepted: ra,
    }
}

/// Every source of counts, with this workspace's own payload already computed.
pub(crate) fn load_sources_with(s: &Session, own: Option<&super::snapshot::SnapshotPayload>) -> Result<Vec<Source>> {
    let u = units();
    let conn = s.conn();
    let mut sources: Vec<Source> = Vec::new();
    // This workspace's own books.
    if let Some(p) = own {
        sources.push(own_source(p));
    }
    // The latest snapshot of every sending workspace.
    {
        let mut st = conn.prepare(
            "SELECT s.id, s.commune_2025, s.as_of, s.rate_keyed, s.rate_accepted, p.is_demo, s.cells, s.old_provinces
             FROM progress_sender p JOIN progress_snapshot s ON s.id = p.latest_snapshot",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let c2025: Option<String> = r.get(1)?;
            let as_of: String = r.get(2)?;
            let cells = super::snapshot::unpack_cells(r.get_ref(6)?.as_blob().unwrap_or(&[]));
            let mut total = Counts::default();
            for (_, c) in &cells {
                total.add(c);
            }
            sources.push(Source {
                kind: if r.get::<_, bool>(5)? { SourceKind::Demo } else { SourceKind::Snapshot },
                commune: c2025.as_deref().and_then(|c| u.commune_index.get(c).copied()),
                snapshot_id: Some(id),
                as_of: day::parse(&as_of).unwrap_or_else(day::today),
                total,
                cells,
                old_provinces: super::snapshot::unpack_shares(r.get_ref(7)?.as_blob().unwrap_or(&[])),
                rate_keyed: r.get(3)?,
                rate_accepted: r.get(4)?,
            });
        }
    }
    // Demo snapshots give way to real data for the same commune.
    let real: std::collections::HashSet<usize> = sources.iter().filter(|s| s.kind != SourceKind::Demo).filter_map(|s| s.commune).collect();
    sources.retain(|s| s.kind != SourceKind::Demo || s.commune.is_none_or(|c| !real.contains(&c)));
    // Inventories a supervisor typed in for communes that sent nothing yet.
    let covered: std::collections::HashSet<usize> = sources.iter().filter_map(|s| s.commune).collect();
    let ws = s.workspace();
    let mut st = conn.prepare(
        "SELECT unit_scheme, unit_code, book_type, period_group, books, expected_entries FROM progress_inventory
         WHERE NOT (unit_scheme = ?1 AND unit_code = ?2) ORDER BY unit_scheme, unit_code",
    )?;
    let rows = st.query_map([&ws.commune_scheme, &ws.commune_code], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, crate::BookType>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut inv: BTreeMap<usize, Vec<(usize, Counts)>> = BTreeMap::new();
    for row in rows {
        let (scheme, code, bt, pg, books, expected) = row?;
        let Some(c) = u.commune_2025_of(&scheme, &code).and_then(|c| u.commune_index.get(c).copied()) else { continue };
        if covered.contains(&c) {
            continue;
        }
        let (t, Some(g)) = (bt.index(), super::group_index(&pg)) else { continue };
        let counts = Counts {
            books: StageCounts { inventoried: books.max(0) as u64, ..Default::default() },
            entries: StageCounts { inventoried: expected.max(0) as u64, ..Default::default() },
            ..Default::default()
        };
        inv.entry(c).or_default().push((t * 5 + g, counts));
    }
    let today = day::today();
    for (c, cells) in inv {
        let mut total = Counts::default();
        for (_, x) in &cells {
            total.add(x);
        }
        sources.push(Source {
            kind: SourceKind::Inventory,
            commune: Some(c),
            snapshot_id: None,
            as_of: today,
            total,
            cells,
            old_provinces: u.communes[c].old_provinces.clone(),
            rate_keyed: 0.0,
            rate_accepted: 0.0,
        });
    }
    Ok(sources)
}

pub(crate) fn cell_rows(cells: &[[f64; SCALED]; CELLS]) -> Vec<CellRow> {
    (0..CELLS)
        .map(|i| CellRow {
            book_type: crate::BookType::ALL[i / 5],
            book_type_name: crate::BookType::ALL[i / 5].name().into(),
            period_group: PERIOD_GROUPS[i % 5].into(),
            counts: Counts::from_scaled(&cells[i]),
        })
        .collect()
}

pub(crate) type Points = Vec<(Date, [u64; 5])>;

/// The series of each source (same order as `sources`).
pub(crate) fn load_points(s: &Session, sources: &[Source]) -> Result<Vec<Points>> {
    let mut out: Vec<Points> = vec![Vec::new(); sources.len()];
    let mut by_id: HashMap<i64, usize> = HashMap::new();
    for (i, src) in sources.iter().enumerate() {
        if let Some(id) = src.snapshot_id {
            by_id.insert(id, i);
        }
        if src.kind == SourceKind::Own {
            out[i] =
                super::live::series(s.conn())?.into_iter().filter_map(|p| Some((day::parse(&p.0)?, [p.1, p.2, p.3, p.4, p.5]))).collect();
        }
    }
    if !by_id.is_empty() {
        let mut st = s.conn().prepare(
            "SELECT d.snapshot_id, d.series FROM progress_sender p JOIN progress_snapshot_data d ON d.snapshot_id = p.latest_snapshot",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = by_id.get(&r.get::<_, i64>(0)?) else { continue };
            out[i] = super::snapshot::unpack_series(r.get_ref(1)?.as_blob().unwrap_or(&[]));
        }
    }
    Ok(out)
}
