package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// TopicTaskPublished announces a new task to the housekeepers of its area.
const TopicTaskPublished = "task.published"

// errNoTasks refuses those who may not see tasks.
var errNoTasks = guanjia.Errorf(guanjia.EFORBIDDEN, "Only housekeepers and staff see tasks.")

// PublishTask publishes a task for housekeepers to claim. Staff of a unit
// publish for their unit; a task to check a report defaults to the case's
// place and area.
func (a *App) PublishTask(ctx context.Context, actor guanjia.Actor, t *guanjia.Task) error {
	return a.publishTask(ctx, actor, t, nil)
}

// publishTask publishes t and runs also, when given, in its transaction.
func (a *App) publishTask(ctx context.Context, actor guanjia.Actor, t *guanjia.Task, also func(*store.Tx) error) error {
	if t.Unit == "" && (actor.Role == guanjia.RoleHandler || actor.Role == guanjia.RoleUnitLead) {
		t.Unit = actor.Unit
	}
	if !guanjia.MayPublishTask(actor, t.Unit) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "You may publish tasks only for your own unit.")
	}
	rules, err := a.PointRules(ctx)
	if err != nil {
		return err
	}
	if err := t.Validate(rules.MaxTaskPoints); err != nil {
		return err
	}
	if err := a.placeTask(ctx, actor, t); err != nil {
		return err
	}
	t.Claimed, t.Cancelled, t.CreatedBy, t.CreatedAt = 0, false, actor.UserID, a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateTask(ctx, t); err != nil {
			return err
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return addAreaMessage(ctx, tx, TopicTaskPublished, actor, map[string]any{"id": t.ID, "title": t.Title,
			"kind": t.Kind, "grid": t.Grid, "village": t.Village, "lat": t.Lat, "lng": t.Lng,
			"needed": t.Needed, "points": t.Points, "ends_at": t.EndsAt}, t.CreatedAt)
	})
	if err != nil {
		return fmt.Errorf("publish task: %w", err)
	}
	a.notifyChanged()
	t.State = t.StateAt(a.now())
	return nil
}

// placeTask checks the task's area and case, and fills what they imply:
// a case, grid or village outside actor's reach is refused as if there
// were none, and a case of another unit than a unit's staff's.
func (a *App) placeTask(ctx context.Context, actor guanjia.Actor, t *guanjia.Task) error {
	if t.CaseID != 0 {
		c, err := a.caseFor(ctx, a.db, actor, t.CaseID)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "case_id", "There is no case %d.", t.CaseID)
		} else if err != nil {
			return err
		}
		if !actor.CanSee(c) {
			return guanjia.FieldErrorf(guanjia.EFORBIDDEN, "case_id", "You may publish a check only of a case your unit handles.")
		}
		if !t.HasPlace() {
			t.Lat, t.Lng, t.Radius, t.Address = c.Lat, c.Lng, 200, c.Address
		}
		if t.Grid == "" && t.Village == "" {
			t.Grid = c.Grid
		}
	}
	if t.Grid != "" {
		g, ok := a.gridWithin(actor.Jurisdiction, t.Grid)
		if !ok {
			return guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", t.Grid)
		}
		t.Village = g.Village
	} else if t.Village != "" && !a.villageWithin(actor.Jurisdiction, t.Village) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "village", "There is no village %q.", t.Village)
	}
	return nil
}

// taskGetter reads a task: the store, or a transaction.
type taskGetter interface {
	GetTask(context.Context, int64) (*guanjia.Task, error)
}

// taskFor reads task id for actor: ENOTFOUND when there is none or it is
// of a jurisdiction whose tasks actor does not see (tasksTowns), as if it
// did not exist.
func (a *App) taskFor(ctx context.Context, r taskGetter, actor guanjia.Actor, id int64) (*guanjia.Task, error) {
	t, err := r.GetTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if towns := a.tasksTowns(actor); towns != nil && !slices.Contains(towns, t.Jurisdiction) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Task %d not found.", id)
	}
	return t, nil
}

