package store

import (
	"context"
	"strconv"
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
		return list(ctx, r, r.d.pageQuery(whereClause(sort.cond(where, after)), sort.orderBy, limit+1),
			sort.args(args, after), scanCase)
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
		cs, err := list(ctx, r, r.d.pageQuery(whereClause(conds), "due_at, id", limit+1), a, scanCase)
		if err != nil || len(cs) > limit {
			return cs, err
		}
		out = cs
	}
	conds, a := append(where[:len(where):len(where)], "due_at IS NULL"), args
	if after != nil && after.t == nil {
		conds, a = append(conds, "id > ?"), append(args[:len(args):len(args)], after.id)
	}
	cs, err := list(ctx, r, r.d.pageQuery(whereClause(conds), "id", limit+1-len(out)), a, scanCase)
	return append(out, cs...), err
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
