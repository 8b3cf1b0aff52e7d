package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3", for the template's snapshot
)

// A Template is a database that is built once per test process and engine
// (and PostgreSQL server) and then copied into the new, empty databases
// that DSN makes, so that tests which all start from the same state (say,
// migrated and seeded) pay for building it once rather than once each.
// Copying is byte for byte: a SQLite file is written out, a PostgreSQL
// database is created with the template as its TEMPLATE.
//
// A SQLite template is kept in memory. A PostgreSQL template is a database
// named guanjia_tmpl_<unix time>_<random hex> on the server; since a test
// process has no hook at its end, templates more than templateMaxAge old
// are dropped when a new one is made (the throwaway server of
// ./scripts/test goes away anyway).
type Template struct {
	name  string
	build func(ctx context.Context, dsn string) error

	mu    sync.Mutex
	built map[string]*templateEntry // by engine, or PostgreSQL server URL
}

type templateEntry struct {
	once sync.Once
	b    *builtTemplate
}

// builtTemplate is one engine's copy of a template: its SQLite files, or
// its PostgreSQL database, or why building it failed.
type builtTemplate struct {
	files map[string][]byte // SQLite: file suffix ("", "-wal") → contents
	pg    string            // PostgreSQL: the template database's name
	err   error
}

// templateMaxAge is how old a PostgreSQL template must be before any test
// process may drop it: far longer than a test binary runs.
const templateMaxAge = 3 * time.Hour

// templatePrefix starts the names of PostgreSQL template databases.
const templatePrefix = "guanjia_tmpl_"

// NewTemplate returns a template named name (for error messages) that
// build makes: build gets the DSN of a new, empty database, fills it and
// closes every connection it opened before it returns.
func NewTemplate(name string, build func(ctx context.Context, dsn string) error) *Template {
	return &Template{name: name, build: build, built: map[string]*templateEntry{}}
}

// CopyInto makes the database at dsn, which must be one that DSN, SQLite or
// Postgres just made and nothing has used, a copy of the template, building
// the template first if this process has not yet. It reports false, having
// changed nothing, when dsn is not such a database: a SQLite file that
// exists already, a PostgreSQL database holding tables or open
// connections. The caller then builds the state itself.
func (t *Template) CopyInto(ctx context.Context, dsn string) (bool, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return t.copyPostgres(ctx, dsn)
	}
	return t.copySQLite(ctx, dsn)
}

// get returns the built template for key, building it with make the first
// time.
func (t *Template) get(key string, make func() *builtTemplate) *builtTemplate {
	t.mu.Lock()
	e, ok := t.built[key]
	if !ok {
		e = &templateEntry{}
		t.built[key] = e
	}
	t.mu.Unlock()
	e.once.Do(func() { e.b = make() })
	return e.b
}

// --- SQLite ------------------------------------------------------------------

func (t *Template) copySQLite(ctx context.Context, dsn string) (bool, error) {
	if _, err := os.Stat(dsn); !errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	b := t.get(EngineSQLite, func() *builtTemplate {
		dir, err := os.MkdirTemp("", "guanjia-tmpl-")
		if err != nil {
			return &builtTemplate{err: err}
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "template.db")
		if err := t.build(context.WithoutCancel(ctx), path); err != nil {
			return &builtTemplate{err: fmt.Errorf("build template %s: %w", t.name, err)}
		}
		// VACUUM INTO writes one consistent file whatever the built
		// database left in its WAL: copying the file and its WAL as they
		// lie raced with SQLite's checkpoints and gave, now and then, a
		// copy that lacked the newest migrations.
		snap := filepath.Join(dir, "snapshot.db")
		if err := vacuumInto(context.WithoutCancel(ctx), path, snap); err != nil {
			return &builtTemplate{err: fmt.Errorf("snapshot template %s: %w", t.name, err)}
		}
		data, err := os.ReadFile(snap)
		if err != nil {
			return &builtTemplate{err: fmt.Errorf("read template %s: %w", t.name, err)}
		}
		return &builtTemplate{files: map[string][]byte{"": data}}
	})
	if b.err != nil {
		return false, b.err
	}
	for suffix, data := range b.files {
		if err := os.WriteFile(dsn+suffix, data, 0o600); err != nil {
			return false, fmt.Errorf("copy template %s: %w", t.name, err)
		}
	}
	return true, nil
}

