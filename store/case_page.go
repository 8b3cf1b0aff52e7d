package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guanjia/guanjia"
)

// Reading a page of cases in order: FindCases decides what to read, these
// read it.

// collect reads cases in sort order after the cursor until it has limit+1
// that match, or none are left. Without near, one query of limit+1 rows
// does; with near, rows outside the circle are dropped, so it reads on in
// batches, of places and sort keys only, and then the whole rows of the
// cases it keeps.
func (r *reader) collect(ctx context.Context, near *guanjia.Circle, sort caseSort,
	where []string, args []any, after *cursor, limit int) ([]*guanjia.Case, error) {
	if near == nil && sort.name == "due" && sort.orderBy != dueRunning.orderBy {
		return r.collectDue(ctx, where, args, after, limit)
	}
	if near == nil {
		a := sort.args(args, after)
		return list(ctx, r, r.pageQuery(ctx, whereClause(sort.cond(where, after)), sort.orderBy, limit+1, a), a, scanCase)
	}
	batch := max(limit+1, nearBatch)
	var ids []any
	for {
		// Only what places and orders a case: on open cases an index
		// holds it all.
		ks, err := list(ctx, r, "SELECT id, lat, lng, "+sort.column+" FROM cases"+
			whereClause(sort.cond(where, after))+" ORDER BY "+sort.orderBy+" LIMIT "+strconv.Itoa(batch),
			sort.args(args, after), scanCaseKey)
		if err != nil {
			return nil, err
		}
		for _, k := range ks {
			if withinCircle(*near, k.lat, k.lng) {
				ids = append(ids, k.id)
			}
			if len(ids) > limit {
				break
			}
		}
		if len(ids) > limit || len(ks) < batch {
			break
		}
		last := ks[len(ks)-1]
		after = &cursor{sort: sort.name, t: last.t, id: last.id}
	}
	if len(ids) == 0 {
		return []*guanjia.Case{}, nil
	}
	return list(ctx, r, "SELECT "+caseColumns+" FROM cases WHERE id IN ("+placeholders(len(ids))+") ORDER BY "+sort.orderBy,
		ids, scanCase)
}

// collectDue reads limit+1 cases in the due order (deadline, none last,
// then id) in two parts: the cases whose deadline runs, which an index of
// deadlines yields in order, then the others by id. Sorted in one query,
// NULLS LAST would make the database sort all of a unit's cases.
func (r *reader) collectDue(ctx context.Context, where []string, args []any, after *cursor, limit int) ([]*guanjia.Case, error) {
	out := []*guanjia.Case{}
	if after == nil || after.t != nil {
		conds, a := append(where[:len(where):len(where)], "due_at IS NOT NULL"), args
		if after != nil {
			conds, a = append(conds, "(due_at, id) > (?, ?)"), append(args[:len(args):len(args)], after.t, after.id)
		}
		q, qa := r.duePage(ctx, conds, a, "due_at, id", limit+1)
		cs, err := list(ctx, r, q, qa, scanCase)
		if err != nil || len(cs) > limit {
			return cs, err
		}
		out = cs
	}
	conds, a := append(where[:len(where):len(where)], "due_at IS NULL"), args
	if after != nil && after.t == nil {
		conds, a = append(conds, "id > ?"), append(args[:len(args):len(args)], after.id)
	}
	q, qa := r.duePage(ctx, conds, a, "id", limit+1-len(out))
	cs, err := list(ctx, r, q, qa, scanCase)
	return append(out, cs...), err
}

// duePage returns the query, with its arguments, for a page of limit
// cases of conds in the order orderBy: "due_at, id" for the cases whose
// deadline runs, "id" for the others (due_at IS NULL). On PostgreSQL a
// unit's cases of some statuses (its queue), and a grid's running ones (a
// housekeeper's page), are read a status at a time, each page from the
// index of their statuses by deadline (a unit's in id order where due_at
// is NULL), and the pages merged. Asked for them together, PostgreSQL takes the chances
// of a status and of a running deadline to be independent, when they go
// together, and misjudges how many cases match by a factor of thirty
// either way: it found all of a large unit's running cases and sorted
// them (7,412 at a million cases, 12–24 ms), and for a unit with fewer
// than a page in hand it looked for the others by walking every case in
// id order (380–460 ms). Read by status, a page is 0.3 ms.
func (r *reader) duePage(ctx context.Context, conds []string, args []any, orderBy string, limit int) (string, []any) {
	i := slices.IndexFunc(conds, func(c string) bool { _, ok := statusesOf(c); return ok })
	// The indexes by status: a unit's of all its cases, a grid's of its
	// running cases (migrations 0320 and 0330).
	byStatus := slices.Contains(conds, "unit = ?") || orderBy != "id" && slices.Contains(conds, "grid = ?")
	if !r.d.postgres() || i < 0 || !byStatus {
		return r.pageQuery(ctx, whereClause(conds), orderBy, limit, args), args
	}
	statuses, _ := statusesOf(conds[i])
	n := strconv.Itoa(limit)
	// Where due_at is NULL throughout, "due_at, id" is the order of id.
	const order = " ORDER BY due_at, id LIMIT "
	if len(statuses) == 1 {
		return "SELECT " + caseColumns + " FROM cases" + whereClause(conds) + order + n, args
	}
	branches := make([]string, len(statuses))
	all := make([]any, 0, len(statuses)*len(args))
	for j, s := range statuses {
		one := slices.Clone(conds)
		one[i] = "status = '" + string(s) + "'"
		branches[j] = "SELECT " + caseColumns + ", due_at AS due_key FROM cases" + whereClause(one) + order + n
		all = append(all, args...)
	}
	return "SELECT " + caseColumns + " FROM ((" + strings.Join(branches, ") UNION ALL (") +
		")) u ORDER BY due_key, id LIMIT " + n, all
}

