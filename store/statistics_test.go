package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestOptimizeKeepsSearchIndexOnKeys: statistics taken while the search
// indexes were nearly empty (as at every new database's migration) must
// not be taken at all. With sqlite_stat1 saying two rows, SQLite ran
// FTS5's own DELETE of a range of index pages as a scan of all of them,
// at every merge: at a million cases the bulk load's search index took
// 2m31s instead of 37s. The indexes live in the search file, which
// Optimize leaves alone.
func TestOptimizeKeepsSearchIndexOnKeys(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.DSN(t, store.SQLite))
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var stats int
	if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM search.sqlite_schema WHERE name = 'sqlite_stat1'").Scan(&stats); err != nil || stats != 0 {
		t.Errorf("the search file has statistics (%d, %v)", stats, err)
	}
	for _, table := range []string{"case_search_data", "case_phrases_data"} {
		plan, err := db.SearchPlanForTest(ctx, "DELETE FROM "+table+" WHERE id >= 1 AND id <= 9")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "INTEGER PRIMARY KEY") {
			t.Errorf("FTS5's delete of a range of pages of %s:\n%s", table, plan)
		}
	}
	if got := dump(t, db, "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'cases'"); len(got) != 1 || got[0] == "0" {
		t.Errorf("cases has no statistics: %q", got)
	}
}
