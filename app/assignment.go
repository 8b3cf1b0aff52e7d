package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// checkHandler checks that the handler a case is assigned to works in the
// unit that has it (0: the handler who takes it, which the lifecycle
// checks).
func (a *App) checkHandler(ctx context.Context, tx *store.Tx, c *guanjia.Case, handler int64) error {
	if handler == 0 {
		return nil
	}
	u, err := tx.GetUser(ctx, handler)
	if err != nil && guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
		return err
	}
	if !guanjia.Assignable(c, u) {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "handler", "There is no handler %d in the unit that has this case.", handler)
	}
	return nil
}

// Member is a unit's handler or lead as their colleagues see them: no
// contact details.
type Member struct {
	ID   int64        `json:"id"`
	Name string       `json:"name"`
	Role guanjia.Role `json:"role"`
}

// UnitMembers lists the active handlers and lead of a unit, for assigning
// cases and counting them by handler: to the unit's own staff, and to the
// command center and leaders who reach the unit's town.
func (a *App) UnitMembers(ctx context.Context, actor guanjia.Actor, unit string) ([]Member, error) {
	u, ok := a.Unit(unit)
	switch {
	case !ok:
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "There is no unit %q.", unit)
	case guanjia.DeskRoles.Allows(actor.Role) && actor.Unit == unit:
	case guanjia.ConsoleRoles.Allows(actor.Role) && (!a.Confined(actor) || a.Reaches(u.Jurisdiction, actor.Jurisdiction)):
	case guanjia.DeskRoles.Allows(actor.Role) || guanjia.ConsoleRoles.Allows(actor.Role):
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "There is no unit %q.", unit)
	default:
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff see a unit's members.")
	}
	users, err := a.db.Users(ctx, guanjia.UserFilter{Unit: &unit})
	if err != nil {
		return nil, err
	}
	out := []Member{}
	for _, x := range users {
		if !x.Disabled && guanjia.DeskRoles.Allows(x.Role) {
			out = append(out, Member{ID: x.ID, Name: x.Name, Role: x.Role})
		}
	}
	return out, nil
}
