-- Progress against targets (issue 7): inventory of books, imported targets, per-day entry counts,
-- the device's progress-snapshot signing key, and progress snapshots imported from communes.
-- Counts only: nothing here holds personal data. See docs/progress-snapshot.md.

-- The denominator: register books a commune holds, by type and period group, with the entries
-- they are expected to hold. Entered by hand or imported (CSV/XLSX); books opened in the
-- workspace (register_book) refine it (crates/core/src/progress/inventory.rs).
CREATE TABLE progress_inventory (
    unit_scheme      TEXT NOT NULL CHECK (unit_scheme IN ('qd19_2025', 'gso_pre2025')),
    unit_code        TEXT NOT NULL,              -- 5-digit commune code in unit_scheme
    book_type        TEXT NOT NULL CHECK (book_type IN ('KS','KT','KH','HN','CMC','GH','TDCC','LH','NCN')),
    period_group     TEXT NOT NULL CHECK (period_group IN ('2016-2019','2006-2015','1999-2005','1976-1998','<=1975')),
    books            INTEGER NOT NULL CHECK (books >= 0),
    expected_entries INTEGER NOT NULL CHECK (expected_entries >= 0),
    source           TEXT NOT NULL,              -- 'manual' or the imported file's name
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    PRIMARY KEY (unit_scheme, unit_code, book_type, period_group)
) WITHOUT ROWID;

-- Targets (formats.md §4), in either unit scheme; '*' = every book type / period group.
CREATE TABLE progress_target (
    unit_scheme      TEXT NOT NULL CHECK (unit_scheme IN ('qd19_2025', 'gso_pre2025')),
    unit_code        TEXT NOT NULL,              -- 2-digit province or 5-digit commune
    book_type        TEXT NOT NULL,
    period_group     TEXT NOT NULL,
    unit_name        TEXT NOT NULL,
    target_books     INTEGER,
    target_records   INTEGER,
    deadline         TEXT NOT NULL,              -- yyyy-mm-dd
    source           TEXT NOT NULL,
    imported_at      TEXT NOT NULL,
    imported_by      TEXT NOT NULL,
    PRIMARY KEY (unit_scheme, unit_code, book_type, period_group)
) WITHOUT ROWID;

-- Net change of the number of entries in each status, per book and per day (Vietnam time,
-- UTC+7), kept by the triggers below whatever code changes an entry. Summing `delta` up to a day
-- gives the status counts on that day: the burn-up series and the rates come from here.
CREATE TABLE progress_day (
    day      TEXT NOT NULL,
    book_id  INTEGER NOT NULL,
    status   TEXT NOT NULL,
    delta    INTEGER NOT NULL,
    PRIMARY KEY (day, book_id, status)
) WITHOUT ROWID;

CREATE TRIGGER progress_entry_insert AFTER INSERT ON entry
BEGIN
    INSERT INTO progress_day(day, book_id, status, delta)
    VALUES (date(NEW.created_at, '+7 hours'), NEW.book_id, NEW.status, 1)
    ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta + 1;
END;

CREATE TRIGGER progress_entry_update AFTER UPDATE OF status, book_id ON entry
WHEN NEW.status IS NOT OLD.status OR NEW.book_id IS NOT OLD.book_id
BEGIN
    INSERT INTO progress_day(day, book_id, status, delta)
    VALUES (date(NEW.updated_at, '+7 hours'), OLD.book_id, OLD.status, -1)
    ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta - 1;
    INSERT INTO progress_day(day, book_id, status, delta)
    VALUES (date(NEW.updated_at, '+7 hours'), NEW.book_id, NEW.status, 1)
    ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta + 1;
END;

CREATE TRIGGER progress_entry_delete AFTER DELETE ON entry
BEGIN
    INSERT INTO progress_day(day, book_id, status, delta)
    VALUES (date('now', '+7 hours'), OLD.book_id, OLD.status, -1)
    ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta - 1;
END;

-- Entries that existed before this migration: replay their history from the audit log
-- (entry.create carries the initial status, entry.status the from/to of every change) ...
INSERT INTO progress_day(day, book_id, status, delta)
SELECT day, book_id, status, sum(d) FROM (
    SELECT date(a.at, '+7 hours') AS day, e.book_id AS book_id, json_extract(a.detail, '$.status') AS status, 1 AS d
      FROM audit_log a JOIN entry e ON e.id = CAST(a.entity_id AS INTEGER)
     WHERE a.action = 'entry.create' AND a.entity = 'entry' AND json_valid(a.detail)
    UNION ALL
    SELECT date(a.at, '+7 hours'), e.book_id, json_extract(a.detail, '$.from'), -1
      FROM audit_log a JOIN entry e ON e.id = CAST(a.entity_id AS INTEGER)
     WHERE a.action = 'entry.status' AND a.entity = 'entry' AND json_valid(a.detail)
    UNION ALL
    SELECT date(a.at, '+7 hours'), e.book_id, json_extract(a.detail, '$.to'), 1
      FROM audit_log a JOIN entry e ON e.id = CAST(a.entity_id AS INTEGER)
     WHERE a.action = 'entry.status' AND a.entity = 'entry' AND json_valid(a.detail)
)
WHERE status IS NOT NULL
GROUP BY day, book_id, status;

