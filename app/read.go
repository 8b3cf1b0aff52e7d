package app

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"maps"
	"time"

	"github.com/guanjia/guanjia"
	"golang.org/x/sync/singleflight"
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
	return a.counts.count(ctx, f, a.db.CountCases)
}

// sharedCounts lets callers asking the same case counts at once share one
// read. The consoles of a town refresh on the same change at once and ask
// the same counts, which at a million cases take tens of milliseconds. A
// console asks 250 ms after the change it heard of, so the read it joins
// began after that change unless reads take longer. Overdue counts are
// shared within the second of their clock.
type sharedCounts struct{ g singleflight.Group }

// count returns read's counts of f, shared with the callers asking the
// same while it reads; each caller gets a map of its own.
func (s *sharedCounts) count(ctx context.Context, f guanjia.CaseFilter,
	read func(context.Context, guanjia.CaseFilter) (map[guanjia.Status]int, error)) (map[guanjia.Status]int, error) {
	key := f
	key.Now = key.Now.Truncate(time.Second)
	k, err := json.Marshal(key)
	if err != nil {
		return nil, err
	}
	v, err, _ := s.g.Do(string(k), func() (any, error) { return read(context.WithoutCancel(ctx), f) })
	if err != nil {
		return nil, err
	}
	return maps.Clone(v.(map[guanjia.Status]int)), nil
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
