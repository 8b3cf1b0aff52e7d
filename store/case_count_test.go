package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestCountCasesShortcuts: the console's counts that CountCases takes from
// the totals (by town, unit, category and status alone) or narrows
// to the statuses whose deadline runs (overdue) are the counts of the
// cases themselves, after cases have moved from status to status and
// from unit to unit.
func TestCountCasesShortcuts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		statuses := []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted,
			guanjia.StatusResolved, guanjia.StatusClosed, guanjia.StatusRejected}
		mustTx(t, db, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: puyuan, Prefix: "PY", Parent: tongxiang, Level: guanjia.LevelTown})
		})
		var cs []*guanjia.Case
		for i := range 24 {
			cs = append(cs, newCase(func(c *guanjia.Case) {
				c.Jurisdiction = []string{wuzhen, puyuan}[i%2]
				c.Unit = []string{"", "sanitation", "water"}[i%3]
				c.Category = []string{"garbage", "pipe-leak"}[i/12]
				c.CreatedAt = t0.Add(time.Duration(i) * 26 * time.Hour)
			}))
		}
		cs = mustCreate(t, db, cs...)
		mustTx(t, db, func(tx *store.Tx) error {
			for i, c := range cs {
				due := t0.Add(time.Duration(i-12) * time.Hour) // half of them past at t0
				c.Status, c.TriageDueAt, c.SignDueAt, c.ResolveDueAt = statuses[i%len(statuses)], &due, &due, &due
				if i%4 == 0 {
					c.Unit = "water" // handed to another unit as well
				}
				prev := c.Version
				c.Version++
				if err := tx.UpdateCase(ctx, c, prev); err != nil {
					return err
				}
			}
			return nil
		})
		// want counts the cases in memory as f would select them.
		want := func(f guanjia.CaseFilter) map[guanjia.Status]int {
			out := map[guanjia.Status]int{}
			for _, c := range cs {
				if (f.Jurisdiction == nil || c.Jurisdiction == *f.Jurisdiction) && (f.Unit == nil || c.Unit == *f.Unit) &&
					(f.Category == nil || slices.Contains(f.Category, c.Category)) && (f.Status == nil || slices.Contains(f.Status, c.Status)) &&
					(f.Overdue == nil || c.Overdue(f.Now) == *f.Overdue) {
					out[c.Status]++
				}
			}
			return out
		}
		town, unit, yes := wuzhen, "water", true
		for name, f := range map[string]guanjia.CaseFilter{
			"all":                 {},
			"town":                {Jurisdiction: &town},
			"town and unit":       {Jurisdiction: &town, Unit: &unit},
			"category and status": {Category: []string{"pipe-leak"}, Status: []guanjia.Status{guanjia.StatusClosed, guanjia.StatusNew}},
			"overdue":             {Overdue: &yes},
			"overdue in town":     {Jurisdiction: &town, Overdue: &yes},
			"overdue of closed":   {Overdue: &yes, Status: []guanjia.Status{guanjia.StatusClosed}},
			"overdue of two":      {Overdue: &yes, Status: []guanjia.Status{guanjia.StatusAccepted, guanjia.StatusClosed}},
		} {
			f.Now = t0
			got, err := db.CountCases(ctx, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			w := want(f)
			if diff := cmp.Diff(w, got); diff != "" || len(w) == 0 && name != "overdue of closed" {
				t.Errorf("%s (-the cases +counted):\n%s", name, diff)
			}
		}
	})
}
