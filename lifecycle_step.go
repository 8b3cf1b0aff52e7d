package guanjia

import "time"

// MaxPhotos is how many photos a report or an action may carry.
const MaxPhotos = 9

// step performs an action on c, filling in its event e.
type step func(c *Case, cmd *Command, a Actor, env Env, e *Event) error

func needText(cmd *Command, field, what string) error {
	if cmd.text() == "" {
		return FieldErrorf(EINVALID, field, "%s is required.", what)
	}
	return nil
}

func ptr(t time.Time) *time.Time { return &t }

func dispatch(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if cmd.Unit == "" {
		return FieldErrorf(EINVALID, "unit", "Choose the unit to dispatch to.")
	}
	if c.Status != StatusNew && cmd.Unit == c.Unit {
		return FieldErrorf(ECONFLICT, "unit", "The case is already with that unit.")
	}
	c.FinalDispatch = c.Disputed
	if c.Disputed {
		c.Disputed = false
		e.Data = map[string]any{"final": true}
	}
	c.Status, c.Unit = StatusDispatched, cmd.Unit
	c.DispatchedAt, c.AcceptedAt, c.ResolveDueAt = ptr(env.Now), nil, nil
	c.SignDueAt = ptr(Deadline(env.Calendar, env.Now, env.Category.SignLimit))
	c.EscalationLevel, c.PendingExtension, c.Handler = 0, nil, 0
	return nil
}

func accept(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if a.Role == RoleHandler && c.Handler == 0 {
		c.Handler = a.UserID // a handler who signs for a case takes it
	}
	c.Status, c.AcceptedAt = StatusAccepted, ptr(env.Now)
	c.ResolveDueAt = ptr(Deadline(env.Calendar, env.Now, env.Category.ResolveLimit))
	c.EscalationLevel = 0
	return nil
}

func returnCase(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if c.FinalDispatch {
		return Errorf(ECONFLICT, "The command center ruled this dispatch final; it cannot be returned.")
	}
	if err := needText(cmd, "reason", "A reason for the return"); err != nil {
		return err
	}
	e.Public = false
	e.Data = map[string]any{"from_unit": c.Unit}
	c.Status, c.Unit, c.Returns = StatusNew, "", c.Returns+1
	c.SignDueAt, c.ResolveDueAt, c.AcceptedAt, c.DispatchedAt = nil, nil, nil, nil
	c.EscalationLevel, c.PendingExtension, c.Handler = 0, nil, 0
	c.StartTriage(env.Calendar, env.Category, env.Now)
	if c.Returns >= MaxReturns {
		c.Disputed = true
		e.Data["disputed"] = true
	}
	return nil
}

func resolve(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "note", "A note on what was done"); err != nil {
		return err
	}
	c.Status, c.ResolvedAt, c.Resolution = StatusResolved, ptr(env.Now), cmd.text()
	c.PendingExtension = nil
	return nil
}

func verify(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if cmd.Fixed == nil {
		return FieldErrorf(EINVALID, "fixed", "Say whether the problem is fixed.")
	}
	if !*cmd.Fixed && c.HandledOnSpot() {
		// Not fixed after all: back to the dispatcher to send to a unit.
		c.Status, c.ResolvedAt, c.Resolution, c.Reopened = StatusNew, nil, "", c.Reopened+1
		c.StartTriage(env.Calendar, env.Category, env.Now)
		e.Data = map[string]any{"fixed": false}
		return nil
	}
	if !*cmd.Fixed {
		c.Status, c.ResolvedAt, c.Resolution, c.Reopened = StatusAccepted, nil, "", c.Reopened+1
		c.ResolveDueAt = ptr(Deadline(env.Calendar, env.Now, env.Category.ResolveLimit))
		c.EscalationLevel = 0
		e.Data = map[string]any{"fixed": false}
		return nil
	}
	if cmd.Satisfaction < 1 || cmd.Satisfaction > 5 {
		return FieldErrorf(EINVALID, "satisfaction", "Rate your satisfaction from 1 to 5.")
	}
	c.Status, c.ClosedAt, c.Satisfaction = StatusClosed, ptr(env.Now), cmd.Satisfaction
	e.Data = map[string]any{"fixed": true, "satisfaction": cmd.Satisfaction}
	return nil
}

