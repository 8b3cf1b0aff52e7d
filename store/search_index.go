package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Keeping the search index (SQLite). The search file (search_file.go)
// has a writer of its own, whose goroutine (runIndex) indexes the cases
// written a moment after they commit, many at a time: FTS5 writes out
// what it holds at every statement and merges what it wrote, so indexing
// case by case would cost a write of the index each. It reads the cases
// from the database without locking it, so the database's writer, which
// every report waits for, never waits for the index. Searches meanwhile
// take the cases not yet indexed as candidates too (SearchWaiting), so
// that they find every case the moment it commits.
//
// New cases are indexed by id, past search_state.through. A case whose
// text changed is noted in the database's case_search_queue with a count
// of its changes (touched); the index takes it out and in again, records
// the change in search_indexed, and the database's writer later takes the
// note away (trimQueue) if no change came meanwhile.

const (
	searchIndexDelay = 250 * time.Millisecond // from a case's commit to its indexing, about
	searchFlushChunk = 2048                   // cases a transaction of the search file indexes, at most
	// searchTrimAge is how long a change stays noted in the database
	// after the search file took it in. A search reads the two files at
	// moments of its own; a read of the database after the note went and
	// of the search file before the change came in would miss the case,
	// and no read spans this long between its two files.
	searchTrimAge = time.Second
)

// SearchWaiting are the cases a search takes as candidates beside the
// index's matches (SQLite): those past the index's mark, and those whose
// text changed since it was indexed. It is exported for measurements that
// issue the store's SQL themselves.
const SearchWaiting = "SELECT id FROM cases WHERE id > (SELECT through FROM search_state) UNION ALL SELECT case_id FROM case_search_queue"

// casesWritten is what the writes of cases call once they wrote new
// cases or changed some: on SQLite the search file's writer is woken once
// the transaction commits.
func (tx *Tx) casesWritten() {
	if tx.indexing || tx.db.search == nil || tx.bulk != nil { // a bulk load indexes once, at its end
		return
	}
	tx.indexing = true
	tx.ended = append(tx.ended, func(err error) {
		if err == nil {
			tx.db.search.wakeUp()
		}
	})
}

// wakeUp has the index take in the cases written, unless it is woken already.
func (s *searchIndex) wakeUp() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// startIndex starts, once, the goroutine that indexes, and has it index
// what waits from before (SQLite).
func (db *DB) startIndex() {
	s := db.search
	s.start.Do(func() {
		if !s.stopped() {
			s.wg.Go(func() { db.runIndex() })
		}
	})
	s.wakeUp()
}

// stopped reports whether the search file is closing.
func (s *searchIndex) stopped() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// runIndex indexes, each time it is woken and searchIndexDelay later, the
// cases written, a transaction of the search file for every
// searchFlushChunk of them, then takes away the notes of changes indexed.
// A failure (the database closing, a full disk) is tried again a second
// later: searches find the cases meanwhile, among the candidates.
func (db *DB) runIndex() {
	s := db.search
	ctx := context.Background()
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		select {
		case <-s.stop:
			return
		case <-time.After(searchIndexDelay):
		}
		s.mu.Lock()
		err := db.indexAll(ctx, searchFlushChunk)
		s.mu.Unlock()
		if err == nil {
			err = db.trimQueue(ctx, time.Now().Add(-searchTrimAge))
		}
		if err != nil || db.changesIndexed(ctx) {
			time.AfterFunc(searchTrimAge, s.wakeUp)
		}
	}
}

// CatchUpSearch indexes every case waiting for the search index now (SQLite;
// nothing on PostgreSQL): for measurements, which should not share the
// machine with a search file made again in the background.
func (db *DB) CatchUpSearch(ctx context.Context) error {
	if db.search == nil {
		return nil
	}
	return db.catchUp(ctx, searchFlushChunk)
}

// catchUp indexes, limit cases a transaction, until none waits.
func (db *DB) catchUp(ctx context.Context, limit int) error {
	db.search.mu.Lock()
	defer db.search.mu.Unlock()
	return db.indexAll(ctx, limit)
}

// indexAll indexes, limit cases a transaction, until none waits or the
// search file closes. The caller holds db.search.mu.
func (db *DB) indexAll(ctx context.Context, limit int) error {
	for more := true; more && !db.search.stopped(); {
		var err error
		if more, err = db.indexRound(ctx, limit); err != nil {
			return err
		}
	}
	return nil
}

// searchTx runs fn in a transaction of the search file.
func (db *DB) searchTx(ctx context.Context, fn func(tx *Tx) error) error {
	s := db.search
	stx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search file: begin: %w", err)
	}
	defer stx.Rollback()
	tx := &Tx{reader: reader{q: stx, d: db.d, db: db, stmts: s.stmts}, stx: stx}
	tx.tx = tx
	return commit(stx, fn(tx))
}

