//! Writing an import's valid rows: one reason to change — how rows reach the database without
//! making a clerk wait.
//!
//! 1. Every row's `entry_field` rows (stored value, comparison keys, date parts) are worked out
//!    on another thread while the chunks are written, outside any transaction
//!    ([`crate::model::entry::new_entry_rows`]); a chunk takes only rows already prepared.
//! 2. The rows are then inserted in chunks under one import record ([`super::run`]): a chunk is
//!    one write transaction that ends after `ctl.chunk_rows` rows or `ctl.chunk_time`, whichever
//!    comes first, and may span several books (a file of 2,700 books is not 2,700 transactions).
//!    Between chunks the writer pauses [`CHUNK_PAUSE`], so a clerk's save waiting on another
//!    connection (polling every millisecond, see `store::connection`) takes the lock in turn.
//! 3. The record is finished in the last chunk's transaction, or rolled back whole when the
//!    import is cancelled or a chunk fails.
use super::run::{self, ImportControl, ImportProgress};
use super::{ImportedBook, Prepared, Ready};
use crate::error::{CoreError, Result};
use crate::model::book::NewBook;
use crate::model::book_type::BookType;
use crate::model::entry::{new_entry_rows, BookLoader, FieldValue, KeyMemo, LoadEntry, NewEntryRows};
use crate::session::Session;
use rusqlite::params;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};

/// How long the writer lets go of the lock between two chunks: long enough for a save polling
/// every millisecond to get in.
pub const CHUNK_PAUSE: Duration = Duration::from_millis(2);

/// How long the writer lets a save of the same process that is still waiting after the pause
/// go first, at most (a save takes a few milliseconds).
const WAITER_AT_MOST: Duration = Duration::from_millis(50);

/// Where a group of rows goes.
pub(super) enum Target {
    Existing(i64),
    New(NewBook),
}

pub(super) struct Group {
    pub target: Target,
    pub entries: Vec<LoadEntry>,
    pub ready: Vec<Ready>,
}

/// What [`load_groups`] did: the books loaded into, the import record, whether it was cancelled.
pub(super) struct Loaded {
    pub books: Vec<ImportedBook>,
    pub run_id: Option<i64>,
    pub cancelled: bool,
}

/// What every chunk writes beside the rows.
struct RunInfo {
    run_id: i64,
    sha: String,
    encoding: String,
    format: super::FileFormat,
    source: String,
    total: usize,
}

