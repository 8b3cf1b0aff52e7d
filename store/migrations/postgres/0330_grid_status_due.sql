-- A grid's open cases by deadline (a housekeeper's page) on PostgreSQL, as
-- a unit's queue (0320): read a status at a time from this index and
-- merged (store/case_page.go, duePage). Asked for several statuses at
-- once, the planner expected a thirtieth of a large grid's running cases
-- and sorted all of them (3 ms a page at a million cases, 14 ms cold).
-- Like cases_grid_due, which stays for pages of every status, it holds
-- the running cases alone. SQLite reads cases_grid_due in order for all
-- statuses at once.
CREATE INDEX cases_grid_status_due ON cases (grid, status, due_at, id) WHERE due_at IS NOT NULL;
