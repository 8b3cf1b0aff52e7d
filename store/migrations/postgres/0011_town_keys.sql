-- Ready to distribute by town (docs/county.md, "Distribution by town"):
-- the large tables that did not yet name their town do now, filled from
-- what they belong to. Rows of no town (messages about no case) keep ''.

ALTER TABLE messages ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE messages SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = messages.case_id), '')
	WHERE case_id <> 0;
-- A town's feed of its own messages, should one instance serve one town.
CREATE INDEX messages_jurisdiction ON messages (jurisdiction, id);

ALTER TABLE followers ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE followers SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = followers.case_id), '');

ALTER TABLE mediations ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE mediations SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = mediations.case_id), '');
ALTER TABLE mediation_sessions ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE mediation_sessions SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = mediation_sessions.case_id), '');

ALTER TABLE notice_recipients ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
-- Rows about a housekeeper (what they were sent, claimed, redeemed) live
-- in the housekeeper's town, also for a notice or task of the county's.
UPDATE notice_recipients SET jurisdiction = COALESCE((SELECT h.jurisdiction FROM housekeepers h WHERE h.user_id = notice_recipients.user_id), '');

ALTER TABLE task_claims ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE task_claims SET jurisdiction = COALESCE((SELECT h.jurisdiction FROM housekeepers h WHERE h.user_id = task_claims.user_id), '');

ALTER TABLE redemptions ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE redemptions SET jurisdiction = COALESCE((SELECT h.jurisdiction FROM housekeepers h WHERE h.user_id = redemptions.user_id), '');