// addAreaMessage writes an outbox message about a task or notice that
// by publishes: news of their jurisdiction, as the task or notice is.
func addAreaMessage(ctx context.Context, tx *store.Tx, topic string, by guanjia.Actor, payload map[string]any, at time.Time) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return tx.AddMessage(ctx, &guanjia.Message{Topic: topic, Payload: b, At: at, Jurisdiction: by.Jurisdiction})
}

// TaskQuery is what a task list asks for.
type TaskQuery struct {
	Near *guanjia.Circle // also tasks with a place within this circle
	All  bool            // staff: ended tasks too
	Mine bool            // only tasks the caller claimed
}

// Tasks lists tasks. A housekeeper sees the running tasks of their grid,
// their village and the whole town, those with a place near them (when
// they say where they are), and those they claimed; staff see all.
func (a *App) Tasks(ctx context.Context, actor guanjia.Actor, q TaskQuery) ([]*guanjia.Task, error) {
	if !guanjia.MaySeeTasks(actor) {
		return nil, errNoTasks
	}
	now := a.now()
	f := guanjia.TaskFilter{Limit: 500}
	if !q.All || actor.Role == guanjia.RoleHousekeeper {
		f.EndsAfter = &now
	}
	if q.Mine {
		f.ClaimedBy = actor.UserID
	}
	f.Towns = a.tasksTowns(actor)
	ts, err := a.db.Tasks(ctx, f)
	if err != nil {
		return nil, err
	}
	if actor.Role == guanjia.RoleHousekeeper && !q.Mine {
		ts = a.tasksFor(actor, ts, q.Near)
	}
	return a.withClaims(ctx, actor, ts)
}

// tasksFor keeps the tasks of a housekeeper's area or near them.
func (a *App) tasksFor(actor guanjia.Actor, ts []*guanjia.Task, near *guanjia.Circle) []*guanjia.Task {
	g, _ := a.grid(actor.Grid)
	out := ts[:0]
	for _, t := range ts {
		inArea := t.Grid == actor.Grid || (t.Grid == "" && (t.Village == "" || t.Village == g.Village))
		close := near != nil && t.HasPlace() && geo.Distance(near.Lat, near.Lng, t.Lat, t.Lng) <= near.Radius
		if inArea || close {
			out = append(out, t)
		}
	}
	return out
}

func (a *App) withClaims(ctx context.Context, actor guanjia.Actor, ts []*guanjia.Task) ([]*guanjia.Task, error) {
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	mine, err := a.db.ClaimsOf(ctx, actor.UserID, ids)
	if err != nil {
		return nil, err
	}
	now := a.now()
	for _, t := range ts {
		t.State, t.Claim = t.StateAt(now), mine[t.ID]
	}
	if ts == nil {
		ts = []*guanjia.Task{}
	}
	return ts, nil
}

// TaskDetail is a task with the claims on it that the reader may see.
type TaskDetail struct {
	*guanjia.Task
	Claims []*guanjia.TaskClaim `json:"claims"`
}

// Task returns a task; staff see every claim, a housekeeper their own.
func (a *App) Task(ctx context.Context, actor guanjia.Actor, id int64) (*TaskDetail, error) {
	if !guanjia.MaySeeTasks(actor) {
		return nil, errNoTasks
	}
	t, err := a.taskFor(ctx, a.db, actor, id)
	if err != nil {
		return nil, err
	}
	ts, err := a.withClaims(ctx, actor, []*guanjia.Task{t})
	if err != nil {
		return nil, err
	}
	d := &TaskDetail{Task: ts[0], Claims: []*guanjia.TaskClaim{}}
	if actor.Role.IsStaff() {
		cs, err := a.db.Claims(ctx, id)
		if err != nil {
			return nil, err
		}
		d.Claims = append(d.Claims, cs...)
	}
	return d, nil
}
