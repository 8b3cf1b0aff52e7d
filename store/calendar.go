package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Calendar day kinds.
const (
	DayHoliday = "holiday" // a day off that would be a working day
	DayWorkday = "workday" // a make-up working day that would be a day off
)

// Day is an admin's override of the working-day calendar.
type Day struct {
	// Jurisdiction is "" for the county's calendar, which every town
	// follows, or a town whose own day overrides the county's.
	Jurisdiction string
	Date         string // 2026-10-01
	Kind         string // "holiday" or "workday"
	Name         string // e.g. 国庆节
}

// CalendarDays returns every override, the county's and the towns', by
// town and date.
func (r *reader) CalendarDays(ctx context.Context) ([]Day, error) {
	ds, err := list(ctx, r, "SELECT jurisdiction, date, kind, name FROM calendar_days ORDER BY jurisdiction, date", nil,
		func(s scanner) (Day, error) {
			var d Day
			err := s.Scan(&d.Jurisdiction, &d.Date, &d.Kind, &d.Name)
			return d, err
		})
	if err != nil {
		return nil, fmt.Errorf("calendar days: %w", err)
	}
	return ds, nil
}

// PutCalendarDay inserts or replaces the override for d.Date in
// d.Jurisdiction.
func (tx *Tx) PutCalendarDay(ctx context.Context, d Day) error {
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		return guanjia.FieldErrorf(guanjia.EINVALID, "date", "A date looks like 2026-10-01, not %q.", d.Date)
	}
	if d.Kind != DayHoliday && d.Kind != DayWorkday {
		return guanjia.FieldErrorf(guanjia.EINVALID, "kind", "A calendar day is a holiday or a workday, not %q.", d.Kind)
	}
	_, err := tx.exec(ctx, `INSERT INTO calendar_days (jurisdiction, date, kind, name) VALUES (?, ?, ?, ?)
		ON CONFLICT (jurisdiction, date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
		d.Jurisdiction, d.Date, d.Kind, d.Name)
	if err != nil {
		return fmt.Errorf("put calendar day %s: %w", d.Date, err)
	}
	return nil
}
