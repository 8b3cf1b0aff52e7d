// Package dbtest holds test helpers that give each test a fresh real
// database: a new SQLite file always, and a new PostgreSQL database when
// GUANJIA_TEST_POSTGRES names a server. ./scripts/test starts a throwaway
// server and sets that variable, so the same suite runs on both engines.
//
// A DSN for SQLite is a plain filesystem path; a DSN for PostgreSQL starts
// with "postgres://".
//
// A Template fills such a new database with a copy of one built once per
// test process (testenv.App's migrated, seeded database is one), so that
// tests starting from the same state do not each pay for building it.
//
// It also finds the Chromium that browser tests drive (see Chromium), and
// starts a PostgreSQL primary with a synchronous standby for tests of a
// failover (see Replicated).
package dbtest

import (
	"os"
	"path/filepath"
	"testing"
)

// The engines a test can run on.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Environment variables that ./scripts/test sets.
const (
	// EnvPostgres is a postgres:// URL of a server on which tests may create
	// and drop databases, e.g.
	// postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable.
	EnvPostgres = "GUANJIA_TEST_POSTGRES"
	// EnvChromium is the path of a Chromium binary for browser tests.
	EnvChromium = "GUANJIA_TEST_CHROMIUM"
)

// Each runs fn once per database engine, each in its own subtest named for
// the engine: "sqlite" always, and "postgres", which skips unless
// GUANJIA_TEST_POSTGRES is set. Every call of fn gets a new, empty database
// that is removed when its subtest ends. fn may call t.Parallel.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, engine := range []string{EngineSQLite, EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			fn(t, DSN(t, engine))
		})
	}
}

// Engines returns the engines available in this environment: sqlite, and
// postgres when GUANJIA_TEST_POSTGRES is set. Pass each to DSN.
func Engines() []string {
	if os.Getenv(EnvPostgres) == "" {
		return []string{EngineSQLite}
	}
	return []string{EngineSQLite, EnginePostgres}
}

// DSN returns a DSN for a new, empty database on engine, removed when the
// test ends. It skips the test when engine is postgres and
// GUANJIA_TEST_POSTGRES is not set.
func DSN(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case EngineSQLite:
		return SQLite(tb)
	case EnginePostgres:
		return Postgres(tb)
	}
	tb.Fatalf("dbtest: unknown engine %q (want %q or %q)", engine, EngineSQLite, EnginePostgres)
	return ""
}

// SQLite returns a DSN for a new SQLite database: the path of a file that
// does not exist yet, in a directory removed when the test ends.
func SQLite(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "guanjia.db")
}
