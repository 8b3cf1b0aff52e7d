package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Each case's part in the assessment figures (guanjia.CaseStat) is a row
// of case_stats (migration 0080), written in the transaction that writes
// the case; the figures are grouped reads of a period's rows.

const caseStatColumns = "day, case_id, jurisdiction, unit, village, grid, category, channel, status, " +
	"dispatches, returns, signed, sign_on_time, sign_secs, resolved, resolve_on_time, resolve_secs, " +
	"fixed, satisfaction, ever_overdue, due_us, callback, supervised, supervision_answered, supervision_lapsed, " +
	"sign_bucket, resolve_bucket, month, same_problem"

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// caseStatArgs returns the values of s's row, in caseStatColumns' order.
func caseStatArgs(s *guanjia.CaseStat) []any {
	var signSecs, resolveSecs, due, signBucket, resolveBucket any
	if s.Signed {
		signSecs, signBucket = s.SignSecs, guanjia.DurationBucket(s.SignSecs)
	}
	if s.Resolved {
		resolveSecs, resolveBucket = s.ResolveSecs, guanjia.DurationBucket(s.ResolveSecs)
	}
	if s.DueAt != nil {
		due = s.DueAt.UnixMicro()
	}
	return []any{s.Day, s.CaseID, s.Jurisdiction, s.Unit, s.Village, s.Grid, s.Category, string(s.Channel),
		string(s.Status), s.Dispatches, s.Returns, b2i(s.Signed), b2i(s.SignOnTime), signSecs,
		b2i(s.Resolved), b2i(s.ResolveOnTime), resolveSecs, b2i(s.Fixed), s.Satisfaction,
		b2i(s.EverOverdue), due, b2i(s.Callback), b2i(s.Supervised), b2i(s.SupervisionAnswered),
		b2i(s.SupervisionLapsed), signBucket, resolveBucket, guanjia.MonthStart(s.Day), b2i(s.SameProblem)}
}

// caseStatRow is a row of case_stats as read, and whether it is the row
// caseStatArgs writes for it: rows from before migration 0080's times
// were known hold a case signed for or resolved without its seconds or
// its step of the ladder, which the SQL of stat_days counts otherwise than
// statRows.addCase would.
type caseStatRow struct {
	guanjia.CaseStat
	exact bool
}

func scanCaseStatRow(sc scanner) (caseStatRow, error) {
	var s guanjia.CaseStat
	var signed, signOnTime, resolved, resolveOnTime, fixed, ever, callback, supervised, answered, lapsed, same int
	var signSecs, resolveSecs, due, signBucket, resolveBucket sql.NullInt64
	var month int
	err := sc.Scan(&s.Day, &s.CaseID, &s.Jurisdiction, &s.Unit, &s.Village, &s.Grid, &s.Category, &s.Channel,
		&s.Status, &s.Dispatches, &s.Returns, &signed, &signOnTime, &signSecs, &resolved, &resolveOnTime,
		&resolveSecs, &fixed, &s.Satisfaction, &ever, &due, &callback, &supervised, &answered, &lapsed,
		&signBucket, &resolveBucket, &month, &same)
	s.Callback, s.Supervised, s.SupervisionAnswered, s.SupervisionLapsed = callback == 1, supervised == 1, answered == 1, lapsed == 1
	s.Signed, s.SignOnTime, s.SignSecs = signed == 1, signOnTime == 1, signSecs.Int64
	s.Resolved, s.ResolveOnTime, s.ResolveSecs = resolved == 1, resolveOnTime == 1, resolveSecs.Int64
	s.Fixed, s.EverOverdue, s.SameProblem = fixed == 1, ever == 1, same == 1
	if due.Valid {
		t := time.UnixMicro(due.Int64).UTC()
		s.DueAt = &t
	}
	timed := func(done bool, secs, bucket sql.NullInt64) bool {
		if !done {
			return !secs.Valid && !bucket.Valid
		}
		return secs.Valid && bucket.Valid && bucket.Int64 == int64(guanjia.DurationBucket(secs.Int64))
	}
	exact := timed(s.Signed, signSecs, signBucket) && timed(s.Resolved, resolveSecs, resolveBucket) && month == guanjia.MonthStart(s.Day)
	return caseStatRow{s, exact}, err
}

// insertCaseStats writes the rows of new cases, worked out from their
// first events (CreateCases adds them to stat_days once all are written).
func (tx *Tx) insertCaseStats(ctx context.Context, ncs []*NewCase) error {
	return tx.insertRows(ctx, "case_stats", caseStatColumns, len(ncs), func(i int) ([]any, error) {
		s := ncs[i].stat()
		return caseStatArgs(&s), nil
	})
}

// CaseStat returns case id's part in the figures.
func (r *reader) CaseStat(ctx context.Context, id int64) (guanjia.CaseStat, error) {
	row, err := r.caseStatRow(ctx, id)
	return row.CaseStat, err
}

// caseStatRow returns case id's row of case_stats.
func (r *reader) caseStatRow(ctx context.Context, id int64) (caseStatRow, error) {
	return one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %d not found.", id),
		"SELECT "+caseStatColumns+" FROM case_stats WHERE case_id = ?", []any{id}, scanCaseStatRow)
}

// RecordCaseStat folds event e, which made case c what it is now, into the
// case's part in the figures, and moves that part in stat_days as tx
// commits (changedStats): the old one off, the new one on, both worked out
// from the case's row of case_stats (statRows.addCase; an old row that is
// not as caseStatArgs writes it is read through the SQL that rebuilds
// stat_days instead); clock measures working time. Every change of a case
// with an event calls it in the same transaction.
func (tx *Tx) RecordCaseStat(ctx context.Context, c *guanjia.Case, e *guanjia.Event, clock guanjia.WorkingClock) error {
	row, err := tx.caseStatRow(ctx, c.ID)
	found := err == nil
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		row.CaseStat, err = guanjia.NewCaseStat(c, nil, clock), nil
	}
	if err != nil {
		return fmt.Errorf("case stat %d: %w", c.ID, err)
	}
	s := row.CaseStat
	rows := tx.changedStats()
	counted, err := tx.takePending(ctx, c.ID)
	switch {
	case err != nil || !counted || !found:
	case row.exact:
		rows.addCase(&s, -1)
	default:
		err = tx.readStatRows(ctx, "case_id = ?", []any{c.ID}, rows, -1)
	}
	s.Record(c, e, clock)
	args := caseStatArgs(&s)
	if err == nil {
		_, err = tx.exec(ctx, "DELETE FROM case_stats WHERE case_id = ?", c.ID)
	}
	if err == nil {
		_, err = tx.exec(ctx, "INSERT INTO case_stats ("+caseStatColumns+") VALUES ("+placeholders(len(args))+")", args...)
	}
	if err != nil {
		return fmt.Errorf("case stat %d: %w", c.ID, err)
	}
	rows.addCase(&s, 1)
	return nil
}

// changedStats returns the rows of stat_days that tx's changes of cases
// move, which tx writes all at once, in the order of their keys, as it
// commits. Written case by case, a transaction that changed two cases (a
// merge) took the second case's rows after the first's, out of that order:
// it could hold a row another transaction waited for while it waited for
// one that transaction held, on PostgreSQL a deadlock.
func (tx *Tx) changedStats() statRows {
	if tx.changed == nil {
		tx.changed = statRows{}
		tx.beforeCommit = append(tx.beforeCommit, func(ctx context.Context) error {
			if err := tx.writeStatRows(ctx, tx.changed); err != nil {
				return fmt.Errorf("write cases' figures: %w", err)
			}
			return nil
		})
	}
	return tx.changed
}
