-- Issue 13 parts 1 and 2: separation of duties with an offline province key, and audit heads
-- received from other workspaces (SECURITY.md, ARCHITECTURE.md "Trust").

-- The province's Ed25519 public key this workspace trusts: pinned once (at creation, or once by a
-- supervisor for a workspace made before 0010), never changed afterwards.
CREATE TABLE province_anchor (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    ed25519_public  TEXT NOT NULL,          -- hex
    fingerprint     TEXT NOT NULL,
    key_json        TEXT NOT NULL,          -- the province key file as received
    pinned_at       TEXT NOT NULL,
    pinned_by       TEXT NOT NULL
);

-- Enrolment certificates signed by the pinned province key (this device's own, and those of the
-- devices it deals with), as received: from a file, a device file or a package header.
CREATE TABLE enrolment (
    serial              INTEGER PRIMARY KEY,
    role                TEXT NOT NULL CHECK (role IN ('commune', 'supervisor')),
    device_fingerprint  TEXT NOT NULL,
    device_public       TEXT NOT NULL,
    scope_json          TEXT NOT NULL,
    not_before          TEXT NOT NULL,
    not_after           TEXT NOT NULL,
    issued_at           TEXT NOT NULL,
    doc_json            TEXT NOT NULL,
    imported_at         TEXT NOT NULL,
    imported_by         TEXT NOT NULL
);
CREATE INDEX enrolment_device ON enrolment(device_fingerprint);

-- The newest revocation list signed by the pinned province key that this workspace has seen.
CREATE TABLE revocation_list (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    seq                 INTEGER NOT NULL,
    issued_at           TEXT NOT NULL,
    serials_json        TEXT NOT NULL,
    fingerprints_json   TEXT NOT NULL,
    doc_json            TEXT NOT NULL,
    imported_at         TEXT NOT NULL
);

-- Audit chains of other workspaces (communes, on a supervisor's workspace): the hash of every row
-- received in a batch, and the newest head, so that a later batch must continue that history.
CREATE TABLE peer_audit_row (
    source_workspace_id TEXT NOT NULL,
    seq                 INTEGER NOT NULL,
    hash                TEXT NOT NULL,
    batch_number        INTEGER NOT NULL,
    PRIMARY KEY (source_workspace_id, seq)
) WITHOUT ROWID;
CREATE TABLE peer_audit_head (
    source_workspace_id TEXT PRIMARY KEY,
    seq                 INTEGER NOT NULL,
    hash                TEXT NOT NULL,
    batch_number        INTEGER NOT NULL,
    updated_at          TEXT NOT NULL
);

-- On a commune's workspace: the head of its own chain that each supervisor device acknowledged
-- (travels back in verdict packages); the next batch carries the rows after the oldest of them.
CREATE TABLE audit_ack (
    peer_fingerprint    TEXT PRIMARY KEY,
    seq                 INTEGER NOT NULL,
    hash                TEXT NOT NULL,
    received_at         TEXT NOT NULL
);
