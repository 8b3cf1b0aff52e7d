package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// sweepProjects escalates, once each, the project items past their limit:
// a line on the project's timeline and a notification to the owning
// unit's leads and the steward, written together with the mark that the
// item was escalated, so no item escalates twice.
func (a *App) sweepProjects(ctx context.Context, now time.Time, res *SweepResult) error {
	ids, err := a.db.OverdueItemProjects(ctx, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, err := a.db.GetProject(ctx, id)
		if err != nil {
			return err
		}
		cal := a.calendarIn(p.Jurisdiction)
		for i := range p.Items {
			it := &p.Items[i]
			if !p.ItemEscalationDue(cal, it, now) {
				continue
			}
			err := a.db.Tx(ctx, func(tx *store.Tx) error {
				ok, err := tx.MarkItemEscalated(ctx, it.ID, now)
				if err != nil || !ok {
					return err
				}
				res.ProjectItems++
				days := strconv.Itoa(it.LimitDays)
				err = tx.AddProjectTimeline(ctx, &guanjia.ProjectTimelineEntry{ProjectID: p.ID, At: now, ActorName: guanjia.SystemActor.Name,
					Key: guanjia.NoteItemOverdue, Args: []string{it.Name, days}})
				if err != nil {
					return err
				}
				leads, err := tx.UsersOfUnits(ctx, []string{it.Unit})
				if err != nil {
					return err
				}
				to := []int64{p.StewardID}
				for _, u := range leads {
					if u.Role == guanjia.RoleUnitLead && !slices.Contains(to, u.ID) {
						to = append(to, u.ID)
					}
				}
				for _, uid := range to {
					err := a.notifyUser(ctx, tx, p.Jurisdiction, uid, it.ID, guanjia.NotifyProjectOverdue, guanjia.NotifyKeyItemOverdue,
						func(string) []string { return []string{p.Name, it.Name, days, a.projectLink(p.ID)} })
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("escalate project %d item %d: %w", p.ID, it.ID, err)
			}
		}
	}
	return nil
}

// ProjectDashboard is the leaders' view of a town's projects.
type ProjectDashboard struct {
	Projects []*ProjectView `json:"projects"`
	// ByStage counts projects by their current stage's name ("" for complete).
	ByStage []StageCount `json:"by_stage"`
	// OverdueByUnit counts items past their limit by the owning unit.
	OverdueByUnit []UnitCount `json:"overdue_by_unit"`
	// Stewards counts the open projects each steward follows.
	Stewards []StewardLoad `json:"stewards"`
}

// StageCount is how many projects stand at a stage.
type StageCount struct {
	Stage string `json:"stage"`
	Index int    `json:"index"` // its place in the stages; complete projects last
	Count int    `json:"count"`
}

// UnitCount is how many overdue items a unit owns.
type UnitCount struct {
	Unit  string `json:"unit"`
	Count int    `json:"count"`
}

// StewardLoad is how many open projects a steward follows, and how many of
// their items are overdue.
type StewardLoad struct {
	StewardID int64  `json:"steward_id"`
	Name      string `json:"name"`
	Projects  int    `json:"projects"`
	Overdue   int    `json:"overdue"`
}

// ProjectDashboard returns the projects actor sees, counted by stage,
// overdue items by authority and steward load: the command center, leaders
// and administrators.
func (a *App) ProjectDashboard(ctx context.Context, actor guanjia.Actor) (*ProjectDashboard, error) {
	if !guanjia.ConsoleRoles.Allows(actor.Role) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and the leaders see the projects' dashboard.")
	}
	vs, err := a.Projects(ctx, actor)
	if err != nil {
		return nil, err
	}
	d := &ProjectDashboard{Projects: vs}
	for _, v := range vs {
		if i := slices.IndexFunc(d.ByStage, func(s StageCount) bool { return s.Stage == v.StageName }); i >= 0 {
			d.ByStage[i].Count++
		} else {
			d.ByStage = append(d.ByStage, StageCount{Stage: v.StageName, Index: v.Stage, Count: 1})
		}
		for _, it := range v.States {
			if it.State != guanjia.ItemOverdue {
				continue
			}
			if i := slices.IndexFunc(d.OverdueByUnit, func(u UnitCount) bool { return u.Unit == it.Unit }); i >= 0 {
				d.OverdueByUnit[i].Count++
			} else {
				d.OverdueByUnit = append(d.OverdueByUnit, UnitCount{Unit: it.Unit, Count: 1})
			}
		}
		if v.StageName == "" {
			continue
		}
		i := slices.IndexFunc(d.Stewards, func(s StewardLoad) bool { return s.StewardID == v.StewardID })
		if i < 0 {
			d.Stewards = append(d.Stewards, StewardLoad{StewardID: v.StewardID, Name: v.StewardName})
			i = len(d.Stewards) - 1
		}
		d.Stewards[i].Projects++
		d.Stewards[i].Overdue += v.Overdue
	}
	slices.SortStableFunc(d.ByStage, func(x, y StageCount) int { return x.Index - y.Index })
	slices.SortFunc(d.OverdueByUnit, func(x, y UnitCount) int { return y.Count - x.Count })
	slices.SortFunc(d.Stewards, func(x, y StewardLoad) int { return y.Projects - x.Projects })
	return d, nil
}
