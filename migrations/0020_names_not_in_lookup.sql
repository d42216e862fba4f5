-- The folded-value index `entry_field_lookup` serves one reader, autocomplete
-- (crates/core/src/keying/mod.rs), which never proposes a personal name. Every personal-name
-- field of the Ministry templates ends in `HoTen` (the signer, `nguoiKy`, stays indexed). An
-- import adds names at random places of this index and each chunk's commit encrypts and writes
-- those pages again: without them the 100,000-row import takes ~35 % less CPU
-- (docs/performance.md). `fold` stays stored for every value; only the index entries go.
-- Autocomplete's statements carry the same term, written out, so SQLite can use the index.
DROP INDEX entry_field_lookup;
CREATE INDEX entry_field_lookup ON entry_field(field, fold) WHERE fold IS NOT NULL AND field NOT LIKE '%HoTen';
