package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// Points in two towns of the demo county.
const (
	wuzhenLat, wuzhenLng = 30.7452, 120.4871
	puyuanLat, puyuanLng = 30.64, 120.42
)

var (
	wuzhen, puyuan, county = demo.Town.Code, demo.Towns[0].Code, demo.County.Code
)

// TestTownReach is the table of who reaches which town's case, for every
// way to a case: read, its timeline, by number, an action, and lists and
// counts. A town's staff reach their town only, and another town's case is
// not found (404, not 403: they learn nothing of it); county staff reach
// every town; the public sees every town's public view.
func TestTownReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		cases := map[string]*guanjia.Case{
			wuzhen: mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case,
			puyuan: mustReport(t, a, guanjia.Report{Category: "garbage", Lat: puyuanLat, Lng: puyuanLng}).Case,
		}
		staff := func(role guanjia.Role, town, unit string) guanjia.Actor {
			return guanjia.Actor{Name: string(role) + "@" + town, Role: role, Jurisdiction: town, Unit: unit}
		}
		const ok, none, refused = "", guanjia.ENOTFOUND, guanjia.EFORBIDDEN
		tests := []struct {
			name  string
			actor guanjia.Actor
			want  map[string]string // town → the code every way to its case answers
		}{
			{"Wuzhen's dispatcher", staff(guanjia.RoleDispatcher, wuzhen, ""), map[string]string{wuzhen: ok, puyuan: none}},
			{"Puyuan's dispatcher", staff(guanjia.RoleDispatcher, puyuan, ""), map[string]string{wuzhen: none, puyuan: ok}},
			{"Wuzhen's leader", staff(guanjia.RoleLeader, wuzhen, ""), map[string]string{wuzhen: ok, puyuan: none}},
			{"Wuzhen's administrator", staff(guanjia.RoleAdmin, wuzhen, ""), map[string]string{wuzhen: ok, puyuan: none}},
			{"Wuzhen's sanitation handler", staff(guanjia.RoleHandler, wuzhen, "sanitation"), map[string]string{wuzhen: ok, puyuan: none}},
			{"Puyuan's sanitation lead", staff(guanjia.RoleUnitLead, puyuan, "puyuan-sanitation"), map[string]string{wuzhen: none, puyuan: ok}},
			{"the county's dispatcher", staff(guanjia.RoleDispatcher, county, ""), map[string]string{wuzhen: ok, puyuan: ok}},
			{"the county's leader", staff(guanjia.RoleLeader, county, ""), map[string]string{wuzhen: ok, puyuan: ok}},
			{"a resident of Puyuan", guanjia.Actor{UserID: 99, Role: guanjia.RoleResident, Jurisdiction: puyuan}, map[string]string{wuzhen: refused, puyuan: refused}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := map[string]map[string]string{}
				for town, c := range cases {
					got[town] = reach(ctx, a, tt.actor, c)
				}
				want := map[string]map[string]string{}
				for town, code := range tt.want {
					want[town] = map[string]string{"read": code, "timeline": code, "number": code, "comment": code, "listed": code}
					if code == refused { // the public view is for everyone
						want[town] = map[string]string{"read": ok, "timeline": ok, "number": ok, "comment": refused, "listed": ok}
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("town → way → code (-want +got):\n%s", diff)
				}
			})
		}
	})
}

// reach tries every way to case c as actor and says what each answered:
// "" for success, else the error's code; "listed" is not_found when the
// case is missing from the actor's list or count of cases.
func reach(ctx context.Context, a *app.App, actor guanjia.Actor, c *guanjia.Case) map[string]string {
	out := map[string]string{}
	_, err := a.Case(ctx, actor, c.ID)
	out["read"] = guanjia.ErrorCode(err)
	_, err = a.Timeline(ctx, actor, c.ID)
	out["timeline"] = guanjia.ErrorCode(err)
	_, err = a.CaseByNumber(ctx, actor, c.Number)
	out["number"] = guanjia.ErrorCode(err)
	_, err = a.Act(ctx, actor, c.ID, guanjia.Command{Action: guanjia.ActionComment, Note: "看一下"})
	out["comment"] = guanjia.ErrorCode(err)
	listed, _, err := a.FindCases(ctx, actor, guanjia.CaseFilter{Jurisdiction: &c.Jurisdiction})
	counts, cerr := a.CountCases(ctx, actor, guanjia.CaseFilter{Jurisdiction: &c.Jurisdiction})
	out["listed"] = guanjia.ErrorCode(err)
	if err == nil && cerr == nil && (len(listed) != 1 || listed[0].ID != c.ID || counts[c.Status] != 1) {
		out["listed"] = guanjia.ENOTFOUND
	}
	return out
}

