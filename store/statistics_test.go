package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestOptimizeKeepsSearchIndexOnKeys: statistics taken while the search
// indexes were nearly empty (as at every new database's migration) must
// not outlive them. With sqlite_stat1 saying two rows, SQLite ran FTS5's
// own DELETE of a range of index pages as a scan of all of them, at every
// merge: at a million cases the bulk load's search index took 2m31s
// instead of 37s.
func TestOptimizeKeepsSearchIndexOnKeys(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.DSN(t, store.SQLite))
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	got := dump(t, db, "SELECT tbl, stat FROM sqlite_stat1 WHERE (tbl LIKE 'case_search%' OR tbl LIKE 'case_phrases%') AND tbl <> 'case_search_queue' ORDER BY 1")
	want := []string{"case_phrases_config1048576", "case_phrases_data1048576", "case_phrases_docsize1048576", "case_phrases_idx1048576",
		"case_search_config1048576", "case_search_data1048576", "case_search_docsize1048576", "case_search_idx1048576"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statistics of the search indexes' tables (-want +got):\n%s", diff)
	}
	for _, table := range []string{"case_search_data", "case_phrases_data"} {
		plan, err := db.WriterPlanForTest(ctx, "DELETE FROM "+table+" WHERE id >= 1 AND id <= 9")
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
