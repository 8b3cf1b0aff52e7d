package store

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// Text search. Chinese is written without spaces and searched for by
// words of one or two characters, which no word index knows, and
// LIKE '%...%' reads every case. So each case is indexed by its search
// terms: in each run of Chinese characters, letters and digits of its
// number, description and address, every Chinese character, every pair
// of neighbours of which one is Chinese ("子夜", "路1"), and every three
// ASCII letters or digits in a row, lower-cased. A query's terms (its
// pairs, a lone Chinese character, its three-letter pieces) are all among
// the terms of any text that contains it, so the index yields a superset
// of the matches, and the LIKE that follows decides. A query without
// terms (a letter or two, punctuation) falls back to LIKE alone.
//
// On SQLite the terms go into an FTS5 table through guanjia_terms, a
// function registered here: triggers note the cases written, and write
// transactions index them a little later, many at a time (search_index.go). On
// PostgreSQL they go into a GIN-indexed text[]: a new case's are worked
// out here and written with it (insertSearchTerms), a changed case's by a
// PL/pgSQL function of the same name from a trigger (migrations 0003, 0280).

// isHan reports whether r is a Chinese character (CJK unified ideographs
// and their extensions, compatibility ideographs): the ranges the
// PostgreSQL function uses.
func isHan(r rune) bool {
	return (r >= 0x3400 && r <= 0x4dbf) || (r >= 0x4e00 && r <= 0x9fff) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0x20000 && r <= 0x2fa1f)
}

// isASCIIAlnum reports whether r is a lower-case ASCII letter or a digit.
func isASCIIAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}

// lowerASCII lower-cases ASCII letters only, as PostgreSQL's translate does.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// words calls fn with each maximal run of Chinese characters and ASCII
// letters and digits in s, ASCII lower-cased.
func words(s string, fn func(run []rune)) {
	var cur []rune
	for _, r := range lowerASCII(s) {
		if isHan(r) || isASCIIAlnum(r) {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			fn(cur)
		}
		cur = cur[:0]
	}
	if len(cur) > 0 {
		fn(cur)
	}
}

// termsOf calls add with the terms of a word: each Chinese character when
// single is true (a text's terms) or the word is one character long (a
// query's), each neighbouring pair of which at least one is Chinese
// ("子夜", "路1"), and each three ASCII letters or digits in a row.
func termsOf(word []rune, single bool, add func(string)) {
	ascii := 0 // length of the ASCII run ending at i
	for i, r := range word {
		if isHan(r) {
			ascii = 0
			if single || len(word) == 1 {
				add(string(r))
			}
		} else if ascii++; ascii >= 3 {
			add(string(word[i-2 : i+1]))
		}
		if i+1 < len(word) && (isHan(r) || isHan(word[i+1])) {
			add(string(word[i : i+2]))
		}
	}
}

// docTerms returns the distinct terms a text is found by.
func docTerms(texts ...string) []string {
	return collectTerms(texts, true)
}

// QueryTerms returns the search terms that every text containing q has
// (ignoring the case of ASCII letters); none means the index cannot help.
// FindCases narrows a text search by them.
func QueryTerms(q string) []string {
	return collectTerms([]string{q}, false)
}

func collectTerms(texts []string, doc bool) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, s := range texts {
		words(s, func(w []rune) { termsOf(w, doc, add) })
	}
	return out
}

// ftsQuery returns an FTS5 query that matches texts with all the terms.
func ftsQuery(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"` // terms are letters and digits: no quotes inside
	}
	return strings.Join(quoted, " ")
}

// commonMatches is how many matches make a term common: with more, the
// newest matches are quicker found by reading cases newest first and
// checking each, as if there were no index.
const commonMatches = 10000

// textPlan is how a text search uses the index.
type textPlan struct {
	cond string // the condition that narrows the search, "" for none
	arg  any    // its argument
	// On SQLite, for a page in order (see searchNewest, searchRecent):
	// the FTS5 query cond narrows by, "" for none, the table it asks,
	// the candidates it leaves (up to commonMatches+1: then cond is ""
	// and match is kept for searchRecent) and about how many cases there
	// are.
	match string
	table string
	n     int
	cases int64
	// guessed says n was not counted: the sample of terms (see
	// termSample.matches) made the query common, n is commonMatches+1,
	// and about est cases hold its rarest piece. When searchRecent finds
	// no page, the search is planned again, counted (textCondCounted).
	guessed bool
	est     int64
}

