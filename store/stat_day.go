package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// stat_days (migration 0110) holds the sums of the assessment figures by
// reporting day and by reporting month, and grouping: one row a dimension
// (statDims), day (the first of the month for a month's), town, unit and
// key, with every count and sum of docs/figures.md and the counts of the
// times to sign for and to resolve by step of guanjia.DurationLadder.
// Each case's part is what its case_stats row says (statDaysSelect): a
// new case's is added in the transaction that writes it (on SQLite a
// moment later, stat_defer.go), a change takes the old part off and adds
// the new one in the transaction of the change.
// A period's figures are then a sum of its whole months' rows and its
// other days' rows of the groups, whatever the number of cases.

// statDims are the dimensions of stat_days: each grouping by day, and
// with ":m" by month. "town" sums all units (its unit is ""); the others
// keep the unit, so that a unit's own figures can be read from them.
var statDims = []string{"unit", "village", "grid", "category", "channel", "town"}

// statSum is a column of stat_days that adds up, with a case's part in
// it: from its case_stats row in SQL, and from its guanjia.CaseStat in Go
// (for new cases, whose times are known when they are signed for or
// resolved). The two must agree: TestStatsAgreeWithTimelines rebuilds the
// sums by the SQL alone and compares.
type statSum struct {
	col, sql string
	of       func(s *guanjia.CaseStat) int64
}

// statSums are the columns of stat_days that add up.
var statSums = func() []statSum {
	closed := func(x string) string { return "CASE WHEN status = 'closed' THEN " + x + " ELSE 0 END" }
	isClosed := func(s *guanjia.CaseStat) bool { return s.Status == guanjia.StatusClosed }
	b := func(v bool) int64 { return int64(b2i(v)) }
	sums := []statSum{
		{"n", "1", func(*guanjia.CaseStat) int64 { return 1 }},
		{"dispatches", "dispatches", func(s *guanjia.CaseStat) int64 { return int64(s.Dispatches) }},
		// The cases with a running deadline, and of them those not marked
		// ever overdue: overdue now is these less the ones whose deadline
		// has not yet come (Figures), which are few.
		{"running", "CASE WHEN due_us IS NULL THEN 0 ELSE 1 END", func(s *guanjia.CaseStat) int64 { return b(s.DueAt != nil) }},
		{"running_fresh", "CASE WHEN due_us IS NOT NULL AND ever_overdue = 0 THEN 1 ELSE 0 END", func(s *guanjia.CaseStat) int64 {
			return b(s.DueAt != nil && !s.EverOverdue)
		}},
		{"returns", "returns", func(s *guanjia.CaseStat) int64 { return int64(s.Returns) }},
		{"signed", "signed", func(s *guanjia.CaseStat) int64 { return b(s.Signed) }},
		{"sign_on_time", "sign_on_time", func(s *guanjia.CaseStat) int64 { return b(s.SignOnTime) }},
		{"resolved", "resolved", func(s *guanjia.CaseStat) int64 { return b(s.Resolved) }},
		{"resolve_on_time", "resolve_on_time", func(s *guanjia.CaseStat) int64 { return b(s.ResolveOnTime) }},
		{"closed", closed("1"), func(s *guanjia.CaseStat) int64 { return b(isClosed(s)) }},
		{"fixed", closed("fixed"), func(s *guanjia.CaseStat) int64 { return b(isClosed(s) && s.Fixed) }},
		{"rated", "CASE WHEN satisfaction > 0 THEN 1 ELSE 0 END", func(s *guanjia.CaseStat) int64 { return b(s.Satisfaction > 0) }},
		{"satisfied", "CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END", func(s *guanjia.CaseStat) int64 { return b(s.Satisfaction >= 4) }},
		{"satisfaction_sum", "satisfaction", func(s *guanjia.CaseStat) int64 { return int64(s.Satisfaction) }},
		{"merged", "CASE WHEN status = 'merged' THEN 1 ELSE 0 END", func(s *guanjia.CaseStat) int64 { return b(s.Status == guanjia.StatusMerged) }},
		{"repeated", "CASE WHEN status = 'merged' OR same_problem = 1 THEN 1 ELSE 0 END", func(s *guanjia.CaseStat) int64 {
			return b(s.Status == guanjia.StatusMerged || s.SameProblem)
		}},
		{"ever_overdue", "ever_overdue", func(s *guanjia.CaseStat) int64 { return b(s.EverOverdue) }},
		{"sign_timed", "CASE WHEN sign_secs IS NULL THEN 0 ELSE 1 END", func(s *guanjia.CaseStat) int64 { return b(s.Signed) }},
		{"sign_secs", "COALESCE(sign_secs, 0)", func(s *guanjia.CaseStat) int64 { return b(s.Signed) * s.SignSecs }},
		{"resolve_timed", "CASE WHEN resolve_secs IS NULL THEN 0 ELSE 1 END", func(s *guanjia.CaseStat) int64 { return b(s.Resolved) }},
		{"resolve_secs", "COALESCE(resolve_secs, 0)", func(s *guanjia.CaseStat) int64 { return b(s.Resolved) * s.ResolveSecs }},
		{"callbacks", closed("callback"), func(s *guanjia.CaseStat) int64 { return b(isClosed(s) && s.Callback) }},
		{"supervised", "supervised", func(s *guanjia.CaseStat) int64 { return b(s.Supervised) }},
		{"supervision_answered", "supervision_answered", func(s *guanjia.CaseStat) int64 { return b(s.SupervisionAnswered) }},
		{"supervision_lapsed", "supervision_lapsed", func(s *guanjia.CaseStat) int64 { return b(s.SupervisionLapsed) }},
		{"supervised_closed", closed("supervised"), func(s *guanjia.CaseStat) int64 { return b(isClosed(s) && s.Supervised) }},
	}
	for _, kind := range []string{"sign", "resolve"} {
		for i := range guanjia.DurationBuckets {
			sums = append(sums, statSum{kind[:1] + "b" + strconv.Itoa(i),
				"CASE WHEN " + kind + "_bucket = " + strconv.Itoa(i) + " THEN 1 ELSE 0 END",
				func(s *guanjia.CaseStat) int64 {
					if kind == "sign" {
						return b(s.Signed && guanjia.DurationBucket(s.SignSecs) == i)
					}
					return b(s.Resolved && guanjia.DurationBucket(s.ResolveSecs) == i)
				}})
		}
	}
	return sums
}()

