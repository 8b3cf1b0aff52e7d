package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// HotspotRequest asks for the hot spots (docs/figures.md) of the
// guanjia.HotspotDays days before To (YYYY-MM-DD, the day after the last;
// default tomorrow, so the window ends now), of Town ("" every town the
// caller reaches), recurring from Min cases (0: the server's setting).
type HotspotRequest struct {
	To   string
	Town string
	Min  string
}

// Hotspots are the cells of a window with two or more cases of a
// category, for the map, and the recurring ones with their cases and the
// preventive tasks made of them.
type Hotspots struct {
	From, To  string // the window, [From, To)
	Town      string
	Unit      string // the caller's unit when they see its cases only
	Min       int    // the cases that make a hot spot recurring
	Cells     []guanjia.Hotspot
	Recurring []guanjia.Hotspot
	Cases     map[int64]*guanjia.Case // the recurring ones' cases, by id
}

// Caps on what one answer carries.
const (
	maxHotspotCells     = 500
	maxRecurringHotspot = 100
)

// Hotspots returns the hot spots req asks for, as actor may see them: who
// may see the figures (guanjia.MaySeeStats); a handler or unit lead their
// unit's cases' hot spots; a town's staff their town's (another is not
// found).
func (a *App) Hotspots(ctx context.Context, actor guanjia.Actor, req HotspotRequest) (*Hotspots, error) {
	if !guanjia.MaySeeStats(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may see the figures.")
	}
	n := a.opts.HotspotMin
	if req.Min != "" {
		v, err := strconv.Atoi(req.Min)
		if err != nil || v < guanjia.MinHotspotMin || v > guanjia.MaxHotspotMin {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "min", "Give the cases that make a hot spot recurring as a number from %d to %d.",
				guanjia.MinHotspotMin, guanjia.MaxHotspotMin)
		}
		n = v
	}
	now := a.now().In(guanjia.TownZone)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, guanjia.TownZone)
	if req.To != "" {
		t, err := time.ParseInLocation(dateLayout, req.To, guanjia.TownZone)
		if err != nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "to", "Give the day after the last as YYYY-MM-DD.")
		}
		to = t
	}
	town, err := a.statsTown(actor, req.Town)
	if err != nil {
		return nil, err
	}
	from := to.AddDate(0, 0, -guanjia.HotspotDays)
	out := &Hotspots{From: from.Format(dateLayout), To: to.Format(dateLayout), Town: town, Unit: guanjia.StatsUnit(actor), Min: n}
	out.Cells, out.Recurring, out.Cases, err = a.HotspotsIn(ctx, actor, town, out.Unit, from, to, n)
	return out, err
}

// HotspotsIn returns the hot spots of the cases of town and unit ("" all)
// reported in [from, to): the cells with two or more cases, the recurring
// ones (n or more) with their cases, as actor may see them, and the
// preventive tasks made of them. It does not authorise: Hotspots does,
// and a report (the reports' hot-spot section) calls it for its own town
// and unit.
func (a *App) HotspotsIn(ctx context.Context, actor guanjia.Actor, town, unit string, from, to time.Time, n int) (cells, recurring []guanjia.Hotspot, cases map[int64]*guanjia.Case, err error) {
	q := guanjia.HotspotQuery{From: from, To: to, Town: town, Unit: unit, Min: min(2, n), Limit: maxHotspotCells}
	if cells, err = a.db.Hotspots(ctx, q); err != nil {
		return nil, nil, nil, err
	}
	q.Min, q.Limit = n, maxRecurringHotspot
	if recurring, err = a.db.HotspotCases(ctx, q); err != nil {
		return nil, nil, nil, err
	}
	for i := range cells {
		cells[i].Recurring = cells[i].Cases >= n
	}
	var ids []int64
	for i := range recurring {
		recurring[i].Recurring = true
		ids = append(ids, recurring[i].CaseIDs...)
	}
	cases = map[int64]*guanjia.Case{}
	if len(ids) > 0 {
		found, _, err := a.FindCases(ctx, actor, guanjia.CaseFilter{IDs: ids, Limit: len(ids)})
		if err != nil {
			return nil, nil, nil, err
		}
		for _, c := range found {
			cases[c.ID] = c
		}
	}
	tasks, err := a.db.HotspotTasks(ctx, town, from)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, t := range tasks {
		for _, list := range [][]guanjia.Hotspot{recurring, cells} {
			if i := slices.IndexFunc(list, func(h guanjia.Hotspot) bool { return h.HotspotKey == t.HotspotKey }); i >= 0 {
				list[i].Tasks = append(list[i].Tasks, t.TaskID)
			}
		}
	}
	return cells, recurring, cases, nil
}

