package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// The assessment figures of a period (docs/figures.md) are sums of the
// period's stat_days rows of one dimension, and the 90th percentiles of
// the times come from the summed counts by step of the ladder; only
// overdue now, which changes with the clock, needs the cases themselves:
// it is the cases with a running deadline (summed in stat_days) less those
// whose deadline has not yet come (case_stats' partial index of the
// running deadlines, read from now on).

// statGroup returns the dimension of stat_days a grouping sums and the
// key it groups its rows by; unit: whether one unit's rows alone are read
// (the "town" dimension has no units).
func statGroup(by string, unit bool) (string, string) {
	switch by {
	case "unit", "village", "grid", "category", "channel":
		return by, "k"
	}
	dim := "town"
	if unit {
		dim = "unit"
	}
	switch by {
	case "town":
		return dim, "jurisdiction"
	case "day":
		return dim, "CAST(day AS TEXT)"
	}
	return dim, "CAST('' AS TEXT)"
}

// statSpans returns the condition on stat_days' dimension and day that
// reads the days [from, to) of dimension dim: the rows of its whole
// months, and the day rows of the days before and after them; and how
// many months and days it reads the rows of.
func statSpans(dim string, from, to int, byDay bool) (string, []any, int) {
	first := guanjia.MonthStart(from)
	if first < from {
		first = guanjia.NextMonth(from)
	}
	last := first // the end of the whole months
	for !byDay && guanjia.NextMonth(last) <= to {
		last = guanjia.NextMonth(last)
	}
	var or []string
	var args []any
	slots := 0
	span := func(dim string, lo, hi, n int) {
		if lo < hi {
			or = append(or, "(dim = ? AND day >= ? AND day < ?)")
			args = append(args, dim, lo, hi)
			slots += n
		}
	}
	if last == first {
		span(dim, from, to, to-from)
	} else {
		span(dim, from, first, first-from)
		months := 0
		for m := first; m < last; m = guanjia.NextMonth(m) {
			months++
		}
		span(dim+":m", first, last, months)
		span(dim, last, to, to-last)
	}
	return "(" + strings.Join(or, " OR ") + ")", args, slots
}

// statKeys are the columns of case_stats the figures group by.
var statKeys = map[string]string{
	"town": "jurisdiction", "unit": "unit", "village": "village", "grid": "grid",
	"category": "category", "channel": "channel", "day": "CAST(day AS TEXT)", "": "CAST('' AS TEXT)",
}

// statSumsColumns and statSumsSelect list every column of statSums, and
// their sums.
var statSumsColumns, statSumsSelect = func() (string, string) {
	var cols, sums strings.Builder
	for _, s := range statSums {
		cols.WriteString(", " + s.col)
		sums.WriteString(", SUM(" + s.col + ")")
	}
	return cols.String(), sums.String()
}()

// Figures returns the figures of q, a row a group in the order of their
// keys, all of them together, and, when asked for, a row a day.
func (r *reader) Figures(ctx context.Context, q guanjia.StatsQuery) (guanjia.FigureSet, error) {
	var set guanjia.FigureSet
	if _, ok := statKeys[q.By]; !ok {
		return set, guanjia.FieldErrorf(guanjia.EINVALID, "by", "Group by one of %v.", guanjia.StatsBy)
	}
	var c conds // of the town and unit
	if q.Town != "" {
		c.add("jurisdiction = ?", q.Town)
	}
	if q.Unit != "" {
		c.add("unit = ?", q.Unit)
	}
	rows, err := r.statSums(ctx, q, q.By, c)
	if err != nil {
		return set, err
	}
	// Overdue now: the cases with a running deadline (summed in stat_days)
	// less those whose deadline has not yet come, by day and group; and
	// ever overdue gains those of them not marked so before.
	notYet, err := r.notYetDue(ctx, q, c)
	if err != nil {
		return set, err
	}
	addOverdue(rows, notYet, func(o dueCount) string { return o.key })
	var all [2][guanjia.DurationBuckets]int64
	for i := range rows {
		set.Total.Add(&rows[i].Figures)
		for k := range guanjia.DurationBuckets {
			all[0][k] += rows[i].buckets[0][k]
			all[1][k] += rows[i].buckets[1][k]
		}
		set.Rows = append(set.Rows, rows[i].Figures)
	}
	if !q.NoPercentiles {
		set.Total.SignP90Secs, set.Total.ResolveP90Secs = guanjia.LadderP90(&all[0]), guanjia.LadderP90(&all[1])
	}
	if set.Rows == nil {
		set.Rows = []guanjia.Figures{}
	}
	if !q.Trend {
		return set, nil
	}
	days, err := r.statSums(ctx, q, "day", c)
	if err != nil {
		return set, err
	}
	addOverdue(days, notYet, func(o dueCount) string { return strconv.Itoa(o.day) })
	for _, d := range days {
		set.Trend = append(set.Trend, d.Figures)
	}
	return set, nil
}

