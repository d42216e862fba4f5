//! Burn-up series: cumulative keyed / checked / submitted / accepted / exported entries by day for
//! the country, a province (either scheme), a commune, or this workspace, with the expected total
//! and the deadline to draw against. Each source's series is a step function (a value holds until
//! its next point); a scope's series is their (weighted) sum on the union of their days.
use super::sources::{load_own_source, load_points, load_sources, load_sources_with, Points, Source, SourceKind};
use super::targets;
use super::units::units;
use super::{day, Counts, StageCounts, CELLS, SCALED};
use crate::error::{CoreError, Result};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "camelCase")]
pub enum SeriesScope {
    Country,
    Province {
        scheme: String,
        code: String,
    },
    Commune {
        code: String,
    },
    /// This workspace's own books.
    Own,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    pub name: String,
    pub days: Vec<String>,
    pub keyed: Vec<u64>,
    pub checked: Vec<u64>,
    pub submitted: Vec<u64>,
    pub accepted: Vec<u64>,
    pub exported: Vec<u64>,
    /// The inventory's expected entries (the line to reach).
    pub expected: u64,
    pub target_records: Option<u64>,
    pub deadline: Option<String>,
}

/// Sources in a scope, with their weight (a pre-2025 province takes its share of each source).
fn in_scope(sources: &[Source], scope: &SeriesScope) -> Result<(String, Vec<(usize, f64)>)> {
    let u = units();
    let pick = |f: &dyn Fn(&Source) -> f64| -> Vec<(usize, f64)> {
        sources.iter().enumerate().map(|(i, s)| (i, f(s))).filter(|(_, w)| *w > 0.0).collect()
    };
    Ok(match scope {
        SeriesScope::Country => ("Toàn quốc".into(), pick(&|_| 1.0)),
        SeriesScope::Own => ("Xã của tôi".into(), pick(&|s| if s.kind == SourceKind::Own { 1.0 } else { 0.0 })),
        SeriesScope::Commune { code } => {
            let i = *u.commune_index.get(code.as_str()).ok_or_else(|| CoreError::NotFound(format!("xã/phường mã {code}")))?;
            (u.communes[i].unit.name.clone(), pick(&|s| if s.commune == Some(i) { 1.0 } else { 0.0 }))
        }
        SeriesScope::Province { scheme, code } if scheme == "qd19_2025" => {
            let name = u.province_2025_name(code).ok_or_else(|| CoreError::NotFound(format!("tỉnh mã {code}")))?;
            (name.into(), pick(&|s| if s.commune.is_some_and(|c| u.communes[c].province.code == *code) { 1.0 } else { 0.0 }))
        }
        SeriesScope::Province { scheme, code } if scheme == "gso_pre2025" => {
            let name = u.province_pre2025_name(code).ok_or_else(|| CoreError::NotFound(format!("tỉnh (cũ) mã {code}")))?;
            (name.into(), pick(&|s| s.old_provinces.iter().filter(|(p, _)| *p == code.as_str()).map(|(_, w)| *w).sum()))
        }
        SeriesScope::Province { scheme, .. } => return Err(CoreError::invalid("scheme", format!("hệ mã “{scheme}” không hợp lệ"))),
    })
}

/// Weighted sum of step series on the union of their days.
pub(crate) fn sum_series(points: &[&Points], weights: &[f64]) -> Vec<(Date, [u64; 5])> {
    let days: BTreeSet<Date> = points.iter().flat_map(|p| p.iter().map(|x| x.0)).collect();
    let days: Vec<Date> = days.into_iter().collect();
    let mut acc = vec![[0.0f64; 5]; days.len()];
    for (p, w) in points.iter().zip(weights) {
        let mut k = 0usize;
        let mut cur = [0u64; 5];
        for (di, d) in days.iter().enumerate() {
            while k < p.len() && p[k].0 <= *d {
                cur = p[k].1;
                k += 1;
            }
            for s in 0..5 {
                acc[di][s] += cur[s] as f64 * w;
            }
        }
    }
    days.into_iter().zip(acc).map(|(d, a)| (d, a.map(|x| x.round() as u64))).collect()
}

