package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// ReportRequest asks for the report of a period (its name, as
// ParseReportPeriod reads it) of a town ("" the caller's, or every town for
// county staff) or one of its units ("" the town's own report).
type ReportRequest struct {
	Period string
	Town   string
	Unit   string
	Cases  bool // also every case of the period (for the XLSX's list)
}

// ReportRow is one group's figures in a report, the same group's in the
// previous period (nil when it had no cases), and its names.
type ReportRow struct {
	guanjia.Figures
	Prev           *guanjia.Figures
	NameZH, NameEN string
}

// Name returns the row's name in lang.
func (r *ReportRow) Name(lang string) string { return pickName(lang, r.NameZH, r.NameEN) }

// NotableCase is a case a report names, of one of guanjia.NotableKinds.
type NotableCase struct {
	Kind  string
	Case  *guanjia.Case
	Score float64 // what it is ranked by: hours overdue, level, rating
}

// PeriodReport is everything a report shows (docs/reports.md).
type PeriodReport struct {
	Period           string
	From, To         string // [From, To), local dates
	PrevFrom, PrevTo string // the previous period: the month before a month, else as many days before
	Town             string // "" every town
	TownZH, TownEN   string
	Unit             string // "" the town's report
	UnitZH, UnitEN   string
	Generated        time.Time
	Total, PrevTotal guanjia.Figures
	Units            []ReportRow // by unit, in the order of their codes
	Villages         []ReportRow
	Categories       []ReportRow       // the category mix
	Trend            []guanjia.Figures // a row a day of the period, keyed YYYY-MM-DD
	Notable          []NotableCase     // by kind, then rank
	Hotspots         []ReportHotspot   // recurring in the 30 days before To, the busiest first
	Cases            []*guanjia.Case
}

// TownName and UnitName return the report's town and unit in lang.
func (r *PeriodReport) TownName(lang string) string { return pickName(lang, r.TownZH, r.TownEN) }
func (r *PeriodReport) UnitName(lang string) string { return pickName(lang, r.UnitZH, r.UnitEN) }

func pickName(lang, zh, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return zh
}

// ParseReportPeriod reads the name of a report's period: a month (2026-11)
// or its first and last local dates joined by ".." (2026-11-01..2026-11-15,
// both days included). The older form, the first date and the day after
// the last joined by "_" (2026-11-01_2026-12-01), is read too. It returns
// the local dates [from, to).
func ParseReportPeriod(s string) (from, to string, err error) {
	if m, e := time.ParseInLocation("2006-01", s, guanjia.TownZone); e == nil && len(s) == 7 {
		return m.Format(dateLayout), m.AddDate(0, 1, 0).Format(dateLayout), nil
	}
	if f, l, ok := strings.Cut(s, ".."); ok && len(f) == 10 && len(l) == 10 {
		a, e1 := time.ParseInLocation(dateLayout, f, guanjia.TownZone)
		b, e2 := time.ParseInLocation(dateLayout, l, guanjia.TownZone)
		if e1 == nil && e2 == nil && !b.Before(a) {
			return f, b.AddDate(0, 0, 1).Format(dateLayout), nil
		}
	}
	f, t, ok := strings.Cut(s, "_")
	if ok && len(f) == 10 && len(t) == 10 {
		a, e1 := time.ParseInLocation(dateLayout, f, guanjia.TownZone)
		b, e2 := time.ParseInLocation(dateLayout, t, guanjia.TownZone)
		if e1 == nil && e2 == nil && b.After(a) {
			return f, t, nil
		}
	}
	return "", "", guanjia.FieldErrorf(guanjia.EINVALID, "period", "Name the period as a month (2026-11) or as its first and last days (2026-11-01..2026-11-15).")
}

// reportScope works out the town and unit of a report actor asks for: a
// handler or unit lead their unit's only (another unit is not found); a
// town's staff their town's; county staff any town's, or every town's.
func (a *App) reportScope(actor guanjia.Actor, town, unit string) (string, string, error) {
	if !guanjia.MaySeeStats(actor) {
		return "", "", guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may see the reports.")
	}
	if err := guanjia.CheckTexts("town", town, "unit", unit); err != nil {
		return "", "", err
	}
	ref := a.ref.Load()
	if confined := a.townFilter(actor); confined != "" {
		if town != "" && town != confined {
			return "", "", guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
		}
		town = confined
	} else if _, ok := ref.tree[town]; town != "" && !ok {
		return "", "", guanjia.Errorf(guanjia.ENOTFOUND, "Town %s not found.", town)
	}
	if own := guanjia.StatsUnit(actor); own != "" {
		if unit != "" && unit != own {
			return "", "", guanjia.Errorf(guanjia.ENOTFOUND, "Unit %s not found.", unit)
		}
		unit = own
	} else if u, ok := ref.units[unit]; unit != "" && (!ok || (town != "" && !ref.tree.Reaches(u.Jurisdiction, town))) {
		return "", "", guanjia.Errorf(guanjia.ENOTFOUND, "Unit %s not found.", unit)
	}
	return town, unit, nil
}

