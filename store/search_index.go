package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Keeping the search index (SQLite). Triggers note in case_search_queue
// the cases written; write transactions index them a little later, many
// at a time: FTS5 writes out what it holds at every statement and merges
// what it wrote, so indexing case by case would cost a write of the index
// each. Searches meanwhile take the waiting cases as candidates too
// (textCond), so that they find every case the moment it commits.
//
// A transaction that writes cases indexes, as it commits, when
// searchIndexDelay has passed since the last indexing, a few more cases
// than it wrote (casesWritten): the callers that
// share the transaction (see Group) then wait a few milliseconds for it,
// not the hundred that a second of a busy intake would take, and a bulk
// load's transactions keep up with themselves. When more wait, the next
// transaction indexes again; when none follows, a timer starts one, and
// those go on, a bigger share each, until nothing waits.

const (
	searchIndexDelay = 250 * time.Millisecond
	searchIndexChunk = 128  // cases a transaction indexes at least, when it does
	searchFlushChunk = 2048 // cases a transaction started to index indexes
)

// casesWritten is what the writes of cases call once they wrote n new
// cases (0: changed some): on SQLite the transaction then indexes, as it
// commits, when its turn has come (indexDue).
func (tx *Tx) casesWritten(n int) {
	tx.cases += n
	if tx.indexing || tx.db.engine == Postgres || tx.bulk != nil { // a bulk load indexes once, at its end

		return
	}
	tx.indexing = true
	tx.beforeCommit = append(tx.beforeCommit, tx.indexDue)
}

// indexDue indexes, when searchIndexDelay has passed since the last
// indexing, twice as many waiting cases as the transaction wrote, at least
// searchIndexChunk. When cases are left waiting, the next transaction that
// writes cases indexes at once, and a timer starts one if none does.
func (tx *Tx) indexDue(ctx context.Context) error {
	db := tx.db
	if !db.searchIndexDue() {
		db.scheduleIndex(false)
		return nil
	}
	more, err := tx.indexSearch(ctx, max(searchIndexChunk, 2*tx.cases))
	if more {
		db.indexAgain()
		db.scheduleIndex(false)
	}
	return err
}

// searchIndexDue reports whether the transaction about to commit should
// index the cases waiting for the search index, and if so notes the time.
func (db *DB) searchIndexDue() bool {
	now := time.Now().UnixNano()
	last := db.indexed.Load()
	return now-last >= int64(searchIndexDelay) && db.indexed.CompareAndSwap(last, now)
}

// indexAgain makes the next transaction index at once.
func (db *DB) indexAgain() { db.indexed.Store(0) }

// indexSearch indexes up to limit of the cases waiting for the search
// index, oldest first, and reports whether more may wait.
func (tx *Tx) indexSearch(ctx context.Context, limit int) (more bool, err error) {
	var last int64
	err = tx.queryRow(ctx, "SELECT case_id FROM case_search_queue ORDER BY case_id LIMIT 1 OFFSET ?", limit-1).Scan(&last)
	switch {
	case errors.Is(err, sql.ErrNoRows): // fewer wait: all of them
		var pending bool
		if err := tx.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM case_search_queue)").Scan(&pending); err != nil || !pending {
			return false, err
		}
		last = math.MaxInt64
	case err != nil:
		return false, fmt.Errorf("index search: %w", err)
	default:
		more = true
	}
	for _, q := range []string{
		"DELETE FROM case_search WHERE rowid IN (SELECT case_id FROM case_search_queue WHERE changed = 1 AND case_id <= ?)",
		"DELETE FROM case_phrases WHERE rowid IN (SELECT case_id FROM case_search_queue WHERE changed = 1 AND case_id <= ?)",
		`INSERT INTO case_search (rowid, terms) SELECT c.id, guanjia_terms(c.number, c.description, c.address)
			FROM case_search_queue q CROSS JOIN cases c ON c.id = q.case_id WHERE q.case_id <= ?`, // the queue first
		`INSERT INTO case_phrases (rowid, trigrams) SELECT c.id, guanjia_trigrams(c.number, c.description, c.address)
			FROM case_search_queue q CROSS JOIN cases c ON c.id = q.case_id WHERE q.case_id <= ?`,
		"DELETE FROM case_search_queue WHERE case_id <= ?",
	} {
		if _, err := tx.exec(ctx, q, last); err != nil {
			return false, fmt.Errorf("index search: %w", err)
		}
	}
	return more, nil
}

// indexFlush starts a transaction to index what waits a moment after the
// last write, so that cases do not wait for the next write to be indexed.
type indexFlush struct {
	mu     sync.Mutex
	timer  *time.Timer // nil when none is due
	closed bool
}

// scheduleIndex arranges for indexWaiting within searchIndexDelay (soon,
// when it follows one), unless it is arranged already. A transaction that
// leaves cases waiting for the index calls it.
func (db *DB) scheduleIndex(soon bool) {
	f := &db.flush
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.timer != nil || f.closed {
		return
	}
	delay := searchIndexDelay
	if soon {
		delay = time.Millisecond // let others' writes go first
	}
	f.timer = time.AfterFunc(delay, func() {
		f.mu.Lock()
		f.timer = nil
		f.mu.Unlock()
		db.indexWaiting()
	})
}

// indexWaiting indexes up to searchFlushChunk of the waiting cases, in a
// transaction of its own, shared with no other caller, so that none waits
// for its larger share; when more wait it arranges to go on soon. It fails
// harmlessly if the database closes meanwhile.
func (db *DB) indexWaiting() {
	more := false
	err := db.Tx(context.Background(), func(tx *Tx) (err error) {
		more, err = tx.indexSearch(context.Background(), searchFlushChunk)
		return err
	})
	if err == nil && more {
		db.indexAgain()
		db.scheduleIndex(true)
	}
}

// stopIndexFlush cancels a scheduled indexing; none is scheduled after.
func (db *DB) stopIndexFlush() {
	f := &db.flush
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	if f.timer != nil {
		f.timer.Stop()
	}
}

// On PostgreSQL a new case's terms go into case_search as the case is
// written, worked out here (docTerms) rather than by the PL/pgSQL
// guanjia_terms of the trigger, which costs several times as much of the
// database's CPU. The trigger stays for other writers of cases and skips
// the rows of a transaction that says the store writes their terms
// (migration 0280).

// searchTermsByStore tells the trigger that this transaction writes the
// terms of the cases it inserts (insertSearchTerms); nothing on SQLite.
// It is said before every insert, not once a transaction: a rollback to
// a savepoint would undo it.
func (tx *Tx) searchTermsByStore(ctx context.Context) error {
	if tx.db.engine != Postgres {
		return nil
	}
	_, err := tx.exec(ctx, "SELECT set_config('guanjia.search_terms', 'store', true)")
	return err
}

// insertSearchTerms writes the terms of new cases on PostgreSQL. A row
// there already is kept: a schema before migration 0280 (tests migrate
// to a version) has the trigger write the same terms first.
func (tx *Tx) insertSearchTerms(ctx context.Context, ncs []*NewCase) error {
	if tx.db.engine != Postgres {
		return nil
	}
	return tx.upsertRows(ctx, "case_search", "case_id, terms", "ON CONFLICT (case_id) DO NOTHING", len(ncs), func(i int) ([]any, error) {
		c := ncs[i].Case
		return []any{c.ID, docTerms(c.Number, c.Description, c.Address)}, nil
	})
}
