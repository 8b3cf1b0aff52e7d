-- New cases wait here for their parts in stat_days: a group of new cases
-- notes its ids, and a fold adds their parts as case_stats has them and
-- takes the notes away, in a transaction of its own (store/stat_pending.go).
CREATE TABLE stat_pending (
    case_id BIGINT PRIMARY KEY
);
