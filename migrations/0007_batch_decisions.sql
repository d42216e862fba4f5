-- Supervisor side: the commune's duplicate decisions that travelled with a batch
-- (data/decisions.jsonl), kept beside the imported entries they are about so the reviewer sees
-- what the clerk decided. One row per decision of the commune (history included); a package
-- imported twice adds nothing.
CREATE TABLE imported_decision (
    id                  INTEGER PRIMARY KEY,
    import_id           INTEGER NOT NULL REFERENCES package_import(id),
    entry_id            INTEGER NOT NULL REFERENCES entry(id),   -- the local (imported) entry
    source_workspace_id TEXT NOT NULL,
    source_decision_id  INTEGER NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('person', 'record')),
    -- person: the ID number linked or rejected; record: the other entry (local id when it came
    -- in a package, else the commune's own id prefixed with "xa:")
    candidate_ref       TEXT NOT NULL,
    decision            TEXT NOT NULL,
    note                TEXT,
    score               REAL,
    band                TEXT,
    extract_source      TEXT,
    extract_date        TEXT,
    decided_by          TEXT NOT NULL,
    decided_at          TEXT NOT NULL,
    current             INTEGER NOT NULL CHECK (current IN (0, 1)),
    UNIQUE (source_workspace_id, source_decision_id)
);
CREATE INDEX imported_decision_entry ON imported_decision(entry_id);
