// Package store keeps Guanjia's data in SQLite (a file in the data
// directory, the default) or PostgreSQL (for deployments that outgrow one
// machine). One code path serves both: queries are raw SQL written once
// beside the Go that uses them, with ? placeholders; the few differences
// between the engines live in the migrations and in dialect.go.
//
// Reads are methods of both *DB (outside a transaction, on the reader pool)
// and *Tx (inside one); writes are methods of *Tx only, so that a state
// change, its timeline event and its outbox message commit together:
//
//	err := db.Tx(ctx, func(tx *store.Tx) error {
//		if err := tx.UpdateCase(ctx, c, prev); err != nil {
//			return err
//		}
//		return tx.AddEvent(ctx, &e)
//	})
//
// Times are stored in UTC truncated to the microsecond; values that come
// back from the store compare Equal to the normalised values written. Write
// methods normalise the times in the structs they are given the same way, so
// that a struct written and then read compares equal.
//
// A missing row is a guanjia.ENOTFOUND error, never a nil result.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guanjia/guanjia"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/ncruces/go-sqlite3/driver"
)

// DB is a handle on Guanjia's database. It is safe for concurrent use.
type DB struct {
	reader // reads outside a transaction use the reader pool

	// Now is the clock used when a caller leaves a required time unset
	// (for example a case's CreatedAt). It defaults to time.Now.
	Now func() time.Time

	engine string
	path   string     // SQLite: the database file
	dsn    string     // PostgreSQL: the URL
	direct string     // PostgreSQL: "" or a URL that bypasses a pooler (Options.Direct)
	w      *sql.DB    // SQLite: the single writer connection; PostgreSQL: the pool
	r      *sql.DB    // SQLite: read-only connections; PostgreSQL: the same pool as w
	ws, rs *stmtCache // SQLite: prepared statements of w and r; nil on PostgreSQL

	relaxed atomic.Bool  // commits do not wait for the disk; see SetDurable
	group   committer    // see Group
	terms   termSampler  // see searchTerms
	search  *searchIndex // SQLite: the search file; see search_file.go
	stats   statBuffer   // new cases' rows of stat_days not yet written (see deferStats)
	// deferStatDays says whether new cases' rows of stat_days wait in
	// stats (SQLite, migrated to stat_dirty).
	deferStatDays atomic.Bool
	// pendingStats says whether new cases wait in stat_pending for their
	// parts in stat_days (PostgreSQL, migrated to it; see foldStats).
	pendingStats atomic.Bool
	pages        pagePlans    // SQLite: see pageQuery
	serving      func()       // SQLite: lets go of HoldServing's lock
	trgm         atomic.Int32 // PostgreSQL: whether the trigram index serves; see trgmIndex
	// authEpoch counts this process's transactions that changed a token
	// or a user; see AuthEpoch.
	authEpoch atomic.Int64

	checkpoints *checkpointer // SQLite: see checkpointer
	ginCleaner  *ginCleaner   // PostgreSQL: see ginCleaner

	pingMu  sync.Mutex
	pinging *pingFlight // PostgreSQL: the readiness check in flight (pingShared)

	closeOnce sync.Once
	closeErr  error
}

// Pool sizes.
const (
	sqliteReaders = 4
	postgresConns = 16
)

// SQLite's page caches, in KiB (cache_size(-N)). Measured on a town of a
// million cases (2 GB) with the driver used before (modernc.org/sqlite,
// whose allocator took about twice a cache's size in resident memory):
// with the 64 MiB writer's cache and the four 16 MiB readers' caches these
// were before, opening the store (its ANALYZE reads every index through
// the writer) added 127 MB and reading 160,000 cases with their timelines
// 110 MB more; with these, 32 MB and 14 MB. The file
// itself stays in the system's page cache, so a miss costs a read system
// call: a case page misses about 3 pages whatever the reader's cache from
// 2 MiB to 16 MiB (its case row, events index and rows lie anywhere), the
// queue and text searches miss as rarely with 4 MiB as with 16, and intake
// reads 2-4 more pages per case (microseconds of its millisecond) with a
// 16 MiB writer's cache than with 64 (bench.BenchmarkLoadedRoutes and
// store.BenchmarkLoadedReads report reads/op).
const (
	sqliteWriterCache = 16384
	sqliteReaderCache = 4096
)

// Open opens the database named by dsn: a filesystem path (SQLite) or a
// postgres:// URL. It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, Options{})
}

// Options say how to reach the database besides its address.
type Options struct {
	// Direct is, for a PostgreSQL database that dsn reaches through a
	// pooler in transaction mode (PgBouncer), a postgres:// URL of the
	// same database that bypasses it: the work that needs a session of
	// its own (the migrations' advisory lock, LISTEN) goes there. dsn's
	// statements are then sent without prepared statements (pgx's
	// default_query_exec_mode=simple_protocol, unless dsn names a mode),
	// since the pooler hands each transaction any server connection.
	Direct string
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, o Options) (*DB, error) {
	if EngineOf(dsn) == Postgres {
		return openPostgres(ctx, dsn, o.Direct)
	}
	if o.Direct != "" {
		return nil, guanjia.Errorf(guanjia.EINVALID, "A direct connection is for a PostgreSQL database behind a pooler; %q is SQLite.", dsn)
	}
	return openSQLite(ctx, dsn)
}

