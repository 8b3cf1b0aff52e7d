package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestJurisdictions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		isWuzhen := func(j guanjia.Jurisdiction) bool { return j.Code == wuzhen }
		j := find(mustList(t, db.Jurisdictions), isWuzhen)
		j.NameEN = "Wuzhen Town"
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutJurisdiction(ctx, &j) })
		all := mustList(t, db.Jurisdictions)
		if diff := cmp.Diff(j, find(all, isWuzhen)); diff != "" {
			t.Errorf("after put (-want +got):\n%s", diff)
		}
		if len(all) != 2 || all[0].Code != tongxiang {
			t.Errorf("Jurisdictions() = %v", all)
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: "330483101", Prefix: "WZ"})
		})
		wantCode(t, err, guanjia.ECONFLICT)
	})
}

func TestUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		want := []guanjia.Unit{
			{Code: "cg", NameZH: "城管中队", NameEN: "Urban management", Kind: guanjia.UnitDepartment, Jurisdiction: wuzhen, Phone: "0573-1", Active: true},
			{Code: "xz", NameZH: "西栅社区", Kind: guanjia.UnitCommittee, Jurisdiction: wuzhen, Village: "330483100001"},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range want {
				if err := tx.PutUnit(ctx, &want[i]); err != nil {
					return err
				}
			}
			want[1].Active = true
			return tx.PutUnit(ctx, &want[1]) // upsert
		})
		got, err := db.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Units() (-want +got):\n%s", diff)
		}
	})
}

func TestVillagesAndGrids(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		villages := []guanjia.Village{
			{Code: "330483100001", Name: "西栅社区", NameEN: "Xizha", Kind: "community", Jurisdiction: wuzhen, Households: 812, Lat: 30.74, Lng: 120.48},
			{Code: "330483100201", Name: "红旗村", Kind: "village", Jurisdiction: wuzhen, Households: 400},
		}
		geometry := `{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.74]]]}`
		grids := []guanjia.Grid{
			{Code: "g01", Name: "西栅一网格", Village: "330483100001", Households: 120, Geometry: []byte(geometry), Synthetic: true},
			{Code: "g02", Name: "西栅二网格", Village: "330483100001"},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range villages {
				if err := tx.PutVillage(ctx, &villages[i]); err != nil {
					return err
				}
			}
			for i := range grids {
				if err := tx.PutGrid(ctx, &grids[i]); err != nil {
					return err
				}
			}
			return nil
		})
		gotV, err := db.Villages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(villages, gotV); diff != "" {
			t.Errorf("Villages() (-want +got):\n%s", diff)
		}
		gotG, err := db.Grids(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(grids, gotG); diff != "" {
			t.Errorf("Grids() (-want +got):\n%s", diff)
		}
		g, err := db.GetGrid(ctx, "g01")
		if err != nil || string(g.Geometry) != geometry {
			t.Errorf("GetGrid(g01) geometry = %s, %v; want it as given", g.Geometry, err)
		}
		_, err = db.GetGrid(ctx, "g99")
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}
