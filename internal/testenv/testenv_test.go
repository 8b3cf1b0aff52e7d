package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestAppCopiesSeed checks that App, which copies a database seeded once
// per process into each new one, gives the same rows as migrating and
// seeding that database itself; and that a database App cannot copy into
// (one that exists already) is migrated and seeded in place.
func TestAppCopiesSeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		ctx := context.Background()
		fresh := dbtest.DSN(t, engineOf(dsn))
		if _, err := seed(ctx, fresh, t.TempDir()); err != nil {
			t.Fatal(err)
		}
		want := rowCounts(t, fresh)
		if want["users"] == 0 || want["schema_migrations"] == 0 {
			t.Fatalf("the seed wrote no users or migrations: %v", want)
		}

		a, _, _ := App(t, dsn)
		if diff := cmp.Diff(want, rowCounts(t, dsn)); diff != "" {
			t.Errorf("App's copy differs from a seed (-seed +copy):\n%s", diff)
		}
		if _, u, err := a.Login(ctx, "dispatcher", demo.Password, "127.0.0.1"); err != nil || u.Username != "dispatcher" {
			t.Errorf("sign in to the copy as dispatcher: %v, %v", u, err)
		}

		// A database that holds tables already is left alone (App then
		// migrates and seeds it in place).
		if copied, err := seeded.CopyInto(ctx, fresh); copied || err != nil {
			t.Errorf("CopyInto(a seeded database) = %v, %v; want false, nil", copied, err)
		}
	})
}

// engineOf returns the engine of a DSN that dbtest made.
func engineOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") {
		return dbtest.EnginePostgres
	}
	return dbtest.EngineSQLite
}

// rowCounts returns the number of rows in each table of the database at
// dsn.
func rowCounts(t *testing.T, dsn string) map[string]int {
	t.Helper()
	driver, name, list := store.SQLiteDriver, store.SQLiteDSN(dsn), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if engineOf(dsn) == dbtest.EnginePostgres {
		driver, name, list = "pgx", dsn, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRow(fmt.Sprintf(`SELECT count(*) FROM "%s"`, table)).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}
