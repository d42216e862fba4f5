-- sohoa workspace schema, version 4: keying (issue 4; crates/core/src/keying.rs, validation/, import/).

-- Where an imported entry came from. `source_ref` is the spreadsheet's own reference of the row
-- (formats.md §2 `ma_ban_ghi`, unique within its file): kept so that importing the same file again
-- does not duplicate entries, and so that matching output can name the row the clerk knows.
-- Columns of the file that map to no template field are kept aside in `extra_json`
-- ({"header": "value", ...}) so nothing the commune keyed is lost.
CREATE TABLE entry_source (
    entry_id     INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
    book_id      INTEGER NOT NULL REFERENCES register_book(id),
    source_ref   TEXT NOT NULL,             -- ma_ban_ghi as written (NFC)
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    line         INTEGER NOT NULL,          -- line (CSV) or row (XLSX) of the file
    encoding     TEXT NOT NULL,             -- utf8 | tcvn3 | vni_windows | windows1258 | unknown
    extra_json   TEXT,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL
);
CREATE INDEX entry_source_ref ON entry_source(book_id, source_ref);

-- Undo is itself a recorded change: the history row written by an undo names the row it reverted,
-- so repeated undos walk back through the changes instead of toggling.
ALTER TABLE entry_field_history ADD COLUMN undoes INTEGER;
CREATE INDEX entry_field_history_undoes ON entry_field_history(undoes) WHERE undoes IS NOT NULL;

-- Pages the clerk declared blank (unused pages at the end of a book, torn-out pages): they count
-- as covered when deciding whether a book is finished.
CREATE TABLE book_page_blank (
    book_id      INTEGER NOT NULL REFERENCES register_book(id) ON DELETE CASCADE,
    page_no      INTEGER NOT NULL,
    marked_at    TEXT NOT NULL,
    marked_by    TEXT NOT NULL,
    PRIMARY KEY (book_id, page_no)
) WITHOUT ROWID;

-- Book sequence checks look up `so` and `quyenSo` values across the workspace (duplicate
-- (noiDangKy, quyenSo, so), numbers repeated in a book). This side table mirrors them; the field
-- writers of crates/core/src/model/entry.rs (the only code that writes entry_field) keep it in
-- step. (Partial indexes on entry_field `WHERE field = 'so'` would make SQLite re-prepare every
-- `field = ?` statement whenever the bound field changes; triggers on entry_field would give
-- every field write a statement journal.)
CREATE TABLE entry_seqkey (
    entry_id     INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
    so           TEXT,
    quyen        TEXT
);
CREATE INDEX entry_seqkey_so ON entry_seqkey(so);
CREATE INDEX entry_seqkey_quyen ON entry_seqkey(quyen);
INSERT INTO entry_seqkey(entry_id, so, quyen)
    SELECT entry_id, max(CASE WHEN field = 'so' THEN value END), max(CASE WHEN field = 'quyenSo' THEN value END)
    FROM entry_field WHERE field IN ('so', 'quyenSo') GROUP BY entry_id;

-- The folded-key index only serves lookups by folded key (names, places, ethnic groups,
-- nationalities): rows without a key (dates, codes, numbers: over half of all field rows) no
-- longer pay for an index entry on every keystroke and import.
DROP INDEX entry_field_lookup;
CREATE INDEX entry_field_lookup ON entry_field(field, fold) WHERE fold IS NOT NULL;
