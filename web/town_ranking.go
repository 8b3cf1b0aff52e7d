package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/guanjia/guanjia"
)

// The county's views of its towns (docs/county.md, "County views"): the
// towns ranked by their figures, and the town a county viewer narrows a
// page to.

// townRow is a town's line in the ranking, formatted for a page.
type townRow struct {
	guanjia.TownFigures
	Name         string
	OnTime       string // "92.5%", or "–" with nothing resolved
	Satisfaction string // "4.6", or "–" without ratings
	URL          string // the console narrowed to the town
}

// townRanking returns the towns the viewer sees ranked over the last days.
func (s *Server) townRanking(ctx context.Context, v *viewer, rf *ref, days int) ([]townRow, error) {
	fs, err := s.app.TownRanking(ctx, v.Actor, days)
	if err != nil {
		return nil, err
	}
	out := make([]townRow, len(fs))
	for i, f := range fs {
		row := townRow{TownFigures: f, Name: rf.townName(v.Lang, f.Jurisdiction), OnTime: "–", Satisfaction: "–",
			URL: "/console?jurisdiction=" + f.Jurisdiction}
		if r := f.OnTimeRate(); r >= 0 {
			row.OnTime = fmt.Sprintf("%d.%d%%", r/10, r%10)
		}
		if sat := f.Satisfaction(); sat > 0 {
			row.Satisfaction = fmt.Sprintf("%d.%d", sat/10, sat%10)
		}
		out[i] = row
	}
	return out, nil
}

// viewTown returns the town a page shows: a town's staff their own; the
// county's staff the town they chose with ?jurisdiction= (one of the
// towns), or nil for every town.
func (s *Server) viewTown(r *http.Request, v *viewer) *string {
	if town := s.townOf(v); town != nil {
		return town
	}
	code := r.URL.Query().Get("jurisdiction")
	for _, j := range s.ref.get(r.Context()).towns {
		if j.Code == code {
			return &code
		}
	}
	return nil
}

// unitOfTown names a unit for a view of several towns: a town's unit with
// its town's name before it (every town has its own 环卫所), a county's
// department as it is.
func (r *ref) unitOfTown(lang, code string) string {
	name := r.unitName(lang, code)
	if u, ok := r.unit[code]; ok && len(r.towns) > 1 {
		for _, j := range r.towns {
			if j.Code == u.Jurisdiction {
				return j.Label(lang) + " " + name
			}
		}
	}
	return name
}
