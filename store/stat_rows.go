package store

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/guanjia/guanjia"
)

// Rows of stat_days to add (see stat_day.go), summed by row in memory,
// and their writing, many to a statement.

// statKey is a row of stat_days.
type statKey struct {
	dim          string
	day          int
	jurisdiction string
	unit, k      string
}

// compareStatKeys orders rows of stat_days as writeStatRows writes them.
func compareStatKeys(a, b statKey) int {
	return cmp.Or(cmp.Compare(a.dim, b.dim), cmp.Compare(a.day, b.day), cmp.Compare(a.jurisdiction, b.jurisdiction),
		cmp.Compare(a.unit, b.unit), cmp.Compare(a.k, b.k))
}

// statRows are rows of stat_days to add, summed by row.
type statRows map[statKey][]int64

func (rs statRows) add(key statKey, part []int64, sign int64) {
	row := rs[key]
	if row == nil {
		row = make([]int64, len(statSums))
		rs[key] = row
	}
	for j, v := range part {
		row[j] += sign * v
	}
}

// addCase adds case s's part to rows, times sign: its sums (statSums'
// of) in each dimension of statDims, by day and by month, the rows that
// statDaysSelect makes of its case_stats row. Worked out here rather than
// read through that statement, a change of a case (RecordCaseStat) costs
// no reads of its parts: they had been 57% of a change's CPU on SQLite.
func (rs statRows) addCase(s *guanjia.CaseStat, sign int64) {
	part := make([]int64, len(statSums))
	for j, sum := range statSums {
		part[j] = sum.of(s)
	}
	for _, dim := range statDims {
		unit, k := s.Unit, s.Jurisdiction
		switch dim {
		case "town":
			unit = ""
		case "unit":
			k = s.Unit
		case "village":
			k = s.Village
		case "grid":
			k = s.Grid
		case "category":
			k = s.Category
		case "channel":
			k = string(s.Channel)
		}
		rs.add(statKey{dim, s.Day, s.Jurisdiction, unit, k}, part, sign)
		rs.add(statKey{dim + ":m", guanjia.MonthStart(s.Day), s.Jurisdiction, unit, k}, part, sign)
	}
}

// writeStatRows adds rows to stat_days, many to a statement, in the order
// of their keys, so that transactions that add to the same rows take them
// in the same order (no deadlocks); rows that add nothing are left out.
// When only the first few sums move (narrowSums: a new case's n, its
// dispatches and running deadline), the statement binds those alone and
// writes the others as 0: a row has some eighty sums, and binding them all
// for each of a new case's twelve rows had been half the work of writing
// the case.
func (tx *Tx) writeStatRows(ctx context.Context, rows statRows) error {
	keys := slices.SortedFunc(maps.Keys(rows), compareStatKeys)
	keys = slices.DeleteFunc(keys, func(k statKey) bool { return !slices.ContainsFunc(rows[k], func(v int64) bool { return v != 0 }) })
	sums := narrowSums
	for _, k := range keys {
		if slices.ContainsFunc(rows[k][narrowSums:], func(v int64) bool { return v != 0 }) {
			sums = len(statSums)
			break
		}
	}
	args := make([]any, 0, 32*(5+sums))
	for len(keys) > 0 {
		size := 32
		for size > len(keys) {
			size /= 2
		}
		args = args[:0]
		for _, key := range keys[:size] {
			args = append(args, key.dim, key.day, key.jurisdiction, key.unit, key.k)
			for _, v := range rows[key][:sums] {
				args = append(args, v)
			}
		}
		if _, err := tx.exec(ctx, statRowsInsert(size, sums), args...); err != nil {
			return err
		}
		keys = keys[size:]
	}
	return nil
}

// narrowSums is how many of statSums' first columns a narrow write of
// stat_days binds: n, dispatches, running and running_fresh. A new case
// that reports the same problem as an earlier one (62% of the bench's
// town) moves repeated too, so a write with one such case binds every
// sum: on PostgreSQL, whose groups write these rows, binding repeated as
// well left the statement's time a row as it was (docs/performance.md,
// 6 December), so the narrow set stays as it is.
const narrowSums = 4

// statRowsInserts are the statements of writeStatRows by size (1, 2, 4
// ... 32 rows) and width (narrowSums or all sums), built once.
var statRowsInserts sync.Map // [2]int{size, sums} → string

// statRowsInsert returns the statement that adds size rows to stat_days,
// binding the first sums of statSums and writing the rest as 0.
func statRowsInsert(size, sums int) string {
	key := [2]int{size, sums}
	if q, ok := statRowsInserts.Load(key); ok {
		return q.(string)
	}
	row := "(" + placeholders(5+sums) + strings.Repeat(", 0", len(statSums)-sums) + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO stat_days (" + statDaysColumns + ") VALUES ")
	for i := range size {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (dim, day, jurisdiction, unit, k) DO UPDATE SET ")
	for i, s := range statSums[:sums] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.col + " = stat_days." + s.col + " + excluded." + s.col)
	}
	q := b.String()
	statRowsInserts.Store(key, q)
	return q
}

// chunks splits rs into parts of at most n rows, in the order of their keys.
func (rs statRows) chunks(n int) []statRows {
	keys := slices.SortedFunc(maps.Keys(rs), compareStatKeys)
	var out []statRows
	for part := range slices.Chunk(keys, n) {
		c := make(statRows, len(part))
		for _, k := range part {
			c[k] = rs[k]
		}
		out = append(out, c)
	}
	return out
}
