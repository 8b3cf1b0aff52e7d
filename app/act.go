package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Act performs a closed-loop action on a case as actor, and returns the
// case as the actor may see it afterwards. The change, its timeline event
// and its outbox message commit together; a concurrent change to the same
// case makes one of them fail with a conflict, never a lost update. On
// PostgreSQL an action that a deadlock on the summaries' rows gives up is
// run again (store.TxRetry): it reads the case afresh each time.
func (a *App) Act(ctx context.Context, actor guanjia.Actor, id int64, cmd guanjia.Command) (*guanjia.Case, error) {
	var out *guanjia.Case
	err := a.db.TxRetry(ctx, func(tx *store.Tx) error {
		var err error
		out, err = a.actIn(ctx, tx, actor, id, cmd)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s case %d: %w", cmd.Action, id, err)
	}
	a.notifyChanged()
	return redact(out, actor), nil
}

// actIn is Act within tx, for use cases that write more in the same
// transaction; it returns the case unredacted.
func (a *App) actIn(ctx context.Context, tx *store.Tx, actor guanjia.Actor, id int64, cmd guanjia.Command) (*guanjia.Case, error) {
	c, err := a.caseFor(ctx, tx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := guanjia.Permit(c, cmd.Action, actor); err != nil {
		return nil, err
	}
	if err := a.checkCommand(ctx, tx, c, &cmd, actor); err != nil {
		return nil, err
	}
	next, err := a.apply(ctx, tx, c, cmd, actor)
	if err != nil {
		return nil, err
	}
	if cmd.Action == guanjia.ActionMerge {
		if err := a.mergeInto(ctx, tx, c, cmd.Target); err != nil {
			return nil, err
		}
	}
	return next, nil
}

// ActWithTracking performs an action as the anonymous reporter who holds the
// case's tracking token.
func (a *App) ActWithTracking(ctx context.Context, number, token string, cmd guanjia.Command) (*guanjia.Case, error) {
	c, err := a.CaseByTracking(ctx, number, token)
	if err != nil {
		return nil, err
	}
	return a.Act(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous, Tracking: true}, c.ID, cmd)
}

// CaseByTracking returns the case with this number if token is its
// tracking token; otherwise ENOTFOUND, so tokens cannot be probed.
func (a *App) CaseByTracking(ctx context.Context, number, token string) (*guanjia.Case, error) {
	if err := guanjia.CheckTexts("number", number, "token", token); err != nil {
		return nil, err
	}
	c, err := a.db.GetCaseByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if token == "" || c.TrackingHash == "" || !equalHash(c.TrackingHash, HashSecret(token)) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No case %s with that tracking code.", number)
	}
	return c, nil
}

// apply runs the lifecycle and writes the result, its event and its
// outbox message with tx.
func (a *App) apply(ctx context.Context, tx *store.Tx, c *guanjia.Case, cmd guanjia.Command, actor guanjia.Actor) (*guanjia.Case, error) {
	cat, err := a.caseCategory(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	env := guanjia.Env{Now: a.now(), Calendar: a.calendarIn(c.Jurisdiction), Category: cat}
	next, e, err := guanjia.Apply(*c, cmd, actor, env)
	if err != nil {
		return nil, err
	}
	if err := tx.UpdateCase(ctx, &next, c.Version); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, &e); err != nil {
		return nil, err
	}
	if err := tx.RecordCaseStat(ctx, &next, &e, a.calendarIn(next.Jurisdiction)); err != nil {
		return nil, err
	}
	if err := addMessage(ctx, tx, guanjia.TopicCaseChanged, &next, &e); err != nil {
		return nil, err
	}
	return &next, nil
}

// checkCommand checks what the pure lifecycle cannot: that the things a
// command names exist.
func (a *App) checkCommand(ctx context.Context, tx *store.Tx, c *guanjia.Case, cmd *guanjia.Command, actor guanjia.Actor) error {
	switch cmd.Action {
	case guanjia.ActionDispatch:
		if u, ok := a.Unit(cmd.Unit); cmd.Unit != "" && (!ok || !u.Active || !a.Reaches(u.Jurisdiction, c.Jurisdiction)) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "unit", "There is no active unit %q.", cmd.Unit)
		}
	case guanjia.ActionAssign:
		return a.checkHandler(ctx, tx, c, cmd.Handler)
	case guanjia.ActionRefer:
		if j := a.ref.Load().jurisdictions[c.Jurisdiction]; j == nil || j.Parent == "" {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "Town %s has no county above it.", c.Jurisdiction)
		}
	case guanjia.ActionMerge:
		if cmd.Target == 0 || cmd.Target == c.ID {
			return nil // the lifecycle explains
		}
		t, err := tx.GetCase(ctx, cmd.Target)
		if err == nil && (t.Jurisdiction != c.Jurisdiction || a.outside(actor, t) != nil) {
			err = guanjia.Errorf(guanjia.ENOTFOUND, "Case %d not found.", cmd.Target)
		}
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "target", "There is no case %d to merge into.", cmd.Target)
		} else if err != nil {
			return err
		}
		if !t.Status.Open() || t.Status == guanjia.StatusMerged {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "target", "Case %s is %s; merge into an open case.", t.Number, t.Status)
		}
	}
	return nil
}

// mergeInto moves the merged case's reporters and followers to the target
// and notes the merge on the target's timeline.
func (a *App) mergeInto(ctx context.Context, tx *store.Tx, from *guanjia.Case, targetID int64) error {
	moved, err := tx.MoveFollowers(ctx, from.ID, targetID)
	if err != nil {
		return err
	}
	t, err := tx.GetCase(ctx, targetID)
	if err != nil {
		return err
	}
	prev := t.Version
	t.Followers += moved
	t.Version++
	t.UpdatedAt = a.now()
	if err := tx.UpdateCase(ctx, t, prev); err != nil {
		return err
	}
	e := &guanjia.Event{CaseID: t.ID, At: t.UpdatedAt, Action: guanjia.ActionComment, ActorName: "system",
		ActorRole: guanjia.RoleSystem, From: t.Status, To: t.Status, Unit: t.Unit, Public: true,
		NoteKey: guanjia.NoteMerged, NoteArgs: []string{from.Number},
		Data: map[string]any{"merged": from.ID, "followers": moved}}
	if err := tx.AddEvent(ctx, e); err != nil {
		return err
	}
	if err := tx.RecordCaseStat(ctx, t, e, a.calendarIn(t.Jurisdiction)); err != nil {
		return err
	}
	return addMessage(ctx, tx, guanjia.TopicCaseChanged, t, e)
}
