package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/calendar"
)

func TestChina(t *testing.T) {
	days := calendar.China()
	if _, err := calendar.New(calendar.Options{Days: days}); err != nil {
		t.Fatalf("New(China()): %v", err)
	}
	count := map[string]int{}
	for _, d := range days {
		day, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			t.Fatal(err)
		}
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		if d.Kind == calendar.Workday && !weekend {
			t.Errorf("%s (%s) is a make-up working day on a %s", d.Date, d.Name, day.Weekday())
		}
		if d.Name == "" {
			t.Errorf("%s has no name", d.Date)
		}
		count[d.Date[:4]+" "+d.Kind]++
	}
	want := map[string]int{
		"2025 holiday": 1 + 8 + 3 + 5 + 3 + 8,
		"2025 workday": 5,
		"2026 holiday": 3 + 9 + 3 + 5 + 3 + 3 + 7,
		"2026 workday": 6,
	}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("days by year and kind (-want +got):\n%s", diff)
	}
}

// TestChinaWorkingDays counts each year's working days: 261 weekdays in both
// 2025 and 2026, less the 13 statutory holidays that every schedule since
// 2025 gives, net of make-up days.
func TestChinaWorkingDays(t *testing.T) {
	c := calendar.Default()
	for _, year := range []int{2025, 2026} {
		var n int
		for d := time.Date(year, 1, 1, 12, 0, 0, 0, c.Location()); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if c.IsWorkday(d) {
				n++
			}
		}
		if n != 261-13 {
			t.Errorf("%d has %d working days, want %d", year, n, 261-13)
		}
	}
}

func TestChinaNames(t *testing.T) {
	got := map[string]string{}
	for _, d := range calendar.China() {
		got[d.Date] = d.Kind + " " + d.Name
	}
	want := map[string]string{
		"2025-01-01": "holiday 元旦",
		"2025-01-26": "workday 春节调休上班",
		"2025-10-08": "holiday 国庆节、中秋节",
		"2026-02-15": "holiday 春节",
		"2026-02-28": "workday 春节调休上班",
		"2026-09-20": "workday 国庆节调休上班",
		"2026-09-27": "holiday 中秋节",
		"2026-10-10": "workday 国庆节调休上班",
	}
	for date, w := range want {
		if got[date] != w {
			t.Errorf("%s is %q, want %q", date, got[date], w)
		}
	}
	if days := calendar.China(); days[0].Date != "2025-01-01" {
		t.Errorf("China()[0] = %v, want 2025-01-01 first", days[0])
	}
}