// vacuumInto copies the SQLite database at path, its WAL included, into a
// new single file at to.
func vacuumInto(ctx context.Context, path, to string) error {
	// store.SQLiteDSN's form; store's own tests import this package.
	u := url.URL{Path: path}
	db, err := sql.Open("sqlite3", "file:"+u.EscapedPath()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", to)
	return err
}

// --- PostgreSQL --------------------------------------------------------------

func (t *Template) copyPostgres(ctx context.Context, dsn string) (bool, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return false, err
	}
	name := strings.TrimPrefix(u.Path, "/")
	server, err := withDatabase(dsn, "postgres")
	if err != nil {
		return false, err
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return false, err
	}
	defer admin.Close()
	// Only a database that nobody is connected to and that holds no
	// tables is replaced.
	var conns int
	if err := admin.QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", name).Scan(&conns); err != nil {
		return false, err
	}
	if conns > 0 || !emptyPostgres(ctx, dsn) {
		return false, nil
	}
	b := t.get(server, func() *builtTemplate { return t.buildPostgres(context.WithoutCancel(ctx), admin, server) })
	if b.err != nil {
		return false, b.err
	}
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE "+ident); err != nil {
		return false, fmt.Errorf("copy template %s: drop %s: %w", t.name, name, err)
	}
	create := "CREATE DATABASE " + ident + " TEMPLATE " + pgx.Identifier{b.pg}.Sanitize()
	for try := 0; ; try++ {
		_, err = admin.ExecContext(ctx, create)
		// Another process copying the same template at the same instant
		// holds it briefly ("source database ... is being accessed by
		// other users"); PostgreSQL does not wait for it.
		if err == nil || try == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return false, fmt.Errorf("copy template %s into %s: %w", t.name, name, err)
	}
	return true, nil
}

// emptyPostgres reports whether the database at dsn holds no table of its
// own.
func emptyPostgres(ctx context.Context, dsn string) bool {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "+
		"WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'").Scan(&n)
	return err == nil && n == 0
}

// buildPostgres makes the template database on server, after dropping
// templates that are too old to be in use.
func (t *Template) buildPostgres(ctx context.Context, admin *sql.DB, server string) *builtTemplate {
	dropOldTemplates(ctx, admin)
	r := make([]byte, 6)
	if _, err := rand.Read(r); err != nil {
		return &builtTemplate{err: err}
	}
	name := templatePrefix + strconv.FormatInt(time.Now().Unix(), 10) + "_" + hex.EncodeToString(r)
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+ident+" TEMPLATE template0"); err != nil {
		return &builtTemplate{err: fmt.Errorf("create template %s: %w", t.name, err)}
	}
	dsn, err := withDatabase(server, name)
	if err == nil {
		err = t.build(ctx, dsn)
	}
	if err == nil {
		// build closed its connections; make sure no pooled one lingers.
		_, err = admin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
	}
	if err != nil {
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
		return &builtTemplate{err: fmt.Errorf("build template %s: %w", t.name, err)}
	}
	return &builtTemplate{pg: name}
}

// dropOldTemplates drops the template databases, left by earlier test
// processes, that are older than templateMaxAge.
func dropOldTemplates(ctx context.Context, admin *sql.DB) {
	rows, err := admin.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'guanjia\\_tmpl\\_%'")
	if err != nil {
		return
	}
	var old []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		stamp, _, _ := strings.Cut(strings.TrimPrefix(name, templatePrefix), "_")
		if sec, err := strconv.ParseInt(stamp, 10, 64); err == nil && time.Since(time.Unix(sec, 0)) > templateMaxAge {
			old = append(old, name)
		}
	}
	rows.Close()
	for _, name := range old {
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	}
}
