package guanjia

// Jurisdiction levels: a county runs its towns' command centers from above.
const (
	LevelCounty = "county"
	// LevelTown is a town or a sub-district (街道): the level that runs a
	// command center of its own, the tenant every case belongs to.
	LevelTown = "town"
)

// Jurisdiction is a level of government that runs a command center (a
// town) or supervises one (a county). Cases escalate to the parent.
type Jurisdiction struct {
	Code   string  `json:"code"` // statistical division code, e.g. 330483100
	Name   string  `json:"name"`
	NameEN string  `json:"name_en"`
	Prefix string  `json:"prefix"` // case number prefix, e.g. WZ
	Parent string  `json:"parent,omitempty"`
	Level  string  `json:"level"` // "town" or "county"
	Lat    float64 `json:"lat"`
	Lng    float64 `json:"lng"`
}

// Label returns the jurisdiction's name in a language ("zh" or "en").
func (j *Jurisdiction) Label(lang string) string {
	if lang == "en" && j.NameEN != "" {
		return j.NameEN
	}
	return j.Name
}

// IsTown reports whether j is a town, which cases belong to.
func (j *Jurisdiction) IsTown() bool { return j.Level == LevelTown }

// Tree is the jurisdictions an installation serves, by code: a county and
// its towns, or a single town.
type Tree map[string]Jurisdiction

// NewTree returns the tree of js.
func NewTree(js []Jurisdiction) Tree {
	t := make(Tree, len(js))
	for _, j := range js {
		t[j.Code] = j
	}
	return t
}

// Reaches reports whether the staff of jurisdiction from work in town:
// a town's staff in their own town, a county's in every town under it.
// The system and accounts of no jurisdiction ("") reach every town.
func (t Tree) Reaches(from, town string) bool {
	if from == "" || from == town {
		return true
	}
	j, ok := t[town]
	return ok && j.Parent != "" && j.Parent == from
}

// Hears reports whether the staff of jurisdiction from hear of news of
// where (a message of the outbox, Message.Jurisdiction) on their live
// streams: of the towns they reach (Reaches), and a town's also of its
// county's own news, as they see its tasks. News of no jurisdiction ("")
// is everyone's.
func (t Tree) Hears(from, where string) bool {
	if where == "" || t.Reaches(from, where) {
		return true
	}
	j, ok := t[from]
	return ok && j.Parent != "" && j.Parent == where
}

// IsCounty reports whether code is a county of the tree: a jurisdiction
// whose staff work above the towns.
func (t Tree) IsCounty(code string) bool {
	j, ok := t[code]
	return ok && j.Level == LevelCounty
}

// Towns returns the towns of the tree, as they were listed.
func Towns(js []Jurisdiction) []Jurisdiction {
	var out []Jurisdiction
	for _, j := range js {
		if j.IsTown() {
			out = append(out, j)
		}
	}
	return out
}

// Confined reports whether a's view of cases is confined to one town: a
// member of a town's staff (county staff, the system and the public are not).
func (t Tree) Confined(a Actor) bool {
	return a.Role.IsStaff() && a.Role != RoleSystem && a.Jurisdiction != "" && !t.IsCounty(a.Jurisdiction)
}

// SeesLog reports whether a, as staff, sees an entry of town where in a
// log of what was sent (the notifications' delivery log). Staff not
// confined to a town see every entry; a town's staff their own town's,
// and those of no town ("": a sign-in code texted to a phone, which
// nothing ties to a town) only where the tree serves no other town, for
// they may be another town's people's.
func (t Tree) SeesLog(a Actor, where string) bool {
	if !t.Confined(a) || where == a.Jurisdiction {
		return true
	}
	if where != "" {
		return false
	}
	for code, j := range t {
		if j.IsTown() && code != a.Jurisdiction {
			return false
		}
	}
	return true
}

// Outside reports whether case c lies outside the reach of a as staff: a
// town's staff and another town's case. Such a case is not found for them,
// as if it did not exist; the public view of a case is for the public.
func (t Tree) Outside(a Actor, c *Case) bool {
	return a.Role.IsStaff() && !t.Reaches(a.Jurisdiction, c.Jurisdiction)
}

// AtLevel reports whether a works at the level case c is handled at: the
// command center of its town, or the county's once it is referred up.
// Whoever acts on c reaches it (Tree.Outside), so staff of another
// jurisdiction than c's town are the county's. The system works at every
// level.
func (a Actor) AtLevel(c *Case) bool {
	if a.Jurisdiction == "" {
		return true
	}
	county := a.Jurisdiction != c.Jurisdiction
	return county == c.Referred
}

// MayEdit decides whether a may change reference data that belongs to
// where: a town's code for that town's data (its routing rules, category
// overrides, grids, accounts), "" or the county's code for what applies
// county-wide (the catalogue, the calendar, county-wide rules, the
// county's accounts). It returns nil if a may, else an *Error:
// EFORBIDDEN to all but administrators (and the system), and to a
// town's administrators for county-wide data; ENOTFOUND to a town's
// administrators for another town's data, as if it did not exist. An
// administrator of the county, of no jurisdiction or of a town with no
// county above it edits everything it reaches.
func (t Tree) MayEdit(a Actor, where string) error {
	if !MayEditReference(a) {
		return Errorf(EFORBIDDEN, "Only administrators may edit reference data.")
	}
	if !t.UnderCounty(a.Jurisdiction) || a.Role == RoleSystem {
		if where != "" && !t.IsCounty(where) && !t.Reaches(a.Jurisdiction, where) {
			return Errorf(ENOTFOUND, "There is no such object here.")
		}
		return nil
	}
	switch {
	case where == "" || t.IsCounty(where):
		return Errorf(EFORBIDDEN, "Only the county's administrators may edit what applies county-wide.")
	case where != a.Jurisdiction:
		return Errorf(ENOTFOUND, "There is no such object here.")
	}
	return nil
}

// UnderCounty reports whether code is a town with a county above it in
// the tree: the staff of such a town work for their town alone.
func (t Tree) UnderCounty(code string) bool {
	j, ok := t[code]
	return ok && j.IsTown() && j.Parent != "" && t.IsCounty(j.Parent)
}
