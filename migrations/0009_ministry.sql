-- Issue 11: the life of an entry after the upload export (crates/core/src/upload/).
--
-- upload_export: `part` stays the export's sequence number within the book (unique); the file
-- name carries `file_part` (a later export of newly accepted entries) and `version` (a corrected
-- re-export of entries of that part the Ministry rejected); see docs/upload-format.md.
ALTER TABLE upload_export ADD COLUMN file_part INTEGER;
ALTER TABLE upload_export ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE upload_export ADD COLUMN without_scan INTEGER NOT NULL DEFAULT 0;
ALTER TABLE upload_export ADD COLUMN uploaded_at TEXT;
ALTER TABLE upload_export ADD COLUMN uploaded_by TEXT;
UPDATE upload_export SET file_part = part;

-- One row per entry written into a file: its row in the sheet, and what the Ministry's system
-- said about it (NULL = exported, not known to be uploaded yet).
ALTER TABLE upload_export_entry ADD COLUMN dong INTEGER;
ALTER TABLE upload_export_entry ADD COLUMN ministry_state TEXT
    CHECK (ministry_state IN ('uploaded', 'approved', 'rejected'));
ALTER TABLE upload_export_entry ADD COLUMN ministry_reason TEXT;
ALTER TABLE upload_export_entry ADD COLUMN ministry_field TEXT;   -- camelCase column the reason names
ALTER TABLE upload_export_entry ADD COLUMN ministry_date TEXT;    -- the list's own date, as written
ALTER TABLE upload_export_entry ADD COLUMN decided_at TEXT;       -- when recorded here
ALTER TABLE upload_export_entry ADD COLUMN decided_by TEXT;
ALTER TABLE upload_export_entry ADD COLUMN resolved_at TEXT;      -- a rejection answered by a later export
CREATE INDEX upload_export_entry_entry ON upload_export_entry(entry_id);
CREATE INDEX upload_export_xlsx_name ON upload_export(xlsx_name);

-- Pages an entry spans besides its own (entry.page_id = the first page, written in trangSo):
-- the entry continued on the next page, a margin note on another page. `ord` orders them.
CREATE TABLE entry_page (
    entry_id    INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    page_id     INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    PRIMARY KEY (entry_id, page_id)
);
