package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestCategories(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		want := []guanjia.Category{
			{Code: "road", NameZH: "道路", Sort: 1, Active: true},
			{Code: "garbage", NameZH: "垃圾", NameEN: "Garbage", Group: "environment", DescriptionZH: "垃圾堆放",
				DescriptionEN: "Dumped rubbish", Keywords: []string{"垃圾", "rubbish"}, Icon: "trash", Priority: 3,
				SignLimit: guanjia.Limit{N: 2, Unit: guanjia.WorkingHours}, ResolveLimit: guanjia.Limit{N: 3, Unit: guanjia.WorkingDays},
				AutoDispatch: true, Active: true, Sort: 2,
				Attributes: []guanjia.Attribute{{Code: "kind", Datatype: guanjia.TypeSingleValueList, Required: true,
					Variable: true, Order: 1, DescriptionZH: "种类", DescriptionEN: "Kind",
					Values: []guanjia.AttributeValue{{Key: "kitchen", NameZH: "厨余", NameEN: "Kitchen"}}}}},
			{Code: "noise", NameZH: "噪音", Sort: 2},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range want {
				if err := tx.PutCategory(ctx, &want[i]); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := db.Categories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, withoutMigrated(got), equateEmpty); diff != "" {
			t.Errorf("Categories() (-want +got):\n%s", diff)
		}
		// Upsert by code.
		c := want[1]
		c.Keywords, c.Active = nil, false
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutCategory(ctx, &c) })
		one := find(mustList(t, db.Categories), func(c guanjia.Category) bool { return c.Code == "garbage" })
		if diff := cmp.Diff(c, one, equateEmpty); diff != "" {
			t.Errorf("Categories() after upsert (-want +got):\n%s", diff)
		}
	})
}

func TestRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		rules := []guanjia.Rule{
			{Category: "garbage", Area: "", Unit: "cg"},
			{Category: "garbage", Area: "g01", Unit: "xz"},
			{Category: "road", Area: wuzhen, Unit: "jt"},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range rules {
				if err := tx.PutRule(ctx, &rules[i]); err != nil {
					return err
				}
			}
			// The same category and area replaces the unit, keeping the ID.
			again := guanjia.Rule{Category: "garbage", Area: "", Unit: "hw"}
			if err := tx.PutRule(ctx, &again); err != nil {
				return err
			}
			if again.ID != rules[0].ID {
				t.Errorf("upserted rule ID %d, want %d", again.ID, rules[0].ID)
			}
			rules[0].Unit, rules[0].Version = "hw", again.Version // a change of that rule
			// Editing a rule into another's place conflicts.
			clash := rules[2]
			clash.Category, clash.Area = "garbage", "g01"
			wantCode(t, tx.PutRule(ctx, &clash), guanjia.ECONFLICT)
			wantCode(t, tx.PutRule(ctx, &guanjia.Rule{ID: 999, Category: "x", Unit: "y"}), guanjia.ENOTFOUND)
			wantCode(t, tx.PutRule(ctx, &guanjia.Rule{Category: "x"}), guanjia.EINVALID)
			rules[2].Area = "330483100201"
			return tx.PutRule(ctx, &rules[2])
		})
		got, err := db.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rules, got); diff != "" {
			t.Errorf("Rules() (-want +got):\n%s", diff)
		}
	})
}

// withoutMigrated drops the categories the migrations themselves add (the
// B&B rectification cases' two, inactive), leaving those a test put.
func withoutMigrated(cs []guanjia.Category) []guanjia.Category {
	var out []guanjia.Category
	for _, c := range cs {
		if c.Code != guanjia.CategoryRectify && c.Code != guanjia.CategoryRectifyUrgent {
			out = append(out, c)
		}
	}
	return out
}
