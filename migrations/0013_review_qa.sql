-- sohoa workspace schema, version 13: supervisor review that can vouch for quality (issue 12).
-- Sampling plan per book (ISO 2859-1, crates/qa), blind re-keying with field-level arbitration,
-- the per-commune switching state, the clerks' check passes. Code: crates/core/src/batch/qa/.

-- The province's review settings (one row; absent = AQL 1.0 counted on entries).
CREATE TABLE qa_setting (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    aql         TEXT NOT NULL,                  -- a column of ISO 2859-1 Table 2-A ("1.0", "0.65")
    counting    TEXT NOT NULL CHECK (counting IN ('entries', 'fields')),
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

-- Switching state (normal / tightened / reduced / discontinued) per commune: sohoa_qa::SwitchingState as JSON.
CREATE TABLE qa_switching (
    commune_scheme  TEXT NOT NULL,
    commune_code    TEXT NOT NULL,
    state_json      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (commune_scheme, commune_code)
);

-- One review of one imported version of a book: the plan used and the sample drawn (reproducible
-- from algorithm + seed + the book's entries per page).
CREATE TABLE qa_review (
    id              INTEGER PRIMARY KEY,
    book_id         INTEGER NOT NULL REFERENCES register_book(id),
    import_id       INTEGER NOT NULL REFERENCES package_import(id),
    commune_scheme  TEXT NOT NULL,
    commune_code    TEXT NOT NULL,
    plan_json       TEXT NOT NULL,              -- sohoa_qa::Plan
    counting        TEXT NOT NULL CHECK (counting IN ('entries', 'fields')),
    original        INTEGER NOT NULL,           -- 1 = first inspection (counts for switching), 0 = resubmission
    algorithm       TEXT NOT NULL,              -- sohoa_qa::sample::ALGORITHM
    seed            INTEGER NOT NULL,           -- u64 stored as its two's-complement i64
    sample_json     TEXT NOT NULL,              -- sohoa_qa::Sample
    started_at      TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    decision        TEXT CHECK (decision IN ('accept', 'return')),
    decision_reason TEXT,
    proposed        TEXT CHECK (proposed IN ('accept', 'return')),
    transition      TEXT,                       -- switching transition taken after the verdict
    decided_at      TEXT,
    decided_by      TEXT,
    UNIQUE (book_id, import_id)
);

-- The sampled entries, and when the supervisor re-keyed each.
CREATE TABLE qa_sample_entry (
    review_id   INTEGER NOT NULL REFERENCES qa_review(id),
    entry_id    INTEGER NOT NULL REFERENCES entry(id),
    rekeyed_at  TEXT,
    rekeyed_by  TEXT,
    PRIMARY KEY (review_id, entry_id)
);

-- Field-by-field comparison of a blind re-key with the clerk's value, and its arbitration.
-- A field is wrong (an error of the clerk) when arbitration is 'supervisor' or 'both_wrong'.
CREATE TABLE qa_field_check (
    review_id        INTEGER NOT NULL REFERENCES qa_review(id),
    entry_id         INTEGER NOT NULL REFERENCES entry(id),
    field            TEXT NOT NULL,
    clerk_value      TEXT NOT NULL,
    supervisor_value TEXT NOT NULL,
    agree            INTEGER NOT NULL,
    arbitration      TEXT CHECK (arbitration IN ('clerk', 'supervisor', 'both_wrong')),
    correct_value    TEXT,
    clerk            TEXT NOT NULL,             -- the clerk who last keyed the entry (commune account)
    book_type        TEXT NOT NULL,
    commune_code     TEXT NOT NULL,
    checked_at       TEXT NOT NULL,
    arbitrated_at    TEXT,
    arbitrated_by    TEXT,
    PRIMARY KEY (review_id, entry_id, field)
);
CREATE INDEX qa_field_check_errors ON qa_field_check(commune_code, clerk, field);

-- Supervisor side: who keyed each imported entry in the commune (from the package's entries.jsonl).
ALTER TABLE imported_entry ADD COLUMN source_created_by TEXT;
ALTER TABLE imported_entry ADD COLUMN source_updated_by TEXT;

-- Commune side: the check passes a book went through before it was sent (self check, second
-- check by another account), with the number of fields changed during the pass (from entry_field_history).
CREATE TABLE check_pass (
    id              INTEGER PRIMARY KEY,
    book_id         INTEGER NOT NULL REFERENCES register_book(id),
    kind            TEXT NOT NULL CHECK (kind IN ('self', 'second')),
    by_user         TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    history_from    INTEGER NOT NULL,           -- entry_field_history.id at the start (exclusive)
    history_to      INTEGER,                    -- … at the finish (inclusive)
    fields_changed  INTEGER
);
CREATE INDEX check_pass_book ON check_pass(book_id);
