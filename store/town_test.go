package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestMigrateTowns: an installation of one town, as it stood before
// migration 0007, comes out with every row in that town: its units,
// villages, accounts, grids, housekeepers and the daily counts of its
// cases, which a town reads alone.
func TestMigrateTowns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := dbMigratedTo(t, dsn, 6)
		before := []string{
			`INSERT INTO jurisdictions (code, name, prefix, parent, level) VALUES ('330483', '桐乡市', 'TX', '', 'county')`,
			`INSERT INTO jurisdictions (code, name, prefix, parent, level) VALUES ('330483100', '乌镇镇', 'WZ', '330483', 'town')`,
			`INSERT INTO villages (code, name) VALUES ('330483100201', '虹桥村')`,
			`INSERT INTO units (code, name_zh) VALUES ('urban', '综合行政执法队')`,
			`INSERT INTO grids (code, village) VALUES ('g01', '330483100201')`,
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for _, q := range before {
				if err := store.ExecForTest(ctx, tx, q); err != nil {
					return err
				}
			}
			if err := store.ExecForTest(ctx, tx, `INSERT INTO users (id, username, role, created_at)
				VALUES (1, 'wang', 'housekeeper', ?)`, t0); err != nil {
				return err
			}
			if err := store.ExecForTest(ctx, tx, `INSERT INTO housekeepers (user_id, occupation, grid, status, version, created_at, updated_at)
				VALUES (1, 'postman', 'g01', 'approved', 1, ?, ?)`, t0, t0); err != nil {
				return err
			}
			return store.ExecForTest(ctx, tx, `INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, version, created_at, updated_at)
				VALUES (1, 'WZ-20261102-0001', '330483100', 'new', 'garbage', 30.745, 120.487, 1, ?, ?)`, t0, t0)
		})
		mustTx(t, db, func(tx *store.Tx) error {
			if err := store.ExecForTest(ctx, tx, `INSERT INTO messages (topic, case_id, at) VALUES ('case.changed', 1, ?)`, t0); err != nil {
				return err
			}
			if err := store.ExecForTest(ctx, tx, `INSERT INTO followers (case_id, kind, created_at) VALUES (1, 'reporter', ?)`, t0); err != nil {
				return err
			}
			return store.ExecForTest(ctx, tx, `INSERT INTO events (case_id, at, action) VALUES (1, ?, 'report')`, t0)
		})
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		// Migration 0011: the outbox and the followers take their case's town.
		for _, table := range []string{"messages", "followers", "events"} {
			var town string
			if err := db.QueryRowForTest(ctx, "SELECT jurisdiction FROM "+table+" WHERE case_id = 1").Scan(&town); err != nil || town != wuzhen {
				t.Errorf("%s after migration: town %q %v, want Wuzhen", table, town, err)
			}
		}
		got := map[string]string{}
		units, _ := db.Units(ctx)
		villages, _ := db.Villages(ctx)
		grids, _ := db.Grids(ctx)
		u, err := db.GetUser(ctx, 1)
		if err != nil || len(units) != 1 || len(villages) != 1 || len(grids) != 1 {
			t.Fatalf("after migration: %d units, %d villages, %d grids, user %v", len(units), len(villages), len(grids), err)
		}
		got["unit"], got["village"], got["grid"], got["user"] = units[0].Jurisdiction, villages[0].Jurisdiction, grids[0].Jurisdiction, u.Jurisdiction
		want := map[string]string{"unit": wuzhen, "village": wuzhen, "grid": wuzhen, "user": wuzhen}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("jurisdictions after migration (-want +got):\n%s", diff)
		}
		day := store.DayNumber(t0)
		for town, n := range map[string]int{wuzhen: 1, "": 1, "330483101": 0} {
			cs, err := db.CaseCounts(ctx, town, day, day)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != n {
				t.Errorf("CaseCounts(%q) = %+v, want %d row", town, cs, n)
			}
		}
	})
}

