package demo

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

var (
	resolutions = []string{"已到现场处理完毕，现场已恢复。", "已安排人员清理，附现场照片。", "已联系相关责任人整改到位。",
		"已维修完成，经检查可以正常使用。", "已现场劝导，当事人已改正。", "已协调双方达成一致。"}
	returnReasons = []string{"不属于本单位职责范围，请改派。", "该位置属于相邻村管辖。", "需由市场监管部门处理。"}
	rejectReasons = []string{"重复上报。", "信息不全，无法核实。", "经核实不存在该问题。"}
)

// story takes one case from its report as far as the present allows.
func (h *history) story(ctx context.Context, t time.Time) error {
	c := h.pickCategory()
	lat, lng := h.place()
	rep, reporter := h.report(c, lat, lng)
	lat, lng = rep.Lat, rep.Lng
	h.opts.Clock.Set(t)
	rec, err := h.a.Report(ctx, reporter, rep)
	if err != nil {
		return err
	}
	if h.r.IntN(100) < 6 {
		if err := h.duplicate(ctx, t, c, lat, lng); err != nil {
			return err
		}
	}
	s := &step{h: h, ctx: ctx, t: t, id: rec.Case.ID, c: rec.Case}
	if reporter.UserID == 0 {
		reporter.Tracking = true
	}
	return s.run(reporter, rec.Duplicates)
}

// step advances one case; each do moves the clock forward by a delay and
// stops the story (returning false) when that lies beyond the present.
type step struct {
	h   *history
	ctx context.Context
	t   time.Time
	id  int64
	c   *guanjia.Case
	err error
}

func (s *step) do(delay time.Duration, actor guanjia.Actor, cmd guanjia.Command) bool {
	if s.err != nil {
		return false
	}
	t := s.t.Add(delay)
	if t.After(s.h.opts.Now) {
		return false
	}
	s.t = t
	s.h.opts.Clock.Set(t)
	c, err := s.h.a.Act(s.ctx, actor, s.id, cmd)
	if guanjia.ErrorCode(err) == guanjia.ECONFLICT {
		return false // e.g. a limit lapsed before an extension: the story ends here
	} else if err != nil {
		s.err = err
		return false
	}
	s.c = c
	return true
}

func (s *step) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+s.h.r.IntN(hi-lo+1)) * time.Minute
}

// working returns a delay that lands the step n working minutes later.
func (s *step) working(lo, hi int) time.Duration {
	cal := s.h.a.Calendar()
	hours := 1 + (lo+s.h.r.IntN(hi-lo+1))/60
	return cal.AddWorkingHours(s.t, hours).Sub(s.t) - time.Duration(s.h.r.IntN(50))*time.Minute
}

func (s *step) run(reporter guanjia.Actor, dups []*guanjia.Case) error {
	r := s.h.r
	roll := r.IntN(100)
	if roll < 4 { // invalid: the dispatcher rejects it, dispatched or not
		s.do(s.minutes(5, 60), s.h.dispatch, guanjia.Command{Action: guanjia.ActionReject, Reason: rejectReasons[r.IntN(len(rejectReasons))]})
		return s.err
	}
	if s.c.Status == guanjia.StatusNew {
		switch {
		case len(dups) > 0:
			s.do(s.minutes(5, 60), s.h.dispatch, guanjia.Command{Action: guanjia.ActionMerge, Target: dups[0].ID, Note: "与附近已有案件重复，合并处理。"})
			return s.err
		case roll < 7 && s.h.here == nil: // beyond the town: the county's department handles it
			if !s.referUp(countyUnits[1+roll%(len(countyUnits)-1)].Code) {
				return s.err
			}
		}
		if s.c.Status == guanjia.StatusNew && !s.dispatchTo(s.unitFor(), s.minutes(3, 240)) {
			return s.err
		}
	}
	if roll == 50 { // two units in turn say it is not theirs: a dispute
		for i := 0; i < 2; i++ {
			if !s.do(s.minutes(20, 120), s.h.handlers[s.c.Unit], guanjia.Command{Action: guanjia.ActionReturn, Reason: returnReasons[r.IntN(len(returnReasons))]}) {
				return s.err
			}
			if i == 0 && !s.dispatchTo(s.otherUnit(), s.minutes(10, 60)) {
				return s.err
			}
		}
		if !s.dispatchTo(s.unitFor(), s.minutes(30, 240)) {
			return s.err
		}
	}
	if roll >= 90 && roll < 96 { // the first unit says it is not theirs
		if !s.do(s.minutes(20, 180), s.h.handlers[s.c.Unit], guanjia.Command{Action: guanjia.ActionReturn, Reason: returnReasons[r.IntN(len(returnReasons))]}) {
			return s.err
		}
		if !s.dispatchTo(s.otherUnit(), s.minutes(10, 90)) {
			return s.err
		}
	}
	handler := s.h.handlers[s.c.Unit]
	signDelay := s.tight(s.working(10, 90))
	if roll >= 96 { // slow to sign for: overdue
		signDelay = s.minutes(300, 3000)
	}
	if !s.do(signDelay, handler, guanjia.Command{Action: guanjia.ActionAccept}) {
		return s.err
	}
	if roll%17 == 0 && s.c.ResolveDueAt != nil { // needs more time
		until := s.c.ResolveDueAt.Add(48 * time.Hour)
		if !s.do(s.minutes(30, 120), handler, guanjia.Command{Action: guanjia.ActionExtend, Until: until, Reason: "需要采购配件，申请延期两天。"}) {
			return s.err
		}
		if !s.do(s.minutes(20, 120), s.h.leads[s.c.Unit], guanjia.Command{Action: guanjia.ActionApproveExtension}) {
			return s.err
		}
	}
	return s.finish(reporter, handler)
}

