-- Notes the system writes are stored as a catalogue key with arguments and
-- rendered in the reader's language (guanjia.Event.NoteKey). Older system
-- notes, stored as English text, are recognised when shown: the timeline is
-- append-only, so they stay as they are.
ALTER TABLE events ADD COLUMN note_key text NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN note_args jsonb; -- JSON array of strings

-- A case sent back after a fix no longer carries that fix as its result.
UPDATE cases SET resolution = '' WHERE status NOT IN ('resolved', 'closed') AND resolution <> '';
