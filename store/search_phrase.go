package store

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
)

// Phrases (SQLite). The terms of search.go find a query's pairs of
// characters anywhere in a text, not next to each other: "子夜路12号" has
// "子夜", "路1" and "2号" in a twelfth of all cases, in whatever address,
// and its candidates are thousands where its matches are a few hundred;
// intersecting the long lists of those terms costs more again. So on
// SQLite a second index, case_phrases (migration 0210), holds every three
// characters in a row of each word (each maximal run of Chinese
// characters, letters and digits, ASCII lower-cased) of a case's number,
// description and address, in order, with their positions: a query word
// of three characters or more is then a phrase of its own three-character
// pieces, each far rarer than a pair, found next to each other as in the
// query. Every text that contains the query contains each such phrase,
// so the phrases narrow to a superset of the matches, and the LIKE that
// follows decides as before. Queries of words of one or two characters
// only go by the terms.

// trigramsOf calls add with each three characters in a row of a word, in order.
func trigramsOf(word []rune, add func(string)) {
	for i := 0; i+3 <= len(word); i++ {
		add(string(word[i : i+3]))
	}
}

// docTrigrams returns the three-character pieces of the texts' words, in
// order, repeats included: what case_phrases holds of a case.
func docTrigrams(texts ...string) []string {
	var out []string
	for _, s := range texts {
		words(s, func(w []rune) { trigramsOf(w, func(t string) { out = append(out, t) }) })
	}
	return out
}

// Phrase sizes.
const (
	phraseLen  = 3 // pieces of a phrase searched for, at most, at first
	phrasesMax = 2 // phrases a search narrows by, at most
	// phraseMany is how many candidates make a search narrow by whole
	// words instead: three pieces of "环河路217号" (路21 217 17号) are in
	// ten times as many addresses as it.
	phraseMany = 1000
)

// queryPhrases returns the phrases a text search for q narrows by, each
// a run of the three-character pieces of one of q's words: for each word
// of three characters or more, the run of up to phraseLen pieces whose
// pieces are rarest (by counts, the documents of a sample that have each
// piece, when known), and of those the phrasesMax rarest. None when q has
// no such word.
func queryPhrases(q string, counts map[string]int32) [][]string {
	return queryPhrasesOf(q, counts, phraseLen)
}

// queryPhrasesOf is queryPhrases with runs of up to length pieces.
func queryPhrasesOf(q string, counts map[string]int32, length int) [][]string {
	type phrase struct {
		pieces []string
		cost   int64
	}
	var all []phrase
	words(q, func(w []rune) {
		var pieces []string
		trigramsOf(w, func(t string) { pieces = append(pieces, t) })
		if len(pieces) == 0 {
			return
		}
		var best phrase
		n := min(length, len(pieces))
		for i := 0; i+n <= len(pieces); i++ {
			p := phrase{pieces: pieces[i : i+n]}
			for _, t := range p.pieces {
				p.cost += int64(counts[t])
			}
			if best.pieces == nil || p.cost < best.cost {
				best = p
			}
		}
		all = append(all, best)
	})
	if len(all) == 0 {
		return nil
	}
	// Stable: among equally rare phrases the query's own order decides.
	slices.SortStableFunc(all, func(a, b phrase) int { return cmp.Compare(a.cost, b.cost) })
	out := make([][]string, 0, min(len(all), phrasesMax))
	for _, p := range all[:min(len(all), phrasesMax)] {
		out = append(out, p.pieces)
	}
	return out
}

// phraseQuery returns the FTS5 query that matches texts with all the
// phrases.
func phraseQuery(phrases [][]string) string {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = `"` + strings.Join(p, " ") + `"` // pieces are letters and digits: no quotes inside
	}
	return strings.Join(quoted, " ")
}

// phraseCandidates are, on SQLite, the cases whose phrases match and
// those still waiting for the index.
const phraseCandidates = "id IN (SELECT rowid FROM case_phrases WHERE case_phrases MATCH ? UNION ALL " + SearchWaiting + ")"

// phrasePlan returns the FTS5 query on case_phrases that a text search
// for q narrows by, "" when q has no word of three characters or more,
// and the query by the same words whole, for when the first leaves too
// many candidates.
func (db *DB) phrasePlan(ctx context.Context, q string) (match, whole string) {
	var counts map[string]int32
	if s := db.termSample(ctx); s != nil {
		counts = s.counts
	}
	phrases := queryPhrases(q, counts)
	if len(phrases) == 0 {
		return "", ""
	}
	return phraseQuery(phrases), phraseQuery(queryPhrasesOf(q, counts, math.MaxInt))
}

// narrowPhrases returns the FTS5 query on case_phrases that a search
// narrows by and the candidates it leaves: match's, or whole's when match
// leaves more than phraseMany and whole fewer.
func (r *reader) narrowPhrases(ctx context.Context, match, whole string) (string, candidates, error) {
	c, err := r.countCandidates(ctx, "case_phrases", match)
	if err != nil || c.n <= phraseMany || whole == match {
		return match, c, err
	}
	cWhole, err := r.countCandidates(ctx, "case_phrases", whole)
	if err != nil || cWhole.n >= c.n {
		return match, c, err
	}
	return whole, cWhole, nil
}

// SearchMatch returns, on SQLite, how a text search for q narrows (see
// textCond): the FTS5 table it asks (case_search or case_phrases) and
// the query; "" when it goes without the index, or on PostgreSQL. For
// those who issue the store's SQL themselves.
func (db *DB) SearchMatch(ctx context.Context, q string) (table, match string) {
	if db.engine == Postgres {
		return "", ""
	}
	if m, whole := db.phrasePlan(ctx, q); m != "" {
		if common, _ := db.SearchCommon(ctx, q); common {
			return "case_phrases", m // not narrowed further: see planText
		}
		if narrowed, _, err := db.narrowPhrases(ctx, m, whole); err == nil {
			m = narrowed
		}
		return "case_phrases", m
	}
	if terms, _ := db.searchTerms(ctx, q); len(terms) > 0 {
		return "case_search", ftsQuery(terms)
	}
	return "", ""
}

// SearchCommon reports whether a text search for a page of q takes it as
// common without counting its candidates (see planText), and if so whether
// it reads cases newest first at once, without the index (plain; see
// searchRecent). For those who issue the store's SQL themselves.
func (db *DB) SearchCommon(ctx context.Context, q string) (common, plain bool) {
	s := db.termSample(ctx)
	est := s.matches(strings.TrimSpace(q))
	if est <= commonMatches {
		return false, false
	}
	return true, db.engine == Postgres || est*plainRead >= s.cases
}

// SearchTrigrams returns, on PostgreSQL, the condition and its argument
// by which a text search for q narrows through the trigram index, ""
// when it does not (search_trgm.go). For those who issue the store's SQL
// themselves.
func (db *DB) SearchTrigrams(ctx context.Context, q string) (cond, pattern string) {
	if db.engine != Postgres {
		return "", ""
	}
	if p, ok := db.trgmPattern(ctx, strings.TrimSpace(q)); ok {
		return trgmCond(strings.TrimSpace(q)), p
	}
	return "", ""
}
