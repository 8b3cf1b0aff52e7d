package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
)

// The search indexes (SQLite) live in a file of their own beside the
// database, its path with "-search" added (searchPath). SQLite locks a
// file, not a connection's work, so while they lived in the database
// every write of them, and every merge FTS5 makes of what it wrote, held
// the one writer of cases: at a million cases, merges that fall due in
// bursts held it 50–125 ms, and every report arriving meanwhile waited.
// In a file of their own they have a writer of their own
// (searchIndex.w), which reads the database without locking it, and
// the database's readers see both files (attachSearch).
//
// The file is derived: made again from the cases when it is missing (a
// restored backup holds the database alone). It records how far, by id,
// it has indexed (search_state.through): cases past that mark are
// candidates of every search, as are those in the database's
// case_search_queue, whose text changed (search_index.go).

// searchPath is the file of the search indexes of the database at path.
func searchPath(path string) string { return path + "-search" }

// searchSchema makes what the search file holds, if missing. FTS5 merges
// its segments at its default pace (a level once 4 segments wait there):
// in the database its merges held the one writer, here only the search
// file's. Merging a level at 16 instead came in smaller bursts but left
// more segments to read: a million cases' searches 405 and 446 req/s
// against 545 (docs/performance.md, "7 December, midday").
var searchSchema = []string{
	// every Chinese character, every pair of neighbours of which one is
	// Chinese, every three letters or digits in a row (search_terms.go)
	`CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5(
		terms, content = '', contentless_delete = 1, detail = none,
		tokenize = 'unicode61 remove_diacritics 0')`,
	// every three characters in a row of each word, with positions
	// (search_phrase.go)
	`CREATE VIRTUAL TABLE IF NOT EXISTS case_phrases USING fts5(
		trigrams, content = '', contentless_delete = 1, detail = full,
		tokenize = 'unicode61 remove_diacritics 0')`,
	// through: every case up to this id is indexed as it was when read
	`CREATE TABLE IF NOT EXISTS search_state (
		one INTEGER PRIMARY KEY CHECK (one = 1),
		through INTEGER NOT NULL
	) STRICT`,
	`INSERT INTO search_state (one, through) VALUES (1, 0) ON CONFLICT DO NOTHING`,
	// the changes of case_search_queue indexed, until the database's
	// writer takes their notes away (trimQueue)
	`CREATE TABLE IF NOT EXISTS search_indexed (
		case_id INTEGER PRIMARY KEY,
		touched INTEGER NOT NULL,
		at INTEGER NOT NULL -- Unix ms
	) STRICT`,
}

// searchIndex is the search file's writer and the goroutine that indexes.
type searchIndex struct {
	w     *sql.DB       // one connection: the search file, the database attached as "base"
	stmts *stmtCache    // w's prepared statements
	wake  chan struct{} // a case was written
	stop  chan struct{}
	mu    sync.Mutex // held while indexing: one indexes at a time
	start sync.Once
	wg    sync.WaitGroup
}

// openSearch opens the search file of the database at path, making it if
// missing, with the database attached read-only in effect: the writer
// only reads it, in transactions that begin deferred, so that it never
// takes the database's lock.
func openSearch(ctx context.Context, path string) (*searchIndex, error) {
	dsn := SQLiteDSN(searchPath(path), "_pragma=busy_timeout(10000)&_pragma=temp_store(MEMORY)",
		"_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-16384)&_txlock=deferred")
	w, err := driver.Open(dsn, func(c *sqlite3.Conn) error {
		return c.Exec("ATTACH DATABASE " + quoteSQL(SQLiteDSN(path)) + " AS base")
	})
	if err != nil {
		return nil, fmt.Errorf("open search file: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	for _, q := range searchSchema {
		if _, err := w.ExecContext(ctx, q); err != nil {
			w.Close()
			return nil, fmt.Errorf("open search file %s: %w", searchPath(path), err)
		}
	}
	s := &searchIndex{w: w, stmts: newStmtCache(w), wake: make(chan struct{}, 1), stop: make(chan struct{})}
	return s, nil
}

// attachSearch attaches, to a connection of the database at path, its
// search file as "search": queries name case_search, case_phrases and
// search_state, which only the search file holds.
func attachSearch(path string) func(c *sqlite3.Conn) error {
	return func(c *sqlite3.Conn) error {
		return c.Exec("ATTACH DATABASE " + quoteSQL(SQLiteDSN(searchPath(path))) + " AS search")
	}
}

// OpenSQLiteReaders opens a pool of n read-only connections to the SQLite
// database at path with its search indexes, as the store reads it: for
// measurements that issue the store's SQL themselves.
func OpenSQLiteReaders(path string, n int) (*sql.DB, error) {
	db, err := driver.Open(SQLiteDSN(path, "_pragma=busy_timeout(10000)&_pragma=query_only(1)"), attachSearch(path))
	if err == nil {
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
	}
	return db, err
}

// SQLiteFiles are the files of the SQLite database at path besides
// itself: its log and shared memory, and its search file's. A file put in
// place of the database must go without them.
func SQLiteFiles(path string) []string {
	var out []string
	for _, p := range []string{path, searchPath(path)} {
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			out = append(out, p+suffix)
		}
	}
	return append(out, searchPath(path))
}

// quoteSQL quotes s as an SQL string literal.
func quoteSQL(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// close stops the indexing and closes the search file.
func (s *searchIndex) close() error {
	s.start.Do(func() {}) // none may start after this
	if !s.stopped() {
		close(s.stop)
	}
	s.wg.Wait()
	s.stmts.close()
	return s.w.Close()
}
