-- sohoa workspace schema, version 21: fewer bytes per imported row (issue 10, the 100,000-row
-- import in ≤ 5 s; docs/performance.md "Leaner rows (0021)"). An import writes ~14 entry_field
-- rows and one entry_source row per entry, and SQLCipher encrypts, authenticates and writes every
-- page they fill at each chunk's commit. Most of a row's bytes repeated what the row's entry or
-- its import run already holds. Those columns may now be NULL, meaning exactly that value:
--
--   entry_field.updated_at / updated_by   NULL: written with its entry, = entry.created_at / created_by
--                                         (a later change writes the time and user, and a history row)
--   entry_field.norm                      NULL: the same as fold (text without marks or capitals)
--   entry_source.file_name / file_sha256  NULL: its import run's (import_run.file_name / file_sha256)
--   entry_source.encoding                 NULL: its import run's (import_run.encoding, new here)
--   entry_source.imported_at / imported_by NULL: = entry.created_at / created_by (same transaction)
--
-- Rows written before this version keep their values (nothing is rewritten). SQLite cannot drop a
-- NOT NULL constraint in place: both tables are rebuilt with the same columns in the same order,
-- then their indexes made again.

ALTER TABLE import_run ADD COLUMN encoding TEXT;  -- utf8 | tcvn3 | vni_windows | windows1258 | unknown

CREATE TABLE entry_field_new (
    entry_id    INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,               -- exactly as written (NFC)
    norm        TEXT,                        -- comparison key; NULL when equal to fold
    fold        TEXT,                        -- fully folded ASCII key
    date_y      INTEGER,
    date_m      INTEGER,
    date_d      INTEGER,
    illegible   INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT,                        -- NULL: written with its entry (entry.created_at)
    updated_by  TEXT,                        -- NULL: written with its entry (entry.created_by)
    date_approx  INTEGER NOT NULL DEFAULT 0,
    date_lunar   TEXT,
    date_solar   TEXT,
    date_suggest TEXT,
    date_warn    TEXT,
    PRIMARY KEY (entry_id, field)
) WITHOUT ROWID;
INSERT INTO entry_field_new SELECT entry_id, field, value, norm, fold, date_y, date_m, date_d, illegible, updated_at, updated_by,
    date_approx, date_lunar, date_solar, date_suggest, date_warn FROM entry_field;
DROP TABLE entry_field;
ALTER TABLE entry_field_new RENAME TO entry_field;
CREATE INDEX entry_field_lookup ON entry_field(field, fold) WHERE fold IS NOT NULL AND field NOT LIKE '%HoTen';

CREATE TABLE entry_source_new (
    entry_id     INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
    book_id      INTEGER NOT NULL REFERENCES register_book(id),
    source_ref   TEXT NOT NULL,             -- ma_ban_ghi as written (NFC)
    file_name    TEXT,                      -- NULL: import_run.file_name
    file_sha256  TEXT,                      -- NULL: import_run.file_sha256
    line         INTEGER NOT NULL,
    encoding     TEXT,                      -- NULL: import_run.encoding
    extra_json   TEXT,
    imported_at  TEXT,                      -- NULL: entry.created_at
    imported_by  TEXT,                      -- NULL: entry.created_by
    run_id       INTEGER REFERENCES import_run(id)
);
INSERT INTO entry_source_new SELECT entry_id, book_id, source_ref, file_name, file_sha256, line, encoding, extra_json,
    imported_at, imported_by, run_id FROM entry_source;
DROP TABLE entry_source;
ALTER TABLE entry_source_new RENAME TO entry_source;
CREATE INDEX entry_source_ref ON entry_source(book_id, source_ref);
CREATE INDEX entry_source_run ON entry_source(run_id) WHERE run_id IS NOT NULL;

-- The rows with every NULL above read as the value it stands for: what a reader of those columns
-- selects from (the app's own readers need none of them today).
CREATE VIEW entry_field_full AS
    SELECT f.entry_id, f.field, f.value, coalesce(f.norm, f.fold) AS norm, f.fold, f.date_y, f.date_m, f.date_d, f.illegible,
           coalesce(f.updated_at, e.created_at) AS updated_at, coalesce(f.updated_by, e.created_by) AS updated_by,
           f.date_approx, f.date_lunar, f.date_solar, f.date_suggest, f.date_warn
      FROM entry_field f JOIN entry e ON e.id = f.entry_id;
CREATE VIEW entry_source_full AS
    SELECT s.entry_id, s.book_id, s.source_ref, coalesce(s.file_name, r.file_name) AS file_name,
           coalesce(s.file_sha256, r.file_sha256) AS file_sha256, s.line, coalesce(s.encoding, r.encoding) AS encoding, s.extra_json,
           coalesce(s.imported_at, e.created_at) AS imported_at, coalesce(s.imported_by, e.created_by) AS imported_by, s.run_id
      FROM entry_source s JOIN entry e ON e.id = s.entry_id LEFT JOIN import_run r ON r.id = s.run_id;