// EngineOf returns the engine Open uses for dsn: Postgres for a
// postgres:// URL, SQLite for anything else.
func EngineOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// openSQLite opens one writer connection (WAL, full sync so that a commit is
// durable before it is acknowledged, BEGIN IMMEDIATE so that a write
// transaction never fails to upgrade its lock) and a pool of read-only
// connections to the same file.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.Contains(path, "?") {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The database path %q is not valid.", path)
	}
	// Temporary tables, sorts and statement journals stay in memory; the
	// writer, which touches every index, gets a larger page cache (see
	// sqliteWriterCache).
	const common = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"
	w, err := sql.Open(SQLiteDriver, SQLiteDSN(path, common,
		"_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-"+strconv.Itoa(sqliteWriterCache)+")&_txlock=immediate",
		"_pragma=wal_autocheckpoint("+strconv.Itoa(walBackstop)+")"))
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	// Open the writer first: it creates the file and switches it to WAL.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	search, err := openSearch(ctx, path)
	if err != nil {
		w.Close()
		return nil, err
	}
	r, err := driver.Open(SQLiteDSN(path, common, "_pragma=query_only(1)&_pragma=cache_size(-"+strconv.Itoa(sqliteReaderCache)+")&_txlock=deferred"),
		attachSearch(path))
	if err != nil {
		w.Close()
		search.close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(sqliteReaders)
	r.SetMaxIdleConns(sqliteReaders)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	cp, err := startCheckpointer(ctx, path)
	if err != nil {
		w.Close()
		r.Close()
		search.close()
		return nil, err
	}
	db := newDB(SQLite, w, r)
	db.path, db.checkpoints, db.search = path, cp, search
	db.ws, db.rs = newStmtCache(w), newStmtCache(r)
	db.reader.stmts = db.rs
	db.stats.release = ownStats(path)
	if err := db.learnStatDirty(ctx, w); err != nil {
		db.Close()
		return nil, err
	}
	db.startIndex() // before a migration, it tries again each second
	return db, nil
}

func newDB(engine string, w, r *sql.DB) *DB {
	db := &DB{
		Now:    time.Now,
		engine: engine,
		w:      w,
		r:      r,
		group:  committer{queue: make(chan groupItem), stop: make(chan struct{})},
	}
	db.reader = reader{q: r, d: dialect{engine}, db: db}
	return db
}

// Close closes the database. It may be called more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { db.closeErr = db.close() })
	return db.closeErr
}

func (db *DB) close() error {
	db.stopCommitter()
	err := db.stopStatFlush()
	if db.search != nil {
		err = errors.Join(err, db.search.close())
	}
	if db.checkpoints != nil {
		err = errors.Join(err, db.checkpoints.close())
	}
	if db.ginCleaner != nil {
		db.ginCleaner.close()
	}
	for _, c := range []*stmtCache{db.ws, db.rs} {
		if c != nil {
			c.close()
		}
	}
	err = errors.Join(err, db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	if db.serving != nil {
		db.serving() // after the connections: the next server finds the file at rest
	}
	return err
}

// Backup writes a consistent copy of a live SQLite database to a new file at
// path (VACUUM INTO), refusing to overwrite an existing file. PostgreSQL is
// backed up with pg_dump instead.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.engine == Postgres {
		return guanjia.Errorf(guanjia.EUNPROCESSABLE, "Back up a PostgreSQL database with pg_dump.")
	}
	if _, err := os.Stat(path); err == nil {
		return guanjia.Errorf(guanjia.ECONFLICT, "The file %s already exists.", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// A connection of its own (the readers are query-only) reads one
	// snapshot of the WAL for the whole statement and holds up no writer.
	c, err := sql.Open(SQLiteDriver, SQLiteDSN(db.path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := c.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(path)
}

// syncFile waits until the file at path is on disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", path, err)
	}
	return f.Close()
}

// querier is what reads and writes run on: a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader carries the read methods shared by DB and Tx, and the helpers that
// put queries through the dialect.
type reader struct {
	q     querier
	d     dialect
	db    *DB        // for the clock
	stmts *stmtCache // prepared statements, nil for none
	tx    *Tx        // the transaction q is, nil outside one
}

// now returns the database clock's time.
func (r *reader) now() time.Time { return r.db.Now() }

func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = r.d.rebind(query)
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, r.d.args(args)...)
	}
	return r.q.QueryContext(ctx, query, r.d.args(args)...)
}

func (r *reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = r.d.rebind(query)
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, r.d.args(args)...)
	}
	return r.q.QueryRowContext(ctx, query, r.d.args(args)...)
}

func (r *reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = r.d.rebind(query)
	if st := r.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, r.d.args(args)...)
	}
	return r.q.ExecContext(ctx, query, r.d.args(args)...)
}

// insert runs an INSERT of one row and returns the new row's id, or 0
// when ON CONFLICT DO NOTHING left the row out. The query must not say
// RETURNING: on PostgreSQL "RETURNING id" is added; on SQLite the driver
// reports the rowid without the cost of a result set.
func (r *reader) insert(ctx context.Context, query string, args ...any) (int64, error) {
	if r.d.postgres() {
		var id int64
		err := r.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return id, err
	}
	res, err := r.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, err
	}
	return res.LastInsertId()
}

// affected runs a write and returns how many rows it changed.
func (r *reader) affected(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := r.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, r *reader, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{} // empty, not nil: encodes as [] in JSON
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one runs a query for a single row; a missing row becomes notFound.
func one[T any](ctx context.Context, r *reader, notFound error, query string, args []any, scan func(scanner) (T, error)) (T, error) {
	v, err := scan(r.queryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound
	}
	return v, err
}
