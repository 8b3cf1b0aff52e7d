package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
		// About 500 B&Bs in Wuzhen's villages, some with a licence due; the demo owner owns two.
		bnbs, err := db.BnBs(ctx, guanjia.BnBFilter{})
		if err != nil || len(bnbs) != 500 {
			t.Errorf("%d B&Bs, %v", len(bnbs), err)
		}
		due, villages, own := 0, map[string]bool{}, 0
		for _, b := range bnbs {
			if len(guanjia.LicencesDue(b.Licences, now)) > 0 {
				due++
			}
			villages[b.Village] = true
			if b.OwnerName == "沈美玲（民宿主）" {
				own++
			}
		}
		if due < 20 || due > 250 || len(villages) < 5 || own != 2 {
			t.Errorf("B&Bs: %d with a licence due, in %d villages, %d the demo owner's", due, len(villages), own)
		}
		// Four investment projects at different stages, one with an item past its limit.
		adm, err := db.GetUserByUsername(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		if d, err := a.ProjectDashboard(ctx, guanjia.ActorOf(adm)); err != nil || len(d.Projects) != 4 || len(d.ByStage) < 3 || len(d.OverdueByUnit) == 0 {
			t.Errorf("projects: %+v, %v", d, err)
		}
		// Housekeepers patrolled their grids for weeks; the demo one is out now.
		ps, err := db.Patrols(ctx, store.PatrolFilter{})
		if err != nil {
			t.Fatal(err)
		}
		weeks, active, cases := map[int]bool{}, 0, 0
		for _, p := range ps {
			weeks[int(now.Sub(p.StartedAt).Hours()/(24*7))] = true
			if p.Status == guanjia.PatrolActive {
				active++
			}
			for _, f := range p.Findings {
				if f.CaseID != 0 {
					cases++
				}
			}
		}
		if len(ps) < 20 || len(weeks) < 4 || active != 1 || cases == 0 {
			t.Errorf("%d patrols over %d weeks, %d under way, %d findings made cases", len(ps), len(weeks), active, cases)
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
		checkDeskSeeded(t, db, now)
		checkFiguresRebuilt(t, a, db)
		// Recurring hot spots of the last 30 days, one acted on.
		spots, err := db.HotspotCases(ctx, guanjia.HotspotQuery{From: now.AddDate(0, 0, -30), To: now, Min: 3, Limit: 50})
		acted, _ := db.HotspotTasks(ctx, "", now.AddDate(0, 0, -30))
		if err != nil || len(spots) < 2 || len(acted) != 1 {
			t.Errorf("%d recurring hot spots, %d acted on (%v)", len(spots), len(acted), err)
		}
		// The last sweep hands a stalled polluted river up to the county.
		system := 0
		list, _, err := a.FindCases(ctx, guanjia.SystemActor, guanjia.CaseFilter{Referred: &referred, Category: []string{"water-pollution"}, Now: now})
		for _, c := range list {
			events, _ := db.Timeline(ctx, c.ID)
			for _, e := range events {
				if e.Action == guanjia.ActionRefer && e.ActorRole == guanjia.RoleSystem {
					system++
				}
			}
		}
		if err != nil || system == 0 {
			t.Errorf("no case referred by the sweep (%v)", err)
		}
		// Puyuan's housekeepers earn points of their own town, on a
		// leaderboard of their own.
		b, err := a.Leaderboard(ctx, guanjia.Actor{}, demo.Towns[0].Code, "", "", "2026-11")
		if err != nil || len(b.Standings) == 0 {
			t.Errorf("Puyuan's leaderboard: %+v %v", b, err)
		}
		for _, s := range b.Standings {
			if s.Jurisdiction != demo.Towns[0].Code {
				t.Errorf("Puyuan's leaderboard ranks %s of %s", s.Name, s.Jurisdiction)
			}
		}
	})
}

// checkFiguresRebuilt: the figures that the seed's actions kept as they
// went (each change of a case moves its part, store.RecordCaseStat) are
// the figures made afresh from the cases' rows, as the migrations make
// them, by every grouping: the seed acts on cases in every way the town
// does. All but the reports of the same problem: a case is one if an
// earlier report was written before it (guanjia.CaseStat.SameProblem),
// and the seed writes its cases in several passes, each setting the clock
// back, so the figures made afresh find earlier reports that had not been
// written yet.
func checkFiguresRebuilt(t *testing.T, a *app.App, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	period := app.StatsRequest{From: "2026-11-01", To: "2026-12-01"}
	county := guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin}
	var kept []*app.Stats
	for _, by := range []string{"unit", "village", "grid", "category", "channel", "town"} {
		period.By = by
		st, err := a.Stats(ctx, county, period)
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, st)
	}
	if kept[0].Total.Received == 0 || kept[0].Total.Closed == 0 || kept[0].Total.Signed == 0 {
		t.Fatalf("the seed's November figures are too thin to test: %+v", kept[0].Total)
	}
	if err := db.RebuildStats(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range kept {
		period.By = want.By
		got, err := a.Stats(ctx, county, period)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(guanjia.Figures{}, "Repeated")); diff != "" {
			t.Errorf("figures by %s kept by the seed's actions (-) and made afresh (+):\n%s", want.By, diff)
		}
	}
}

// checkDeskSeeded: the command center's desk has its demo data — supervised
// cases, assigned ones, calls by phone and from 12345, and an urgent case
// untriaged past its time limit.
func checkDeskSeeded(t *testing.T, db *store.DB, now time.Time) {
	ctx := context.Background()
	yes, none := true, int64(0)
	count := func(f guanjia.CaseFilter) int {
		f.Now, f.Limit = now, 1000
		cs, _, err := db.FindCases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	assigned := 0
	cs, _, err := db.FindCases(ctx, guanjia.CaseFilter{Now: now, Limit: 1000, Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Handler != none {
			assigned++
		}
	}
	untriaged := count(guanjia.CaseFilter{Status: []guanjia.Status{guanjia.StatusNew}, Overdue: &yes, Category: []string{"fire-hazard"}})
	for what, n := range map[string]int{
		"supervised":     count(guanjia.CaseFilter{Supervised: &yes}),
		"phone calls":    count(guanjia.CaseFilter{Channel: []guanjia.Channel{guanjia.ChannelPhone, guanjia.ChannelWalkIn}}),
		"12345 calls":    count(guanjia.CaseFilter{Channel: []guanjia.Channel{guanjia.ChannelHotline}}),
		"assigned":       assigned,
		"untriaged fire": untriaged,
	} {
		if n == 0 {
			t.Errorf("no %s cases in the demo", what)
		}
	}
}
