package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// Each case's part in the assessment figures (guanjia.CaseStat) is a row
// of case_stats (migration 0080), written in the transaction that writes
// the case; the figures are grouped reads of a period's rows.

const caseStatColumns = "day, case_id, jurisdiction, unit, village, grid, category, channel, status, " +
	"dispatches, returns, signed, sign_on_time, sign_secs, resolved, resolve_on_time, resolve_secs, " +
	"fixed, satisfaction, ever_overdue, due_us"

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// caseStatArgs returns the values of s's row, in caseStatColumns' order.
func caseStatArgs(s *guanjia.CaseStat) []any {
	var signSecs, resolveSecs, due any
	if s.Signed {
		signSecs = s.SignSecs
	}
	if s.Resolved {
		resolveSecs = s.ResolveSecs
	}
	if s.DueAt != nil {
		due = s.DueAt.UnixMicro()
	}
	return []any{s.Day, s.CaseID, s.Jurisdiction, s.Unit, s.Village, s.Grid, s.Category, string(s.Channel),
		string(s.Status), s.Dispatches, s.Returns, b2i(s.Signed), b2i(s.SignOnTime), signSecs,
		b2i(s.Resolved), b2i(s.ResolveOnTime), resolveSecs, b2i(s.Fixed), s.Satisfaction,
		b2i(s.EverOverdue), due}
}

func scanCaseStat(sc scanner) (guanjia.CaseStat, error) {
	var s guanjia.CaseStat
	var signed, signOnTime, resolved, resolveOnTime, fixed, ever int
	var signSecs, resolveSecs, due sql.NullInt64
	err := sc.Scan(&s.Day, &s.CaseID, &s.Jurisdiction, &s.Unit, &s.Village, &s.Grid, &s.Category, &s.Channel,
		&s.Status, &s.Dispatches, &s.Returns, &signed, &signOnTime, &signSecs, &resolved, &resolveOnTime,
		&resolveSecs, &fixed, &s.Satisfaction, &ever, &due)
	s.Signed, s.SignOnTime, s.SignSecs = signed == 1, signOnTime == 1, signSecs.Int64
	s.Resolved, s.ResolveOnTime, s.ResolveSecs = resolved == 1, resolveOnTime == 1, resolveSecs.Int64
	s.Fixed, s.EverOverdue = fixed == 1, ever == 1
	if due.Valid {
		t := time.UnixMicro(due.Int64).UTC()
		s.DueAt = &t
	}
	return s, err
}

// insertCaseStats writes the rows of new cases, worked out from their
// first events.
func (tx *Tx) insertCaseStats(ctx context.Context, ncs []*NewCase) error {
	return tx.insertRows(ctx, "case_stats", caseStatColumns, len(ncs), func(i int) ([]any, error) {
		s := guanjia.NewCaseStat(ncs[i].Case, ncs[i].Events, ncs[i].Working)
		return caseStatArgs(&s), nil
	})
}

// CaseStat returns case id's part in the figures.
func (r *reader) CaseStat(ctx context.Context, id int64) (guanjia.CaseStat, error) {
	return one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %d not found.", id),
		"SELECT "+caseStatColumns+" FROM case_stats WHERE case_id = ?", []any{id}, scanCaseStat)
}

// RecordCaseStat folds event e, which made case c what it is now, into the
// case's part in the figures; clock measures working time. Every change of
// a case with an event calls it in the same transaction.
func (tx *Tx) RecordCaseStat(ctx context.Context, c *guanjia.Case, e *guanjia.Event, clock guanjia.WorkingClock) error {
	s, err := tx.CaseStat(ctx, c.ID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		s = guanjia.NewCaseStat(c, nil, clock)
	} else if err != nil {
		return fmt.Errorf("case stat %d: %w", c.ID, err)
	}
	s.Record(c, e, clock)
	args := caseStatArgs(&s)
	_, err = tx.exec(ctx, "DELETE FROM case_stats WHERE case_id = ?", c.ID)
	if err == nil {
		_, err = tx.exec(ctx, "INSERT INTO case_stats ("+caseStatColumns+") VALUES ("+placeholders(len(args))+")", args...)
	}
	if err != nil {
		return fmt.Errorf("case stat %d: %w", c.ID, err)
	}
	return nil
}

// statKeys are the columns the figures group by.
var statKeys = map[string]string{
	"town": "jurisdiction", "unit": "unit", "village": "village", "grid": "grid",
	"category": "category", "channel": "channel", "day": "CAST(day AS TEXT)", "": "CAST('' AS TEXT)",
}