// statsTown returns the town a request for figures is confined to: the
// caller's own for a town's staff (another is not found), the one asked
// for (which must exist) or "" for county staff.
func (a *App) statsTown(actor guanjia.Actor, town string) (string, error) {
	if err := guanjia.CheckTexts("town", town); err != nil {
		return "", err
	}
	if confined := a.townFilter(actor); confined != "" {
		if town != "" && town != confined {
			return "", guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
		}
		return confined, nil
	}
	if town != "" {
		if _, ok := a.ref.Load().tree[town]; !ok {
			return "", guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
		}
	}
	return town, nil
}

// HotspotTaskRequest makes a preventive task of a hot spot: a patrol of
// its cell by housekeepers for Days days (default 7), Title in the
// caller's words (default: the category and its number of cases, in
// Lang).
type HotspotTaskRequest struct {
	Hotspot string // guanjia.HotspotKey.String
	Title   string
	Lang    string
	Days    int
}

// HotspotTask publishes a preventive task of a recurring hot spot that
// actor sees, linked to it in the same transaction, and returns it. Who
// may: those who may publish tasks (guanjia.MayPublishTask), for their
// unit or the command center.
func (a *App) HotspotTask(ctx context.Context, actor guanjia.Actor, req HotspotTaskRequest) (*guanjia.Task, error) {
	k, err := guanjia.ParseHotspotKey(req.Hotspot)
	if err != nil {
		return nil, err
	}
	if !guanjia.MaySeeStats(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may see the figures.")
	}
	if req.Days == 0 {
		req.Days = 7
	}
	if req.Days < 1 || req.Days > 90 {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "days", "A preventive task runs from 1 to 90 days.")
	}
	town, err := a.statsTown(actor, k.Town)
	if err != nil {
		return nil, err
	}
	now := a.now()
	lat, lng := k.Center()
	q := guanjia.HotspotQuery{From: now.AddDate(0, 0, -guanjia.HotspotDays), To: now.Add(time.Second), Town: town,
		Unit: guanjia.StatsUnit(actor), Min: guanjia.MinHotspotMin, Limit: maxHotspotCells}
	spots, err := a.db.HotspotCases(ctx, q)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(spots, func(h guanjia.Hotspot) bool { return h.HotspotKey == k })
	if i < 0 {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Hot spot %s not found.", k)
	}
	spot := spots[i]
	newest, err := a.db.GetCase(ctx, spot.CaseIDs[0])
	if err != nil {
		return nil, err
	}
	title := req.Title
	if title == "" {
		name := k.Category
		if c, ok := a.Category(k.Category); ok {
			name = c.Name(req.Lang)
		}
		title = a.translate(req.Lang, "Prevent %s here: %d cases in %d days", name, spot.Cases, guanjia.HotspotDays)
	}
	t := &guanjia.Task{Title: title, Kind: guanjia.TaskPatrol, Grid: newest.Grid, Lat: lat, Lng: lng, Radius: 100,
		Address: newest.Address, StartsAt: now, EndsAt: now.AddDate(0, 0, req.Days), Needed: 2}
	err = a.publishTask(ctx, actor, t, func(tx *store.Tx) error { return tx.AddHotspotTask(ctx, k, t.ID, now) })
	return t, err
}

// translate renders a message key with its arguments in lang.
func (a *App) translate(lang, key string, args ...any) string {
	if a.opts.Translate != nil {
		return a.opts.Translate(lang, key, args...)
	}
	return fmt.Sprintf(key, args...)
}

// ReportHotspot is a recurring hot spot as a report lists it: where its
// newest case lies (village code) and its number.
type ReportHotspot struct {
	guanjia.Hotspot
	Village, Newest string
}

// maxReportHotspots is how many recurring hot spots a report lists.
const maxReportHotspots = 10

// reportHotspots returns the busiest recurring hot spots of town and unit
// in the 30 days before to, for a period's report (docs/reports.md).
func (a *App) reportHotspots(ctx context.Context, actor guanjia.Actor, town, unit string, to time.Time) ([]ReportHotspot, error) {
	_, recurring, cases, err := a.HotspotsIn(ctx, actor, town, unit, to.AddDate(0, 0, -guanjia.HotspotDays), to, a.opts.HotspotMin)
	if err != nil {
		return nil, err
	}
	out := []ReportHotspot{}
	for _, h := range recurring[:min(len(recurring), maxReportHotspots)] {
		rh := ReportHotspot{Hotspot: h}
		if c := cases[h.CaseIDs[0]]; c != nil {
			rh.Village, rh.Newest = c.Village, c.Number
		}
		out = append(out, rh)
	}
	return out, nil
}