// textCond plans f's text search: the condition that narrows it through
// the index, or none when the index would not help. ordered says the
// cases are wanted in an order and only the first few (a page): then, on
// SQLite, a query whose terms are very common (over commonMatches cases)
// goes without the index, since reading cases in order and checking each
// finds a page sooner than gathering the candidates would. (See also
// searchNewest.)
func (r *reader) textCond(ctx context.Context, f *guanjia.CaseFilter, ordered bool) textPlan {
	return r.planText(ctx, f, ordered, true)
}

// textCondCounted is textCond for a page in order without the guess from
// the sample: the candidates are counted.
func (r *reader) textCondCounted(ctx context.Context, f *guanjia.CaseFilter) textPlan {
	return r.planText(ctx, f, true, false)
}

// planText is textCond; guess allows, on SQLite, for a page in order, to
// take a query as common without counting its candidates when the sample
// of terms says that more than commonMatches cases hold even its rarest
// piece: counting ten thousand candidates costs about as much as reading
// the page that searchRecent then finds among the newest.
func (r *reader) planText(ctx context.Context, f *guanjia.CaseFilter, ordered, guess bool) textPlan {
	if f.Text == nil {
		return textPlan{}
	}
	q := strings.TrimSpace(*f.Text)
	terms, cases := r.db.searchTerms(ctx, q)
	if len(terms) == 0 || utf8.RuneCountInString(q) > 200 {
		return textPlan{}
	}
	if r.d.postgres() {
		return r.textCondPostgres(ctx, q, terms, ordered)
	}
	table, byIndex, match := "case_search", searchCandidates, ftsQuery(terms)
	phrases, whole := r.db.phrasePlan(ctx, q)
	if phrases != "" {
		table, byIndex, match = "case_phrases", phraseCandidates, phrases
	}
	if !ordered {
		return textPlan{cond: byIndex, arg: match}
	}
	if est := r.db.termSample(ctx).matches(q); guess && est > commonMatches {
		return textPlan{match: match, table: table, n: commonMatches + 1, cases: cases, guessed: true, est: est}
	}
	var c candidates
	var err error
	if table == "case_phrases" {
		match, c, err = r.narrowPhrases(ctx, match, whole)
	} else {
		match, c, err = r.narrow(ctx, q, terms)
	}
	switch {
	case err != nil:
		return textPlan{}
	case c.n > commonMatches: // no narrowing, but searchRecent may find a page
		return textPlan{match: match, table: table, n: c.n, cases: cases}
	}
	// The candidates by their ids, read once: the index is not asked again.
	return textPlan{cond: candidateIDs, arg: c.ids, match: match, table: table, n: c.n, cases: cases}
}

// candidates are the cases a text search narrows to on SQLite: how many,
// up to commonMatches+1, and, when no more than commonMatches, their ids as
// a JSON array, for candidateIDs.
type candidates struct {
	n   int
	ids string
}

// candidateIDs is the condition that narrows to the candidates by their ids.
const candidateIDs = "id IN (SELECT value FROM json_each(?))"

// narrow returns the FTS5 query that a text search for q narrows by, and
// the candidates it leaves: by the terms that searchTerms picked, or by all
// of q's terms when those leave too many (a rare phrase of common pieces,
// such as a case number whose date is not in the sample).
func (r *reader) narrow(ctx context.Context, q string, terms []string) (string, candidates, error) {
	match := ftsQuery(terms)
	c, err := r.countCandidates(ctx, "case_search", match)
	if err != nil || c.n <= commonMatches {
		return match, c, err
	}
	all := QueryTerms(q)
	if len(all) == len(terms) {
		return match, c, nil
	}
	matchAll := ftsQuery(all)
	cAll, err := r.countCandidates(ctx, "case_search", matchAll)
	if err != nil || cAll.n > commonMatches {
		return match, c, err
	}
	return matchAll, cAll, nil
}

