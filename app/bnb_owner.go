package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// moveRectifications moves the open rectifications of B&B b, whose owner
// changed from the user from to b.OwnerID, to the new owner's unit of
// one, each with a note on its timeline (guanjia.NoteRectifyOwner), in the
// transaction of the change. The case keeps its status and deadlines: what
// the previous owner signed for or reported fixed, the new one carries on.
func (a *App) moveRectifications(ctx context.Context, tx *store.Tx, b *guanjia.BnB, from int64) error {
	xs, err := tx.Rectifications(ctx, store.RectificationFilter{BnBID: b.ID, Open: true})
	if err != nil || len(xs) == 0 {
		return err
	}
	name := func(id int64) string {
		if u, err := tx.GetUser(ctx, id); err == nil {
			return u.Name
		}
		return ""
	}
	before, after := name(from), name(b.OwnerID)
	for _, x := range xs {
		c, err := tx.GetCase(ctx, x.CaseID)
		if err != nil {
			return err
		}
		if c.Unit != guanjia.OwnerUnit(from) {
			continue // the staff sent it elsewhere
		}
		prev := c.Version
		c.Unit, c.Handler, c.Version, c.UpdatedAt = guanjia.OwnerUnit(b.OwnerID), 0, c.Version+1, a.now()
		if err := tx.UpdateCase(ctx, c, prev); err != nil {
			return err
		}
		e := &guanjia.Event{CaseID: c.ID, At: c.UpdatedAt, Action: guanjia.ActionComment, ActorName: "system",
			ActorRole: guanjia.RoleSystem, From: c.Status, To: c.Status, Unit: c.Unit,
			NoteKey: guanjia.NoteRectifyOwner, NoteArgs: []string{b.Name, before, after},
			Data: map[string]any{"owner_from": from, "owner_to": b.OwnerID}}
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
		if err := tx.RecordCaseStat(ctx, c, e, a.calendarIn(c.Jurisdiction)); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, guanjia.TopicCaseChanged, c, e); err != nil {
			return err
		}
	}
	return nil
}
