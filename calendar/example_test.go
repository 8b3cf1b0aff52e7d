package calendar_test

import (
	"fmt"
	"time"

	"github.com/guanjia/guanjia/calendar"
)

func ExampleCalendar_AddWorkingHours() {
	c := calendar.Default()
	friday := time.Date(2026, 2, 13, 16, 30, 0, 0, c.Location())
	fmt.Println(c.AddWorkingHours(friday, 2).Format("Mon 2006-01-02 15:04"))
	// Output: Sat 2026-02-14 09:30
}

func ExampleCalendar_AddWorkingDays() {
	c := calendar.Default()
	evening := time.Date(2026, 9, 30, 20, 0, 0, 0, c.Location())
	fmt.Println(c.AddWorkingDays(evening, 1).Format("Mon 2006-01-02 15:04"))
	// Output: Thu 2026-10-08 17:30
}
