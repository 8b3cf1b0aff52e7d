-- The search indexes move to a file of their own beside the database
-- (store/search_file.go): written by a connection of their own, their
-- writes and FTS5's merges of them no longer hold the one writer of cases,
-- which every report waits for. A fresh search file indexes every case
-- again, in the background; searches meanwhile take the cases not yet
-- indexed as candidates (all of them, at first), as they took the queue.
DROP TABLE case_search;
DROP TABLE case_phrases;

-- New cases need no note any more: the search file keeps how far, by id,
-- it has indexed, and cases past that are candidates (ids only grow: see
-- cases_search_delete). The queue keeps the cases whose text changed, each
-- with a count of its changes, so that the note is taken away only for
-- the change indexed, not for one made meanwhile.
DROP TRIGGER cases_search_insert;
DROP TRIGGER cases_search_update;
DROP TRIGGER cases_search_delete;
DELETE FROM case_search_queue WHERE changed = 0;
ALTER TABLE case_search_queue ADD COLUMN touched INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER cases_search_update AFTER UPDATE OF number, description, address ON cases
WHEN old.number IS NOT new.number OR old.description IS NOT new.description OR old.address IS NOT new.address
BEGIN
	INSERT INTO case_search_queue (case_id, changed) VALUES (new.id, 1)
	ON CONFLICT (case_id) DO UPDATE SET changed = 1, touched = touched + 1;
END;

-- A deleted case's id is never given again (store.newIDs reads
-- sqlite_sequence too): a new case below the search file's mark would be
-- missed.
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases
BEGIN
	INSERT INTO case_search_queue (case_id, changed) VALUES (old.id, 1)
	ON CONFLICT (case_id) DO UPDATE SET changed = 1, touched = touched + 1;
	UPDATE sqlite_sequence SET seq = MAX(seq, old.id) WHERE name = 'cases';
	INSERT INTO sqlite_sequence (name, seq) SELECT 'cases', old.id
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'cases');
END;
