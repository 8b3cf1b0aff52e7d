package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
)

// New cases' parts in stat_days on SQLite, a moment late. A new case
// adds to a dozen rows of stat_days (six groupings, by day and by month);
// a group of intake's cases shares few of them, so each case rewrote some
// six rows of eighty sums in the one writer's turn: at a million cases a
// quarter of intake (`guanjia bench --only intake` 1,936–1,961 req/s,
// 2,496–2,662 with those writes left out). The transactions that write
// new cases therefore add their rows to a buffer in memory, and a
// transaction of its own writes the buffer once a second, when the rows
// of a second's cases have summed into a few hundred (2,407–2,491 req/s).
//
// Nothing is lost with the buffer: a transaction that buffers rows of a
// month first notes the month in stat_dirty, in the same transaction, and
// the flush that writes the rows clears it. After a crash, the months
// still noted are rebuilt from case_stats (recoverStats), which every
// case's transaction writes. The rows join the buffer just before their
// transaction commits, on the writer's turn, so no flush comes between a
// case's commit and its rows (and they are taken out again if the commit
// fails). Reading stat_days outside a transaction first writes the
// buffer (statsWritten), so that figures count every case committed.
//
// Changes of cases still move their parts in their own transactions: they
// add and take off what case_stats says, and sums commute. PostgreSQL,
// whose instances would each need a buffer, notes new cases in a table
// instead (stat_pending.go).

// learnStatDirty learns whether new cases' rows of stat_days wait in
// memory: on SQLite, in the one process that holds the lock of the
// database's buffer (ownStats: a command run beside the server writes its
// rows at once, and leaves the server's notes alone), once a migration has
// made stat_dirty (tests migrate part of the way; before, the rows are
// written at once). On PostgreSQL it learns whether new cases are noted
// in stat_pending instead: once a migration has made it.
func (db *DB) learnStatDirty(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) error {
	if db.engine == Postgres {
		var n int
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'stat_pending'").Scan(&n); err != nil {
			return fmt.Errorf("open: %w", err)
		}
		db.pendingStats.Store(n > 0)
		return nil
	}
	if db.stats.release == nil {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'stat_dirty'").Scan(&n); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	db.deferStatDays.Store(n > 0)
	return nil
}

// statFlushDelay is how long a new case's rows may wait in the buffer
// (on PostgreSQL, its note in stat_pending) before a flush (a fold) comes
// for them; tests lengthen it.
var statFlushDelay = time.Second

// statBuffer holds new cases' rows of stat_days not yet written.
type statBuffer struct {
	// flushing is held by a flush from before it takes the buffer until
	// its transaction has ended: a reader that finds the buffer empty
	// waits for the rows on their way (see statsWritten).
	flushing sync.Mutex
	mu       sync.Mutex
	rows     statRows
	noted    map[int]bool // months noted in stat_dirty since the last flush
	timer    *time.Timer  // the flush due, nil for none
	closed   bool
	// release lets go of the lock that makes this process the one with a
	// buffer (ownStats); nil when another process has it.
	release func()
}

// deferStats adds rows, new cases' parts, to the buffer as tx commits,
// noting their months in stat_dirty first.
func (tx *Tx) deferStats(ctx context.Context, rows statRows) error {
	b := &tx.db.stats
	var note []int // the months not yet noted
	b.mu.Lock()
	for k := range rows {
		if m := guanjia.MonthStart(k.day); !b.noted[m] && !slices.Contains(note, m) {
			note = append(note, m)
		}
	}
	b.mu.Unlock()
	for _, m := range note {
		if _, err := tx.exec(ctx, "INSERT INTO stat_dirty (month) VALUES (?) ON CONFLICT (month) DO NOTHING", m); err != nil {
			return fmt.Errorf("note stat days: %w", err)
		}
	}
	tx.beforeCommit = append(tx.beforeCommit, func(context.Context) error {
		tx.db.bufferStats(rows, note, 1)
		tx.ended = append(tx.ended, func(err error) {
			if err != nil {
				tx.db.bufferStats(rows, note, -1)
			}
		})
		return nil
	})
	return nil
}

// bufferStats adds rows times sign to the buffer, and arranges a flush.
// Adding, it records the months noted in stat_dirty; taking off (a
// transaction that failed to commit), it forgets them, since their note
// was rolled back too.
func (db *DB) bufferStats(rows statRows, noted []int, sign int64) {
	b := &db.stats
	b.mu.Lock()
	if b.rows == nil {
		b.rows, b.noted = statRows{}, map[int]bool{}
	}
	for k, part := range rows {
		b.rows.add(k, part, sign)
	}
	for _, m := range noted {
		b.noted[m] = sign > 0
	}
	b.mu.Unlock()
	db.flushSoon()
}

// flushSoon arranges a flush (flushStats) in statFlushDelay, unless one is
// due already.
func (db *DB) flushSoon() {
	b := &db.stats
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer == nil && !b.closed {
		b.timer = time.AfterFunc(statFlushDelay, func() {
			b.mu.Lock()
			b.timer = nil
			b.mu.Unlock()
			// One that fails, as when the database closes, leaves what
			// waits for the next (see recoverStats).
			db.flushStats(context.Background())
		})
	}
}

