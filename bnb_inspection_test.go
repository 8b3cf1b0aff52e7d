package guanjia_test

import (
	"strings"
	"testing"

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