// TestTownCounts: each town counts its own cases, the county all of them,
// its open and overdue cases too; a new event is its case's town's.
func TestTownCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustTx(t, db, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: puyuan, Prefix: "PY", Parent: tongxiang, Level: guanjia.LevelTown})
		})
		late := t0.Add(-time.Hour) // a dispatched case's sign-for deadline, passed
		cs := mustCreate(t, db, newCase(), newCase(func(c *guanjia.Case) {
			c.Status, c.Unit, c.DispatchedAt, c.SignDueAt = guanjia.StatusDispatched, "urban", &late, &late
		}), newCase(func(c *guanjia.Case) { c.Jurisdiction = puyuan }), newCase(func(c *guanjia.Case) {
			c.Jurisdiction, c.Status = puyuan, guanjia.StatusClosed
		}))
		if cs[2].Number[:3] != "PY-" {
			t.Errorf("Puyuan's case is numbered %s, want PY-…", cs[2].Number)
		}
		day := store.DayNumber(t0)
		// The open cases and the overdue among them, each town's, the
		// county's town by town.
		want := map[string][2]int{wuzhen: {2, 1}, puyuan: {1, 0}}
		for _, town := range []string{wuzhen, puyuan, ""} {
			fs, err := db.TownFigures(ctx, town, t0.Add(-24*time.Hour), t0)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][2]int{}
			for _, f := range fs {
				got[f.Jurisdiction] = [2]int{f.Open, f.Overdue}
			}
			w := want
			if town != "" {
				w = map[string][2]int{town: want[town]}
			}
			if !cmp.Equal(got, w) {
				t.Errorf("TownFigures(%q) gives open and overdue %v, want %v", town, got, w)
			}
		}
		opened := map[string]int{wuzhen: 2, puyuan: 1, "": 3} // the map clusters open cases
		for town, n := range map[string]int{wuzhen: 2, puyuan: 2, "": 4} {
			counts, err := db.CaseCounts(ctx, town, day, day)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, c := range counts {
				sum += c.Count
			}
			if sum != n {
				t.Errorf("CaseCounts(%q) counts %d cases, want %d", town, sum, n)
			}
			b := guanjia.BBox{MinLat: 30, MinLng: 120, MaxLat: 31, MaxLng: 121}
			clusters, err := db.CaseClusters(ctx, town, b, 0.01, nil)
			if err != nil {
				t.Fatal(err)
			}
			sum = 0
			for _, c := range clusters {
				sum += c.Count
			}
			if sum != opened[town] {
				t.Errorf("CaseClusters(%q) counts %d cases, want %d", town, sum, opened[town])
			}
		}
	})
}

// TestMigrateUsedLinksTown: migration 0095 gives the confirmation links
// used before it the town of their case.
func TestMigrateUsedLinksTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := dbMigratedTo(t, dsn, 94)
		mustTx(t, db, func(tx *store.Tx) error {
			if err := store.ExecForTest(ctx, tx, `INSERT INTO jurisdictions (code, name, prefix, parent, level) VALUES ('330483100', '乌镇镇', 'WZ', '', 'town')`); err != nil {
				return err
			}
			if err := store.ExecForTest(ctx, tx, `INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, version, created_at, updated_at)
				VALUES (1, 'WZ-20261102-0001', '330483100', 'resolved', 'garbage', 30.745, 120.487, 1, ?, ?)`, t0, t0); err != nil {
				return err
			}
			return store.ExecForTest(ctx, tx, `INSERT INTO used_links (hash, case_id, used_at) VALUES ('h1', 1, ?)`, t0)
		})
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var town string
		if err := db.QueryRowForTest(ctx, "SELECT jurisdiction FROM used_links WHERE hash = 'h1'").Scan(&town); err != nil || town != wuzhen {
			t.Errorf("used_links after migration 0095: town %q %v, want Wuzhen", town, err)
		}
	})
}