// dueCount counts the cases of a day and group whose running deadline
// has not yet come, and of them those not marked ever overdue.
type dueCount struct {
	day      int
	key      string
	n, fresh int
}

// notYetDue counts the cases of q's period that match c whose running
// deadline has not yet come at q.Now, by day and group of q.By ("day" and
// "" leave key ""). The partial index of the running deadlines, by day
// and deadline, is sought at each day of the period from now on: at any
// moment only the cases dispatched or signed for lately are not yet due,
// so this reads a few rows a day, however many overdue cases the period
// has (a range of days would read them all).
func (r *reader) notYetDue(ctx context.Context, q guanjia.StatsQuery, c conds) ([]dueCount, error) {
	key := statKeys[q.By]
	if q.By == "day" || q.By == "" {
		key = "CAST('' AS TEXT)"
	}
	out, err := list(ctx, r, "WITH RECURSIVE d (day) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT day + 1 FROM d WHERE day + 1 < ?)"+
		" SELECT s.day, "+key+" AS k, COUNT(*), SUM(CASE WHEN s.ever_overdue = 0 THEN 1 ELSE 0 END)"+
		" FROM d CROSS JOIN case_stats s"+r.d.runningIndex()+
		whereClause(append([]string{"s.day = d.day AND s.due_us IS NOT NULL AND s.due_us >= ?"}, c.where...))+" GROUP BY 1, 2",
		append([]any{q.FromDay, q.ToDay, q.Now.UnixMicro()}, c.args...), func(s scanner) (dueCount, error) {
			var o dueCount
			return o, s.Scan(&o.day, &o.key, &o.n, &o.fresh)
		})
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	return out, nil
}

// addOverdue works out the overdue counts of rows from their running
// cases less those of notYet in their group, by the key that key reads
// from each count.
func addOverdue(rows []bucketed, notYet []dueCount, key func(dueCount) string) {
	byKey := make(map[string]*bucketed, len(rows))
	for i := range rows {
		rows[i].OverdueNow += rows[i].running
		rows[i].EverOverdue += rows[i].runningFresh
		byKey[rows[i].Key] = &rows[i]
	}
	for _, o := range notYet {
		if b := byKey[key(o)]; b != nil {
			b.OverdueNow -= o.n
			b.EverOverdue -= o.fresh
		}
	}
}

// bucketed are a group's figures with its counts by step of the ladder.
type bucketed struct {
	guanjia.Figures
	buckets               [2][guanjia.DurationBuckets]int64 // sign, resolve
	running, runningFresh int                               // the cases with a running deadline, of them not marked ever overdue
}

