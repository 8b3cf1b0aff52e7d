-- Overdue rectifications told to the owner and the finding authority:
-- one row per case and deadline, written in the same transaction as the
-- notifications, so each deadline passed is told once.
CREATE TABLE bnb_rectification_overdue (
	case_id bigint NOT NULL,
	due     text NOT NULL,
	sent_at timestamptz NOT NULL,
	PRIMARY KEY (case_id, due)
);
