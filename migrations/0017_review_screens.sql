-- sohoa workspace schema, version 17: the conditions for reduced inspection the lots cannot tell
-- (issue 12, ISO 2859-1 §9.3.3 b/c and §9.3.4 b/c), and the diff of the check passes received.
-- Code: crates/core/src/batch/qa/reduced.rs.

-- What the supervisor recorded for a commune, newest row in force (append-only, so who approved
-- and when stays on record): the responsible authority's approval of reduced inspection and
-- whether the commune's production is steady. Without a row: no approval, production steady.
CREATE TABLE qa_reduced_condition (
    id                 INTEGER PRIMARY KEY,
    commune_scheme     TEXT NOT NULL,
    commune_code       TEXT NOT NULL,
    authority_approves INTEGER NOT NULL CHECK (authority_approves IN (0, 1)),
    production_steady  INTEGER NOT NULL CHECK (production_steady IN (0, 1)),
    authority          TEXT NOT NULL,      -- who approved (e.g. "Sở Tư pháp tỉnh Thái Nguyên"), as written
    reference          TEXT NOT NULL,      -- the approval's reference (decision number, letter), may be ''
    approved_on        TEXT NOT NULL,      -- the date of the approval as the authority gave it, may be ''
    recorded_at        TEXT NOT NULL,
    recorded_by        TEXT NOT NULL
);
CREATE INDEX qa_reduced_condition_commune ON qa_reduced_condition(commune_scheme, commune_code, id);

-- Supervisor side: the field-level diff of each check pass received with a book (the commune
-- computes it from entry_field_history; here it is kept as it came). Entry named by its number.
CREATE TABLE check_pass_change (
    pass_id    INTEGER NOT NULL REFERENCES check_pass(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    at         TEXT NOT NULL,
    PRIMARY KEY (pass_id, ord)
);

-- Issue 11: the Ministry's rejections reach a separate commune workspace. Supervisor side: when
-- a rejected file row travelled back to the commune in a verdict package. Commune side: a
-- returned reason may come from the Ministry (with the Excel file the row was in).
ALTER TABLE upload_export_entry ADD COLUMN commune_sent_at TEXT;
ALTER TABLE returned_reason ADD COLUMN source TEXT NOT NULL DEFAULT 'supervisor' CHECK (source IN ('supervisor', 'ministry'));
ALTER TABLE returned_reason ADD COLUMN file TEXT;
