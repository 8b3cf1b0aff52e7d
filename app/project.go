package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Investment projects (项目管家): an investor's project followed by one
// steward through the authorities' stages and items. Members (investor,
// steward, the involved units' staff) see it and its channel; the command
// center, leaders and administrators of its town see it; everyone else is
// told it does not exist.

func errNoProject(id int64) error {
	return guanjia.Errorf(guanjia.ENOTFOUND, "Project %d not found.", id)
}

// ProjectItemView is an item with what it stands at now.
type ProjectItemView struct {
	guanjia.ProjectItem
	State      string     `json:"state"` // waiting, open, overdue, done
	DueAt      *time.Time `json:"due_at,omitempty"`
	DaysUsed   int        `json:"days_used"`
	WaitingFor []string   `json:"waiting_for,omitempty"` // the prerequisites not done
	StageName  string     `json:"stage_name"`
}

// ProjectView is a project as a reader sees it.
type ProjectView struct {
	*guanjia.Project
	Stage     int                            `json:"stage"` // index; len(stages) when complete
	StageName string                         `json:"stage_name"`
	States    []ProjectItemView              `json:"item_states"`
	Timeline  []guanjia.ProjectTimelineEntry `json:"timeline,omitempty"`
	Cases     []store.ProjectCase            `json:"cases,omitempty"`
	Member    bool                           `json:"member"` // the reader may use the channel
	Unread    int                            `json:"unread"`
	Overdue   int                            `json:"overdue"`
}

// view computes p's item states at now for actor.
func (a *App) view(actor guanjia.Actor, p *guanjia.Project) *ProjectView {
	cal, now := a.calendarIn(p.Jurisdiction), a.now()
	v := &ProjectView{Project: p, Stage: p.Stage(), StageName: p.StageName(), Member: guanjia.MayReadProjectChannel(actor, p)}
	for i := range p.Items {
		it := &p.Items[i]
		iv := ProjectItemView{ProjectItem: *it, State: p.State(cal, it, now), DueAt: it.DueAt(cal), DaysUsed: it.DaysUsed(cal, now)}
		if it.Stage < len(p.Stages) {
			iv.StageName = p.Stages[it.Stage]
		}
		for _, b := range p.Blockers(it) {
			iv.WaitingFor = append(iv.WaitingFor, b.Name)
		}
		if iv.State == guanjia.ItemOverdue {
			v.Overdue++
		}
		v.States = append(v.States, iv)
	}
	return v
}

// loadProject returns project id if actor may see it; else not found.
func (a *App) loadProject(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Project, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	p, err := a.db.GetProject(ctx, id)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !guanjia.MaySeeProject(actor, p, a.Reaches(actor.Jurisdiction, p.Jurisdiction))) {
		return nil, errNoProject(id)
	}
	return p, err
}

// Project returns a project with its items' states, timeline and cases to
// who may see it.
func (a *App) Project(ctx context.Context, actor guanjia.Actor, id int64) (*ProjectView, error) {
	p, err := a.loadProject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	v := a.view(actor, p)
	if v.Timeline, err = a.db.ProjectTimeline(ctx, id); err != nil {
		return nil, err
	}
	if v.Cases, err = a.db.ProjectCases(ctx, id); err != nil {
		return nil, err
	}
	return v, nil
}

// Projects lists the projects actor sees: an investor their own; a unit's
// staff those their unit is involved in and those they steward; the
// command center, leaders and administrators their town's.
func (a *App) Projects(ctx context.Context, actor guanjia.Actor) ([]*ProjectView, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	var ps []*guanjia.Project
	var err error
	switch actor.Role {
	case guanjia.RoleInvestor:
		ps, err = a.db.Projects(ctx, guanjia.ProjectFilter{InvestorID: actor.UserID})
	case guanjia.RoleHandler, guanjia.RoleUnitLead:
		if ps, err = a.db.Projects(ctx, guanjia.ProjectFilter{Unit: actor.Unit}); err == nil {
			var own []*guanjia.Project
			own, err = a.db.Projects(ctx, guanjia.ProjectFilter{StewardID: actor.UserID})
			for _, p := range own {
				if !slices.ContainsFunc(ps, func(q *guanjia.Project) bool { return q.ID == p.ID }) {
					ps = append(ps, p)
				}
			}
		}
	case guanjia.RoleDispatcher, guanjia.RoleLeader, guanjia.RoleAdmin:
		f := guanjia.ProjectFilter{}
		if a.Confined(actor) {
			f.Jurisdiction = actor.Jurisdiction
		}
		ps, err = a.db.Projects(ctx, f)
	default:
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only investors and the staff follow projects.")
	}
	if err != nil {
		return nil, err
	}
	var out []*ProjectView
	var ids []int64
	for _, p := range ps {
		if guanjia.MaySeeProject(actor, p, a.Reaches(actor.Jurisdiction, p.Jurisdiction)) {
			out = append(out, a.view(actor, p))
			ids = append(ids, p.ID)
		}
	}
	unread, err := a.db.ProjectUnread(ctx, actor.UserID, ids)
	if err != nil {
		return nil, err
	}
	for _, v := range out {
		if v.Member {
			v.Unread = unread[v.ID]
		}
	}
	return out, nil
}

