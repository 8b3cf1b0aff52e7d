package store

import (
	"context"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// SetNearBatch makes FindCases read n rows at a time when it filters by
// distance, so that tests cross batches with few cases. It returns a
// function that restores the default.
func SetNearBatch(n int) (restore func()) {
	old := nearBatch
	nearBatch = n
	return func() { nearBatch = old }
}

// ExecForTest runs a statement in tx, for tests that check what the schema
// refuses.
func ExecForTest(ctx context.Context, tx *Tx, query string, args ...any) error {
	_, err := tx.exec(ctx, query, args...)
	return err
}

// CheckpointsForTest returns how many background checkpoints found pages
// in the log; -1 on PostgreSQL.
func (db *DB) CheckpointsForTest() int64 {
	if db.checkpoints == nil {
		return -1
	}
	return db.checkpoints.worked.Load()
}

// CheckpointStepForTest runs a step of the checkpointer at once, and
// returns the log's length, in frames, that its first pass found.
func (db *DB) CheckpointStepForTest() int64 { return db.checkpoints.step() }

// SetWALRestartFrames sets walRestartFrames until the test ends.
func SetWALRestartFrames(t interface{ Cleanup(func()) }, n int64) {
	old := walRestartFrames
	walRestartFrames = n
	t.Cleanup(func() { walRestartFrames = old })
}

// PendingCleanedForTest returns how many pages of GIN pending lists the
// background cleaner has moved into their indexes; -1 on SQLite.
func (db *DB) PendingCleanedForTest() int64 {
	if db.ginCleaner == nil {
		return -1
	}
	return db.ginCleaner.cleaned.Load()
}

// MigrateToForTest applies the migrations up to version last.
func (db *DB) MigrateToForTest(ctx context.Context, last int) error {
	return db.migrateTo(ctx, last)
}

// SetBulkStatRows makes a bulk load write its rows of stat_days by day
// once it keeps n, so that tests of few cases write some before Finish.
func SetBulkStatRows(n int) (restore func()) {
	old := bulkStatRows
	bulkStatRows = n
	return func() { bulkStatRows = old }
}

// WriterPlanForTest returns EXPLAIN QUERY PLAN of query as the writer's
// connection would run it (SQLite).
func (db *DB) WriterPlanForTest(ctx context.Context, query string) (string, error) {
	return queryPlan(ctx, db.w, query)
}

// SearchPlanForTest returns EXPLAIN QUERY PLAN of query as the search
// file's writer would run it (SQLite).
func (db *DB) SearchPlanForTest(ctx context.Context, query string) (string, error) {
	return queryPlan(ctx, db.search.w, query)
}

// ReadPagesForTest makes SQLite read every page of cases directly (true)
// or ids first (false) instead of as each query's plan says. It returns a
// function that restores the default.
func ReadPagesForTest(directly bool) (restore func()) {
	old := pageReads
	pageReads = readIDsFirst
	if directly {
		pageReads = readDirectly
	}
	return func() { pageReads = old }
}

// StatusesOf is statusesOf, and StatusIn statusIn, for tests.
var StatusesOf, StatusIn = statusesOf, statusIn

// StatDaysRebuilt is the query of the rows stat_days would have if made
// again from case_stats, and StatDaysHeld the query of the rows it has,
// columns in the same order, each in key order.
var StatDaysRebuilt, StatDaysHeld = statDaysSelect("") + " ORDER BY 1, 2, 3, 4, 5",
	"SELECT " + statDaysColumns + " FROM stat_days ORDER BY 1, 2, 3, 4, 5"

// StatDaysCounting is StatDaysHeld without the rows that count nothing,
// which a case's change leaves where the case was.
var StatDaysCounting = func() string {
	var zero []string
	for _, s := range statSums {
		zero = append(zero, s.col+" = 0")
	}
	return "SELECT " + statDaysColumns + " FROM stat_days WHERE NOT (" + strings.Join(zero, " AND ") + ") ORDER BY 1, 2, 3, 4, 5"
}()

// FlushStats writes the new cases' rows of stat_days that wait in memory
// (see deferStats).
func (db *DB) FlushStats(ctx context.Context) error { return db.flushStats(ctx) }

// SetStatFlushDelay sets statFlushDelay until the test ends.
func SetStatFlushDelay(t interface{ Cleanup(func()) }, d time.Duration) {
	was := statFlushDelay
	statFlushDelay = d
	t.Cleanup(func() { statFlushDelay = was })
}

// StatRowsWaiting counts the rows of stat_days waiting in memory.
func (db *DB) StatRowsWaiting() int {
	db.stats.mu.Lock()
	defer db.stats.mu.Unlock()
	return len(db.stats.rows)
}

// StatFlushChunk is flushStats' chunk; SetStatChunkHook sets
// statChunkHook until the test ends.
const StatFlushChunk = statFlushChunk

func SetStatChunkHook(t interface{ Cleanup(func()) }, f func(chunk int)) {
	statChunkHook = f
	t.Cleanup(func() { statChunkHook = nil })
}

// PageQueryForTest returns the query that reads a page of cases (see
// pageQuery).
func (db *DB) PageQueryForTest(ctx context.Context, where, orderBy string, limit int, args ...any) string {
	return db.pageQuery(ctx, where, orderBy, limit, args)
}

// ClusterPlanForTest returns EXPLAIN QUERY PLAN of CaseClusters' query of
// the open cases themselves (SQLite).
func (db *DB) ClusterPlanForTest(ctx context.Context, town string, b guanjia.BBox, categories []string) (string, error) {
	query, args := clusterQuery(db.d, town, b, 0.0003, categories)
	return queryPlan(ctx, db.w, query, db.d.args(args)...)
}

// SetGroupHook has f run in each group commit's transaction before its
// cases are written; it returns a function that removes it.
func SetGroupHook(f func(tx *Tx)) (restore func()) {
	groupHook = f
	return func() { groupHook = nil }
}

// SettingForTest returns the value of a PostgreSQL setting in tx.
func SettingForTest(ctx context.Context, tx *Tx, name string) (string, error) {
	var v string
	err := tx.queryRow(ctx, "SELECT current_setting(?)", name).Scan(&v)
	return v, err
}
