//! The import record (`import_run`, migration 0008): a spreadsheet import commits in chunks so a
//! clerk's save on another connection never waits behind it, and the record makes the chunks one
//! import again — finished, or rolled back as a whole (cancelled, failed midway, or found
//! unfinished after its process died: [`recover_unfinished`], run when a workspace opens).
//! While a run is unfinished the books it creates are not listed.
use crate::error::Result;
use crate::session::{Session, Writer};
use rusqlite::{params, OptionalExtension};
use std::sync::atomic::AtomicBool;

/// Rows committed per transaction at most, by default (a chunk also ends after
/// [`DEFAULT_CHUNK_TIME`]). Before the rows were prepared outside the transaction and the lock was
/// handed over between chunks, 2,000-row chunks held the write lock 444 ms at the median and a
/// clerk's save waited up to 1.96 s (docs/performance.md has the figures before and after).
pub const DEFAULT_CHUNK_ROWS: usize = 20_000;

/// How long one chunk's transaction inserts rows before it commits, by default: a clerk's save on
/// another connection waits about this long at most (plus the commit).
pub const DEFAULT_CHUNK_TIME: std::time::Duration = std::time::Duration::from_millis(50);

/// Where a chunked import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Rows committed so far.
    pub rows_loaded: usize,
    /// Rows that will load in all.
    pub rows_total: usize,
}

/// How a caller (the CLI, the app's job runner) drives an import: the rows per transaction (at
/// most `chunk_rows`, and no longer than `chunk_time` when set), a callback after each committed
/// chunk, and a flag that cancels the import (checked between chunks; everything already
/// committed is then rolled back).
pub struct ImportControl<'a> {
    pub chunk_rows: usize,
    /// A chunk commits once it has inserted rows this long (`None`: `chunk_rows` rows exactly).
    pub chunk_time: Option<std::time::Duration>,
    pub progress: Box<dyn FnMut(ImportProgress) + 'a>,
    pub cancel: &'a AtomicBool,
}

/// No progress reports, never cancelled.
static NEVER: AtomicBool = AtomicBool::new(false);

impl ImportControl<'static> {
    /// [`DEFAULT_CHUNK_ROWS`] / [`DEFAULT_CHUNK_TIME`], no progress reports, never cancelled.
    pub fn quiet() -> ImportControl<'static> {
        ImportControl::new(&NEVER)
    }
}

impl Default for ImportControl<'static> {
    fn default() -> Self {
        ImportControl::quiet()
    }
}

impl<'a> ImportControl<'a> {
    /// The core's defaults ([`DEFAULT_CHUNK_ROWS`], [`DEFAULT_CHUNK_TIME`]), no progress reports,
    /// cancelled when `cancel` is set. Callers change only what they need (`with_progress`, or a
    /// field for a benchmark), so the defaults are stated once, here.
    pub fn new(cancel: &'a AtomicBool) -> ImportControl<'a> {
        ImportControl { chunk_rows: DEFAULT_CHUNK_ROWS, chunk_time: Some(DEFAULT_CHUNK_TIME), progress: Box::new(|_| {}), cancel }
    }

    /// The same control, calling `progress` after each committed chunk.
    pub fn with_progress(mut self, progress: impl FnMut(ImportProgress) + 'a) -> ImportControl<'a> {
        self.progress = Box::new(progress);
        self
    }
}

impl ImportControl<'_> {
    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Starts a run (its own committed transaction, so a crash from here on leaves a record).
pub(crate) fn start(s: &mut Session, file_name: &str, sha: &str, encoding: &str, book_type: &str, rows_total: usize) -> Result<i64> {
    s.write(|w| {
        w.tx.execute(
            "INSERT INTO import_run(file_name, file_sha256, encoding, book_type, state, rows_total, pid, started_at, started_by)
             VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?7, ?8)",
            params![file_name, sha, encoding, book_type, rows_total as i64, std::process::id(), crate::clock::now(), w.user.username],
        )?;
        let id = w.tx.last_insert_rowid();
        w.audit("import.start", "import_run", Some(&id.to_string()), serde_json::json!({"fileSha256": sha, "rows": rows_total}))?;
        Ok(id)
    })
}

/// Records a book of the run (inside the chunk's transaction).
pub(crate) fn add_book(w: &Writer, run: i64, book_id: i64, created: bool) -> Result<()> {
    w.tx.prepare_cached("INSERT OR IGNORE INTO import_run_book(run_id, book_id, created) VALUES (?1, ?2, ?3)")?
        .execute(params![run, book_id, created])?;
    Ok(())
}

/// Counts committed rows (inside the chunk's transaction).
pub(crate) fn advance(w: &Writer, run: i64, rows: usize) -> Result<()> {
    w.tx.prepare_cached("UPDATE import_run SET rows_loaded = rows_loaded + ?2 WHERE id = ?1")?.execute(params![run, rows as i64])?;
    Ok(())
}

/// Marks the run finished (inside the last transaction).
pub(crate) fn finish(w: &Writer, run: i64) -> Result<()> {
    w.tx.execute("UPDATE import_run SET state = 'done', finished_at = ?2 WHERE id = ?1", params![run, crate::clock::now()])?;
    w.audit("import.finish", "import_run", Some(&run.to_string()), serde_json::json!({}))?;
    Ok(())
}

/// Removes everything a run committed — its entries, the books it created — in chunks of
/// entries, then marks it rolled back. `why`: `cancelled`, `failed` or `unfinished`.
pub fn roll_back(s: &mut Session, run: i64, why: &str) -> Result<usize> {
    let mut removed = 0usize;
    loop {
        let n = s.write(|w| {
            let ids: Vec<i64> =
                w.tx.prepare("SELECT entry_id FROM entry_source WHERE run_id = ?1 LIMIT 5000")?
                    .query_map([run], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
            let mut del = w.tx.prepare_cached("DELETE FROM entry WHERE id = ?1")?;
            for id in &ids {
                del.execute([id])?;
            }
            Ok(ids.len())
        })?;
        removed += n;
        if n == 0 {
            break;
        }
    }
    s.write(|w| {
        w.tx.execute(
            "DELETE FROM register_book WHERE id IN (SELECT book_id FROM import_run_book WHERE run_id = ?1 AND created = 1)
               AND NOT EXISTS (SELECT 1 FROM entry e WHERE e.book_id = register_book.id)
               AND NOT EXISTS (SELECT 1 FROM page p WHERE p.book_id = register_book.id)",
            [run],
        )?;
        w.tx.execute("UPDATE import_run SET state = 'rolled_back', finished_at = ?2 WHERE id = ?1", params![run, crate::clock::now()])?;
        w.audit("import.rollback", "import_run", Some(&run.to_string()), serde_json::json!({"reason": why, "entriesRemoved": removed}))?;
        Ok(())
    })?;
    Ok(removed)
}

/// Rolls back every unfinished run whose process is gone (a crash or a kill mid-import): its
/// entries are never left looking like a complete import. Returns the runs rolled back.
pub fn recover_unfinished(s: &mut Session) -> Result<Vec<i64>> {
    let running: Vec<(i64, u32)> = s
        .conn()
        .prepare("SELECT id, pid FROM import_run WHERE state = 'running' ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (run, pid) in running {
        if !crate::fsx::process_alive(pid) {
            roll_back(s, run, "unfinished")?;
            out.push(run);
        }
    }
    Ok(out)
}

/// The state of a run (`running`, `done`, `rolled_back`).
pub fn state(conn: &rusqlite::Connection, run: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT state FROM import_run WHERE id = ?1", [run], |r| r.get(0)).optional()?)
}
