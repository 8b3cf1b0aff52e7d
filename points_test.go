package guanjia_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// ev builds a timeline event: id, action, actor id and role, status after.
func ev(id int64, a guanjia.Action, actor int64, role guanjia.Role, to guanjia.Status, data map[string]any) guanjia.Event {
	return guanjia.Event{ID: id, Action: a, ActorID: actor, ActorRole: role, To: to, At: t0, Data: data}
}

var (
	hk       = guanjia.RoleHousekeeper
	fixedYes = map[string]any{"fixed": true, "satisfaction": 5}
	fixedNo  = map[string]any{"fixed": false}
)

// Timelines: reporter 8 (a housekeeper unless said), handler 4, other
// housekeeper 9, dispatcher 1, resident 10.
var (
	reported   = ev(1, guanjia.ActionReport, 8, hk, guanjia.StatusNew, nil)
	byResident = ev(1, guanjia.ActionReport, 10, guanjia.RoleResident, guanjia.StatusNew, nil)
	dispatched = ev(2, guanjia.ActionDispatch, 0, guanjia.RoleSystem, guanjia.StatusDispatched, nil)
	accepted   = ev(3, guanjia.ActionAccept, 4, guanjia.RoleHandler, guanjia.StatusAccepted, nil)
	resolved   = ev(4, guanjia.ActionResolve, 4, guanjia.RoleHandler, guanjia.StatusResolved, nil)
	handled    = ev(3, guanjia.ActionHandle, 8, hk, guanjia.StatusResolved, map[string]any{"on_spot": true})
)

func award(user int64, k guanjia.PointKind, evidence, approvedBy int64) guanjia.Award {
	return guanjia.Award{UserID: user, Kind: k, EvidenceID: evidence, ApprovedBy: approvedBy, At: t0}
}

