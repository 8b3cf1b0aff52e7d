package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestCaseCounts: the daily summary follows creation and every change of
// status, category and unit, by the day (China time) each case came in.
func TestCaseCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		yesterday := t0.AddDate(0, 0, -1)
		late := time.Date(2026, 11, 27, 23, 30, 0, 0, guanjia.TownZone) // 15:30 UTC: the 27th in China
		cs := mustCreate(t, db,
			newCase(), newCase(), newCase(func(c *guanjia.Case) { c.Category = "noise" }),
			newCase(func(c *guanjia.Case) { c.CreatedAt = yesterday }),
			newCase(func(c *guanjia.Case) { c.CreatedAt = late }),
			newCase(func(c *guanjia.Case) { c.CreatedAt = t0.AddDate(0, 0, -40) }))
		c := cs[0]
		prev := c.Version
		c.Status, c.Unit, c.Version = guanjia.StatusDispatched, "sanitation", c.Version+1
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c, prev) })
		got, err := db.CaseCounts(ctx, "", store.DayNumber(t0)-29, store.DayNumber(t0))
		if err != nil {
			t.Fatal(err)
		}
		want := []guanjia.CaseCount{
			{Status: "dispatched", Category: "garbage", Unit: "sanitation", Count: 1},
			{Status: "new", Category: "garbage", Count: 3},
			{Status: "new", Category: "noise", Count: 1},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("last 30 days (-want +got):\n%s", diff)
		}
		got, err = db.CaseCounts(ctx, "", store.DayNumber(late), store.DayNumber(late))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Count != 2 {
			t.Errorf("the 27th (China time): %+v, want 2 new garbage cases", got)
		}
	})
}

// TestCaseClusters: open cases in a view fall into cells; closed cases and
// cases outside the view do not count; a cluster of one names its case.
// Large cells are counted from the summary of cells, which follows cases
// as they close and move.
func TestCaseClusters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		var cs []*guanjia.Case
		for i := range 5 { // four close together, one apart
			cs = append(cs, newCase(func(c *guanjia.Case) { c.Lat, c.Lng = 30.7401+float64(i)*0.0001, 120.4801 }))
		}
		cs[4].Lat, cs[4].Lng = 30.7491, 120.4891
		cs = append(cs, newCase(func(c *guanjia.Case) { c.Status = guanjia.StatusClosed; c.Lat, c.Lng = 30.7402, 120.4802 }),
			newCase(func(c *guanjia.Case) { c.Lat, c.Lng = 30.9, 120.9 }))
		mustCreate(t, db, cs...)
		b := guanjia.BBox{MinLng: 120.48, MinLat: 30.74, MaxLng: 120.49, MaxLat: 30.75}
		clusters := func(cell float64, categories ...string) []guanjia.Cluster {
			t.Helper()
			got, err := db.CaseClusters(ctx, "", b, cell, categories)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(got, func(a, b guanjia.Cluster) int { return b.Count - a.Count })
			return got
		}
		for _, cell := range []float64{0.0015, 0.005} { // from the index, from the summary
			got := clusters(cell)
			if len(got) != 2 || got[0].Count != 4 || got[1].Count != 1 {
				t.Fatalf("cell %v: clusters %+v", cell, got)
			}
			if d := got[0].Lat - 30.74025; d > 1e-9 || d < -1e-9 {
				t.Errorf("cell %v: mean latitude %v, want 30.74025", cell, got[0].Lat)
			}
		}
		if got := clusters(0.0015); got[1].ID != cs[4].ID || got[1].Status != guanjia.StatusNew {
			t.Errorf("a cluster of one: %+v, want case %d", got[1], cs[4].ID)
		}
		if got := clusters(0.005, "noise"); len(got) != 0 {
			t.Errorf("noise clusters: %v", got)
		}
		// Close one of the four, move another out of the view.
		for i, edit := range []func(c *guanjia.Case){
			func(c *guanjia.Case) { c.Status = guanjia.StatusClosed },
			func(c *guanjia.Case) { c.Lat = 30.8 },
		} {
			c, prev := cs[i], cs[i].Version
			edit(c)
			c.Version++
			mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c, prev) })
		}
		if got := clusters(0.005); len(got) != 2 || got[0].Count != 2 {
			t.Errorf("after closing and moving: %+v", got)
		}
		_, err := db.CaseClusters(ctx, "", b, 0, nil)
		wantCode(t, err, guanjia.EINVALID)

		// Another town's case in the same cell: its staff see it, the
		// first town's do not, the county sees both, at every cell size.
		other := newCase(func(c *guanjia.Case) { c.Jurisdiction = tongxiang; c.Lat, c.Lng = 30.7491, 120.4891 })
		mustCreate(t, db, other)
		for _, cell := range []float64{0.0015, 0.005} { // from the index, from the summary
			count := func(town string) (n int) {
				got, err := db.CaseClusters(ctx, town, b, cell, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range got {
					n += c.Count
				}
				return n
			}
			if got := [3]int{count(""), count(cs[4].Jurisdiction), count(other.Jurisdiction)}; got != [3]int{4, 3, 1} {
				t.Errorf("cell %v: open cases seen by the county, the first town and the other %v, want [4 3 1]", cell, got)
			}
		}
	})
}

