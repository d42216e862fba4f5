-- sohoa workspace schema, version 1.
-- Applied by crates/core/src/store/migrate.rs inside one transaction.
-- Conventions: timestamps are RFC 3339 UTC text; `*_by` columns hold the account username;
-- free text is stored as written (NFC); normalised keys live in separate columns.

CREATE TABLE workspace (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    workspace_id    TEXT NOT NULL,
    commune_scheme  TEXT NOT NULL,          -- 'qd19_2025' | 'gso_pre2025'
    commune_code    TEXT NOT NULL,
    commune_name    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

CREATE TABLE account (
    username        TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
    scope_json      TEXT NOT NULL DEFAULT '[]',   -- supervisor: [{"scheme":..,"code":..}]
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- The old registries (communes as they were) whose books this workspace holds.
CREATE TABLE registry (
    id              INTEGER PRIMARY KEY,
    scheme          TEXT NOT NULL,
    code            TEXT,                   -- NULL when the unit predates coded lists
    name            TEXT NOT NULL,          -- as written on the books
    UNIQUE (scheme, code, name)
);

CREATE TABLE register_book (
    id               INTEGER PRIMARY KEY,
    book_type        TEXT NOT NULL CHECK (book_type IN ('KS','KT','KH','HN','CMC','GH','TDCC','LH','NCN')),
    registry_id      INTEGER NOT NULL REFERENCES registry(id),
    quyen_so         TEXT NOT NULL,
    year_from        INTEGER NOT NULL,
    year_to          INTEGER,
    period_group     TEXT NOT NULL,
    page_count       INTEGER NOT NULL DEFAULT 0,
    expected_entries INTEGER,
    template_version TEXT NOT NULL,
    finished_at      TEXT,
    note             TEXT,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL
);
CREATE INDEX register_book_type ON register_book(book_type);

-- Scanned pages. The image bytes live in the encrypted database like everything else.
CREATE TABLE page (
    id          INTEGER PRIMARY KEY,
    book_id     INTEGER NOT NULL REFERENCES register_book(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    rotation    INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),
    mime        TEXT NOT NULL,
    width       INTEGER,
    height      INTEGER,
    sha256      TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    thumb       BLOB,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (book_id, seq)
);

CREATE TABLE entry (
    id          INTEGER PRIMARY KEY,
    book_id     INTEGER NOT NULL REFERENCES register_book(id),
    seq         INTEGER NOT NULL,             -- order of keying within the book
    page_id     INTEGER REFERENCES page(id) ON DELETE SET NULL,
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft','keyed','checked','submitted','accepted','returned','exported')),
    version     INTEGER NOT NULL DEFAULT 1,   -- bumped on every change (optimistic concurrency)
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX entry_book ON entry(book_id, seq);
CREATE INDEX entry_status ON entry(status);

-- One row per keyed field (the Ministry column name of crates/core/data/column_map.json).
CREATE TABLE entry_field (
    entry_id    INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,               -- exactly as written (NFC)
    norm        TEXT,                        -- comparison key (names/places: case- and tone-placement-normalised)
    fold        TEXT,                        -- fully folded ASCII key
    date_y      INTEGER,                     -- partial date parts for date fields
    date_m      INTEGER,
    date_d      INTEGER,
    illegible   INTEGER NOT NULL DEFAULT 0,  -- the clerk marked (part of) it unreadable
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (entry_id, field)
) WITHOUT ROWID;
CREATE INDEX entry_field_lookup ON entry_field(field, fold);

CREATE TABLE entry_field_history (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    old_illegible INTEGER,
    new_illegible INTEGER,
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL
);
CREATE INDEX entry_field_history_entry ON entry_field_history(entry_id, id);

-- Append-only, hash-chained audit log (crates/core/src/audit.rs).
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    detail      TEXT NOT NULL,               -- canonical JSON
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TABLE audit_head (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log
BEGIN
    INSERT INTO audit_head(id, seq, hash) VALUES (1, NEW.seq, NEW.hash)
    ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
END;
