package guanjia_test

import (
	"math"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

func TestMayPatrol(t *testing.T) {
	g := guanjia.Grid{Code: "g1", Village: "v1"}
	for _, tc := range []struct {
		name      string
		a         guanjia.Actor
		committee string
		want      bool
	}{
		{"own housekeeper", guanjia.Actor{UserID: 1, Role: guanjia.RoleHousekeeper, Grid: "g1"}, "", true},
		{"other grid's housekeeper", guanjia.Actor{UserID: 1, Role: guanjia.RoleHousekeeper, Grid: "g2"}, "", false},
		{"housekeeper without a grid", guanjia.Actor{UserID: 1, Role: guanjia.RoleHousekeeper}, "", false},
		{"the village's committee", guanjia.Actor{UserID: 2, Role: guanjia.RoleHandler, Unit: "c1"}, "v1", true},
		{"its lead", guanjia.Actor{UserID: 2, Role: guanjia.RoleUnitLead, Unit: "c1"}, "v1", true},
		{"another village's committee", guanjia.Actor{UserID: 2, Role: guanjia.RoleHandler, Unit: "c2"}, "v2", false},
		{"a department's handler", guanjia.Actor{UserID: 2, Role: guanjia.RoleHandler, Unit: "police"}, "", false},
		{"dispatcher", guanjia.Actor{UserID: 3, Role: guanjia.RoleDispatcher}, "", false},
		{"resident", guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Grid: "g1"}, "", false},
	} {
		if got := guanjia.MayPatrol(tc.a, g, tc.committee); got != tc.want {
			t.Errorf("%s: MayPatrol = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMaySeePatrols(t *testing.T) {
	for _, tc := range []struct {
		name      string
		a         guanjia.Actor
		committee string
		want      bool
	}{
		{"town dispatcher", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: "t1"}, "", true},
		{"another town's dispatcher", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: "t2"}, "", false},
		{"county leader", guanjia.Actor{Role: guanjia.RoleLeader}, "", true},
		{"the village's committee", guanjia.Actor{Role: guanjia.RoleUnitLead}, "v1", true},
		{"another committee", guanjia.Actor{Role: guanjia.RoleUnitLead}, "v2", false},
		{"housekeeper", guanjia.Actor{Role: guanjia.RoleHousekeeper, Grid: "g1"}, "", false},
	} {
		if got := guanjia.MaySeePatrols(tc.a, "v1", "t1", tc.committee); got != tc.want {
			t.Errorf("%s: MaySeePatrols = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheckPatrolPlace(t *testing.T) {
	for _, tc := range []struct {
		name              string
		lat, lng, outside float64
		want              string
	}{
		{"inside", 30.7, 120.5, 0, ""},
		{"just outside", 30.7, 120.5, guanjia.PatrolTolerance - 1, ""},
		{"at the tolerance", 30.7, 120.5, guanjia.PatrolTolerance, ""},
		{"too far out", 30.7, 120.5, guanjia.PatrolTolerance + 1, guanjia.EUNPROCESSABLE},
		{"no position", 0, 0, 0, guanjia.EINVALID},
		{"off the Earth", 91, 120.5, 0, guanjia.EINVALID},
	} {
		if got := guanjia.ErrorCode(guanjia.CheckPatrolPlace(tc.lat, tc.lng, tc.outside)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNearestPointAndVisited(t *testing.T) {
	flat := func(lat1, lng1, lat2, lng2 float64) float64 { return math.Hypot(lat2-lat1, lng2-lng1) * 100000 }
	pts := []guanjia.PatrolPoint{{Code: "P1", Lat: 0, Lng: 0}, {Code: "P2", Lat: 0, Lng: 0.001}}
	for _, tc := range []struct {
		lat, lng float64
		want     string
	}{{0, 0.0001, "P1"}, {0, 0.0009, "P2"}, {0, 0.0004, "P1"}, {0.01, 0, ""}} {
		if got := guanjia.NearestPoint(pts, tc.lat, tc.lng, flat); got != tc.want {
			t.Errorf("(%v, %v): nearest %q, want %q", tc.lat, tc.lng, got, tc.want)
		}
	}
	cs := []guanjia.PatrolCheckin{{Point: "P1"}, {Point: "P1"}, {Point: ""}, {Point: "P2"}}
	if n := guanjia.Visited(cs); n != 2 {
		t.Errorf("visited %d, want 2", n)
	}
}

func TestCheckFinding(t *testing.T) {
	long := make([]rune, guanjia.MaxDescription+1)
	for i := range long {
		long[i] = '字'
	}
	for _, tc := range []struct {
		name string
		f    guanjia.PatrolFinding
		want string
	}{
		{"words", guanjia.PatrolFinding{Note: " 井盖缺失 ", Category: "road"}, ""},
		{"a photo", guanjia.PatrolFinding{Photos: []string{"abc"}, Category: "road"}, ""},
		{"nothing", guanjia.PatrolFinding{Note: "  ", Category: "road"}, guanjia.EINVALID},
		{"too long", guanjia.PatrolFinding{Note: string(long)}, guanjia.EINVALID},
		{"control characters", guanjia.PatrolFinding{Note: "a\x00b"}, guanjia.EINVALID},
	} {
		if got := guanjia.ErrorCode(guanjia.CheckFinding(&tc.f)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPatrolCoverageOf(t *testing.T) {
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, guanjia.TownZone)
	g := guanjia.Grid{Code: "g1", Village: "v1"}
	ps := []*guanjia.Patrol{
		{Grid: "g1", StartedAt: day, Checkins: []guanjia.PatrolCheckin{{Point: "P1"}, {Point: "P2"}},
			Findings: []guanjia.PatrolFinding{{CaseID: 7}, {}}},
		{Grid: "g1", StartedAt: day.AddDate(0, 0, 3), Checkins: []guanjia.PatrolCheckin{{Point: "P2"}, {Point: "P3"}, {}}},
		{Grid: "g2", StartedAt: day.AddDate(0, 0, 5), Checkins: []guanjia.PatrolCheckin{{Point: "P9"}}},
	}
	got := guanjia.PatrolCoverageOf(g, 6, ps, 2)
	if got.Patrols != 2 || got.PerWeek != 1 || got.Visited != 3 || got.Share != 0.5 || got.FindingsToCase != 1 || got.OpenFindings != 1 {
		t.Errorf("coverage %+v", got)
	}
	if got.LastPatrolAt == nil || !got.LastPatrolAt.Equal(day.AddDate(0, 0, 3)) {
		t.Errorf("last patrol at %v", got.LastPatrolAt)
	}
	if none := guanjia.PatrolCoverageOf(guanjia.Grid{Code: "g3"}, 0, ps, 2); none.Patrols != 0 || none.Share != 0 || none.LastPatrolAt != nil {
		t.Errorf("an unwalked grid: %+v", none)
	}
}

func TestMayWorkOnPatrol(t *testing.T) {
	p := &guanjia.Patrol{UserID: 1, Status: guanjia.PatrolActive}
	if err := guanjia.MayWorkOnPatrol(guanjia.Actor{UserID: 1}, p); err != nil {
		t.Errorf("the walker: %v", err)
	}
	if c := guanjia.ErrorCode(guanjia.MayWorkOnPatrol(guanjia.Actor{UserID: 2}, p)); c != guanjia.EFORBIDDEN {
		t.Errorf("someone else: %q", c)
	}
	p.Status = guanjia.PatrolEnded
	if c := guanjia.ErrorCode(guanjia.MayWorkOnPatrol(guanjia.Actor{UserID: 1}, p)); c != guanjia.ECONFLICT {
		t.Errorf("an ended patrol: %q", c)
	}
}