// TestStreetMapsFromTheIndexAlone: a map's street view of one town, with
// or without categories, counts the open cases from an index of open cases
// by place without reading the cases (SQLite; migration 0350).
func TestStreetMapsFromTheIndexAlone(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	var cs []*guanjia.Case
	for i := range 300 {
		cs = append(cs, newCase(func(c *guanjia.Case) {
			c.Lat, c.Lng = 30.70+float64(i%30)*0.003, 120.45+float64(i/30)*0.005
			if i%3 == 0 {
				c.Status = guanjia.StatusClosed
			}
		}))
	}
	mustCreate(t, db, cs...)
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	b := guanjia.BBox{MinLng: 120.48, MinLat: 30.74, MaxLng: 120.49, MaxLat: 30.75}
	for index, categories := range map[string][]string{"cases_open_place": nil, "cases_open_category": {cs[0].Category}} {
		plan, err := db.ClusterPlanForTest(ctx, cs[0].Jurisdiction, b, categories)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "COVERING INDEX "+index+" ") {
			t.Errorf("categories %v: not from %s alone:\n%s", categories, index, plan)
		}
	}
}

// TestSearchIndex: text search finds the same cases through the index as
// by reading every case, for rare and common words, on both engines.
func TestSearchIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		var cs []*guanjia.Case
		for i := range 60 {
			cs = append(cs, newCase(func(c *guanjia.Case) {
				c.Description = []string{"路边井盖不见了", "垃圾桶满了", "Broken LAMP post"}[i%3]
				c.Address = fmt.Sprintf("乌镇镇子夜路%d号附近", i)
				c.CreatedAt = t0.Add(time.Duration(i) * time.Minute)
			}))
		}
		mustCreate(t, db, cs...)
		for q, want := range map[string]int{"井盖": 20, "子夜路12号": 1, "路1": 11, "lamp": 20, "AMP P": 20, "井": 20, "盖不": 20, "桥": 0, "号附": 60, "WZ-20261128-0007": 1} {
			got, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr(q), Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			counts, err := db.CountCases(ctx, guanjia.CaseFilter{Text: ptr(q)})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != want || counts[guanjia.StatusNew] != want {
				t.Errorf("%q: found %d, counted %d, want %d", q, len(got), counts[guanjia.StatusNew], want)
			}
		}
		// Found the same once the index has taken them in, and by their new
		// words only once changed.
		if engine(dsn) == store.SQLite {
			if err := db.IndexSearchForTest(ctx); err != nil {
				t.Fatal(err)
			}
		}
		c := cs[7]
		c.Description, c.Version = "桥下有人钓鱼", c.Version+1
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c, c.Version-1) })
		for round := range 2 {
			for q, want := range map[string]int{"井盖": 20, "垃圾桶": 19, "钓鱼": 1, "WZ-20261128-0007": 1} {
				got, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr(q), Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != want {
					t.Errorf("round %d, %q: found %d, want %d", round, q, len(got), want)
				}
			}
			if engine(dsn) == store.SQLite {
				if err := db.IndexSearchForTest(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		// An address narrows by its rarest terms that share no character:
		// "2号" is in 6 of the cases, "路1" in 11, "子夜" and "夜路" (which
		// shares 夜 with it) in all 60.
		for q, want := range map[string][]string{"子夜路12号": {"2号", "路1", "子夜"}, "井盖": {"井盖"}, "桥": {"桥"}} {
			if got, _, _ := db.SearchTerms(ctx, q); !cmp.Equal(want, got) {
				diff := cmp.Diff(want, got)
				t.Errorf("terms searched for %q (-want +got):\n%s", q, diff)
			}
		}
	})
}

