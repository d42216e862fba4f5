//! Targets (formats.md §4): `unit_scheme, unit_code, unit_name, book_type, period_group,
//! target_books, target_records, deadline`, in either unit scheme, imported from CSV or XLSX.
//! A row replaces an earlier row for the same (unit, book type, period group).
//!
//! Every target is pushed down to the 3,321 communes of 2025 ([`resolve`]), then added up to
//! provinces in either scheme. For one 2025 commune the first of these that exists applies:
//! 1. a `qd19_2025` row for the commune itself;
//! 2. `gso_pre2025` rows of the old communes it was formed from, each × 1/n (n = the old
//!    commune's mapping rows: a divided commune's target is shared equally by its new communes);
//! 3. a `qd19_2025` row of its province, × 1/(communes of the province);
//! 4. `gso_pre2025` rows of the old provinces, × (Σ 1/n over its old communes in that province)
//!    / (old communes of the province).
//!
//! A unit's total is its `(*, *)` row, else the sum of its rows; its deadline is the latest of its
//! rows. Shares of one target always sum to the target, so nothing is counted twice.
use super::tabular::{self, cell, parse_count, ImportOutcome, LineError};
use super::units::units;
use crate::error::Result;
use crate::session::Session;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sohoa_refdata::{self as rd, Level, Scheme};
use std::collections::HashMap;
use time::Date;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TargetRow {
    pub unit_scheme: String,
    pub unit_code: String,
    pub unit_name: String,
    pub book_type: String,
    pub period_group: String,
    pub target_books: Option<u64>,
    pub target_records: Option<u64>,
    pub deadline: String,
    pub source: String,
    pub imported_at: String,
}

pub const COLUMNS: [&str; 8] =
    ["unit_scheme", "unit_code", "unit_name", "book_type", "period_group", "target_books", "target_records", "deadline"];

pub fn progress_targets(conn: &Connection) -> Result<Vec<TargetRow>> {
    load_rows(conn)
}

/// Imports `targets.csv` (or the same columns in an XLSX). Atomic; every bad line is reported.
pub fn import_progress_targets(s: &mut Session, file_name: &str, bytes: &[u8]) -> Result<ImportOutcome> {
    let table = tabular::read_table(file_name, bytes)?;
    let name = std::path::Path::new(file_name).file_name().and_then(|n| n.to_str()).unwrap_or(file_name).to_string();
    let mut out = ImportOutcome { file_name: name.clone(), rows: table.rows.len(), ..Default::default() };
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| *c != "unit_name" && table.col(c).is_none()).collect();
    if !missing.is_empty() {
        out.errors.push(LineError {
            line: 1,
            column: None,
            message: format!("thiếu cột: {} (cần: {})", missing.join(", "), COLUMNS.join(", ")),
        });
        return Ok(out);
    }
    let c = |n: &str| table.col(n);
    let mut valid: Vec<TargetRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, r) in &table.rows {
        let line = *line;
        let err = |col: &str, m: String| LineError { line, column: Some(col.into()), message: m };
        let scheme = cell(r, c("unit_scheme"));
        let code = cell(r, c("unit_code"));
        let sch: Scheme = match scheme.parse() {
            Ok(s) => s,
            Err(_) => {
                out.errors.push(err("unit_scheme", format!("hệ mã đơn vị “{scheme}” không hợp lệ (qd19_2025 hoặc gso_pre2025)")));
                continue;
            }
        };
        let unit = match rd::unit(sch, code) {
            Some(u) if u.level != Level::District => u,
            Some(_) => {
                out.errors.push(err("unit_code", format!("“{code}” là mã huyện; chỉ nhận mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số)")));
                continue;
            }
            None => {
                out.errors.push(err("unit_code", format!("không có đơn vị mã “{code}” trong danh mục {scheme}")));
                continue;
            }
        };
        let bt = cell(r, c("book_type"));
        let book_type = if bt == "*" || bt.is_empty() {
            "*".to_string()
        } else if let Some(b) = rd::book_type(bt) {
            b.code.to_string()
        } else {
            out.errors.push(err("book_type", format!("loại sổ “{bt}” không hợp lệ (KS, KT, KH, HN, CMC, GH, TDCC, LH, NCN hoặc *)")));
            continue;
        };
        let pg = cell(r, c("period_group"));
        let group = if pg == "*" || pg.is_empty() {
            "*".to_string()
        } else if let Some(g) = super::inventory::normalise_group(pg) {
            g.to_string()
        } else {
            out.errors.push(err(
                "period_group",
                format!("giai đoạn “{pg}” không hợp lệ (2016-2019, 2006-2015, 1999-2005, 1976-1998, <=1975 hoặc *)"),
            ));
            continue;
        };
        let count = |col: &str| -> std::result::Result<Option<u64>, LineError> {
            let s = cell(r, c(col));
            if s.is_empty() {
                return Ok(None);
            }
            parse_count(s).map(Some).ok_or_else(|| err(col, format!("“{s}” phải là số nguyên không âm")))
        };
        let (books, records) = match (count("target_books"), count("target_records")) {
            (Ok(b), Ok(r)) => (b, r),
            (Err(e), _) | (_, Err(e)) => {
                out.errors.push(e);
                continue;
            }
        };
        if books.is_none() && records.is_none() {
            out.errors.push(err("target_records", "cần ít nhất một chỉ tiêu: target_books hoặc target_records".into()));
            continue;
        }
        let dl = cell(r, c("deadline"));
        let dl = if table.workbook { tabular::iso_date(dl) } else { dl.into() };
        let dl = &*dl;
        let Some(deadline) = super::day::parse(dl).filter(|_| dl.len() == 10) else {
            out.errors.push(err("deadline", format!("hạn “{dl}” phải có dạng yyyy-mm-dd")));
            continue;
        };
        if !seen.insert((scheme.to_string(), code.to_string(), book_type.clone(), group.clone())) {
            out.errors.push(err("unit_code", format!("trùng dòng trước: {scheme} {code} {book_type} {group}")));
            continue;
        }
        let given_name = cell(r, c("unit_name"));
        valid.push(TargetRow {
            unit_scheme: scheme.into(),
            unit_code: code.into(),
            unit_name: if given_name.is_empty() { unit.name.clone() } else { given_name.to_string() },
            book_type,
            period_group: group,
            target_books: books,
            target_records: records,
            deadline: super::day::format(deadline),
            source: name.clone(),
            imported_at: String::new(),
        });
    }
    if !out.errors.is_empty() || valid.is_empty() {
        return Ok(out);
    }
    store_targets(s, &name, &valid)?;
    out.imported = valid.len();
    Ok(out)
}

