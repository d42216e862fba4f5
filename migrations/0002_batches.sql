-- sohoa workspace schema, version 2: batches (issue 6).
-- Device identity, trusted devices, batches sent by a commune, packages imported, the
-- supervisor's copies of commune books, verdicts and return reasons, central upload exports.
-- Layout of the packages themselves: docs/batch-format.md.

-- This workspace's device keys (one row, created on first need by crates/core/src/batch/identity.rs).
-- Like everything else they live inside the SQLCipher database, so they are encrypted at rest
-- under the workspace data key and never leave the process.
CREATE TABLE device_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    ed25519_secret  BLOB NOT NULL,          -- 32-byte Ed25519 seed (signs packages)
    ed25519_public  TEXT NOT NULL,          -- hex
    fingerprint     TEXT NOT NULL,          -- base32 of SHA-256(public)[..10], groups of 4
    age_secret      TEXT NOT NULL,          -- AGE-SECRET-KEY-1… (X25519: opens packages sent to us)
    age_recipient   TEXT NOT NULL,          -- age1…
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- Devices this workspace trusts: commune devices (on a supervisor's workspace) and supervisor
-- devices (on a commune's workspace). Registered from a device file or a typed fingerprint; in
-- the latter case the public key is pinned by the first package that matches the fingerprint.
CREATE TABLE trusted_device (
    id              INTEGER PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('commune', 'supervisor')),
    fingerprint     TEXT NOT NULL UNIQUE,
    ed25519_public  TEXT,
    age_recipient   TEXT,
    workspace_id    TEXT,
    commune_scheme  TEXT,
    commune_code    TEXT,
    commune_name    TEXT,
    registered_at   TEXT NOT NULL,
    registered_by   TEXT NOT NULL,
    revoked_at      TEXT
);

-- Commune side: batches sent to the supervisor.
CREATE TABLE batch (
    id              INTEGER PRIMARY KEY,
    number          INTEGER NOT NULL UNIQUE,
    state           TEXT NOT NULL CHECK (state IN ('packing', 'sent', 'answered', 'cancelled')),
    entries         INTEGER NOT NULL DEFAULT 0,
    pages           INTEGER NOT NULL DEFAULT 0,
    package_id      TEXT,                   -- SHA-256 of the signed tag manifest
    package_name    TEXT,
    package_bytes   INTEGER,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    sent_at         TEXT,
    answered_at     TEXT
);
CREATE TABLE batch_book (
    batch_id        INTEGER NOT NULL REFERENCES batch(id),
    book_id         INTEGER NOT NULL REFERENCES register_book(id),
    entries         INTEGER NOT NULL,
    verdict         TEXT CHECK (verdict IN ('accept', 'return')),
    PRIMARY KEY (batch_id, book_id)
);
CREATE TABLE batch_entry (
    batch_id        INTEGER NOT NULL REFERENCES batch(id),
    entry_id        INTEGER NOT NULL REFERENCES entry(id),
    entry_version   INTEGER NOT NULL,
    PRIMARY KEY (batch_id, entry_id)
);
CREATE INDEX batch_entry_entry ON batch_entry(entry_id);

-- Commune side: the supervisor's reasons for returned entries (per entry, optionally per field).
CREATE TABLE returned_reason (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES entry(id),
    batch_id        INTEGER NOT NULL REFERENCES batch(id),
    field           TEXT,                   -- Ministry column name; NULL = the entry as a whole
    reason          TEXT NOT NULL,
    decided_by      TEXT NOT NULL,          -- supervisor's account name
    decided_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    resolved_at     TEXT                    -- set when the entry leaves again in a later batch
);
CREATE INDEX returned_reason_entry ON returned_reason(entry_id);

-- Both sides: every package imported (batches on the supervisor's side, verdicts on the commune's).
CREATE TABLE package_import (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('batch', 'verdict')),
    package_id          TEXT NOT NULL UNIQUE,
    sender_fingerprint  TEXT NOT NULL,
    sender_workspace_id TEXT NOT NULL,
    commune_scheme      TEXT NOT NULL,
    commune_code        TEXT NOT NULL,
    commune_name        TEXT NOT NULL,
    batch_number        INTEGER NOT NULL,
    books               INTEGER NOT NULL,
    entries             INTEGER NOT NULL,
    pages               INTEGER NOT NULL,
    created_at          TEXT NOT NULL,      -- when the sender made the package
    imported_at         TEXT NOT NULL,
    imported_by         TEXT NOT NULL,
    superseded_by       INTEGER REFERENCES package_import(id),
    verdicts_sent_at    TEXT
);

