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
	var all []reminder
	for _, cd := range soon {
		all = append(all, reminder{guanjia.NotifyDueSoon, cd})
	}
	for _, cd := range waiting {
		all = append(all, reminder{guanjia.NotifyUntriaged, cd})
	}
	// Many reminders to a transaction: one each had taken the writer from
	// intake hundreds of times a second when many cases came due at once.
	n := 0
	for len(all) > 0 {
		chunk := all[:min(remindChunk, len(all))]
		all = all[len(chunk):]
		added, err := a.writeReminders(ctx, chunk, now)
		n += added
		if err != nil {
			return n, err
		}
	}
	if n > 0 {
		a.notifyChanged()
	}
	return n, nil
}

// reminder is a reminder due about a case.
type reminder struct {
	ev guanjia.NotifyEvent
	store.CaseDue
}

// writeReminders writes, in one transaction, the reminders of rs not
// written before, each with its outbox message, and returns how many.
func (a *App) writeReminders(ctx context.Context, rs []reminder, now time.Time) (added int, err error) {
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		added = 0
		for _, r := range rs {
			ok, err := tx.AddReminder(ctx, r.ID, string(r.ev), r.At)
			if err != nil {
				return err
			} else if !ok {
				continue // reminded already
			}
			b, err := json.Marshal(map[string]any{"event": r.ev, "at": r.At})
			if err != nil {
				return err
			}
			if err := tx.AddMessage(ctx, &guanjia.Message{Topic: TopicReminder, CaseID: r.ID, Payload: b, At: now}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// remindChunk is how many reminders one transaction writes at most.
const remindChunk = 100
