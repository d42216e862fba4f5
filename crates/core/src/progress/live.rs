//! This workspace's own progress, in the shape of a snapshot payload: books opened
//! (register_book) and their entries by status, the declared inventory of the own commune, and
//! the per-day series from `progress_day` (kept by triggers, migration 0003, and for new entries by `model::entry`, migration 0022).
use super::snapshot::{Cell, Point, RegistryCounts, SnapshotPayload, UnitRef, FORMAT, VERSION};
use super::{group_index, stage_rank, Counts, StageCounts, CELLS, PERIOD_GROUPS, RANKS, RANK_APPROVED, RANK_UPLOADED};
use crate::error::{CoreError, Result};
use crate::session::Session;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

struct Book {
    cell: usize,
    registry: (String, Option<String>, String),
    expected: Option<u64>,
    finished: bool,
    /// entries at each rank 0..RANKS
    at_rank: [u64; RANKS],
    draft: u64,
    returned: u64,
    rejected: u64,
}

/// Per-book progress for the clerk's view.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookProgress {
    pub id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub registry_name: String,
    pub period_group: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub finished: bool,
    pub expected: Option<u64>,
    pub entries: StageCounts,
    pub draft: u64,
    pub returned: u64,
    /// Entries the Ministry rejected, not yet sent again.
    pub rejected: u64,
}

pub(crate) fn book_progress(conn: &Connection) -> Result<Vec<BookProgress>> {
    let ranks = entry_ranks(conn)?;
    let mut st = conn.prepare(
        "SELECT b.id, b.book_type, b.quyen_so, r.name, b.period_group, b.year_from, b.year_to, b.finished_at IS NOT NULL, b.expected_entries
         FROM register_book b JOIN registry r ON r.id = b.registry_id ORDER BY b.book_type, b.year_from, b.quyen_so, b.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, crate::BookType>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i32>(5)?,
            r.get::<_, Option<i32>>(6)?,
            r.get::<_, bool>(7)?,
            r.get::<_, Option<i64>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, book_type, quyen_so, registry_name, period_group, year_from, year_to, finished, expected) = row?;
        let BookRanks { at_rank, draft, returned, rejected } = ranks.get(&id).copied().unwrap_or_default();
        let total: u64 = at_rank.iter().sum();
        let exp = expected.map(|e| (e.max(0) as u64).max(total));
        out.push(BookProgress {
            id,
            book_type,
            quyen_so,
            registry_name,
            period_group,
            year_from,
            year_to,
            finished,
            expected: exp,
            entries: StageCounts::from_ranks(exp.unwrap_or(total), &at_rank),
            draft,
            returned,
            rejected,
        });
    }
    Ok(out)
}

/// Entries of a book at each rank, its drafts, its returned entries and the Ministry's rejections.
#[derive(Debug, Clone, Copy, Default)]
struct BookRanks {
    at_rank: [u64; RANKS],
    draft: u64,
    returned: u64,
    rejected: u64,
}

/// book id → its ranks. An exported entry reaches "uploaded" or "approved" by the Ministry's
/// answer on any of its file rows (migration 0009); a rejection not yet answered by a later
/// export counts in `rejected`.
fn entry_ranks(conn: &Connection) -> Result<HashMap<i64, BookRanks>> {
    let mut m: HashMap<i64, BookRanks> = HashMap::new();
    let mut st = conn.prepare("SELECT book_id, status, count(*) FROM entry GROUP BY book_id, status")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (b, s, n) = row?;
        let e = m.entry(b).or_default();
        e.at_rank[stage_rank(&s)] += n as u64;
        if s == "draft" {
            e.draft += n as u64;
        }
        if s == "returned" {
            e.returned += n as u64;
        }
    }
    // Exported entries the Ministry's system holds (uploaded) or approved: moved up from rank 5.
    let mut st = conn.prepare(
        "SELECT e.book_id, m.r, count(*) FROM entry e
           JOIN (SELECT entry_id, max(CASE ministry_state WHEN 'approved' THEN 2 WHEN 'uploaded' THEN 1 ELSE 0 END) AS r
                   FROM upload_export_entry GROUP BY entry_id) m ON m.entry_id = e.id
          WHERE e.status = 'exported' AND m.r > 0
          GROUP BY e.book_id, m.r",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (b, r, n) = row?;
        let e = m.entry(b).or_default();
        let to = if r == 2 { RANK_APPROVED } else { RANK_UPLOADED };
        let n = (n as u64).min(e.at_rank[5]);
        e.at_rank[5] -= n;
        e.at_rank[to] += n;
    }
    let mut st = conn.prepare(
        "SELECT e.book_id, count(DISTINCT x.entry_id) FROM upload_export_entry x JOIN entry e ON e.id = x.entry_id
          WHERE x.ministry_state = 'rejected' AND x.resolved_at IS NULL GROUP BY e.book_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (b, n) = row?;
        m.entry(b).or_default().rejected += n as u64;
    }
    Ok(m)
}

