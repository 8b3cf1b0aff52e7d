package guanjia

import (
	"net/url"
	"strconv"
	"time"
)

// Inside a unit: the unit lead assigns a case to one handler, or a handler
// takes an unassigned case; the lead reassigns. A case is the whole unit's
// until then ("the unit's" cases on the desk), and the handler's after
// ("my cases").

func assign(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	target := cmd.Handler
	if a.Role == RoleHandler {
		switch {
		case target != 0 && target != a.UserID:
			return Errorf(EFORBIDDEN, "A handler may take a case for themselves only; the unit lead assigns cases to others.")
		case c.Handler != 0 && c.Handler != a.UserID:
			return Errorf(ECONFLICT, "The case is already assigned; ask the unit lead to reassign it.")
		}
		target = a.UserID
	}
	if target == 0 {
		return FieldErrorf(EINVALID, "handler", "Choose the handler.")
	}
	if target == c.Handler {
		return FieldErrorf(ECONFLICT, "handler", "The case is already assigned to that handler.")
	}
	e.Public = false
	e.Data = map[string]any{"handler": target, "from": c.Handler}
	c.Handler = target
	return nil
}

// Assignable reports whether user u may be given case c: an active handler
// or lead of the unit the case is with.
func Assignable(c *Case, u *User) bool {
	return u != nil && !u.Disabled && DeskRoles.Allows(u.Role) && u.Unit != "" && u.Unit == c.Unit
}

// HandlerCounts counts a unit's cases in work (dispatched or accepted) by
// handler; key 0 counts those not yet assigned.
func HandlerCounts(cases []*Case) map[int64]int {
	out := map[int64]int{}
	for _, c := range cases {
		if c.Status == StatusDispatched || c.Status == StatusAccepted {
			out[c.Handler]++
		}
	}
	return out
}

// ExtensionLapsed reports whether c has an extension request whose new
// deadline has already passed at now, unanswered: the unit lead sees it
// flagged.
func (c *Case) ExtensionLapsed(now time.Time) bool {
	return c.PendingExtension != nil && !c.PendingExtension.Until.After(now)
}

// parseDeskFilter reads the case list parameters of the command center's
// desk: channel (a comma list), handler (a user id, or "me"), supervised
// and extension (a request for more time awaits a decision; true or
// false). Handler and supervised are the staff's, extension the command
// center's.
func parseDeskFilter(q url.Values, a Actor, f *CaseFilter) error {
	for _, s := range splitList(q.Get("channel")) {
		f.Channel = append(f.Channel, Channel(s))
	}
	var err error
	if f.Supervised, err = optBool(q, "supervised"); err != nil {
		return err
	}
	if f.Extension, err = optBool(q, "extension"); err != nil {
		return err
	}
	if f.Extension != nil && !ConsoleRoles.Allows(a.Role) {
		// A unit's pending requests are on its desk; which cases of other
		// units await a decision is not its business.
		return Errorf(EFORBIDDEN, "Only the command center lists cases by a request for more time.")
	}
	switch v := q.Get("handler"); v {
	case "":
	case "me":
		f.Handler = &a.UserID
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return FieldErrorf(EINVALID, "handler", "handler is a user id or me.")
		}
		f.Handler = &id
	}
	if (f.Handler != nil || f.Supervised != nil) && !a.Role.IsStaff() {
		return Errorf(EFORBIDDEN, "Only staff list cases by handler or supervision.")
	}
	return nil
}
