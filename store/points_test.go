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

func entry(user int64, k guanjia.PointKind, source, evidence int64, amount int, day string) *guanjia.PointEntry {
	return &guanjia.PointEntry{UserID: user, Kind: k, SourceType: guanjia.SourceCase, SourceID: source,
		EvidenceID: evidence, Amount: amount, Reason: "test", Day: day, CreatedAt: t0}
}

func mustAdd(t testing.TB, db *store.DB, es ...*guanjia.PointEntry) {
	t.Helper()
	mustTx(t, db, func(tx *store.Tx) error {
		for _, e := range es {
			if ok, err := tx.AddPointEntry(context.Background(), e); err != nil || !ok {
				t.Fatalf("add %+v: %v %v", e, ok, err)
			}
		}
		return nil
	})
}

// TestPointsLedger: entries are idempotent per outcome, kind and person,
// reversed at most once, never changed, and a balance is their sum.
func TestPointsLedger(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 2)
		a := entry(u[0], guanjia.PointsReport, 1, 10, 5, "2026-11-28")
		b := entry(u[0], guanjia.PointsVerify, 2, 20, 2, "2026-11-28")
		c := entry(u[1], guanjia.PointsReport, 1, 10, 5, "2026-11-28")
		mustAdd(t, db, a, b, c)

		// The same award again writes nothing.
		mustTx(t, db, func(tx *store.Tx) error {
			again := entry(u[0], guanjia.PointsReport, 1, 10, 5, "2026-11-28")
			if ok, err := tx.AddPointEntry(ctx, again); err != nil || ok {
				t.Errorf("replayed award: inserted %v, %v", ok, err)
			}
			return nil
		})
		rev, err := guanjia.Reverse(*a, "wrong", guanjia.Actor{UserID: 1}, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, db, &rev)
		mustTx(t, db, func(tx *store.Tx) error {
			twice := rev
			if ok, err := tx.AddPointEntry(ctx, &twice); err != nil || ok {
				t.Errorf("second reversal: inserted %v, %v", ok, err)
			}
			return nil
		})

		es, err := db.PointEntries(ctx, guanjia.PointFilter{UserID: u[0]})
		if err != nil {
			t.Fatal(err)
		}
		a.ReversedBy = rev.ID
		if diff := cmp.Diff([]guanjia.PointEntry{rev, *b, *a}, es); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
		balance, err := db.PointsBalance(ctx, u[0])
		if err != nil || balance != guanjia.Balance(es) || balance != 2 {
			t.Errorf("balance %d (%v), sum of entries %d, want 2", balance, err, guanjia.Balance(es))
		}
		// Caps count every award of the day, reversed or not.
		ofKind, total, err := db.PointsAwarded(ctx, u[0], "2026-11-28", guanjia.PointsReport)
		if err != nil || ofKind != 5 || total != 7 {
			t.Errorf("awarded %d of report, %d in all (%v), want 5 and 7", ofKind, total, err)
		}
		held, err := db.HasActiveAward(ctx, guanjia.SourceCase, 1, guanjia.PointsReport, u[0])
		if err != nil || held {
			t.Errorf("a reversed award is active: %v %v", held, err)
		}
		held, _ = db.HasActiveAward(ctx, guanjia.SourceCase, 1, guanjia.PointsReport, u[1])
		if !held {
			t.Errorf("the other reporter's award is not active")
		}
		got, err := db.GetPointEntry(ctx, a.ID)
		if err != nil || got.ReversedBy != rev.ID {
			t.Errorf("get: %+v %v", got, err)
		}
	})
}

// TestPointsAppendOnly: the schema refuses to change or delete an entry.
func TestPointsAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 1)
		e := entry(u[0], guanjia.PointsReport, 1, 10, 5, "2026-11-28")
		mustAdd(t, db, e)
		for _, q := range []string{"UPDATE points_entries SET amount = 500 WHERE id = ?", "DELETE FROM points_entries WHERE id = ?"} {
			err := db.Tx(ctx, func(tx *store.Tx) error { return store.ExecForTest(ctx, tx, q, e.ID) })
			if err == nil {
				t.Errorf("%s: allowed", q)
			}
		}
		if b, _ := db.PointsBalance(ctx, u[0]); b != 5 {
			t.Errorf("balance %d after refused changes, want 5", b)
		}
	})
}

