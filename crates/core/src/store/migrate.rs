//! Schema migrations: `migrations/NNNN_name.sql` at the repository root, embedded at build time,
//! applied in order, each inside one transaction together with its bookkeeping row, so a crash
//! leaves the workspace at version N or N+1, never between. `PRAGMA user_version` mirrors the
//! number of applied migrations; a workspace from a newer program is refused before any write.
use crate::error::{CoreError, Result};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "0001_init", sql: include_str!("../../../../migrations/0001_init.sql") },
    Migration { version: 2, name: "0002_batches", sql: include_str!("../../../../migrations/0002_batches.sql") },
    Migration { version: 3, name: "0003_progress", sql: include_str!("../../../../migrations/0003_progress.sql") },
    Migration { version: 4, name: "0004_keying", sql: include_str!("../../../../migrations/0004_keying.sql") },
    Migration { version: 5, name: "0005_linkage", sql: include_str!("../../../../migrations/0005_linkage.sql") },
    Migration { version: 7, name: "0007_batch_decisions", sql: include_str!("../../../../migrations/0007_batch_decisions.sql") },
    Migration { version: 8, name: "0008_import_run", sql: include_str!("../../../../migrations/0008_import_run.sql") },
    Migration { version: 9, name: "0009_ministry", sql: include_str!("../../../../migrations/0009_ministry.sql") },
    Migration { version: 10, name: "0010_trust", sql: include_str!("../../../../migrations/0010_trust.sql") },
    Migration { version: 13, name: "0013_review_qa", sql: include_str!("../../../../migrations/0013_review_qa.sql") },
    Migration { version: 15, name: "0015_date_readings", sql: include_str!("../../../../migrations/0015_date_readings.sql") },
    Migration { version: 17, name: "0017_review_screens", sql: include_str!("../../../../migrations/0017_review_screens.sql") },
    Migration { version: 18, name: "0018_extract_sex_kept", sql: include_str!("../../../../migrations/0018_extract_sex_kept.sql") },
    Migration { version: 19, name: "0019_progress_cache", sql: include_str!("../../../../migrations/0019_progress_cache.sql") },
    Migration { version: 20, name: "0020_names_not_in_lookup", sql: include_str!("../../../../migrations/0020_names_not_in_lookup.sql") },
    Migration { version: 21, name: "0021_lean_rows", sql: include_str!("../../../../migrations/0021_lean_rows.sql") },
    Migration {
        version: 22,
        name: "0022_progress_counted_by_writer",
        sql: include_str!("../../../../migrations/0022_progress_counted_by_writer.sql"),
    },
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a workspace written by a newer program. Read-only.
pub fn check_not_newer(conn: &Connection) -> Result<i64> {
    let v = current_version(conn)?;
    if v > latest_version() {
        return Err(CoreError::WorkspaceTooNew { found: v, supported: latest_version() });
    }
    Ok(v)
}

/// Applies every migration above the current version. Returns the versions applied.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    migrate_to(conn, latest_version())
}

/// Applies migrations up to and including `target` (tests use this to build old fixtures).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<Vec<i64>> {
    let current = check_not_newer(conn)?;
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > current && m.version <= target) {
        let tx = conn.transaction()?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migration (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_migration(version, name, sha256, applied_at) VALUES (?1, ?2, ?3, ?4)",
            params![m.version, m.name, hex::encode(Sha256::digest(m.sql.as_bytes())), crate::clock::now()],
        )?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
        tx.commit()?;
        applied.push(m.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_and_named_after_their_files() {
        let mut last = 0;
        for m in MIGRATIONS {
            assert!(m.version > last, "versions strictly increase");
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
            last = m.version;
        }
        let on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_string())
            .filter(|n| !n.starts_with('.'))
            .collect();
        assert_eq!(on_disk.len(), MIGRATIONS.len(), "every migrations/*.sql file must be listed in MIGRATIONS");
    }
}
