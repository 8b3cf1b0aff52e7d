-- One planner reads the outbox for every channel kind (app/notify.go), in
-- place of a consumer per kind that each planned every message. It starts
-- where the furthest-behind kind had got to: the messages the others had
-- read already plan again to the same notification ids, which are not
-- added twice.
INSERT INTO consumer_cursors (name, last_id, updated_at)
SELECT 'notify-plan', MIN(last_id), COALESCE(MAX(updated_at), now())
FROM consumer_cursors
WHERE name IN ('notify-dingtalk', 'notify-wecom', 'notify-feishu', 'notify-webhook', 'notify-email', 'notify-sms')
HAVING COUNT(*) > 0;

DELETE FROM consumer_cursors
WHERE name IN ('notify-dingtalk', 'notify-wecom', 'notify-feishu', 'notify-webhook', 'notify-email', 'notify-sms');
