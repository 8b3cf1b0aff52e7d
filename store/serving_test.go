package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestHoldServing: one DB at a time serves a SQLite file; the lock goes
// with the DB's Close. On PostgreSQL, which several instances share, every
// DB may serve.
func TestHoldServing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func() *store.DB {
			t.Helper()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
		first, second := open(), open()
		if err := first.HoldServing(); err != nil {
			t.Fatal(err)
		}
		err := second.HoldServing()
		if strings.HasPrefix(dsn, "postgres") {
			if err != nil {
				t.Errorf("a second instance on PostgreSQL: %v", err)
			}
			return
		}
		if err == nil || !strings.Contains(err.Error(), filepath.Base(dsn)) {
			t.Fatalf("a second server on %s: %v, want refused naming the file", dsn, err)
		}
		first.Close()
		if err := open().HoldServing(); err != nil {
			t.Errorf("after the first closed: %v", err)
		}
	})
}