// statusesOf returns the statuses of a condition statusIn wrote, and
// whether cond is one.
func statusesOf(cond string) ([]guanjia.Status, bool) {
	list, ok := strings.CutPrefix(cond, "status IN ('")
	if !ok {
		return nil, false
	}
	if list, ok = strings.CutSuffix(list, "')"); !ok {
		return nil, false
	}
	var out []guanjia.Status
	for _, s := range strings.Split(list, "', '") {
		if !guanjia.Status(s).Valid() {
			return nil, false
		}
		out = append(out, guanjia.Status(s))
	}
	return out, true
}

// RunningPage returns the SQL, with its arguments, that reads a page of
// limit cases of conds (conditions with ? placeholders, the running
// deadline's among them) in deadline order, as FindCases reads a queue:
// for `guanjia bench`'s floor, which issues the store's SQL directly.
func (db *DB) RunningPage(ctx context.Context, conds []string, args []any, limit int) (string, []any) {
	q, a := db.duePage(ctx, conds, args, "due_at, id", limit)
	return db.d.rebind(q), a
}

// cond returns the conditions with the cursor's added.
func (s caseSort) cond(where []string, after *cursor) []string {
	if after == nil {
		return where
	}
	cond, _ := s.after(after.t, after.id)
	return append(where[:len(where):len(where)], cond)
}

// args returns the arguments with the cursor's added.
func (s caseSort) args(args []any, after *cursor) []any {
	if after == nil {
		return args
	}
	_, a := s.after(after.t, after.id)
	return append(args[:len(args):len(args)], a...)
}

// caseKey is what collect needs of a case to place it and order it.
type caseKey struct {
	id       int64
	lat, lng float64
	t        *time.Time // the sort's key
}

func scanCaseKey(s scanner) (caseKey, error) {
	var k caseKey
	err := s.Scan(&k.id, &k.lat, &k.lng, nullTimeCol{&k.t})
	return k, err
}

// pageQuery returns the query for a page of limit cases of where in the
// order orderBy, whose arguments are args. PostgreSQL plans that by itself.
// SQLite reads the page directly when it walks an index in the page's
// order; when it would sort, the page's ids are found first, from the
// indexes alone where they suffice, and only the page's rows are read, so
// that sorting a grid's thousands of cases sorts small entries, not whole
// rows. At a million cases (`go test ./store -bench LoadedReads/queue`
// and the sqlite3 shell) a unit's running cases by deadline took 335 µs
// directly against 420–450 µs ids first, a grid's newest 172 ms directly
// against 60 ms ids first.
func (r *reader) pageQuery(ctx context.Context, where, orderBy string, limit int, args []any) string {
	n := strconv.Itoa(limit)
	direct := "SELECT " + caseColumns + " FROM cases" + where + " ORDER BY " + orderBy + " LIMIT " + n
	if r.d.postgres() || pageReads == readDirectly ||
		pageReads == readByPlan && !r.db.pages.sorts(ctx, r, direct, args) {
		return direct
	}
	return "SELECT " + caseColumns + " FROM cases WHERE id IN (SELECT id FROM cases" + where +
		" ORDER BY " + orderBy + " LIMIT " + n + ") ORDER BY " + orderBy
}

// How SQLite reads pages of cases: as their plans say (see pageQuery), or,
// for tests, always directly or always ids first.
const (
	readByPlan = iota
	readDirectly
	readIDsFirst
)

var pageReads = readByPlan

// pagePlans remembers whether SQLite sorts to answer a page's query, by
// the query's text: asked of the planner once per query, not per read.
// Which way the plan goes may depend on the arguments, or change with new
// planner statistics; a wrong guess only costs time.
type pagePlans struct {
	m sync.Map // query → bool
	n atomic.Int32
}

// maxPagePlans bounds the plans remembered; queries built from filters
// come in many shapes.
const maxPagePlans = 1024

// sorts reports whether SQLite would sort the rows of query, run with
// args, rather than read them in order from an index. When the plan cannot
// be had it says yes: reading ids first is never much slower.
func (p *pagePlans) sorts(ctx context.Context, r *reader, query string, args []any) bool {
	if v, ok := p.m.Load(query); ok {
		return v.(bool)
	}
	sorts, err := planSorts(ctx, r, query, args)
	if err != nil {
		return true
	}
	if p.n.Add(1) > maxPagePlans {
		p.forget()
	}
	p.m.Store(query, sorts)
	return sorts
}

// forget drops the plans remembered, when the planner's statistics change.
func (p *pagePlans) forget() {
	p.m.Clear()
	p.n.Store(0)
}

// planSorts asks SQLite's planner whether query sorts its rows (a
// temporary B-tree for its ORDER BY).
func planSorts(ctx context.Context, r *reader, query string, args []any) (bool, error) {
	plan, err := queryPlan(ctx, r.q, query, r.d.args(args)...)
	for line := range strings.Lines(plan) {
		if strings.Contains(line, "B-TREE FOR") && strings.Contains(line, "ORDER BY") {
			return true, err
		}
	}
	return false, err
}

// queryPlan returns SQLite's EXPLAIN QUERY PLAN of query on q, a line a
// step.
func queryPlan(ctx context.Context, q querier, query string, args ...any) (string, error) {
	rows, err := q.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int64
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		plan.WriteString(detail + "\n")
	}
	return plan.String(), rows.Err()
}
