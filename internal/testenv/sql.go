package testenv

import (
	"database/sql"
	"testing"
	"time"

	"github.com/guanjia/guanjia/store"
)

// SQL opens the database dsn (a SQLite file or a postgres:// URL) with
// database/sql, for a test to read or write what the store offers no
// method for; it is closed when the test ends.
func SQL(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	driver, name := store.SQLiteDriver, store.SQLiteDSN(dsn)
	if store.EngineOf(dsn) == store.Postgres {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// NewerMigration is the migration NewerRelease records.
const NewerMigration = "9990_from_a_newer_release"

// NewerRelease records in the database dsn a migration that this binary
// does not have (NewerMigration), as a newer release would have applied.
func NewerRelease(tb testing.TB, dsn string) {
	tb.Helper()
	var at any = int64(0) // SQLite: microseconds
	if store.EngineOf(dsn) == store.Postgres {
		at = time.Now()
	}
	if _, err := SQL(tb, dsn).Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9990, $1, $2)", NewerMigration, at); err != nil {
		tb.Fatal(err)
	}
}
