//! The inventory (the denominator of every percentage): register books a commune holds, by type
//! and period group, with the entries they are expected to hold.
//!
//! Entered by hand ([`crate::progress::inventory::set_progress_inventory`]) or imported from CSV/XLSX
//! ([`crate::progress::inventory::import_progress_inventory`], columns `unit_scheme, unit_code, book_type,
//! period_group, books, expected_entries`; the unit columns may be left empty for this
//! workspace's own commune). Imports are atomic: any bad line and nothing is written, every bad
//! line is reported. A row with 0 books and 0 entries removes the cell.
//!
//! The books opened in the workspace refine the declared figures (see `live.rs`): per cell,
//! books = max(declared, opened); expected entries = Σ over opened books of
//! max(their expected entries, entries keyed) + the unopened remainder × the declared average.
use super::tabular::{self, cell, parse_count, ImportOutcome, LineError};
use crate::error::Result;
use crate::session::accounts::Role;
use crate::session::Session;
use crate::BookType;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sohoa_refdata::{self as rd, Scheme};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct InventoryRow {
    pub unit_scheme: String,
    pub unit_code: String,
    pub unit_name: String,
    pub book_type: BookType,
    pub period_group: String,
    pub books: u64,
    pub expected_entries: u64,
    pub source: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// One cell to set by hand. Unit fields default to the workspace's own commune.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct InventoryInput {
    #[serde(default)]
    pub unit_scheme: Option<String>,
    #[serde(default)]
    pub unit_code: Option<String>,
    pub book_type: BookType,
    pub period_group: String,
    pub books: u64,
    pub expected_entries: u64,
}

pub(crate) fn unit_name(scheme: &str, code: &str) -> String {
    scheme.parse::<Scheme>().ok().and_then(|s| rd::unit(s, code)).map(|u| u.name.clone()).unwrap_or_default()
}