// PeriodReport returns the report req asks for, as actor may see it (reportScope).
func (a *App) PeriodReport(ctx context.Context, actor guanjia.Actor, req ReportRequest) (*PeriodReport, error) {
	town, unit, err := a.reportScope(actor, req.Town, req.Unit)
	if err != nil {
		return nil, err
	}
	fromS, toS, err := ParseReportPeriod(req.Period)
	if err != nil {
		return nil, err
	}
	from, to, err := a.statsPeriod(fromS, toS)
	if err != nil {
		return nil, err
	}
	prevFrom := from - (to - from)
	if f, t := dayStart(from), dayStart(to); f.Day() == 1 && t.Equal(f.AddDate(0, 1, 0)) {
		prevFrom = guanjia.ReportDay(f.AddDate(0, -1, 0))
	}
	ref := a.ref.Load()
	rep := &PeriodReport{Period: req.Period, From: dayDate(from), To: dayDate(to), PrevFrom: dayDate(prevFrom),
		PrevTo: dayDate(from), Town: town, Unit: unit, Generated: a.now()}
	if j, ok := ref.jurisdictions[town]; ok {
		rep.TownZH, rep.TownEN = j.Name, j.NameEN
	}
	if u, ok := ref.units[unit]; ok {
		rep.UnitZH, rep.UnitEN = u.NameZH, u.NameEN
	}
	q := guanjia.StatsQuery{By: "unit", Town: town, Unit: unit, Now: a.now()}
	groups := func(by string, trend bool) ([]ReportRow, error) {
		q.By, q.Trend, q.FromDay, q.ToDay = by, trend, from, to
		set, err := a.db.Figures(ctx, q)
		if err != nil {
			return nil, err
		}
		if trend {
			rep.Total = set.Total
			byDay := map[string]guanjia.Figures{}
			for _, f := range set.Trend {
				byDay[dayKeyDate(f.Key)] = f
			}
			for day := from; day < to; day++ { // every day, those without cases too
				f := byDay[dayDate(day)]
				f.Key = dayDate(day)
				rep.Trend = append(rep.Trend, f)
			}
		}
		q.Trend, q.FromDay, q.ToDay = false, prevFrom, from
		prev, err := a.db.Figures(ctx, q)
		if err != nil {
			return nil, err
		}
		if trend {
			rep.PrevTotal = prev.Total
		}
		return reportRows(ref, by, set.Rows, prev.Rows), nil
	}
	if rep.Units, err = groups("unit", true); err != nil {
		return nil, err
	}
	if rep.Villages, err = groups("village", false); err != nil {
		return nil, err
	}
	if rep.Categories, err = groups("category", false); err != nil {
		return nil, err
	}
	slices.SortStableFunc(rep.Categories, func(x, y ReportRow) int { return y.Received - x.Received })
	f := a.reportFilter(actor, from, to, town, unit)
	for _, kind := range guanjia.NotableKinds {
		cases, err := a.db.NotableCases(ctx, f, kind, guanjia.NotableMax)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			if ok, score := guanjia.Notable(kind, c, f.Now); ok {
				rep.Notable = append(rep.Notable, NotableCase{kind, redact(c, actor), score})
			}
		}
	}
	if rep.Hotspots, err = a.reportHotspots(ctx, actor, town, unit, dayStart(to)); err != nil {
		return nil, err
	}
	if req.Cases {
		err = a.eachCase(ctx, f, func(c *guanjia.Case) error { rep.Cases = append(rep.Cases, redact(c, actor)); return nil })
		if err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// reportRows pairs a grouping's rows with the previous period's and names them.
func reportRows(ref *reference, by string, rows, prev []guanjia.Figures) []ReportRow {
	before := map[string]guanjia.Figures{}
	for _, f := range prev {
		before[f.Key] = f
	}
	out := make([]ReportRow, 0, len(rows))
	for _, f := range rows {
		r := ReportRow{Figures: f, NameZH: f.Key, NameEN: f.Key}
		if p, ok := before[f.Key]; ok {
			r.Prev = &p
		}
		switch by {
		case "unit":
			if u, ok := ref.units[f.Key]; ok {
				r.NameZH, r.NameEN = u.NameZH, u.NameEN
			} else if f.Key == "" {
				r.NameZH, r.NameEN = "未派至单位", "Not with a unit"
			}
		case "village":
			if v, ok := ref.villages[f.Key]; ok {
				r.NameZH, r.NameEN = v.Name, v.NameEN
			} else if f.Key == "" {
				r.NameZH, r.NameEN = "不在任何村（社区）", "Outside every village"
			}
		case "category":
			if c, ok := ref.categories[f.Key]; ok {
				r.NameZH, r.NameEN = c.NameZH, c.NameEN
			}
		}
		out = append(out, r)
	}
	return out
}

// reportFilter picks the cases of town ("" every town actor reaches) and
// unit ("" every unit) reported on the days [from, to), as actor may see
// them (the town confined; redact each case found).
func (a *App) reportFilter(actor guanjia.Actor, from, to int, town, unit string) guanjia.CaseFilter {
	start, end := dayStart(from), dayStart(to)
	f := guanjia.CaseFilter{From: &start, To: &end, Status: guanjia.Statuses, Limit: 500, Now: a.now()}
	if unit != "" {
		f.Unit = &unit
	}
	if town != "" {
		f.Jurisdiction = &town
	}
	a.confine(actor, &f)
	return f
}