// Figures returns the figures of q, a row a group in the order of their
// keys, and those of all the groups together, in two reads of the
// period's rows: one sums them by group; the other takes the 90th
// percentiles of the working times by window functions, nearest rank (the
// smallest duration that at least 90% of the group's durations do not
// exceed: the first whose cumulative distribution reaches 0.9), by group
// and for all at once. Without percentiles (the daily trend) the second
// read is left out.
func (r *reader) Figures(ctx context.Context, q guanjia.StatsQuery) (guanjia.FigureSet, error) {
	var set guanjia.FigureSet
	key, ok := statKeys[q.By]
	if !ok {
		return set, guanjia.FieldErrorf(guanjia.EINVALID, "by", "Group by one of %v.", guanjia.StatsBy)
	}
	var c conds
	c.add("day >= ? AND day < ?", q.FromDay, q.ToDay)
	if q.Town != "" {
		c.add("jurisdiction = ?", q.Town)
	}
	if q.Unit != "" {
		c.add("unit = ?", q.Unit)
	}
	where := whereClause(c.where)
	now := q.Now.UnixMicro()
	// With the trend, the sums are read by day and group at once and
	// added up both ways here: one read of the rows instead of two.
	day, group := "CAST(NULL AS TEXT)", "k"
	if q.Trend {
		day, group = statKeys["day"], "d, k"
	}
	query := "SELECT " + day + " AS d, " + key + " AS k, COUNT(*), SUM(dispatches), SUM(returns), SUM(signed), SUM(sign_on_time)," +
		" SUM(resolved), SUM(resolve_on_time)," +
		" SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'closed' THEN fixed ELSE 0 END)," +
		" SUM(CASE WHEN satisfaction > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END)," +
		" SUM(satisfaction), SUM(CASE WHEN status = 'merged' THEN 1 ELSE 0 END)," +
		" SUM(CASE WHEN due_us < ? THEN 1 ELSE 0 END), SUM(CASE WHEN ever_overdue = 1 OR due_us < ? THEN 1 ELSE 0 END)," +
		" COUNT(sign_secs), COALESCE(SUM(sign_secs), 0), COUNT(resolve_secs), COALESCE(SUM(resolve_secs), 0)" +
		" FROM case_stats" + where + " GROUP BY " + group + " ORDER BY k"
	type dayFigures struct {
		day sql.NullString
		guanjia.Figures
	}
	cells, err := list(ctx, r, query, append([]any{now, now}, c.args...), func(s scanner) (dayFigures, error) {
		var df dayFigures
		f := &df.Figures
		err := s.Scan(&df.day, &f.Key, &f.Received, &f.Dispatches, &f.Returns, &f.Signed, &f.SignedOnTime, &f.Resolved,
			&f.ResolvedOnTime, &f.Closed, &f.Fixed, &f.Rated, &f.Satisfied, &f.SatisfactionSum, &f.Merged,
			&f.OverdueNow, &f.EverOverdue, &f.SignTimed, &f.SignSecs, &f.ResolveTimed, &f.ResolveSecs)
		return df, err
	})
	if err != nil {
		return set, fmt.Errorf("figures: %w", err)
	}
	at := map[string]*guanjia.Figures{}
	var keys []string // in order: the read is ordered by key
	rows := func() []guanjia.Figures {
		out := make([]guanjia.Figures, len(keys))
		for i, k := range keys {
			out[i] = *at[k]
		}
		return out
	}
	days := map[string]*guanjia.Figures{}
	for i := range cells {
		f := &cells[i].Figures
		set.Total.Add(f)
		g := at[f.Key]
		if g == nil {
			g = &guanjia.Figures{Key: f.Key}
			at[f.Key], keys = g, append(keys, f.Key)
		}
		g.Add(f)
		if d := cells[i].day; d.Valid {
			if days[d.String] == nil {
				days[d.String] = &guanjia.Figures{Key: d.String}
			}
			days[d.String].Add(f)
		}
	}
	for _, d := range days {
		set.Trend = append(set.Trend, *d)
	}
	slices.SortFunc(set.Trend, func(a, b guanjia.Figures) int { return cmp.Compare(a.Key, b.Key) })
	if q.NoPercentiles || len(keys) == 0 {
		set.Rows = rows()
		return set, nil
	}
	durations := func(m int, col string) string {
		return "SELECT " + strconv.Itoa(m) + " AS m, " + key + " AS k, " + col + " AS v FROM case_stats" +
			whereClause(append(append([]string{}, c.where...), col+" IS NOT NULL"))
	}
	p90 := "SELECT m, k, MIN(CASE WHEN cdk >= 0.9 THEN v END), MIN(CASE WHEN cdt >= 0.9 THEN v END) FROM (" +
		"SELECT m, k, v, CUME_DIST() OVER (PARTITION BY m, k ORDER BY v) AS cdk, CUME_DIST() OVER (PARTITION BY m ORDER BY v) AS cdt" +
		" FROM (" + durations(1, "sign_secs") + " UNION ALL " + durations(2, "resolve_secs") + ") u) t GROUP BY m, k"
	var totals [3]int64 // the least of the groups' least durations at 0.9 overall, by m
	var seen [3]bool
	_, err = list(ctx, r, p90, append(append([]any{}, c.args...), c.args...), func(s scanner) (struct{}, error) {
		var m int
		var k string
		var group int64
		var all sql.NullInt64
		if err := s.Scan(&m, &k, &group, &all); err != nil {
			return struct{}{}, err
		}
		if f := at[k]; f != nil && m == 1 {
			f.SignP90Secs = group
		} else if f != nil {
			f.ResolveP90Secs = group
		}
		if all.Valid && (!seen[m] || all.Int64 < totals[m]) {
			totals[m], seen[m] = all.Int64, true
		}
		return struct{}{}, nil
	})
	if err != nil {
		return set, fmt.Errorf("figures: %w", err)
	}
	set.Total.SignP90Secs, set.Total.ResolveP90Secs = totals[1], totals[2]
	set.Rows = rows()
	return set, nil
}
