-- The delivery log's notifications about no case (a B&B's licence
-- reminders, a village's visitor load alerts, an overdue rectification's
-- notices, mentions in a project's channel and its overdue items) were
-- kept with no town (''), and the log showed them to every town's
-- administrators. Their planners now give them the town of their B&B,
-- village or project (app: notifyOthers, notifyUser); this gives it to
-- those planned before, from what their stable id (msg_id) names. What
-- names nothing of a town (a sign-in code texted to a phone) keeps '',
-- which the log shows to the county's administrators only
-- (guanjia.Tree.SeesLog).
UPDATE notifications SET jurisdiction = COALESCE((SELECT b.jurisdiction FROM bnbs b
		WHERE b.id = split_part(msg_id, '-', 3)::bigint), '')
	WHERE case_id = 0 AND jurisdiction = '' AND event = 'licence_due' AND msg_id LIKE 'gj-lic-%'
		AND split_part(msg_id, '-', 3) ~ '^[0-9]{1,18}$';
UPDATE notifications SET jurisdiction = COALESCE((SELECT c.jurisdiction FROM cases c
		WHERE c.id = split_part(msg_id, '-', 3)::bigint), '')
	WHERE case_id = 0 AND jurisdiction = '' AND event = 'rectify_overdue' AND msg_id LIKE 'gj-rect-%'
		AND split_part(msg_id, '-', 3) ~ '^[0-9]{1,18}$';
UPDATE notifications SET jurisdiction = COALESCE((SELECT j.code FROM jurisdictions j
		WHERE j.code = split_part(msg_id, '-', 3)), '')
	WHERE case_id = 0 AND jurisdiction = '' AND event = 'load_high' AND msg_id LIKE 'gj-load-%';
UPDATE notifications SET jurisdiction = COALESCE((SELECT p.jurisdiction FROM project_messages m
		JOIN projects p ON p.id = m.project_id
		WHERE m.id = split_part(msg_id, '-', 2)::bigint), '')
	WHERE case_id = 0 AND jurisdiction = '' AND event = 'mention' AND split_part(msg_id, '-', 2) ~ '^[0-9]{1,18}$';
UPDATE notifications SET jurisdiction = COALESCE((SELECT p.jurisdiction FROM project_items i
		JOIN projects p ON p.id = i.project_id
		WHERE i.id = split_part(msg_id, '-', 2)::bigint), '')
	WHERE case_id = 0 AND jurisdiction = '' AND event = 'project_overdue' AND split_part(msg_id, '-', 2) ~ '^[0-9]{1,18}$';
