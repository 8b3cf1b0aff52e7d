package guanjia_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// whoMay returns the names of the actors (of the lifecycle's table) for
// whom may is true, sorted.
func whoMay(may func(guanjia.Actor) bool) []string {
	var out []string
	for name, a := range actors {
		if may(a) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestPredicates says, for each predicate that depends on the actor
// alone, which actors it lets act. The expectations are written from the
// role sets' doc comments, not from the code.
func TestPredicates(t *testing.T) {
	staff := "admin dispatcher handler handler-other lead lead-other leader"
	keepers := "housekeeper housekeeper-far"
	tests := []struct {
		name string
		may  func(guanjia.Actor) bool
		want string
	}{
		{"edit reference", guanjia.MayEditReference, "admin system"},
		{"signed in", guanjia.Actor.SignedIn, staff + " " + keepers + " reporter resident"},
		{"apply to be a housekeeper", guanjia.MayApplyHousekeeper, keepers + " reporter resident"},
		{"serve as a housekeeper", guanjia.MayServe, keepers},
		{"see tasks", guanjia.MaySeeTasks, staff + " " + keepers + " system"},
		{"read notices", guanjia.MayReadNotices, staff + " " + keepers + " system"},
		{"keep the rewards", guanjia.MayKeepRewards, "admin"},
		{"set the points rules", guanjia.MaySetPointRules, "admin"},
		{"reverse points", guanjia.MayReversePoints, "admin dispatcher"},
		{"see housekeepers, not a committee", func(a guanjia.Actor) bool { return guanjia.MaySeeHousekeepers(a, "") }, "admin dispatcher leader system"},
		{"see housekeepers, a committee", func(a guanjia.Actor) bool { return guanjia.MaySeeHousekeepers(a, "v1") }, "admin dispatcher handler handler-other lead lead-other leader system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.Fields(tt.want)
			sort.Strings(want)
			if diff := cmp.Diff(want, whoMay(tt.may)); diff != "" {
				t.Errorf("who may (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMaySeeMobilisations: who may mobilise for a case, and staff who may
// work on it, see its mobilisations.
func TestMaySeeMobilisations(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted) // with sanitation, in grid g1
	got := whoMay(func(a guanjia.Actor) bool { return guanjia.MaySeeMobilisations(a, &c) })
	want := []string{"admin", "dispatcher", "handler", "lead", "leader", "system"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("who may (-want +got):\n%s", diff)
	}
}

// TestRoleSets checks the sets the routes and pages are gated by.
func TestRoleSets(t *testing.T) {
	tests := []struct {
		name string
		set  guanjia.RoleSet
		want string // the account roles it allows
	}{
		{"anyone", guanjia.AnyRole, "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector"},
		{"accounts", guanjia.AccountRoles, "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector"},
		{"staff", guanjia.StaffRoles, "dispatcher handler unit_lead leader admin"},
		{"command", guanjia.CommandRoles, "dispatcher admin"},
		{"console", guanjia.ConsoleRoles, "dispatcher leader admin"},
		{"desk", guanjia.DeskRoles, "handler unit_lead"},
		{"admins", guanjia.AdminRoles, "admin"},
		{"residents", guanjia.ResidentRoles, "resident"},
		{"housekeepers", guanjia.HousekeeperRoles, "housekeeper"},
		{"members", guanjia.MemberRoles, "resident housekeeper"},
		{"housekeepers and staff", guanjia.KeeperAndStaffRoles, "housekeeper dispatcher handler unit_lead leader admin"},
		{"committees", guanjia.CommitteeRoles, "handler unit_lead admin"},
		{"operators", guanjia.OperatorRoles, "dispatcher handler unit_lead admin"},
		{"B&B owners", guanjia.OwnerRoles, "owner"},
		{"B&B staff", guanjia.BnBStaffRoles, "dispatcher handler unit_lead leader admin"},
		{"B&B registry", guanjia.BnBRoles, "dispatcher handler unit_lead leader admin owner"},
		{"investors", guanjia.InvestorRoles, "investor"},
		{"projects", guanjia.ProjectRoles, "dispatcher handler unit_lead leader admin investor"},
		{"inspectors", guanjia.InspectorRoles, "inspector"},
		{"inspect", guanjia.InspectRoles, "owner inspector"},
		{"inspections", guanjia.InspectionReadRoles, "dispatcher handler unit_lead leader admin owner inspector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range guanjia.Roles {
				if tt.set.Allows(r) {
					got = append(got, string(r))
				}
			}
			if diff := cmp.Diff(strings.Fields(tt.want), got); diff != "" {
				t.Errorf("allowed roles (-want +got):\n%s", diff)
			}
			if anon := tt.set.Allows(guanjia.RoleAnonymous); anon != (tt.set == nil) {
				t.Errorf("allows anonymous: %v", anon)
			}
		})
	}
}

// TestPermit checks the lifecycle's first checks against the spec table:
// whoever the spec does not name for an action is refused, whatever the
// case's status, and an unknown action is invalid.
func TestPermit(t *testing.T) {
	for _, s := range guanjia.Statuses {
		for _, action := range guanjia.Actions {
			for name, a := range actors {
				c := caseIn(s)
				unitless := c.Unit == "" && (name == "handler" || name == "lead")
				want := ""
				if !contains(spec[action].who, name) || unitless {
					want = guanjia.EFORBIDDEN
				}
				if got := guanjia.ErrorCode(guanjia.Permit(&c, action, a)); got != want {
					t.Errorf("%s/%s/%s: %q, want %q", s, action, name, got, want)
				}
			}
		}
	}
	c := caseIn(guanjia.StatusNew)
	if got := guanjia.ErrorCode(guanjia.Permit(&c, "paint", actors["admin"])); got != guanjia.EINVALID {
		t.Errorf("unknown action: %q, want invalid", got)
	}
}
