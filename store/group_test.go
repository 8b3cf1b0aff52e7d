package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// groupReport returns the new case of report i, as intake writes it: the
// case, its report event, its reporter and its outbox message.
func groupReport(i int) store.NewCase {
	c := newCase(func(c *guanjia.Case) { c.Description = fmt.Sprint("report ", i) })
	e := &guanjia.Event{Action: guanjia.ActionReport, To: guanjia.StatusNew, Note: c.Description}
	return store.NewCase{Case: c, Events: []*guanjia.Event{e},
		Follower: &store.Follower{TrackingHash: fmt.Sprintf("%064x", i), Kind: store.FollowerReporter},
		Messages: func() ([]*guanjia.Message, error) {
			return []*guanjia.Message{{Topic: guanjia.TopicCaseCreated, CaseID: c.ID, EventID: e.ID, Payload: []byte("{}")}}, nil
		}}
}

// errOutbox is the failure of a report whose outbox message cannot be made.
var errOutbox = errors.New("no message")

// spoil makes report i fail inside the store's shared transaction, in one
// of the ways a write can fail there: its outbox message cannot be made,
// or the database refuses a row (PostgreSQL a NUL in text; SQLite a NaN
// latitude, stored as NULL, against NOT NULL).
func spoil(i int, nc *store.NewCase, dsn string) {
	switch {
	case i%2 == 0:
		nc.Messages = func() ([]*guanjia.Message, error) { return nil, errOutbox }
	case strings.HasPrefix(dsn, "postgres"):
		nc.Case.Description += "\x00"
	default:
		nc.Case.Lat = math.NaN()
	}
}

// TestGroupCreate: concurrent reports share commits; a report that fails
// in the store, however it fails, fails alone, and every other report
// commits.
func TestGroupCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const n = 64
		bad := func(i int) bool { return i%7 == 3 }
		errs := make([]error, n)
		ncs := make([]store.NewCase, n)
		var wg sync.WaitGroup
		for i := range n {
			ncs[i] = groupReport(i)
			if bad(i) {
				spoil(i, &ncs[i], dsn)
			}
			wg.Go(func() { errs[i] = db.GroupCreate(ctx, ncs[i]) })
		}
		wg.Wait()
		stored := 0
		for i, err := range errs {
			if bad(i) {
				if err == nil {
					t.Errorf("report %d was spoilt but stored", i)
				}
				continue
			}
			c, gerr := db.GetCase(ctx, ncs[i].Case.ID)
			if err != nil || gerr != nil || c.Description != fmt.Sprint("report ", i) {
				t.Errorf("honest report %d: %v; stored: %v", i, err, gerr)
				continue
			}
			stored++
		}
		counts, err := db.CountCases(ctx, guanjia.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if counts[guanjia.StatusNew] != stored || stored != n-(n+3)/7 {
			t.Errorf("%d cases stored, %d honest reports answered, want %d", counts[guanjia.StatusNew], stored, n-(n+3)/7)
		}
		// Each caller was in one group, as gathered (before a failure
		// splits it), of a size its bin holds.
		sizes, groups, least, most := db.GroupSizes(), 0, 0, 0
		for i, g := range sizes.Bins {
			groups, least, most = groups+int(g), least+int(g)<<i, most+int(g)*(1<<(i+1)-1)
		}
		if sizes.Cases != n || least > n || most < n || !strings.HasPrefix(sizes.String(), fmt.Sprint(groups, " groups of ")) {
			t.Errorf("group sizes %+v (%s) for %d callers", sizes, sizes, n)
		}
	})
}

// TestGroupConflict: a client_id taken earlier in the same group is a
// conflict for the later caller only, and the numbering has no gap.
func TestGroupConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const id = "7f0c1d5e-8a8b-4c1e-9d6f-3b2a1c0d9e8f"
		errs := make([]error, 6)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				nc := groupReport(i)
				nc.Case.ClientID = id
				errs[i] = db.GroupCreate(ctx, nc)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantCode(t, err, guanjia.ECONFLICT)
			}
		}
		if ok != 1 {
			t.Fatalf("%d callers created the case, want 1: %v", ok, errs)
		}
		c := mustCreate(t, db, newCase())[0]
		if c.Number != "WZ-20261128-0002" {
			t.Errorf("next number %s, want WZ-20261128-0002", c.Number)
		}
	})
}

// TestGroupCancelled: a caller whose context has ended is not run.
func TestGroupCancelled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		nc := groupReport(1)
		err := db.GroupCreate(ctx, nc)
		if !errors.Is(err, context.Canceled) || nc.Case.ID != 0 {
			t.Errorf("cancelled caller: err %v, case id %d", err, nc.Case.ID)
		}
	})
}

// TestGroupPlansOnce: on PostgreSQL a group's transaction keeps the plans
// of its statements (see planOnce), and the setting ends with it: the
// next transaction on the same connection (database/sql hands out the
// connection returned last) plans as the server's settings say.
func TestGroupPlansOnce(t *testing.T) {
	db := newDB(t, dbtest.Postgres(t))
	ctx := context.Background()
	var inside []string
	defer store.SetGroupHook(func(tx *store.Tx) {
		v, err := store.SettingForTest(ctx, tx, "plan_cache_mode")
		if err != nil {
			t.Error(err)
		}
		inside = append(inside, v)
	})()
	for i := range 3 {
		if err := db.GroupCreate(ctx, groupReport(i)); err != nil {
			t.Fatal(err)
		}
		var after string
		err := db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			after, err = store.SettingForTest(ctx, tx, "plan_cache_mode")
			return err
		})
		if err != nil || after != "auto" {
			t.Errorf("after group %d plan_cache_mode is %q (%v), want the server's auto", i, after, err)
		}
	}
	if len(inside) != 3 || inside[0] != "force_generic_plan" || inside[2] != "force_generic_plan" {
		t.Errorf("plan_cache_mode in the groups' transactions %q, want force_generic_plan", inside)
	}
}