// statSums reads the sums of q's period's stat_days rows that match c,
// grouped by by, in the order of their keys (bytewise, on both engines),
// with their percentiles unless q says not. Where each group has a row or
// a few (a unit's or a town's month, or a day of the trend), the rows are
// summed here: a GROUP BY's eighty-odd aggregates a group, and its sort,
// cost SQLite more than reading the rows themselves (half the CPU of the
// stats of a month by unit at 1,000,000 cases). Where many rows make a
// group (other groupings keep a row a unit; long periods), SQL sums them.
func (r *reader) statSums(ctx context.Context, q guanjia.StatsQuery, by string, c conds) ([]bucketed, error) {
	if err := r.statsWritten(ctx); err != nil {
		return nil, err
	}
	dim, key := statGroup(by, q.Unit != "")
	spans, args, slots := statSpans(dim, q.FromDay, q.ToDay, by == "day")
	query := "SELECT " + key + statSumsColumns + " FROM stat_days" + whereClause(append([]string{spans}, c.where...))
	if by != "day" && (slots > 6 || (dim != "unit" && dim != "town")) {
		query = "SELECT " + key + statSumsSelect + " FROM stat_days" + whereClause(append([]string{spans}, c.where...)) + " GROUP BY 1"
	}
	rows, err := r.query(ctx, query, append(args, c.args...)...)
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	defer rows.Close()
	// The columns are scanned as they come and set here: database/sql
	// would turn each integer into text and back to set an int.
	var row bucketed
	dst := row.dst()
	vals, ptrs := make([]any, len(dst)), make([]any, len(dst))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []bucketed
	at := map[string]int{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("figures: %w", err)
		}
		if err := setSums(dst, vals); err != nil {
			return nil, fmt.Errorf("figures: %w", err)
		}
		if i, ok := at[row.Key]; ok {
			out[i].add(&row)
		} else {
			at[row.Key] = len(out)
			out = append(out, row)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	out = slices.DeleteFunc(out, func(b bucketed) bool { return b.Received == 0 })
	slices.SortFunc(out, func(a, b bucketed) int { return strings.Compare(a.Key, b.Key) })
	if !q.NoPercentiles {
		for i := range out {
			f := &out[i].Figures
			f.SignP90Secs, f.ResolveP90Secs = guanjia.LadderP90(&out[i].buckets[0]), guanjia.LadderP90(&out[i].buckets[1])
		}
	}
	return out, nil
}

// dst returns the places a row of statSumsColumns, after its key, scans
// into.
func (b *bucketed) dst() []any {
	f := &b.Figures
	dst := append(make([]any, 0, 27+2*guanjia.DurationBuckets), &f.Key, &f.Received, &f.Dispatches, &b.running,
		&b.runningFresh, &f.Returns, &f.Signed, &f.SignedOnTime, &f.Resolved, &f.ResolvedOnTime, &f.Closed, &f.Fixed,
		&f.Rated, &f.Satisfied, &f.SatisfactionSum, &f.Merged, &f.Repeated, &f.EverOverdue, &f.SignTimed, &f.SignSecs,
		&f.ResolveTimed, &f.ResolveSecs, &f.Callbacks, &f.Supervised, &f.SupervisionAnswered, &f.SupervisionLapsed,
		&f.SupervisedClosed)
	for k := range 2 {
		for i := range guanjia.DurationBuckets {
			dst = append(dst, &b.buckets[k][i])
		}
	}
	return dst
}

// setSums sets the key and the integers dst points at from a row's
// values: a string, then int64s (on PostgreSQL, a SUM of bigint is a
// numeric, which comes as text).
func setSums(dst, vals []any) error {
	switch k := vals[0].(type) {
	case string:
		*dst[0].(*string) = k
	case []byte:
		*dst[0].(*string) = string(k)
	default:
		return fmt.Errorf("key: unexpected %T", vals[0])
	}
	for i, v := range vals[1:] {
		var n int64
		var err error
		switch x := v.(type) {
		case int64:
			n = x
		case string:
			n, err = strconv.ParseInt(x, 10, 64)
		case []byte:
			n, err = strconv.ParseInt(string(x), 10, 64)
		default:
			err = fmt.Errorf("sum: unexpected %T", v)
		}
		if err != nil {
			return err
		}
		switch p := dst[i+1].(type) {
		case *int:
			*p = int(n)
		case *int64:
			*p = n
		}
	}
	return nil
}

// add adds o's sums to b's.
func (b *bucketed) add(o *bucketed) {
	b.Figures.Add(&o.Figures)
	b.running += o.running
	b.runningFresh += o.runningFresh
	for k := range 2 {
		for i := range guanjia.DurationBuckets {
			b.buckets[k][i] += o.buckets[k][i]
		}
	}
}
