package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// Test fixtures: Wuzhen (town) under Tongxiang (county).
const (
	wuzhen    = "330483100"
	puyuan    = "330483101"
	tongxiang = "330483"
)

// t0 is 2026-11-28 09:30 in China, with nanoseconds the store truncates.
var t0 = time.Date(2026, 11, 28, 9, 30, 0, 123456789, guanjia.TownZone)

// newDB opens and migrates a fresh database with the two jurisdictions:
// a copy of one made so once per test process (see dbtest.Template), or,
// for a database that is not new, made so in place.
func newDB(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	copied, err := migrated.CopyInto(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return t0 }
	if !copied {
		if err := migrateWithJurisdictions(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// migrated is the database newDB copies.
var migrated = dbtest.NewTemplate("store newDB", func(ctx context.Context, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = func() time.Time { return t0 }
	return migrateWithJurisdictions(ctx, db)
})

// migrateWithJurisdictions migrates db and adds Tongxiang and Wuzhen.
func migrateWithJurisdictions(ctx context.Context, db *store.DB) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		for _, j := range []guanjia.Jurisdiction{
			{Code: tongxiang, Name: "桐乡市", NameEN: "Tongxiang", Prefix: "TX", Level: "county", Lat: 30.63, Lng: 120.56},
			{Code: wuzhen, Name: "乌镇镇", NameEN: "Wuzhen", Prefix: "WZ", Parent: tongxiang, Level: "town", Lat: 30.745, Lng: 120.487},
		} {
			if err := tx.PutJurisdiction(ctx, &j); err != nil {
				return err
			}
		}
		return nil
	})
}

// mustTx runs fn in a transaction and fails the test on error.
func mustTx(t testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// wantCode fails the test unless err carries the application error code.
// mustList returns what a list method returns, failing the test on an error.
func mustList[T any](tb testing.TB, list func(context.Context) ([]T, error)) []T {
	tb.Helper()
	vs, err := list(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return vs
}

// find returns the first of vs that ok accepts, the zero value when none does.
func find[T any](vs []T, ok func(T) bool) T {
	for _, v := range vs {
		if ok(v) {
			return v
		}
	}
	var zero T
	return zero
}

// engine returns the engine a test database runs on.
func engine(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return store.Postgres
	}
	return store.SQLite
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := guanjia.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// equateEmpty treats nil and empty maps and slices alike: the store keeps
// both as NULL.
var equateEmpty = cmpopts.EquateEmpty()

func TestOpen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		if err := db.Ping(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

func TestOpenBadPath(t *testing.T) {
	_, err := store.Open(context.Background(), "/tmp/x?y")
	wantCode(t, err, guanjia.EINVALID)
}

// TestOpenDirectRefused: a direct connection is only for a PostgreSQL
// database behind a pooler, and must itself be PostgreSQL's.
func TestOpenDirectRefused(t *testing.T) {
	ctx := context.Background()
	if _, err := store.OpenWith(ctx, dbtest.SQLite(t), store.Options{Direct: "postgres://127.0.0.1/town"}); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("SQLite with a direct connection: %v, want EINVALID", err)
	}
	if _, err := store.OpenWith(ctx, "postgres://127.0.0.1:1/town", store.Options{Direct: "/srv/guanjia.db"}); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("a direct connection that is not PostgreSQL: %v, want EINVALID", err)
	}
}

func TestMigrateTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		// The data of the first run is still there.
		js, err := db.Jurisdictions(ctx)
		if err != nil || len(js) != 2 {
			t.Fatalf("Jurisdictions() = %v, %v; want 2", js, err)
		}
	})
}

func TestMigrateConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			wg.Go(func() { errs[i] = db.Migrate(ctx) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		db := newDB(t, dsn) // migrates once more and seeds
		if js := mustList(t, db.Jurisdictions); len(js) == 0 {
			t.Fatal("no jurisdictions after migrating")
		}
	})
}

func TestTxRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		boom := errors.New("boom")
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.PutUnit(ctx, &guanjia.Unit{Code: "cg", NameZH: "城管"}); err != nil {
				return err
			}
			// The transaction sees its own write.
			if us := mustList(t, tx.Units); len(us) != 1 {
				t.Errorf("Units() in the transaction = %v, want cg", us)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx() = %v, want boom", err)
		}
		if us := mustList(t, db.Units); len(us) != 0 {
			t.Errorf("Units() after rollback = %v, want none", us)
		}
	})
}

func TestBackup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		path := filepath.Join(t.TempDir(), "backup.db")
		err := db.Backup(ctx, path)
		if engine(dsn) == store.Postgres {
			wantCode(t, err, guanjia.EUNPROCESSABLE)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		c := newCase()
		mustTx(t, db, func(tx *store.Tx) error { return createCase(ctx, tx, c) })

		// The copy opens and holds the data as of the backup.
		cp, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		want, _ := db.Jurisdictions(ctx)
		got, err := cp.Jurisdictions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("backup jurisdictions (-want +got):\n%s", diff)
		}
		if _, err := cp.GetCase(ctx, c.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("case written after the backup is in it: %v", err)
		}
		// An existing file is never overwritten.
		wantCode(t, db.Backup(ctx, path), guanjia.ECONFLICT)
		if _, err := os.Stat(path); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCheckpointsInBackground: on SQLite the log is copied back into the
// database file in the background, not in the commits of callers.
func TestCheckpointsInBackground(t *testing.T) {
	db := newDB(t, dbtest.SQLite(t))
	mustCreate(t, db, newCase(), newCase())
	testenv.WaitFor(t, 10*time.Second, "a checkpoint after a commit", func() bool { return db.CheckpointsForTest() > 0 })
}

// TestLogStartsAgainUnderWrites: while cases are written without a pause,
// the background checkpoint's passes never find the log all copied, so
// the log would only grow (until the writer's own checkpoint copied it in
// a commit); the writer copies the last frames before its next
// transaction, which then starts the log again.
func TestLogStartsAgainUnderWrites(t *testing.T) {
	store.SetWALRestartFrames(t, 64)
	db := newDB(t, dbtest.SQLite(t))
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				err := db.Tx(ctx, func(tx *store.Tx) error { return createCase(ctx, tx, newCase()) })
				if err != nil && ctx.Err() == nil {
					t.Error(err)
					return
				}
			}
		})
	}
	// Steps 80 ms and 20 ms apart in turn: a log started again at each
	// step holds about the frames since the step before, fewer after the
	// short waits; a log that is not only ever grows.
	var logs []int64
	for i := range 12 {
		time.Sleep(time.Duration(20+60*(i%2)) * time.Millisecond)
		logs = append(logs, db.CheckpointStepForTest())
	}
	stop()
	wg.Wait()
	shorter := 0
	for i := 1; i < len(logs); i++ {
		if logs[i] < logs[i-1] {
			shorter++
		}
	}
	if shorter < 3 {
		t.Errorf("the log was shorter than at the checkpoint before %d times of %d under writes (its lengths %v), want it to start again", shorter, len(logs)-1, logs)
	}
}