-- Supervisor side: where each imported book and entry came from, and the versions received.
CREATE TABLE imported_book (
    book_id             INTEGER PRIMARY KEY REFERENCES register_book(id),
    source_workspace_id TEXT NOT NULL,
    source_book_id      INTEGER NOT NULL,
    commune_scheme      TEXT NOT NULL,
    commune_code        TEXT NOT NULL,
    import_id           INTEGER NOT NULL REFERENCES package_import(id),  -- the version held
    batch_number        INTEGER NOT NULL,
    UNIQUE (source_workspace_id, source_book_id)
);
CREATE TABLE imported_book_version (
    book_id             INTEGER NOT NULL REFERENCES register_book(id),
    import_id           INTEGER NOT NULL REFERENCES package_import(id),
    batch_number        INTEGER NOT NULL,
    entries             INTEGER NOT NULL,
    changed_entries     INTEGER NOT NULL,
    superseded_at       TEXT,
    PRIMARY KEY (book_id, import_id)
);
CREATE TABLE imported_entry (
    entry_id            INTEGER PRIMARY KEY REFERENCES entry(id),
    source_workspace_id TEXT NOT NULL,
    source_entry_id     INTEGER NOT NULL,
    source_version      INTEGER NOT NULL,
    UNIQUE (source_workspace_id, source_entry_id)
);

-- Supervisor side: verdicts per book and batch, with reasons per entry (and field).
CREATE TABLE verdict (
    id              INTEGER PRIMARY KEY,
    book_id         INTEGER NOT NULL REFERENCES register_book(id),
    import_id       INTEGER NOT NULL REFERENCES package_import(id),
    decision        TEXT NOT NULL CHECK (decision IN ('accept', 'return')),
    decided_at      TEXT NOT NULL,
    decided_by      TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (book_id, import_id)
);
CREATE TABLE verdict_reason (
    id              INTEGER PRIMARY KEY,
    verdict_id      INTEGER NOT NULL REFERENCES verdict(id) ON DELETE CASCADE,
    entry_id        INTEGER NOT NULL REFERENCES entry(id),
    field           TEXT,
    reason          TEXT NOT NULL
);

-- Central upload exports (crates/core/src/upload/): one row per book file pair written.
CREATE TABLE upload_export (
    id                  INTEGER PRIMARY KEY,
    book_id             INTEGER NOT NULL REFERENCES register_book(id),
    part                INTEGER NOT NULL,
    entries             INTEGER NOT NULL,
    pdfs                INTEGER NOT NULL,
    xlsx_name           TEXT NOT NULL,
    xlsx_sha256         TEXT NOT NULL,
    zip_name            TEXT NOT NULL,
    zip_sha256          TEXT NOT NULL,
    template_version    TEXT NOT NULL,
    exported_at         TEXT NOT NULL,
    exported_by         TEXT NOT NULL,
    UNIQUE (book_id, part)
);
CREATE TABLE upload_export_entry (
    export_id       INTEGER NOT NULL REFERENCES upload_export(id),
    entry_id        INTEGER NOT NULL REFERENCES entry(id),
    pdf_name        TEXT,
    PRIMARY KEY (export_id, entry_id)
);
