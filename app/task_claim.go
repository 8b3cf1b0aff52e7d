package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// errNotConfirming refuses a confirmation by anyone but staff of the unit
// that published the task.
var errNotConfirming = guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff of the unit that published the task confirm it.")

// ClaimTask lets an approved housekeeper grab a place on a task, first come
// first served: with concurrent grabs, exactly as many succeed as the task
// needs.
func (a *App) ClaimTask(ctx context.Context, actor guanjia.Actor, id int64) (*TaskDetail, error) {
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := a.activeHousekeeper(ctx, tx, actor); err != nil {
			return err
		}
		t, err := a.taskFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if err := guanjia.CanClaim(t, a.now()); err != nil {
			return err
		}
		return tx.ClaimTask(ctx, id, actor.UserID, a.now())
	})
	if err != nil {
		return nil, fmt.Errorf("claim task %d: %w", id, err)
	}
	return a.Task(ctx, actor, id)
}

// CheckIn records that the claimer is at the task's place, within its time window.
func (a *App) CheckIn(ctx context.Context, actor guanjia.Actor, id int64, lat, lng float64) (*TaskDetail, error) {
	if !guanjia.MayServe(actor) {
		return nil, errNotServing
	}
	return a.changeClaim(ctx, actor, id, actor.UserID, func(t *guanjia.Task, c *guanjia.TaskClaim) (guanjia.TaskClaim, error) {
		dist := 0.0
		if t.HasPlace() {
			dist = geo.Distance(lat, lng, t.Lat, t.Lng)
		}
		return guanjia.Checkin(t, *c, lat, lng, dist, a.now())
	}, nil)
}

// CompleteTask records the claimer's proof of work: photos and a note.
func (a *App) CompleteTask(ctx context.Context, actor guanjia.Actor, id int64, photos []string, note string) (*TaskDetail, error) {
	if !guanjia.MayServe(actor) {
		return nil, errNotServing
	}
	for _, h := range photos {
		if !a.photoExists(h) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photos", "Photo %s was not uploaded.", h)
		}
	}
	return a.changeClaim(ctx, actor, id, actor.UserID, func(t *guanjia.Task, c *guanjia.TaskClaim) (guanjia.TaskClaim, error) {
		return guanjia.Complete(*c, photos, note, a.now())
	}, nil)
}

// ConfirmTask is staff's check of one person's completed work on a task
// their unit published. An approved claim earns the task's points, within
// the daily caps, in the same transaction.
func (a *App) ConfirmTask(ctx context.Context, actor guanjia.Actor, id, userID int64, approve bool, reason string) (*TaskDetail, error) {
	if !guanjia.MayPublishTask(actor, actor.Unit) {
		return nil, errNotConfirming
	}
	award := func(ctx context.Context, tx *store.Tx, t *guanjia.Task, c *guanjia.TaskClaim) error {
		if c.Status != guanjia.ClaimConfirmed || t.Points == 0 {
			return nil
		}
		aw := guanjia.Award{UserID: c.UserID, Kind: guanjia.PointsTask, ApprovedBy: actor.UserID,
			Reason: "Task completed and confirmed: " + t.Title, At: a.now()}
		_, err := a.award(ctx, tx, aw, guanjia.SourceTask, t.ID, t.Points)
		return err
	}
	return a.changeClaim(ctx, actor, id, userID, func(t *guanjia.Task, c *guanjia.TaskClaim) (guanjia.TaskClaim, error) {
		if !guanjia.MayPublishTask(actor, t.Unit) {
			return *c, errNotConfirming
		}
		return guanjia.Confirm(*c, approve, reason, actor, a.now())
	}, award)
}

// changeClaim loads a task and a claim on it, applies change and writes
// the result, and then runs after (if any), in one transaction.
func (a *App) changeClaim(ctx context.Context, actor guanjia.Actor, id, userID int64,
	change func(*guanjia.Task, *guanjia.TaskClaim) (guanjia.TaskClaim, error),
	after func(context.Context, *store.Tx, *guanjia.Task, *guanjia.TaskClaim) error) (*TaskDetail, error) {
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := a.taskFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		c, err := tx.GetClaim(ctx, id, userID)
		if err != nil {
			return err
		}
		next, err := change(t, c)
		if err != nil {
			return err
		}
		if err := tx.UpdateClaim(ctx, &next, c.Version); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx, t, &next)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("task %d: %w", id, err)
	}
	return a.Task(ctx, actor, id)
}
