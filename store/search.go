package store

import (
	"context"
	"database/sql/driver"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
	"modernc.org/sqlite"
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
// PostgreSQL they go into a GIN-indexed text[] through a PL/pgSQL function
// of the same name, from triggers (migration 0003).

// init registers guanjia_terms with the SQLite driver. It stays an init:
// the registration is a process-wide side effect, not a value, and must
// come before any connection (Open's, a checkpoint's, a backup's) fires
// the triggers that call the function.
func init() {
	registerTextFunction("guanjia_terms", docTerms)
}

// registerTextFunction registers with the SQLite driver a function of
// name over any number of texts (NULLs skipped) that returns what fn
// makes of them, joined by spaces.
func registerTextFunction(name string, fn func(texts ...string) []string) {
	sqlite.MustRegisterFunction(name, &sqlite.FunctionImpl{
		NArgs: -1, Deterministic: true,
		Scalar: func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			texts := make([]string, 0, len(args))
			for _, a := range args {
				switch v := a.(type) {
				case string:
					texts = append(texts, v)
				case []byte:
					texts = append(texts, string(v))
				}
			}
			return strings.Join(fn(texts...), " "), nil
		},
	})
}

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
}

// textCond plans f's text search: the condition that narrows it through
// the index, or none when the index would not help. ordered says the
// cases are wanted in an order and only the first few (a page): then, on
// SQLite, a query whose terms are very common (over commonMatches cases)
// goes without the index, since reading cases in order and checking each
// finds a page sooner than gathering the candidates would. (See also
// searchNewest.)
func (r *reader) textCond(ctx context.Context, f *guanjia.CaseFilter, ordered bool) textPlan {
	if f.Text == nil {
		return textPlan{}
	}
	q := strings.TrimSpace(*f.Text)
	terms, cases := r.db.searchTerms(ctx, q)
	if len(terms) == 0 || utf8.RuneCountInString(q) > 200 {
		return textPlan{}
	}
	if r.d.postgres() {
		cond, arg := r.textCondPostgres(ctx, terms, ordered)
		return textPlan{cond: cond, arg: arg}
	}
	table, candidates, match := "case_search", searchCandidates, ftsQuery(terms)
	phrases, whole := r.db.phrasePlan(ctx, q)
	if phrases != "" {
		table, candidates, match = "case_phrases", phraseCandidates, phrases
	}
	if !ordered {
		return textPlan{cond: candidates, arg: match}
	}
	var n int
	var err error
	if table == "case_phrases" {
		match, n, err = r.narrowPhrases(ctx, match, whole)
	} else {
		match, n, err = r.narrow(ctx, q, terms)
	}
	switch {
	case err != nil:
		return textPlan{}
	case n > commonMatches: // no narrowing, but searchRecent may find a page
		return textPlan{match: match, table: table, n: n, cases: cases}
	}
	return textPlan{cond: candidates, arg: match, match: match, table: table, n: n, cases: cases}
}

// narrow returns the FTS5 query that a text search for q narrows by, and
// how many candidates it leaves, up to commonMatches+1: by the terms that
// searchTerms picked, or by all of q's terms when those leave too many (a
// rare phrase of common pieces, such as a case number whose date is not in
// the sample).
func (r *reader) narrow(ctx context.Context, q string, terms []string) (string, int, error) {
	match := ftsQuery(terms)
	n, err := r.countCandidates(ctx, "case_search", match)
	if err != nil || n <= commonMatches {
		return match, n, err
	}
	all := QueryTerms(q)
	if len(all) == len(terms) {
		return match, n, nil
	}
	matchAll := ftsQuery(all)
	nAll, err := r.countCandidates(ctx, "case_search", matchAll)
	if err != nil || nAll > commonMatches {
		return match, n, err
	}
	return matchAll, nAll, nil
}

// countCandidates counts, up to commonMatches+1, the cases whose terms
// (in table case_search) or phrases (case_phrases) match, and those
// waiting for the index.
func (r *reader) countCandidates(ctx context.Context, table, match string) (int, error) {
	var n int
	err := r.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" WHERE "+table+" MATCH ? LIMIT ?)) "+
		"+ (SELECT COUNT(*) FROM case_search_queue)", match, commonMatches+1).Scan(&n)
	return n, err
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
	where, args := caseWhere(r.d, f, r.filterNow(f), "+"+plan.cond, plan.match)
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
const searchCandidates = "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ? UNION ALL SELECT case_id FROM case_search_queue)"

// textCondPostgres is textCond on PostgreSQL. Its planner, which does not
// know what ILIKE costs on Chinese text, would rather read every case and
// join than look up a few hundred by id; so a page of results is asked for
// by the candidates' ids, found first.
func (r *reader) textCondPostgres(ctx context.Context, terms []string, ordered bool) (string, any) {
	words := strings.Join(terms, " ")
	if !ordered {
		return "EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = cases.id AND s.terms @> string_to_array(?, ' '))", words
	}
	rows, err := r.query(ctx, "SELECT case_id FROM case_search WHERE terms @> string_to_array(?, ' ') LIMIT ?",
		words, commonMatches+1)
	if err != nil {
		return "", nil
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if rows.Scan(&id) != nil {
			return "", nil
		}
		ids = append(ids, id)
	}
	if rows.Err() != nil || len(ids) > commonMatches {
		return "", nil
	}
	return "id = ANY(?)", ids
}