func reject(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "reason", "A reason for the rejection"); err != nil {
		return err
	}
	c.Status, c.ClosedAt = StatusRejected, ptr(env.Now)
	c.SignDueAt, c.ResolveDueAt = nil, nil
	return nil
}

func merge(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if cmd.Target == 0 || cmd.Target == c.ID {
		return FieldErrorf(EINVALID, "target", "Choose another case to merge this one into.")
	}
	c.Status, c.MergedInto, c.ClosedAt = StatusMerged, cmd.Target, ptr(env.Now)
	c.SignDueAt, c.ResolveDueAt = nil, nil
	e.Data = map[string]any{"target": cmd.Target}
	return nil
}

func escalate(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if c.EscalationLevel >= MaxEscalation {
		return Errorf(ECONFLICT, "The case is already escalated to the county.")
	}
	c.EscalationLevel++
	supervise := cmd.Supervise || a.Role == RoleLeader
	if supervise {
		c.Supervised = true
	}
	e.Public = false
	e.Data = map[string]any{"level": c.EscalationLevel, "overdue": c.Overdue(env.Now), "supervise": supervise}
	return nil
}

func extend(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	switch {
	case c.PendingExtension != nil:
		return Errorf(ECONFLICT, "An extension is already awaiting approval.")
	case c.ResolveDueAt == nil || !env.Now.Before(*c.ResolveDueAt):
		return Errorf(ECONFLICT, "The time limit has already lapsed; an extension must be asked for before it does.")
	case !cmd.Until.After(*c.ResolveDueAt):
		return FieldErrorf(EINVALID, "until", "The new deadline must be later than the current one.")
	}
	if err := needText(cmd, "reason", "A reason for the extension"); err != nil {
		return err
	}
	c.PendingExtension = &Extension{Until: cmd.Until, Reason: cmd.text(), RequestedBy: a.UserID, RequestedAt: env.Now}
	e.Public = false
	e.Data = map[string]any{"until": cmd.Until}
	return nil
}

func approveExtension(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	switch {
	case c.PendingExtension == nil:
		return Errorf(ECONFLICT, "No extension is awaiting approval.")
	case c.ResolveDueAt == nil || !env.Now.Before(*c.ResolveDueAt):
		return Errorf(ECONFLICT, "The time limit has already lapsed; the extension can no longer be approved.")
	}
	approved := cmd.Approve == nil || *cmd.Approve
	e.Public = false
	e.Data = map[string]any{"approved": approved, "until": c.PendingExtension.Until}
	if approved {
		c.ResolveDueAt = ptr(c.PendingExtension.Until)
	}
	c.PendingExtension = nil
	return nil
}

func comment(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "note", "A comment"); err != nil {
		return err
	}
	// Only staff write internal notes; what others write is public.
	e.Public = cmd.Public || !a.Role.IsStaff()
	return nil
}

func closeCase(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	c.Status, c.ClosedAt = StatusClosed, ptr(env.Now)
	e.Data = map[string]any{"auto": true}
	return nil
}

func reopen(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "reason", "A reason for reopening"); err != nil {
		return err
	}
	c.Status, c.Unit, c.ClosedAt, c.ResolvedAt, c.Resolution = StatusNew, "", nil, nil, ""
	c.SignDueAt, c.ResolveDueAt, c.Satisfaction, c.MergedInto = nil, nil, 0, 0
	c.Reopened, c.Handler = c.Reopened+1, 0
	c.StartTriage(env.Calendar, env.Category, env.Now)
	return nil
}

// refer hands the case up to the county (from its town) or back down (from
// the county), with the reason why. A case the town has dispatched goes up
// taken from its unit, new in the county's queue; the county hands back
// only a case it has not dispatched (canRefer).
func refer(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "reason", "A reason"); err != nil {
		return err
	}
	c.Referred = !c.Referred
	e.Data = map[string]any{"referred": c.Referred}
	if c.Status != StatusNew {
		e.Data["from_unit"] = c.Unit
		c.Status, c.Unit = StatusNew, ""
		c.SignDueAt, c.ResolveDueAt, c.AcceptedAt, c.DispatchedAt = nil, nil, nil, nil
		c.EscalationLevel, c.PendingExtension = 0, nil
	}
	return nil
}
