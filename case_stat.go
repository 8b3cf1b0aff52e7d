package guanjia

import (
	"math"
	"time"
)

// The assessment figures (docs/figures.md) are sums over cases reported in
// a period. Each case's part in them is kept in one row, CaseStat, written
// in the same transaction as every change of the case, so that a figure is
// one grouped query over a period's rows and never a walk over timelines.

// WorkingClock measures working time: calendar.Calendar is one.
type WorkingClock interface {
	WorkingDuration(from, to time.Time) time.Duration
}

// CaseStat is one case's part in the assessment figures.
type CaseStat struct {
	CaseID       int64
	Day          int // the day it was reported, Asia/Shanghai (ReportDay)
	Jurisdiction string
	Unit         string
	Village      string
	Grid         string
	Category     string
	Channel      Channel
	Status       Status

	Dispatches int // dispatch events
	Returns    int // return events
	// Signed: the current dispatch has been signed for; SignOnTime: by
	// its sign-for deadline; SignSecs: working seconds from the dispatch
	// to the sign-for.
	Signed     bool
	SignOnTime bool
	SignSecs   int64
	// Resolved: handled by the unit (status resolved, or closed after
	// it); ResolveOnTime: the latest resolve came by the resolve deadline
	// in force (approved extensions move it); ResolveSecs: working seconds
	// from the sign-for to that resolve.
	Resolved      bool
	ResolveOnTime bool
	ResolveSecs   int64
	Fixed         bool // closed as confirmed fixed by the reporter (or on their behalf)
	Satisfaction  int  // 1..5 when rated
	// EverOverdue: some action came after the deadline then running. A case
	// overdue now without an action since is found by DueAt.
	EverOverdue bool
	DueAt       *time.Time // the running deadline, Case.DueAt
	// Callback: called back (回访) since it was last closed; a reopening
	// clears it (it counts only while the case is closed).
	Callback bool
	// Supervised: under a supervision order (督办), ever; Answered: the
	// latest order has the unit's written feedback; Lapsed: the latest
	// order was escalated for want of it.
	Supervised, SupervisionAnswered, SupervisionLapsed bool
	// SameProblem: when it was reported, a case of the same town and
	// category had been reported within RepeatRadius of its place in the
	// RepeatWindow before it (docs/figures.md, 重复件率). Set by the store
	// when the case is written, and never changed after.
	SameProblem bool
}

// RepeatRadius and RepeatWindow say what a report of the same problem is
// (重复件, docs/figures.md): a case of the same town and category, within
// RepeatRadius metres (haversine) of an earlier one reported in the
// RepeatWindow before it. The radius is the default of intake's check for
// likely duplicates (app.Options.DuplicateRadius).
const (
	RepeatRadius = 150.0
	RepeatWindow = 30 * 24 * time.Hour
)

// ReportDay returns the day t falls on in China Standard Time, as days
// since 1970-01-01.
func ReportDay(t time.Time) int {
	return int(math.Floor(float64(t.Unix()+8*3600) / 86400))
}

// MonthStart returns the first day of the month of day (both as days
// since 1970-01-01, local dates as ReportDay gives them).
func MonthStart(day int) int {
	t := time.Unix(int64(day)*86400, 0).UTC()
	return int(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NextMonth returns the first day of the month after day's.
func NextMonth(day int) int {
	t := time.Unix(int64(day)*86400, 0).UTC()
	return int(time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NewCaseStat returns the part of a new case c whose first events are
// events (in order); clock measures working time (nil: durations are 0).
func NewCaseStat(c *Case, events []*Event, clock WorkingClock) CaseStat {
	s := CaseStat{CaseID: c.ID, Day: ReportDay(c.CreatedAt)}
	s.take(c)
	for _, e := range events {
		s.Record(c, e, clock)
	}
	return s
}

// take copies the case's fields that the figures group and count by.
func (s *CaseStat) take(c *Case) {
	s.CaseID, s.Jurisdiction, s.Unit, s.Village, s.Grid = c.ID, c.Jurisdiction, c.Unit, c.Village, c.Grid
	s.Category, s.Channel, s.Status, s.Satisfaction = c.Category, c.Channel, c.Status, c.Satisfaction
}

// Record folds event e, which made the case c (as it stands after e), into s.
func (s *CaseStat) Record(c *Case, e *Event, clock WorkingClock) {
	late := s.DueAt != nil && e.At.After(*s.DueAt)
	if late {
		s.EverOverdue = true
	}
	switch e.Action {
	case ActionDispatch:
		s.Dispatches++
		s.Signed, s.SignOnTime, s.SignSecs = false, false, 0
	case ActionAccept:
		s.Signed, s.SignOnTime, s.SignSecs = true, s.DueAt != nil && !late, working(clock, c.DispatchedAt, e.At)
	case ActionReturn:
		s.Returns++
		s.Signed, s.SignOnTime, s.SignSecs = false, false, 0
	case ActionResolve:
		s.Resolved, s.ResolveOnTime, s.ResolveSecs = true, s.DueAt != nil && !late, working(clock, c.AcceptedAt, e.At)
	case ActionVerify:
		s.Fixed = c.Status == StatusClosed
		if c.Status != StatusClosed {
			s.Resolved, s.ResolveOnTime, s.ResolveSecs = false, false, 0
		}
	case ActionClose:
		s.Fixed = false
	case ActionCallback:
		s.Callback = true
	case ActionSupervise:
		s.Supervised, s.SupervisionAnswered, s.SupervisionLapsed = true, false, false
	case ActionFeedback:
		s.SupervisionAnswered = true
	case ActionSupervisionLapse:
		s.SupervisionLapsed = true
	case ActionReopen, ActionHandle:
		s.Callback = false
		s.Signed, s.SignOnTime, s.SignSecs = false, false, 0
		s.Resolved, s.ResolveOnTime, s.ResolveSecs, s.Fixed = false, false, 0, false
	}
	s.take(c)
	// The deadline that runs after e; by e's status rather than c's, so
	// that a new case's first events are folded right against the case
	// they led to.
	var d *time.Time
	switch e.To {
	case StatusDispatched:
		d = c.SignDueAt
	case StatusAccepted:
		d = c.ResolveDueAt
	}
	s.DueAt = nil
	if d != nil {
		t := *d
		s.DueAt = &t
	}
}

// working returns the working seconds from *from to to; 0 without a start
// or a clock.
func working(clock WorkingClock, from *time.Time, to time.Time) int64 {
	if clock == nil || from == nil {
		return 0
	}
	return int64(clock.WorkingDuration(*from, to) / time.Second)
}
