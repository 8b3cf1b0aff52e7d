package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Overdue rectifications (docs/bnb-inspections.md): once a rectification
// passes its deadline unfixed, its B&B's owner and the authority that found
// the fault (the unit's inspectors and group channels) are told, once per
// deadline: a row written in the same transaction as the notifications,
// whose ids are stable too, so it goes out once across restarts and
// instances. A re-inspection that finds it not fixed sets a new deadline,
// which is told again when it passes.

// NotifyRectifyOverdue is the notification event of an overdue rectification.
const NotifyRectifyOverdue guanjia.NotifyEvent = "rectify_overdue"

// rectifyOverdueKey: case number, B&B name, inspection kind, deadline.
const rectifyOverdueKey = "Rectification %s at B&B %s (%s) passed its deadline of %s unfixed. Fix it and report it fixed, or the authority escalates it."

// RectifyNotifyKeys lists the message keys of rectification notifications,
// for the catalogue's completeness test.
func RectifyNotifyKeys() []string { return []string{rectifyOverdueKey} }

// remindRectifications tells each rectification newly past its deadline
// and returns how many it told.
func (a *App) remindRectifications(ctx context.Context) (int, error) {
	xs, err := a.db.Rectifications(ctx, store.RectificationFilter{Open: true})
	if err != nil {
		return 0, err
	}
	now := a.now()
	told := 0
	for _, x := range xs {
		if !x.Overdue(now) {
			continue
		}
		added, err := a.remindRectification(ctx, x)
		if err != nil {
			return told, err
		}
		if added {
			told++
		}
	}
	if told > 0 {
		a.notifyChanged()
	}
	return told, nil
}

func (a *App) remindRectification(ctx context.Context, x *guanjia.Rectification) (added bool, err error) {
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if added, err = tx.AddRectificationOverdue(ctx, x.CaseID, x.DueAt, a.now()); err != nil || !added {
			return err
		}
		b, err := tx.GetBnB(ctx, x.BnBID)
		if err != nil {
			return err
		}
		id := fmt.Sprintf("gj-rect-%d-%s", x.CaseID, x.DueAt.In(guanjia.TownZone).Format("200601021504"))
		args := func(lang string) []string {
			return []string{x.Number, b.Name, a.keyText(lang, guanjia.KindName(x.Kind)), x.DueAt.In(guanjia.TownZone).Format("2006-01-02 15:04")}
		}
		people, err := a.activeUsers(ctx, tx, guanjia.UserFilter{Unit: &x.Authority, Role: ptr(guanjia.RoleInspector)})
		if err != nil {
			return err
		}
		if owner, err := tx.GetUser(ctx, b.OwnerID); err == nil {
			people = append(people, owner)
		} else if guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			return err
		}
		note := othersNote{id: id, town: b.Jurisdiction, ev: NotifyRectifyOverdue, key: rectifyOverdueKey, args: args}
		return a.notifyOthers(ctx, tx, note, people, []string{x.Authority}, false)
	})
	return added, err
}
