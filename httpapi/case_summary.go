package httpapi

import (
	"math"
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
)

// caseMap answers GET /api/v1/cases/map?bbox=...&zoom=...: the open cases
// in the view, grouped into clusters on the server so that a map shows all
// of them at any zoom. Cells are 64 screen pixels wide at the zoom (web
// map tiles of 256 pixels), and never fewer than 1/200 of the view.
func (s *Server) caseMap(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	if q.Get("bbox") == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "bbox", "bbox is required: minLng,minLat,maxLng,maxLat.")
	}
	b, err := guanjia.ParseBBox(q.Get("bbox"))
	if err != nil {
		return err
	}
	cell := math.Max(b.MaxLng-b.MinLng, b.MaxLat-b.MinLat) / 16
	if v := q.Get("zoom"); v != "" {
		z, err := strconv.Atoi(v)
		if err != nil || z < 0 || z > 22 {
			return guanjia.FieldErrorf(guanjia.EINVALID, "zoom", "zoom is a whole number from 0 to 22.")
		}
		cell = 360 / math.Exp2(float64(z)) / 256 * 64
	}
	cell = math.Max(cell, math.Max(b.MaxLng-b.MinLng, b.MaxLat-b.MinLat)/200)
	if cell <= 0 {
		cell = 1e-6
	}
	clusters, err := s.app.CaseClusters(r.Context(), id.Actor, b, cell, list(q.Get("category")))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cell": cell, "clusters": clusters})
	return nil
}

// caseStats answers GET /api/v1/cases/stats?days=30: the cases reported in
// the last days days by status, category and unit, for dashboards.
func (s *Server) caseStats(w http.ResponseWriter, r *http.Request, id identity) error {
	days := 30
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3660 {
			return guanjia.FieldErrorf(guanjia.EINVALID, "days", "days is a number from 1 to 3660.")
		}
		days = n
	}
	counts, err := s.app.CaseCounts(r.Context(), id.Actor, days)
	if err != nil {
		return err
	}
	towns, err := s.app.TownRanking(r.Context(), id.Actor, days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"days": days, "counts": counts, "towns": towns})
	return nil
}
