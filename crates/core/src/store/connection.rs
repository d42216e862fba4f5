//! The one function that opens every database connection: key first, then verify the key
//! actually decrypts the file, then WAL, foreign keys, busy timeout. Nothing is written to a file
//! before the key has been verified, so a foreign or corrupt file is left untouched.
use super::keys::DataKey;
use crate::error::{CoreError, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (a new workspace).
    Create,
    /// The file must exist.
    Existing,
    /// The file must exist and is only read (verifying a backup before restoring it): no
    /// journal-mode change, nothing written.
    ReadOnly,
}

/// Runs SQLite's (and SQLCipher's) process-wide start-up exactly once, every other thread
/// waiting until it has finished. SQLite marks itself initialised *before* it runs SQLCipher's
/// start-up hook (`SQLITE_EXTRA_INIT`), so a thread opening its first connection meanwhile would
/// key a database while SQLCipher is not ready yet and `PRAGMA key` would fail ("An error
/// occurred with PRAGMA key or rekey"). Seen in CI when parallel tests created workspaces at once.
fn initialise_sqlite_once() -> Result<()> {
    static INIT: std::sync::OnceLock<std::os::raw::c_int> = std::sync::OnceLock::new();
    // SAFETY: sqlite3_initialize takes no arguments and is safe to call from any thread.
    let rc = *INIT.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(CoreError::Internal(format!("SQLite/SQLCipher could not start (code {rc})")))
    }
}

pub fn open(path: &Path, key: &DataKey, mode: OpenMode) -> Result<Connection> {
    initialise_sqlite_once()?;
    let rw = if mode == OpenMode::ReadOnly { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE };
    let mut flags = rw | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    match mode {
        OpenMode::Create => flags |= OpenFlags::SQLITE_OPEN_CREATE,
        OpenMode::Existing | OpenMode::ReadOnly => {
            // An empty file would be taken by SQLite as a brand-new database and written to.
            if std::fs::metadata(path).map(|m| !m.is_file() || m.len() == 0).unwrap_or(true) {
                return Err(CoreError::WorkspaceCorrupt(format!("missing or empty database {}", path.display())));
            }
        }
    }
    let mut conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher logs decryption failures to stderr by default; we report them as typed errors.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&format!("PRAGMA key = {};", key.sqlcipher_literal()))?;
    // First read: fails with SQLITE_NOTADB when the key is wrong or the file is not SQLCipher.
    let probe: rusqlite::Result<i64> = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match probe {
        Err(e) => return Err(CoreError::WorkspaceCorrupt(e.to_string())),
        Ok(0) if mode != OpenMode::Create => return Err(CoreError::WorkspaceCorrupt("database has no schema".into())),
        Ok(_) => {}
    }
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
    if cipher.is_none() {
        return Err(CoreError::Internal("SQLCipher is not available in this build".into()));
    }
    if mode == OpenMode::ReadOnly {
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;")?;
        return Ok(conn);
    }
    // synchronous = NORMAL in WAL mode: a commit appends to the WAL without an fsync (the WAL is
    // synced at each checkpoint). The database cannot be corrupted; a crash of the app loses
    // nothing committed; a power cut or an OS crash may lose the last transactions committed
    // since the last checkpoint (docs/performance.md "Durability").
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    wait_for_writers(&mut conn)?;
    Ok(conn)
}

/// How long a connection waits for another connection's write transaction before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// While another connection writes, try again every millisecond (up to [`BUSY_TIMEOUT`]) rather
/// than with SQLite's default back-off (sleeps growing to 100 ms): a clerk's save then takes the
/// lock within a millisecond of a chunked import letting go of it between two chunks, instead of
/// sleeping through the gap and waiting behind the next chunk.
fn wait_for_writers(conn: &mut Connection) -> Result<()> {
    let mut since = std::time::Instant::now();
    conn.busy_handler(Some(move |tries: i32| {
        if tries == 0 {
            since = std::time::Instant::now();
        }
        if since.elapsed() >= BUSY_TIMEOUT {
            return false;
        }
        waiting::mark();
        std::thread::sleep(std::time::Duration::from_millis(1));
        true
    }))?;
    Ok(())
}

/// Whether a connection of this process is waiting for the write lock right now, so that a long
/// writer (the chunked import) can let it in between two of its transactions instead of relying
/// on the waiter being scheduled during a 2 ms gap: on a loaded 2-core machine a save could miss
/// the gap and wait a second chunk (up to ~145 ms measured).
pub(crate) mod waiting {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    /// The last try of any busy handler of this process, in microseconds since [`origin`]
    /// (0: never).
    static LAST_TRY: AtomicU64 = AtomicU64::new(0);

    fn origin() -> Instant {
        static ORIGIN: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        *ORIGIN.get_or_init(Instant::now)
    }

    fn now_us() -> u64 {
        // +1: a try at the origin is not "never".
        origin().elapsed().as_micros() as u64 + 1
    }

    /// Called by every try of the busy handler (every millisecond while waiting).
    pub(super) fn mark() {
        LAST_TRY.store(now_us(), Ordering::Relaxed);
    }

    /// A connection tried to get the lock within the last `window`.
    fn someone_waiting(window: Duration) -> bool {
        let last = LAST_TRY.load(Ordering::Relaxed);
        last != 0 && now_us().saturating_sub(last) < window.as_micros() as u64
    }

    /// Called with no transaction open: sleeps while another connection of this process is
    /// still trying to get the write lock (it tries every millisecond; 5 ms without a try means
    /// it has the lock or has given up), `at_most` in all.
    pub(crate) fn let_in(at_most: Duration) {
        let_in_within(at_most, Duration::from_millis(5));
    }

    fn let_in_within(at_most: Duration, window: Duration) {
        let started = Instant::now();
        while started.elapsed() < at_most && someone_waiting(window) {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::sync::atomic::AtomicBool;

        #[test]
        fn a_long_writer_lets_a_waiting_connection_in_and_goes_on_once_it_stopped_trying() {
            let stopped = AtomicBool::new(false);
            std::thread::scope(|sc| {
                mark();
                sc.spawn(|| {
                    // Another connection trying every millisecond, 20 times, then in.
                    for _ in 0..20 {
                        mark();
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    stopped.store(true, Ordering::SeqCst);
                });
                // A generous window: the writer goes on only after a whole window without a try.
                let_in_within(Duration::from_secs(60), Duration::from_millis(500));
                assert!(stopped.load(Ordering::SeqCst), "the writer waited until the other connection stopped trying");
            });
            // Nobody trying: it goes on at once (bounded by `at_most` anyway).
            let_in_within(Duration::from_secs(60), Duration::from_millis(500));
        }
    }
}
