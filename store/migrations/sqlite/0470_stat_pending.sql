-- PostgreSQL only: new cases wait in stat_pending for their parts in
-- stat_days (see the PostgreSQL migration of the same number). SQLite's
-- wait in the server's memory instead (store/stat_defer.go); this file
-- keeps the two engines' migrations in step.
SELECT 1;
