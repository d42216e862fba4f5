//! The very first connections of a process may be opened from several threads at once (the
//! desktop app's async commands, parallel tests). SQLite marks itself initialised before
//! SQLCipher's own start-up has finished, so without care a thread could key a database while
//! SQLCipher is still uninitialised and get "An error occurred with PRAGMA key". This file holds
//! a single test so that its threads are the first SQLite users of the process.
use sohoa_core::store::connection::{open, OpenMode};
use sohoa_core::store::keys::DataKey;
use std::sync::{Arc, Barrier};

#[test]
fn many_threads_opening_the_first_encrypted_databases_of_a_process_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let threads = 16;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let barrier = barrier.clone();
            let path = dir.path().join(format!("w{i}.db"));
            std::thread::spawn(move || {
                let key = DataKey::generate();
                barrier.wait();
                let conn = open(&path, &key, OpenMode::Create).map_err(|e| format!("thread {i}: {e}"))?;
                conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").map_err(|e| format!("thread {i}: {e}"))?;
                drop(conn);
                let conn = open(&path, &key, OpenMode::Existing).map_err(|e| format!("thread {i} reopen: {e}"))?;
                conn.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0)).map_err(|e| format!("thread {i} read: {e}"))
            })
        })
        .collect();
    let failures: Vec<String> = handles.into_iter().filter_map(|h| h.join().unwrap().err()).collect();
    assert!(failures.is_empty(), "some first opens failed: {failures:#?}");
}
