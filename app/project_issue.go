package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// ProjectIssue is an issue the investor or the steward raises about one
// of a project's items: it becomes a case at the project's place,
// dispatched at once to the authority that owns the item, with its
// category's limits, and follows the cases' closed loop.
type ProjectIssue struct {
	ItemID      int64  `json:"item_id"`
	Category    string `json:"category"`
	Description string `json:"description"`
}

// RaiseProjectIssue makes the case of an issue about project id, linked to
// the project in the same transaction.
func (a *App) RaiseProjectIssue(ctx context.Context, actor guanjia.Actor, id int64, is ProjectIssue) (*guanjia.Case, error) {
	p, err := a.loadProject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayRaiseProjectIssue(actor, p) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the project's investor and steward raise issues on it.")
	}
	it := p.Item(is.ItemID)
	if it == nil {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "item_id", "Choose the item the issue is about.")
	}
	r := guanjia.Report{Category: is.Category, Lat: p.Lat, Lng: p.Lng, Address: p.Address, Description: is.Description,
		Channel: guanjia.ChannelApp}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	c, err := a.newCase(ctx, actor, &r, false)
	if err != nil {
		return nil, err
	}
	c.ReporterKey = reporterKey(actor, "")
	nc, err := a.intakeRecord(c, actor, intakeHow{unit: it.Unit})
	if err != nil {
		return nil, err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		errs, err := tx.CreateCases(ctx, []store.NewCase{nc})
		if err != nil {
			return err
		} else if errs[0] != nil {
			return errs[0]
		}
		if err := tx.LinkProjectCase(ctx, p.ID, it.ID, c.ID, c.CreatedAt); err != nil {
			return err
		}
		return tx.AddProjectTimeline(ctx, &guanjia.ProjectTimelineEntry{ProjectID: p.ID, At: c.CreatedAt, ActorID: actor.UserID,
			ActorName: actor.Name, Key: guanjia.NoteProjectIssue, Args: []string{c.Number, it.Name}})
	})
	if err != nil {
		return nil, fmt.Errorf("raise issue on project %d: %w", id, err)
	}
	a.notifyChanged()
	return redact(c, actor), nil
}
