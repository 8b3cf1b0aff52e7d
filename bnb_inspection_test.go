package guanjia_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestScore: the score recomputes from its parts by the published
// formula, each part falling back to its neutral value without data.
func TestScore(t *testing.T) {
	tests := []struct {
		name                                          string
		parts                                         guanjia.ReputationParts
		want                                          int
		inspection, rectification, complaints, rating float64
	}{
		{"no data", guanjia.ReputationParts{}, 76, 60, 100, 100, 60},
		{"all good", guanjia.ReputationParts{Passed: 10, Rectifications: 2, OnTime: 2, RatingAvg: 5, RatingCount: 3}, 100, 100, 100, 100, 100},
		{"mixed", guanjia.ReputationParts{Passed: 3, Failed: 1, Rectifications: 4, OnTime: 1, ComplaintsUpheld: 2, RatingAvg: 4, RatingCount: 50}, 61, 75, 25, 60, 80},
		{"many complaints", guanjia.ReputationParts{Failed: 5, Rectifications: 1, ComplaintsUpheld: 9, RatingAvg: 1, RatingCount: 1}, 4, 0, 0, 0, 20},
	}
	for _, tt := range tests {
		r := guanjia.Score(tt.parts)
		if r.Score != tt.want || r.Inspection != tt.inspection || r.Rectification != tt.rectification || r.Complaints != tt.complaints || r.Rating != tt.rating {
			t.Errorf("%s: %+v, want %d from %v %v %v %v", tt.name, r, tt.want, tt.inspection, tt.rectification, tt.complaints, tt.rating)
		}
	}
}

// TestCheckInspection: every item of the version marked once with pass,
// fail or na; the version must be the checklist's; results come back in
// the checklist's order with the counts.
func TestCheckInspection(t *testing.T) {
	cl := &guanjia.Checklist{Kind: guanjia.InspectFire, Version: 2, Items: []guanjia.ChecklistItem{{Code: "a"}, {Code: "b", Serious: true}, {Code: "c"}}}
	ok := func() guanjia.InspectionInput {
		return guanjia.InspectionInput{Kind: guanjia.InspectFire, Version: 2, Results: []guanjia.ItemResult{
			{Code: "c", Result: guanjia.ItemNA}, {Code: "b", Result: guanjia.ItemFail, Note: " 堵塞 ", Case: 9}, {Code: "a", Result: guanjia.ItemPass}}}
	}
	in := ok()
	rs, passed, failed, err := guanjia.CheckInspection(&in, cl)
	if err != nil || passed != 1 || failed != 1 || rs[0].Code != "a" || rs[1].Note != "堵塞" || rs[1].Case != 0 {
		t.Fatalf("%+v %d %d %v", rs, passed, failed, err)
	}
	for name, edit := range map[string]func(*guanjia.InspectionInput){
		"old version":  func(in *guanjia.InspectionInput) { in.Version = 1 },
		"missing item": func(in *guanjia.InspectionInput) { in.Results = in.Results[:2] },
		"twice":        func(in *guanjia.InspectionInput) { in.Results[0].Code = "a" },
		"unknown item": func(in *guanjia.InspectionInput) { in.Results[0].Code = "z" },
		"bad result":   func(in *guanjia.InspectionInput) { in.Results[0].Result = "ok" },
		"long note":    func(in *guanjia.InspectionInput) { in.Results[0].Note = strings.Repeat("长", 501) },
		"bad photo":    func(in *guanjia.InspectionInput) { in.Results[0].Photo = "../etc/passwd" },
	} {
		in := ok()
		edit(&in)
		if _, _, _, err := guanjia.CheckInspection(&in, cl); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	bad := guanjia.Checklist{Kind: guanjia.InspectFire, Items: []guanjia.ChecklistItem{{Code: "A b", TextZH: "x", TextEN: "x"}}}
	if err := guanjia.CheckChecklist(&bad); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("a code with a space and capitals: %v", err)
	}
}

// TestRectificationLoop: a resolved rectification never closes by itself;
// only an inspector acting for the reporter (a re-inspection) may verify
// it, not the command center; its owner signs for it, another owner not.
func TestRectificationLoop(t *testing.T) {
	long := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := guanjia.Case{Category: guanjia.CategoryRectify, Status: guanjia.StatusResolved, ResolvedAt: &long, ReporterID: 5,
		Unit: guanjia.OwnerUnit(7)}
	now := long.AddDate(1, 0, 0)
	if guanjia.AutoCloseDue(&c, time.Hour, now) {
		t.Error("a rectification closes by itself")
	}
	plain := c
	plain.Category = "garbage"
	if !guanjia.AutoCloseDue(&plain, time.Hour, now) {
		t.Error("an ordinary case does not close by itself")
	}
	inspector := guanjia.Actor{UserID: 5, Role: guanjia.RoleInspector, Unit: "fire"}
	reinspecting := inspector
	reinspecting.Tracking = true
	for _, x := range []struct {
		who  string
		a    guanjia.Actor
		want bool
	}{{"the command center", guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher}, false},
		{"the inspector on the case page", inspector, false},
		{"the re-inspection", reinspecting, true},
		{"the owner", guanjia.Actor{UserID: 7, Role: guanjia.RoleOwner}, false}} {
		if got := guanjia.Allowed(&c, guanjia.ActionVerify, x.a); got != x.want {
			t.Errorf("%s may verify: %v", x.who, got)
		}
	}
	c.Status = guanjia.StatusDispatched
	if !guanjia.Allowed(&c, guanjia.ActionAccept, guanjia.Actor{UserID: 7, Role: guanjia.RoleOwner}) ||
		guanjia.Allowed(&c, guanjia.ActionAccept, guanjia.Actor{UserID: 8, Role: guanjia.RoleOwner}) {
		t.Error("the owner's unit of one: wrong owner may sign for it")
	}
}