/// Kept in memory until its inputs change ([`super::cache`]); the own scope reads no snapshot.
pub fn progress_series(s: &Session, scope: &SeriesScope) -> Result<Series> {
    if *scope == SeriesScope::Own {
        let resolved = targets::resolve_cached(s)?;
        return series_of(s, scope, load_own_source(s)?, &resolved);
    }
    let (key, own) = super::cache::key(s, format!("series\u{1f}{scope:?}"))?;
    super::cache::get_or(key, || {
        let resolved = targets::resolve_cached(s)?;
        series_of(s, scope, load_sources_with(s, own.as_ref())?, &resolved)
    })
}

/// [`progress_series`] computed afresh, without the cache (tests compare both).
#[doc(hidden)]
pub fn progress_series_uncached(s: &Session, scope: &SeriesScope) -> Result<Series> {
    series_of(s, scope, load_sources(s)?, &targets::resolve(s.conn())?)
}

fn series_of(s: &Session, scope: &SeriesScope, sources: Vec<Source>, resolved: &targets::Resolved) -> Result<Series> {
    let (name, picked) = in_scope(&sources, scope)?;
    let all = load_points(s, &sources)?;
    let pts: Vec<&Points> = picked.iter().map(|(i, _)| &all[*i]).collect();
    let ws: Vec<f64> = picked.iter().map(|(_, w)| *w).collect();
    let summed = sum_series(&pts, &ws);
    let expected: f64 = picked.iter().map(|(i, w)| sources[*i].total.entries.inventoried as f64 * w).sum();
    let u = units();
    let target = match scope {
        SeriesScope::Country => resolved.national,
        SeriesScope::Province { scheme, code } if scheme == "qd19_2025" => resolved.province_2025.get(code).copied(),
        SeriesScope::Province { code, .. } => resolved.province_pre2025.get(code).copied(),
        SeriesScope::Commune { code } => u.commune_index.get(code.as_str()).and_then(|&i| resolved.commune[i]),
        SeriesScope::Own => {
            let ws = s.workspace();
            u.commune_2025_of(&ws.commune_scheme, &ws.commune_code).and_then(|c| u.commune_index.get(c)).and_then(|&i| resolved.commune[i])
        }
    };
    let mut out = Series {
        name,
        expected: expected.round() as u64,
        target_records: target.and_then(|t| t.records).map(|x| x.round() as u64),
        deadline: target.and_then(|t| t.deadline).map(day::format),
        ..Default::default()
    };
    for (d, v) in summed {
        out.days.push(day::format(d));
        out.keyed.push(v[0]);
        out.checked.push(v[1]);
        out.submitted.push(v[2]);
        out.accepted.push(v[3]);
        out.exported.push(v[4]);
    }
    Ok(out)
}

/// Book type × period group counts of a scope (the breakdown table and bar chart).
pub fn progress_breakdown(s: &Session, scope: &SeriesScope) -> Result<Vec<super::sources::CellRow>> {
    let sources = load_sources(s)?;
    let (_, picked) = in_scope(&sources, scope)?;
    let mut cells = [[0.0f64; SCALED]; CELLS];
    for (i, w) in picked {
        for (cell, c) in &sources[i].cells {
            Counts::add_scaled(&mut cells[*cell], c, w);
        }
    }
    Ok(super::sources::cell_rows(&cells))
}

/// Entries keyed and accepted between two days (inclusive) in a scope's series.
pub fn increase(points: &[(Date, [u64; 5])], from: Date, to: Date) -> StageCounts {
    let at = |d: Date| -> [u64; 5] {
        match points.binary_search_by(|p| p.0.cmp(&d)) {
            Ok(i) => points[i].1,
            Err(0) => [0; 5],
            Err(i) => points[i - 1].1,
        }
    };
    let a = at(day::add(from, -1));
    let b = at(to);
    StageCounts {
        inventoried: 0,
        keyed: b[0].saturating_sub(a[0]),
        checked: b[1].saturating_sub(a[1]),
        submitted: b[2].saturating_sub(a[2]),
        accepted: b[3].saturating_sub(a[3]),
        exported: b[4].saturating_sub(a[4]),
        ..Default::default()
    }
}