/// Creates the new books and loads every group in chunks (see the module), all under one
/// import record: finished in the last chunk's transaction, rolled back as a whole when
/// cancelled or when a chunk fails.
#[allow(clippy::too_many_arguments)]
pub(super) fn load_groups(
    s: &mut Session,
    book_type: BookType,
    t: &super::read::Table,
    groups: Vec<Group>,
    p: &Prepared,
    file_name: &str,
    bytes: &[u8],
    ctl: &mut ImportControl,
) -> Result<Loaded> {
    let groups: Vec<Group> = groups.into_iter().filter(|g| !g.ready.is_empty()).collect();
    if groups.is_empty() {
        return Ok(Loaded { books: vec![], run_id: None, cancelled: false });
    }
    let mut groups = groups;
    let total: usize = groups.iter().map(|g| g.ready.len()).sum();
    // The field values go to the thread that prepares the rows; each entry keeps its status.
    let fields: Vec<Vec<FieldValue>> =
        groups.iter_mut().flat_map(|g| g.entries.iter_mut().map(|e| std::mem::take(&mut e.fields))).collect();
    let sha = hex::encode(Sha256::digest(bytes));
    let encoding = serde_json::to_value(t.detection.encoding).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let run_id = run::start(s, file_name, &sha, &encoding, book_type.as_str(), total)?;
    let info = RunInfo { run_id, sha, encoding, format: t.format, source: format!("import:{file_name}"), total };
    // A large page cache for the import (fewer spills to the WAL), and checkpoints every 20,000
    // WAL pages instead of 1,000 (a chunk's commit writes ~1,000 pages, so nearly every commit
    // was followed by a checkpoint and its two fsyncs); both restored after, then one checkpoint.
    let old_cache: i64 = s.conn().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap_or(-2000);
    let old_checkpoint: i64 = s.conn().query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap_or(1000);
    if total > 1000 {
        let _ = s.conn().execute_batch("PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 20000;");
    }
    // Every row a chunk writes points at rows written just before it in the same transaction
    // (the entry, its book, the run): checked by construction, not row by row (~0.3 s of 100,000
    // rows; `Session::without_foreign_keys`).
    let result = s.without_foreign_keys(|s| {
        std::thread::scope(|sc| {
            let (tx, rx) = std::sync::mpsc::sync_channel(PREPARED_AHEAD);
            sc.spawn(move || prepare_rows(book_type, fields, &tx));
            let mut rows = PreparedRows { rx, buf: VecDeque::new() };
            load_chunks(s, &groups, &mut rows, p, &info, ctl)
            // `rows` is dropped here: a preparing thread still running stops at its next batch.
        })
    });
    let result = result.and_then(|r| r);
    if total > 1000 {
        let _ = s.conn().execute_batch(&format!(
            "PRAGMA cache_size = {old_cache}; PRAGMA wal_autocheckpoint = {old_checkpoint}; PRAGMA shrink_memory;"
        ));
        let _ = s.conn().query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
    match result {
        Ok(Some(books)) => Ok(Loaded { books, run_id: Some(run_id), cancelled: false }),
        Ok(None) => {
            run::roll_back(s, run_id, "cancelled")?;
            Ok(Loaded { books: vec![], run_id: Some(run_id), cancelled: true })
        }
        Err(e) => {
            let _ = run::roll_back(s, run_id, "failed");
            Err(e)
        }
    }
}

/// Entries prepared per message of [`prepare_rows`].
const PREPARE_BATCH: usize = 500;

/// Batches [`prepare_rows`] may be ahead of the writer (4,000 entries): the prepared rows of a
/// large file are not all held in memory at once, and the preparing thread runs in short turns
/// beside the writer and a clerk's save instead of taking a core for itself at the start.
const PREPARED_AHEAD: usize = 8;

/// Works out the `entry_field` rows of every entry, in the order they are loaded, and sends them
/// in batches while the chunks are written (one thread: preparing is several times faster than
/// writing, so the writer finds rows ready). Stops at the first error (sent) or when the writer
/// is gone (cancelled, failed).
fn prepare_rows(book_type: BookType, fields: Vec<Vec<FieldValue>>, tx: &SyncSender<Result<Vec<NewEntryRows>>>) {
    let mut memo = KeyMemo::default();
    let mut all = fields.into_iter();
    loop {
        let batch: Vec<Vec<FieldValue>> = all.by_ref().take(PREPARE_BATCH).collect();
        if batch.is_empty() {
            return;
        }
        let rows = batch.into_iter().map(|f| new_entry_rows(book_type, f, &mut memo)).collect::<Result<Vec<_>>>();
        let failed = rows.is_err();
        if tx.send(rows).is_err() || failed {
            return;
        }
    }
}

/// The writer's end of [`prepare_rows`].
struct PreparedRows {
    rx: Receiver<Result<Vec<NewEntryRows>>>,
    buf: VecDeque<NewEntryRows>,
}

impl PreparedRows {
    /// The next entry's rows if they are ready. Never waits: it is called inside a chunk's
    /// transaction, where waiting would make a clerk's save wait too.
    fn ready(&mut self) -> Result<Option<NewEntryRows>> {
        while self.buf.is_empty() {
            match self.rx.try_recv() {
                Ok(batch) => self.buf.extend(batch?),
                Err(_) => break,
            }
        }
        Ok(self.buf.pop_front())
    }

    /// Waits, outside any transaction, until the rows of the next `need` entries are ready.
    fn wait(&mut self, need: usize) -> Result<()> {
        while self.buf.len() < need {
            match self.rx.recv() {
                Ok(batch) => self.buf.extend(batch?),
                Err(_) => return Err(CoreError::Internal("import: rows missing".into())),
            }
        }
        Ok(())
    }
}

/// Where the load is: the group, the next row in it, and the book of each group once it exists.
#[derive(Clone)]
struct Cursor {
    group: usize,
    row: usize,
    books: Vec<Option<(i64, bool)>>,
}

/// The chunks of [`load_groups`]; `None` when cancelled.
fn load_chunks(
    s: &mut Session,
    groups: &[Group],
    rows: &mut PreparedRows,
    p: &Prepared,
    info: &RunInfo,
    ctl: &mut ImportControl,
) -> Result<Option<Vec<ImportedBook>>> {
    let mut at = Cursor { group: 0, row: 0, books: vec![None; groups.len()] };
    let mut loaded_total = 0usize;
    while at.group < groups.len() {
        if ctl.cancelled() {
            return Ok(None);
        }
        // A chunk bounded by rows only (`chunk_time` None) gets all its rows: it never ends early.
        let left = info.total - loaded_total;
        rows.wait(if ctl.chunk_time.is_none() { ctl.chunk_rows.max(1).min(left) } else { 1 })?;
        let (next, n) = s.write(|w| {
            let started = Instant::now();
            let mut c = at.clone();
            let mut n = 0usize;
            let now = crate::clock::now();
            // The file's name, hash and encoding are the run's, and the row is imported when and
            // by whom its entry is created: those columns stay NULL (migration 0021).
            let mut st = w.tx.prepare_cached(
                "INSERT INTO entry_source(entry_id, book_id, source_ref, line, extra_json, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            // Full after its rows or its time, or when the next rows are not prepared yet.
            let mut starved = false;
            let full = |n: usize| n >= ctl.chunk_rows.max(1) || ctl.chunk_time.is_some_and(|d| started.elapsed() >= d);
            while c.group < groups.len() && !full(n) && !starved {
                let g = &groups[c.group];
                let (book_id, _) = match c.books[c.group] {
                    Some(b) => b,
                    None => {
                        let b = match &g.target {
                            Target::Existing(id) => (*id, false),
                            Target::New(nb) => (crate::model::book::create(w, nb)?, true),
                        };
                        run::add_book(w, info.run_id, b.0, b.1)?;
                        c.books[c.group] = Some(b);
                        b
                    }
                };
                let mut loader = BookLoader::open(w, book_id)?;
                while c.row < g.entries.len() && !full(n) {
                    let Some(prepared) = rows.ready()? else {
                        starved = true;
                        break;
                    };
                    let id = loader.insert(w, g.entries[c.row].status, &prepared, &now)?;
                    let r = &g.ready[c.row];
                    st.execute(params![id, book_id, r.source_ref, r.line as i64, r.extra, info.run_id])?;
                    c.row += 1;
                    n += 1;
                }
                if loader.loaded() > 0 {
                    loader.audit(w, &info.source)?;
                }
                if c.row == g.entries.len() {
                    w.audit(
                        "entry.import",
                        "register_book",
                        Some(&book_id.to_string()),
                        serde_json::json!({
                            "fileSha256": info.sha, "format": info.format, "encoding": info.encoding, "importRun": info.run_id,
                            "rowsRead": p.rows_read, "loaded": g.entries.len(), "rejected": p.rejected.len(),
                            "booksInImport": groups.len(), "illegibleCells": p.illegible_cells
                        }),
                    )?;
                    c.group += 1;
                    c.row = 0;
                }
            }
            run::advance(w, info.run_id, n)?;
            if c.group == groups.len() {
                run::finish(w, info.run_id)?;
            }
            Ok((c, n))
        })?;
        at = next;
        loaded_total += n;
        (ctl.progress)(ImportProgress { rows_loaded: loaded_total, rows_total: info.total });
        if at.group < groups.len() {
            std::thread::sleep(CHUNK_PAUSE);
            // A save of this process still trying to get in (it missed the pause) goes first.
            crate::store::connection::waiting::let_in(WAITER_AT_MOST);
        }
    }
    let mut books = Vec::with_capacity(groups.len());
    for (g, b) in groups.iter().zip(&at.books) {
        let (book_id, created) = b.expect("every group was loaded");
        let (quyen_so, year_from, year_to, page_count): (String, i32, Option<i32>, u32) =
            s.conn().query_row("SELECT quyen_so, year_from, year_to, page_count FROM register_book WHERE id = ?1", [book_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        books.push(ImportedBook { book_id, quyen_so, year_from, year_to, page_count, created, loaded: g.entries.len() });
    }
    Ok(Some(books))
}