/// Every declared inventory row (all units), ordered by unit, type, period group.
pub fn progress_inventory(conn: &Connection) -> Result<Vec<InventoryRow>> {
    let mut st = conn.prepare(
        "SELECT unit_scheme, unit_code, book_type, period_group, books, expected_entries, source, updated_at, updated_by
         FROM progress_inventory ORDER BY unit_scheme, unit_code, book_type, period_group",
    )?;
    let rows = st.query_map([], |r| {
        let scheme: String = r.get(0)?;
        let code: String = r.get(1)?;
        Ok(InventoryRow {
            unit_name: unit_name(&scheme, &code),
            unit_scheme: scheme,
            unit_code: code,
            book_type: r.get(2)?,
            period_group: r.get(3)?,
            books: r.get::<_, i64>(4)? as u64,
            expected_entries: r.get::<_, i64>(5)? as u64,
            source: r.get(6)?,
            updated_at: r.get(7)?,
            updated_by: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets inventory cells by hand (all or nothing). Clerks may only set their own commune.
pub fn set_progress_inventory(s: &mut Session, rows: &[InventoryInput]) -> Result<ImportOutcome> {
    let parsed: Vec<(usize, std::result::Result<Valid, LineError>)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let line = i + 1;
            (
                line,
                validate_inventory(
                    s,
                    line,
                    r.unit_scheme.as_deref().unwrap_or(""),
                    r.unit_code.as_deref().unwrap_or(""),
                    r.book_type.as_str(),
                    &r.period_group,
                    &r.books.to_string(),
                    &r.expected_entries.to_string(),
                ),
            )
        })
        .collect();
    store_inventory(s, "manual", parsed)
}

/// Imports an inventory file (CSV or XLSX). Atomic; every bad line is reported.
pub fn import_progress_inventory(s: &mut Session, file_name: &str, bytes: &[u8]) -> Result<ImportOutcome> {
    let table = tabular::read_table(file_name, bytes)?;
    let need = ["book_type", "period_group", "books", "expected_entries"];
    let missing: Vec<&str> = need.iter().copied().filter(|c| table.col(c).is_none()).collect();
    if !missing.is_empty() {
        return Ok(ImportOutcome {
            file_name: file_name.into(),
            errors: vec![LineError {
                line: 1,
                column: None,
                message: format!("thiếu cột: {} (cần: unit_scheme, unit_code, {})", missing.join(", "), need.join(", ")),
            }],
            ..Default::default()
        });
    }
    let c = |n: &str| table.col(n);
    let parsed = table
        .rows
        .iter()
        .map(|(line, r)| {
            (
                *line,
                validate_inventory(
                    s,
                    *line,
                    cell(r, c("unit_scheme")),
                    cell(r, c("unit_code")),
                    cell(r, c("book_type")),
                    cell(r, c("period_group")),
                    cell(r, c("books")),
                    cell(r, c("expected_entries")),
                ),
            )
        })
        .collect();
    let name = std::path::Path::new(file_name).file_name().and_then(|n| n.to_str()).unwrap_or(file_name).to_string();
    store_inventory(s, &name, parsed)
}

#[allow(clippy::too_many_arguments)]
fn validate_inventory(
    s: &Session,
    line: usize,
    scheme: &str,
    code: &str,
    book_type: &str,
    group: &str,
    books: &str,
    expected: &str,
) -> std::result::Result<Valid, LineError> {
    let err = |col: &str, m: String| LineError { line, column: Some(col.into()), message: m };
    let ws = s.workspace();
    let (scheme, code) = if scheme.is_empty() && code.is_empty() {
        (ws.commune_scheme.clone(), ws.commune_code.clone())
    } else {
        (scheme.to_string(), code.to_string())
    };
    let sch: Scheme =
        scheme.parse().map_err(|_| err("unit_scheme", format!("hệ mã đơn vị “{scheme}” không hợp lệ (qd19_2025 hoặc gso_pre2025)")))?;
    match rd::unit(sch, &code) {
        Some(u) if u.level == rd::Level::Commune => {}
        Some(_) => return Err(err("unit_code", format!("“{code}” không phải mã xã/phường (5 chữ số)"))),
        None => return Err(err("unit_code", format!("không có xã/phường mã “{code}” trong danh mục {scheme}"))),
    }
    if s.user().role != Role::Supervisor && (scheme != ws.commune_scheme || code != ws.commune_code) {
        return Err(err("unit_code", "cán bộ xã chỉ nhập kiểm kê cho xã của mình".into()));
    }
    let bt: BookType = book_type
        .parse()
        .map_err(|_| err("book_type", format!("loại sổ “{book_type}” không hợp lệ (KS, KT, KH, HN, CMC, GH, TDCC, LH, NCN)")))?;
    let group = normalise_group(group).ok_or_else(|| {
        err("period_group", format!("giai đoạn “{group}” không hợp lệ (2016-2019, 2006-2015, 1999-2005, 1976-1998, <=1975)"))
    })?;
    let books = parse_count(books).ok_or_else(|| err("books", format!("số sổ “{books}” phải là số nguyên không âm")))?;
    let expected = parse_count(expected)
        .ok_or_else(|| err("expected_entries", format!("số bản ghi dự kiến “{expected}” phải là số nguyên không âm")))?;
    if books > 100_000 || expected > 50_000_000 {
        return Err(err("books", "số liệu quá lớn cho một xã".into()));
    }
    if books == 0 && expected > 0 {
        return Err(err("books", "có bản ghi dự kiến thì số sổ phải lớn hơn 0".into()));
    }
    Ok(Valid { scheme, code, book_type: bt, group: group.to_string(), books, expected })
}

fn store_inventory(s: &mut Session, source: &str, parsed: Vec<(usize, std::result::Result<Valid, LineError>)>) -> Result<ImportOutcome> {
    let mut out = ImportOutcome { file_name: source.into(), rows: parsed.len(), ..Default::default() };
    let mut seen = std::collections::HashSet::new();
    let mut valid = Vec::new();
    for (line, p) in parsed {
        match p {
            Ok(v) => {
                if !seen.insert((v.scheme.clone(), v.code.clone(), v.book_type, v.group.clone())) {
                    out.errors.push(LineError {
                        line,
                        column: None,
                        message: format!("trùng dòng trước: {} {} {} {}", v.code, v.book_type, v.group, v.scheme),
                    });
                }
                valid.push(v);
            }
            Err(e) => out.errors.push(e),
        }
    }
    if !out.errors.is_empty() || valid.is_empty() {
        return Ok(out);
    }
    let n = valid.len();
    s.write(|w| {
        let now = crate::clock::now();
        for v in &valid {
            if v.books == 0 && v.expected == 0 {
                w.tx.execute(
                    "DELETE FROM progress_inventory WHERE unit_scheme = ?1 AND unit_code = ?2 AND book_type = ?3 AND period_group = ?4",
                    params![v.scheme, v.code, v.book_type, v.group],
                )?;
            } else {
                w.tx.execute(
                    "INSERT INTO progress_inventory(unit_scheme, unit_code, book_type, period_group, books, expected_entries, source, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(unit_scheme, unit_code, book_type, period_group) DO UPDATE SET books = excluded.books,
                       expected_entries = excluded.expected_entries, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    params![v.scheme, v.code, v.book_type, v.group, v.books as i64, v.expected as i64, source, now, w.user.username],
                )?;
            }
        }
        w.audit("progress.inventory", "progress_inventory", None, serde_json::json!({"source": source, "rows": n}))?;
        Ok(())
    })?;
    out.imported = n;
    Ok(out)
}

struct Valid {
    scheme: String,
    code: String,
    book_type: BookType,
    group: String,
    books: u64,
    expected: u64,
}

/// Accepts the period-group spellings clerks type (`2006–2015`, `2006 - 2015`, `≤1975`, `trước 1976`).
pub(crate) fn normalise_group(g: &str) -> Option<&'static str> {
    let t: String = g.chars().filter(|c| !c.is_whitespace()).map(|c| if matches!(c, '–' | '—') { '-' } else { c }).collect();
    let t = t.replace('≤', "<=");
    match t.as_str() {
        "<=1975" | "<1976" | "truoc1976" | "trước1976" => Some("<=1975"),
        other => super::PERIOD_GROUPS.iter().copied().find(|p| *p == other),
    }
}
