package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// Events in conference mode (guanjia.Conference): leaders and
// administrators keep a town's events; the command center and leaders see
// them; a case reported in an event's area and window is linked to it in
// the same transaction and takes its limits, urgency and command post.

func errNoConference(id int64) error {
	return guanjia.Errorf(guanjia.ENOTFOUND, "Event %d not found.", id)
}

// maySeeConference: the console's people of the event's town (or the
// county's).
func (a *App) maySeeConference(actor guanjia.Actor, c *guanjia.Conference) bool {
	return guanjia.ConferenceRoles.Allows(actor.Role) && a.Reaches(actor.Jurisdiction, c.Jurisdiction)
}

// Conference returns an event to who may see it; others get not found.
func (a *App) Conference(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Conference, error) {
	c, err := a.db.GetConference(ctx, id)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeConference(actor, c)) {
		return nil, errNoConference(id)
	}
	return c, err
}

// Conferences lists the events actor sees, the latest first; with
// current, only those not over yet.
func (a *App) Conferences(ctx context.Context, actor guanjia.Actor, current bool) ([]*guanjia.Conference, error) {
	if !guanjia.ConferenceRoles.Allows(actor.Role) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and leaders see the events.")
	}
	town := ""
	if a.Confined(actor) {
		town = actor.Jurisdiction
	}
	cs, err := a.db.Conferences(ctx, town, nil)
	if err != nil {
		return nil, err
	}
	now := a.now()
	out := cs[:0]
	for _, c := range cs {
		if a.maySeeConference(actor, c) && (!current || c.Phase(now) != guanjia.PhaseOver) {
			out = append(out, c)
		}
	}
	return out, nil
}

// SaveConference creates an event (c.ID 0) or changes one: leaders and
// administrators of its town. The area given as GeoJSON is checked and
// stored compactly; its grids, villages, urgent categories and command
// post must exist in the town.
func (a *App) SaveConference(ctx context.Context, actor guanjia.Actor, c *guanjia.Conference) error {
	if !guanjia.MayManageConferences(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only leaders and administrators create and change events.")
	}
	if a.Confined(actor) || c.Jurisdiction == "" {
		c.Jurisdiction = actor.Jurisdiction
	}
	if j := a.ref.Load().jurisdictions[c.Jurisdiction]; j == nil || j.Parent == "" {
		c.Jurisdiction = a.ref.Load().home
	}
	if c.ID == 0 {
		if err := a.checkConference(c); err != nil {
			return err
		}
	}
	now := a.now()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if c.ID == 0 {
			c.CreatedAt, c.UpdatedAt = now, now
			if err := tx.CreateConference(ctx, c); err != nil {
				return err
			}
			return a.audit(ctx, tx, actor, guanjia.AuditEvent, "create", itoa(c.ID), c.Jurisdiction, nil, c)
		}
		old, err := tx.GetConference(ctx, c.ID)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeConference(actor, old)) {
			return errNoConference(c.ID)
		} else if err != nil {
			return err
		}
		c.Jurisdiction, c.CreatedAt, c.UpdatedAt = old.Jurisdiction, old.CreatedAt, now
		if c.Version == 0 {
			c.Version = old.Version // no version sent: no check
		}
		if err := a.checkConference(c); err != nil {
			return err
		}
		if err := tx.UpdateConference(ctx, c); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditEvent, "update", itoa(c.ID), c.Jurisdiction, old, c)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx) // intake reads the events from the reference data
}

// checkConference validates c and what it names against the town.
func (a *App) checkConference(c *guanjia.Conference) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if len(c.Area) > 0 {
		area, err := geo.ParseArea(c.Area)
		if err != nil {
			return err
		}
		c.Area = area
	}
	ref := a.ref.Load()
	grids := map[string]string{}
	if ref.index != nil {
		for _, g := range ref.index.Grids() {
			grids[g.Code] = g.Village
		}
	}
	for _, g := range c.Grids {
		if _, ok := grids[g]; !ok {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "grids", "There is no grid %q.", g)
		}
	}
	for _, v := range c.Villages {
		if x := ref.villages[v]; x == nil || !a.Reaches(c.Jurisdiction, x.Jurisdiction) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "villages", "There is no village %q in the town.", v)
		}
	}
	for _, code := range c.Urgent {
		if _, ok := a.categoryIn(code, c.Jurisdiction); !ok {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "urgent", "There is no category %q.", code)
		}
	}
	if c.PostUnit != "" {
		if u, ok := a.Unit(c.PostUnit); !ok || !u.Active || !a.Reaches(u.Jurisdiction, c.Jurisdiction) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "post_unit", "There is no active unit %q.", c.PostUnit)
		}
	}
	return nil
}

