-- sohoa workspace schema, version 15: what a keyed date yields, read the way registers write
-- dates (issue 10 part 2; sohoa_vietnamese::read_date, docs/historic-dates.md). The value stays
-- verbatim in entry_field.value; date_y/date_m/date_d hold its certain solar parts (NULL when
-- nothing is certain: approximate, before/after, unreadable). Rows keyed before this version are
-- read again at the first open after the migration (workspace::open -> model::entry).

ALTER TABLE entry_field ADD COLUMN date_approx  INTEGER NOT NULL DEFAULT 0; -- 1: khoảng / trước / sau / ~ / ?
ALTER TABLE entry_field ADD COLUMN date_lunar   TEXT;  -- the lunar date as written: dd/mm/yyyy, mm/yyyy or yyyy, ' nhuận' for a leap month
ALTER TABLE entry_field ADD COLUMN date_solar   TEXT;  -- its solar equivalent (dd/mm/yyyy) or range (dd/mm/yyyy-dd/mm/yyyy); for any non-plain date the best standard form
ALTER TABLE entry_field ADD COLUMN date_suggest TEXT;  -- JSON array of plausible readings (template forms) of an impossible or ambiguous date
ALTER TABLE entry_field ADD COLUMN date_warn    TEXT;  -- the reading's warning codes, space-separated (date.lunar date.impossible …)
