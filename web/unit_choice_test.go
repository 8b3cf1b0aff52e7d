package web

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
)

// TestUnitGroups: the unit picker groups the town's departments, the
// village committees and the county's departments, each sorted by name
// (pinyin in Chinese), and leaves out empty groups.
func TestUnitGroups(t *testing.T) {
	rf := &ref{towns: []guanjia.Jurisdiction{{Code: "t1", Level: guanjia.LevelTown}}}
	units := []*guanjia.Unit{
		{Code: "sc", NameZH: "市场监管所", NameEN: "Market", Kind: guanjia.UnitDepartment, Jurisdiction: "t1"},
		{Code: "zy", NameZH: "张庄村委会", NameEN: "Zhangzhuang", Kind: guanjia.UnitCommittee, Jurisdiction: "t1"},
		{Code: "cg", NameZH: "城管中队", NameEN: "Urban management", Kind: guanjia.UnitDepartment, Jurisdiction: "t1"},
		{Code: "hb", NameZH: "县环保局", NameEN: "County environment", Kind: guanjia.UnitDepartment, Jurisdiction: "c"},
		{Code: "an", NameZH: "安家村委会", NameEN: "Anjia", Kind: guanjia.UnitCommittee, Jurisdiction: "t1"},
		{Code: "jj", NameZH: "交警中队", NameEN: "Traffic police", Kind: guanjia.UnitDepartment, Jurisdiction: "t1"},
	}
	labels := func(gs []optgroup) [][]string {
		var out [][]string
		for _, g := range gs {
			row := []string{g.Label}
			for _, o := range g.Options {
				row = append(row, o.Label)
			}
			out = append(out, row)
		}
		return out
	}
	zh := labels(unitGroups("zh", rf, units, ""))
	want := [][]string{{"职能部门", "城管中队", "交警中队", "市场监管所"}, {"村（居）委会", "安家村委会", "张庄村委会"}, {"县级部门", "县环保局"}}
	if diff := cmp.Diff(want, zh); diff != "" {
		t.Errorf("zh groups (-want +got):\n%s", diff)
	}
	en := labels(unitGroups("en", rf, units, "jj"))
	want = [][]string{{"Departments", "Market", "Traffic police", "Urban management"}, {"Village committees", "Anjia", "Zhangzhuang"}, {"County departments", "County environment"}}
	if diff := cmp.Diff(want, en); diff != "" {
		t.Errorf("en groups (-want +got):\n%s", diff)
	}
	if g := unitGroups("en", rf, units, "jj"); !g[0].Options[1].Selected || g[0].Options[0].Selected {
		t.Errorf("the selected unit is not marked: %+v", g[0].Options)
	}
}

// TestEventViewsInReadersLanguage: a note the system wrote reads in the
// reader's language, old English ones too; an event without the actor's
// name shows their side instead.
func TestEventViewsInReadersLanguage(t *testing.T) {
	rf := &ref{unit: map[string]*guanjia.Unit{"cg": {Code: "cg", NameZH: "城管中队", NameEN: "Urban management"}}}
	events := []guanjia.Event{
		{ActorRole: guanjia.RoleSystem, ActorName: "system", Action: guanjia.ActionClose, NoteKey: guanjia.NoteAutoClosed},
		{ActorRole: guanjia.RoleSystem, ActorName: "system", Action: guanjia.ActionEscalate, Note: guanjia.NoteAutoEscalated},
		{ActorRole: guanjia.RoleSystem, Action: guanjia.ActionComment, NoteKey: guanjia.NoteMerged, NoteArgs: []string{"WZ-1"}},
		{ActorRole: guanjia.RoleHandler, Action: guanjia.ActionResolve, Unit: "cg", Note: "已修好"},
		{ActorRole: guanjia.RoleDispatcher, Action: guanjia.ActionDispatch, Unit: "cg"},
	}
	var got [][2]string
	for _, v := range eventViews("zh", rf, events) {
		got = append(got, [2]string{v.Text, v.ByUnit})
	}
	want := [][2]string{{"自动结案：反映人逾期未回复。", ""}, {"自动升级：已超过办理时限。", ""}, {"案件 WZ-1 已合并到本案件。", ""},
		{"已修好", "城管中队"}, {"", "指挥中心"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("zh timeline (-want +got):\n%s", diff)
	}
	if v := eventViews("en", rf, events[:1]); v[0].Text != guanjia.NoteAutoClosed {
		t.Errorf("en note = %q", v[0].Text)
	}
}

// TestWaitingTime: a new case, which has no deadline yet, shows how long
// it has waited.
func TestWaitingTime(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, guanjia.TownZone)
	for lang, want := range map[string]string{"zh": "已等待 2小时5分", "en": "Waiting 2 h 5 min"} {
		got := tf(lang, "Waiting %s", span(lang, now.Sub(now.Add(-125*time.Minute))))
		if got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
