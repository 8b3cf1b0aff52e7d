package guanjia_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
)

// TestEscalationDue checks how far an overdue case climbs, in working days
// on the Chinese calendar: due on a Friday afternoon, a case is one working
// day late on Monday afternoon and three on Wednesday afternoon.
func TestEscalationDue(t *testing.T) {
	cal := calendar.Default()
	friday := time.Date(2026, 11, 6, 16, 0, 0, 0, guanjia.TownZone)
	monday, wednesday := friday.AddDate(0, 0, 3), friday.AddDate(0, 0, 5)
	dispatched := func(due time.Time) *guanjia.Case {
		return &guanjia.Case{Status: guanjia.StatusDispatched, SignDueAt: &due}
	}
	accepted := func(due time.Time) *guanjia.Case {
		return &guanjia.Case{Status: guanjia.StatusAccepted, SignDueAt: &time.Time{}, ResolveDueAt: &due}
	}
	tests := []struct {
		name string
		c    *guanjia.Case
		now  time.Time
		want int
	}{
		{"before the deadline", dispatched(friday), friday.Add(-time.Minute), 0},
		{"at the deadline", dispatched(friday), friday, 0},
		{"just overdue: the unit lead", dispatched(friday), friday.Add(time.Second), 1},
		{"over the weekend: still the unit lead", dispatched(friday), monday.Add(-time.Minute), 1},
		{"a working day late, exactly", dispatched(friday), monday, 1},
		{"over a working day late: the command center", dispatched(friday), monday.Add(time.Second), 2},
		{"three working days late, exactly", dispatched(friday), wednesday, 2},
		{"over three working days late: the county", dispatched(friday), wednesday.Add(time.Second), 3},
		{"a month late: still the county", dispatched(friday), friday.AddDate(0, 1, 0), 3},
		{"accepted: the resolve deadline counts", accepted(friday), friday.Add(time.Hour), 1},
		{"resolved: no running deadline", &guanjia.Case{Status: guanjia.StatusResolved, ResolveDueAt: &friday}, wednesday.AddDate(0, 0, 7), 0},
		{"new: no deadline", &guanjia.Case{Status: guanjia.StatusNew}, friday, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guanjia.EscalationDue(cal, tt.c, tt.now); got != tt.want {
				t.Errorf("EscalationDue at %v = %d, want %d", tt.now, got, tt.want)
			}
		})
	}
}

// TestAutoCloseDue checks when a resolved case stops waiting for its
// reporter.
func TestAutoCloseDue(t *testing.T) {
	resolved := time.Date(2026, 11, 2, 9, 0, 0, 0, guanjia.TownZone)
	wait := guanjia.AutoCloseAfter
	tests := []struct {
		name string
		c    guanjia.Case
		now  time.Time
		want bool
	}{
		{"just resolved", guanjia.Case{Status: guanjia.StatusResolved, ResolvedAt: &resolved}, resolved, false},
		{"a moment before the wait is over", guanjia.Case{Status: guanjia.StatusResolved, ResolvedAt: &resolved}, resolved.Add(wait - time.Second), false},
		{"the wait is over", guanjia.Case{Status: guanjia.StatusResolved, ResolvedAt: &resolved}, resolved.Add(wait), true},
		{"long after", guanjia.Case{Status: guanjia.StatusResolved, ResolvedAt: &resolved}, resolved.AddDate(1, 0, 0), true},
		{"resolved with no time", guanjia.Case{Status: guanjia.StatusResolved}, resolved.AddDate(1, 0, 0), false},
		{"closed already", guanjia.Case{Status: guanjia.StatusClosed, ResolvedAt: &resolved}, resolved.AddDate(1, 0, 0), false},
		{"reopened and accepted", guanjia.Case{Status: guanjia.StatusAccepted, ResolvedAt: &resolved}, resolved.AddDate(1, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guanjia.AutoCloseDue(&tt.c, wait, tt.now); got != tt.want {
				t.Errorf("AutoCloseDue at %v = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

// TestReferDue: the sweep refers a case once it has been overdue for its
// category's limit, and never a case the county has already.
func TestReferDue(t *testing.T) {
	c := caseIn(guanjia.StatusDispatched) // to be signed for by t0+48h
	due := *c.DueAt()
	after := guanjia.Limit{N: 2, Unit: guanjia.ClockHours}
	tests := []struct {
		name  string
		limit guanjia.Limit
		ref   bool
		now   time.Time
		want  bool
	}{
		{"not yet overdue", after, false, due.Add(-time.Minute), false},
		{"overdue, not long enough", after, false, due.Add(2 * time.Hour), false},
		{"overdue long enough", after, false, due.Add(2*time.Hour + time.Second), true},
		{"already the county's", after, true, due.Add(3 * time.Hour), false},
		{"the category does not refer", guanjia.Limit{}, false, due.Add(300 * time.Hour), false},
	}
	for _, tt := range tests {
		c := c
		c.Referred = tt.ref
		if got := guanjia.ReferDue(plainCalendar{}, &c, tt.limit, tt.now); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
