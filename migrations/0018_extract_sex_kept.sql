-- sohoa workspace schema, version 18: a population extract row whose sex is missing or is not
-- Nam/Nữ is kept, not refused (issue 10, rule 1). Code: crates/core/src/dedupe/extract_file.rs.
--
-- 0005 checked extract_person.sex to 'male'/'female', so such a row could not be stored. SQLite
-- cannot change a CHECK constraint in place: the table is rebuilt (create the new one, copy every
-- row with its id, drop the old one, rename) inside this migration's one transaction. The table
-- has no index or trigger of its own besides its UNIQUE constraint, which the new definition
-- carries; no table references it.
CREATE TABLE extract_person_0018 (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES extract_import(id),
    line            INTEGER NOT NULL,       -- line (CSV) or row (XLSX) of the file
    id_number       TEXT NOT NULL,          -- so_dinh_danh, 12 digits
    full_name       TEXT NOT NULL,
    birth_date      TEXT NOT NULL,          -- as written ('' when the file had none)
    sex             TEXT NOT NULL CHECK (sex IN ('male', 'female', 'unknown')),
    sex_written     TEXT,                   -- the sex as written when it is not Nam/Nữ (1/2); NULL otherwise
    warn            TEXT,                   -- the row's kept remarks, space-separated codes
                                            -- (sex.missing, sex.invalid, birth_date.*); NULL: none
    father_name     TEXT,
    mother_name     TEXT,
    spouse_name     TEXT,
    birth_registration_place TEXT,
    home_town       TEXT,
    residence       TEXT,
    cmnd            TEXT,
    UNIQUE (import_id, id_number)
);
INSERT INTO extract_person_0018(id, import_id, line, id_number, full_name, birth_date, sex, father_name, mother_name,
                                spouse_name, birth_registration_place, home_town, residence, cmnd)
    SELECT id, import_id, line, id_number, full_name, birth_date, sex, father_name, mother_name,
           spouse_name, birth_registration_place, home_town, residence, cmnd
    FROM extract_person;
DROP TABLE extract_person;
ALTER TABLE extract_person_0018 RENAME TO extract_person;