// indexRound indexes, in a transaction of the search file, up to limit of
// the new cases past its mark and up to limit of the changed ones, and
// reports whether more may wait.
func (db *DB) indexRound(ctx context.Context, limit int) (more bool, err error) {
	err = db.searchTx(ctx, func(tx *Tx) error {
		var through, upTo int64
		var n int
		if err := tx.queryRow(ctx, "SELECT through FROM search_state").Scan(&through); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*), COALESCE(MAX(id), ?) FROM (SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?)",
			through, through, limit).Scan(&n, &upTo); err != nil {
			return err
		}
		redo, err := tx.changedCases(ctx, upTo, limit)
		if err != nil {
			return err
		}
		more = n == limit || len(redo) == limit
		if redo == nil {
			redo = [][2]int64{} // [], not null
		}
		ids, err := json.Marshal(redo)
		if err != nil {
			return err
		}
		return tx.indexCases(ctx, through, upTo, string(ids))
	})
	if err != nil {
		return false, fmt.Errorf("index search: %w", err)
	}
	return more, nil
}

// changedCases returns up to limit of the cases up to id upTo whose
// change noted in case_search_queue the search file has not taken in, as
// pairs of id and count of changes.
func (tx *Tx) changedCases(ctx context.Context, upTo int64, limit int) ([][2]int64, error) {
	return list(ctx, &tx.reader, `SELECT q.case_id, q.touched FROM case_search_queue q
		WHERE q.case_id <= ? AND NOT EXISTS (SELECT 1 FROM search_indexed i WHERE i.case_id = q.case_id AND i.touched = q.touched)
		ORDER BY q.case_id LIMIT ?`, []any{upTo, limit}, func(s scanner) (p [2]int64, err error) {
		err = s.Scan(&p[0], &p[1])
		return p, err
	})
}

// indexCases indexes the cases past through up to upTo, and again the
// changed ones (redo: a JSON array of [id, touched]) indexed before, and
// moves the mark to upTo.
func (tx *Tx) indexCases(ctx context.Context, through, upTo int64, redo string) error {
	const again = "SELECT value ->> 0 FROM json_each(?) WHERE value ->> 0 <= ?" // changed, indexed before
	// the new ones, then the changed ones: none is both
	cases := func(fn string) string {
		text := "SELECT id, " + fn + "(number, description, address) FROM cases WHERE "
		return text + "id > ? AND id <= ? UNION ALL " + text + "id IN (" + again + ")"
	}
	for _, q := range []struct {
		query string
		args  []any
	}{
		{"DELETE FROM case_search WHERE rowid IN (" + again + ")", []any{redo, through}},
		{"DELETE FROM case_phrases WHERE rowid IN (" + again + ")", []any{redo, through}},
		{"INSERT INTO case_search (rowid, terms) " + cases("guanjia_terms"), []any{through, upTo, redo, through}},
		{"INSERT INTO case_phrases (rowid, trigrams) " + cases("guanjia_trigrams"), []any{through, upTo, redo, through}},
		{`INSERT INTO search_indexed (case_id, touched, at) SELECT value ->> 0, value ->> 1, ? FROM json_each(?) WHERE true
			ON CONFLICT (case_id) DO UPDATE SET touched = excluded.touched, at = excluded.at`, []any{time.Now().UnixMilli(), redo}},
		// the notes the database's writer took away, or a later change replaced
		{`DELETE FROM search_indexed WHERE NOT EXISTS (SELECT 1 FROM case_search_queue q
			WHERE q.case_id = search_indexed.case_id AND q.touched = search_indexed.touched)`, nil},
		{"UPDATE search_state SET through = ?", []any{upTo}},
	} {
		if _, err := tx.exec(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// trimQueue takes away, in the database, the notes of changes that the
// search file took in before cutoff, unless a change came meanwhile.
func (db *DB) trimQueue(ctx context.Context, cutoff time.Time) error {
	done, err := list(ctx, &db.reader, "SELECT case_id, touched FROM search_indexed WHERE at <= ?",
		[]any{cutoff.UnixMilli()}, func(s scanner) (p [2]int64, err error) {
			err = s.Scan(&p[0], &p[1])
			return p, err
		})
	if err != nil || len(done) == 0 {
		return err
	}
	pairs, err := json.Marshal(done)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM case_search_queue WHERE (case_id, touched) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))", string(pairs))
		return err
	})
}

// changesIndexed reports whether the search file holds changes whose
// notes the database still keeps: the index goes round again to take
// them away.
func (db *DB) changesIndexed(ctx context.Context) bool {
	var any bool
	err := db.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM search_indexed)").Scan(&any)
	return err == nil && any
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
