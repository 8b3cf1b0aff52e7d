package calendar

import (
	"slices"
	"time"

	"github.com/guanjia/guanjia"
)

// Kinds of Day.
const (
	Holiday = "holiday" // a day off, on a day that would be a working day
	Workday = "workday" // a make-up working day (调休上班), on a weekend
)

// Day is an exception to the Monday-to-Friday rule on one date.
type Day struct {
	Date string `json:"date"`           // YYYY-MM-DD
	Kind string `json:"kind"`           // Holiday or Workday
	Name string `json:"name,omitempty"` // e.g. 春节, shown beside the date
}

// checkDays returns in sorted by date and the kind of each date, or an
// error if a date is malformed or repeated or a kind unknown.
func checkDays(in []Day) ([]Day, map[date]string, error) {
	kinds := make(map[date]string, len(in))
	for _, d := range in {
		dt, err := parseDate(d.Date)
		if err != nil {
			return nil, nil, err
		}
		if d.Kind != Holiday && d.Kind != Workday {
			return nil, nil, guanjia.Errorf(guanjia.EINVALID,
				"%s: %q is not a kind of day; use %q or %q.", d.Date, d.Kind, Holiday, Workday)
		}
		if _, dup := kinds[dt]; dup {
			return nil, nil, guanjia.Errorf(guanjia.EINVALID, "%s is listed more than once.", d.Date)
		}
		kinds[dt] = d.Kind
	}
	days := slices.Clone(in)
	slices.SortFunc(days, byDate)
	return days, kinds, nil
}

// date is a day of the calendar, without a time of day or a location.
type date struct {
	year  int
	month time.Month
	day   int
}

func dateOf(t time.Time) date {
	y, m, d := t.Date()
	return date{y, m, d}
}

// parseDate parses exactly YYYY-MM-DD.
func parseDate(s string) (date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return date{}, guanjia.Errorf(guanjia.EINVALID, "%q is not a date like 2026-10-01.", s)
	}
	return dateOf(t), nil
}

// at returns the instant minute minutes after midnight of d in loc.
func (d date) at(minute int, loc *time.Location) time.Time {
	return time.Date(d.year, d.month, d.day, 0, minute, 0, 0, loc)
}

func (d date) next() date {
	return dateOf(time.Date(d.year, d.month, d.day+1, 0, 0, 0, 0, time.UTC))
}

func (d date) weekday() time.Weekday {
	return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC).Weekday()
}
