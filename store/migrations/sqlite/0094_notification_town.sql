-- The notifications' delivery log grows with every action times its
-- recipients: it names its town like the other large tables
-- (docs/county.md, "Distribution by town"), taken from the case by the
-- store in the same statement; a message about no case (a sign-in code)
-- keeps ''.
ALTER TABLE notifications ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE notifications SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = notifications.case_id), '')
	WHERE case_id <> 0;
CREATE INDEX notifications_jurisdiction ON notifications (jurisdiction, id);
