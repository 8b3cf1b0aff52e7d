package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// figuresJSON is a group's figures with the rates worked out from them.
type figuresJSON struct {
	guanjia.Figures
	Rates guanjia.Rates `json:"rates"`
}

func withRates(f guanjia.Figures) figuresJSON { return figuresJSON{f, f.Rates()} }

// statsRow is a group's figures and the same group's in the previous
// period (null when it had no cases).
type statsRow struct {
	figuresJSON
	Prev *figuresJSON `json:"prev"`
}

// statsJSON is the answer of GET /api/v1/stats.
type statsJSON struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	PrevFrom  string        `json:"prev_from"`
	PrevTo    string        `json:"prev_to"`
	By        string        `json:"by"`
	Town      string        `json:"town"`
	Unit      string        `json:"unit"`
	Total     figuresJSON   `json:"total"`
	PrevTotal figuresJSON   `json:"prev_total"`
	Rows      []statsRow    `json:"rows"`
	Trend     []figuresJSON `json:"trend"`
}

// statsOut shapes app.Stats as the API gives it.
func statsOut(st *app.Stats) any {
	out := statsJSON{From: st.From, To: st.To, PrevFrom: st.PrevFrom, PrevTo: st.PrevTo, By: st.By,
		Town: st.Town, Unit: st.Unit, Total: withRates(st.Total), PrevTotal: withRates(st.PrevTotal),
		Rows: make([]statsRow, 0, len(st.Rows)), Trend: make([]figuresJSON, 0, len(st.Trend))}
	for _, f := range st.Rows {
		row := statsRow{figuresJSON: withRates(f)}
		if p, ok := st.Prev[f.Key]; ok {
			pj := withRates(p)
			row.Prev = &pj
		}
		out.Rows = append(out.Rows, row)
	}
	for _, f := range st.Trend {
		out.Trend = append(out.Trend, withRates(f))
	}
	return out
}

// stats answers GET /api/v1/stats?from=&to=&by=&town=: the assessment
// figures (docs/figures.md) of the cases reported in [from, to).
func (s *Server) stats(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	st, err := s.app.Stats(r.Context(), id.Actor, app.StatsRequest{From: q.Get("from"), To: q.Get("to"),
		By: q.Get("by"), Town: q.Get("town")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, statsOut(st))
	return nil
}
