package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// mustUsers creates n residents and returns their ids.
func mustUsers(t testing.TB, db *store.DB, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	mustTx(t, db, func(tx *store.Tx) error {
		for i := range ids {
			u := &guanjia.User{Username: fmt.Sprintf("u%d-%d", time.Now().UnixNano(), i), Name: fmt.Sprintf("居民%d", i), Role: guanjia.RoleResident}
			if err := tx.CreateUser(context.Background(), u); err != nil {
				return err
			}
			ids[i] = u.ID
		}
		return nil
	})
	return ids
}

// newKeeper returns an approved housekeeper record for a user.
func newKeeper(user int64, grid string, lat, lng float64) *guanjia.Housekeeper {
	return &guanjia.Housekeeper{UserID: user, Name: "管家", Phone: "13900000000", Occupation: guanjia.OccupationCourier,
		Grid: grid, Village: "v-" + grid, Households: 10, Lat: lat, Lng: lng, Status: guanjia.HousekeeperApproved,
		CreatedAt: t0, UpdatedAt: t0}
}

func TestHousekeepers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		users := mustUsers(t, db, 4)
		hs := []*guanjia.Housekeeper{
			newKeeper(users[0], "g1", 30.745, 120.487),
			newKeeper(users[1], "g1", 30.746, 120.488),
			newKeeper(users[2], "g2", 30.760, 120.500),
			newKeeper(users[3], "g2", 30.760, 120.500),
		}
		hs[3].Status = guanjia.HousekeeperPending
		mustTx(t, db, func(tx *store.Tx) error {
			for _, h := range hs {
				if err := tx.CreateHousekeeper(ctx, h); err != nil {
					return err
				}
			}
			return nil
		})
		err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateHousekeeper(ctx, newKeeper(users[0], "g3", 0, 0)) })
		wantCode(t, err, guanjia.ECONFLICT)

		got, err := db.GetHousekeeperByUser(ctx, users[1])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(hs[1], got); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		_, err = db.GetHousekeeperByUser(ctx, 999999)
		wantCode(t, err, guanjia.ENOTFOUND)

		// A stale write conflicts.
		h := *got
		h.Households, h.Version = 20, 2
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateHousekeeper(ctx, &h, 1) })
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateHousekeeper(ctx, &h, 1) }), guanjia.ECONFLICT)

		ids := func(f guanjia.HousekeeperFilter) []int64 {
			hs, err := db.Housekeepers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, h := range hs {
				out = append(out, h.UserID)
			}
			return out
		}
		g2, pending := "g2", []guanjia.HousekeeperStatus{guanjia.HousekeeperPending}
		for name, tt := range map[string]struct {
			f    guanjia.HousekeeperFilter
			want []int64
		}{
			"all":          {guanjia.HousekeeperFilter{}, users},
			"grid":         {guanjia.HousekeeperFilter{Grid: &g2}, users[2:]},
			"pending":      {guanjia.HousekeeperFilter{Status: pending}, users[3:]},
			"near":         {guanjia.HousekeeperFilter{Near: &guanjia.Circle{Lat: 30.745, Lng: 120.487, Radius: 200}}, users[:2]},
			"near, narrow": {guanjia.HousekeeperFilter{Near: &guanjia.Circle{Lat: 30.745, Lng: 120.487, Radius: 50}}, users[:1]},
			"paged":        {guanjia.HousekeeperFilter{After: hs[1].ID, Limit: 1}, users[2:3]},
		} {
			if diff := cmp.Diff(tt.want, ids(tt.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
		counts, err := db.HousekeepersByGrid(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]store.GridHousekeepers{"g1": {Housekeepers: 2, Households: 30}, "g2": {Housekeepers: 1, Households: 10}}
		if diff := cmp.Diff(want, counts); diff != "" {
			t.Errorf("by grid (-want +got):\n%s", diff)
		}
	})
}
