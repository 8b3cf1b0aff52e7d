-- On PostgreSQL cases_unit_status_due gains id as its last column (see
-- postgres/0320). A SQLite index ends with the rowid, which is id:
-- nothing changes here.
SELECT 1;
