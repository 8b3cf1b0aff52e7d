package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Mediation returns the mediation record of a dispute case. Housekeepers
// of the grid see it without the parties' phone numbers.
func (a *App) Mediation(ctx context.Context, actor guanjia.Actor, caseID int64) (*guanjia.Mediation, error) {
	if _, err := a.disputeCase(ctx, a.db, actor, caseID); err != nil {
		return nil, err
	}
	m, err := a.db.GetMediation(ctx, caseID)
	if err != nil {
		return nil, err
	}
	return redactMediation(m, actor), nil
}

// RecordMediation records parties, a session, the outcome or the
// follow-up of a dispute case's mediation.
func (a *App) RecordMediation(ctx context.Context, actor guanjia.Actor, caseID int64, u guanjia.MediationUpdate) (*guanjia.Mediation, error) {
	var out *guanjia.Mediation
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := a.disputeCase(ctx, tx, actor, caseID); err != nil {
			return err
		}
		m, err := tx.GetMediation(ctx, caseID)
		if err != nil {
			return err
		}
		next, s, err := m.Apply(u, actor, a.now())
		if err != nil {
			return err
		}
		if err := tx.PutMediation(ctx, &next, m.Version); err != nil {
			return err
		}
		if s != nil {
			if err := tx.AddMediationSession(ctx, s); err != nil {
				return err
			}
			next.Sessions = append(next.Sessions, *s)
		}
		out = &next
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record mediation of case %d: %w", caseID, err)
	}
	return redactMediation(out, actor), nil
}

// disputeCase returns the case if it is a dispute that actor may mediate.
func (a *App) disputeCase(ctx context.Context, r caseGetter, actor guanjia.Actor, caseID int64) (*guanjia.Case, error) {
	c, err := a.caseFor(ctx, r, actor, caseID)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayMediate(actor, c) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may not see the mediation of this case.")
	}
	if cat, ok := a.Category(c.Category); !ok || cat.Group != guanjia.DisputeGroup {
		return nil, guanjia.Errorf(guanjia.EUNPROCESSABLE, "Case %s is not a dispute.", c.Number)
	}
	return c, nil
}

func redactMediation(m *guanjia.Mediation, actor guanjia.Actor) *guanjia.Mediation {
	if actor.Role.IsStaff() {
		return m
	}
	out := *m
	out.Parties = make([]guanjia.Party, len(m.Parties))
	for i, p := range m.Parties {
		p.Phone = ""
		out.Parties[i] = p
	}
	return &out
}
