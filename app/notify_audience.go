package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Who hears of an event on a case: the audiences of the notify rules.

// audience plans the notifications of ev on c for one audience.
func (p *planner) audience(ctx context.Context, m guanjia.Message, c *guanjia.Case, e *guanjia.Event, ev guanjia.NotifyEvent, au guanjia.Audience) error {
	switch au {
	case guanjia.AudienceHandlers, guanjia.AudienceUnitLead, guanjia.AudienceCommand:
		return p.staffAudience(ctx, m, c, e, ev, au)
	case guanjia.AudienceUnitRobot, guanjia.AudienceCommandRobot:
		key, ok := staffKeys[ev]
		if !ok || (au == guanjia.AudienceUnitRobot && c.Unit == "") {
			return nil
		}
		return p.robots(ctx, m, c, ev, au, key)
	case guanjia.AudienceReporter:
		return p.reporter(ctx, m, c, e, ev)
	case guanjia.AudienceFollowers:
		key, ok := followerKeys[ev]
		if !ok {
			return nil
		}
		ids, err := p.reads.FollowerUsers(ctx, c.ID, store.FollowerFollower)
		if err != nil {
			return err
		}
		for _, id := range ids {
			u, err := p.user(ctx, id)
			if err != nil {
				return err
			}
			if err := p.person(ctx, m, c, ev, u, "", "", key, func(lang string) []string {
				return []string{c.Number, p.a.categoryName(c, lang), p.a.trackLink(c)}
			}); err != nil {
				return err
			}
		}
	case guanjia.AudienceArea:
		return p.areaAlerts(ctx, m, c, ev)
	}
	return nil
}

// staffAudience plans the notifications of ev on c for its unit's
// handlers or leads, or its town's command center.
func (p *planner) staffAudience(ctx context.Context, m guanjia.Message, c *guanjia.Case, e *guanjia.Event, ev guanjia.NotifyEvent, au guanjia.Audience) error {
	key, ok := staffKeys[ev]
	if !ok {
		return nil
	}
	role := map[guanjia.Audience]guanjia.Role{guanjia.AudienceHandlers: guanjia.RoleHandler,
		guanjia.AudienceUnitLead: guanjia.RoleUnitLead, guanjia.AudienceCommand: guanjia.RoleDispatcher}[au]
	users, err := p.staff(ctx, c, role)
	if err == nil && ev == guanjia.NotifyExtension && au == guanjia.AudienceUnitLead {
		users, err = p.deciders(ctx, c, e, users)
	}
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := p.person(ctx, m, c, ev, u, "", "", key, func(lang string) []string { return p.staffArgs(c, lang) }); err != nil {
			return err
		}
	}
	return nil
}

// reporter plans the notification of ev on c for the one who reported it.
func (p *planner) reporter(ctx context.Context, m guanjia.Message, c *guanjia.Case, e *guanjia.Event, ev guanjia.NotifyEvent) error {
	key, ok := reporterKeys[ev]
	if !ok {
		return nil
	}
	link := p.a.trackLink(c)
	if ev == guanjia.NotifyResolved {
		var err error
		if link, err = p.a.confirmLink(ctx, c.ID); err != nil {
			return err
		}
	}
	args := func(lang string) []string {
		as := []string{c.Number, p.a.categoryName(c, lang)}
		if ev == guanjia.NotifyResolved || ev == guanjia.NotifyRejected {
			as = append(as, e.Note)
		}
		return append(as, link)
	}
	if c.ReporterID != 0 {
		u, err := p.user(ctx, c.ReporterID)
		if err != nil {
			return err
		}
		return p.person(ctx, m, c, ev, u, c.ReporterPhone, c.ReporterEmail, key, args)
	}
	return p.person(ctx, m, c, ev, nil, c.ReporterPhone, c.ReporterEmail, key, args)
}

// deciders are who hear of a request for more time instead of the unit's
// leads: those of them who did not ask (guanjia.Allowed refuses the one
// who asked the decision), or, when no other lead is there to decide, the
// command center of c's town, who may decide too.
func (p *planner) deciders(ctx context.Context, c *guanjia.Case, e *guanjia.Event, leads []*guanjia.User) ([]*guanjia.User, error) {
	var out []*guanjia.User
	for _, u := range leads {
		if u.ID != e.ActorID {
			out = append(out, u)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	return p.staff(ctx, c, guanjia.RoleDispatcher)
}

// areaAlerts plans the notifications of ev on c for those whose area
// alerts it matches, but its reporter.
func (p *planner) areaAlerts(ctx context.Context, m guanjia.Message, c *guanjia.Case, ev guanjia.NotifyEvent) error {
	alerts, err := p.areaAlertsOf(ctx, c)
	if err != nil {
		return err
	}
	for _, al := range alerts {
		if !al.Matches(c) || al.UserID == c.ReporterID {
			continue
		}
		u, err := p.user(ctx, al.UserID)
		if err != nil {
			return err
		}
		if err := p.person(ctx, m, c, ev, u, "", "", areaKey, func(lang string) []string {
			return []string{c.Number, p.a.categoryName(c, lang), p.a.villageName(c, lang), p.a.trackLink(c)}
		}); err != nil {
			return err
		}
	}
	return nil
}

// areaAlertsOf returns the alerts of c's village or grid, by id. The
// planner reads those of every village and grid of the batch's cases at
// once, and again only for a case of another.
func (p *planner) areaAlertsOf(ctx context.Context, c *guanjia.Case) ([]guanjia.AreaAlert, error) {
	var villages, grids []string
	need := func(c *guanjia.Case) {
		if c.Village != "" && !p.alertsRead["v"+c.Village] {
			p.alertsRead["v"+c.Village] = true
			villages = append(villages, c.Village)
		}
		if c.Grid != "" && !p.alertsRead["g"+c.Grid] {
			p.alertsRead["g"+c.Grid] = true
			grids = append(grids, c.Grid)
		}
	}
	need(c)
	if len(villages)+len(grids) > 0 {
		for _, o := range p.cases {
			need(o)
		}
		als, err := p.reads.AreaAlertsAt(ctx, villages, grids)
		if err != nil {
			return nil, err
		}
		p.alerts = append(p.alerts, als...)
		slices.SortFunc(p.alerts, func(a, b guanjia.AreaAlert) int { return cmp.Compare(a.ID, b.ID) })
		p.alerts = slices.CompactFunc(p.alerts, func(a, b guanjia.AreaAlert) bool { return a.ID == b.ID })
	}
	var out []guanjia.AreaAlert
	for _, al := range p.alerts {
		if (al.Village != "" && al.Village == c.Village) || (al.Grid != "" && al.Grid == c.Grid) {
			out = append(out, al)
		}
	}
	return out, nil
}
