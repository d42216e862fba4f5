//! The dashboards' cache (docs/progress-snapshot.md §6): the supervisor's national dashboard and
//! the burn-up series add up the latest snapshot of 3,321 communes; they are computed once and
//! kept in memory until what they are computed from changes.
//!
//! A cached result is reused only while all of these are the same (its key):
//! - the workspace (its folder and id);
//! - `progress_generation.n`, a counter that triggers (migration 0019) raise on every change to
//!   the snapshots, their senders, the inventories and the targets, whoever writes them (this
//!   process, the CLI, another session);
//! - this workspace's own counts (its live snapshot payload without its time of generation),
//!   computed on every call: a keyed or accepted entry changes them;
//! - the day (forecasts, staleness and the own figures' date depend on it);
//! - the query (the dashboard's `as_of`, the series' scope).
//!
//! Otherwise the result is recomputed exactly as without a cache (`tests/progress_cache.rs`
//! compares both after every kind of change).
use super::snapshot::SnapshotPayload;
use crate::error::Result;
use crate::session::Session;
use std::sync::{Arc, Mutex};

/// Results kept: a dashboard or two and the series the screen draws.
const CAPACITY: usize = 8;

#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Key {
    workspace: String,
    generation: i64,
    own: String,
    today: time::Date,
    query: String,
}

type Slot = (Key, Arc<dyn std::any::Any + Send + Sync>);

fn slots() -> &'static Mutex<Vec<Slot>> {
    static SLOTS: Mutex<Vec<Slot>> = Mutex::new(Vec::new());
    &SLOTS
}

/// The counter the triggers of migration 0019 raise.
pub fn generation(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT n FROM progress_generation WHERE id = 1", [], |r| r.get(0))?)
}

/// The key of a query, with this workspace's own payload (computed here, handed on so the
/// computation does not compute it again).
pub(crate) fn key(s: &Session, query: String) -> Result<(Key, Option<SnapshotPayload>)> {
    let own = super::live::payload(s)?;
    let own_text = match &own {
        Some(p) => {
            let stable = SnapshotPayload { generated_at: String::new(), ..p.clone() };
            serde_json::to_string(&stable).map_err(|e| crate::error::CoreError::Internal(e.to_string()))?
        }
        None => String::new(),
    };
    let ws = s.workspace();
    let key = Key {
        workspace: format!("{}\u{1f}{}", ws.path.display(), ws.workspace_id),
        generation: generation(s.conn())?,
        own: own_text,
        today: super::day::today(),
        query,
    };
    Ok((key, own))
}

/// The key of a query that does not depend on this workspace's own entries (the targets).
pub(crate) fn key_without_own(s: &Session, query: &str) -> Result<Key> {
    let ws = s.workspace();
    Ok(Key {
        workspace: format!("{}\u{1f}{}", ws.path.display(), ws.workspace_id),
        generation: generation(s.conn())?,
        own: String::new(),
        today: super::day::today(),
        query: query.into(),
    })
}

/// The cached result for `key`, else `compute`'s (then kept).
pub(crate) fn get_or<T: Clone + Send + Sync + 'static>(key: Key, compute: impl FnOnce() -> Result<T>) -> Result<T> {
    if let Ok(slots) = slots().lock() {
        if let Some((_, v)) = slots.iter().find(|(k, _)| *k == key) {
            if let Some(v) = v.downcast_ref::<T>() {
                return Ok(v.clone());
            }
        }
    }
    let v = compute()?;
    if let Ok(mut slots) = slots().lock() {
        slots.retain(|(k, _)| *k != key);
        if slots.len() >= CAPACITY {
            slots.remove(0);
        }
        slots.push((key, Arc::new(v.clone())));
    }
    Ok(v)
}

/// Forgets every cached result (benchmarks and tests of the uncached path).
pub fn clear() {
    if let Ok(mut slots) = slots().lock() {
        slots.clear();
    }
}