// pending reports whether rows wait in the buffer.
func (b *statBuffer) pending() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rows) > 0
}

// statFlushChunk bounds the rows of stat_days that one transaction of a
// flush writes. A flush holds the one writer for each of its transactions,
// and new cases' groups wait meanwhile: a second's rows written at once,
// a few hundred at a million cases, held it for 10–40 ms, a stall in
// intake's tail once a second. Between chunks, groups take their turns.
const statFlushChunk = 64

// flushStats writes the buffer to stat_days (on PostgreSQL it folds the
// notes of stat_pending instead), a chunk of rows a transaction, and clears stat_dirty in the last; should one fail, the
// rows not yet written go back to the buffer, their months still noted.
func (db *DB) flushStats(ctx context.Context) error {
	if db.engine == Postgres {
		return db.foldStats(ctx)
	}
	b := &db.stats
	b.flushing.Lock()
	defer b.flushing.Unlock()
	if !b.pending() {
		return nil
	}
	var chunks []statRows
	for i := 0; i == 0 || i < len(chunks); i++ {
		err := db.Tx(ctx, func(tx *Tx) error {
			if i == 0 {
				// The buffer is taken on the writer's turn: each new case's
				// transaction notes its months and buffers its rows wholly
				// before or wholly after.
				b.mu.Lock()
				chunks = b.rows.chunks(statFlushChunk)
				b.rows, b.noted = statRows{}, map[int]bool{}
				b.mu.Unlock()
			}
			if len(chunks) > 0 {
				if err := tx.writeStatRows(ctx, chunks[i]); err != nil {
					return err
				}
			}
			if i < len(chunks)-1 {
				return nil
			}
			return tx.clearStatDirty(ctx)
		})
		if err != nil {
			for _, c := range chunks[i:] {
				db.bufferStats(c, nil, 1) // stat_dirty still notes their months
			}
			return err
		}
		if statChunkHook != nil {
			statChunkHook(i)
		}
	}
	return nil
}

// statChunkHook, when set (by tests), runs after each transaction of a
// flush, between its turns of the writer.
var statChunkHook func(chunk int)

// clearStatDirty forgets the notes of months whose rows are all written:
// all but those noted since the buffer was taken, whose rows wait in it.
// It runs on the writer's turn, under the buffer's lock, so that no case
// notes a month meanwhile.
func (tx *Tx) clearStatDirty(ctx context.Context) error {
	b := &tx.db.stats
	b.mu.Lock()
	defer b.mu.Unlock()
	q := "DELETE FROM stat_dirty"
	var args []any
	for m, noted := range b.noted {
		if noted {
			args = append(args, m)
		}
	}
	if len(args) > 0 {
		q += " WHERE month NOT IN (" + placeholders(len(args)) + ")"
	}
	_, err := tx.exec(ctx, q, args...)
	return err
}

// statsWritten writes the buffer before a read of stat_days outside a
// transaction. Inside one (the writer's turn) there is nothing to wait
// for: the buffer is written in a turn of its own.
func (r *reader) statsWritten(ctx context.Context) error {
	if r.tx != nil {
		return nil
	}
	return r.db.flushStats(ctx)
}

// stopStatFlush writes what waits and arranges no more flushes.
func (db *DB) stopStatFlush() error {
	b := &db.stats
	b.mu.Lock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	b.mu.Unlock()
	err := db.flushStats(context.Background())
	if b.release != nil {
		b.release()
	}
	return err
}

// recoverStats rebuilds from case_stats the rows of stat_days of every
// month noted in stat_dirty: the months whose new cases' rows a process
// held in its buffer when it stopped without writing them. Only the
// process that holds the buffer's lock does: another that held it has
// ended. On PostgreSQL it folds the notes that instances left.
func (db *DB) recoverStats(ctx context.Context) error {
	if db.engine == Postgres {
		return db.foldStats(ctx) // the notes an instance left when it stopped
	}
	if !db.deferStatDays.Load() {
		return nil
	}
	months, err := list(ctx, &db.reader, "SELECT month FROM stat_dirty ORDER BY month", nil, func(s scanner) (int, error) {
		var m int
		err := s.Scan(&m)
		return m, err
	})
	if err != nil {
		return fmt.Errorf("recover stat days: %w", err)
	}
	for _, m := range months {
		next := guanjia.NextMonth(m)
		err := db.Tx(ctx, func(tx *Tx) error {
			if _, err := tx.exec(ctx, "DELETE FROM stat_days WHERE day >= ? AND day < ?", m, next); err != nil {
				return err
			}
			fill := "INSERT INTO stat_days (" + statDaysColumns + ")\n" + statDaysSelect("day >= ? AND day < ?")
			if _, err := tx.exec(ctx, fill, m, next); err != nil {
				return err
			}
			_, err := tx.exec(ctx, "DELETE FROM stat_dirty WHERE month = ?", m)
			return err
		})
		if err != nil {
			return fmt.Errorf("recover stat days of month %d: %w", m, err)
		}
	}
	return nil
}
