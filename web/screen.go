package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
)

// screenData is the wall screen: today's counts by status, what is open
// and overdue now, the last 30 days' on-time rates, and the newest cases.
type screenData struct {
	Today      []countChip
	TodayTotal int
	Open       int
	Overdue    int
	Rates      *rates
	Newest     []caseView
	Units      []unitLoad
	// Trends are the lower band (the full page only, not its live parts).
	Trends *screenTrends
	// Towns ranks the towns by open cases, for county staff.
	Towns []unitLoad
	// Ranking ranks the towns by their figures, for county staff who
	// look at every town; TownOptions let them look at one.
	Ranking     []townRow
	TownOptions []option
	// Town is the town shown ("" for every town the viewer sees), carried
	// to the live parts and the map.
	Town    string
	Updated time.Time
	// Events are the events not over, each with its own view (conference.go).
	Events []option
}

// unitLoad is how many open cases a unit has, and how many are overdue.
type unitLoad struct {
	Name           string
	Open, Late     int
	Width, Late100 int // bar lengths, percent of the busiest unit
}

func (s *Server) screenPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.screen(r, v)
	if err != nil {
		return err
	}
	var town *string
	if d.Town != "" {
		town = &d.Town
	}
	if d.Trends, err = s.screenTrends(r, v, town); err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "screen", "Wall screen", d)
}

// screenPanel renders the figures alone, for the screen's live refresh.
func (s *Server) screenPanel(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.screen(r, v)
	if err != nil {
		return err
	}
	part := "figures"
	if r.URL.Query().Get("part") == "newest" {
		part = "newest"
	}
	return s.renderPart(w, r, v, "screen", part, d)
}

func (s *Server) screen(r *http.Request, v *viewer) (*screenData, error) {
	ctx := r.Context()
	now := s.app.Now()
	local := now.In(guanjia.TownZone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, guanjia.TownZone)
	d := &screenData{Updated: now}
	d.Events = s.consoleEvents(ctx, v, "")
	rf := s.ref.get(ctx)
	town := s.viewTown(r, v)
	if town != nil {
		d.Town = *town
	}
	load, towns := map[string]*unitLoad{}, map[string]*unitLoad{}
	err := eachCase(ctx, s.app, guanjia.CaseFilter{Status: openStatuses, Now: now, Jurisdiction: town}, 20000, func(c *guanjia.Case) {
		d.Open++
		late := c.Overdue(now)
		if late {
			d.Overdue++
		}
		if town == nil {
			addLoad(towns, c.Jurisdiction, rf.townName(v.Lang, c.Jurisdiction), late)
		}
		if c.Unit != "" {
			name := rf.unitName(v.Lang, c.Unit)
			if town == nil {
				name = rf.unitOfTown(v.Lang, c.Unit)
			}
			addLoad(load, c.Unit, name, late)
		}
	})
	if err != nil {
		return nil, err
	}
	counts, err := s.app.CountCases(ctx, v.Actor, guanjia.CaseFilter{From: &today, Jurisdiction: town})
	if err != nil {
		return nil, err
	}
	for _, st := range guanjia.Statuses {
		d.Today = append(d.Today, countChip{Status: st, N: counts[st]})
		d.TodayTotal += counts[st]
	}
	d.Units = topUnits(load, 8)
	if len(towns) > 1 {
		d.Towns = topUnits(towns, len(towns))
	}
	if !s.app.Confined(v.Actor) && len(rf.towns) > 1 {
		for _, j := range rf.towns {
			d.TownOptions = append(d.TownOptions, option{j.Code, j.Label(v.Lang), d.Town == j.Code})
		}
		if town == nil {
			if d.Ranking, err = s.townRanking(ctx, v, rf, 30); err != nil {
				return nil, err
			}
		}
	}
	if d.Rates, err = s.rates(ctx, "", now.AddDate(0, 0, -30), town); err != nil {
		return nil, err
	}
	newest, _, err := s.app.FindCases(ctx, anonymous, guanjia.CaseFilter{Limit: 12, Jurisdiction: town})
	if err != nil {
		return nil, err
	}
	d.Newest = caseViews(v.Lang, rf, newest, now)
	return d, nil
}

// addLoad counts an open case, late or not, against key in load.
func addLoad(load map[string]*unitLoad, key, name string, late bool) {
	u := load[key]
	if u == nil {
		u = &unitLoad{Name: name}
		load[key] = u
	}
	u.Open++
	if late {
		u.Late++
	}
}

// topUnits returns the n units with the most open cases, with bar lengths.
func topUnits(load map[string]*unitLoad, n int) []unitLoad {
	var out []unitLoad
	for _, u := range load {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b unitLoad) int { return cmp.Or(cmp.Compare(b.Open, a.Open), cmp.Compare(a.Name, b.Name)) })
	if len(out) > n {
		out = out[:n]
	}
	if len(out) > 0 && out[0].Open > 0 {
		for i := range out {
			out[i].Width = out[i].Open * 100 / out[0].Open
			out[i].Late100 = out[i].Late * 100 / out[0].Open
		}
	}
	return out
}
