package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// Events in conference mode: a past World Internet Conference week with
// its surge of cases around the conference centre in Xizha, and an
// upcoming theatre festival. The past one is created before the history is
// written, so that the history's cases in its area and window are linked
// to it by intake, as they would have been.

// conferenceArea is the old town around Xizha and the conference centre.
var conferenceArea = json.RawMessage(`{"type":"Polygon","coordinates":[[[120.478,30.738],[120.496,30.738],[120.496,30.752],[120.478,30.752],[120.478,30.738]]]}`)

// pastConference is the conference week that ended a fortnight before now.
func pastConference(now time.Time) *guanjia.Conference {
	local := now.In(guanjia.TownZone)
	start := time.Date(local.Year(), local.Month(), local.Day(), 9, 0, 0, 0, guanjia.TownZone).AddDate(0, 0, -20)
	return &guanjia.Conference{Name: "世界互联网大会乌镇峰会", Area: conferenceArea,
		SetupFrom: start.AddDate(0, 0, -2), Start: start, End: start.AddDate(0, 0, 3), TeardownUntil: start.AddDate(0, 0, 4),
		SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}, ResolveLimit: guanjia.Limit{N: 2, Unit: guanjia.ClockHours},
		Urgent: []string{"traffic-jam", "illegal-parking", "garbage"}, PostUnit: "command",
		Roster: []guanjia.DutyEntry{{Name: "王丽", Post: "现场指挥部总值班"}, {Name: "陈建国", Post: "带班领导"},
			{Name: "沈志强", Post: "西栅北门交通岗"}, {Name: "钱海燕", Post: "会展中心环卫保障"}}}
}

// upcomingConference is a festival three weeks ahead, over two villages'
// grids.
func upcomingConference(now time.Time) *guanjia.Conference {
	local := now.In(guanjia.TownZone)
	start := time.Date(local.Year(), local.Month(), local.Day(), 10, 0, 0, 0, guanjia.TownZone).AddDate(0, 0, 21)
	return &guanjia.Conference{Name: "乌镇戏剧节", Area: conferenceArea,
		SetupFrom: start.AddDate(0, 0, -1), Start: start, End: start.AddDate(0, 0, 10), TeardownUntil: start.AddDate(0, 0, 11),
		SignLimit: guanjia.Limit{N: 20, Unit: guanjia.ClockMinutes}, ResolveLimit: guanjia.Limit{N: 3, Unit: guanjia.ClockHours},
		Urgent: []string{"traffic-jam"}, Roster: []guanjia.DutyEntry{{Name: "王丽", Post: "指挥中心值班"}}}
}

// seedConferences creates both events as the town's leader.
func seedConferences(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	leader, err := actorOf(ctx, db, "leader")
	if err != nil {
		return err
	}
	for _, c := range []*guanjia.Conference{pastConference(opts.Now), upcomingConference(opts.Now)} {
		c.Jurisdiction = Town.Code
		if err := a.SaveConference(ctx, leader, c); err != nil {
			return fmt.Errorf("event %s: %w", c.Name, err)
		}
	}
	return nil
}

// conferenceSurge writes the conference week's extra cases: perDay a day
// in its area, from the build-up to the teardown.
func (h *history) conferenceSurge(ctx context.Context, perDay int) error {
	c := pastConference(h.opts.Now)
	if c.SetupFrom.Before(h.opts.Now.AddDate(0, 0, -h.opts.Days)) {
		return nil // a short history (the tests') begins after it
	}
	h.spot = func() (float64, float64) {
		return 30.738 + 0.014*h.r.Float64(), 120.478 + 0.018*h.r.Float64()
	}
	defer func() { h.spot = nil }()
	for day := c.SetupFrom; day.Before(c.TeardownUntil); day = day.AddDate(0, 0, 1) {
		for _, t := range h.times(day, perDay) {
			if t.Before(c.SetupFrom) || !t.Before(c.TeardownUntil) || t.After(h.opts.Now) {
				continue
			}
			if err := h.story(ctx, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// tight is delay, or for a case of the past conference a quicker one:
// its staff on duty answer within the event's limits, most of the time.
func (s *step) tight(delay time.Duration) time.Duration {
	c := pastConference(s.h.opts.Now)
	due := s.c.DueAt()
	if due == nil || !c.During(s.c.CreatedAt) || !geo.AreaContains(c.Area, s.c.Lat, s.c.Lng) {
		return delay
	}
	left := due.Sub(s.t)
	return time.Duration(float64(left) * (0.2 + 0.95*s.h.r.Float64()))
}
