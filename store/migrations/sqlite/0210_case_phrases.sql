-- case_phrases indexes, with their positions, every three characters in a
-- row of each word (maximal run of Chinese characters, letters and digits,
-- ASCII lower-cased) of a case's number, description and address, in
-- order: a search for a word of three characters or more narrows by a
-- phrase of its pieces, far fewer candidates than its pairs anywhere in the
-- text (store/search_phrase.go). guanjia_trigrams is a function the store
-- registers. New cases waiting in case_search_queue (changed = 0) the
-- store indexes into both case_search and this table (Tx.indexSearch), so
-- they are left out here; changed ones it takes out of both first.
CREATE VIRTUAL TABLE case_phrases USING fts5(
	trigrams, content = '', contentless_delete = 1, detail = full,
	tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO case_phrases (rowid, trigrams)
SELECT id, guanjia_trigrams(number, description, address) FROM cases
WHERE id NOT IN (SELECT case_id FROM case_search_queue WHERE changed = 0);

-- One segment, as after a rebuild: reading it is quickest.
INSERT INTO case_phrases (case_phrases) VALUES ('optimize');
