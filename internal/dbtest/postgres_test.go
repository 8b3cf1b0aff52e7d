package dbtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
)

func TestPostgres(t *testing.T) {
	server := os.Getenv(EnvPostgres)
	if server == "" {
		t.Skip(skipPostgres)
	}
	var name string
	var leftOpen *sql.DB
	t.Run("create", func(t *testing.T) {
		dsn := Postgres(t)
		name = databaseName(t, dsn)
		if !strings.HasPrefix(name, "guanjia_test_") {
			t.Errorf("database name %q lacks the guanjia_test_ prefix", name)
		}
		leftOpen = mustOpen(t, dsn)
		var current string
		if err := leftOpen.QueryRow("SELECT current_database()").Scan(&current); err != nil {
			t.Fatal(err)
		}
		if current != name {
			t.Errorf("connected to %q, want %q", current, name)
		}
		if _, err := leftOpen.Exec("CREATE TABLE t (id int)"); err != nil {
			t.Fatal(err)
		}
		// leftOpen stays open: the drop must not wait for it.
	})
	if leftOpen != nil {
		defer leftOpen.Close()
	}
	if n := countDatabases(t, server, name); n != 0 {
		t.Errorf("database %q still exists after its test ended", name)
	}
}

func TestPostgresParallel(t *testing.T) {
	if os.Getenv(EnvPostgres) == "" {
		t.Skip(skipPostgres)
	}
	for i := range 6 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, Postgres(t))
			defer db.Close()
			if _, err := db.Exec("CREATE TABLE t (id int)"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestWithDatabase(t *testing.T) {
	tests := []struct {
		server, want string
	}{
		{"postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable", "postgres://postgres@127.0.0.1:5433/db?sslmode=disable"},
		{"postgresql://u:p@host", "postgres://u:p@host/db"},
	}
	for _, tt := range tests {
		got, err := withDatabase(tt.server, "db")
		if err != nil || got != tt.want {
			t.Errorf("withDatabase(%q) = %q, %v; want %q", tt.server, got, err, tt.want)
		}
	}
	if _, err := withDatabase("host=127.0.0.1 dbname=postgres", "db"); err == nil {
		t.Error("withDatabase accepted a keyword/value DSN")
	}
}

// databaseName returns the database a postgres:// DSN names.
func databaseName(tb testing.TB, dsn string) string {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// mustOpen opens dsn with the pgx driver and checks the connection.
func mustOpen(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		tb.Fatal(err)
	}
	return db
}

// countDatabases returns how many databases on server are called name.
func countDatabases(tb testing.TB, server, name string) int {
	tb.Helper()
	db := mustOpen(tb, server)
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
