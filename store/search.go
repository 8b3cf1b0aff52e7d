package store

import (
	"context"
	"database/sql/driver"
	"math"
	"strings"
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

func init() {
	sqlite.MustRegisterFunction("guanjia_terms", &sqlite.FunctionImpl{
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
			return strings.Join(docTerms(texts...), " "), nil
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

// textCond returns the condition that narrows f's text search through the
// index, and its argument, or "" when the index would not help. ordered
// says the cases are wanted in an order and only the first few (a page);
// then, on SQLite, the number of candidates decides how:
//
//   - a few (up to orderedCandidates): each is read and checked, and the
//     matches sorted;
//   - more: the cases are read in the page's order, and only those among
//     the candidates checked, until the page is full; reading every
//     candidate would cost more than passing over the others;
//   - very many (over commonMatches): read in order and each checked, as
//     if there were no index, since gathering the candidates would cost
//     more than the check.
func (r *reader) textCond(ctx context.Context, f *guanjia.CaseFilter, ordered bool) (string, any) {
	if f.Text == nil {
		return "", nil
	}
	q := strings.TrimSpace(*f.Text)
	terms, cases := r.db.searchTerms(ctx, q)
	if len(terms) == 0 || utf8.RuneCountInString(q) > 200 {
		return "", nil
	}
	if r.d.postgres() {
		return r.textCondPostgres(ctx, terms, ordered)
	}
	match := ftsQuery(terms)
	if !ordered {
		return searchCandidates, match
	}
	var n int
	err := r.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM case_search WHERE case_search MATCH ? LIMIT ?)) "+
		"+ (SELECT COUNT(*) FROM case_search_queue)", match, commonMatches+1).Scan(&n)
	switch {
	case err != nil || n > commonMatches:
		return "", nil
	case n > orderedCandidates(cases):
		return "+" + searchCandidates, match // + keeps the planner from looking the candidates up
	}
	return searchCandidates, match
}

// orderedCandidates is how many candidates of a text search are worth
// reading one by one, with this many cases on file. Reading n candidates
// costs about n row reads; reading cases in order until a page of p is
// full costs about p × cases / n of the cheaper index reads (when most
// candidates match), so the two meet near the square root of ten times
// the cases: 1,000 at 100,000 cases, 3,000 at a million (measured with
// `guanjia bench`, pages of 50).
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
