package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestUnreachable: errors that say the database is out of reach, from
// either driver, and errors that do not. (TestDatabaseOutage in web sees
// the real ones, from a closed SQLite store and a PostgreSQL database cut
// off under a running server.)
func TestUnreachable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"a bad connection", fmt.Errorf("find cases: %w", driver.ErrBadConn), true},
		{"connection refused", fmt.Errorf("token user: %w", refused), true},
		{"a deadline waiting for a connection", fmt.Errorf("get case: %w", context.DeadlineExceeded), true},
		{"the caller went away", fmt.Errorf("get case: %w", context.Canceled), false},
		{"an administrator ended the backend", &pgconn.PgError{Code: "57P01"}, true},
		{"a connection exception", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"a unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"a syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"the pool closed", errors.New("ping: sql: database is closed"), true},
		{"not found", guanjia.Errorf(guanjia.ENOTFOUND, "No case %d.", 1), false},
		{"anything else", errors.New("no such column: x"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.Unreachable(tt.err); got != tt.want {
				t.Errorf("Unreachable(%v) = %v, want %v", tt.err, got, tt.want)
			}
			out := store.Outage(tt.err)
			wantCode := guanjia.ErrorCode(tt.err)
			if tt.want {
				wantCode = guanjia.EUNAVAILABLE
			}
			if diff := cmp.Diff(wantCode, guanjia.ErrorCode(out)); diff != "" || (tt.want && guanjia.RetryAfter(out) != store.OutageRetry) {
				t.Errorf("Outage: code (-want +got):\n%s retry after %v", diff, guanjia.RetryAfter(out))
			}
		})
	}
}

// TestUnreachableSQLite: SQLite's own errors, from its driver: busy past
// the timeout is an outage, a constraint is not.
func TestUnreachableSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	open := func() *sql.DB {
		db, err := sql.Open(store.SQLiteDriver, store.SQLiteDSN(path, "_pragma=busy_timeout(0)&_pragma=journal_mode(WAL)&_txlock=immediate"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	if _, err := a.ExecContext(ctx, "CREATE TABLE t (k INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	_, err := a.ExecContext(ctx, "INSERT INTO t VALUES (1), (1)")
	if err == nil || store.Unreachable(err) {
		t.Errorf("a unique violation: Unreachable(%v) = true, want false", err)
	}
	tx, err := a.BeginTx(ctx, nil) // holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	_, err = b.ExecContext(ctx, "INSERT INTO t VALUES (3)")
	if err == nil || !store.Unreachable(err) {
		t.Errorf("busy: Unreachable(%v) = false, want true", err)
	}
}

// TestGroupCreateClosed: a new case written once the store has closed
// (the process stopping) is an outage, for the caller to try again, not
// an internal error.
func TestGroupCreateClosed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		db.Close()
		err := db.GroupCreate(context.Background(), store.NewCase{Case: newCase()})
		if err == nil || guanjia.ErrorCode(store.Outage(err)) != guanjia.EUNAVAILABLE {
			t.Errorf("GroupCreate on a closed store: %v, want an outage", err)
		}
	})
}
