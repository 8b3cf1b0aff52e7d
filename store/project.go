package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Investment projects: a row per project (its units and stage names as
// JSON), its items, the cases raised about it and its timeline. The
// channel is in project_channel.go.

const projectColumns = "p.id, p.jurisdiction, p.village, p.grid, p.name, p.description, p.address, p.lat, p.lng, " +
	"p.investor_id, i.name, p.steward_id, s.name, p.units, p.stages, p.created_at, p.updated_at"

const projectsFrom = " FROM projects p JOIN users i ON i.id = p.investor_id JOIN users s ON s.id = p.steward_id"

func scanProject(sc scanner) (*guanjia.Project, error) {
	p := &guanjia.Project{}
	err := sc.Scan(&p.ID, &p.Jurisdiction, &p.Village, &p.Grid, &p.Name, &p.Description, &p.Address, &p.Lat, &p.Lng,
		&p.InvestorID, &p.InvestorName, &p.StewardID, &p.StewardName, jsonCol{&p.Units}, jsonCol{&p.Stages},
		timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt})
	return p, err
}

const itemColumns = "id, project_id, stage, seq, name, unit, limit_days, prereqs, planned_at, started_at, done_at, escalated_at"

func scanItem(sc scanner) (guanjia.ProjectItem, error) {
	var it guanjia.ProjectItem
	err := sc.Scan(&it.ID, &it.ProjectID, &it.Stage, &it.Seq, &it.Name, &it.Unit, &it.LimitDays, jsonCol{&it.Prereqs},
		nullTimeCol{&it.PlannedAt}, nullTimeCol{&it.StartedAt}, nullTimeCol{&it.DoneAt}, nullTimeCol{&it.EscalatedAt})
	return it, err
}

// CreateProject stores a new project with its items and sets their ids.
func (tx *Tx) CreateProject(ctx context.Context, p *guanjia.Project) error {
	p.CreatedAt, p.UpdatedAt = norm(p.CreatedAt), norm(p.UpdatedAt)
	js, err := jsonArgs(p.Units, p.Stages)
	if err != nil {
		return err
	}
	p.ID, err = tx.insert(ctx, `INSERT INTO projects (jurisdiction, village, grid, name, description, address, lat, lng,
		investor_id, steward_id, units, stages, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Jurisdiction, p.Village, p.Grid, p.Name, p.Description, p.Address, p.Lat, p.Lng, p.InvestorID, p.StewardID,
		js[0], js[1], p.CreatedAt, p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create project: %w", err)
	}
	for i := range p.Items {
		it := &p.Items[i]
		it.ProjectID = p.ID
		pre, err := jsonArg(it.Prereqs)
		if err != nil {
			return err
		}
		it.ID, err = tx.insert(ctx, `INSERT INTO project_items (project_id, stage, seq, name, unit, limit_days, prereqs,
			planned_at, started_at, done_at, escalated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, it.Stage, it.Seq, it.Name, it.Unit, it.LimitDays, pre, normp(it.PlannedAt), normp(it.StartedAt),
			normp(it.DoneAt), normp(it.EscalatedAt))
		if err != nil {
			return fmt.Errorf("create project item %s: %w", it.Name, err)
		}
	}
	return nil
}

// UpdateProjectItem writes an item's dates.
func (tx *Tx) UpdateProjectItem(ctx context.Context, it *guanjia.ProjectItem) error {
	n, err := tx.affected(ctx, `UPDATE project_items SET planned_at = ?, started_at = ?, done_at = ?, escalated_at = ? WHERE id = ?`,
		normp(it.PlannedAt), normp(it.StartedAt), normp(it.DoneAt), normp(it.EscalatedAt), it.ID)
	if err != nil {
		return fmt.Errorf("update project item %d: %w", it.ID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Item %d not found.", it.ID)
	}
	return nil
}

// MarkItemEscalated records that item id was escalated at t, unless it was
// before; it reports whether this call did.
func (tx *Tx) MarkItemEscalated(ctx context.Context, id int64, t time.Time) (bool, error) {
	n, err := tx.affected(ctx, "UPDATE project_items SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND done_at IS NULL",
		norm(t), id)
	if err != nil {
		return false, fmt.Errorf("escalate project item %d: %w", id, err)
	}
	return n == 1, nil
}

// TouchProject sets a project's updated_at.
func (tx *Tx) TouchProject(ctx context.Context, id int64, t time.Time) error {
	_, err := tx.exec(ctx, "UPDATE projects SET updated_at = ? WHERE id = ?", norm(t), id)
	return err
}

// GetProject returns a project with its items.
func (r *reader) GetProject(ctx context.Context, id int64) (*guanjia.Project, error) {
	p, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Project %d not found.", id),
		"SELECT "+projectColumns+projectsFrom+" WHERE p.id = ?", []any{id}, scanProject)
	if err != nil {
		return nil, fmt.Errorf("get project %d: %w", id, err)
	}
	if p.Items, err = list(ctx, r, "SELECT "+itemColumns+" FROM project_items WHERE project_id = ? ORDER BY seq", []any{id}, scanItem); err != nil {
		return nil, fmt.Errorf("project %d items: %w", id, err)
	}
	return p, nil
}

