package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestRecordVersion: of concurrent edits of one B&B made against the same
// version, from two handles on one database, exactly one is written and
// the others are refused (ECONFLICT); a redemption's taking of a reward's
// stock refuses an edit of the catalogue made before it, which would put
// the stock back; events and channels refuse edits against an older
// version too.
func TestRecordVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dbs := []*store.DB{newDB(t, dsn), newDB(t, dsn)}
		b := &guanjia.BnB{Jurisdiction: wuzhen, Name: "民宿", Status: "operating", CreatedAt: t0, UpdatedAt: t0}
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			u := &guanjia.User{Username: "owner", Role: guanjia.RoleOwner, Jurisdiction: wuzhen}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			b.OwnerID = u.ID
			return tx.CreateBnB(ctx, b)
		})
		const editors = 6
		errs := make([]error, editors)
		var wg sync.WaitGroup
		for i := range editors {
			wg.Go(func() {
				edit := *b
				edit.Name = fmt.Sprintf("民宿 %d", i)
				errs[i] = dbs[i%2].Tx(ctx, func(tx *store.Tx) error { return tx.UpdateBnB(ctx, &edit) })
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch guanjia.ErrorCode(err) {
			case "":
				if won >= 0 {
					t.Fatalf("editors %d and %d both written against version 1", won, i)
				}
				won = i
			case guanjia.ECONFLICT:
			default:
				t.Fatalf("editor %d: %v", i, err)
			}
		}
		got, err := dbs[0].GetBnB(ctx, b.ID)
		if err != nil || won < 0 || got.Version != 2 || got.Name != fmt.Sprintf("民宿 %d", won) {
			t.Fatalf("after the edits: %+v, %v; the winner %d", got, err, won)
		}

		w := &guanjia.Reward{Name: "雨伞", Kind: guanjia.RewardGoods, Cost: 20, Stock: 5, Active: true}
		mustTx(t, dbs[0], func(tx *store.Tx) error { return tx.PutReward(ctx, w) })
		stale := *w
		mustTx(t, dbs[1], func(tx *store.Tx) error {
			_, err := tx.TakeReward(ctx, w.ID)
			return err
		})
		stale.Name = "大雨伞"
		wantCode(t, dbs[0].Tx(ctx, func(tx *store.Tx) error { return tx.PutReward(ctx, &stale) }), guanjia.ECONFLICT)
		if got, err := dbs[0].GetReward(ctx, w.ID); err != nil || got.Stock != 4 || got.Version != 2 || got.Name != "雨伞" {
			t.Fatalf("the reward after a stale edit: %+v, %v", got, err)
		}

		c := &guanjia.Conference{Jurisdiction: wuzhen, Name: "戏剧节", Start: t0, End: t0, SetupFrom: t0, TeardownUntil: t0,
			CreatedAt: t0, UpdatedAt: t0}
		ch := &guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", URL: "https://example.org/hook", Active: true}
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			if err := tx.CreateConference(ctx, c); err != nil {
				return err
			}
			return tx.PutChannel(ctx, ch)
		})
		oldC, oldCh := *c, *ch
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			if err := tx.UpdateConference(ctx, c); err != nil {
				return err
			}
			return tx.PutChannel(ctx, ch)
		})
		if c.Version != 2 || ch.Version != 2 {
			t.Fatalf("versions after an edit: event %d, channel %d; want 2", c.Version, ch.Version)
		}
		wantCode(t, dbs[1].Tx(ctx, func(tx *store.Tx) error { return tx.UpdateConference(ctx, &oldC) }), guanjia.ECONFLICT)
		wantCode(t, dbs[1].Tx(ctx, func(tx *store.Tx) error { return tx.PutChannel(ctx, &oldCh) }), guanjia.ECONFLICT)
	})
}
