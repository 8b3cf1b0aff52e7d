package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestTownAdministration is the table of who edits which reference data:
// every editing method × an administrator of the county, of Wuzhen and of
// Puyuan × an object of the county (county-wide), of Wuzhen and of Puyuan.
// The county's administrator edits all; a town's edits their own town's,
// is refused county-wide data (403) and does not find another town's
// (404). The catalogue, the calendar, the points rules and the rewards
// catalogue are county-wide only; grids belong to towns only.
func TestTownAdministration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		villages, units := firstOfEachTown(t, a)
		admins := map[string]guanjia.Actor{
			county: actor(t, a, "county-admin"),
			wuzhen: actor(t, a, "admin"),
			puyuan: actor(t, a, "puyuan-admin"),
		}
		edits := map[string]func(by guanjia.Actor, where string) error{
			"category": func(by guanjia.Actor, where string) error {
				if where == county {
					c, _ := a.Category("garbage")
					return a.PutCategory(ctx, by, c)
				}
				return a.PutCategoryOverride(ctx, by, &guanjia.CategoryOverride{Jurisdiction: where, Category: "garbage", Priority: 2})
			},
			"rule": func(by guanjia.Actor, where string) error {
				r := &guanjia.Rule{Category: "garbage", Area: villages[where], Unit: units[where]}
				return a.PutRule(ctx, by, r)
			},
			"replace rule": func(by guanjia.Actor, where string) error {
				r := ruleOf(t, a, villages[where])
				return a.PutRule(ctx, by, &r)
			},
			"calendar": func(by guanjia.Actor, where string) error {
				return a.PutCalendarDay(ctx, by, calendar.Day{Date: "2026-12-31", Kind: calendar.Holiday, Name: "跨年"})
			},
			"grids": func(by guanjia.Actor, where string) error {
				_, err := a.ImportGrids(ctx, by, strings.NewReader(gridJSON(villages[where])))
				return err
			},
			"points rules": func(by guanjia.Actor, where string) error {
				r, err := a.PointRules(ctx)
				if err == nil {
					_, err = a.SetPointRules(ctx, by, *r)
				}
				return err
			},
			"reward": func(by guanjia.Actor, where string) error {
				return a.PutReward(ctx, by, &guanjia.Reward{Name: "雨伞", Kind: guanjia.RewardGoods, Cost: 20, Stock: 5})
			},
			"user": func(by guanjia.Actor, where string) error {
				u := &guanjia.User{Username: fmt.Sprintf("u-%s-%s", by.Jurisdiction, where), Role: guanjia.RoleDispatcher, Jurisdiction: where}
				return a.AddUser(ctx, by, u, "a long enough passphrase 2026")
			},
		}
		countyOnly, townsOnly := map[string]bool{"calendar": true, "points rules": true, "reward": true}, map[string]bool{"grids": true}
		const ok, forbidden, none = "", guanjia.EFORBIDDEN, guanjia.ENOTFOUND
		wants := map[string]map[string]string{ // admin → object → code
			county: {county: ok, wuzhen: ok, puyuan: ok},
			wuzhen: {county: forbidden, wuzhen: ok, puyuan: none},
			puyuan: {county: forbidden, wuzhen: none, puyuan: ok},
		}
		// "replace rule" replaces the rules "rule" makes: in this order.
		order := []string{"category", "rule", "replace rule", "calendar", "grids", "points rules", "reward", "user"}
		if len(order) != len(edits) {
			t.Fatalf("%d edits, %d in order", len(edits), len(order))
		}
		for _, name := range order {
			edit := edits[name]
			t.Run(name, func(t *testing.T) {
				want, got := map[string]map[string]string{}, map[string]map[string]string{}
				for by, objects := range wants {
					want[by], got[by] = map[string]string{}, map[string]string{}
					for where, code := range objects {
						if countyOnly[name] && where != county || townsOnly[name] && where == county {
							continue
						}
						want[by][where] = code
						got[by][where] = guanjia.ErrorCode(edit(admins[by], where))
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("administrator → object's jurisdiction → code (-want +got):\n%s", diff)
				}
			})
		}
		t.Run("move another town's rule in", func(t *testing.T) {
			r := ruleOf(t, a, villages[puyuan])
			r.Area, r.Unit = villages[wuzhen], units[wuzhen]
			if got := guanjia.ErrorCode(a.PutRule(ctx, admins[wuzhen], &r)); got != none {
				t.Errorf("Wuzhen's administrator moving Puyuan's rule to Wuzhen: %q, want %q", got, none)
			}
		})
		t.Run("route to another town's unit", func(t *testing.T) {
			r := &guanjia.Rule{Category: "garbage", Area: villages[wuzhen], Unit: units[puyuan]}
			if got := guanjia.ErrorCode(a.PutRule(ctx, admins[wuzhen], r)); got != guanjia.EUNPROCESSABLE {
				t.Errorf("a Wuzhen rule to Puyuan's unit: %q, want %q", got, guanjia.EUNPROCESSABLE)
			}
		})
		t.Run("list users", func(t *testing.T) {
			us, err := a.UsersFor(ctx, admins[puyuan])
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range us {
				if u.Jurisdiction != puyuan {
					t.Errorf("Puyuan's administrator lists %s of %s", u.Username, u.Jurisdiction)
				}
			}
		})
	})
}

// TestTownNoticeByID: another town's notice is not found by its id, for a
// town's staff and housekeepers alike; the county's staff read it.
func TestTownNoticeByID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		n := &guanjia.Notice{Title: "濮院通知", Body: "本周六开展河道保洁行动。", Scope: guanjia.ScopeTown}
		if err := a.PublishNotice(ctx, actor(t, a, "puyuan-dispatcher"), n); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"puyuan-dispatcher": "", "puyuan-leader": "", "county-dispatcher": "", "county-admin": "",
			"dispatcher": guanjia.ENOTFOUND, "leader": guanjia.ENOTFOUND, "admin": guanjia.ENOTFOUND, "housekeeper": guanjia.ENOTFOUND,
		}
		got := map[string]string{}
		for username := range want {
			_, err := a.Notice(ctx, actor(t, a, username), n.ID)
			got[username] = guanjia.ErrorCode(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reader → code (-want +got):\n%s", diff)
		}
	})
}

// firstOfEachTown returns a village and a unit of each town, and a unit of
// the county under the county's code.
func firstOfEachTown(t *testing.T, a *app.App) (villages, units map[string]string) {
	t.Helper()
	ctx := context.Background()
	vs, err := a.Villages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	us, err := a.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	villages, units = map[string]string{county: ""}, map[string]string{}
	for _, v := range vs {
		if _, ok := villages[v.Jurisdiction]; !ok {
			villages[v.Jurisdiction] = v.Code
		}
	}
	for _, u := range us {
		if _, ok := units[u.Jurisdiction]; !ok && u.Active {
			units[u.Jurisdiction] = u.Code
		}
	}
	return villages, units
}

// ruleOf returns a routing rule of garbage whose area is area, making one
// as the system if there is none.
func ruleOf(t *testing.T, a *app.App, area string) guanjia.Rule {
	t.Helper()
	ctx := context.Background()
	rs, err := a.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Area == area && r.Category == "garbage" {
			return r
		}
	}
	t.Fatalf("no garbage rule for area %q", area)
	return guanjia.Rule{}
}

// gridJSON is a GeoJSON FeatureCollection of one grid of village.
func gridJSON(village string) string {
	return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"` + village + `-G99","name":"新网格","village":"` + village + `"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[120.45,30.70],[120.4501,30.70],[120.4501,30.7001],[120.45,30.70]]]}}]}`
}
