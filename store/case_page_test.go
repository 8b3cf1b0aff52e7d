package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestPagesReadEitherWay: SQLite reads a page of cases directly or its ids
// first, as the query's plan says (see pageQuery); read either way, every
// filter gives the cases it selects in order.
func TestPagesReadEitherWay(t *testing.T) {
	db := newDB(t, dbtest.SQLite(t))
	cs := mustCreate(t, db, caseSet(60)...)
	for _, directly := range []bool{true, false} {
		restore := store.ReadPagesForTest(directly)
		for name, f := range caseFilters(cs) {
			f.Now = now
			for _, sort := range []string{"created", "updated", "due"} {
				f.Sort, f.Limit = sort, 7
				if diff := cmp.Diff(sorted(cs, f), findAll(t, db, f)); diff != "" {
					t.Errorf("%s by %s, read directly %v (-want +got):\n%s", name, sort, directly, diff)
				}
			}
		}
		restore()
	}
}

// TestPageQueryFollowsPlan: a page that an index yields in order is read
// directly, one that SQLite must sort ids first.
func TestPageQueryFollowsPlan(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	mustCreate(t, db, caseSet(60)...)
	idsFirst := "FROM cases WHERE id IN (SELECT id FROM cases"
	queue := db.PageQueryForTest(ctx, " WHERE unit = ? AND status IN ('dispatched', 'accepted') AND due_at IS NOT NULL",
		"due_at, id", 51, "urban")
	if strings.Contains(queue, idsFirst) {
		t.Errorf("a unit's running cases by deadline are read ids first:\n%s", queue)
	}
	sorted := db.PageQueryForTest(ctx, " WHERE grid = ?", "description, id", 51, "g1")
	if !strings.Contains(sorted, idsFirst) {
		t.Errorf("cases sorted by an unindexed column are read directly:\n%s", sorted)
	}
}

// TestGridAndVillagePagesFromIndexes: a grid's and a village's cases,
// newest first, and a grid's running cases by deadline come from indexes
// in order, not from a sort of all their cases (migrations 0300, 0310).
func TestGridAndVillagePagesFromIndexes(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	mustCreate(t, db, caseSet(60)...)
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	for query, index := range map[string]string{
		"grid = 'x' ORDER BY created_at DESC, id DESC":                                                                      "cases_grid",
		"village = 'x' ORDER BY created_at DESC, id DESC":                                                                   "cases_village",
		"grid = 'x' AND status IN ('new', 'dispatched', 'accepted', 'resolved') AND due_at IS NOT NULL ORDER BY due_at, id": "cases_grid_due",
	} {
		plan, err := db.WriterPlanForTest(ctx, "SELECT id FROM cases WHERE "+query+" LIMIT 51")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "INDEX "+index+" ") || strings.Contains(plan, "B-TREE") {
			t.Errorf("%s: not read in order from %s:\n%s", query, index, plan)
		}
	}
}

// TestRunningPagesByStatus: on PostgreSQL a page of running cases of
// several statuses is read a status at a time and merged (duePage);
// either engine gives every queue filter's cases in deadline order, page
// after page.
func TestRunningPagesByStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		cs := mustCreate(t, db, caseSet(60)...)
		for name, f := range caseFilters(cs) {
			f.Now, f.Sort = now, "due"
			for _, limit := range []int{3, 7, 100} {
				f.Limit = limit
				if diff := cmp.Diff(sorted(cs, f), findAll(t, db, f)); diff != "" {
					t.Errorf("%s by deadline, %d a page (-want +got):\n%s", name, limit, diff)
				}
			}
		}
		pg := strings.HasPrefix(dsn, "postgres")
		for _, conds := range [][]string{
			{"unit = ?", "status IN ('dispatched', 'accepted')", "due_at IS NOT NULL"},
			{"grid = ?", "status IN ('new', 'accepted')", "due_at IS NOT NULL"},
		} {
			q, _ := db.RunningPage(ctx, conds, []any{"x"}, 51)
			if merged := strings.Count(q, "UNION ALL") == 1; merged != pg {
				t.Errorf("PostgreSQL %v: two statuses of %s read one at a time %v:\n%s", pg, conds[0], merged, q)
			}
		}
	})
}

// TestStatusesOf: statusesOf reads back what statusIn writes, and nothing
// else.
func TestStatusesOf(t *testing.T) {
	for _, ss := range [][]guanjia.Status{{guanjia.StatusNew}, {guanjia.StatusDispatched, guanjia.StatusAccepted}} {
		cond, _ := store.StatusIn(ss)
		if got, ok := store.StatusesOf(cond); !ok || !slices.Equal(got, ss) {
			t.Errorf("%s: %v %v, want %v", cond, got, ok, ss)
		}
	}
	for _, cond := range []string{"status IN (?, ?)", "status = 'new'", "status IN ('new', 'nonsense')", "status IN ('new'"} {
		if got, ok := store.StatusesOf(cond); ok {
			t.Errorf("%s: read as %v", cond, got)
		}
	}
}