// finish resolves the case and has the reporter confirm, dispute, or
// stay silent until the case closes by itself.
func (s *step) finish(reporter, handler guanjia.Actor) error {
	r := s.h.r
	resolve := func() bool {
		cmd := guanjia.Command{Action: guanjia.ActionResolve, Note: resolutions[r.IntN(len(resolutions))]}
		if r.IntN(2) == 0 && len(s.h.photos) > 0 {
			cmd.Photos = []string{s.h.photos[r.IntN(len(s.h.photos))]}
		}
		return s.do(s.tight(s.working(30, 600)), handler, cmd)
	}
	if !resolve() {
		return s.err
	}
	if r.IntN(100) < 8 { // not fixed: back to the unit
		no := false
		if !s.do(s.minutes(60, 1440), reporter, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &no, Note: "问题还在，没有处理好。"}) {
			return s.err
		}
		if !resolve() {
			return s.err
		}
	}
	if r.IntN(100) < 80 {
		yes := true
		sat := []int{5, 5, 5, 4, 4, 3, 2}[r.IntN(7)]
		s.do(s.minutes(30, 2880), s.h.verifier(s.c, reporter), guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: sat})
		return s.err
	}
	s.do(7*24*time.Hour+s.minutes(1, 60), guanjia.SystemActor, guanjia.Command{Action: guanjia.ActionClose, NoteKey: guanjia.NoteAutoClosed})
	return s.err
}

func (s *step) dispatchTo(unit string, delay time.Duration) bool {
	return s.do(delay, s.h.dispatch, guanjia.Command{Action: guanjia.ActionDispatch, Unit: unit})
}

// unitFor is the unit a dispatcher picks: the routed one, or a department.
func (s *step) unitFor() string {
	if u, ok := s.h.a.Route(s.c.Category, s.c.Grid, s.c.Village, s.c.Jurisdiction); ok {
		return u
	}
	return s.otherUnit()
}

func (s *step) otherUnit() string {
	for {
		u := departments[1+s.h.r.IntN(len(departments)-1)].Code
		if t := s.h.here; t != nil {
			u = t.pinyin + "-" + townDepartments[1+s.h.r.IntN(len(townDepartments)-1)]
		}
		if u != s.c.Unit {
			return u
		}
	}
}

// duplicate has someone else report the same problem nearby soon after,
// and the dispatcher merge it into the first report.
func (h *history) duplicate(ctx context.Context, t time.Time, c *category, lat, lng float64) error {
	rep, reporter := h.report(c, lat+h.r.NormFloat64()*0.0002, lng+h.r.NormFloat64()*0.0002)
	s := &step{h: h, ctx: ctx, t: t}
	at := t.Add(s.minutes(5, 90))
	if at.After(h.opts.Now) {
		return nil
	}
	h.opts.Clock.Set(at)
	rec, err := h.a.Report(ctx, reporter, rep)
	if err != nil || len(rec.Duplicates) == 0 {
		return err
	}
	s.t, s.id, s.c = at, rec.Case.ID, rec.Case
	s.do(s.minutes(5, 30), h.dispatch, guanjia.Command{Action: guanjia.ActionMerge, Target: rec.Duplicates[0].ID, Note: "与附近已有案件重复，合并处理。"})
	return s.err
}
