// Package calendar is the working-day calendar of Chinese government
// offices. It turns time limits such as "2 working hours" or "3 working days"
// into deadlines by counting only office hours on working days: Monday to
// Friday, less public holidays, plus the weekend days that the State Council
// makes working days in exchange (调休).
//
// A *Calendar implements guanjia.Calendar. Build one at start-up with Default
// or New and share it: it never changes after construction, so it is safe for
// concurrent use, and an edited calendar is a new value (see With).
package calendar

import (
	"slices"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Calendar is a working-day calendar: working periods within each day,
// Saturday and Sunday off, and overrides by date. Create it with New or
// Default; the zero value is not usable.
type Calendar struct {
	loc     *time.Location
	periods []Period        // sorted and disjoint
	dayLen  time.Duration   // the working time of one working day
	days    []Day           // the overrides, sorted by date
	kinds   map[date]string // the overrides' kinds, by date
}

var _ guanjia.Calendar = (*Calendar)(nil)

// Options configures New. Zero fields take the defaults.
type Options struct {
	// Location is where the office is; nil means Asia/Shanghai.
	Location *time.Location
	// Periods are the working periods of a working day, in any order;
	// empty means DefaultPeriods.
	Periods []Period
	// Days are the holidays and make-up working days, one per date at most.
	Days []Day
}

// New returns a calendar configured by opts. It returns an EINVALID error
// for a date not written YYYY-MM-DD, an unknown kind of day, a date listed
// twice, or a working period that does not end after it starts, lies outside
// the day or overlaps another.
func New(opts Options) (*Calendar, error) {
	loc := opts.Location
	if loc == nil {
		loc = shanghai()
	}
	periods := opts.Periods
	if len(periods) == 0 {
		periods = DefaultPeriods()
	}
	periods, err := checkPeriods(periods)
	if err != nil {
		return nil, err
	}
	days, kinds, err := checkDays(opts.Days)
	if err != nil {
		return nil, err
	}
	return &Calendar{loc: loc, periods: periods, dayLen: length(periods), days: days, kinds: kinds}, nil
}

// Default returns the calendar of an office in mainland China: Asia/Shanghai,
// DefaultPeriods, and the holidays and make-up working days of China().
func Default() *Calendar {
	c, err := New(Options{Days: China()})
	if err != nil {
		panic("calendar: built-in holidays: " + err.Error())
	}
	return c
}

// shanghai returns China Standard Time from the time zone database, or a
// fixed UTC+8 where the system has no database. The two agree for every date
// since 1991, when China last kept daylight saving time.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return guanjia.TownZone
}

// Location returns the calendar's location, in which it returns all times.
func (c *Calendar) Location() *time.Location { return c.loc }

// Periods returns the working periods of a working day, in order.
func (c *Calendar) Periods() []Period { return slices.Clone(c.periods) }

// Days returns the overrides (holidays and make-up working days), sorted by
// date.
func (c *Calendar) Days() []Day { return slices.Clone(c.days) }

// With returns a copy of c with more overrides. A day in days replaces c's
// override on the same date; to restore a weekday, give it as a Workday, and
// a weekend day as a Holiday. c itself does not change. The errors are those
// of New.
func (c *Calendar) With(days []Day) (*Calendar, error) {
	replaced := make(map[string]bool, len(days))
	for _, d := range days {
		replaced[d.Date] = true
	}
	merged := make([]Day, 0, len(c.days)+len(days))
	for _, d := range c.days {
		if !replaced[d.Date] {
			merged = append(merged, d)
		}
	}
	merged = append(merged, days...)
	return New(Options{Location: c.loc, Periods: c.periods, Days: merged})
}

// IsWorkday reports whether t falls, in the calendar's location, on a working
// day: a Monday to Friday that is not a Holiday, or a Workday.
func (c *Calendar) IsWorkday(t time.Time) bool {
	return c.isWorkday(dateOf(t.In(c.loc)))
}

func (c *Calendar) isWorkday(d date) bool {
	switch c.kinds[d] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	wd := d.weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// byDate orders days by date; YYYY-MM-DD strings sort as the dates do.
func byDate(a, b Day) int { return strings.Compare(a.Date, b.Date) }
