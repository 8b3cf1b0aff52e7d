package calendar_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
)

// FuzzNew feeds New the days and periods an administrator might type.
func FuzzNew(f *testing.F) {
	f.Add("2026-10-01", calendar.Holiday, 510, 720)
	f.Add("2026-09-20", calendar.Workday, 0, 1440)
	f.Add("2026-02-30", "holiday", 720, 510)
	f.Add("２０２６-10-01", "workday", -1, 1441)
	f.Fuzz(func(t *testing.T, date, kind string, start, end int) {
		c, err := calendar.New(calendar.Options{
			Periods: []calendar.Period{{start, end}},
			Days:    []calendar.Day{{Date: date, Kind: kind}},
		})
		if err != nil {
			if code := guanjia.ErrorCode(err); code != guanjia.EINVALID {
				t.Fatalf("New: error code %q, want %q", code, guanjia.EINVALID)
			}
			return
		}
		if _, err := time.Parse(time.DateOnly, c.Days()[0].Date); err != nil {
			t.Fatalf("accepted date %q: %v", date, err)
		}
		from := time.Date(2026, 9, 30, 12, 0, 0, 0, c.Location())
		if got := c.WorkingDuration(from, c.AddWorkingHours(from, 1)); got != time.Hour {
			t.Fatalf("WorkingDuration after AddWorkingHours(1) = %v", got)
		}
	})
}
