-- A version on the records people edit in forms (a B&B, an event, a
-- reward, a notification channel): each change adds one, and a change
-- made against an older version is refused (ECONFLICT) instead of
-- overwriting another's edit unseen. Taking a reward's stock counts as a
-- change: an edit of the catalogue made before it would put the stock
-- back.
ALTER TABLE bnbs ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE conferences ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE rewards ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE notify_channels ADD COLUMN version integer NOT NULL DEFAULT 1;
