package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Checkpoints. In WAL mode SQLite copies the log's pages back into the
// database file (a checkpoint) once the log passes 1,000 pages, by
// default in the commit that passes it: the one writer, and every caller
// waiting for that commit, pays for copying and syncing megabytes. Here a
// connection of its own checkpoints in the background instead, PASSIVE so
// that it never blocks the writer or the readers, and the writer's own
// automatic checkpoint stays only as a backstop, for a log that grows past
// walBackstop pages anyway (readers holding old snapshots, say).
//
// Once a second: a page that several commits wrote in the meantime (the
// last leaf of an index in time order, a busy row of the summaries) is
// copied once. Under intake that cut the pages read and written back by a
// fifth and the work per case by about a tenth, against every 250 ms. A
// second of intake at 2,000 cases writes up to about 100 MB of log (some
// 50 KB a case in groups of 16), below the backstop; readers look pages
// up in a longer log, at a cost that grows by one hash probe per 16 MB.
const (
	checkpointEvery = time.Second
	walBackstop     = 65536 // pages: 256 MB of log
)

// checkpointer checkpoints a SQLite database in the background.
type checkpointer struct {
	conn     *sql.DB
	stop     chan struct{}
	wg       sync.WaitGroup
	worked   atomic.Int64 // checkpoints that found pages in the log, for tests
	finish   atomic.Bool  // the writer is to copy the last frames (see step)
	finished atomic.Int64 // checkpoints the writer completed, for tests
}

// startCheckpointer opens the checkpointer's connection and starts it.
func startCheckpointer(ctx context.Context, path string) (*checkpointer, error) {
	conn, err := sql.Open(SQLiteDriver, SQLiteDSN(path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return nil, fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetConnMaxIdleTime(0)
	conn.SetConnMaxLifetime(0)
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	c := &checkpointer{conn: conn, stop: make(chan struct{})}
	c.wg.Go(c.run)
	return c, nil
}

func (c *checkpointer) run() {
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		c.step()
	}
}

// walRestartFrames is the log's length, in frames, past which the
// checkpointer has the log start again (a var for tests).
var walRestartFrames int64 = 4096 // 16 MB

// restartSlack is how many frames the writer may add during a pass for
// it to be the last.
const restartSlack = 256

// step copies the log into the database file, PASSIVE: it never blocks
// the writer or the readers. Under steady writes that is not enough for
// the log to start again from its beginning: SQLite restarts it only in a
// write transaction that begins when every frame has been copied, and the
// writer has committed more frames by the time a pass ends. The log then
// grew until the writer's own checkpoint (walBackstop) copied it inside a
// commit, every two seconds under the bench's intake at a million cases,
// holding every caller 95–106 ms: the tail of intake at half rate.
//
// So when the log is long, more passes copy what the writer added during
// the one before, until a pass finds little new (restartSlack), and then
// the writer, before its next transaction, copies the last few frames
// itself (finishCheckpoint): nothing can be added meanwhile, so that
// transaction starts the log again. A checkpoint mode that blocks the
// writer (RESTART) held it 20–60 ms a second instead, waiting for
// readers and syncing with the writer's lock taken.
func (c *checkpointer) step() (frames int64) {
	// log and done are the log's frames and those of them now in the
	// file; an error (the database busy or closing) waits for the next
	// tick.
	var busy, log, done int64
	if err := c.conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil || log == 0 {
		return log
	}
	c.worked.Add(1)
	if log < walRestartFrames {
		return log
	}
	frames = log
	for range 4 {
		before := log
		if err := c.conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
			return frames
		}
		if log-before < restartSlack {
			break
		}
	}
	c.finish.Store(true)
	return frames
}

// finishCheckpoint copies the frames the checkpointer's passes left, on
// the writer's connection before it begins a transaction, when the
// checkpointer has asked for it (see step).
func (db *DB) finishCheckpoint(ctx context.Context) {
	c := db.checkpoints
	if c == nil || !c.finish.Swap(false) {
		return
	}
	var busy, log, done int64
	if err := db.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err == nil && done == log {
		c.finished.Add(1)
	}
}

// close stops the checkpointer and closes its connection.
func (c *checkpointer) close() error {
	close(c.stop)
	c.wg.Wait()
	return c.conn.Close()
}
