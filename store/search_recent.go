package store

import (
	"context"
	"strconv"

	"github.com/guanjia/guanjia"
)

// searchRecent finds the first page of a text search, newest first, from
// the newest candidates by id, when there are many (SQLite): the index
// yields its matches in descending id order and stops when it has enough,
// where gathering them all to sort (searchNewest) or reading every case
// newest first without the index costs thousands of reads. Ids follow the
// time of report as cases are written, but not always (a case imported
// with an old report time gets a new id): so the page holds only if no
// case with an id below every candidate read was reported after the last
// case of the page; then no candidate left unread can come before it.
// It returns nil when the plan does not apply (no candidates counted,
// few, another order, a later page, a search near a point), when fewer
// than a page and one match among the candidates read, or when the check
// fails: then the other ways search. common says whether a page and one
// matched among the candidates read: the query is common, and reading
// cases newest first without the index finds a page soon.
//
// A query so common that reading cases newest first finds a page within
// plainRead cases goes that way at once (common, nil), without the index:
// at a million cases, reading the newest candidates, sorting them and
// checking costs about as much as reading twenty cases a match.
func (r *reader) searchRecent(ctx context.Context, f *guanjia.CaseFilter, plan textPlan, sort caseSort, after *cursor, limit int) (out []*guanjia.Case, common bool, err error) {
	if plan.match == "" || plan.table == "" || sort.name != "created" || after != nil || f.Near != nil ||
		plan.n <= orderedCandidates(plan.cases) {
		return nil, false, nil
	}
	if plan.est > 0 && plan.est*plainRead >= plan.cases {
		return nil, true, nil
	}
	newest := "SELECT rowid FROM " + plan.table + " WHERE " + plan.table + " MATCH ? ORDER BY rowid DESC LIMIT " +
		strconv.Itoa(recentCandidates*(limit+1))
	where, args := caseWhere(r.d, f, r.filterNow(f),
		"(id IN ("+newest+") OR id IN ("+SearchWaiting+"))", plan.match)
	out, err = r.collect(ctx, nil, sort, where, args, nil, limit)
	if err != nil || len(out) <= limit {
		return nil, false, err
	}
	var later bool
	err = r.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE created_at > ? AND id < (SELECT MIN(rowid) FROM ("+newest+")))",
		out[limit].CreatedAt, plan.match).Scan(&later)
	if err != nil || later {
		return nil, true, err
	}
	return out, true, nil
}

// plainRead is, for each case of a page, how many cases newest first a
// text search reads without the index rather than take searchRecent's way
// (see there).
const plainRead = 20

// recentCandidates is how many candidates for each case of a page
// searchRecent reads: most candidates of a common query match.
const recentCandidates = 2
