package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/guanjia/guanjia/app"
)

// The lead's desk: the unit's figures (docs/figures.md) for a chosen
// period, with the change against the period before, and each handler's:
// received, resolved on time, open, overdue now and mean time to resolve.

// deskFigureKeys are the figures of /stats the desk shows.
var deskFigureKeys = []string{"received", "sign_on_time", "resolve_on_time", "fix_rate", "satisfaction_mean", "overdue_now", "resolve_hours"}

type deskFigures struct {
	From, To string
	Figures  []deskFigure
	Handlers []handlerFigureRow
}

type deskFigure struct {
	Key, Label, Tip string
	Cell            statsCell
}

type handlerFigureRow struct {
	ID                   int64
	Name                 string
	Received, Open, Late int
	OnTime, ResolveHours string
}

// deskFigures returns the unit lead's figures for the period the query
// names (from, to; default this month).
func (s *Server) deskFigures(r *http.Request, v *viewer, names map[int64]string) (*deskFigures, error) {
	q := r.URL.Query()
	st, err := s.app.Stats(r.Context(), v.Actor, app.StatsRequest{From: q.Get("from"), To: q.Get("to"), By: "unit"})
	if err != nil {
		return nil, err
	}
	hf, err := s.app.HandlerFigures(r.Context(), v.Actor, st.From, st.To)
	if err != nil {
		return nil, err
	}
	d := &deskFigures{From: st.From, To: st.To}
	rates, prevRates := st.Total.Rates(), st.PrevTotal.Rates()
	for _, key := range deskFigureKeys {
		i := slices.IndexFunc(figureDefs, func(f figureDef) bool { return f.Key == key })
		def := figureDefs[i]
		c := statsCell{Value: def.value(&st.Total, &rates)}
		c.Text = formatFigure(v.Lang, def.Format, c.Value)
		c.Change, c.Tone = change(def, c.Value, def.value(&st.PrevTotal, &prevRates))
		c.URL = drillURL(drillPath(v), url.Values{"from": {st.From}, "to": {st.To}, "unit": {st.Unit}}, def.Counted)
		d.Figures = append(d.Figures, deskFigure{def.Key, def.Label, def.Tip, c})
	}
	for _, h := range hf.Rows {
		r := h.Rates()
		row := handlerFigureRow{ID: h.Handler, Name: names[h.Handler], Received: h.Received, Open: h.Open, Late: h.OverdueNow,
			OnTime: formatFigure(v.Lang, "pct", r.ResolveOnTime), ResolveHours: formatFigure(v.Lang, "hours", r.ResolveHoursMean)}
		if row.Name == "" && h.Handler != 0 {
			row.Name = "#" + strconv.FormatInt(h.Handler, 10)
		}
		d.Handlers = append(d.Handlers, row)
	}
	slices.SortStableFunc(d.Handlers, func(a, b handlerFigureRow) int { return cmp.Compare(b.Received, a.Received) })
	return d, nil
}