fn load_books(conn: &Connection) -> Result<Vec<Book>> {
    let ranks = entry_ranks(conn)?;
    let mut st = conn.prepare(
        "SELECT b.id, b.book_type, b.period_group, b.expected_entries, b.finished_at IS NOT NULL, r.scheme, r.code, r.name
         FROM register_book b JOIN registry r ON r.id = b.registry_id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, crate::BookType>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, bt, pg, expected, finished, scheme, code, name) = row?;
        let (t, Some(g)) = (bt.index(), group_index(&pg)) else { continue };
        let BookRanks { at_rank, draft, returned, rejected } = ranks.get(&id).copied().unwrap_or_default();
        out.push(Book {
            cell: t * 5 + g,
            registry: (scheme, code, name),
            expected: expected.map(|e| e.max(0) as u64),
            finished,
            at_rank,
            draft,
            returned,
            rejected,
        });
    }
    Ok(out)
}

/// The stage a book has reached: none until it is finished (every page keyed), then the lowest
/// stage of its entries.
fn book_rank(b: &Book) -> usize {
    if !b.finished {
        return 0;
    }
    let min = (0..RANKS).find(|&r| b.at_rank[r] > 0).unwrap_or(1);
    min.max(1)
}

/// Declared inventory of one commune: cell → (books, expected entries).
pub(crate) fn declared(conn: &Connection, scheme: &str, code: &str) -> Result<HashMap<usize, (u64, u64)>> {
    let mut st = conn.prepare(
        "SELECT book_type, period_group, books, expected_entries FROM progress_inventory WHERE unit_scheme = ?1 AND unit_code = ?2",
    )?;
    let rows = st.query_map([scheme, code], |r| {
        Ok((r.get::<_, crate::BookType>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut m = HashMap::new();
    for row in rows {
        let (bt, pg, b, e) = row?;
        if let (t, Some(g)) = (bt.index(), group_index(&pg)) {
            m.insert(t * 5 + g, (b.max(0) as u64, e.max(0) as u64));
        }
    }
    Ok(m)
}

/// Cumulative reached-at-least counts per day, from `progress_day` (only days with a change).
pub(crate) fn series(conn: &Connection) -> Result<Vec<Point>> {
    let mut st = conn.prepare("SELECT day, status, sum(delta) FROM progress_day GROUP BY day, status ORDER BY day")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    let mut by_day: BTreeMap<String, [i64; 6]> = BTreeMap::new();
    for row in rows {
        let (d, s, n) = row?;
        by_day.entry(d).or_default()[stage_rank(&s)] += n;
    }
    let mut cum = [0i64; 6];
    let mut out: Vec<Point> = Vec::with_capacity(by_day.len());
    for (d, delta) in by_day {
        for r in 0..6 {
            cum[r] += delta[r];
        }
        let at_least = |r: usize| cum[r..].iter().sum::<i64>().max(0) as u64;
        let p = Point(d, at_least(1), at_least(2), at_least(3), at_least(4), at_least(5));
        if out.last().map(|l: &Point| (l.1, l.2, l.3, l.4, l.5) != (p.1, p.2, p.3, p.4, p.5)).unwrap_or(true) {
            out.push(p);
        }
    }
    Ok(out)
}

/// This workspace's own snapshot payload; `None` when it holds no books and no inventory for its
/// own commune (e.g. a province supervisor's workspace).
pub(crate) fn payload(s: &Session) -> Result<Option<SnapshotPayload>> {
    let ws = s.workspace();
    let conn = s.conn();
    let books = load_books(conn)?;
    let decl = declared(conn, &ws.commune_scheme, &ws.commune_code)?;
    if books.is_empty() && decl.is_empty() {
        return Ok(None);
    }
    let avg = |cell: usize| match decl.get(&cell) {
        Some(&(b, e)) if b > 0 => e as f64 / b as f64,
        _ => 0.0,
    };
    let mut cells = vec![Counts::default(); CELLS];
    let mut opened_expected = vec![0u64; CELLS];
    let mut registries: BTreeMap<(String, Option<String>, String), (StageCounts, StageCounts)> = BTreeMap::new();
    for b in &books {
        let c = &mut cells[b.cell];
        let total: u64 = b.at_rank.iter().sum();
        // A book's expected entries: as recorded when it was opened, else the declared average.
        let exp = b.expected.unwrap_or(avg(b.cell).round() as u64).max(total);
        opened_expected[b.cell] += exp;
        c.books_opened += 1;
        c.draft += b.draft;
        c.returned += b.returned;
        c.rejected += b.rejected;
        let e = StageCounts::from_ranks(0, &b.at_rank);
        c.entries.add(&e);
        let mut book_ranks = [0u64; RANKS];
        book_ranks[book_rank(b)] = 1;
        let bs = StageCounts::from_ranks(1, &book_ranks);
        c.books.add(&StageCounts { inventoried: 0, ..bs });
        let reg = registries.entry(b.registry.clone()).or_default();
        reg.0.add(&bs);
        reg.1.add(&StageCounts { inventoried: exp, ..e });
    }
    // The inventory: declared figures refined by the opened books.
    let mut unopened = StageCounts::default();
    let mut unopened_entries = 0u64;
    for (i, c) in cells.iter_mut().enumerate() {
        let (declared_books, _) = decl.get(&i).copied().unwrap_or((0, 0));
        let remaining = declared_books.saturating_sub(c.books_opened);
        let remaining_entries = (remaining as f64 * avg(i)).round() as u64;
        c.books.inventoried = declared_books.max(c.books_opened);
        c.entries.inventoried = opened_expected[i] + remaining_entries;
        unopened.inventoried += remaining;
        unopened_entries += remaining_entries;
    }
    if unopened.inventoried > 0 || unopened_entries > 0 {
        // Books declared but not yet opened are counted with the commune itself.
        let reg = registries.entry((ws.commune_scheme.clone(), Some(ws.commune_code.clone()), ws.commune_name.clone())).or_default();
        reg.0.add(&unopened);
        reg.1.inventoried += unopened_entries;
    }
    let series = series(conn)?;
    let today = super::day::today();
    Ok(Some(SnapshotPayload {
        format: FORMAT.into(),
        version: VERSION,
        workspace_id: ws.workspace_id.clone(),
        commune: UnitRef { scheme: ws.commune_scheme.clone(), code: ws.commune_code.clone(), name: ws.commune_name.clone() },
        generated_at: crate::clock::now(),
        as_of: super::day::format(today),
        software: format!("sohoa {}", env!("CARGO_PKG_VERSION")),
        cells: cells
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != Counts::default())
            .map(|(i, counts)| Cell { book_type: crate::BookType::ALL[i / 5], period_group: PERIOD_GROUPS[i % 5].into(), counts })
            .collect(),
        registries: registries
            .into_iter()
            .map(|((scheme, code, name), (books, entries))| RegistryCounts { scheme, code, name, books, entries })
            .collect(),
        series,
    }))
}

/// Builds, signs and returns this workspace's progress snapshot (counts only).
pub fn export_progress_snapshot(s: &mut Session) -> Result<super::snapshot::ExportedSnapshot> {
    let payload = payload(s)?
        .ok_or_else(|| CoreError::Conflict("sổ làm việc chưa có sổ hộ tịch hay số liệu kiểm kê nào để báo cáo tiến độ".into()))?;
    let keyed: u64 = payload.cells.iter().map(|c| c.counts.entries.keyed).sum();
    let signed = s.write(|w| {
        let key = super::signing::signing_key(w)?;
        let signed = super::snapshot::sign_payload(&key, &payload)?;
        w.audit(
            "progress.snapshot_export",
            "progress_snapshot",
            None,
            serde_json::json!({"asOf": payload.as_of, "fingerprint": signed.signature.fingerprint, "entriesKeyed": keyed}),
        )?;
        Ok(signed)
    })?;
    Ok(super::snapshot::ExportedSnapshot {
        file_name: super::snapshot::file_name_for(&payload),
        content: serde_json::to_string_pretty(&signed).map_err(|e| CoreError::Internal(e.to_string()))?,
        fingerprint: signed.signature.fingerprint,
        as_of: payload.as_of,
        entries_keyed: keyed,
    })
}
