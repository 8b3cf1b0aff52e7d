package app

import (
	"context"
	"sort"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/store"
)

// Inheritance of the calendar: the county's holidays and make-up working
// days apply in every town; a town's own days replace the county's on
// their dates (docs/county.md, "Configuration inheritance").

// calendarIn returns the calendar that counts working time in town.
func (a *App) calendarIn(town string) *calendar.Calendar {
	r := a.ref.Load()
	if c, ok := r.calendars[town]; ok {
		return c
	}
	return r.calendar
}

// CalendarDaysIn returns the holidays and make-up working days in force in
// town ("" for the county's), built-in, the county's and the town's,
// sorted by date.
func (a *App) CalendarDaysIn(town string) []calendar.Day {
	days := a.calendarIn(town).Days()
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	return days
}

// PutTownCalendarDay marks a date as a holiday or a make-up working day in
// town, or county-wide when town is "" or the county: administrators of
// the county everywhere, a town's administrators in their town alone.
func (a *App) PutTownCalendarDay(ctx context.Context, actor guanjia.Actor, town string, d calendar.Day) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit the calendar.")
	}
	r := a.ref.Load()
	if err := r.tree.MayEdit(actor, town); err != nil {
		return err
	}
	if r.tree.IsCounty(town) {
		town = ""
	}
	if j, ok := r.jurisdictions[town]; town != "" && (!ok || !j.IsTown()) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", town)
	}
	if _, err := a.calendarIn(town).With([]calendar.Day{d}); err != nil {
		return err
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		days, err := tx.CalendarDays(ctx)
		if err != nil {
			return err
		}
		var old *calendarAudit
		for _, day := range days {
			if day.Jurisdiction == town && day.Date == d.Date {
				old = (*calendarAudit)(&day)
			}
		}
		next := store.Day{Jurisdiction: town, Date: d.Date, Kind: d.Kind, Name: d.Name}
		if err := tx.PutCalendarDay(ctx, next); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditCalendar, verb(old != nil), d.Date, town, old, calendarAudit(next))
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}
