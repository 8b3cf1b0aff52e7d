package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// skipPostgres is the message of tests skipped for want of a server.
const skipPostgres = "PostgreSQL: " + EnvPostgres + " not set; run ./scripts/test to include it"

// cleanupTimeout bounds dropping a test database; the test's own context is
// already cancelled when cleanup runs.
const cleanupTimeout = 30 * time.Second

// Postgres returns a DSN for a new, empty PostgreSQL database named
// guanjia_test_<random hex> on the server at GUANJIA_TEST_POSTGRES, dropped
// (with FORCE, so connections left open do not block it) when the test ends.
// It skips the test when GUANJIA_TEST_POSTGRES is not set.
func Postgres(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv(EnvPostgres)
	if server == "" {
		tb.Skip(skipPostgres)
	}
	dsn, drop, err := CreatePostgres(tb.Context(), server, "guanjia_test_")
	if err != nil {
		tb.Fatalf("dbtest: %s: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := drop(ctx); err != nil {
			tb.Errorf("dbtest: %v", err)
		}
	})
	return dsn
}

// CreatePostgres creates a new, empty database named prefix followed by
// random hex on the PostgreSQL server at the postgres:// URL server, and
// returns its URL and a function that drops it (with FORCE, so that
// connections left open do not block it). bench's scratch databases are
// made this way too.
func CreatePostgres(ctx context.Context, server, prefix string) (dsn string, drop func(context.Context) error, err error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("database name: %w", err)
	}
	name := prefix + hex.EncodeToString(b)
	if dsn, err = withDatabase(server, name); err != nil {
		return "", nil, err
	}
	ident := pgx.Identifier{name}.Sanitize()
	if err := execAdmin(ctx, server, "CREATE DATABASE "+ident+" TEMPLATE template0"); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop = func(ctx context.Context) error {
		if err := execAdmin(ctx, server, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	return dsn, drop, nil
}

// withDatabase returns the postgres:// URL server with its database
// replaced by name.
func withDatabase(server, name string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("parse: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return "", fmt.Errorf("want a postgres:// URL, got scheme %q", u.Scheme)
	}
	u.Scheme = "postgres"
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// execAdmin runs one statement on its own connection to the server at dsn.
func execAdmin(ctx context.Context, dsn, query string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, query)
	return err
}

// CutOff makes the PostgreSQL database at dsn (one that Postgres made)
// unreachable, as an outage would: it refuses new connections and ends
// the open ones. The returned function lets connections in again.
func CutOff(tb testing.TB, dsn string) (restore func()) {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	name := u.Path[1:]
	server := os.Getenv(EnvPostgres)
	ident := pgx.Identifier{name}.Sanitize()
	if err := execAdmin(tb.Context(), server, "ALTER DATABASE "+ident+" ALLOW_CONNECTIONS false"); err != nil {
		tb.Fatalf("dbtest: block connections to %s: %v", name, err)
	}
	lit := "'" + name + "'" // a name newDatabaseName made: hex digits and underscores
	if err := execAdmin(tb.Context(), server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "+lit); err != nil {
		tb.Fatalf("dbtest: end connections to %s: %v", name, err)
	}
	return func() {
		tb.Helper()
		if err := execAdmin(tb.Context(), server, "ALTER DATABASE "+ident+" ALLOW_CONNECTIONS true"); err != nil {
			tb.Fatalf("dbtest: allow connections to %s: %v", name, err)
		}
	}
}
