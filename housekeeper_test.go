package guanjia_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestApplicationValidate(t *testing.T) {
	good := guanjia.Application{Name: " 李师傅 ", Phone: "139-5730-0004", Occupation: guanjia.OccupationCourier,
		Grid: "g1", Households: 12}
	tests := []struct {
		name  string
		mod   func(*guanjia.Application)
		field string
	}{
		{"good", func(*guanjia.Application) {}, ""},
		{"no name", func(a *guanjia.Application) { a.Name = "  " }, "name"},
		{"phone with letters", func(a *guanjia.Application) { a.Phone = "call me" }, "phone"},
		{"short phone", func(a *guanjia.Application) { a.Phone = "123" }, "phone"},
		{"unknown occupation", func(a *guanjia.Application) { a.Occupation = "astronaut" }, "occupation"},
		{"no grid", func(a *guanjia.Application) { a.Grid = "" }, "grid"},
		{"no households", func(a *guanjia.Application) { a.Households = 0 }, "households"},
		{"too many households", func(a *guanjia.Application) { a.Households = guanjia.MaxHouseholds + 1 }, "households"},
		{"bad latitude", func(a *guanjia.Application) { a.Lat = 91 }, "lat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := good
			tt.mod(&ap)
			err := ap.Validate()
			if got := fieldOf(err); got != tt.field {
				t.Fatalf("field = %q (%v), want %q", got, err, tt.field)
			}
			if err == nil && ap.Name != "李师傅" {
				t.Errorf("name not trimmed: %q", ap.Name)
			}
		})
	}
}

func fieldOf(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(*guanjia.Error); ok {
		return e.Field
	}
	return "?"
}

// TestDecide walks every status × decision.
func TestDecide(t *testing.T) {
	lead := guanjia.Actor{UserID: 6, Role: guanjia.RoleUnitLead, Unit: "hongqiao"}
	want := map[guanjia.HousekeeperDecision]map[guanjia.HousekeeperStatus]guanjia.HousekeeperStatus{
		guanjia.DecisionApprove: {guanjia.HousekeeperPending: guanjia.HousekeeperApproved, guanjia.HousekeeperSuspended: guanjia.HousekeeperApproved},
		guanjia.DecisionDecline: {guanjia.HousekeeperPending: guanjia.HousekeeperDeclined},
		guanjia.DecisionSuspend: {guanjia.HousekeeperApproved: guanjia.HousekeeperSuspended},
	}
	for d, to := range want {
		for _, from := range guanjia.HousekeeperStatuses {
			t.Run(string(d)+"/"+string(from), func(t *testing.T) {
				h := guanjia.Housekeeper{ID: 1, Status: from, Version: 2}
				got, err := guanjia.Decide(h, d, "reason", lead, t0)
				next, ok := to[from]
				switch {
				case !ok && guanjia.ErrorCode(err) != guanjia.ECONFLICT:
					t.Fatalf("err = %v, want a conflict", err)
				case ok && err != nil:
					t.Fatal(err)
				case ok && (got.Status != next || got.Version != 3 || got.DecidedBy != 6 || !got.DecidedAt.Equal(t0)):
					t.Errorf("got %+v, want status %s at version 3", got, next)
				}
			})
		}
	}
	if _, err := guanjia.Decide(guanjia.Housekeeper{Status: guanjia.HousekeeperApproved}, guanjia.DecisionSuspend, " ", lead, t0); fieldOf(err) != "reason" {
		t.Errorf("suspend without a reason: %v", err)
	}
	if _, err := guanjia.Decide(guanjia.Housekeeper{Status: guanjia.HousekeeperPending}, "promote", "", lead, t0); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("unknown decision: %v", err)
	}
}

func TestMayManageHousekeepers(t *testing.T) {
	tests := []struct {
		actor     guanjia.Actor
		committee string
		want      bool
	}{
		{guanjia.Actor{Role: guanjia.RoleAdmin}, "", true},
		{guanjia.Actor{Role: guanjia.RoleUnitLead, Unit: "hongqiao"}, "v1", true},
		{guanjia.Actor{Role: guanjia.RoleHandler, Unit: "hongqiao"}, "v1", true},
		{guanjia.Actor{Role: guanjia.RoleUnitLead, Unit: "other"}, "v2", false},
		{guanjia.Actor{Role: guanjia.RoleUnitLead, Unit: "urban"}, "", false},
		{guanjia.Actor{Role: guanjia.RoleDispatcher}, "", false},
		{guanjia.Actor{Role: guanjia.RoleHousekeeper, Grid: "g1"}, "", false},
	}
	for _, tt := range tests {
		if got := guanjia.MayManageHousekeepers(tt.actor, tt.committee, "v1"); got != tt.want {
			t.Errorf("%+v of %q: %v, want %v", tt.actor, tt.committee, got, tt.want)
		}
	}
}

func TestGridCoverage(t *testing.T) {
	g := guanjia.Grid{Code: "g1", Name: "一网格", Village: "v1", Households: 95}
	tests := []struct {
		housekeepers, covered int
		want                  guanjia.Coverage
	}{
		{0, 0, guanjia.Coverage{Grid: "g1", Name: "一网格", Village: "v1", Households: 95, Needed: 10, Gap: 10}},
		{4, 50, guanjia.Coverage{Grid: "g1", Name: "一网格", Village: "v1", Households: 95, Housekeepers: 4, Covered: 50, Ratio: 23.75, Needed: 10, Gap: 6}},
		{12, 300, guanjia.Coverage{Grid: "g1", Name: "一网格", Village: "v1", Households: 95, Housekeepers: 12, Covered: 95, Ratio: 95.0 / 12, Needed: 10}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, guanjia.GridCoverage(g, tt.housekeepers, tt.covered)); diff != "" {
			t.Errorf("%d housekeepers (-want +got):\n%s", tt.housekeepers, diff)
		}
	}
}
