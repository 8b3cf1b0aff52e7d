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
	conn   *sql.DB
	stop   chan struct{}
	wg     sync.WaitGroup
	worked atomic.Int64 // checkpoints that found pages in the log, for tests
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
		// log and done are the log's pages and those of them now in the
		// file; an error (the database busy or closing) waits for the
		// next tick.
		var busy, log, done int64
		if err := c.conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err == nil && log > 0 {
			c.worked.Add(1)
		}
	}
}

// close stops the checkpointer and closes its connection.
func (c *checkpointer) close() error {
	close(c.stop)
	c.wg.Wait()
	return c.conn.Close()
}