// TestPointRulesVersions: every save is a new version; the one in force
// at a time is the newest saved by then.
func TestPointRulesVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		_, err := db.PointRulesAt(ctx, "", t0)
		wantCode(t, err, guanjia.ENOTFOUND)
		v1 := guanjia.DefaultPointRules()
		v1.CreatedAt, v1.CreatedBy = t0, 7
		mustTx(t, db, func(tx *store.Tx) error { return tx.AddPointRules(ctx, &v1) })
		v2 := guanjia.DefaultPointRules()
		v2.Kinds[guanjia.PointsReport] = guanjia.PointRule{Amount: 8, DailyCap: 40}
		v2.CreatedAt = t0.Add(time.Hour)
		mustTx(t, db, func(tx *store.Tx) error { return tx.AddPointRules(ctx, &v2) })
		if v1.Version != 1 || v2.Version != 2 {
			t.Fatalf("versions %d %d", v1.Version, v2.Version)
		}
		for _, tt := range []struct {
			at   time.Time
			want *guanjia.PointRules
		}{{t0, &v1}, {t0.Add(30 * time.Minute), &v1}, {t0.Add(2 * time.Hour), &v2}} {
			got, err := db.PointRulesAt(ctx, "", tt.at)
			if err != nil {
				t.Fatal(err)
			}
			want := *tt.want
			want.CreatedAt = want.CreatedAt.UTC().Truncate(time.Microsecond)
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("at %v (-want +got):\n%s", tt.at, diff)
			}
		}
	})
}

// TestStandings: a month's awards per person, reversed ones left out,
// spending not counted.
func TestStandings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 3)
		mustTx(t, db, func(tx *store.Tx) error {
			for i, id := range u {
				if err := tx.CreateHousekeeper(ctx, newKeeper(id, []string{"g1", "g1", "g2"}[i], 0, 0)); err != nil {
					return err
				}
			}
			return nil
		})
		wrong := entry(u[1], guanjia.PointsReport, 3, 30, 5, "2026-11-03")
		redeem := entry(u[0], guanjia.PointsRedeem, 9, 0, -30, "2026-11-04")
		redeem.SourceType = guanjia.SourceRedemption
		mustAdd(t, db, entry(u[0], guanjia.PointsReport, 1, 10, 5, "2026-11-01"),
			entry(u[0], guanjia.PointsVerify, 2, 20, 2, "2026-11-30"),
			entry(u[1], guanjia.PointsOnSpot, 4, 40, 10, "2026-11-02"), wrong, redeem,
			entry(u[2], guanjia.PointsReport, 5, 50, 5, "2026-10-31"),
			entry(u[2], guanjia.PointsTask, 6, 0, 3, "2026-11-15"))
		rev, _ := guanjia.Reverse(*wrong, "dup", guanjia.Actor{UserID: 1}, t0.AddDate(0, 1, 0))
		mustAdd(t, db, &rev)

		got, err := db.Standings(ctx, guanjia.StandingFilter{From: "2026-11-01", To: "2026-12-01"})
		if err != nil {
			t.Fatal(err)
		}
		want := []guanjia.Standing{
			{UserID: u[1], Name: "居民1", Grid: "g1", Village: "v-g1", Points: 10, Awards: 1},
			{UserID: u[0], Name: "居民0", Grid: "g1", Village: "v-g1", Points: 7, Awards: 2},
			{UserID: u[2], Name: "居民2", Grid: "g2", Village: "v-g2", Points: 3, Awards: 1},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("standings (-want +got):\n%s", diff)
		}
		got, _ = db.Standings(ctx, guanjia.StandingFilter{From: "2026-11-01", To: "2026-12-01", Grid: "g2"})
		if len(got) != 1 || got[0].UserID != u[2] {
			t.Errorf("grid g2: %+v", got)
		}
	})
}
