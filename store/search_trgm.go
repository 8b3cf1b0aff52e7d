package store

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
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

// trgmCond is the condition that narrows a text search for q through the
// trigram index: the joined text contains q wherever one of the three
// does. (pg_trgm serves LIKE and ILIKE alike.)
func trgmCond(q string) string {
	return trgmText + " " + dialect{Postgres}.ilikeOf(q) + ` ? ESCAPE '\'`
}

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

// trgmPattern returns the pattern that narrows a search for q through the
// trigram index, when it does: q has a word of three characters or more,
// with a Chinese character. (Without one, as in a case number, its
// three-letter pieces are case_search's terms, and the rarest of them
// narrow more cheaply than all of pg_trgm's, some of which, such as the
// year's digits, are in every case.) The pattern is not q but a piece of
// it, trgmPiece: a text that holds q holds that piece, so the condition
// narrows to a superset, and the LIKE of caseWhere decides.
func (db *DB) trgmPattern(ctx context.Context, q string) (string, bool) {
	if !slices.ContainsFunc(docTrigrams(q), func(t string) bool { return strings.ContainsFunc(t, isHan) }) ||
		!db.trgmIndex(ctx) {
		return "", false
	}
	return "%" + escapeLike(trgmPiece(q, db.termSample(ctx))) + "%", true
}

// trgmPiece returns the piece of q (ASCII lower-cased) that a search
// narrows by through pg_trgm: the longest run, in one of q's words, of
// three-character pieces each in fewer than a tenth of the sample's cases
// (the rarest such run of those as long). pg_trgm intersects the lists of
// every three characters of its pattern: the more of them the fewer
// candidates, but the list of one in every case ("号附近" of addresses,
// "乌镇镇") costs more to read than it narrows. When every piece is that
// common, the rarest piece; without a sample, the longest word.
func trgmPiece(q string, s *termSample) string {
	var counts map[string]int32
	var read int32
	if s != nil {
		counts, read = s.counts, int32(s.read)
	}
	type run struct {
		pieces []string
		cost   int64
	}
	var best run
	better := func(r run) bool {
		return best.pieces == nil || len(r.pieces) > len(best.pieces) ||
			len(r.pieces) == len(best.pieces) && r.cost < best.cost
	}
	var rarest string
	words(q, func(w []rune) {
		var cur run
		trigramsOf(w, func(t string) {
			if rarest == "" || counts[t] < counts[rarest] {
				rarest = t
			}
			if read > 0 && counts[t]*10 >= read {
				cur = run{}
				return
			}
			cur.pieces, cur.cost = append(cur.pieces, t), cur.cost+int64(counts[t])
			if better(cur) {
				best = run{pieces: slices.Clone(cur.pieces), cost: cur.cost}
			}
		})
	})
	if best.pieces == nil {
		return rarest
	}
	return phraseText(best.pieces)
}

// phraseText returns the text whose three-character pieces, in a row, are
// the phrase's: "子夜路", "夜路1" make "子夜路1".
func phraseText(phrase []string) string {
	var b strings.Builder
	for i, p := range phrase {
		if i == 0 {
			b.WriteString(p)
			continue
		}
		_, size := utf8.DecodeLastRuneInString(p)
		b.WriteString(p[len(p)-size:])
	}
	return b.String()
}
