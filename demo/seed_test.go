package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// TestSeed seeds a short history and checks that it looks like a town's:
// cases in every open and closed state, on the timeline, numbered per day.
func TestSeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		db.SetDurable(ctx, false)
		photos, _ := media.NewStore(t.TempDir())
		clock := &demo.Clock{}
		a, err := app.New(ctx, db, photos, app.Options{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
		accounts, err := demo.Seed(ctx, a, db, demo.Options{Days: 8, PerDay: 25, Now: now, Clock: clock, History: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(accounts) < 5+2*30 {
			t.Errorf("%d accounts", len(accounts))
		}
		counts, err := db.CountCases(ctx, guanjia.CaseFilter{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, s := range guanjia.Statuses {
			total += counts[s]
			if counts[s] == 0 && s != guanjia.StatusNew {
				t.Errorf("no %s cases: %v", s, counts)
			}
		}
		if total < 8*15 {
			t.Errorf("%d cases in 8 days", total)
		}
		// Residents signed in by phone follow some open cases.
		if _, err := db.GetUserByUsername(ctx, "phone-13957302000"); err != nil {
			t.Errorf("no demo resident who signs in by phone: %v", err)
		}
		open, _, err := db.FindCases(ctx, guanjia.CaseFilter{Now: now, Status: []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted}, Limit: 60})
		followed := 0
		for _, c := range open {
			if c.Followers > 1 {
				followed++
			}
		}
		if err != nil || followed == 0 {
			t.Errorf("no open case has followers besides its reporter (%d open cases, %v)", len(open), err)
		}
		// Every town has its history, and Wuzhen refers some cases up.
		referred := true
		for _, f := range []guanjia.CaseFilter{{Jurisdiction: &demo.Towns[0].Code}, {Jurisdiction: &demo.Towns[1].Code}, {Referred: &referred}} {
			f.Now = now
			counts, err := db.CountCases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range counts {
				n += c
			}
			if n == 0 {
				t.Errorf("no cases in %+v", f)
			}
		}
	})
}
