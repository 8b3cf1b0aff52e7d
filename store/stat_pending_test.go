package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestNewCaseStatsFoldedLater: on PostgreSQL new cases are noted in
// stat_pending instead of adding to stat_days; the figures still count
// every case committed, and once folded stat_days is what case_stats
// makes and no note is left.
func TestNewCaseStatsFoldedLater(t *testing.T) {
	store.SetStatFlushDelay(t, time.Hour) // no fold but those the test asks for
	db := newDB(t, dbtest.Postgres(t))
	mustCreate(t, db, caseSet(30)...)
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_days"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v rows of stat_days written with the cases, want them noted", n)
	}
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_pending"); !cmp.Equal(n, []string{"30"}) {
		t.Errorf("%v cases noted in stat_pending, want 30", n)
	}
	if n := received(t, db); n != 30 {
		t.Errorf("the figures count %d cases received, want 30", n)
	}
	if diff := cmp.Diff(dump(t, db, store.StatDaysRebuilt), dump(t, db, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days once folded (-from case_stats +held):\n%s", diff)
	}
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_pending"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v notes left once folded", n)
	}
}

// TestStatFoldsAndChanges: a case changed before its note is folded is
// counted once, as it is now; and so it is while two instances fold the
// notes over and over as new cases are made and changed at once. Notes the
// running instances have not folded yet are folded by the next instance
// that opens.
func TestStatFoldsAndChanges(t *testing.T) {
	ctx := context.Background()
	store.SetStatFlushDelay(t, time.Hour)
	dsn := dbtest.Postgres(t)
	db := newDB(t, dsn)
	dispatch := func(c *guanjia.Case) {
		mustTx(t, db, func(tx *store.Tx) error { return recordDispatch(ctx, tx, c) })
	}
	for i, c := range mustCreate(t, db, caseSet(30)...) {
		if i%2 == 0 {
			dispatch(c) // before any fold
		}
	}
	if err := db.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, db, store.StatDaysRebuilt), dump(t, db, store.StatDaysCounting)); diff != "" {
		t.Fatalf("stat_days after changes before the fold (-from case_stats +held):\n%s", diff)
	}

	other, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, d := range []*store.DB{db, other} {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := d.FlushStats(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 100 {
		dispatch(mustCreate(t, db, newCase())[0])
	}
	close(done)
	wg.Wait()
	mustCreate(t, db, caseSet(5)...) // noted, and left by both instances
	again, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := again.Migrate(ctx); err != nil { // folds what the others left
		t.Fatal(err)
	}
	if n := dump(t, again, "SELECT COUNT(*) FROM stat_pending"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v notes left after the next instance opened", n)
	}
	if diff := cmp.Diff(dump(t, again, store.StatDaysRebuilt), dump(t, again, store.StatDaysCounting)); diff != "" {
		t.Errorf("stat_days (-from case_stats +held):\n%s", diff)
	}
}

// TestFoldWaitsForAChangeOfTwoCases: a fold that starts while a
// transaction changes two noted cases (as a merge does) waits for it to
// end, instead of taking the second case's note and waiting for the first
// one's, which the transaction holds while it waits for the second's: the
// deadlock that the demo's seed met on PostgreSQL. Both end without error,
// and every case is counted once.
func TestFoldWaitsForAChangeOfTwoCases(t *testing.T) {
	ctx := context.Background()
	store.SetStatFlushDelay(t, time.Hour)
	db := newDB(t, dbtest.Postgres(t))
	cs := mustCreate(t, db, caseSet(2)...) // both noted, on the same day
	slices.Reverse(cs)                     // the later first, as a merge does: a fold takes notes in order
	held := make(chan struct{})
	folded := make(chan error, 1)
	go func() {
		<-held
		folded <- db.FlushStats(ctx)
	}()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		for i, c := range cs {
			if err := recordDispatch(ctx, tx, c); err != nil {
				return err
			}
			if i == 0 {
				close(held)
				waitForLockWait(t, db)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("changing two cases while a fold starts: %v", err)
	}
	if err := <-folded; err != nil {
		t.Fatalf("the fold: %v", err)
	}
	checkFolded(t, db)
}

// lockWaits counts the sessions of the database that wait for a lock.
const lockWaits = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"

// waitForLockWait waits until a session of db's database waits for a lock.
func waitForLockWait(t *testing.T, db *store.DB) {
	t.Helper()
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		n := dump(t, db, lockWaits)
		if !cmp.Equal(n, []string{"0"}) {
			return
		}
	}
	t.Fatal("no session waits for a lock after 10 s: the fold did not start")
}

// TestChangesOfTwoCasesCrossingAnother: a transaction that changes two
// cases (as a merge does) while another changes a third, whose rows of
// stat_days cross theirs (the third shares its category with the second
// and the rest with the first), both commit: each writes its rows in the
// order of their keys at its commit, rather than the first case's rows
// before the second's, which could deadlock on PostgreSQL. Every change
// is counted once.
func TestChangesOfTwoCasesCrossingAnother(t *testing.T) {
	ctx := context.Background()
	store.SetStatFlushDelay(t, time.Hour)
	db := newDB(t, dbtest.Postgres(t))
	road := func(c *guanjia.Case) { c.Category = "road" }
	cs := mustCreate(t, db, newCase(road), newCase(), newCase()) // a, b and c, all garbage but a
	if err := db.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	other := make(chan error, 1)
	err := db.Tx(ctx, func(tx *store.Tx) error {
		if err := recordDispatch(ctx, tx, cs[0]); err != nil {
			return err
		}
		go func() { other <- db.Tx(ctx, func(tx *store.Tx) error { return recordDispatch(ctx, tx, cs[2]) }) }()
		// The other transaction either commits or waits for a row this
		// one holds; either way it has taken what it takes first.
		for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
			if len(other) > 0 || !cmp.Equal(dump(t, db, lockWaits), []string{"0"}) {
				break
			}
		}
		return recordDispatch(ctx, tx, cs[1])
	})
	if err != nil {
		t.Errorf("changing two cases: %v", err)
	}
	if err := <-other; err != nil {
		t.Errorf("changing a third at once: %v", err)
	}
	checkFolded(t, db)
}

// recordDispatch dispatches c, a new case, to the unit cg in tx, as the
// figures see it.
func recordDispatch(ctx context.Context, tx *store.Tx, c *guanjia.Case) error {
	c.Status, c.Unit = guanjia.StatusDispatched, "cg"
	e := &guanjia.Event{CaseID: c.ID, Action: guanjia.ActionDispatch, At: t0.Add(time.Minute),
		From: guanjia.StatusNew, To: guanjia.StatusDispatched, Unit: "cg"}
	return tx.RecordCaseStat(ctx, c, e, nil)
}

// checkFolded folds what waits, and checks that stat_days then holds what
// case_stats makes.
func checkFolded(t *testing.T, db *store.DB) {
	t.Helper()
	if err := db.FlushStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, db, store.StatDaysRebuilt), dump(t, db, store.StatDaysCounting)); diff != "" {
		t.Errorf("stat_days (-from case_stats +held):\n%s", diff)
	}
}