// TestSearchPages: a page of a text search is the newest matches, in
// order, whether the candidates are few enough to read one by one or so
// many that cases are read in order and only candidates checked, or (on
// SQLite) the newest candidates by id are read, which holds only when no
// older id was reported later.
func TestSearchPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		// Reported after the next 1,200 but written first: a page of
		// those read from the newest ids alone would miss it.
		cs := []*guanjia.Case{newCase(func(c *guanjia.Case) { c.Description, c.CreatedAt = "楼道堆物", t0.Add(22*time.Hour) })}
		for i := range 1200 {
			cs = append(cs, newCase(func(c *guanjia.Case) {
				// Two in three are candidates for "楼道堆物": narrowed by
				// 楼道 and 堆物 (道堆 is as common and overlaps 楼道), or
				// on SQLite by the phrase 楼道堆 道堆物, which the second
				// has too, across a comma; one in three matches; report
				// times are not in id order.
				c.Description = []string{"楼道堆物", "楼道堆，道堆物里有", "走道堆放"}[i%3]
				c.CreatedAt = t0.Add(time.Duration((i*7919)%1200) * time.Minute)
			}))
		}
		// Reported in id order, after all the others: the newest ids are
		// the newest cases (SQLite, which reads them so).
		queries := []string{"楼道堆物"}
		if engine(dsn) == store.SQLite {
			queries = append(queries, "下水道堵塞")
		}
		for i := range 600 * (len(queries) - 1) {
			cs = append(cs, newCase(func(c *guanjia.Case) {
				c.Description, c.CreatedAt = "下水道堵塞", t0.Add(24*time.Hour+time.Duration(i)*time.Minute)
			}))
		}
		mustCreate(t, db, cs...)
		want := map[string][]int64{}
		for _, c := range slices.SortedFunc(slices.Values(cs), func(a, b *guanjia.Case) int { return b.CreatedAt.Compare(a.CreatedAt) }) {
			want[c.Description] = append(want[c.Description], c.ID)
		}
		for _, indexed := range []bool{false, true} {
			if indexed && engine(dsn) == store.SQLite {
				if err := db.IndexSearchForTest(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range queries {
				for _, limit := range []int{5, 50} {
					got, next, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr(q), Limit: limit})
					if err != nil {
						t.Fatal(err)
					}
					ids := make([]int64, len(got))
					for i, c := range got {
						ids[i] = c.ID
					}
					if diff := cmp.Diff(want[q][:limit], ids); diff != "" || next == "" {
						t.Errorf("indexed %v, %s, page of %d (-want +got):\n%s", indexed, q, limit, diff)
					}
				}
			}
		}
	})
}

// TestSearchIndexCatchesUp: on SQLite, cases written are indexed within
// a second or two even when nothing is written after them, in the search
// file, by its own writer; a case whose address changed is indexed again,
// and its note in the database taken away.
func TestSearchIndexCatchesUp(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	a, b := newCase(), newCase()
	mustCreate(t, db, a, b)
	caughtUp := func() bool {
		var waiting int
		if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM ("+store.SearchWaiting+")").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		return waiting == 0
	}
	testenv.WaitFor(t, 10*time.Second, "the search index to take every case", caughtUp)
	indexed := func(phrase string) (n int) {
		if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM case_phrases WHERE case_phrases MATCH ?", phrase).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := indexed(`"茶院路"`); n != 0 {
		t.Fatalf("%d cases indexed at 茶院路 before any is there", n)
	}
	c, err := db.GetCase(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	prev := c.Version
	c.Address, c.Version = "茶院路8号", c.Version+1
	mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c, prev) })
	testenv.WaitFor(t, 10*time.Second, "the changed address to be indexed and its note taken away", func() bool {
		return caughtUp() && indexed(`"茶院路"`) == 1
	})
	got, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr("茶院路8号")})
	if err != nil || len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("search for the new address: %d cases, %v; want case %d", len(got), err, a.ID)
	}
}

