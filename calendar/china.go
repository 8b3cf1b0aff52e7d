package calendar

import (
	"slices"
	"strings"
	"time"
)

// chinaTable is the announced schedules, one holiday a line: its name, its
// days off (first..last, inclusive) and the weekend days worked in exchange
// (调休上班). Add each year's when the State Council publishes it, usually in
// November of the year before, and extend TestChina.
const chinaTable = `
# 2025
元旦            2025-01-01..2025-01-01
春节            2025-01-28..2025-02-04   2025-01-26 2025-02-08
清明节          2025-04-04..2025-04-06
劳动节          2025-05-01..2025-05-05   2025-04-27
端午节          2025-05-31..2025-06-02
国庆节、中秋节  2025-10-01..2025-10-08   2025-09-28 2025-10-11

# 2026
元旦            2026-01-01..2026-01-03   2026-01-04
春节            2026-02-15..2026-02-23   2026-02-14 2026-02-28
清明节          2026-04-04..2026-04-06
劳动节          2026-05-01..2026-05-05   2026-05-09
端午节          2026-06-19..2026-06-21
中秋节          2026-09-25..2026-09-27
国庆节          2026-10-01..2026-10-07   2026-09-20 2026-10-10
`

// China returns the public holidays and make-up working days (调休) of the
// mainland for 2025 and 2026, as announced by the General Office of the
// State Council (国务院办公厅关于部分节假日安排的通知), sorted by date. Every
// day off is listed, weekend days included, so that a calendar page can name
// them; only the weekdays off and the weekend days worked change deadlines.
// Each call returns a new slice.
func China() []Day {
	var days []Day
	for line := range strings.Lines(chinaTable) {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		days = append(days, holiday(f[0], f[1])...)
		for _, w := range f[2:] {
			days = append(days, Day{Date: w, Kind: Workday, Name: f[0] + "调休上班"})
		}
	}
	slices.SortFunc(days, byDate)
	return days
}

// holiday returns the days off named name in span, "first..last".
func holiday(name, span string) []Day {
	a, b, _ := strings.Cut(span, "..")
	first, err1 := time.Parse(time.DateOnly, a)
	last, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil || last.Before(first) {
		panic("calendar: bad span in the holiday table: " + span)
	}
	var days []Day
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		days = append(days, Day{Date: t.Format(time.DateOnly), Kind: Holiday, Name: name})
	}
	return days
}
