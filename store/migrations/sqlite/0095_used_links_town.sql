-- used_links (0040) carries its town, the town of its case, as the other
-- large tables do since 0011 (docs/county.md, "Distribution by town"); the
-- store fills it as it inserts, and the rows already there are backfilled.
ALTER TABLE used_links ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE used_links SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = used_links.case_id), '');
