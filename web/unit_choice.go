package web

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/guanjia/guanjia"
)

// optgroup is a labelled group of choices in a select.
type optgroup struct {
	Label   string
	Options []option
}

// unitGroupOrder is the order of a unit picker's groups and their labels.
var unitGroupOrder = []struct{ key, label string }{
	{"department", "Departments"},
	{"committee", "Village committees"},
	{"county", "County departments"},
	{"command", "Command center"},
	{"other", "Other units"},
}

// unitGroups groups units for a picker: the town's departments, the
// village committees, the county's departments (a unit whose jurisdiction
// is not a town), the command center, others; each sorted by name in lang
// (pinyin order in Chinese). selected is preselected. Empty groups are left
// out.
func unitGroups(lang string, rf *ref, units []*guanjia.Unit, selected string) []optgroup {
	towns := map[string]bool{}
	for _, j := range rf.towns {
		towns[j.Code] = true
	}
	byGroup := map[string][]option{}
	for _, u := range units {
		g := "other"
		switch {
		case u.Kind == guanjia.UnitCommittee:
			g = "committee"
		case u.Kind == guanjia.UnitDepartment && len(rf.towns) > 0 && u.Jurisdiction != "" && !towns[u.Jurisdiction]:
			g = "county"
		case u.Kind == guanjia.UnitDepartment:
			g = "department"
		case u.Kind == guanjia.UnitCommand:
			g = "command"
		}
		byGroup[g] = append(byGroup[g], option{Value: u.Code, Label: u.Name(lang), Selected: u.Code == selected})
	}
	tag := language.SimplifiedChinese
	if lang == "en" {
		tag = language.English
	}
	col := collate.New(tag)
	var out []optgroup
	for _, g := range unitGroupOrder {
		opts := byGroup[g.key]
		if len(opts) == 0 {
			continue
		}
		sort.SliceStable(opts, func(i, j int) bool { return col.CompareString(opts[i].Label, opts[j].Label) < 0 })
		out = append(out, optgroup{Label: translate(lang, g.label), Options: opts})
	}
	return out
}
