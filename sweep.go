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

// AutoCloseDue reports whether resolved case c has waited for its reporter
// at least wait by now, and so closes by itself.
func AutoCloseDue(c *Case, wait time.Duration, now time.Time) bool {
	return c.Status == StatusResolved && c.ResolvedAt != nil && !c.ResolvedAt.After(now.Add(-wait))
}
