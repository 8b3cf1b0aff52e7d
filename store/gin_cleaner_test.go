package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestGinPendingListsCleaned: on PostgreSQL the entries that new cases add
// to the pending lists of the search's GIN indexes are moved into the
// indexes in the background (see ginCleaner), not by a later group's
// insert once a list passes its limit.
func TestGinPendingListsCleaned(t *testing.T) {
	db := newDB(t, dbtest.Postgres(t))
	ctx := context.Background()
	for i := range 5 {
		if err := db.GroupCreate(ctx, groupReport(i)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for db.PendingCleanedForTest() <= 0 {
		if time.Now().After(deadline) {
			t.Fatal("no GIN pending list was cleaned within 10 s of writing cases")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
