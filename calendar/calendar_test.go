package calendar_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
)

// layout is how tests write instants: with the weekday, to be read at a glance.
const layout = "Mon 2006-01-02 15:04"

// mustParse parses s, written in layout, in loc, and checks its weekday.
func mustParse(tb testing.TB, loc *time.Location, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		tb.Fatal(err)
	}
	if got := t.Format(layout); got != s {
		tb.Fatalf("%q is really %q", s, got)
	}
	return t
}

// newDefault returns Default() and a parser of instants in its location.
func newDefault(tb testing.TB) (*calendar.Calendar, func(string) time.Time) {
	tb.Helper()
	c := calendar.Default()
	return c, func(s string) time.Time { tb.Helper(); return mustParse(tb, c.Location(), s) }
}

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		name    string
		opts    calendar.Options
		wantMsg string
	}{
		{"one-digit month", calendar.Options{Days: []calendar.Day{{Date: "2026-1-01", Kind: calendar.Holiday}}},
			`"2026-1-01" is not a date like 2026-10-01.`},
		{"no such day", calendar.Options{Days: []calendar.Day{{Date: "2026-02-30", Kind: calendar.Holiday}}},
			`"2026-02-30" is not a date like 2026-10-01.`},
		{"no dashes", calendar.Options{Days: []calendar.Day{{Date: "20260101", Kind: calendar.Holiday}}},
			`"20260101" is not a date like 2026-10-01.`},
		{"empty date", calendar.Options{Days: []calendar.Day{{Kind: calendar.Holiday}}},
			`"" is not a date like 2026-10-01.`},
		{"unknown kind", calendar.Options{Days: []calendar.Day{{Date: "2026-10-01", Kind: "Holiday"}}},
			`2026-10-01: "Holiday" is not a kind of day; use "holiday" or "workday".`},
		{"no kind", calendar.Options{Days: []calendar.Day{{Date: "2026-10-01"}}},
			`2026-10-01: "" is not a kind of day; use "holiday" or "workday".`},
		{"date twice", calendar.Options{Days: []calendar.Day{
			{Date: "2026-10-01", Kind: calendar.Holiday}, {Date: "2026-10-01", Kind: calendar.Workday}}},
			`2026-10-01 is listed more than once.`},
		{"period backwards", calendar.Options{Periods: []calendar.Period{{720, 510}}},
			`A working period must end after it starts, within minutes 0 to 1440 of the day; 720 to 510 does not.`},
		{"period empty", calendar.Options{Periods: []calendar.Period{{600, 600}}},
			`A working period must end after it starts, within minutes 0 to 1440 of the day; 600 to 600 does not.`},
		{"period past midnight", calendar.Options{Periods: []calendar.Period{{1320, 1500}}},
			`A working period must end after it starts, within minutes 0 to 1440 of the day; 1320 to 1500 does not.`},
		{"period before midnight", calendar.Options{Periods: []calendar.Period{{-60, 60}}},
			`A working period must end after it starts, within minutes 0 to 1440 of the day; -60 to 60 does not.`},
		{"periods overlap", calendar.Options{Periods: []calendar.Period{{810, 1050}, {510, 840}}},
			`Working periods 08:30–14:00 and 13:30–17:30 overlap.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.opts)
			if c != nil || guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("New = %v, %v; want nil, an %s error", c, err, guanjia.EINVALID)
			}
			if diff := cmp.Diff(tt.wantMsg, guanjia.ErrorMessage(err)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := calendar.New(calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Location().String(); got != "Asia/Shanghai" && got != "CST" {
		t.Errorf("Location = %q, want Asia/Shanghai (or the CST fallback)", got)
	}
	if diff := cmp.Diff(calendar.DefaultPeriods(), c.Periods()); diff != "" {
		t.Errorf("Periods (-want +got):\n%s", diff)
	}
	if got := c.Days(); len(got) != 0 {
		t.Errorf("Days = %v, want none", got)
	}
}

func TestIsWorkday(t *testing.T) {
	c, at := newDefault(t)
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"Monday", at("Mon 2026-03-02 10:00"), true},
		{"Saturday", at("Sat 2026-03-07 10:00"), false},
		{"Sunday", at("Sun 2026-03-08 10:00"), false},
		{"National Day on a Thursday", at("Thu 2026-10-01 10:00"), false},
		{"Spring Festival on a Monday", at("Mon 2026-02-23 10:00"), false},
		{"make-up Sunday before National Day", at("Sun 2026-09-20 10:00"), true},
		{"make-up Saturday before Spring Festival", at("Sat 2026-02-14 10:00"), true},
		{"make-up Sunday of 2025", at("Sun 2025-01-26 10:00"), true},
		{"UTC evening that is a Friday in Beijing", time.Date(2026, 10, 8, 16, 30, 0, 0, time.UTC), true},
		{"UTC evening that is a make-up Saturday in Beijing", time.Date(2026, 10, 9, 16, 30, 0, 0, time.UTC), true},
		{"UTC evening that is National Day in Beijing", time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsWorkday(tt.t); got != tt.want {
				t.Errorf("IsWorkday(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestDaysSorted(t *testing.T) {
	in := []calendar.Day{
		{Date: "2026-10-10", Kind: calendar.Workday, Name: "b"},
		{Date: "2025-12-31", Kind: calendar.Holiday, Name: "a"},
		{Date: "2026-10-01", Kind: calendar.Holiday, Name: "c"},
	}
	c, err := calendar.New(calendar.Options{Days: in})
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Day{in[1], in[2], in[0]}
	got := c.Days()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Days (-want +got):\n%s", diff)
	}
	got[0].Kind = calendar.Workday
	if diff := cmp.Diff(want, c.Days()); diff != "" {
		t.Errorf("Days changed with its result (-want +got):\n%s", diff)
	}
}

func TestWith(t *testing.T) {
	c, at := newDefault(t)
	extra := []calendar.Day{
		{Date: "2026-03-02", Kind: calendar.Holiday, Name: "停电"},
		{Date: "2026-10-01", Kind: calendar.Workday, Name: "防汛值班"},
	}
	c2, err := c.With(extra)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		day          string
		want, wantC2 bool
	}{
		{"Mon 2026-03-02 10:00", true, false},
		{"Thu 2026-10-01 10:00", false, true},
		{"Fri 2026-10-02 10:00", false, false},
	} {
		if got, got2 := c.IsWorkday(at(tt.day)), c2.IsWorkday(at(tt.day)); got != tt.want || got2 != tt.wantC2 {
			t.Errorf("IsWorkday(%s) = %v before With and %v after; want %v and %v", tt.day, got, got2, tt.want, tt.wantC2)
		}
	}
	if got, want := len(c2.Days()), len(c.Days())+1; got != want {
		t.Errorf("len(Days) after With = %d, want %d (one added, one replaced)", got, want)
	}
	if got := c2.AddWorkingHours(at("Fri 2026-02-27 17:00"), 1); !got.Equal(at("Sat 2026-02-28 09:00")) {
		t.Errorf("With lost the other overrides: AddWorkingHours = %v", got)
	}
}

func TestWithInvalid(t *testing.T) {
	c := calendar.Default()
	tests := []struct {
		name string
		days []calendar.Day
	}{
		{"bad date", []calendar.Day{{Date: "2026/03/02", Kind: calendar.Holiday}}},
		{"bad kind", []calendar.Day{{Date: "2026-03-02", Kind: "off"}}},
		{"date twice", []calendar.Day{{Date: "2026-03-02", Kind: calendar.Holiday}, {Date: "2026-03-02", Kind: calendar.Holiday}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c2, err := c.With(tt.days)
			if c2 != nil || guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Errorf("With = %v, %v; want nil, an %s error", c2, err, guanjia.EINVALID)
			}
		})
	}
}

func TestCustomOptions(t *testing.T) {
	c, err := calendar.New(calendar.Options{
		Location: time.UTC,
		Periods:  []calendar.Period{{720, 1440}, {0, 720}}, // round the clock, given out of order
		Days:     []calendar.Day{{Date: "2026-03-03", Kind: calendar.Holiday}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]calendar.Period{{0, 720}, {720, 1440}}, c.Periods()); diff != "" {
		t.Errorf("Periods (-want +got):\n%s", diff)
	}
	at := func(s string) time.Time { return mustParse(t, time.UTC, s) }
	tests := []struct {
		from  string
		hours int
		want  string
	}{
		{"Mon 2026-03-02 11:00", 2, "Mon 2026-03-02 13:00"},
		{"Mon 2026-03-02 23:00", 2, "Wed 2026-03-04 01:00"},
		{"Fri 2026-03-06 23:00", 2, "Mon 2026-03-09 01:00"},
	}
	for _, tt := range tests {
		if got := c.AddWorkingHours(at(tt.from), tt.hours).Format(layout); got != tt.want {
			t.Errorf("AddWorkingHours(%s, %d) = %s, want %s", tt.from, tt.hours, got, tt.want)
		}
	}
}

// TestDaylightSaving checks that periods are wall-clock times: on the day New
// York springs forward, 01:00–04:00 holds two hours of work.
func TestDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	c, err := calendar.New(calendar.Options{
		Location: ny,
		Periods:  []calendar.Period{{60, 240}},
		Days:     []calendar.Day{{Date: "2026-03-08", Kind: calendar.Workday}},
	})
	if err != nil {
		t.Fatal(err)
	}
	from, to := mustParse(t, ny, "Sun 2026-03-08 00:00"), mustParse(t, ny, "Mon 2026-03-09 00:00")
	if got := c.WorkingDuration(from, to); got != 2*time.Hour {
		t.Errorf("WorkingDuration over the spring-forward day = %v, want 2h", got)
	}
	if got, want := c.AddWorkingHours(from, 3).Format(layout), "Mon 2026-03-09 02:00"; got != want {
		t.Errorf("AddWorkingHours = %s, want %s", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	c, at := newDefault(t)
	from := at("Fri 2026-02-13 16:30")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for h := range 50 {
				d := c.AddWorkingHours(from, h)
				if got := c.WorkingDuration(from, d); got != time.Duration(h)*time.Hour {
					t.Errorf("WorkingDuration = %v, want %dh", got, h)
				}
				c.AddWorkingDays(from, h)
				c.NextWorkStart(d)
				c.IsWorkday(d)
			}
		})
	}
	wg.Wait()
}
