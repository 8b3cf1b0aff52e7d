package demo

import (
	"context"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
)

// Housekeepers in the demo history: they check fixes in their own grid
// and handle small things on the spot, as the points rules reward.

// keepersOf returns the housekeepers of a grid among the people who report.
func (h *history) keepersOf(grid string) []guanjia.Actor {
	if h.keepers == nil {
		h.keepers = map[string][]guanjia.Actor{}
		people := slices.Clone(h.people)
		for _, ks := range h.townKeepers {
			people = append(people, ks...)
		}
		for _, p := range people {
			if p.Role == guanjia.RoleHousekeeper && p.Grid != "" {
				h.keepers[p.Grid] = append(h.keepers[p.Grid], p)
			}
		}
	}
	return h.keepers[grid]
}

// verifier returns who checks the fix of case c: mostly its reporter, but
// for a third of the cases a housekeeper of the grid walks by first.
func (h *history) verifier(c *guanjia.Case, reporter guanjia.Actor) guanjia.Actor {
	ks := h.keepersOf(c.Grid)
	if len(ks) == 0 || h.r.IntN(3) > 0 {
		return reporter
	}
	k := ks[h.r.IntN(len(ks))]
	if k.UserID == reporter.UserID {
		return reporter
	}
	return k
}

// onSpotCategories are the problems a housekeeper can often fix themselves.
var onSpotCategories = []struct{ code, report, done string }{
	{"garbage", "路边有人乱扔垃圾，一大袋。", "已捡拾装袋，送到附近垃圾房。"},
	{"overflowing-bin", "垃圾桶满了，垃圾掉在地上。", "已把散落垃圾收进桶里，并通知保洁换桶。"},
	{"illegal-parking", "电动车堵住了消防通道。", "联系到车主，已把车挪走。"},
	{"street-vending", "流动摊贩占了人行道。", "已劝导摊主到指定区域经营。"},
	{"public-facility", "健身器材螺丝松了。", "借了扳手拧紧，已可以正常使用。"},
	{"stray-animal", "有只流浪狗在小学门口徘徊。", "已联系爱心志愿者领走。"},
}

// onSpotDay has housekeepers handle a few problems on the spot on date,
// each then confirmed by another housekeeper of the grid or the dispatcher.
func (h *history) onSpotDay(ctx context.Context, date time.Time) error {
	for _, t := range h.times(date, h.r.IntN(5)) {
		if t.After(h.opts.Now) {
			continue
		}
		if err := h.onSpot(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

func (h *history) onSpot(ctx context.Context, t time.Time) error {
	k := h.people[h.r.IntN(len(h.people))]
	g, ok := h.gridOf(k)
	if !ok || len(h.photos) < 2 {
		return nil
	}
	lat, lng := placeIn(h.r, g)
	if grid, _, _ := h.a.Locate(lat, lng); grid != k.Grid {
		return nil // the point fell outside their grid: no story today
	}
	what := onSpotCategories[h.r.IntN(len(onSpotCategories))]
	h.opts.Clock.Set(t)
	rec, err := h.a.Report(ctx, k, guanjia.Report{Category: what.code, Lat: lat, Lng: lng, Description: what.report,
		Photos: []string{h.photos[h.r.IntN(len(h.photos))]}, Channel: guanjia.ChannelApp})
	if err != nil {
		return err
	}
	s := &step{h: h, ctx: ctx, t: t, id: rec.Case.ID, c: rec.Case}
	if !s.do(s.minutes(10, 50), k, guanjia.Command{Action: guanjia.ActionHandle, Note: what.done,
		Photos: []string{h.photos[h.r.IntN(len(h.photos))]}}) {
		return s.err
	}
	confirmer := h.dispatch
	if ks := h.keepersOf(k.Grid); len(ks) > 1 && h.r.IntN(10) < 6 {
		if c := ks[h.r.IntN(len(ks))]; c.UserID != k.UserID {
			confirmer = c
		}
	}
	fixed := h.r.IntN(20) > 0
	cmd := guanjia.Command{Action: guanjia.ActionVerify, Fixed: &fixed, Satisfaction: 5}
	if !fixed {
		cmd.Note = "去看了，问题还在。"
	}
	s.do(s.minutes(30, 1440), confirmer, cmd)
	return s.err
}

// gridOf returns the grid of a housekeeper; false for anyone else.
func (h *history) gridOf(k guanjia.Actor) (*guanjia.Grid, bool) {
	if k.Role != guanjia.RoleHousekeeper || k.Grid == "" {
		return nil, false
	}
	g, err := h.db.GetGrid(context.Background(), k.Grid)
	return g, err == nil
}
