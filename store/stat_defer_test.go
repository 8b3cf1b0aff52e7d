package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestNewCaseStatsWaitThenCount: on SQLite new cases' rows of stat_days
// wait in memory, their month noted in stat_dirty; the figures still count
// every case committed, and once written the rows are what case_stats
// makes and the note is gone.
func TestNewCaseStatsWaitThenCount(t *testing.T) {
	db := newDB(t, dbtest.SQLite(t))
	mustCreate(t, db, caseSet(30)...)
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_days"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v rows of stat_days written with the cases, want them to wait", n)
	}
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_dirty"); cmp.Equal(n, []string{"0"}) {
		t.Error("no month noted in stat_dirty while rows wait")
	}
	if n := received(t, db); n != 30 {
		t.Errorf("the figures count %d cases received, want 30", n)
	}
	if diff := cmp.Diff(dump(t, db, store.StatDaysRebuilt), dump(t, db, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days once written (-from case_stats +held):\n%s", diff)
	}
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_dirty"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v months still noted once the rows are written", n)
	}
}

// TestStatDaysAfterACrash: a copy of the database taken while new cases'
// rows of stat_days wait in memory is what a crash leaves; opened and
// migrated, its noted months are rebuilt from case_stats.
func TestStatDaysAfterACrash(t *testing.T) {
	ctx := context.Background()
	path := dbtest.SQLite(t)
	db := newDB(t, path)
	mustCreate(t, db, caseSet(20)...)
	if err := db.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, caseSet(25)...) // these wait
	again := openCrashed(t, path)
	if n := dump(t, again, "SELECT COUNT(*) FROM stat_dirty"); cmp.Equal(n, []string{"0"}) {
		t.Fatal("the copy notes no month: it does not test the recovery")
	}
	if err := again.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, again, store.StatDaysRebuilt), dump(t, again, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days after the crash (-from case_stats +held):\n%s", diff)
	}
	if n := dump(t, again, "SELECT COUNT(*) FROM stat_dirty"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v months still noted after the recovery", n)
	}
}

// TestFiguresCountEveryCommittedCase: while cases commit and several
// readers ask for the figures at once (each writing what waits), no reader
// counts fewer cases than had committed when it asked: one that finds the
// buffer empty waits for the rows another reader is writing.
func TestFiguresCountEveryCommittedCase(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	var committed atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 150 {
			mustCreate(t, db, newCase())
			committed.Add(1)
		}
	}()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				before := committed.Load()
				set, err := db.TownFigures(ctx, "", t0.AddDate(0, 0, -1), t0.AddDate(0, 0, 1))
				if err != nil {
					t.Error(err)
					return
				}
				received := 0
				for _, f := range set {
					received += f.Received
				}
				// The case being made may have committed and not yet be
				// counted in committed: one more than after is right.
				if after := committed.Load(); int64(received) < before || int64(received) > after+1 {
					t.Errorf("the figures count %d cases received, with %d to %d committed", received, before, after)
					return
				}
			}
		})
	}
	wg.Wait()
	<-done // the cases all made before the database closes
}

// TestStatsOfTwoProcesses: a second opening of the database (a command
// run beside the server) neither rebuilds the months whose rows the first
// holds in memory nor holds rows of its own; once the first writes its
// rows, stat_days is what case_stats makes, no case counted twice.
func TestStatsOfTwoProcesses(t *testing.T) {
	ctx := context.Background()
	path := dbtest.SQLite(t)
	server := newDB(t, path)
	mustCreate(t, server, caseSet(20)...) // these wait in the server's buffer
	command, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer command.Close()
	if err := command.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := dump(t, command, "SELECT COUNT(*) FROM stat_dirty"); cmp.Equal(n, []string{"0"}) {
		t.Error("the command cleared the server's notes")
	}
	mustCreate(t, command, newCase())
	if n := dump(t, command, "SELECT SUM(n) FROM stat_days WHERE dim = 'town'"); !cmp.Equal(n, []string{"1"}) {
		t.Errorf("the command's case is counted %v times in stat_days, want at once", n)
	}
	if err := server.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, server, store.StatDaysRebuilt), dump(t, server, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days (-from case_stats +held):\n%s", diff)
	}
}

// TestStatFlushInChunks: a flush writes its rows a chunk a transaction,
// and new cases commit between the chunks; their month stays noted in
// stat_dirty while their rows wait, so that a crash then would rebuild
// it, and once everything is written the rows are what case_stats makes.
func TestStatFlushInChunks(t *testing.T) {
	ctx := context.Background()
	store.SetStatFlushDelay(t, time.Hour) // no flush but the test's, which sets the hook
	path := dbtest.SQLite(t)
	db := newDB(t, path)
	mustCreate(t, db, caseSet(30)...)
	if n := db.StatRowsWaiting(); n <= store.StatFlushChunk {
		t.Fatalf("%d rows wait: too few for chunks of %d", n, store.StatFlushChunk)
	}
	chunks := 0
	store.SetStatChunkHook(t, func(chunk int) {
		chunks++
		if chunk == 0 {
			mustCreate(t, db, newCase()) // between the chunks
		}
	})
	if err := db.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	if chunks < 2 {
		t.Errorf("the flush wrote in %d transactions, want one a chunk", chunks)
	}
	if db.StatRowsWaiting() == 0 {
		t.Fatal("the case made between the chunks has no rows waiting")
	}
	// What a crash now would leave: the waiting rows' month must be noted.
	again := openCrashed(t, path)
	if err := again.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, again, store.StatDaysRebuilt), dump(t, again, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days after a crash between flushes (-from case_stats +held):\n%s", diff)
	}
	store.SetStatChunkHook(t, nil)
	if err := db.FlushStats(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, db, store.StatDaysRebuilt), dump(t, db, store.StatDaysHeld)); diff != "" {
		t.Errorf("stat_days once written (-from case_stats +held):\n%s", diff)
	}
	if n := dump(t, db, "SELECT COUNT(*) FROM stat_dirty"); !cmp.Equal(n, []string{"0"}) {
		t.Errorf("%v months still noted once the rows are written", n)
	}
}

// received is the cases the figures count received within 40 days of t0.
func received(t *testing.T, db *store.DB) int {
	t.Helper()
	set, err := db.TownFigures(context.Background(), "", t0.AddDate(0, 0, -40), t0.AddDate(0, 0, 40))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range set {
		n += f.Received
	}
	return n
}

// openCrashed opens a copy of the SQLite database at path, its log with
// it, as a crash would leave it now.
func openCrashed(t *testing.T, path string) *store.DB {
	t.Helper()
	crashed := filepath.Join(t.TempDir(), "guanjia.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, crashed+suffix); err != nil {
			t.Fatal(err)
		}
	}
	again, err := store.Open(context.Background(), crashed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}