// statDaysColumns are stat_days' columns in order.
var statDaysColumns = func() string {
	cols := []string{"dim", "day", "jurisdiction", "unit", "k"}
	for _, s := range statSums {
		cols = append(cols, s.col)
	}
	return strings.Join(cols, ", ")
}()

// statDaysSelect returns the rows of stat_days made of the case_stats
// rows that match where ("" all): each row counted in each dimension,
// summed by dimension, day, town, unit and key. Migration 0111 is this
// statement over every row.
func statDaysSelect(where string) string {
	return statDaysSelectOf(statSums, where)
}

// statDaysSelectOf is statDaysSelect with the given sums alone.
func statDaysSelectOf(sums []statSum, where string) string {
	var b strings.Builder
	b.WriteString("SELECT d.column1, CASE d.column2 WHEN 1 THEN month ELSE day END, jurisdiction," +
		" CASE d.column3 WHEN 'town' THEN '' ELSE unit END, CASE d.column3 WHEN 'unit' THEN unit" +
		" WHEN 'village' THEN village WHEN 'grid' THEN grid WHEN 'category' THEN category" +
		" WHEN 'channel' THEN channel ELSE jurisdiction END")
	for _, s := range sums {
		b.WriteString(",\n\t")
		b.WriteString("SUM(" + s.sql + ")")
	}
	b.WriteString("\nFROM case_stats CROSS JOIN (VALUES ")
	for i, dim := range statDims {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("('" + dim + "', 0, '" + dim + "'), ('" + dim + ":m', 1, '" + dim + "')")
	}
	b.WriteString(") d")
	if where != "" {
		b.WriteString(" WHERE " + where)
	}
	b.WriteString("\nGROUP BY 1, 2, 3, 4, 5")
	return b.String()
}

// statDaysFill is the statement that fills an empty stat_days with the
// given sums from every case_stats row: migrations 0111 and 0200.
func statDaysFill(sums []statSum) string {
	cols := []string{"dim", "day", "jurisdiction", "unit", "k"}
	for _, s := range sums {
		cols = append(cols, s.col)
	}
	return "INSERT INTO stat_days (" + strings.Join(cols, ", ") + ")\n" + statDaysSelectOf(sums, "") + ";\n"
}

// runningSums are the sums of the cases with a running deadline, which
// migration 0220 added to stat_days.
func runningSums() []statSum {
	return slices.DeleteFunc(slices.Clone(statSums), func(s statSum) bool { return !strings.HasPrefix(s.col, "running") })
}

// runningFill is the statement of migration 0220 that sets the new sums
// of runningSums in the rows of stat_days from the case_stats rows with a
// running deadline (every other row's are 0).
func runningFill() string {
	sums := runningSums()
	cols := []string{"dim", "day", "jurisdiction", "unit", "k"}
	var set []string
	for _, s := range sums {
		cols = append(cols, s.col)
		set = append(set, s.col+" = r."+s.col)
	}
	var on []string
	for _, c := range cols[:5] {
		on = append(on, "stat_days."+c+" = r."+c)
	}
	return "WITH r (" + strings.Join(cols, ", ") + ") AS (\n" + statDaysSelectOf(sums, "due_us IS NOT NULL") + ")\n" +
		"UPDATE stat_days SET " + strings.Join(set, ", ") + " FROM r\nWHERE " + strings.Join(on, " AND ") + ";\n"
}

