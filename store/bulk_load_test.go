package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestBulkLoadSameAsCreate: a history loaded by BulkLoad leaves the same
// database as the same history written day by day through CreateCases:
// every summary row (case_stats, stat_days, case_places, case_days,
// case_cells) and every index of cases and events.
func TestBulkLoadSameAsCreate(t *testing.T) {
	defer store.SetBulkStatRows(200)() // some written on the way, the rest by Finish
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		engine := store.SQLite
		if strings.HasPrefix(dsn, "postgres") {
			engine = store.Postgres
		}
		normal, bulk := newDB(t, dsn), newDB(t, dbtest.DSN(t, engine))
		// The first day is on file before the load: the load adds to its
		// summaries, finds its places near its own and indexes the cases
		// that wait for the search index.
		for _, db := range []*store.DB{normal, bulk} {
			mustTx(t, db, func(tx *store.Tx) error {
				_, err := tx.CreateCases(ctx, bulkDay(0))
				return err
			})
		}
		load, err := bulk.BeginBulkLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for day := 1; day < 35; day++ { // two months and more, a transaction a day, as guanjia bench loads
			a, b := bulkDay(day), bulkDay(day)
			mustTx(t, normal, func(tx *store.Tx) error {
				_, err := tx.CreateCases(ctx, a)
				return err
			})
			if _, err := load.Write(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		if err := load.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		search := []string{"SELECT * FROM case_search ORDER BY case_id"}
		if engine == store.SQLite {
			// The search index of the normal path as it is once every case
			// waiting is in it; the indexes' terms by case (detail = none:
			// how many cases have each term) and phrases by case and place.
			if err := normal.IndexSearchForTest(ctx); err != nil {
				t.Fatal(err)
			}
			for _, db := range []*store.DB{normal, bulk} {
				for _, q := range []string{
					"CREATE VIRTUAL TABLE search_terms USING fts5vocab(case_search, row)",
					"CREATE VIRTUAL TABLE search_phrases USING fts5vocab(case_phrases, instance)",
				} {
					if err := db.SearchExecForTest(ctx, q); err != nil {
						t.Fatal(err)
					}
				}
			}
			search = []string{"SELECT * FROM search_terms ORDER BY term", "SELECT * FROM search_phrases ORDER BY doc, offset",
				"SELECT (SELECT COUNT(*) FROM (" + store.SearchWaiting + ")), through FROM search_state"}
		}
		for _, db := range []*store.DB{normal, bulk} { // new cases' rows of stat_days, a second late on SQLite
			if err := db.FlushStats(ctx); err != nil {
				t.Fatal(err)
			}
		}
		same := 0
		for _, q := range append(search,
			"SELECT * FROM case_stats ORDER BY case_id",
			"SELECT * FROM stat_days ORDER BY dim, day, jurisdiction, unit, k",
			"SELECT * FROM case_places ORDER BY case_id",
			"SELECT * FROM case_days ORDER BY jurisdiction, day, status, category, unit",
			"SELECT * FROM case_totals ORDER BY jurisdiction, status, category, unit",
			"SELECT * FROM case_cells ORDER BY cy, cx, jurisdiction",
			"SELECT * FROM open_due_days ORDER BY jurisdiction, day",
			"SELECT COUNT(*), SUM(id) FROM events",
			indexesQuery(engine),
		) {
			want, got := dump(t, normal, q), dump(t, bulk, q)
			if len(want) == 0 {
				t.Errorf("%s: nothing to compare", q)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, bulk load (-normal +bulk):\n%s", q, diff)
			}
		}
		if err := normal.QueryRowForTest(ctx, "SELECT SUM(same_problem) FROM case_stats").Scan(&same); err != nil || same == 0 {
			t.Errorf("%d reports of the same problem (%v): the history does not test them", same, err)
		}
	})
}

// bulkDay returns day's new cases of a seeded history: a few a day, at a
// few places, some dispatched.
func bulkDay(day int) []store.NewCase {
	r := rand.New(rand.NewPCG(uint64(day), 7))
	var out []store.NewCase
	for i := range 3 + r.IntN(4) {
		at := time.Date(2026, 10, 1, 8, 0, 0, 0, guanjia.TownZone).AddDate(0, 0, day).Add(time.Duration(i*37+r.IntN(30)) * time.Minute)
		c := newCase(func(c *guanjia.Case) {
			c.CreatedAt, c.Category = at, []string{"garbage", "noise"}[r.IntN(2)]
			c.Lat, c.Lng = 30.7451+float64(r.IntN(4))*0.0009, 120.4862+float64(r.IntN(3))*0.0011
			if r.IntN(9) == 0 {
				c.Lat, c.Lng = 0, 0
			}
		})
		events := []*guanjia.Event{{At: at, Action: guanjia.ActionReport, To: guanjia.StatusNew, ActorRole: guanjia.RoleResident}}
		if r.IntN(2) == 0 {
			c.Status, c.Unit = guanjia.StatusDispatched, "sanitation"
			events = append(events, &guanjia.Event{At: at.Add(time.Minute), Action: guanjia.ActionDispatch, From: guanjia.StatusNew,
				To: guanjia.StatusDispatched, Unit: "sanitation", ActorRole: guanjia.RoleDispatcher})
		}
		out = append(out, store.NewCase{Case: c, Events: events})
	}
	return out
}

func indexesQuery(engine string) string {
	if engine == store.Postgres {
		return "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() UNION ALL" +
			" SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint ORDER BY 1, 2"
	}
	return "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1"
}

// dump returns a query's rows as text.
func dump(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryForTest(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		// Each value alone, so that a sum PostgreSQL returns as numeric
		// (text) reads as the same sum returned as an integer.
		f := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			f[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(f, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