// dbMigratedTo opens dsn's database migrated up to migration last, to
// test what a later migration does to rows written before it.
func dbMigratedTo(t *testing.T, dsn string, last int) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateToForTest(ctx, last); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestOpenFigures: a town's open and overdue cases at now follow every
// change of status, deadline and town (open_due_days, migration 0260):
// deadlines on earlier days, earlier today, later today, on later days and
// none, in two towns; cases that close, are signed for, have their
// deadline brought forward, and reopen.
func TestOpenFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustTx(t, db, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: puyuan, Prefix: "PY", Parent: tongxiang, Level: guanjia.LevelTown})
		})
		at := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
		dispatched := func(due *time.Time) func(c *guanjia.Case) {
			return func(c *guanjia.Case) {
				c.Status, c.Unit, c.DispatchedAt, c.SignDueAt = guanjia.StatusDispatched, "urban", at(-72*time.Hour), due
			}
		}
		cs := mustCreate(t, db,
			newCase(dispatched(at(-48*time.Hour))), // overdue since the day before yesterday
			newCase(dispatched(at(-time.Hour))),    // overdue since earlier today
			newCase(func(c *guanjia.Case) { // due later today
				c.Status, c.Unit, c.ResolveDueAt = guanjia.StatusAccepted, "urban", at(time.Hour)
			}),
			newCase(dispatched(at(48*time.Hour))), // due in two days
			newCase(),                             // new, no deadline
			newCase(func(c *guanjia.Case) { c.Status = guanjia.StatusResolved }), // waits for its reporter
			newCase(func(c *guanjia.Case) { c.Status = guanjia.StatusClosed }),   // not open
			newCase(func(c *guanjia.Case) { c.Jurisdiction = puyuan }))
		check := func(step string, want map[string][2]int) {
			t.Helper()
			for _, town := range []string{"", wuzhen, puyuan} {
				fs, err := db.TownFigures(ctx, town, t0.Add(-24*time.Hour), t0)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string][2]int{}
				for _, f := range fs {
					if f.Open > 0 || f.Overdue > 0 {
						got[f.Jurisdiction] = [2]int{f.Open, f.Overdue}
					}
				}
				w := map[string][2]int{}
				for j, v := range want {
					if town == "" || town == j {
						w[j] = v
					}
				}
				if !cmp.Equal(got, w) {
					t.Errorf("%s: TownFigures(%q) gives open and overdue %v, want %v", step, town, got, w)
				}
			}
		}
		check("as created", map[string][2]int{wuzhen: {6, 2}, puyuan: {1, 0}})
		change := func(c *guanjia.Case, fn func(c *guanjia.Case)) {
			t.Helper()
			prev := c.Version
			fn(c)
			c.Version++
			mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c, prev) })
		}
		change(cs[0], func(c *guanjia.Case) { c.Status = guanjia.StatusClosed })
		check("the oldest closed", map[string][2]int{wuzhen: {5, 1}, puyuan: {1, 0}})
		change(cs[1], func(c *guanjia.Case) { c.Status, c.ResolveDueAt = guanjia.StatusAccepted, at(24*time.Hour) })
		check("today's signed for", map[string][2]int{wuzhen: {5, 0}, puyuan: {1, 0}})
		change(cs[2], func(c *guanjia.Case) { c.ResolveDueAt = at(-30 * time.Hour) })
		check("a deadline brought forward a day", map[string][2]int{wuzhen: {5, 1}, puyuan: {1, 0}})
		change(cs[6], func(c *guanjia.Case) { dispatched(at(-time.Minute))(c) })
		check("a closed case reopened, a minute late", map[string][2]int{wuzhen: {6, 2}, puyuan: {1, 0}})
		// The rows of days whose cases have all moved on are gone.
		if zero := dump(t, db, "SELECT COUNT(*) FROM open_due_days WHERE n = 0"); !cmp.Equal(zero, []string{"0"}) {
			t.Errorf("open_due_days keeps %v rows of no case", zero)
		}
		if rows := dump(t, db, "SELECT COUNT(*) FROM open_due_days"); !cmp.Equal(rows, []string{"6"}) {
			t.Errorf("open_due_days has %v rows, want 6 (one a town and day with open cases)", rows)
		}
	})
}

// TestMigrateOpenDueDays: migration 0260 counts the open cases on file by
// town and deadline day, as its triggers do from then on.
func TestMigrateOpenDueDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := dbMigratedTo(t, dsn, 250)
		mustTx(t, db, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: wuzhen, Prefix: "WZ", Level: guanjia.LevelTown})
		})
		late := t0.Add(-25 * time.Hour)
		mustCreate(t, db, newCase(), newCase(func(c *guanjia.Case) {
			c.Status, c.Unit, c.DispatchedAt, c.SignDueAt = guanjia.StatusDispatched, "urban", &late, &late
		}), newCase(func(c *guanjia.Case) { c.Status = guanjia.StatusClosed }))
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		fs, err := db.TownFigures(ctx, wuzhen, t0.Add(-24*time.Hour), t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].Open != 2 || fs[0].Overdue != 1 {
			t.Errorf("after the migration: %+v, want 2 open cases, 1 overdue", fs)
		}
	})
}