// Projects returns the projects that match f with their items, newest first.
func (r *reader) Projects(ctx context.Context, f guanjia.ProjectFilter) ([]*guanjia.Project, error) {
	where, args := "1 = 1", []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"p.jurisdiction = ?", f.Jurisdiction, f.Jurisdiction != ""}, {"p.investor_id = ?", f.InvestorID, f.InvestorID != 0},
		{"p.steward_id = ?", f.StewardID, f.StewardID != 0},
		{"p.id IN (SELECT project_id FROM project_items WHERE unit = ?)", f.Unit, f.Unit != ""}} {
		if c.set {
			where, args = where+" AND "+c.col, append(args, c.v)
		}
	}
	ps, err := list(ctx, r, "SELECT "+projectColumns+projectsFrom+" WHERE "+where+" ORDER BY p.id DESC LIMIT 500", args, scanProject)
	if err != nil {
		return nil, fmt.Errorf("projects: %w", err)
	}
	if len(ps) == 0 {
		return ps, nil
	}
	byID := map[int64]*guanjia.Project{}
	ids := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i] = p, p.ID
	}
	items, err := list(ctx, r, "SELECT "+itemColumns+" FROM project_items WHERE project_id IN ("+placeholders(len(ids))+
		") ORDER BY project_id, seq", ids, scanItem)
	if err != nil {
		return nil, fmt.Errorf("projects' items: %w", err)
	}
	for _, it := range items {
		p := byID[it.ProjectID]
		p.Items = append(p.Items, it)
	}
	return ps, nil
}

// OverdueItemProjects returns the ids of projects with an item not done
// and not escalated that started before since: those the sweep looks at.
func (r *reader) OverdueItemProjects(ctx context.Context, since time.Time) ([]int64, error) {
	ids, err := list(ctx, r, `SELECT DISTINCT project_id FROM project_items
		WHERE done_at IS NULL AND escalated_at IS NULL AND started_at IS NOT NULL AND started_at < ? ORDER BY project_id LIMIT 1000`,
		[]any{norm(since)}, func(s scanner) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		})
	if err != nil {
		return nil, fmt.Errorf("overdue project items: %w", err)
	}
	return ids, nil
}

// AddProjectTimeline appends e to its project's timeline.
func (tx *Tx) AddProjectTimeline(ctx context.Context, e *guanjia.ProjectTimelineEntry) error {
	e.At = norm(e.At)
	args, err := jsonArg(e.Args)
	if err != nil {
		return err
	}
	e.ID, err = tx.insert(ctx, "INSERT INTO project_timeline (project_id, at, actor_id, actor_name, msg_key, args) VALUES (?, ?, ?, ?, ?, ?)",
		e.ProjectID, e.At, e.ActorID, e.ActorName, e.Key, args)
	if err != nil {
		return fmt.Errorf("add project timeline: %w", err)
	}
	return nil
}

// ProjectTimeline returns a project's timeline, oldest first.
func (r *reader) ProjectTimeline(ctx context.Context, id int64) ([]guanjia.ProjectTimelineEntry, error) {
	es, err := list(ctx, r, "SELECT id, project_id, at, actor_id, actor_name, msg_key, args FROM project_timeline WHERE project_id = ? ORDER BY id",
		[]any{id}, func(s scanner) (guanjia.ProjectTimelineEntry, error) {
			var e guanjia.ProjectTimelineEntry
			err := s.Scan(&e.ID, &e.ProjectID, timeCol{&e.At}, &e.ActorID, &e.ActorName, &e.Key, jsonCol{&e.Args})
			return e, err
		})
	if err != nil {
		return nil, fmt.Errorf("project %d timeline: %w", id, err)
	}
	return es, nil
}

// ProjectCase is a case raised about a project.
type ProjectCase struct {
	CaseID int64          `json:"case_id"`
	ItemID int64          `json:"item_id,omitempty"`
	Number string         `json:"number"`
	Status guanjia.Status `json:"status"`
	Unit   string         `json:"unit"`
	DueAt  *time.Time     `json:"due_at,omitempty"`
}

// LinkProjectCase links case caseID to a project and one of its items.
func (tx *Tx) LinkProjectCase(ctx context.Context, projectID, itemID, caseID int64, at time.Time) error {
	var item any
	if itemID != 0 {
		item = itemID
	}
	_, err := tx.exec(ctx, "INSERT INTO project_cases (case_id, project_id, item_id, created_at) VALUES (?, ?, ?, ?)",
		caseID, projectID, item, norm(at))
	if err != nil {
		return fmt.Errorf("link case %d to project %d: %w", caseID, projectID, err)
	}
	return nil
}

// ProjectCases returns the cases raised about a project, newest first.
func (r *reader) ProjectCases(ctx context.Context, id int64) ([]ProjectCase, error) {
	cs, err := list(ctx, r, `SELECT c.id, COALESCE(l.item_id, 0), c.number, c.status, c.unit, c.due_at FROM project_cases l
		JOIN cases c ON c.id = l.case_id WHERE l.project_id = ? ORDER BY c.id DESC`, []any{id}, func(s scanner) (ProjectCase, error) {
		var c ProjectCase
		err := s.Scan(&c.CaseID, &c.ItemID, &c.Number, &c.Status, &c.Unit, nullTimeCol{&c.DueAt})
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("project %d cases: %w", id, err)
	}
	return cs, nil
}

// ProjectTemplate returns the text of town's template, "" when it has none.
func (r *reader) ProjectTemplate(ctx context.Context, town string) (string, error) {
	return one(ctx, r, nil, "SELECT body FROM project_templates WHERE jurisdiction = ?", []any{town}, func(s scanner) (string, error) {
		var b string
		return b, s.Scan(&b)
	})
}

// PutProjectTemplate stores town's template text.
func (tx *Tx) PutProjectTemplate(ctx context.Context, town, body string, at time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO project_templates (jurisdiction, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (jurisdiction) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, town, body, norm(at))
	if err != nil {
		return fmt.Errorf("put project template %s: %w", town, err)
	}
	return nil
}
