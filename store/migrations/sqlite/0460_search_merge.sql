-- FTS5 merges the segments that each write of the search indexes leaves.
-- With automerge at its default of 4, the merge work falls due in bursts
-- (for every 64 pages a table writes, 64 pages for each of its levels),
-- held in whichever transaction wrote: at a million cases a burst held the
-- one writer for 50–125 ms, and every report arriving meanwhile waited.
-- Merging a level only once 16 segments wait there gives fewer levels, so
-- smaller bursts, and rewrites each entry fewer times; searches read more
-- segments, which the bench did not measure as slower. crisismerge, the
-- count at which a whole level is merged at once, goes above it, so that
-- incremental merging has room to work first. Measured in
-- docs/performance.md ("7 December, midday").
INSERT INTO case_search (case_search, rank) VALUES ('automerge', 16);
INSERT INTO case_search (case_search, rank) VALUES ('crisismerge', 64);
INSERT INTO case_phrases (case_phrases, rank) VALUES ('automerge', 16);
INSERT INTO case_phrases (case_phrases, rank) VALUES ('crisismerge', 64);
