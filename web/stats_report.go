package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/report"
)

// The reports' pages: /stats/reports, the archive of the monthly reports
// the viewer may see with a form to make one of any period, and
// /stats/report, a report as an HTML page with its PDF, XLSX and CSV
// (GET /api/v1/reports/...). docs/reports.md.

type archiveRow struct {
	Period, Town, Unit string
	Received           int
	Generated          string
	Query              string // ?period=&town=&unit=, for the page
	Files              string // the API's name without the extension: /api/v1/reports/PERIOD
	FileQuery          string
}

type archiveData struct {
	Rows       []archiveRow
	Units      []option // "" the town's report; empty for a unit's handler or lead
	Towns      []option // for county staff
	LastMonth  string
	OwnUnit    string
	HasReports bool
}

func (s *Server) reportArchivePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	town := r.URL.Query().Get("town")
	reps, err := s.app.ArchivedReports(r.Context(), v.Actor, town)
	if err != nil {
		return err
	}
	rf := s.ref.get(r.Context())
	lang := v.Lang
	d := &archiveData{HasReports: len(reps) > 0}
	now := s.app.Now().In(guanjia.TownZone)
	d.LastMonth = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, guanjia.TownZone).Format("2006-01")
	for _, a := range reps {
		q := reportQuery(a.Period, a.Town, a.Unit)
		row := archiveRow{Period: a.Period, Town: rf.townName(lang, a.Town), Received: a.Figures.Received,
			Generated: a.GeneratedAt.In(guanjia.TownZone).Format("2006-01-02 15:04"), Query: "?" + q.Encode(),
			Files: "/api/v1/reports/" + url.PathEscape(a.Period)}
		q.Del("period")
		row.FileQuery = "?" + q.Encode()
		if a.Unit != "" {
			row.Unit = rf.unitName(lang, a.Unit)
		}
		d.Rows = append(d.Rows, row)
	}
	if own := guanjia.StatsUnit(v.Actor); own != "" {
		d.OwnUnit = rf.unitName(lang, own)
	} else {
		d.Units = append(d.Units, option{"", translate(lang, "The town's report"), true})
		for _, u := range rf.units {
			if u.Active {
				d.Units = append(d.Units, option{u.Code, u.Name(lang), false})
			}
		}
	}
	if !s.app.Confined(v.Actor) {
		for _, j := range rf.towns {
			d.Towns = append(d.Towns, option{j.Code, j.Label(lang), j.Code == town})
		}
	}
	return s.render(w, r, v, http.StatusOK, "stats-reports", "Reports", d)
}

// reportQuery is the query of a report's page.
func reportQuery(period, town, unit string) url.Values {
	q := url.Values{"period": {period}}
	if town != "" {
		q.Set("town", town)
	}
	if unit != "" {
		q.Set("unit", unit)
	}
	return q
}

type reportFig struct {
	Key, Name, Now, Before, Change, Tone string
}

type reportBar struct {
	Label, Text string
	Pct         float64 // of the tallest, or of all
	X, Y        float64 // where its bar starts in the chart
}

type reportTable struct {
	Title string
	Heads []string
	Rows  [][]string
}

type reportNotable struct {
	Title string
	Rows  []notableRow
}

type notableRow struct {
	ID                                          int64
	Number, Category, Where, Status, Why, About string
}

type periodReportData struct {
	Title, From, Last, PrevFrom, PrevLast, Made string
	Figures                                     []reportFig
	Trend, Mix                                  []reportBar
	Rankings                                    []reportTable
	Notable                                     []reportNotable
	Hotspots                                    reportTable
	Files                                       string // /api/v1/reports/PERIOD
	FileQuery                                   string
}

func (s *Server) periodReportPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	period, town, unit := q.Get("period"), q.Get("town"), q.Get("unit")
	if period == "" {
		now := s.app.Now().In(guanjia.TownZone)
		period = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, guanjia.TownZone).Format("2006-01")
	}
	rep, err := s.app.PeriodReport(r.Context(), v.Actor, app.ReportRequest{Period: period, Town: town, Unit: unit})
	if err != nil {
		return err
	}
	lang := v.Lang
	rf := s.ref.get(r.Context())
	fq := reportQuery(period, rep.Town, unit)
	fq.Del("period")
	d := &periodReportData{Title: report.Title(rep, lang), From: rep.From, Last: report.LastDay(rep.To), PrevFrom: rep.PrevFrom,
		PrevLast: report.LastDay(rep.PrevTo), Made: rep.Generated.In(guanjia.TownZone).Format("2006-01-02 15:04"),
		Files: "/api/v1/reports/" + url.PathEscape(period), FileQuery: "?" + fq.Encode()}
	for _, f := range report.Figures {
		now, before := f.Value(&rep.Total), f.Value(&rep.PrevTotal)
		ch, tone := f.Change(now, before)
		d.Figures = append(d.Figures, reportFig{f.Key, f.Name(lang), f.Text(lang, now), f.Text(lang, before), ch, tone})
	}
	top := 1
	for _, f := range rep.Trend {
		top = max(top, f.Received)
	}
	for i, f := range rep.Trend {
		pct := 100 * float64(f.Received) / float64(top)
		d.Trend = append(d.Trend, reportBar{f.Key, fmt.Sprint(f.Received), pct, float64(i*100 + 10), 100 - pct})
	}
	for i, c := range rep.Categories {
		if i == 10 {
			break
		}
		d.Mix = append(d.Mix, reportBar{Label: c.Name(lang), Text: fmt.Sprint(c.Received),
			Pct: 100 * float64(c.Received) / float64(max(rep.Total.Received, 1))})
	}
	heads := []string{""}
	for _, k := range report.RankFigures {
		heads = append(heads, report.FigureOf(k).Name(lang))
	}
	rank := func(title string, rows []app.ReportRow) {
		if len(rows) == 0 {
			return
		}
		t := reportTable{Title: translate(lang, title), Heads: heads}
		for i, cells := range report.RankCells(lang, rows) {
			t.Rows = append(t.Rows, append([]string{rows[i].Name(lang)}, cells...))
		}
		d.Rankings = append(d.Rankings, t)
	}
	if rep.Unit == "" {
		rank("Units ranked", rep.Units)
	}
	rank("Villages ranked", rep.Villages)
	for _, kind := range guanjia.NotableKinds {
		n := reportNotable{Title: translate(lang, report.NotableTitles[kind])}
		for _, nc := range rep.Notable {
			if nc.Kind == kind {
				c := nc.Case
				n.Rows = append(n.Rows, notableRow{c.ID, c.Number, rf.categoryName(lang, c.Category),
					rf.villageName(lang, c.Village), translate(lang, string(c.Status)),
					report.NotableScore(lang, kind, c, nc.Score), c.Description})
			}
		}
		d.Notable = append(d.Notable, n)
	}
	d.Hotspots = reportTable{Title: translate(lang, "Recurring hot spots"), Heads: report.HotspotHeads(lang)}
	for _, h := range rep.Hotspots {
		cells := report.HotspotCells(lang, rep, h)
		cells[0], cells[1] = rf.categoryName(lang, h.Category), rf.villageName(lang, h.Village)
		d.Hotspots.Rows = append(d.Hotspots.Rows, cells)
	}
	return s.render(w, r, v, http.StatusOK, "stats-report", d.Title, d)
}

func init() {
	// Beside render.go's pageAssets, to keep that table's hunk out of merges.
	pageAssets["stats-reports"] = struct{ scripts, styles []string }{nil, []string{"css/reports.css"}}
	pageAssets["stats-report"] = struct{ scripts, styles []string }{nil, []string{"css/reports.css"}}
}