// TestCaseAwards: points follow only verified outcomes.
func TestCaseAwards(t *testing.T) {
	tests := []struct {
		name     string
		timeline []guanjia.Event // the last event is the one judged
		want     []guanjia.Award
	}{
		{"reporter confirms the unit's fix", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 8, hk, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(8, guanjia.PointsReport, 5, 8)}},
		{"another housekeeper confirms", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 9, hk, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(8, guanjia.PointsReport, 5, 9), award(9, guanjia.PointsVerify, 5, 9)}},
		{"the dispatcher confirms", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 1, guanjia.RoleDispatcher, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(8, guanjia.PointsReport, 5, 1)}},
		{"a housekeeper finds it not fixed", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 9, hk, guanjia.StatusAccepted, fixedNo)},
			[]guanjia.Award{award(9, guanjia.PointsVerify, 5, 9)}},
		{"the reporter finds it not fixed", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 8, hk, guanjia.StatusAccepted, fixedNo)}, nil},
		{"a resident's report: only the checking housekeeper", []guanjia.Event{byResident, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 9, hk, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(9, guanjia.PointsVerify, 5, 9)}},
		{"closed without an answer", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionClose, 0, guanjia.RoleSystem, guanjia.StatusClosed, map[string]any{"auto": true})}, nil},
		{"rejected", []guanjia.Event{reported, ev(2, guanjia.ActionReject, 1, guanjia.RoleDispatcher, guanjia.StatusRejected, nil)}, nil},
		{"merged", []guanjia.Event{reported, ev(2, guanjia.ActionMerge, 1, guanjia.RoleDispatcher, guanjia.StatusMerged, nil)}, nil},
		{"handled on the spot, confirmed by another housekeeper", []guanjia.Event{reported, dispatched, handled,
			ev(4, guanjia.ActionVerify, 9, hk, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(8, guanjia.PointsOnSpot, 4, 9), award(9, guanjia.PointsVerify, 4, 9)}},
		{"handled on the spot, confirmed by staff", []guanjia.Event{reported, handled,
			ev(4, guanjia.ActionVerify, 2, guanjia.RoleAdmin, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(8, guanjia.PointsOnSpot, 4, 2)}},
		{"handled on the spot, self-confirmed (refused upstream) earns nothing", []guanjia.Event{reported, handled,
			ev(4, guanjia.ActionVerify, 8, hk, guanjia.StatusClosed, fixedYes)}, nil},
		{"after a reopening, the new round was never accepted", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionVerify, 8, hk, guanjia.StatusClosed, fixedYes),
			ev(6, guanjia.ActionReopen, 1, guanjia.RoleDispatcher, guanjia.StatusNew, nil),
			ev(7, guanjia.ActionVerify, 9, hk, guanjia.StatusClosed, fixedYes)},
			[]guanjia.Award{award(9, guanjia.PointsVerify, 7, 9)}},
		{"not a verification", []guanjia.Event{reported, dispatched, accepted}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := guanjia.CaseAwards(tt.timeline, len(tt.timeline)-1)
			for i := range got {
				got[i].Reason = ""
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("awards (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReopenedClosure(t *testing.T) {
	closed := ev(5, guanjia.ActionVerify, 8, hk, guanjia.StatusClosed, fixedYes)
	reopen := ev(9, guanjia.ActionReopen, 1, guanjia.RoleDispatcher, guanjia.StatusNew, nil)
	tests := []struct {
		name     string
		timeline []guanjia.Event
		want     int64
	}{
		{"closed by a verification", []guanjia.Event{reported, dispatched, accepted, resolved, closed, reopen}, 5},
		{"closed without an answer", []guanjia.Event{reported, dispatched, accepted, resolved,
			ev(5, guanjia.ActionClose, 0, guanjia.RoleSystem, guanjia.StatusClosed, nil), reopen}, 0},
		{"rejected", []guanjia.Event{reported, ev(2, guanjia.ActionReject, 1, guanjia.RoleDispatcher, guanjia.StatusRejected, nil), reopen}, 0},
		{"not a reopening", []guanjia.Event{reported, dispatched, accepted, resolved, closed}, 0},
	}
	for _, tt := range tests {
		if got := guanjia.ReopenedClosure(tt.timeline, len(tt.timeline)-1); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestAllow: caps per kind and in all hold, and count every award of the day.
func TestAllow(t *testing.T) {
	r := guanjia.DefaultPointRules() // report 5 capped at 30, 120 a day in all
	tests := []struct {
		kind                  guanjia.PointKind
		amount, ofKind, total int
		want                  int
	}{
		{guanjia.PointsReport, 5, 0, 0, 5},
		{guanjia.PointsReport, 5, 25, 25, 5},
		{guanjia.PointsReport, 5, 28, 28, 2},
		{guanjia.PointsReport, 5, 30, 30, 0},
		{guanjia.PointsReport, 5, 40, 40, 0},
		{guanjia.PointsTask, 50, 0, 100, 20},
		{guanjia.PointsTask, 50, 80, 80, 20},
		{guanjia.PointsVerify, 2, 0, 120, 0},
	}
	for _, tt := range tests {
		if got := r.Allow(tt.kind, tt.amount, tt.ofKind, tt.total); got != tt.want {
			t.Errorf("Allow(%s, %d, %d, %d) = %d, want %d", tt.kind, tt.amount, tt.ofKind, tt.total, got, tt.want)
		}
	}
	r.DailyCap, r.Kinds[guanjia.PointsReport] = 0, guanjia.PointRule{Amount: 5}
	if got := r.Allow(guanjia.PointsReport, 5, 1000, 1000); got != 5 {
		t.Errorf("without caps: %d, want 5", got)
	}
}

func TestPointRulesValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*guanjia.PointRules)
		ok   bool
	}{
		{"defaults", func(*guanjia.PointRules) {}, true},
		{"missing kind", func(r *guanjia.PointRules) { delete(r.Kinds, guanjia.PointsVerify) }, false},
		{"not an award", func(r *guanjia.PointRules) { r.Kinds[guanjia.PointsRedeem] = guanjia.PointRule{} }, false},
		{"negative amount", func(r *guanjia.PointRules) { r.Kinds[guanjia.PointsReport] = guanjia.PointRule{Amount: -1} }, false},
		{"no task points", func(r *guanjia.PointRules) { r.MaxTaskPoints = 0 }, false},
	}
	for _, tt := range tests {
		r := guanjia.DefaultPointRules()
		tt.mod(&r)
		if err := r.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestReverse: a reversal is a new entry that takes the award back.
func TestReverse(t *testing.T) {
	orig := guanjia.PointEntry{ID: 7, UserID: 8, Kind: guanjia.PointsReport, SourceType: guanjia.SourceCase,
		SourceID: 3, EvidenceID: 5, Amount: 5, RuleVersion: 2, Day: "2026-11-01"}
	admin := guanjia.Actor{UserID: 2, Role: guanjia.RoleAdmin}
	got, err := guanjia.Reverse(orig, " duplicate ", admin, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := guanjia.PointEntry{UserID: 8, Kind: guanjia.PointsReversal, SourceType: guanjia.SourceCase, SourceID: 3,
		EvidenceID: 5, Amount: -5, Reason: "duplicate", RuleVersion: 2, ApprovedBy: 2, Reverses: 7,
		Day: guanjia.PointsDay(t0), CreatedAt: t0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reversal (-want +got):\n%s", diff)
	}
	if guanjia.Balance([]guanjia.PointEntry{orig, got}) != 0 {
		t.Errorf("an award and its reversal do not sum to 0")
	}
	for name, e := range map[string]guanjia.PointEntry{
		"reversed already": {ID: 7, Kind: guanjia.PointsReport, Amount: 5, ReversedBy: 9},
		"a redemption":     {ID: 7, Kind: guanjia.PointsRedeem, Amount: -30},
		"a reversal":       {ID: 7, Kind: guanjia.PointsReversal, Amount: -5},
		"capped to 0":      {ID: 7, Kind: guanjia.PointsVerify, Amount: 0},
	} {
		if _, err := guanjia.Reverse(e, "x", admin, t0); err == nil {
			t.Errorf("%s: reversed", name)
		}
	}
	if _, err := guanjia.Reverse(orig, "", admin, t0); fieldOf(err) != "reason" {
		t.Errorf("no reason: %v", err)
	}
}

func TestPointsDay(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 1, 15, 59, 0, 0, time.UTC), "2026-11-01"}, // 23:59 in China
		{time.Date(2026, 11, 1, 16, 0, 0, 0, time.UTC), "2026-11-02"},  // midnight in China
		{t0, "2026-11-02"},
	} {
		if got := guanjia.PointsDay(tt.at); got != tt.want {
			t.Errorf("PointsDay(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}
