package store

import (
	"context"
	"fmt"
)

// New cases' parts in stat_days on PostgreSQL, a moment late. A group of
// new cases added to some thirty rows of stat_days of eighty sums each,
// the same rows for every group of the day: binding them, writing them
// and waiting for the rows' locks took about a third of each group's
// time, and groups commit one at a time (`guanjia bench --db … --reuse …
// --only intake`, a town of 20,000 cases: 691–779 reports/s, 1,020–1,053
// with the rows left out altogether). The group therefore only notes its
// cases in stat_pending, one COPY of their ids, and foldStats adds the
// noted cases' parts, as case_stats has them then, in a transaction of
// its own a second later, or before a figure is read.
//
// The notes are rows of the database, so nothing is lost when an instance
// stops before it folds them: any instance folds every note, at its next
// fold or at open. Folds take an advisory lock, so that two instances
// never fold at once (they would take the same rows of stat_days in
// different orders).
//
// A case changed before its note is folded (RecordCaseStat) takes the note
// away first and adds its new part whole, since its old one was never
// added; a fold that took the note first has added the old part, and the
// change moves it as for any case.
//
// A transaction that changes cases' parts holds the folds' lock shared,
// from its first change to its end, and a fold holds it alone, so the two
// never overlap. Without that, a transaction that changed two noted cases
// (a merge) could hold the first one's note, or rows of stat_days, while
// it waited for the second's note, which a fold held while it waited for
// the first: the demo's seed met that deadlock on PostgreSQL.

// statFoldLock is the advisory lock that folds hold (any number unlikely
// to be used otherwise: "stat" in ASCII).
const statFoldLock = 0x73746174

// statFoldBatch bounds the notes that one fold's transaction takes.
const statFoldBatch = 4096

// notesStats reports whether tx notes its new cases in stat_pending
// rather than adding their parts to stat_days: on PostgreSQL, once
// migrated, unless tx is a bulk load's (which sums its own rows).
func (tx *Tx) notesStats() bool {
	return tx.bulk == nil && tx.db.pendingStats.Load()
}

// notePending notes new cases in stat_pending for a fold to add their
// parts to stat_days (PostgreSQL; see foldStats).
func (tx *Tx) notePending(ctx context.Context, ncs []*NewCase) error {
	err := tx.insertRows(ctx, "stat_pending", "case_id", len(ncs), func(i int) ([]any, error) {
		return []any{ncs[i].Case.ID}, nil
	})
	if err != nil {
		return fmt.Errorf("note new cases' figures: %w", err)
	}
	tx.ended = append(tx.ended, func(err error) {
		if err == nil {
			tx.db.flushSoon()
		}
	})
	return nil
}

// takePending takes away case id's note in stat_pending, if it has one,
// and reports whether its part was in stat_days already (on SQLite it
// always is: see deferStats). It first takes the folds' lock shared for
// the rest of tx.
func (tx *Tx) takePending(ctx context.Context, id int64) (counted bool, err error) {
	if !tx.db.pendingStats.Load() {
		return true, nil
	}
	if !tx.foldShared {
		if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock_shared(?)", statFoldLock); err != nil {
			return false, err
		}
		tx.foldShared = true
	}
	res, err := tx.exec(ctx, "DELETE FROM stat_pending WHERE case_id = ?", id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 0, err
}

// foldStats adds the parts of the cases noted in stat_pending to
// stat_days and takes their notes away, a batch of notes a transaction,
// until a batch finds fewer than it may take. It reads first whether any
// note waits, without a transaction, so that a figure read when none does
// costs one look at an empty table.
func (db *DB) foldStats(ctx context.Context) error {
	if !db.pendingStats.Load() {
		return nil
	}
	for {
		var waiting bool
		if err := db.reader.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM stat_pending)").Scan(&waiting); err != nil || !waiting {
			return err
		}
		var taken int
		err := db.Tx(ctx, func(tx *Tx) error {
			if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(?)", statFoldLock); err != nil {
				return err
			}
			ids, err := list(ctx, &tx.reader, `DELETE FROM stat_pending WHERE case_id IN
				(SELECT case_id FROM stat_pending ORDER BY case_id LIMIT ?) RETURNING case_id`, []any{statFoldBatch},
				func(s scanner) (id int64, err error) { return id, s.Scan(&id) })
			if err != nil || len(ids) == 0 {
				return err
			}
			taken = len(ids)
			rows := statRows{}
			cond, arg := inList(tx.d, "case_id", ids)
			if err := tx.readStatRows(ctx, cond, []any{arg}, rows, 1); err != nil {
				return err
			}
			return tx.writeStatRows(ctx, rows)
		})
		if err != nil {
			return fmt.Errorf("fold new cases' figures: %w", err)
		}
		if taken < statFoldBatch {
			return nil
		}
	}
}
