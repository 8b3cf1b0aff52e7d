package app

import (
	"context"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Keeping projects: the towns' templates of stages and items, and the
// people a new project may name.

// ProjectPeople returns who a new project of actor's may name: the
// investors and the staff (stewards) of the towns actor reaches; the
// command center and administrators.
func (a *App) ProjectPeople(ctx context.Context, actor guanjia.Actor) (investors, stewards []*guanjia.User, err error) {
	if !guanjia.MayEditProjects(actor) {
		return nil, nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and administrators open projects.")
	}
	us, err := a.db.Users(ctx, guanjia.UserFilter{Limit: 100000})
	if err != nil {
		return nil, nil, err
	}
	for _, u := range us {
		switch {
		case u.Disabled || !a.Reaches(actor.Jurisdiction, u.Jurisdiction) && !a.Reaches(u.Jurisdiction, actor.Jurisdiction):
		case u.Role == guanjia.RoleInvestor:
			investors = append(investors, u)
		case slices.Contains(guanjia.StaffRoles, u.Role) && u.Role != guanjia.RoleLeader:
			stewards = append(stewards, u)
		}
	}
	return investors, stewards, nil
}

// projectTemplate returns town's template, the default when it has none.
func (a *App) projectTemplate(ctx context.Context, town string) (*guanjia.ProjectTemplate, error) {
	text, err := a.db.ProjectTemplate(ctx, town)
	if err != nil {
		return nil, err
	}
	if text == "" {
		text = guanjia.DefaultProjectTemplate
	}
	return guanjia.ParseProjectTemplate(text)
}

// ProjectTemplateText returns the text of town's template for an
// administrator to edit.
func (a *App) ProjectTemplateText(ctx context.Context, actor guanjia.Actor, town string) (string, error) {
	if actor.Role != guanjia.RoleAdmin || !a.Reaches(actor.Jurisdiction, town) {
		return "", guanjia.Errorf(guanjia.EFORBIDDEN, "Only the town's administrators edit its project template.")
	}
	t, err := a.projectTemplate(ctx, town)
	if err != nil {
		return "", err
	}
	return t.Text(), nil
}

// PutProjectTemplate replaces town's template (for projects opened from
// now on); every unit it names must exist. The change is audited.
func (a *App) PutProjectTemplate(ctx context.Context, actor guanjia.Actor, town, text string) error {
	old, err := a.ProjectTemplateText(ctx, actor, town)
	if err != nil {
		return err
	}
	t, err := guanjia.ParseProjectTemplate(text)
	if err != nil {
		return err
	}
	for _, u := range t.Units() {
		if _, ok := a.Unit(u); !ok {
			return guanjia.FieldErrorf(guanjia.EINVALID, "template", "There is no unit %q.", u)
		}
	}
	if t.Text() == old {
		return nil
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutProjectTemplate(ctx, town, t.Text(), a.now()); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditProjectTemplate, "update", town, town,
			map[string]string{"text": old}, map[string]string{"text": t.Text()})
	})
}
