package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// The wall screen's lower band: the last 30 days' daily trend (js/screen.js
// draws it with ECharts), the units ranked by resolved on time with the
// change against the 30 days before, and the hot-spot map.

type screenTrends struct {
	Chart    map[string]any // for js/screen.js
	Ranking  []screenUnitRank
	Hotspots *hotspotsView
}

type screenUnitRank struct {
	Rank           int
	Name           string
	Received       int
	OnTime, Change string
	Tone           string
	value          *float64
}

// screenTrends returns the band for town (nil: every town v sees).
func (s *Server) screenTrends(r *http.Request, v *viewer, town *string) (*screenTrends, error) {
	ctx := r.Context()
	now := s.app.Now().In(guanjia.TownZone)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, guanjia.TownZone)
	req := app.StatsRequest{From: to.AddDate(0, 0, -30).Format(time.DateOnly), To: to.Format(time.DateOnly), By: "unit"}
	if town != nil {
		req.Town = *town
	}
	st, err := s.app.Stats(ctx, v.Actor, req)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	d := &screenTrends{}
	def := figureDefs[slices.IndexFunc(figureDefs, func(f figureDef) bool { return f.Key == "resolve_on_time" })]
	for _, f := range st.Rows {
		if f.Key == "" {
			continue
		}
		r := f.Rates()
		u := screenUnitRank{Name: rf.unitName(v.Lang, f.Key), Received: f.Received, value: r.ResolveOnTime,
			OnTime: formatFigure(v.Lang, "pct", r.ResolveOnTime)}
		if town == nil {
			u.Name = rf.unitOfTown(v.Lang, f.Key)
		}
		if p, ok := st.Prev[f.Key]; ok {
			pr := p.Rates()
			u.Change, u.Tone = change(def, r.ResolveOnTime, pr.ResolveOnTime)
		}
		d.Ranking = append(d.Ranking, u)
	}
	slices.SortStableFunc(d.Ranking, func(a, b screenUnitRank) int {
		switch {
		case a.value == nil && b.value == nil:
			return cmp.Compare(b.Received, a.Received)
		case a.value == nil:
			return 1
		case b.value == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*b.value, *a.value), cmp.Compare(b.Received, a.Received))
	})
	if len(d.Ranking) > 8 {
		d.Ranking = d.Ranking[:8]
	}
	for i := range d.Ranking {
		d.Ranking[i].Rank = i + 1
	}
	var days []string
	var received []int
	var onTime []*float64
	for _, f := range st.Trend {
		r := f.Rates()
		days, received, onTime = append(days, f.Key[5:]), append(received, f.Received), append(onTime, pct100(r.ResolveOnTime))
	}
	d.Chart = map[string]any{"days": days, "received": received, "resolveOnTime": onTime,
		"labels": map[string]string{"received": translate(v.Lang, "Received"), "resolveOnTime": translate(v.Lang, "Resolved on time")}}
	if d.Hotspots, err = s.hotspotsView(r, v, "", st.Town); err != nil {
		return nil, err
	}
	return d, nil
}
