-- sohoa workspace schema, version 5: duplicate flagging (issue 5; crates/core/src/dedupe).
--
-- The population extract (formats.md §1) lives here, inside the encrypted database, reduced to the
-- fields matching needs (domain.md §6.3: no ethnicity, no nationality). It is never read in bulk
-- except to build the in-memory matching index; the only read path offered to the UI is "the
-- candidates of one entry", and every such lookup is audited.

-- One imported extract file. Exactly one import is active at a time; importing a newer extract
-- deactivates the previous one and deletes its rows (the metadata stays for the record).
CREATE TABLE extract_import (
    id              INTEGER PRIMARY KEY,
    source          TEXT NOT NULL,          -- who handed it over, e.g. "Công an xã Phú Đình"
    extract_date    TEXT NOT NULL,          -- yyyy-mm-dd: the day the extract describes
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    file_format     TEXT NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
    mapping_json    TEXT NOT NULL,          -- canonical column -> header as confirmed by the user
    rows_read       INTEGER NOT NULL,
    rows_loaded     INTEGER NOT NULL,
    rows_rejected   INTEGER NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    replaced_at     TEXT,
    replaced_by     TEXT
);
CREATE UNIQUE INDEX extract_import_one_active ON extract_import(active) WHERE active = 1;

-- Rows of the active extract (only). Text as written (NFC); the engine normalises in memory.
CREATE TABLE extract_person (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES extract_import(id),
    line            INTEGER NOT NULL,       -- line (CSV) or row (XLSX) of the file
    id_number       TEXT NOT NULL,          -- so_dinh_danh, 12 digits
    full_name       TEXT NOT NULL,
    birth_date      TEXT NOT NULL,          -- as written: dd/mm/yyyy, mm/yyyy or yyyy
    sex             TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    father_name     TEXT,
    mother_name     TEXT,
    spouse_name     TEXT,
    birth_registration_place TEXT,
    home_town       TEXT,
    residence       TEXT,
    cmnd            TEXT,
    UNIQUE (import_id, id_number)
);

-- One batch run of the engine (Session::run_dedupe).
CREATE TABLE dedupe_run (
    id              INTEGER PRIMARY KEY,
    extract_import_id INTEGER REFERENCES extract_import(id),
    entries         INTEGER NOT NULL,
    person_pairs    INTEGER NOT NULL,
    record_pairs    INTEGER NOT NULL,
    candidates      INTEGER NOT NULL,
    ms              INTEGER NOT NULL,
    person_model_json TEXT,                 -- the learnt Fellegi-Sunter model (reused by the interactive check)
    record_model_json TEXT,
    ran_at          TEXT NOT NULL,
    ran_by          TEXT NOT NULL
);

-- Candidates of the latest run, per keyed entry: the adjudication queue reads these.
-- candidate_id: the ID number (person) or the other entry's id (record).
CREATE TABLE dedupe_candidate (
    entry_id        INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'record')),
    candidate_id    TEXT NOT NULL,
    rank            INTEGER NOT NULL,
    score           REAL NOT NULL,
    probability     REAL NOT NULL,
    share           REAL NOT NULL,
    band            TEXT NOT NULL CHECK (band IN ('match', 'possible')),
    explanation_json TEXT NOT NULL,
    run_id          INTEGER NOT NULL REFERENCES dedupe_run(id),
    PRIMARY KEY (entry_id, kind, candidate_id)
) WITHOUT ROWID;
CREATE INDEX dedupe_candidate_score ON dedupe_candidate(score DESC);

-- Every adjudication, append-only: a later row for the same (entry, kind, candidate) supersedes the
-- earlier one; 'withdrawn' undoes. Record pairs are looked up in both directions.
CREATE TABLE dedupe_decision (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL,       -- no foreign key: history outlives a deleted draft
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'record')),
    candidate_id    TEXT NOT NULL,          -- ID number (person) or other entry id (record)
    decision        TEXT NOT NULL CHECK (decision IN (
                        'same_person', 'not_same', 'unsure',
                        'duplicate_entry', 're_registration', 'not_duplicate',
                        'withdrawn')),
    note            TEXT,
    score           REAL,                   -- what the engine said when the decision was made
    band            TEXT,
    extract_import_id INTEGER REFERENCES extract_import(id),
    decided_at      TEXT NOT NULL,
    decided_by      TEXT NOT NULL
);
CREATE INDEX dedupe_decision_pair ON dedupe_decision(entry_id, kind, candidate_id, id);
CREATE TRIGGER dedupe_decision_no_update BEFORE UPDATE ON dedupe_decision
BEGIN SELECT RAISE(ABORT, 'dedupe_decision is append-only'); END;
CREATE TRIGGER dedupe_decision_no_delete BEFORE DELETE ON dedupe_decision
BEGIN SELECT RAISE(ABORT, 'dedupe_decision is append-only'); END;

-- The outcome of a current 'same_person' decision: the entry's person has this ID number. The
-- register entry itself keeps what was written (a KS entry has no field for the child's ID);
-- the link lives beside it and travels with the batch.
CREATE TABLE entry_person_link (
    entry_id        INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
    id_number       TEXT NOT NULL,
    decision_id     INTEGER NOT NULL REFERENCES dedupe_decision(id),
    linked_at       TEXT NOT NULL,
    linked_by       TEXT NOT NULL
);
CREATE INDEX entry_person_link_id ON entry_person_link(id_number);
