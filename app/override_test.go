package app_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCategoryOverride: Puyuan gives garbage a higher priority and three
// working days to resolve instead of the county's one; Wuzhen inherits the
// county's. Only the town's administrators or the county's may override
// the town's settings.
func TestCategoryOverride(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		override := &guanjia.CategoryOverride{Jurisdiction: puyuan, Category: "garbage", Priority: 2,
			ResolveLimit: guanjia.Limit{N: 3, Unit: guanjia.WorkingDays}}
		admins := []struct {
			name  string
			actor guanjia.Actor
			want  string
		}{
			{"Wuzhen's administrator", guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: wuzhen}, guanjia.ENOTFOUND},
			{"Puyuan's dispatcher", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: puyuan}, guanjia.EFORBIDDEN},
			{"Puyuan's administrator", guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: puyuan}, ""},
			{"the county's administrator", guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: county}, ""},
		}
		for _, ad := range admins {
			if err := a.PutCategoryOverride(ctx, ad.actor, override); guanjia.ErrorCode(err) != ad.want {
				t.Errorf("%s overrides Puyuan's garbage: %v, want %q", ad.name, err, ad.want)
			}
		}
		type limits struct {
			Priority       int
			SignDue        string
			ResolveDueDays int
		}
		got := map[string]limits{}
		for town, p := range map[string][2]float64{wuzhen: {wuzhenLat, wuzhenLng}, puyuan: {puyuanLat, puyuanLng}} {
			c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: p[0], Lng: p[1]}).Case
			handler := guanjia.Actor{Role: guanjia.RoleHandler, Unit: c.Unit, Jurisdiction: town}
			c, err := a.Act(ctx, handler, c.ID, guanjia.Command{Action: guanjia.ActionAccept})
			if err != nil {
				t.Fatal(err)
			}
			got[town] = limits{c.Priority, c.SignDueAt.In(guanjia.TownZone).Format("15:04"), int(c.ResolveDueAt.Sub(t0).Hours() / 24)}
		}
		want := map[string]limits{wuzhen: {3, "11:00", 1}, puyuan: {2, "11:00", 3}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("town → limits (-want +got):\n%s", diff)
		}
	})
}
