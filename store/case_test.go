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

// newCase returns a new case in Wuzhen reported at t0, changed by mods.
func newCase(mods ...func(c *guanjia.Case)) *guanjia.Case {
	c := &guanjia.Case{
		Jurisdiction: wuzhen, Status: guanjia.StatusNew, Category: "garbage", Priority: 3,
		Lat: 30.7451, Lng: 120.4862, Address: "西栅大街 18 号", Description: "Overflowing bins by the bridge",
		Grid: "g01", Village: "330483100201", Channel: guanjia.ChannelApp, CreatedAt: t0,
	}
	for _, m := range mods {
		m(c)
	}
	return c
}

// createCase stores c through CreateCases, the path the app's intake takes,
// and returns its error.
func createCase(ctx context.Context, tx *store.Tx, c *guanjia.Case) error {
	errs, err := tx.CreateCases(ctx, []store.NewCase{{Case: c}})
	if err != nil {
		return err
	}
	return errs[0]
}

// mustCreate stores cases and returns them as stored.
func mustCreate(t testing.TB, db *store.DB, cs ...*guanjia.Case) []*guanjia.Case {
	t.Helper()
	mustTx(t, db, func(tx *store.Tx) error {
		for _, c := range cs {
			if err := createCase(context.Background(), tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	return cs
}

func ptr[T any](v T) *T { return &v }

func TestCreateCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		due := t0.Add(2 * time.Hour)
		c := newCase(func(c *guanjia.Case) {
			c.Status, c.Unit = guanjia.StatusAccepted, "cg"
			c.Attributes = map[string]any{"bins": 3.0, "kinds": []any{"kitchen", "other"}}
			c.Photos = []string{"sha256-a", "sha256-b"}
			c.ClientID = "9b2f6c1e-4d3a-4b8e-9f0a-1c2d3e4f5a6b"
			c.ReporterID, c.ReporterName, c.ReporterPhone, c.ReporterEmail = 7, "王阿姨", "13800000000", "w@example.com"
			c.TrackingHash = "abc123"
			c.Returns, c.Disputed, c.FinalDispatch, c.EscalationLevel = 1, true, true, 2
			c.MergedInto, c.Satisfaction, c.Reopened, c.Supervised, c.Followers = 5, 4, 1, true, 3
			c.PendingExtension = &guanjia.Extension{Until: due.Add(48 * time.Hour), Reason: "parts", RequestedBy: 9, RequestedAt: t0.Add(time.Nanosecond)}
			c.SignDueAt, c.ResolveDueAt = ptr(t0.Add(time.Hour)), ptr(due)
			c.DispatchedAt, c.AcceptedAt = ptr(t0.Add(time.Minute)), ptr(t0.Add(2*time.Minute))
			c.Resolution = "swept"
		})
		mustCreate(t, db, c)
		if c.ID == 0 || c.Number != "WZ-20261128-0001" || c.Version != 1 {
			t.Fatalf("created ID %d, Number %q, Version %d", c.ID, c.Number, c.Version)
		}
		if !c.UpdatedAt.Equal(c.CreatedAt) || c.CreatedAt.Nanosecond()%1000 != 0 {
			t.Errorf("CreatedAt %v, UpdatedAt %v: want equal, whole microseconds", c.CreatedAt, c.UpdatedAt)
		}
		for name, get := range map[string]func() (*guanjia.Case, error){
			"GetCase":           func() (*guanjia.Case, error) { return db.GetCase(ctx, c.ID) },
			"GetCaseByNumber":   func() (*guanjia.Case, error) { return db.GetCaseByNumber(ctx, c.Number) },
			"GetCaseByClientID": func() (*guanjia.Case, error) { return db.GetCaseByClientID(ctx, c.ClientID) },
		} {
			got, err := get()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if diff := cmp.Diff(c, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
	})
}

func TestCaseNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustCreate(t, db, newCase())
		_, err := db.GetCase(ctx, 999)
		wantCode(t, err, guanjia.ENOTFOUND)
		_, err = db.GetCaseByNumber(ctx, "WZ-20261128-0999")
		wantCode(t, err, guanjia.ENOTFOUND)
		_, err = db.GetCaseByClientID(ctx, "")
		wantCode(t, err, guanjia.ENOTFOUND)
		_, err = db.GetCaseByClientID(ctx, "9b2f6c1e-4d3a-4b8e-9f0a-1c2d3e4f5a6b")
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}

func TestCaseNumbers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		at := func(j string, ts time.Time) *guanjia.Case {
			return newCase(func(c *guanjia.Case) { c.Jurisdiction, c.CreatedAt = j, ts })
		}
		// 2026-11-28 16:30 UTC is already the 29th in China.
		cs := mustCreate(t, db,
			at(wuzhen, t0), at(wuzhen, t0.Add(time.Hour)), at(tongxiang, t0),
			at(wuzhen, time.Date(2026, 11, 28, 15, 59, 0, 0, time.UTC)),
			at(wuzhen, time.Date(2026, 11, 28, 16, 30, 0, 0, time.UTC)),
			at(wuzhen, t0.Add(24*time.Hour)))
		var got []string
		for _, c := range cs {
			got = append(got, c.Number)
		}
		want := []string{"WZ-20261128-0001", "WZ-20261128-0002", "TX-20261128-0001", "WZ-20261128-0003",
			"WZ-20261129-0001", "WZ-20261129-0002"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("numbers (-want +got):\n%s", diff)
		}
	})
}

