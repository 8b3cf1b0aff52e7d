package app

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// sweepDesk is the sweep's share of the command center's desk: it tells
// the command center once of each new case past its triage limit (outbox
// kind guanjia.TopicCaseUntriaged) and escalates, once, each supervision
// order left without feedback past its deadline.
func (a *App) sweepDesk(ctx context.Context, now time.Time, res *SweepResult) error {
	ids, err := a.db.UntriagedCases(ctx, now, 500)
	if err != nil {
		return fmt.Errorf("sweep untriaged: %w", err)
	}
	for _, id := range ids {
		err := a.db.Tx(ctx, func(tx *store.Tx) error {
			ok, err := tx.MarkUntriaged(ctx, id, now)
			if err != nil || !ok {
				return err
			}
			c, err := tx.GetCase(ctx, id)
			if err != nil {
				return err
			}
			res.Untriaged++
			return addMessage(ctx, tx, guanjia.TopicCaseUntriaged, c, &guanjia.Event{At: now, Action: "untriaged"})
		})
		if err != nil {
			return fmt.Errorf("sweep untriaged case %d: %w", id, err)
		}
	}
	if len(ids) > 0 {
		a.notifyChanged()
	}
	yes := true
	f := guanjia.CaseFilter{Supervised: &yes, Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved},
		Now: now, Sort: "updated", Limit: 500}
	err = a.eachCase(ctx, f, func(c *guanjia.Case) error {
		if !guanjia.SupervisionLapseDue(c, now) {
			return nil
		}
		_, err := a.Act(ctx, guanjia.SystemActor, c.ID, guanjia.Command{Action: guanjia.ActionSupervisionLapse, Version: c.Version})
		if err == nil {
			res.Lapsed++
		}
		return ignoreConflict(err)
	})
	if err != nil {
		return fmt.Errorf("sweep supervision: %w", err)
	}
	return nil
}