// TestSummariesOfManyNewCases: new cases written many to a statement, as
// intake's groups write them (several with the same day, status, cell or
// deadline day), add to case_days, case_totals, case_cells and open_due_days what the
// cases on file add up to (on PostgreSQL one trigger a statement adds
// them, migration 0290; on SQLite row triggers).
func TestSummariesOfManyNewCases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustCreate(t, db, newCase()) // a row of each summary there already
		var ncs []store.NewCase
		for i := range 40 {
			ncs = append(ncs, store.NewCase{Case: newCase(func(c *guanjia.Case) {
				c.CreatedAt = t0.Add(-time.Duration(i%3) * 24 * time.Hour)
				c.Category = []string{"garbage", "noise"}[i%2]
				c.Lat, c.Lng = 30.7451+float64(i%4)*0.001, 120.4862+float64(i%5)*0.0007
				switch i % 5 {
				case 1:
					c.Status, c.Unit = guanjia.StatusClosed, "sanitation"
				case 2, 3:
					due := t0.Add(time.Duration(i%3) * 24 * time.Hour)
					c.Status, c.Unit, c.DispatchedAt, c.SignDueAt = guanjia.StatusDispatched, "sanitation", &t0, &due
				}
			})})
		}
		mustTx(t, db, func(tx *store.Tx) error {
			errs, err := tx.CreateCases(ctx, ncs)
			if err != nil {
				return err
			}
			return errors.Join(errs...)
		})
		open := "status IN ('new', 'dispatched', 'accepted', 'resolved')"
		day := func(col string) string { return "(" + col + " / 1000000 + 28800) / 86400" }
		cell := func(col string) string { return "CAST(" + col + " * 1000 + 1000000 AS INTEGER) - 1000000" }
		round := func(col string) string { return "ROUND(" + col + ", 6)" }
		if engine(dsn) == store.Postgres {
			day = func(col string) string { return "case_day(" + col + ")" }
			cell = func(col string) string { return "floor(" + col + " * 1000)::integer" }
			round = func(col string) string { return "ROUND(CAST(" + col + " AS numeric), 6)" }
		}
		for _, q := range [][2]string{
			{"SELECT jurisdiction, day, status, category, unit, n FROM case_days WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5",
				"SELECT jurisdiction, " + day("created_at") + ", status, category, unit, COUNT(*) FROM cases GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"},
			{"SELECT jurisdiction, status, category, unit, n FROM case_totals WHERE n <> 0 ORDER BY 1, 2, 3, 4",
				"SELECT jurisdiction, status, category, unit, COUNT(*) FROM cases GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"},
			{"SELECT cy, cx, jurisdiction, n, " + round("lat") + ", " + round("lng") + " FROM case_cells WHERE n <> 0 ORDER BY 1, 2, 3",
				"SELECT " + cell("lat") + ", " + cell("lng") + ", jurisdiction, COUNT(*), " + round("SUM(lat)") + ", " + round("SUM(lng)") +
					" FROM cases WHERE " + open + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"},
			{"SELECT jurisdiction, day, n FROM open_due_days ORDER BY 1, 2",
				"SELECT jurisdiction, COALESCE(" + day("due_at") + ", 2147483647), COUNT(*) FROM cases WHERE " + open + " GROUP BY 1, 2 ORDER BY 1, 2"},
		} {
			if diff := cmp.Diff(dump(t, db, q[1]), dump(t, db, q[0])); diff != "" {
				t.Errorf("%s (-the cases +the summary):\n%s", q[0], diff)
			}
		}
	})
}