// countCandidates reads the cases whose terms (in table case_search) or
// phrases (case_phrases) match, and those waiting for the index: how many,
// up to commonMatches+1, and their ids when no more.
func (r *reader) countCandidates(ctx context.Context, table, match string) (candidates, error) {
	var c candidates
	err := r.queryRow(ctx, "SELECT COUNT(*), json_group_array(id) FROM (SELECT id FROM (SELECT rowid AS id FROM "+table+
		" WHERE "+table+" MATCH ? LIMIT ?) UNION ALL "+SearchWaiting+")", match, commonMatches+1).Scan(&c.n, &c.ids)
	if c.n > commonMatches {
		c.ids = ""
	}
	return c, err
}

// searchNewest finds the first page of a text search, newest first, among
// the newest cases only, when there are many candidates: reading each of
// thousands to sort them costs tens of milliseconds, where reading the
// newest cases in order and checking only candidates finds a page of
// common words within a few thousand. The newest are taken as many as
// should hold two pages if most candidates match; when fewer than a page
// and one match there, the matches are not known to be the newest of all,
// and it returns nil, nil for the search over all cases. It returns nil,
// nil too when the plan does not apply: no candidates counted (PostgreSQL,
// no index), another order, a later page, a search near a point, or few
// candidates.
func (r *reader) searchNewest(ctx context.Context, f *guanjia.CaseFilter, plan textPlan, sort caseSort, after *cursor, limit int) ([]*guanjia.Case, error) {
	if plan.cond == "" || plan.match == "" || sort.name != "created" || after != nil || f.Near != nil || plan.n <= orderedCandidates(plan.cases) {
		return nil, nil
	}
	window := 2 * (limit + 1) * int(max(plan.cases, 1)) / plan.n
	var since time.Time
	err := r.queryRow(ctx, "SELECT created_at FROM cases ORDER BY created_at DESC LIMIT 1 OFFSET ?", window-1).Scan(timeCol{&since})
	if err != nil {
		return nil, nil // fewer cases than that: search them all
	}
	where, args := caseWhere(r.d, f, r.filterNow(f), "+"+plan.cond, plan.arg)
	// + keeps the planner from looking the candidates up one by one.
	where, args = append(where, "created_at >= ?"), append(args, since)
	out, err := r.collect(ctx, nil, sort, where, args, nil, limit)
	if err != nil || len(out) <= limit {
		return nil, err
	}
	return out, nil
}

// orderedCandidates is how many candidates of a text search are worth
// reading one by one, with this many cases on file: below it, reading
// each and sorting the matches is quicker than searchNewest; the two meet
// near the square root of ten times the cases (measured with `guanjia
// bench`, pages of 50).
func orderedCandidates(cases int64) int {
	return max(500, int(math.Sqrt(10*float64(cases))))
}

// searchCandidates are, on SQLite, the cases whose terms match and those
// still waiting for the index.
const searchCandidates = "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ? UNION ALL " + SearchWaiting + ")"

// textCondPostgres is textCond on PostgreSQL. A query with a word of
// three characters or more narrows through the trigram index, where there
// is one (search_trgm.go); others through case_search's terms. For a page
// in order, a query that the sample of terms makes common (more than
// commonMatches cases) goes without the index: reading cases newest first
// and checking each finds a page sooner than gathering the candidates
// would. Otherwise, by the terms: PostgreSQL's planner, which does not
// know what ILIKE costs on Chinese text, would rather read every case and
// join than look up a few hundred by id; so a page of results is asked
// for by the candidates' ids, found first.
func (r *reader) textCondPostgres(ctx context.Context, q string, terms []string, ordered bool) textPlan {
	pattern, trgm := r.db.trgmPattern(ctx, q)
	words := strings.Join(terms, " ")
	switch {
	case !ordered && trgm:
		return textPlan{cond: trgmCond(q), arg: pattern}
	case !ordered:
		return textPlan{cond: "EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = cases.id AND s.terms @> string_to_array(?, ' '))", arg: words}
	case r.db.termSample(ctx).matches(q) > commonMatches:
		return textPlan{}
	case trgm:
		return textPlan{cond: trgmCond(q), arg: pattern}
	}
	rows, err := r.query(ctx, "SELECT case_id FROM case_search WHERE terms @> string_to_array(?, ' ') LIMIT ?",
		words, commonMatches+1)
	if err != nil {
		return textPlan{}
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if rows.Scan(&id) != nil {
			return textPlan{}
		}
		ids = append(ids, id)
	}
	if rows.Err() != nil || len(ids) > commonMatches {
		return textPlan{}
	}
	return textPlan{cond: "id = ANY(?)", arg: ids}
}
