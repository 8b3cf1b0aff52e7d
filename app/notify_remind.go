package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Reminders: what the clock, not a change, makes news of.

// remind announces, once each, the reminders that fall due at now: cases
// two hours before their running limit, and new cases past their
// triage limit (the category's time to dispatch). Each is an outbox message written with the row that
// remembers it, so a reminder is announced exactly once.
func (a *App) remind(ctx context.Context) (int, error) {
	a.remindRuns.Add(1)
	now := a.now()
	soon, err := a.db.DueSoonCases(ctx, string(guanjia.NotifyDueSoon), now, now.Add(2*time.Hour))
	if err != nil {
		return 0, err
	}
	waiting, err := a.db.TriageLapsedCases(ctx, string(guanjia.NotifyUntriaged), now.Add(-24*time.Hour), now)
	if err != nil {
		return 0, err
	}
	type due struct {
		ev guanjia.NotifyEvent
		store.CaseDue
	}
	var all []due
	for _, cd := range soon {
		all = append(all, due{guanjia.NotifyDueSoon, cd})
	}
	for _, cd := range waiting {
		all = append(all, due{guanjia.NotifyUntriaged, cd})
	}
	// Many reminders to a transaction: one each had taken the writer from
	// intake hundreds of times a second when many cases came due at once.
	n := 0
	for len(all) > 0 {
		chunk := all[:min(remindChunk, len(all))]
		all = all[len(chunk):]
		added := 0
		err := a.db.Tx(ctx, func(tx *store.Tx) error {
			added = 0
			for _, d := range chunk {
				ok, err := tx.AddReminder(ctx, d.ID, string(d.ev), d.At)
				if err != nil {
					return err
				} else if !ok {
					continue // reminded already
				}
				b, err := json.Marshal(map[string]any{"event": d.ev, "at": d.At})
				if err != nil {
					return err
				}
				if err := tx.AddMessage(ctx, &guanjia.Message{Topic: TopicReminder, CaseID: d.ID, Payload: b, At: now}); err != nil {
					return err
				}
				added++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += added
	}
	if n > 0 {
		a.notifyChanged()
	}
	return n, nil
}

// remindChunk is how many reminders one transaction writes at most.
const remindChunk = 100
