package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/calendar"
)

func TestAddWorkingHours(t *testing.T) {
	c, at := newDefault(t)
	tests := []struct {
		name  string
		from  string
		hours int
		want  string
	}{
		{"within the morning", "Mon 2026-03-02 09:00", 2, "Mon 2026-03-02 11:00"},
		{"to the close", "Mon 2026-03-02 09:00", 7, "Mon 2026-03-02 17:30"},
		{"into the next day", "Mon 2026-03-02 09:00", 8, "Tue 2026-03-03 09:30"},
		{"across lunch", "Mon 2026-03-02 11:00", 2, "Mon 2026-03-02 14:30"},
		{"to the start of lunch", "Mon 2026-03-02 11:00", 1, "Mon 2026-03-02 12:00"},
		{"from the start of lunch", "Mon 2026-03-02 12:00", 1, "Mon 2026-03-02 14:30"},
		{"from within lunch", "Mon 2026-03-02 12:30", 1, "Mon 2026-03-02 14:30"},
		{"from the end of lunch", "Mon 2026-03-02 13:30", 1, "Mon 2026-03-02 14:30"},
		{"before opening", "Mon 2026-03-02 07:00", 1, "Mon 2026-03-02 09:30"},
		{"from midnight", "Mon 2026-03-02 00:00", 1, "Mon 2026-03-02 09:30"},
		{"at opening", "Mon 2026-03-02 08:30", 1, "Mon 2026-03-02 09:30"},
		{"ending at the close", "Fri 2026-03-06 15:30", 2, "Fri 2026-03-06 17:30"},
		{"at the close", "Mon 2026-03-02 17:30", 1, "Tue 2026-03-03 09:30"},
		{"after closing", "Mon 2026-03-02 20:00", 1, "Tue 2026-03-03 09:30"},
		{"across a weekend", "Fri 2026-03-06 16:30", 2, "Mon 2026-03-09 09:30"},
		{"from a Saturday", "Sat 2026-03-07 10:00", 1, "Mon 2026-03-09 09:30"},
		{"from late Sunday", "Sun 2026-03-08 23:59", 1, "Mon 2026-03-09 09:30"},
		{"zero hours", "Sat 2026-03-07 10:00", 0, "Sat 2026-03-07 10:00"},
		{"negative hours", "Mon 2026-03-02 09:00", -3, "Mon 2026-03-02 09:00"},
		{"ten working days", "Mon 2026-03-02 09:00", 75, "Mon 2026-03-16 09:00"},
		{"to the make-up Saturday before Spring Festival 2026", "Fri 2026-02-13 16:30", 2, "Sat 2026-02-14 09:30"},
		{"over Spring Festival 2026", "Sat 2026-02-14 17:00", 1, "Tue 2026-02-24 09:00"},
		{"through Spring Festival 2026", "Fri 2026-02-13 10:00", 15, "Tue 2026-02-24 10:00"},
		{"from within Spring Festival 2026", "Wed 2026-02-18 10:00", 1, "Tue 2026-02-24 09:30"},
		{"to the make-up Saturday after Spring Festival 2026", "Fri 2026-02-27 17:00", 1, "Sat 2026-02-28 09:00"},
		{"to the make-up Sunday before National Day 2026", "Fri 2026-09-18 17:00", 1, "Sun 2026-09-20 09:00"},
		{"over Mid-Autumn 2026", "Thu 2026-09-24 17:00", 1, "Mon 2026-09-28 09:00"},
		{"over National Day 2026", "Wed 2026-09-30 17:00", 1, "Thu 2026-10-08 09:00"},
		{"to the make-up Saturday after National Day 2026", "Fri 2026-10-09 17:00", 1, "Sat 2026-10-10 09:00"},
		{"from the make-up Saturday", "Sat 2026-10-10 17:00", 1, "Mon 2026-10-12 09:00"},
		{"to the make-up Sunday before Spring Festival 2025", "Fri 2025-01-24 17:00", 1, "Sun 2025-01-26 09:00"},
		{"over Spring Festival 2025", "Mon 2025-01-27 17:00", 1, "Wed 2025-02-05 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AddWorkingHours(at(tt.from), tt.hours).Format(layout)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AddWorkingHours(%s, %d) (-want +got):\n%s", tt.from, tt.hours, diff)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	c, at := newDefault(t)
	tests := []struct {
		name string
		from string
		days int
		want string
	}{
		{"next day", "Tue 2026-03-03 10:00", 1, "Wed 2026-03-04 10:00"},
		{"three days", "Tue 2026-03-03 10:00", 3, "Fri 2026-03-06 10:00"},
		{"over a weekend", "Fri 2026-03-06 10:00", 1, "Mon 2026-03-09 10:00"},
		{"a week", "Tue 2026-03-03 10:00", 5, "Tue 2026-03-10 10:00"},
		{"Friday evening", "Fri 2026-03-06 20:00", 1, "Mon 2026-03-09 17:30"},
		{"Saturday", "Sat 2026-03-07 10:00", 1, "Mon 2026-03-09 17:30"},
		{"before opening", "Mon 2026-03-09 07:00", 1, "Mon 2026-03-09 17:30"},
		{"at opening", "Mon 2026-03-02 08:30", 1, "Mon 2026-03-02 17:30"},
		{"at the close", "Mon 2026-03-02 17:30", 1, "Tue 2026-03-03 17:30"},
		{"in the lunch break", "Mon 2026-03-02 12:45", 1, "Tue 2026-03-03 12:00"},
		{"at the end of lunch", "Mon 2026-03-02 13:30", 1, "Tue 2026-03-03 12:00"},
		{"zero days", "Sat 2026-03-07 10:00", 0, "Sat 2026-03-07 10:00"},
		{"to the make-up Saturday before Spring Festival 2026", "Fri 2026-02-13 10:00", 1, "Sat 2026-02-14 10:00"},
		{"over Spring Festival 2026", "Fri 2026-02-13 10:00", 2, "Tue 2026-02-24 10:00"},
		{"three days over Spring Festival 2026", "Thu 2026-02-12 15:00", 3, "Tue 2026-02-24 15:00"},
		{"to the make-up Saturday after Spring Festival 2026", "Fri 2026-02-27 10:00", 1, "Sat 2026-02-28 10:00"},
		{"Friday evening before the make-up Sunday", "Fri 2026-09-18 20:00", 1, "Sun 2026-09-20 17:30"},
		{"over National Day 2026", "Wed 2026-09-30 10:00", 1, "Thu 2026-10-08 10:00"},
		{"to the make-up Saturday after National Day 2026", "Thu 2026-10-08 10:00", 2, "Sat 2026-10-10 10:00"},
		{"over Mid-Autumn and National Day 2026", "Thu 2026-09-24 10:00", 5, "Fri 2026-10-09 10:00"},
		{"all 248 of 2026", "Wed 2025-12-31 10:00", 248, "Thu 2026-12-31 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AddWorkingDays(at(tt.from), tt.days).Format(layout)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AddWorkingDays(%s, %d) (-want +got):\n%s", tt.from, tt.days, diff)
			}
		})
	}
}