-- ... then make the totals agree with the entries as they are (anything the log did not explain
-- is counted on the day of the entry's last change).
INSERT INTO progress_day(day, book_id, status, delta)
SELECT day, book_id, status, diff FROM (
    SELECT coalesce(max(x.last_day), date('now', '+7 hours')) AS day, x.book_id AS book_id, x.status AS status, sum(x.n) AS diff
      FROM (
        SELECT date(max(updated_at), '+7 hours') AS last_day, book_id, status, count(*) AS n FROM entry GROUP BY book_id, status
        UNION ALL
        SELECT NULL, book_id, status, -sum(delta) FROM progress_day GROUP BY book_id, status
      ) x
     GROUP BY x.book_id, x.status
)
WHERE diff <> 0
ON CONFLICT(day, book_id, status) DO UPDATE SET delta = delta + excluded.delta;

-- This workspace's key for signing progress snapshots (ed25519). The database is encrypted, so
-- the secret stays encrypted at rest. To be unified with the batch device key (issue 6).
CREATE TABLE progress_signing_key (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm    TEXT NOT NULL CHECK (algorithm = 'ed25519'),
    public_key   TEXT NOT NULL,                  -- hex
    secret_key   BLOB NOT NULL,                  -- 32 bytes
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);

-- Communes (workspaces) whose snapshots were imported: the key first seen for a workspace is
-- pinned; later snapshots signed by another key are refused.
CREATE TABLE progress_sender (
    workspace_id     TEXT PRIMARY KEY,
    public_key       TEXT NOT NULL,
    commune_scheme   TEXT NOT NULL,
    commune_code     TEXT NOT NULL,
    commune_name     TEXT NOT NULL,
    latest_snapshot  INTEGER,                    -- progress_snapshot.id with the newest generated_at
    is_demo          INTEGER NOT NULL DEFAULT 0,
    first_seen_at    TEXT NOT NULL
);

CREATE TABLE progress_snapshot (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,        -- of the canonical payload
    workspace_id    TEXT NOT NULL REFERENCES progress_sender(workspace_id),
    commune_scheme  TEXT NOT NULL,
    commune_code    TEXT NOT NULL,
    commune_2025    TEXT,                        -- the qd19_2025 commune its counts go to
    generated_at    TEXT NOT NULL,
    as_of           TEXT NOT NULL,               -- yyyy-mm-dd (Vietnam time)
    rate_keyed      REAL NOT NULL,               -- entries per day over the window before as_of
    rate_accepted   REAL NOT NULL,
    window_days     INTEGER NOT NULL,
    source          TEXT NOT NULL,               -- 'file' | 'demo'
    -- Counts per book type and period group, packed (crates/core/src/progress/snapshot.rs `pack_cells`):
    -- per cell the type and period-group indexes, then 15 "reached at least" counts as LEB128
    -- varints. Packed so the national dashboard reads 3,321 small rows, not 150,000.
    cells           BLOB NOT NULL,
    -- The old (63) provinces its counts belong to and the share of each, from its registries
    -- (`pack_shares`: per province the 2-digit code as a byte and an f32 share).
    old_provinces   BLOB NOT NULL,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL
);
CREATE INDEX progress_snapshot_sender ON progress_snapshot(workspace_id, generated_at);

-- The bulky parts of a snapshot, kept apart so the rows above stay small.
CREATE TABLE progress_snapshot_data (
    snapshot_id     INTEGER PRIMARY KEY REFERENCES progress_snapshot(id) ON DELETE CASCADE,
    -- Cumulative reached-at-least entry counts by day (`pack_series`): per point the day and
    -- keyed, checked, submitted, accepted, exported, each as a zigzag varint delta from the
    -- previous point; a step function.
    series          BLOB NOT NULL,
    signed_file     TEXT NOT NULL               -- the signed file as received ('' for the synthetic demo)
);

-- Counts of a snapshot per registry (the old commune that kept the books): how totals reach
-- the 63 pre-2025 provinces exactly.
CREATE TABLE progress_snapshot_registry (
    snapshot_id        INTEGER NOT NULL REFERENCES progress_snapshot(id) ON DELETE CASCADE,
    seq                INTEGER NOT NULL,
    registry_scheme    TEXT NOT NULL,
    registry_code      TEXT,
    registry_name      TEXT NOT NULL,
    books_inventoried  INTEGER NOT NULL,
    books_keyed        INTEGER NOT NULL,
    books_accepted     INTEGER NOT NULL,
    entries_expected   INTEGER NOT NULL,
    entries_keyed      INTEGER NOT NULL,
    entries_checked    INTEGER NOT NULL,
    entries_submitted  INTEGER NOT NULL,
    entries_accepted   INTEGER NOT NULL,
    entries_exported   INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
) WITHOUT ROWID;
