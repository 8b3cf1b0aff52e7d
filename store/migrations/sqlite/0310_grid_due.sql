-- A grid's open cases by deadline (a housekeeper's page): like a unit's
-- (cases_unit_due), the cases whose deadline runs come from an index in
-- order, not from reading every case of the grid (at a million cases, a
-- grid of 77,000: 50 ms a page on SQLite before).
CREATE INDEX cases_grid_due ON cases (grid, due_at, id) WHERE due_at IS NOT NULL;
