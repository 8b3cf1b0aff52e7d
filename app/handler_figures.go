package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// HandlerFigures are the figures of a unit's handlers over a period.
type HandlerFigures struct {
	From, To string // the period, [From, To)
	Unit     string
	Rows     []guanjia.HandlerFigures // by handler id; 0 not assigned
}

// HandlerFigures returns, for a unit lead, each handler's figures of the
// unit's cases reported on the local dates [from, to) (docs/figures.md,
// "Per handler"); others are refused.
func (a *App) HandlerFigures(ctx context.Context, actor guanjia.Actor, from, to string) (*HandlerFigures, error) {
	if !guanjia.MaySeeHandlerFigures(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only a unit's lead sees its handlers' figures.")
	}
	f, t, err := a.statsPeriod(from, to)
	if err != nil {
		return nil, err
	}
	rows, err := a.db.HandlerFigures(ctx, actor.Unit, f, t, a.now())
	if err != nil {
		return nil, err
	}
	return &HandlerFigures{From: dayDate(f), To: dayDate(t), Unit: actor.Unit, Rows: rows}, nil
}
