package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

// StatsRequest asks for the assessment figures of the cases reported on
// the local dates [From, To) (YYYY-MM-DD, Asia/Shanghai), grouped By one of
// guanjia.StatsBy but "day", of Town ("" every town the caller reaches).
type StatsRequest struct {
	From, To string
	By       string
	Town     string
}

// Stats are the figures of a period and of the one of equal length before
// it, grouped, with their totals and the period's daily trend.
type Stats struct {
	From, To         string // the period, [From, To)
	PrevFrom, PrevTo string // the period before
	By               string
	Town             string // "" every town
	Unit             string // the caller's unit when they see its figures only
	Total            guanjia.Figures
	Rows             []guanjia.Figures
	PrevTotal        guanjia.Figures
	Prev             map[string]guanjia.Figures // by key
	Trend            []guanjia.Figures          // a row a day with cases, keyed YYYY-MM-DD
}

// MaxStatsDays is the longest period the figures are given for.
const MaxStatsDays = 400

const dateLayout = "2006-01-02"

// Stats returns the figures req asks for, as actor may see them: staff
// only; a handler or unit lead their unit's; a town's staff their town's
// (another town is not found); county staff any town's, or all.
func (a *App) Stats(ctx context.Context, actor guanjia.Actor, req StatsRequest) (*Stats, error) {
	if !guanjia.MaySeeStats(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may see the figures.")
	}
	from, to, err := a.statsPeriod(req.From, req.To)
	if err != nil {
		return nil, err
	}
	if req.By == "" {
		req.By = "unit"
	}
	if req.By == "day" || !validBy(req.By) {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "by", "Group by town, unit, village, grid, category or channel.")
	}
	if err := guanjia.CheckTexts("town", req.Town); err != nil {
		return nil, err
	}
	town := req.Town
	if confined := a.townFilter(actor); confined != "" {
		if town != "" && town != confined {
			return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
		}
		town = confined
	} else if town != "" {
		if _, ok := a.ref.Load().tree[town]; !ok {
			return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
		}
	}
	prev := prevPeriod(from, to)
	out := &Stats{From: dayDate(from), To: dayDate(to), PrevFrom: dayDate(prev), PrevTo: dayDate(from),
		By: req.By, Town: town, Unit: guanjia.StatsUnit(actor), Prev: map[string]guanjia.Figures{}}
	q := guanjia.StatsQuery{FromDay: from, ToDay: to, By: req.By, Town: town, Unit: out.Unit, Now: a.now(), Trend: true}
	// The period before is read meanwhile, on another of the store's
	// readers: the two reads are independent.
	pq := q
	pq.FromDay, pq.ToDay, pq.Trend = prev, from, false
	var before guanjia.FigureSet
	var beforeErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		before, beforeErr = a.db.Figures(ctx, pq)
	}()
	set, err := a.db.Figures(ctx, q)
	<-done
	if err != nil {
		return nil, err
	}
	if beforeErr != nil {
		return nil, beforeErr
	}
	out.Rows, out.Total, out.Trend = set.Rows, set.Total, set.Trend
	for i := range out.Trend {
		out.Trend[i].Key = dayKeyDate(out.Trend[i].Key)
	}
	for _, f := range before.Rows {
		out.Prev[f.Key] = f
	}
	out.PrevTotal = before.Total
	return out, nil
}

// prevPeriod returns the first day of the period before [from, to): as
// many whole months before when the period is whole months, else as many
// days.
func prevPeriod(from, to int) int {
	if guanjia.MonthStart(from) != from || guanjia.MonthStart(to) != to {
		return from - (to - from)
	}
	prev := from
	for d := from; d < to; d = guanjia.NextMonth(d) {
		prev = guanjia.MonthStart(prev - 1)
	}
	return prev
}

func validBy(by string) bool {
	for _, b := range guanjia.StatsBy {
		if b == by {
			return true
		}
	}
	return false
}

// statsPeriod parses a period of local dates into day numbers [from, to):
// by default the current month so far.
func (a *App) statsPeriod(fromS, toS string) (int, int, error) {
	now := a.now().In(guanjia.TownZone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, guanjia.TownZone)
	var err error
	if fromS != "" {
		if from, err = time.ParseInLocation(dateLayout, fromS, guanjia.TownZone); err != nil {
			return 0, 0, guanjia.FieldErrorf(guanjia.EINVALID, "from", "Give the first day as YYYY-MM-DD.")
		}
	}
	if toS != "" {
		if to, err = time.ParseInLocation(dateLayout, toS, guanjia.TownZone); err != nil {
			return 0, 0, guanjia.FieldErrorf(guanjia.EINVALID, "to", "Give the day after the last as YYYY-MM-DD.")
		}
	}
	f, t := guanjia.ReportDay(from), guanjia.ReportDay(to)
	switch {
	case t <= f:
		return 0, 0, guanjia.FieldErrorf(guanjia.EINVALID, "to", "The period must end after it starts.")
	case t-f > MaxStatsDays:
		return 0, 0, guanjia.FieldErrorf(guanjia.EINVALID, "to", "A period is at most %d days.", MaxStatsDays)
	}
	return f, t, nil
}

// dayDate returns the local date of a day number.
func dayDate(day int) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format(dateLayout)
}

// dayKeyDate turns a day number the store groups by into its date.
func dayKeyDate(k string) string {
	n := 0
	for _, ch := range k {
		n = n*10 + int(ch-'0')
	}
	return dayDate(n)
}
