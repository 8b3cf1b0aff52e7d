package guanjia_test

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// TestTreeReaches: a town's staff reach their town, the county's every
// town under it, the system every town; no one reaches a town of another
// county, and a town's staff are confined to it.
func TestTreeReaches(t *testing.T) {
	tree := countyTree()
	tests := []struct {
		from, town string
		want       bool
	}{
		{"330483100", "330483100", true},
		{"330483100", "330483101", false},
		{"330483", "330483100", true},
		{"330483", "330483101", true},
		{"330483", "330402001", false},
		{"", "330483101", true},
		{"330483101", "nowhere", false},
	}
	for _, tt := range tests {
		if got := tree.Reaches(tt.from, tt.town); got != tt.want {
			t.Errorf("Reaches(%q, %q) = %v, want %v", tt.from, tt.town, got, tt.want)
		}
	}
	wuzhenCase := &guanjia.Case{Jurisdiction: "330483100"}
	actors := []struct {
		name              string
		a                 guanjia.Actor
		confined, outside bool
	}{
		{"Puyuan's dispatcher", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: "330483101"}, true, true},
		{"Wuzhen's handler", guanjia.Actor{Role: guanjia.RoleHandler, Jurisdiction: "330483100"}, true, false},
		{"the county's leader", guanjia.Actor{Role: guanjia.RoleLeader, Jurisdiction: "330483"}, false, false},
		{"a resident of Puyuan", guanjia.Actor{Role: guanjia.RoleResident, Jurisdiction: "330483101"}, false, false},
		{"the system", guanjia.SystemActor, false, false},
	}
	for _, tt := range actors {
		if got := tree.Confined(tt.a); got != tt.confined {
			t.Errorf("%s: Confined = %v, want %v", tt.name, got, tt.confined)
		}
		if got := tree.Outside(tt.a, wuzhenCase); got != tt.outside {
			t.Errorf("%s: Outside(a Wuzhen case) = %v, want %v", tt.name, got, tt.outside)
		}
	}
}

// countyTree is a county (330483) with two towns, and a town of another
// county.
func countyTree() guanjia.Tree {
	return guanjia.NewTree([]guanjia.Jurisdiction{
		{Code: "330483", Level: guanjia.LevelCounty},
		{Code: "330483100", Parent: "330483", Level: guanjia.LevelTown},
		{Code: "330483101", Parent: "330483", Level: guanjia.LevelTown},
		{Code: "330402001", Parent: "330402", Level: guanjia.LevelTown},
	})
}

// TestTreeHears: a town's staff hear of their town's news and their
// county's own, not of another town's; the county's of all its towns';
// news of no jurisdiction is everyone's.
func TestTreeHears(t *testing.T) {
	tree := countyTree()
	tests := []struct {
		from, where string
		want        bool
	}{
		{"330483100", "330483100", true},
		{"330483100", "330483101", false},
		{"330483100", "330483", true},
		{"330483100", "", true},
		{"330483", "330483101", true},
		{"330483", "330483", true},
		{"330483", "330402001", false},
		{"330402001", "330483", false},
		{"", "330483101", true},
		{"nowhere", "330483", false},
	}
	for _, tt := range tests {
		if got := tree.Hears(tt.from, tt.where); got != tt.want {
			t.Errorf("Hears(%q, %q) = %v, want %v", tt.from, tt.where, got, tt.want)
		}
	}
}

