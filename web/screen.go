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
	Updated    time.Time
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
	counts, err := s.app.CountCases(ctx, guanjia.CaseFilter{From: &today})
	if err != nil {
		return nil, err
	}
	for _, st := range guanjia.Statuses {
		d.Today = append(d.Today, countChip{Status: st, N: counts[st]})
		d.TodayTotal += counts[st]
	}
	rf := s.ref.get(ctx)
	load := map[string]*unitLoad{}
	err = eachCase(ctx, s.app, guanjia.CaseFilter{Status: openStatuses, Now: now}, 20000, func(c *guanjia.Case) {
		d.Open++
		late := c.Overdue(now)
		if late {
			d.Overdue++
		}
		if c.Unit == "" {
			return
		}
		u := load[c.Unit]
		if u == nil {
			u = &unitLoad{Name: rf.unitName(v.Lang, c.Unit)}
			load[c.Unit] = u
		}
		u.Open++
		if late {
			u.Late++
		}
	})
	if err != nil {
		return nil, err
	}
	d.Units = topUnits(load, 8)
	if d.Rates, err = s.rates(ctx, "", now.AddDate(0, 0, -30)); err != nil {
		return nil, err
	}
	newest, _, err := s.app.FindCases(ctx, anonymous, guanjia.CaseFilter{Limit: 12})
	if err != nil {
		return nil, err
	}
	d.Newest = caseViews(v.Lang, rf, newest, now)
	return d, nil
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
