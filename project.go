package guanjia

import (
	"slices"
	"time"
)

// Investment projects (项目管家, "ask only one person"): an investor's
// project goes through a town's authorities stage by stage, followed by one
// steward from the staff. Each stage has items (approvals, documents), each
// owned by an authority (a unit) with a limit in working days; an item waits
// until the items it names as prerequisites are done, so items without one
// run in parallel. The project's members — the investor, the steward and
// the staff of the units involved — share one channel (project_channel.go).

// Project is an investment project.
type Project struct {
	ID           int64         `json:"id"`
	Jurisdiction string        `json:"jurisdiction"` // the town
	Village      string        `json:"village"`
	Grid         string        `json:"grid"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	Address      string        `json:"address"`
	Lat          float64       `json:"lat"`
	Lng          float64       `json:"lng"`
	InvestorID   int64         `json:"investor_id"`
	InvestorName string        `json:"investor_name,omitempty"`
	StewardID    int64         `json:"steward_id"`
	StewardName  string        `json:"steward_name,omitempty"`
	Units        []string      `json:"units"`  // the authorities involved: the units owning its items
	Stages       []string      `json:"stages"` // stage names, in order, from its template
	Items        []ProjectItem `json:"items"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// ProjectFilter narrows a list of projects.
type ProjectFilter struct {
	Jurisdiction string
	InvestorID   int64
	StewardID    int64
	Unit         string // projects with an item owned by this unit
}

// IsMember reports whether a is one of p's members, who read and write its
// channel: its investor, its steward and the staff (handlers and leads) of
// the units involved.
func (p *Project) IsMember(a Actor) bool {
	switch {
	case a.UserID == 0:
		return false
	case a.UserID == p.InvestorID, a.UserID == p.StewardID:
		return true
	}
	return DeskRoles.Allows(a.Role) && a.Unit != "" && slices.Contains(p.Units, a.Unit)
}

// MaySeeProject reports whether a may read project p (its stages and items,
// not its channel): its members, and the command center, leaders and
// administrators of a town they reach (reaches). Others are told it does
// not exist.
func MaySeeProject(a Actor, p *Project, reaches bool) bool {
	if p.IsMember(a) || a.Role == RoleSystem {
		return true
	}
	return reaches && ConsoleRoles.Allows(a.Role)
}

// MayReadProjectChannel reports whether a may read and write p's channel:
// its members only.
func MayReadProjectChannel(a Actor, p *Project) bool { return p.IsMember(a) }

// MayEditProjects reports whether a may open projects and edit their items'
// plan: the command center and administrators (of a town they reach, which
// the app checks).
func MayEditProjects(a Actor) bool { return CommandRoles.Allows(a.Role) || a.Role == RoleSystem }

// MayCompleteItem reports whether a may mark item it of p done: the staff
// of the unit that owns it, the steward, and the command center and
// administrators of the town (reaches).
func MayCompleteItem(a Actor, p *Project, it *ProjectItem, reaches bool) bool {
	switch {
	case a.UserID != 0 && a.UserID == p.StewardID:
		return true
	case DeskRoles.Allows(a.Role) && a.Unit == it.Unit:
		return true
	}
	return reaches && CommandRoles.Allows(a.Role)
}

// MayRaiseProjectIssue reports whether a may raise an issue on p as a
// case: its investor and its steward.
func MayRaiseProjectIssue(a Actor, p *Project) bool {
	return a.UserID != 0 && (a.UserID == p.InvestorID || a.UserID == p.StewardID)
}

// MaxProjectName is the longest project name, in characters.
const MaxProjectName = 100

// CheckProject checks what a person gives of a project.
func CheckProject(p *Project) error {
	if err := CheckTexts("name", p.Name, "description", p.Description, "address", p.Address); err != nil {
		return err
	}
	switch n := len([]rune(p.Name)); {
	case n == 0:
		return FieldErrorf(EINVALID, "name", "Give the project a name.")
	case n > MaxProjectName:
		return FieldErrorf(EINVALID, "name", "A project's name has at most %d characters.", MaxProjectName)
	}
	if len([]rune(p.Description)) > MaxDescription {
		return FieldErrorf(EINVALID, "description", "The description is longer than %d characters.", MaxDescription)
	}
	if p.Lat < -90 || p.Lat > 90 || p.Lng < -180 || p.Lng > 180 || (p.Lat == 0 && p.Lng == 0) || p.Lat != p.Lat || p.Lng != p.Lng {
		return FieldErrorf(EINVALID, "lat", "Give the project's place on the map.")
	}
	if p.InvestorID == 0 {
		return FieldErrorf(EINVALID, "investor_id", "Choose the project's investor.")
	}
	if p.StewardID == 0 {
		return FieldErrorf(EINVALID, "steward_id", "Choose the project's steward.")
	}
	return nil
}

// Stage returns the index of p's current stage: the first with an item not
// done; len(p.Stages) when every item is done.
func (p *Project) Stage() int {
	for i := range p.Stages {
		for _, it := range p.Items {
			if it.Stage == i && it.DoneAt == nil {
				return i
			}
		}
	}
	return len(p.Stages)
}

// StageName is the name of p's current stage, "" when it is complete.
func (p *Project) StageName() string {
	if s := p.Stage(); s < len(p.Stages) {
		return p.Stages[s]
	}
	return ""
}

// Item returns p's item with id, nil if it has none.
func (p *Project) Item(id int64) *ProjectItem {
	for i := range p.Items {
		if p.Items[i].ID == id {
			return &p.Items[i]
		}
	}
	return nil
}

// ItemBySeq returns p's item with seq, nil if it has none.
func (p *Project) ItemBySeq(seq int) *ProjectItem {
	for i := range p.Items {
		if p.Items[i].Seq == seq {
			return &p.Items[i]
		}
	}
	return nil
}
