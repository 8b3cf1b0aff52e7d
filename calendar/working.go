package calendar

import (
	"iter"
	"time"
)

// AddWorkingHours returns the deadline hours working hours after t: the
// instant at which the last of them is used up, counting only time inside
// the working periods of working days. Counting from a t outside working
// time starts at the next period start. So Friday 16:30 + 2 is Monday 09:30
// when Monday is a working day, Monday 11:00 + 2 is Monday 14:30 across
// lunch, and Monday 15:30 + 2 is Monday 17:30, not Tuesday 08:30. For
// hours ≤ 0 it returns t. The result is in the calendar's location.
func (c *Calendar) AddWorkingHours(t time.Time, hours int) time.Time {
	return c.addWorking(t, time.Duration(hours)*time.Hour)
}

// AddWorkingDays returns the deadline days working days after t.
//
// The rule: a working day is the working time of one day (7.5 hours with
// DefaultPeriods), and the deadline is the instant at which days of them are
// used up, counted exactly as AddWorkingHours counts. So a limit in working
// days is never longer or shorter than the same limit in working hours, and
// WorkingDuration(t, AddWorkingDays(t, n)) is n working days. In clock terms:
//
//   - t inside working time: the same clock time on the n-th following
//     working day. Tuesday 10:00 + 1 is Wednesday 10:00; in 2026, Friday
//     13 February 10:00 + 1 is the make-up Saturday the 14th, and + 2 is
//     Tuesday the 24th, after the Spring Festival.
//   - t outside working time: the close of the n-th working day, counting
//     from the next period start. Friday 20:00, Saturday 10:00 and Monday
//     07:00 + 1 are all Monday 17:30.
//   - t in a break: the end of the period before the break, n working days
//     on. Monday 12:45 + 1 is Tuesday 12:00.
//   - t exactly at a period start: likewise the end of the period before it,
//     the earlier of two instants with the same working time. Monday 08:30 + 1
//     is Monday 17:30, and Monday 13:30 + 1 is Tuesday 12:00.
//
// For days ≤ 0 it returns t. The result is in the calendar's location.
func (c *Calendar) AddWorkingDays(t time.Time, days int) time.Time {
	return c.addWorking(t, time.Duration(days)*c.dayLen)
}

// addWorking returns the instant at which d of working time after t is used.
func (c *Calendar) addWorking(t time.Time, d time.Duration) time.Time {
	t = t.In(c.loc)
	if d <= 0 {
		return t
	}
	for start, end := range c.intervals(t) {
		if n := end.Sub(start); n < d {
			d -= n
			continue
		}
		return start.Add(d)
	}
	panic("unreachable: working time never ends")
}

// WorkingDuration returns the working time between from and to: how much of
// a limit is left at from until a deadline to, or, negative when to is
// before from, how far past it is. For every t and h ≥ 0,
// WorkingDuration(t, AddWorkingHours(t, h)) is h hours.
func (c *Calendar) WorkingDuration(from, to time.Time) time.Duration {
	if to.Before(from) {
		return -c.WorkingDuration(to, from)
	}
	var sum time.Duration
	for start, end := range c.intervals(from) {
		if !start.Before(to) {
			break
		}
		if end.After(to) {
			end = to
		}
		sum += end.Sub(start)
	}
	return sum
}

// NextWorkStart returns t if it is inside working time, and otherwise the
// start of the next working period: when an office open at t would start
// work. The result is in the calendar's location.
func (c *Calendar) NextWorkStart(t time.Time) time.Time {
	for start := range c.intervals(t) {
		return start
	}
	panic("unreachable: working time never ends")
}

// intervals yields the working time from t on as [start, end) intervals in
// order, the first cut to start no earlier than t. It never ends: weekdays
// are working days unless overridden, and there are finitely many overrides.
func (c *Calendar) intervals(t time.Time) iter.Seq2[time.Time, time.Time] {
	return func(yield func(time.Time, time.Time) bool) {
		from := t.In(c.loc)
		for d := dateOf(from); ; d = d.next() {
			if !c.isWorkday(d) {
				continue
			}
			for _, p := range c.periods {
				start, end := d.at(p.Start, c.loc), d.at(p.End, c.loc)
				if !end.After(from) || !end.After(start) {
					continue
				}
				if start.Before(from) {
					start = from
				}
				if !yield(start, end) {
					return
				}
			}
		}
	}
}
