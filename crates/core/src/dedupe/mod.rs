//! Duplicate flagging (issue 5): the population extract, the matching engine in the product, and
//! the clerk's adjudication queue.
//!
//! * Extract import (formats.md §1): [`preview_extract`] proposes the header mapping,
//!   [`import_extract`] stores the readable rows in one transaction (line-level errors
//!   are reported); [`import_extract_csv`] does both for scripts and the demo.
//!   The extract is stored in the encrypted database, replaced by a newer one, and **never
//!   readable in bulk**: [`extract_info`] gives metadata only, rows are shown only as
//!   the candidates of one entry, and every lookup is audited with masked ID numbers.
//! * Candidates: [`candidates_for_entry`] (interactive check while keying; in-memory
//!   indexes built lazily per session) and [`adjudication_candidates`] (full ID numbers,
//!   decisions, candidates of the last batch run); [`run_dedupe`] stores candidates of
//!   every keyed entry for the queue.
//! * Adjudication: [`dedupe_queue`], [`decide_candidate`],
//!   [`withdraw_decision`], [`decision_history`]; decisions travel with a batch
//!   through [`decisions_for_books`].
//! * [`records_csv`]: a minimal reader of formats.md §2 for `sohoa dedupe`.
mod batch;
mod cache;
mod candidates;
mod decisions;
mod entries;
mod extract;
pub mod extract_file;
pub mod files;
pub mod headers;
pub mod records_csv;
mod stored;

pub use batch::{run_dedupe, run_dedupe_with, run_dedupe_with_progress, write_matches_csv, DedupeRunReport};
pub use candidates::{
    adjudication_candidates, candidates_for_entry, CandidateView, EntryCandidates, ExplanationLine, PersonFields, RecordFields,
    MAX_PERSONS, MAX_RECORDS,
};
pub use decisions::{
    decide_candidate, decision_history, decisions_for_books, dedupe_queue, last_dedupe_run, linked_id_number, withdraw_decision,
    DecisionHistoryRow, DecisionKind, DecisionRecord, DecisionView, QueueCounts, QueueFilter, QueueItem, QueuePage, QueueState, RunInfo,
};
pub use entries::{checked_book_types, entry_with_person, subject_fields, EntryPerson, EntryWithPerson, SubjectFields};
pub use extract::{
    extract_history, extract_info, import_extract, import_extract_csv, import_extract_file, import_extract_with, preview_extract,
    ColumnChoice, ExtractImportReport, ExtractInfo, ExtractMeta, ExtractPreview, PreviewColumn, MAX_LINE_ERRORS,
};
pub use extract_file::{ColumnMapping, FileFormat, LineError};
pub use headers::ExtractColumn;
pub use sohoa_linkage::{CandidateKind, Decision as Band, Progress, Stage};

/// A larger SQLite page cache for a bulk read or write (the default 2,000 pages make SQLCipher
/// decrypt and re-encrypt index pages over and over). A connection setting, not data: returns
/// the previous size for [`cache_down`].
pub(crate) fn cache_up(s: &crate::Session) -> i64 {
    let old = s.conn().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap_or(-2000);
    let _ = s.conn().execute_batch("PRAGMA cache_size = -131072"); // 128 MiB
    old
}

pub(crate) fn cache_down(s: &crate::Session, old: i64) {
    let _ = s.conn().execute_batch(&format!("PRAGMA cache_size = {old}; PRAGMA shrink_memory;"));
}
