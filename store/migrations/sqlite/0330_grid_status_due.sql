-- On PostgreSQL a grid's running cases are also indexed by status (see
-- postgres/0330), so that a grid's page is read a status at a time.
-- SQLite reads cases_grid_due in order for all statuses at once: nothing
-- changes here.
SELECT 1;