// TestReferToCounty: Wuzhen's dispatcher hands a case up; the county's
// dispatcher finds it among the referred cases and dispatches it to a
// county department, whose handler signs for and resolves it under the
// same loop; Wuzhen follows its progress but may no longer dispatch it,
// Puyuan does not find it at all, and no town dispatches to another
// town's units.
func TestReferToCounty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		c := mustReport(t, a, guanjia.Report{Category: "other", Lat: wuzhenLat, Lng: wuzhenLng}).Case
		wz := guanjia.Actor{Name: "王丽", Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}
		py := guanjia.Actor{Name: "濮院", Role: guanjia.RoleDispatcher, Jurisdiction: puyuan}
		cd := guanjia.Actor{Name: "县指挥中心", Role: guanjia.RoleDispatcher, Jurisdiction: county}
		housing := guanjia.Actor{Name: "住建局", Role: guanjia.RoleHandler, Unit: "county-housing", Jurisdiction: county}
		yes := true
		steps := []struct {
			name  string
			actor guanjia.Actor
			cmd   guanjia.Command
			want  string
		}{
			{"Wuzhen may not dispatch to Puyuan's units", wz, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "puyuan-urban"}, guanjia.EUNPROCESSABLE},
			{"Puyuan may not refer Wuzhen's case", py, guanjia.Command{Action: guanjia.ActionRefer, Reason: "?"}, guanjia.ENOTFOUND},
			{"Wuzhen refers it", wz, guanjia.Command{Action: guanjia.ActionRefer, Reason: "涉及住建部门，镇级无法处置"}, ""},
			{"Wuzhen may no longer dispatch it", wz, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "urban"}, guanjia.EFORBIDDEN},
			{"the county dispatches it to housing", cd, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "county-housing"}, ""},
			{"housing signs for it", housing, guanjia.Command{Action: guanjia.ActionAccept}, ""},
			{"housing resolves it", housing, guanjia.Command{Action: guanjia.ActionResolve, Note: "已协调施工单位整改"}, ""},
			{"Wuzhen's dispatcher confirms the fix", wz, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}, ""},
		}
		for _, s := range steps {
			_, err := a.Act(ctx, s.actor, c.ID, s.cmd)
			if code := guanjia.ErrorCode(err); code != s.want {
				t.Fatalf("%s: %v, want %q", s.name, err, s.want)
			}
			if s.cmd.Action == guanjia.ActionRefer && err == nil {
				referred := true
				list, _, err := a.FindCases(ctx, cd, guanjia.CaseFilter{Referred: &referred})
				if err != nil || len(list) != 1 || list[0].ID != c.ID {
					t.Fatalf("the county's referred cases: %v %v", list, err)
				}
			}
		}
		got, events, err := a.CaseTimeline(ctx, wz, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []guanjia.Action
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		want := []guanjia.Action{guanjia.ActionReport, guanjia.ActionRefer, guanjia.ActionDispatch,
			guanjia.ActionAccept, guanjia.ActionResolve, guanjia.ActionVerify}
		if diff := cmp.Diff(want, actions); diff != "" || got.Status != guanjia.StatusClosed || got.Unit != "county-housing" || !got.Referred {
			t.Errorf("Wuzhen sees %s with %s, referred %v; timeline (-want +got):\n%s", got.Status, got.Unit, got.Referred, diff)
		}
	})
}

// TestTownHousekeepers: a town's command center sees its own town's
// housekeepers (the demo gives Puyuan and Chongfu three each), the
// county's sees them all.
func TestTownHousekeepers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		got := map[string]int{}
		for _, town := range []string{wuzhen, puyuan, county} {
			hs, err := a.Housekeepers(context.Background(), guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: town},
				guanjia.HousekeeperFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got[town] = len(hs)
		}
		if got[wuzhen] == 0 || got[puyuan] != 3 || got[county] != got[wuzhen]+got[puyuan]+3 {
			t.Errorf("housekeepers seen by each command center: %v", got)
		}
	})
}

// TestTownTasks: a task Puyuan's command center publishes is seen in
// Puyuan and by the county, not by Wuzhen's staff or housekeepers; one the
// county publishes is seen in every town.
func TestTownTasks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		for _, by := range []string{"puyuan-dispatcher", "county-dispatcher"} {
			publish(t, a, actor(t, a, by), guanjia.Task{Title: by, Kind: guanjia.TaskTraffic,
				StartsAt: t0.Add(24 * time.Hour), EndsAt: t0.Add(28 * time.Hour), Needed: 5, Points: 20})
		}
		got := map[string][]string{}
		for _, who := range []string{"dispatcher", "housekeeper", "puyuan-dispatcher", "county-leader"} {
			ts, err := a.Tasks(ctx, actor(t, a, who), app.TaskQuery{})
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range ts {
				got[who] = append(got[who], task.Title)
			}
		}
		want := map[string][]string{
			"dispatcher":        {"county-dispatcher"},
			"housekeeper":       {"county-dispatcher"},
			"puyuan-dispatcher": {"puyuan-dispatcher", "county-dispatcher"},
			"county-leader":     {"puyuan-dispatcher", "county-dispatcher"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("who sees which task (-want +got):\n%s", diff)
		}
	})
}

// TestTownNotices: a notice to the whole town reaches that town's
// housekeepers only (Puyuan's three in the demo, Wuzhen's all of theirs),
// and each town's command center lists its own notices.
func TestTownNotices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		recipients, listed := map[string]int{}, map[string][]string{}
		for _, by := range []string{"dispatcher", "puyuan-dispatcher"} {
			n := &guanjia.Notice{Title: by, Body: "本周六开展河道保洁行动。", Scope: guanjia.ScopeTown}
			if err := a.PublishNotice(ctx, actor(t, a, by), n); err != nil {
				t.Fatal(err)
			}
			recipients[by] = n.Recipients
		}
		for _, by := range []string{"dispatcher", "puyuan-dispatcher"} {
			ns, err := a.Notices(ctx, actor(t, a, by))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range ns {
				listed[by] = append(listed[by], n.Title)
			}
		}
		if recipients["dispatcher"] < 3 || recipients["puyuan-dispatcher"] != 3 {
			t.Errorf("recipients of each town's notice: %v", recipients)
		}
		want := map[string][]string{"dispatcher": {"dispatcher"}, "puyuan-dispatcher": {"puyuan-dispatcher"}}
		if diff := cmp.Diff(want, listed); diff != "" {
			t.Errorf("who lists which notice (-want +got):\n%s", diff)
		}
	})
}