// CreateProject opens a project from its town's template: the command
// center and administrators. The point places it in its town, village and
// grid; the investor must have the investor role and the steward be staff
// of the town.
func (a *App) CreateProject(ctx context.Context, actor guanjia.Actor, p *guanjia.Project) error {
	if !guanjia.MayEditProjects(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and administrators open projects.")
	}
	if err := guanjia.CheckProject(p); err != nil {
		return err
	}
	p.Grid, p.Village, p.Jurisdiction = a.Locate(p.Lat, p.Lng)
	if p.Jurisdiction == "" {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "lat", "This place is outside every town served here.")
	}
	if !a.Reaches(actor.Jurisdiction, p.Jurisdiction) {
		return guanjia.FieldErrorf(guanjia.EFORBIDDEN, "lat", "You may open projects only in your own town.")
	}
	inv, err := a.db.GetUser(ctx, p.InvestorID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && inv.Role != guanjia.RoleInvestor) {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "investor_id", "The investor must be an account with the role of investor.")
	} else if err != nil {
		return err
	}
	st, err := a.db.GetUser(ctx, p.StewardID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && (!guanjia.StaffRoles.Allows(st.Role) || st.Disabled ||
		!a.Reaches(st.Jurisdiction, p.Jurisdiction))) {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "steward_id", "The steward must be a member of the town's staff.")
	} else if err != nil {
		return err
	}
	t, err := a.projectTemplate(ctx, p.Jurisdiction)
	if err != nil {
		return err
	}
	for _, u := range t.Units() {
		if _, ok := a.Unit(u); !ok {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The town's project template names unit %q, which does not exist; an administrator must correct it.", u)
		}
	}
	now := a.now()
	p.Stages, p.Items = t.NewItems()
	p.Units, p.InvestorName, p.StewardName = t.Units(), inv.Name, st.Name
	planItems(a.calendarIn(p.Jurisdiction), p, now)
	p.ID, p.CreatedAt, p.UpdatedAt = 0, now, now
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateProject(ctx, p); err != nil {
			return err
		}
		return tx.AddProjectTimeline(ctx, &guanjia.ProjectTimelineEntry{ProjectID: p.ID, At: now, ActorID: actor.UserID,
			ActorName: actor.Name, Key: guanjia.NoteProjectOpened, Args: []string{p.Name}})
	})
}

// planItems starts the items of new project p that wait for nothing and
// plans every item's date: its limit after the latest plan of its
// prerequisites.
func planItems(cal guanjia.Calendar, p *guanjia.Project, now time.Time) {
	for i := range p.Items {
		it := &p.Items[i]
		from := now
		for _, s := range it.Prereqs {
			if pre := p.ItemBySeq(s); pre != nil && pre.PlannedAt != nil && pre.PlannedAt.After(from) {
				from = *pre.PlannedAt
			}
		}
		planned := cal.AddWorkingDays(from, it.LimitDays)
		it.PlannedAt = &planned
		if len(it.Prereqs) == 0 {
			it.StartedAt = &now
		}
	}
}

// CompleteProjectItem marks an item done: the owning unit's staff, the
// steward, the command center. Items that waited for it start.
func (a *App) CompleteProjectItem(ctx context.Context, actor guanjia.Actor, projectID, itemID int64) (*ProjectView, error) {
	p, err := a.loadProject(ctx, actor, projectID)
	if err != nil {
		return nil, err
	}
	it := p.Item(itemID)
	if it == nil {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Item %d not found.", itemID)
	}
	if !guanjia.MayCompleteItem(actor, p, it, a.Reaches(actor.Jurisdiction, p.Jurisdiction)) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the authority that owns this item, or the steward, marks it done.")
	}
	now := a.now()
	started, err := p.CompleteItem(itemID, now)
	if err != nil {
		return nil, err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		for _, x := range append([]*guanjia.ProjectItem{it}, started...) {
			if err := tx.UpdateProjectItem(ctx, x); err != nil {
				return err
			}
		}
		if err := tx.TouchProject(ctx, p.ID, now); err != nil {
			return err
		}
		return tx.AddProjectTimeline(ctx, &guanjia.ProjectTimelineEntry{ProjectID: p.ID, At: now, ActorID: actor.UserID,
			ActorName: actor.Name, Key: guanjia.NoteItemDone, Args: []string{it.Name}})
	})
	if err != nil {
		return nil, fmt.Errorf("complete item %d: %w", itemID, err)
	}
	return a.Project(ctx, actor, projectID)
}
