package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func mustTask(t testing.TB, db *store.DB, needed int) *guanjia.Task {
	t.Helper()
	task := &guanjia.Task{Title: "巡查", Kind: guanjia.TaskPatrol, Grid: "g1", Village: "v1",
		StartsAt: t0.Add(time.Hour), EndsAt: t0.Add(3 * time.Hour), Needed: needed, Points: 10}
	mustTx(t, db, func(tx *store.Tx) error { return tx.CreateTask(context.Background(), task) })
	return task
}

// TestClaimTask: claims stop at the number needed, once per person; a
// refused claim leaves nothing behind.
func TestClaimTask(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 3)
		task := mustTask(t, db, 2)
		claim := func(user int64, at time.Time) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.ClaimTask(ctx, task.ID, user, at) })
		}
		if err := claim(u[0], t0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, claim(u[0], t0), guanjia.ECONFLICT)
		if err := claim(u[1], t0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, claim(u[2], t0), guanjia.ECONFLICT)
		got, err := db.GetTask(ctx, task.ID)
		if err != nil || got.Claimed != 2 {
			t.Fatalf("claimed %d (%v), want 2", got.Claimed, err)
		}
		cs, err := db.Claims(ctx, task.ID)
		if err != nil || len(cs) != 2 {
			t.Fatalf("%d claims (%v), want 2", len(cs), err)
		}
		_, err = db.GetClaim(ctx, task.ID, u[2])
		wantCode(t, err, guanjia.ENOTFOUND)

		late := mustTask(t, db, 5)
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.ClaimTask(ctx, late.ID, u[0], late.EndsAt) }), guanjia.ECONFLICT)

		// Claim updates are optimistic.
		c := *cs[0]
		c.Status, c.Version, c.Photos = guanjia.ClaimCheckedIn, 2, []string{"p"}
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateClaim(ctx, &c, 1) })
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateClaim(ctx, &c, 1) }), guanjia.ECONFLICT)
		mine, err := db.ClaimsOf(ctx, c.UserID, []int64{task.ID, late.ID})
		if err != nil || len(mine) != 1 || mine[task.ID].Status != guanjia.ClaimCheckedIn || len(mine[task.ID].Photos) != 1 {
			t.Errorf("claims of %d: %+v %v", c.UserID, mine, err)
		}
		ts, err := db.Tasks(ctx, guanjia.TaskFilter{ClaimedBy: c.UserID})
		if err != nil || len(ts) != 1 || ts[0].ID != task.ID {
			t.Errorf("tasks claimed: %v %v", ts, err)
		}
	})
}

// TestRewardStock: stock never goes below zero; a receipt is used once.
func TestRewardStock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 1)
		w := &guanjia.Reward{Name: "洗衣液", Kind: guanjia.RewardGoods, Cost: 30, Stock: 1, Active: true}
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutReward(ctx, w) })
		take := func() bool {
			var ok bool
			mustTx(t, db, func(tx *store.Tx) (err error) { ok, err = tx.TakeReward(ctx, w.ID); return err })
			return ok
		}
		if !take() || take() {
			t.Fatal("took more than the stock")
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return store.ExecForTest(ctx, tx, "UPDATE rewards SET stock = -1 WHERE id = ?", w.ID)
		})
		if err == nil {
			t.Errorf("the schema allows negative stock")
		}
		d := &guanjia.Redemption{Code: "ABCD2345", RewardID: w.ID, UserID: u[0], Cost: 30, Status: guanjia.RedemptionIssued}
		mustTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.CreateRedemption(ctx, d); !ok || err != nil {
				t.Fatalf("create: %v %v", ok, err)
			}
			dup := *d
			dup.ID = 0
			if ok, err := tx.CreateRedemption(ctx, &dup); ok || err != nil {
				t.Errorf("a taken code: %v %v", ok, err)
			}
			return nil
		})
		use := func() bool {
			var ok bool
			mustTx(t, db, func(tx *store.Tx) (err error) { ok, err = tx.UseRedemption(ctx, d.ID, 9, t0); return err })
			return ok
		}
		if !use() || use() {
			t.Errorf("a receipt used twice")
		}
		got, err := db.GetRedemptionByCode(ctx, "ABCD2345")
		if err != nil || got.Status != guanjia.RedemptionUsed || got.UsedBy != 9 || got.RewardName != "洗衣液" {
			t.Errorf("redemption: %+v %v", got, err)
		}
	})
}
