package store

import (
	"context"
	"strings"
)

// Trigrams (PostgreSQL). Migration 0250 builds, where the pg_trgm
// extension can be created, a GIN index of each case's number,
// description and address joined (trgmText): pg_trgm finds the cases
// whose text holds every three characters in a row of a query's words,
// each far rarer than the pairs of characters that case_search knows, and
// checks their positions no more than LIKE does; the ILIKE that follows
// (caseWhere) decides as before, so the results are those of a search
// without it. Words of one or two characters have no such pieces: those
// queries go by case_search's terms. Where the extension is missing, or
// the database's locale does not count Chinese characters as letters (the
// C locale: pg_trgm would then skip them), every query goes by the terms.

// trgmText is the expression that migration 0250 indexes.
const trgmText = "(number || ' ' || description || ' ' || address)"

// trgmCond narrows a text search through the trigram index: the joined
// text contains the query wherever one of the three does.
const trgmCond = trgmText + ` ILIKE ? ESCAPE '\'`

// trgmState values, cached in DB.trgm.
const (
	trgmUnknown = iota
	trgmYes
	trgmNo
)

// trgmIndex reports whether the trigram index exists and serves Chinese
// text, asking the database the first time.
func (db *DB) trgmIndex(ctx context.Context) bool {
	switch db.trgm.Load() {
	case trgmYes:
		return true
	case trgmNo:
		return false
	}
	var ok bool
	err := db.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'cases_text_trgm'
		AND tablename = 'cases' AND schemaname = current_schema())`).Scan(&ok)
	if err == nil && ok { // the extension is there: does it see Chinese characters?
		err = db.queryRow(ctx, "SELECT cardinality(show_trgm('子夜路')) > 0").Scan(&ok)
	}
	if err != nil {
		return false // asked again next time
	}
	if ok {
		db.trgm.Store(trgmYes)
	} else {
		db.trgm.Store(trgmNo)
	}
	return ok
}

// trgmPattern returns the ILIKE pattern for q, when the trigram index can
// narrow a search for it: q has a word of three characters or more.
func (db *DB) trgmPattern(ctx context.Context, q string) (string, bool) {
	if len(docTrigrams(q)) == 0 || !db.trgmIndex(ctx) {
		return "", false
	}
	return "%" + escapeLike(strings.TrimSpace(q)) + "%", true
}
