-- The command center's desk (issue 15): operator intake, the triage clock,
-- supervision orders and assignment inside a unit.
--
-- triage_due_at: a new case must be dispatched by then (Case.TriageDueAt);
-- it is also due_at while the case is new. untriaged_at: when the command
-- center was told the case had waited past it (once per case; the sweep's
-- mark, not part of the case's own state). supervision: the latest
-- supervision order and its feedback (JSON). handler_id: the unit's staff
-- member the case is assigned to, 0 for the whole unit.
ALTER TABLE cases ADD COLUMN triage_due_at timestamptz;
ALTER TABLE cases ADD COLUMN untriaged_at timestamptz;
ALTER TABLE cases ADD COLUMN supervision jsonb;
ALTER TABLE cases ADD COLUMN handler_id bigint NOT NULL DEFAULT 0;
CREATE INDEX cases_reporter_phone ON cases (reporter_phone, created_at) WHERE reporter_phone <> '';
CREATE INDEX cases_handler ON cases (handler_id, unit) WHERE handler_id <> 0;
CREATE INDEX cases_supervised ON cases (supervised, jurisdiction) WHERE supervised;

-- A category's triage limit, and a town's override of it (0: inherited).
ALTER TABLE categories ADD COLUMN triage_n integer NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN triage_unit text NOT NULL DEFAULT '';
ALTER TABLE category_overrides ADD COLUMN triage_n integer NOT NULL DEFAULT 0;
ALTER TABLE category_overrides ADD COLUMN triage_unit text NOT NULL DEFAULT '';
