package guanjia

import "time"

// The triage clock: a new case must be dispatched (or answered, merged,
// rejected) within its category's triage limit. Past it, the case is
// untriaged and overdue: it sorts first in the console, is marked, and the
// command center is told once (TopicCaseUntriaged).

// TopicCaseUntriaged is the outbox kind announcing, once per case, that a
// new case has waited past its triage limit.
const TopicCaseUntriaged = "case.untriaged"

// Triage returns how soon a new case of category c must be dispatched: its
// own (or its town's) limit, or else by priority: urgent in 30 minutes,
// high in 2 working hours, the rest in 1 working day.
func (c *Category) Triage() Limit {
	switch {
	case c.TriageLimit.N > 0:
		return c.TriageLimit
	case c.Priority == 1:
		return Limit{N: 30, Unit: ClockMinutes}
	case c.Priority == 2:
		return Limit{N: 2, Unit: WorkingHours}
	}
	return Limit{N: 1, Unit: WorkingDays}
}

// StartTriage starts the triage clock of a case that is (again) new, at now.
func (c *Case) StartTriage(cal Calendar, cat *Category, now time.Time) {
	if cat == nil {
		return
	}
	c.TriageDueAt = ptr(Deadline(cal, now, cat.Triage()))
}

// Untriaged reports whether c is new and past its triage limit at now.
func (c *Case) Untriaged(now time.Time) bool {
	return c.Status == StatusNew && c.Overdue(now)
}