// TestTreeSeesLog: in the delivery log a town's administrator sees their
// town's entries, not another town's nor those of no town while the tree
// serves other towns, but those too where it serves that town alone; the
// county's administrator and the system see every entry.
func TestTreeSeesLog(t *testing.T) {
	wuzhen := guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: "330483100"}
	county := guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: "330483"}
	alone := guanjia.NewTree([]guanjia.Jurisdiction{{Code: "330483100", Level: guanjia.LevelTown}})
	tests := []struct {
		name  string
		tree  guanjia.Tree
		a     guanjia.Actor
		where string
		want  bool
	}{
		{"Wuzhen's admin, Wuzhen's entry", countyTree(), wuzhen, "330483100", true},
		{"Wuzhen's admin, Puyuan's entry", countyTree(), wuzhen, "330483101", false},
		{"Wuzhen's admin, an entry of no town", countyTree(), wuzhen, "", false},
		{"Wuzhen's admin alone, an entry of no town", alone, wuzhen, "", true},
		{"Wuzhen's admin alone, another town's entry", alone, wuzhen, "330483101", false},
		{"the county's admin, Puyuan's entry", countyTree(), county, "330483101", true},
		{"the county's admin, an entry of no town", countyTree(), county, "", true},
		{"the system, an entry of no town", countyTree(), guanjia.SystemActor, "", true},
	}
	for _, tt := range tests {
		if got := tt.tree.SeesLog(tt.a, tt.where); got != tt.want {
			t.Errorf("%s: SeesLog = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRefer: a town's dispatcher hands a new case up to the county, whose
// dispatcher then dispatches, rejects or hands it back; the town's may no
// longer, and the county's may not before it is referred.
func TestRefer(t *testing.T) {
	town := guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: "330483100"}
	county := guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: "330483"}
	c := caseIn(guanjia.StatusNew)
	c.Jurisdiction = "330483100"
	refer := guanjia.Command{Action: guanjia.ActionRefer, Reason: "涉及市级部门职责"}
	dispatch := guanjia.Command{Action: guanjia.ActionDispatch, Unit: "county-housing"}
	steps := []struct {
		name  string
		actor guanjia.Actor
		cmd   guanjia.Command
		want  string // error code
	}{
		{"the county may not dispatch the town's case", county, dispatch, guanjia.EFORBIDDEN},
		{"a referral needs a reason", town, guanjia.Command{Action: guanjia.ActionRefer}, guanjia.EINVALID},
		{"the town refers it", town, refer, ""},
		{"the town may no longer dispatch it", town, dispatch, guanjia.EFORBIDDEN},
		{"the county hands it back", county, refer, ""},
		{"the town refers it again", town, refer, ""},
		{"the county dispatches it", county, dispatch, ""},
		{"the system dispatches at every level", guanjia.SystemActor, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "county-water"}, ""},
		{"the county hands back only a case it has not dispatched", county, refer, guanjia.EFORBIDDEN},
	}
	for _, s := range steps {
		next, e, err := guanjia.Apply(c, s.cmd, s.actor, env(t0))
		if code := guanjia.ErrorCode(err); code != s.want {
			t.Fatalf("%s: %v, want %q", s.name, err, s.want)
		}
		if err == nil {
			if e.Action == guanjia.ActionRefer && e.Data["referred"] != next.Referred {
				t.Errorf("%s: event says referred %v, case %v", s.name, e.Data["referred"], next.Referred)
			}
			c = next
		}
	}
	if !c.Referred || c.Status != guanjia.StatusDispatched || c.Unit != "county-water" {
		t.Errorf("at the end: referred %v, %s with %s", c.Referred, c.Status, c.Unit)
	}
}

// TestReferDispatched: a case the town has dispatched goes up taken from
// its unit, new in the county's queue, with no deadline running; the
// event remembers the unit it came from.
func TestReferDispatched(t *testing.T) {
	for _, s := range []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted} {
		c := caseIn(s)
		c.Jurisdiction, c.EscalationLevel = "330483100", 2
		from := c.Unit
		next, e, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionRefer, Reason: "逾期未办结"}, guanjia.SystemActor, env(t0))
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !next.Referred || next.Status != guanjia.StatusNew || next.Unit != "" || next.DueAt() != nil || next.EscalationLevel != 0 {
			t.Errorf("%s referred: %+v", s, next)
		}
		if e.Data["from_unit"] != from || e.From != s || e.To != guanjia.StatusNew {
			t.Errorf("%s: event %+v", s, e)
		}
	}
}

// TestTreeMayEdit: the county's administrators edit the county's data and
// every town's; a town's edit their own town's, are refused county-wide
// data and do not find another town's; a lone town's administrators (no
// county above) edit everything, as before there were counties.
func TestTreeMayEdit(t *testing.T) {
	const county, wuzhen, puyuan, lone = "330483", "330483100", "330483101", "330402001"
	tree := guanjia.NewTree([]guanjia.Jurisdiction{
		{Code: county, Level: guanjia.LevelCounty},
		{Code: wuzhen, Parent: county, Level: guanjia.LevelTown},
		{Code: puyuan, Parent: county, Level: guanjia.LevelTown},
		{Code: lone, Level: guanjia.LevelTown},
	})
	admin := func(j string) guanjia.Actor { return guanjia.Actor{Role: guanjia.RoleAdmin, Jurisdiction: j} }
	const ok, forbidden, none = "", guanjia.EFORBIDDEN, guanjia.ENOTFOUND
	tests := []struct {
		name  string
		a     guanjia.Actor
		where string
		want  string
	}{
		{"county admin, county-wide", admin(county), "", ok},
		{"county admin, the county", admin(county), county, ok},
		{"county admin, Wuzhen", admin(county), wuzhen, ok},
		{"county admin, another county's town", admin(county), lone, none},
		{"Wuzhen admin, county-wide", admin(wuzhen), "", forbidden},
		{"Wuzhen admin, the county", admin(wuzhen), county, forbidden},
		{"Wuzhen admin, Wuzhen", admin(wuzhen), wuzhen, ok},
		{"Wuzhen admin, Puyuan", admin(wuzhen), puyuan, none},
		{"Wuzhen admin, nowhere", admin(wuzhen), "nowhere", none},
		{"lone town's admin, county-wide", admin(lone), "", ok},
		{"lone town's admin, itself", admin(lone), lone, ok},
		{"Wuzhen's dispatcher, Wuzhen", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}, wuzhen, forbidden},
		{"the system, Puyuan", guanjia.SystemActor, puyuan, ok},
	}
	for _, tt := range tests {
		if got := guanjia.ErrorCode(tree.MayEdit(tt.a, tt.where)); got != tt.want {
			t.Errorf("%s: MayEdit = %q, want %q", tt.name, got, tt.want)
		}
	}
}
