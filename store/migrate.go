package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/stdlib"
)

// migrationFiles holds the schema, one folder per engine, one file per
// numbered forward-only step: migrations/sqlite/0001_init.sql ...
//
//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the engine's migrations in order, read from the
// embedded files once per process: the operators' monitoring asks for them
// at every scrape (Schema).
func migrations(engine string) ([]migration, error) {
	read, ok := embeddedMigrations[engine]
	if !ok {
		return nil, fmt.Errorf("read migrations: no engine %q", engine)
	}
	ms, err := read()
	return slices.Clone(ms), err
}

var embeddedMigrations = map[string]func() ([]migration, error){
	SQLite:   sync.OnceValues(func() ([]migration, error) { return readMigrations(SQLite) }),
	Postgres: sync.OnceValues(func() ([]migration, error) { return readMigrations(Postgres) }),
}

// readMigrations reads the engine's migrations from the embedded files,
// in order.
func readMigrations(engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := migrationFiles.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// Migrate applies the embedded migrations not yet applied, each in its own
// transaction, and records them in schema_migrations. On PostgreSQL a
// session advisory lock serialises processes that migrate at once; on SQLite
// the single writer and BEGIN IMMEDIATE do. Then it refreshes the
// planner's statistics (Optimize).
func (db *DB) Migrate(ctx context.Context) error {
	if err := db.migrate(ctx); err != nil {
		return err
	}
	if err := db.recoverStats(ctx); err != nil {
		return err
	}
	if db.search != nil {
		db.startIndex()
	}
	return db.Optimize(ctx)
}

func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, math.MaxInt)
}

// migrateTo applies the migrations up to version last.
func (db *DB) migrateTo(ctx context.Context, last int) error {
	ms, err := migrations(db.engine)
	if err != nil {
		return err
	}
	for len(ms) > 0 && ms[len(ms)-1].version > last {
		ms = ms[:len(ms)-1]
	}
	conn, done, err := db.sessionConn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer done()
	if db.engine == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(lockMigrate)); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(lockMigrate))
	}
	if _, err := conn.ExecContext(ctx, db.d.migrationsTable()); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, conn, m); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return db.learnStatDirty(ctx, conn)
}

// sessionConn returns a connection of a session of its own for the
// migrations, which hold a session's advisory lock throughout: one of the
// pool's, or, behind a pooler (Options.Direct), a direct one; done
// closes it.
func (db *DB) sessionConn(ctx context.Context) (conn *sql.Conn, done func(), err error) {
	if db.direct == "" {
		conn, err = db.w.Conn(ctx)
		if err != nil {
			return nil, nil, err
		}
		return conn, func() { conn.Close() }, nil
	}
	cfg, err := postgresConfig(db.direct)
	if err != nil {
		return nil, nil, err
	}
	d := stdlib.OpenDB(*cfg)
	if conn, err = d.Conn(ctx); err != nil {
		d.Close()
		return nil, nil, fmt.Errorf("direct connection: %w", err)
	}
	return conn, func() { conn.Close(); d.Close() }, nil
}

// apply runs one migration unless it is recorded as applied already.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := reader{q: tx, d: db.d}
	var n int
	if err := r.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	// Run as given: no placeholder rewriting inside function bodies.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := r.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, db.Now()); err != nil {
		return err
	}
	return tx.Commit()
}