func TestCreateCaseUnknownJurisdiction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return createCase(ctx, tx, newCase(func(c *guanjia.Case) { c.Jurisdiction = "nowhere" }))
		})
		wantCode(t, err, guanjia.EUNPROCESSABLE)
	})
}

func TestCreateCaseClientID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const id = "9b2f6c1e-4d3a-4b8e-9f0a-1c2d3e4f5a6b"
		withID := func(j, reporter string) *guanjia.Case {
			return newCase(func(c *guanjia.Case) { c.ClientID, c.Jurisdiction, c.ReporterKey = id, j, reporter })
		}
		first := mustCreate(t, db, withID(wuzhen, "user:4"))[0]
		// A retry conflicts, and the same transaction can then find the
		// case it retried (PostgreSQL would refuse if the insert had failed).
		mustTx(t, db, func(tx *store.Tx) error {
			wantCode(t, createCase(ctx, tx, withID(wuzhen, "user:4")), guanjia.ECONFLICT)
			got, err := tx.GetReportersCase(ctx, "user:4", id)
			if err != nil {
				return err
			}
			if got.ID != first.ID {
				t.Errorf("GetReportersCase() = case %d, want %d", got.ID, first.ID)
			}
			return nil
		})
		// Another reporter and another jurisdiction may use the same
		// client_id, one case at a time or in a batch; cases without one
		// never conflict.
		other := mustCreate(t, db, withID(wuzhen, "addr:10.0.0.9"))[0]
		mustCreate(t, db, withID(tongxiang, "user:4"), withID(wuzhen, "system:open311:city"), newCase(), newCase())
		mustTx(t, db, func(tx *store.Tx) error {
			errs, err := tx.CreateCases(ctx, []store.NewCase{{Case: withID(wuzhen, "user:5")}, {Case: withID(wuzhen, "user:5")}})
			if err != nil {
				return err
			}
			wantCode(t, errs[0], "")
			wantCode(t, errs[1], guanjia.ECONFLICT)
			return nil
		})
		for reporter, want := range map[string]int64{"user:4": first.ID, "addr:10.0.0.9": other.ID} {
			if got, err := db.GetReportersCase(ctx, reporter, id); err != nil || got.ID != want || got.ReporterKey != reporter {
				t.Errorf("GetReportersCase(%s) = %+v, %v; want case %d", reporter, got, err, want)
			}
		}
		_, err := db.GetReportersCase(ctx, "addr:10.0.0.10", id)
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}

func TestUpdateCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		c := mustCreate(t, db, newCase())[0]

		// Dispatch: the lifecycle bumps the version.
		d := *c
		d.Status, d.Unit, d.Version = guanjia.StatusDispatched, "cg", 2
		d.DispatchedAt, d.SignDueAt = ptr(t0.Add(time.Minute)), ptr(t0.Add(3*time.Hour+time.Nanosecond))
		d.UpdatedAt = t0.Add(time.Minute)
		d.Number, d.CreatedAt = "ignored", t0.Add(time.Hour) // never change
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &d, 1) })
		got, err := db.GetCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		d.Number, d.CreatedAt = c.Number, c.CreatedAt
		if diff := cmp.Diff(&d, got); diff != "" {
			t.Errorf("after update (-want +got):\n%s", diff)
		}

		// A writer that read version 1 is refused.
		stale := *c
		stale.Version = 2
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &stale, 1) })
		wantCode(t, err, guanjia.ECONFLICT)

		missing := *c
		missing.ID = 999
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &missing, 1) })
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}

func TestTimesRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		times := []time.Time{
			time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC),
			time.Date(2026, 3, 29, 1, 30, 0, 1000, time.FixedZone("CET", 3600)),
			time.Date(2026, 11, 28, 23, 59, 59, 999999999, guanjia.TownZone), // truncated, not rounded
			time.Date(2199, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Now(),
		}
		for _, ts := range times {
			c := mustCreate(t, db, newCase(func(c *guanjia.Case) { c.CreatedAt, c.ResolvedAt = ts, &ts }))[0]
			got, err := db.GetCase(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := ts.Truncate(time.Microsecond)
			if !got.CreatedAt.Equal(want) || !got.ResolvedAt.Equal(want) || !c.CreatedAt.Equal(want) {
				t.Errorf("%v: stored %v, read %v and %v, want %v", ts, c.CreatedAt, got.CreatedAt, got.ResolvedAt, want)
			}
			if got.CreatedAt.Location() != time.UTC {
				t.Errorf("%v: read in %v, want UTC", ts, got.CreatedAt.Location())
			}
		}
	})
}