// addStatDays adds the parts of the new cases written (errs[i] nil) to
// stat_days, summed here by row, so that a row is written once for many
// cases; on PostgreSQL they were noted for a fold instead (notePending).
// A bulk load keeps them a while (flushStatDays), so that a row is
// written once for many of its transactions.
func (tx *Tx) addStatDays(ctx context.Context, ncs []NewCase, errs []error) error {
	if tx.notesStats() {
		return nil // noted in stat_pending (see foldStats)
	}
	rows := statRows{}
	if tx.bulk != nil {
		rows = tx.bulk.stats
	}
	for i := range ncs {
		if errs[i] == nil {
			s := ncs[i].stat()
			rows.addCase(&s, 1)
		}
	}
	switch {
	case tx.bulk != nil:
		return tx.bulk.flushStatDays(ctx, tx)
	case tx.db.deferStatDays.Load():
		return tx.deferStats(ctx, rows)
	}
	return tx.writeStatRows(ctx, rows)
}

// readStatRows adds the parts in stat_days of the cases whose case_stats
// rows meet cond to rows, times sign.
func (tx *Tx) readStatRows(ctx context.Context, cond string, args []any, rows statRows, sign int64) error {
	_, err := list(ctx, &tx.reader, statDaysSelect(cond), args, func(s scanner) (struct{}, error) {
		var key statKey
		part := make([]int64, len(statSums))
		dst := []any{&key.dim, &key.day, &key.jurisdiction, &key.unit, &key.k}
		for j := range part {
			dst = append(dst, &part[j])
		}
		if err := s.Scan(dst...); err != nil {
			return struct{}{}, err
		}
		rows.add(key, part, sign)
		return struct{}{}, nil
	})
	return err
}

// statsFill returns the statements of migrations 0200 and 0220 that work
// out the cases' places, their reports of the same problem, stat_days and
// its sums of running deadlines afresh from every case on file: what
// follows each one's RebuildStats line.
func statsFill(ms []migration) []string {
	var qs []string
	for _, m := range ms {
		if m.version != 200 && m.version != 220 {
			continue
		}
		_, fill, _ := strings.Cut(m.sql, "-- RebuildStats runs what follows again.\n")
		for q := range strings.SplitSeq(fill, ";\n") {
			if strings.TrimSpace(q) != "" {
				qs = append(qs, q)
			}
		}
	}
	return qs
}

// RebuildStats works out again what migrations 0110, 0200 and 0220 work
// out for the cases on file: the new columns of case_stats from the cases'
// timelines, their places and reports of the same problem, and stat_days
// from case_stats, by the migrations' own statements. Cases' working
// times are not recomputed. It is for a database nothing else writes to
// meanwhile (an upgrade, a test): first it writes the new cases' parts
// that wait in memory on SQLite (deferStats), which would otherwise be
// added again after the rebuild has counted their cases.
func (db *DB) RebuildStats(ctx context.Context) error {
	if err := db.flushStats(ctx); err != nil {
		return err
	}
	ms, err := migrations(db.engine)
	if err != nil {
		return err
	}
	var fill110 string
	for _, m := range ms {
		if m.version == 110 {
			_, fill110, _ = strings.Cut(m.sql, "\nUPDATE case_stats SET")
			fill110, _, _ = strings.Cut(fill110, ";\n")
			fill110 = "UPDATE case_stats SET" + fill110
		}
	}
	qs := []string{"UPDATE case_stats SET callback = 0, supervised = 0, supervision_answered = 0," +
		" supervision_lapsed = 0, sign_bucket = NULL, resolve_bucket = NULL, month = 0", fill110}
	qs = append(qs, statsFill(ms)...)
	if db.pendingStats.Load() {
		// Every case's part is summed afresh: no note is left to fold.
		qs = append([]string{"SELECT pg_advisory_xact_lock(" + strconv.Itoa(statFoldLock) + ")", "DELETE FROM stat_pending"}, qs...)
	}
	return db.Tx(ctx, func(tx *Tx) error {
		for _, q := range qs {
			if _, err := tx.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// bulkStatRows is how many rows of stat_days a bulk load keeps in memory
// before it writes those of days (each some 700 bytes).
var bulkStatRows = 20000

// flushStatDays writes the rows of stat_days by day that the load keeps,
// when it keeps many, and forgets them; it keeps the rows by month, which
// its next transactions add to too, until Finish. A load of the days in
// order (guanjia bench's) writes each row once.
func (b *BulkLoad) flushStatDays(ctx context.Context, tx *Tx) error {
	if len(b.stats) < bulkStatRows {
		return nil
	}
	days := statRows{}
	for k, v := range b.stats {
		if !strings.HasSuffix(k.dim, ":m") {
			days[k] = v
			delete(b.stats, k)
		}
	}
	return tx.writeStatRows(ctx, days)
}
