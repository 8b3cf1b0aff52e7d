-- A client_id is unique per reporter, not across everyone: another
-- person's report that happens to reuse one is a new case. reporter_key is
-- "user:ID", "system:NAME" or "addr:ADDRESS" (see guanjia.Case). Cases with a
-- client_id from before keep their reporter's account where they have one; the rest
-- share '' and stay unique among themselves as they were. client_id leads
-- the index, which also finds an Open311 token's case by client_id alone.
ALTER TABLE cases ADD COLUMN reporter_key TEXT NOT NULL DEFAULT '';
UPDATE cases SET reporter_key = 'user:' || reporter_id WHERE reporter_id <> 0 AND client_id <> '';
DROP INDEX cases_client_id;
CREATE UNIQUE INDEX cases_client_id ON cases (client_id, reporter_key, jurisdiction) WHERE client_id <> '';