func TestWorkingDuration(t *testing.T) {
	c, at := newDefault(t)
	tests := []struct {
		name     string
		from, to string
		want     time.Duration
	}{
		{"within the morning", "Mon 2026-03-02 09:00", "Mon 2026-03-02 11:00", 2 * time.Hour},
		{"across lunch", "Mon 2026-03-02 11:00", "Mon 2026-03-02 14:30", 2 * time.Hour},
		{"across a weekend", "Fri 2026-03-06 16:30", "Mon 2026-03-09 09:30", 2 * time.Hour},
		{"within a weekend", "Sat 2026-03-07 10:00", "Sun 2026-03-08 10:00", 0},
		{"no time", "Mon 2026-03-02 10:00", "Mon 2026-03-02 10:00", 0},
		{"backwards", "Mon 2026-03-02 11:00", "Mon 2026-03-02 09:00", -2 * time.Hour},
		{"a week", "Mon 2026-03-02 00:00", "Sat 2026-03-07 00:00", 5 * 450 * time.Minute},
		{"Spring Festival 2026 fortnight", "Fri 2026-02-13 00:00", "Sun 2026-03-01 00:00", 7 * 450 * time.Minute},
		{"National Day 2026 fortnight", "Mon 2026-09-28 00:00", "Mon 2026-10-12 00:00", 6 * 450 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.WorkingDuration(at(tt.from), at(tt.to)); got != tt.want {
				t.Errorf("WorkingDuration(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
	from := at("Mon 2026-03-02 09:00")
	if got := c.WorkingDuration(from, from.Add(30*time.Second)); got != 30*time.Second {
		t.Errorf("WorkingDuration over 30 seconds = %v", got)
	}
}

func TestNextWorkStart(t *testing.T) {
	c, at := newDefault(t)
	tests := []struct{ from, want string }{
		{"Mon 2026-03-02 09:00", "Mon 2026-03-02 09:00"},
		{"Mon 2026-03-02 08:30", "Mon 2026-03-02 08:30"},
		{"Mon 2026-03-02 07:00", "Mon 2026-03-02 08:30"},
		{"Mon 2026-03-02 12:00", "Mon 2026-03-02 13:30"},
		{"Mon 2026-03-02 17:30", "Tue 2026-03-03 08:30"},
		{"Sat 2026-03-07 10:00", "Mon 2026-03-09 08:30"},
		{"Sat 2026-02-14 07:00", "Sat 2026-02-14 08:30"},
		{"Sat 2026-02-14 18:00", "Tue 2026-02-24 08:30"},
		{"Wed 2026-09-30 18:00", "Thu 2026-10-08 08:30"},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			got := c.NextWorkStart(at(tt.from)).Format(layout)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NextWorkStart(%s) (-want +got):\n%s", tt.from, diff)
			}
		})
	}
}

// TestResultsInLocation gives instants in UTC and wants them back in the
// calendar's location.
func TestResultsInLocation(t *testing.T) {
	c := calendar.Default()
	from := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Beijing
	tests := []struct {
		name string
		got  time.Time
		want string
	}{
		{"AddWorkingHours", c.AddWorkingHours(from, 2), "2026-03-02T11:00:00+08:00"},
		{"AddWorkingHours zero", c.AddWorkingHours(from, 0), "2026-03-02T09:00:00+08:00"},
		{"AddWorkingDays", c.AddWorkingDays(from, 1), "2026-03-03T09:00:00+08:00"},
		{"NextWorkStart", c.NextWorkStart(from.Add(-2 * time.Hour)), "2026-03-02T08:30:00+08:00"},
		{"from a UTC Friday that is Saturday in Beijing", c.AddWorkingHours(time.Date(2026, 3, 6, 20, 0, 0, 0, time.UTC), 1), "2026-03-09T09:30:00+08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got.Format(time.RFC3339)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if tt.got.Location() != c.Location() {
				t.Errorf("location = %v, want %v", tt.got.Location(), c.Location())
			}
		})
	}
}