// conferenceFor returns the event new case c is reported in — in its
// town's running event's window and area — or nil. The events are those of
// the reference data (SaveConference reloads it, here and, within the
// watch's poll, on the other instances), unless c was reported before
// they were read.
func (a *App) conferenceFor(ctx context.Context, c *guanjia.Case) (*guanjia.Conference, error) {
	now := c.CreatedAt
	r := a.ref.Load()
	cs := r.conferences
	if now.Before(r.conferencesFrom) {
		var err error
		if cs, err = a.db.Conferences(ctx, c.Jurisdiction, &now); err != nil {
			return nil, fmt.Errorf("events at intake: %w", err)
		}
	}
	for _, conf := range cs {
		if conf.Jurisdiction != c.Jurisdiction {
			continue
		}
		if conf.During(now) && (conf.InPlace(c.Grid, c.Village) || geo.AreaContains(conf.Area, c.Lat, c.Lng)) {
			return conf, nil
		}
	}
	return nil, nil
}

// inConference applies event conf's urgency and triage to new case c.
func (a *App) inConference(c *guanjia.Case, conf *guanjia.Conference) {
	cat, ok := a.categoryIn(c.Category, c.Jurisdiction)
	if !ok {
		return
	}
	adj := conf.Adjust(*cat)
	c.Priority = adj.Priority
	c.StartTriage(a.calendarIn(c.Jurisdiction), &adj, c.CreatedAt)
}

// caseCategory returns the category as it applies to case c: with the
// rules of the event c was reported in, when it was (conf, or looked up
// with r when conf is nil and lookup is set).
func (a *App) caseCategory(ctx context.Context, r conferenceReader, c *guanjia.Case) (*guanjia.Category, error) {
	cat, ok := a.categoryIn(c.Category, c.Jurisdiction)
	if !ok {
		return nil, fmt.Errorf("case %d has unknown category %q", c.ID, c.Category)
	}
	conf, err := r.CaseConference(ctx, c.ID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return cat, nil
	} else if err != nil {
		return nil, err
	}
	adj := conf.Adjust(*cat)
	return &adj, nil
}

// conferenceReader is the store's reader or a transaction.
type conferenceReader interface {
	CaseConference(ctx context.Context, caseID int64) (*guanjia.Conference, error)
}

// ConferenceView is an event with its cases and figures, for its page,
// the wall screen and its report.
type ConferenceView struct {
	*guanjia.Conference
	Cases   []*guanjia.Case
	Figures guanjia.ConferenceFigures
}

// ConferenceCases returns an event's cases' ids to who may see it.
func (a *App) ConferenceCaseIDs(ctx context.Context, actor guanjia.Actor, id int64) ([]int64, error) {
	if _, err := a.Conference(ctx, actor, id); err != nil {
		return nil, err
	}
	return a.db.ConferenceCaseIDs(ctx, id)
}

// ConferenceReport returns an event with its cases (newest first) and
// figures at now.
func (a *App) ConferenceReport(ctx context.Context, actor guanjia.Actor, id int64) (*ConferenceView, error) {
	conf, err := a.Conference(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	ids, err := a.db.ConferenceCaseIDs(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &ConferenceView{Conference: conf}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		cs, _, err := a.FindCases(ctx, actor, guanjia.CaseFilter{IDs: ids[:n], Limit: n})
		if err != nil {
			return nil, err
		}
		v.Cases, ids = append(v.Cases, cs...), ids[n:]
	}
	v.Figures = conf.Figure(v.Cases, a.now())
	v.Figures.Called, v.Figures.Answered, v.Figures.Keepers, err = a.db.ConferenceKeepers(ctx, id)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ConferenceTasks returns the housekeepers' tasks of an event: those that
// overlap its window, in its grids or villages, or with a place in its
// area.
func (a *App) ConferenceTasks(ctx context.Context, actor guanjia.Actor, conf *guanjia.Conference) ([]*guanjia.Task, error) {
	ts, err := a.Tasks(ctx, actor, TaskQuery{All: true})
	if err != nil {
		return nil, err
	}
	var out []*guanjia.Task
	for _, t := range ts {
		during := t.StartsAt.Before(conf.TeardownUntil) && t.EndsAt.After(conf.SetupFrom)
		inside := conf.InPlace(t.Grid, t.Village) || ((t.Lat != 0 || t.Lng != 0) && geo.AreaContains(conf.Area, t.Lat, t.Lng))
		if during && inside {
			out = append(out, t)
		}
	}
	return out, nil
}
