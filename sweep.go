package guanjia

import "time"

// AutoCloseAfter is how long a resolved case waits, by default, for its
// reporter to confirm the fix before it closes by itself.
const AutoCloseAfter = 7 * 24 * time.Hour

// EscalationDue returns the escalation level that case c should have
// reached at now: 0 while its running deadline has not passed, 1 (the unit
// lead) as soon as it has, 2 (the command center) one working day after it
// and 3 (the county) three working days after it. Counting working days
// needs the calendar cal. A case with no running deadline is due none.
func EscalationDue(cal Calendar, c *Case, now time.Time) int {
	due := c.DueAt()
	switch {
	case due == nil || !now.After(*due):
		return 0
	case now.After(cal.AddWorkingDays(*due, 3)):
		return 3
	case now.After(cal.AddWorkingDays(*due, 1)):
		return 2
	}
	return 1
}

// ReferDue reports whether the sweep hands case c up to the county at now:
// its category says to (after, a limit counted from the running deadline,
// is set), the case is still its town's (not referred) and it has been
// overdue for after. A case the county handed back is its town's again
// and not referred a second time; the caller checks the timeline for
// that.
func ReferDue(cal Calendar, c *Case, after Limit, now time.Time) bool {
	due := c.DueAt()
	return after.N > 0 && !c.Referred && due != nil && now.After(Deadline(cal, *due, after))
}

// AutoCloseDue reports whether resolved case c has waited for its reporter
// at least wait by now, and so closes by itself. A rectification never
// does: only a re-inspection closes it.
func AutoCloseDue(c *Case, wait time.Duration, now time.Time) bool {
	return c.Status == StatusResolved && c.ResolvedAt != nil && !IsRectification(c) && !c.ResolvedAt.After(now.Add(-wait))
}