// randomInstant returns an instant in 2025–2026, often on a whole half hour
// so that period boundaries come up, and in UTC or Beijing time.
func randomInstant(r *rand.Rand, c *calendar.Calendar) time.Time {
	start := time.Date(2024, 12, 25, 0, 0, 0, 0, c.Location())
	t := start.Add(time.Duration(r.Int64N(int64(740 * 24 * time.Hour))))
	if r.IntN(2) == 0 {
		t = t.Truncate(30 * time.Minute)
	}
	if r.IntN(2) == 0 {
		t = t.UTC()
	}
	return t
}

func TestWorkingDurationInvertsAddWorkingHours(t *testing.T) {
	c := calendar.Default()
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		from, hours := randomInstant(r, c), r.IntN(120)
		to := c.AddWorkingHours(from, hours)
		if got, want := c.WorkingDuration(from, to), time.Duration(hours)*time.Hour; got != want {
			t.Fatalf("WorkingDuration(%v, AddWorkingHours(%[1]v, %d) = %v) = %v, want %v", from, hours, to, got, want)
		}
		if hours > 0 && c.WorkingDuration(from, to.Add(-time.Second)) == time.Duration(hours)*time.Hour {
			t.Fatalf("AddWorkingHours(%v, %d) = %v is not the earliest deadline", from, hours, to)
		}
	}
}

func TestAddWorkingDaysKeepsClockTime(t *testing.T) {
	c := calendar.Default()
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		from, days := randomInstant(r, c), 1+r.IntN(300)
		got := c.AddWorkingDays(from, days)
		if w, want := c.WorkingDuration(from, got), time.Duration(days)*450*time.Minute; w != want {
			t.Fatalf("WorkingDuration(%v, AddWorkingDays(%[1]v, %d) = %v) = %v, want %v", from, days, got, w, want)
		}
		if !inWorkingTime(c, from) {
			continue
		}
		if want := nthWorkingDay(c, from, days); !got.Equal(want) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, want %v", from, days, got, want)
		}
	}
}

// inWorkingTime reports whether t is inside a working period but not at its
// start, where AddWorkingDays keeps the clock time.
func inWorkingTime(c *calendar.Calendar, t time.Time) bool {
	local := t.In(c.Location())
	minute := local.Hour()*60 + local.Minute()
	atStart := local.Second() == 0 && local.Nanosecond() == 0
	for _, p := range c.Periods() {
		if p.Start <= minute && minute < p.End && !(minute == p.Start && atStart) {
			return c.IsWorkday(t)
		}
	}
	return false
}

// nthWorkingDay returns t's clock time on the n-th working day after t's
// date, found one day at a time.
func nthWorkingDay(c *calendar.Calendar, t time.Time, n int) time.Time {
	t = t.In(c.Location())
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if c.IsWorkday(t) {
			n--
		}
	}
	return t
}

func BenchmarkAddWorkingHours(b *testing.B) {
	c := calendar.Default()
	from := time.Date(2026, 2, 13, 16, 30, 0, 0, c.Location())
	for _, hours := range []int{2, 40, 750} {
		b.Run(fmt.Sprint(hours, "h"), func(b *testing.B) {
			for b.Loop() {
				c.AddWorkingHours(from, hours)
			}
		})
	}
}
