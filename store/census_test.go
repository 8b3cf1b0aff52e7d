package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestCensus: an empty database is empty; a migrated one is not, and its
// census counts what was written, the same inside an exported snapshot.
func TestCensus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		raw, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if empty, err := raw.Empty(ctx); err != nil || !empty {
			t.Errorf("a new database: Empty() = %v, %v; want true", empty, err)
		}
		db := newDB(t, dsn)
		if empty, err := db.Empty(ctx); err != nil || empty {
			t.Errorf("a migrated database: Empty() = %v, %v; want false", empty, err)
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for _, u := range testUsers() {
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		c, err := db.Census(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"cases": 0, "events": 0, "users": 4, "tokens": 0, "followers": 0, "grids": 0, "housekeepers": 0}
		if diff := cmp.Diff(want, c.Counts); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
		if c.SchemaVersion < 1 {
			t.Errorf("schema version %d", c.SchemaVersion)
		}
		err = db.ExportSnapshot(ctx, func(snapshot string, got store.Census) error {
			if snapshot == "" {
				t.Error("no snapshot name")
			}
			if diff := cmp.Diff(c, got); diff != "" {
				t.Errorf("census of the snapshot (-want +got):\n%s", diff)
			}
			return nil
		})
		if (err == nil) != (store.EngineOf(dsn) == store.Postgres) {
			t.Errorf("ExportSnapshot on %s: %v", store.EngineOf(dsn), err)
		}
	})
}

func TestEngineOf(t *testing.T) {
	for dsn, want := range map[string]string{
		"/var/lib/guanjia/guanjia.db":  store.SQLite,
		"postgres://u@h/db":            store.Postgres,
		"postgresql://u@h/db":          store.Postgres,
		"data/postgres://not-a-url.db": store.SQLite,
	} {
		if got := store.EngineOf(dsn); got != want {
			t.Errorf("EngineOf(%q) = %q, want %q", dsn, got, want)
		}
	}
}
