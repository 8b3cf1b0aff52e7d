package app

import (
	"context"
	"crypto/subtle"

	"github.com/guanjia/guanjia"
)

// Case returns a case as actor may see it.
func (a *App) Case(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Case, error) {
	c, err := a.caseFor(ctx, a.db, actor, id)
	if err != nil {
		return nil, err
	}
	return redactRead(c, actor), nil
}

// CaseByNumber returns a case by its number as actor may see it.
func (a *App) CaseByNumber(ctx context.Context, actor guanjia.Actor, number string) (*guanjia.Case, error) {
	if err := guanjia.CheckText("number", number); err != nil {
		return nil, err
	}
	c, err := a.db.GetCaseByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if err := a.outside(actor, c); err != nil {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Case %s not found.", number)
	}
	return redact(c, actor), nil
}

// Timeline returns the events of a case that actor may see.
func (a *App) Timeline(ctx context.Context, actor guanjia.Actor, id int64) ([]guanjia.Event, error) {
	_, events, err := a.CaseTimeline(ctx, actor, id)
	return events, err
}

// CaseTimeline returns a case and the events of its timeline as actor may
// see them, as Case and Timeline do, reading the case once.
func (a *App) CaseTimeline(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Case, []guanjia.Event, error) {
	c, err := a.caseFor(ctx, a.db, actor, id)
	if err != nil {
		return nil, nil, err
	}
	events, err := a.db.Timeline(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return redactRead(c, actor), guanjia.Visible(c, events, actor), nil
}

// FindCases lists cases as actor may see them. Handlers and unit leads see
// only their unit's cases in full; everyone else gets the public view. A
// town's staff list their town's cases only.
func (a *App) FindCases(ctx context.Context, actor guanjia.Actor, f guanjia.CaseFilter) ([]*guanjia.Case, string, error) {
	if f.Now.IsZero() {
		f.Now = a.now()
	}
	a.confine(actor, &f)
	if err := confineCounted(actor, &f); err != nil {
		return nil, "", err
	}
	cases, next, err := a.db.FindCases(ctx, f)
	if err != nil {
		return nil, "", err
	}
	for i, c := range cases {
		cases[i] = redactRead(c, actor)
	}
	return cases, next, nil
}

// CountCases counts cases by status, within actor's town for a town's staff.
func (a *App) CountCases(ctx context.Context, actor guanjia.Actor, f guanjia.CaseFilter) (map[guanjia.Status]int, error) {
	if f.Now.IsZero() {
		f.Now = a.now()
	}
	a.confine(actor, &f)
	if err := confineCounted(actor, &f); err != nil {
		return nil, err
	}
	return a.db.CountCases(ctx, f)
}

// redactRead is redact for a case read from the store for this caller
// alone: staff who may work on it get it as it is, not a copy (a queue's
// page is fifty of them).
func redactRead(c *guanjia.Case, actor guanjia.Actor) *guanjia.Case {
	if actor.Privileged(c) {
		return c
	}
	return redact(c, actor)
}

func equalHash(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