pub(crate) fn store_targets(s: &mut Session, source: &str, rows: &[TargetRow]) -> Result<()> {
    s.write(|w| {
        let now = crate::clock::now();
        let mut st = w.tx.prepare(
            "INSERT INTO progress_target(unit_scheme, unit_code, book_type, period_group, unit_name, target_books, target_records, deadline, source, imported_at, imported_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(unit_scheme, unit_code, book_type, period_group) DO UPDATE SET unit_name = excluded.unit_name,
               target_books = excluded.target_books, target_records = excluded.target_records, deadline = excluded.deadline,
               source = excluded.source, imported_at = excluded.imported_at, imported_by = excluded.imported_by",
        )?;
        for v in rows {
            st.execute(params![
                v.unit_scheme,
                v.unit_code,
                v.book_type,
                v.period_group,
                v.unit_name,
                v.target_books.map(|x| x as i64),
                v.target_records.map(|x| x as i64),
                v.deadline,
                source,
                now,
                w.user.username
            ])?;
        }
        w.audit("progress.targets_import", "progress_target", None, serde_json::json!({"source": source, "rows": rows.len()}))?;
        Ok(())
    })
}

fn load_rows(conn: &Connection) -> Result<Vec<TargetRow>> {
    let mut st = conn.prepare(
        "SELECT unit_scheme, unit_code, unit_name, book_type, period_group, target_books, target_records, deadline, source, imported_at
         FROM progress_target ORDER BY unit_scheme, length(unit_code), unit_code, book_type, period_group",
    )?;
    let rows = st.query_map([], |r| {
        Ok(TargetRow {
            unit_scheme: r.get(0)?,
            unit_code: r.get(1)?,
            unit_name: r.get(2)?,
            book_type: r.get(3)?,
            period_group: r.get(4)?,
            target_books: r.get::<_, Option<i64>>(5)?.map(|x| x as u64),
            target_records: r.get::<_, Option<i64>>(6)?.map(|x| x as u64),
            deadline: r.get(7)?,
            source: r.get(8)?,
            imported_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A target (or a share of one) for a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TargetShare {
    pub books: Option<f64>,
    pub records: Option<f64>,
    pub deadline: Option<Date>,
}

impl TargetShare {
    fn add_scaled(&mut self, o: &TargetShare, w: f64) {
        if let Some(b) = o.books {
            *self.books.get_or_insert(0.0) += b * w;
        }
        if let Some(r) = o.records {
            *self.records.get_or_insert(0.0) += r * w;
        }
        self.deadline = self.deadline.max(o.deadline);
    }
}

/// Targets pushed down to every 2025 commune and summed up to provinces in both schemes.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Index = `units().communes` index.
    pub commune: Vec<Option<TargetShare>>,
    pub province_2025: HashMap<String, TargetShare>,
    pub province_pre2025: HashMap<String, TargetShare>,
    pub national: Option<TargetShare>,
}

/// Totals per unit: its (*,*) row, else the sum of its rows; the latest deadline.
fn unit_totals(rows: &[TargetRow]) -> HashMap<(String, String), TargetShare> {
    let mut star: HashMap<(String, String), TargetShare> = HashMap::new();
    let mut sum: HashMap<(String, String), TargetShare> = HashMap::new();
    for r in rows {
        let t = TargetShare {
            books: r.target_books.map(|x| x as f64),
            records: r.target_records.map(|x| x as f64),
            deadline: super::day::parse(&r.deadline),
        };
        let key = (r.unit_scheme.clone(), r.unit_code.clone());
        if r.book_type == "*" && r.period_group == "*" {
            star.insert(key.clone(), t);
        }
        sum.entry(key).or_default().add_scaled(&t, 1.0);
    }
    for (k, v) in sum.iter_mut() {
        if let Some(s) = star.get(k) {
            let dl = v.deadline;
            *v = *s;
            v.deadline = v.deadline.max(dl);
        }
    }
    sum
}

pub fn resolve(conn: &Connection) -> Result<Resolved> {
    Ok(resolve_rows(&load_rows(conn)?))
}

/// [`resolve`], kept in memory until a target changes ([`super::cache`]).
pub(crate) fn resolve_cached(s: &crate::session::Session) -> Result<std::sync::Arc<Resolved>> {
    let key = super::cache::key_without_own(s, "targets")?;
    super::cache::get_or(key, || Ok(std::sync::Arc::new(resolve(s.conn())?)))
}

pub fn resolve_rows(rows: &[TargetRow]) -> Resolved {
    let u = units();
    let totals = unit_totals(rows);
    let mut out = Resolved { commune: vec![None; u.communes.len()], ..Default::default() };
    if totals.is_empty() {
        return out;
    }
    let mut nested: HashMap<&str, HashMap<&str, TargetShare>> = HashMap::new();
    for ((scheme, code), t) in &totals {
        nested.entry(scheme.as_str()).or_default().insert(code.as_str(), *t);
    }
    let get = |scheme: &str, code: &str| nested.get(scheme).and_then(|m| m.get(code));
    for (i, c) in u.communes.iter().enumerate() {
        // 1. the commune itself
        if let Some(t) = get("qd19_2025", &c.unit.code) {
            out.commune[i] = Some(*t);
            continue;
        }
        // 2. its old communes
        let mut acc: Option<TargetShare> = None;
        for (old, w) in &c.old_communes {
            if let Some(t) = get("gso_pre2025", old) {
                acc.get_or_insert_with(TargetShare::default).add_scaled(t, *w);
            }
        }
        if acc.is_some() {
            out.commune[i] = acc;
            continue;
        }
        // 3. its province
        if let Some(t) = get("qd19_2025", &c.province.code) {
            let n = u.communes_per_province_2025.get(c.province.code.as_str()).copied().unwrap_or(1.0);
            let mut s = TargetShare::default();
            s.add_scaled(t, 1.0 / n);
            out.commune[i] = Some(s);
            continue;
        }
        // 4. its old provinces
        let mut per_prov: HashMap<&str, f64> = HashMap::new();
        for (old, w) in &c.old_communes {
            if let Some(p) = rd::province_of(Scheme::GsoPre2025, old) {
                *per_prov.entry(p.code.as_str()).or_default() += w;
            }
        }
        let mut acc: Option<TargetShare> = None;
        for (p, w) in per_prov {
            if let Some(t) = get("gso_pre2025", p) {
                let n = u.old_communes_per_province.get(p).copied().unwrap_or(1.0);
                acc.get_or_insert_with(TargetShare::default).add_scaled(t, w / n);
            }
        }
        out.commune[i] = acc;
    }
    // 2025 provinces: their own row, else the sum of their communes.
    for p in &u.provinces_2025 {
        if let Some(t) = get("qd19_2025", &p.code) {
            out.province_2025.insert(p.code.clone(), *t);
        }
    }
    let mut derived: HashMap<String, TargetShare> = HashMap::new();
    for (i, c) in u.communes.iter().enumerate() {
        if let Some(t) = &out.commune[i] {
            derived.entry(c.province.code.clone()).or_default().add_scaled(t, 1.0);
        }
    }
    for (k, v) in derived {
        out.province_2025.entry(k).or_insert(v);
    }
    // pre-2025 provinces: their own row, else the sum of their old communes' rows.
    for p in &u.provinces_pre2025 {
        if let Some(t) = get("gso_pre2025", &p.code) {
            out.province_pre2025.insert(p.code.clone(), *t);
        }
    }
    for ((scheme, code), t) in &totals {
        if scheme == "gso_pre2025" && code.len() == 5 {
            if let Some(p) = rd::province_of(Scheme::GsoPre2025, code) {
                if get("gso_pre2025", &p.code).is_none() {
                    out.province_pre2025.entry(p.code.clone()).or_default().add_scaled(t, 1.0);
                }
            }
        }
    }
    let mut nat: Option<TargetShare> = None;
    for t in out.province_2025.values() {
        nat.get_or_insert_with(TargetShare::default).add_scaled(t, 1.0);
    }
    // The country's deadline is the earliest of its provinces' (a province that missed its own
    // deadline makes the country late), not the latest of any row.
    if let Some(n) = nat.as_mut() {
        n.deadline = out.province_2025.values().chain(out.province_pre2025.values()).filter_map(|t| t.deadline).min();
    }
    out.national = nat;
    out
}
