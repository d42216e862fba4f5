-- Issue 10: a spreadsheet import commits in chunks under one import record, finished, or rolled
-- back as a whole (cancelled, failed, or found unfinished after a crash).
CREATE TABLE import_run (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    book_type    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'rolled_back')),
    rows_total   INTEGER NOT NULL,      -- rows that will load
    rows_loaded  INTEGER NOT NULL DEFAULT 0,
    pid          INTEGER NOT NULL,      -- the process running it (an unfinished run of a dead process is rolled back)
    started_at   TEXT NOT NULL,
    started_by   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX import_run_running ON import_run(state) WHERE state = 'running';

-- The books a run loads into; `created`: made by the run (removed if it is rolled back, and
-- not listed while it runs).
CREATE TABLE import_run_book (
    run_id   INTEGER NOT NULL REFERENCES import_run(id),
    book_id  INTEGER NOT NULL,
    created  INTEGER NOT NULL,
    PRIMARY KEY (run_id, book_id)
);

-- Which run loaded each imported entry (NULL for imports made before this migration).
ALTER TABLE entry_source ADD COLUMN run_id INTEGER REFERENCES import_run(id);
CREATE INDEX entry_source_run ON entry_source(run_id) WHERE run_id IS NOT NULL;
