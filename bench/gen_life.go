package bench

import (
	"time"

	"github.com/guanjia/guanjia"
)

// advance takes a generated case as far along the loop as its age makes
// likely: most cases older than two weeks are closed, recent ones are
// still being handled, and a few old ones are stuck and overdue.
func (g *gen) advance(l *loaded, unit string) {
	c := l.c
	age := g.now.Sub(c.CreatedAt)
	roll := g.r.IntN(100)
	t := c.CreatedAt
	step := func(lo, hi time.Duration) bool {
		t = t.Add(lo + time.Duration(g.r.Int64N(int64(hi-lo))))
		return t.Before(g.now)
	}
	if roll < 4 { // invalid
		if step(5*time.Minute, time.Hour) {
			l.event(t, guanjia.ActionReject, guanjia.StatusRejected, "经核实不存在该问题。")
		}
		return
	}
	if roll < 7 { // a duplicate, merged
		if step(5*time.Minute, time.Hour) {
			c.MergedInto = 1 + g.r.Int64N(1000)
			l.event(t, guanjia.ActionMerge, guanjia.StatusMerged, "与附近已有案件重复，合并处理。")
		}
		return
	}
	// Open cases in the last two days, a share in the last two weeks, and
	// 1% stuck for good.
	stuck := roll == 99
	lean := age < 48*time.Hour || (age < 14*24*time.Hour && roll < 30) || stuck
	if !step(time.Minute, 3*time.Hour) || (lean && g.r.IntN(8) == 0) {
		return // still new
	}
	c.Unit = unit
	disp := t
	c.DispatchedAt = &disp
	sign := t.Add(2 * time.Hour)
	c.SignDueAt = &sign
	l.event(t, guanjia.ActionDispatch, guanjia.StatusDispatched, "")
	if !step(10*time.Minute, 4*time.Hour) || (lean && g.r.IntN(3) == 0) {
		return
	}
	acc := t
	c.AcceptedAt = &acc
	res := t.Add(time.Duration(24+g.r.IntN(72)) * time.Hour)
	c.ResolveDueAt = &res
	l.event(t, guanjia.ActionAccept, guanjia.StatusAccepted, "")
	if stuck || !step(time.Hour, 48*time.Hour) || (lean && g.r.IntN(2) == 0) {
		return
	}
	g.finish(l, &t, lean)
}

// finish resolves the case and, unless it is recent, closes it.
func (g *gen) finish(l *loaded, t *time.Time, lean bool) {
	c := l.c
	r := *t
	c.ResolvedAt = &r
	c.Resolution = "已到现场处理完毕，现场已恢复。"
	l.event(r, guanjia.ActionResolve, guanjia.StatusResolved, c.Resolution)
	*t = t.Add(time.Duration(30+g.r.IntN(4000)) * time.Minute)
	if !t.Before(g.now) || (lean && g.r.IntN(2) == 0) {
		return
	}
	cl := *t
	c.ClosedAt = &cl
	if g.r.IntN(10) < 8 {
		c.Satisfaction = []int{5, 5, 5, 4, 4, 3, 2}[g.r.IntN(7)]
		l.event(cl, guanjia.ActionVerify, guanjia.StatusClosed, "")
		return
	}
	l.event(cl, guanjia.ActionClose, guanjia.StatusClosed, guanjia.NoteAutoClosed)
}
