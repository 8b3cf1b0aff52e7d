package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// GIN indexes' pending lists, cleaned in the background (PostgreSQL).
// The search's GIN indexes (case_search_terms, cases_text_trgm) take new
// entries into a pending list, a cheap append, and move them into the
// index proper later. By default that happens inside whichever insert
// finds the list past gin_pending_list_limit (4 MB): under intake a new
// case's terms or its row, in a group commit's transaction, which then
// took 67–113 ms instead of about 1, every few seconds, and every report of that
// group and of those queued behind it waited (the groups commit one at a
// time, see Group). Here the pool cleans every pending list of the schema
// that this role may clean, every pendingCleanEvery, with
// gin_clean_pending_list, outside any group: at 1,500 new cases a second
// the lists hold some 70 pages (of 8 KB) between cleanings, far from the
// limit, and a search reads less of them too. Several instances each run
// it; a cleaning waits for another one in progress and then finds little.
// Turning the lists off (fastupdate = off) also removed the stalls, but
// each insert then updated the index itself: intake fell by about 30%.
const pendingCleanEvery = 500 * time.Millisecond

// pendingCleanSQL cleans the pending lists of the GIN indexes of the
// current schema that the current role owns (gin_clean_pending_list asks
// for the owner's rights, as VACUUM does), and returns the pages cleaned.
const pendingCleanSQL = `SELECT COALESCE(SUM(gin_clean_pending_list(c.oid::regclass)), 0)
FROM pg_class c JOIN pg_am a ON a.oid = c.relam JOIN pg_index i ON i.indexrelid = c.oid
WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace
AND i.indisvalid AND pg_has_role(c.relowner, 'USAGE')`

// ginCleaner cleans GIN pending lists in the background.
type ginCleaner struct {
	pool    *sql.DB
	ctx     context.Context // ends at close
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	cleaned atomic.Int64 // pages cleaned so far, for tests
}

// startGinCleaner starts cleaning pending lists through pool.
func startGinCleaner(pool *sql.DB) *ginCleaner {
	c := &ginCleaner{pool: pool}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.wg.Go(c.run)
	return c
}

func (c *ginCleaner) run() {
	t := time.NewTicker(pendingCleanEvery)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		// An error (the server restarting, a standby, an index being
		// built) waits for the next tick: an insert cleans a list that
		// grows past its limit meanwhile, as it would without this.
		var pages int64
		if err := c.pool.QueryRowContext(c.ctx, pendingCleanSQL).Scan(&pages); err == nil {
			c.cleaned.Add(pages)
		}
	}
}

// close stops the cleaner, cancelling a cleaning in progress.
func (c *ginCleaner) close() {
	c.cancel()
	c.wg.Wait()
}
