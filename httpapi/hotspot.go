package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

// hotspotJSON is a hot spot with its key as the task form takes it, its
// cell's bounds and centre, and, for a recurring one, its cases.
type hotspotJSON struct {
	guanjia.Hotspot
	Key    string        `json:"key"`
	Bounds [2][2]float64 `json:"bounds"` // [[south, west], [north, east]]
	Center [2]float64    `json:"center"` // [lat, lng]
	List   []hotspotCase `json:"list,omitempty"`
}

// hotspotCase is one case of a recurring hot spot.
type hotspotCase struct {
	ID        int64          `json:"id"`
	Number    string         `json:"number"`
	Status    guanjia.Status `json:"status"`
	CreatedAt string         `json:"created_at"`
}

func hotspotOut(h guanjia.Hotspot, cases map[int64]*guanjia.Case) hotspotJSON {
	lat, lng := h.Center()
	out := hotspotJSON{Hotspot: h, Key: h.HotspotKey.String(), Bounds: h.Bounds(), Center: [2]float64{lat, lng}}
	for _, id := range h.CaseIDs {
		if c := cases[id]; c != nil {
			out.List = append(out.List, hotspotCase{c.ID, c.Number, c.Status, c.CreatedAt.Format("2006-01-02T15:04:05Z07:00")})
		}
	}
	return out
}

// hotspots answers GET /api/v1/stats/hotspots?to=&town=&min=: the cells
// with two or more cases of a category in the 30 days before to, and the
// recurring ones (min or more) with their cases and preventive tasks.
func (s *Server) hotspots(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	hs, err := s.app.Hotspots(r.Context(), id.Actor, app.HotspotRequest{To: q.Get("to"), Town: q.Get("town"), Min: q.Get("min")})
	if err != nil {
		return err
	}
	out := map[string]any{"from": hs.From, "to": hs.To, "town": hs.Town, "unit": hs.Unit, "min": hs.Min,
		"cell": map[string]float64{"lat": guanjia.HotspotCellLat, "lng": guanjia.HotspotCellLng}}
	cells, recurring := make([]hotspotJSON, 0, len(hs.Cells)), make([]hotspotJSON, 0, len(hs.Recurring))
	for _, h := range hs.Cells {
		cells = append(cells, hotspotOut(h, nil))
	}
	for _, h := range hs.Recurring {
		recurring = append(recurring, hotspotOut(h, hs.Cases))
	}
	out["cells"], out["recurring"] = cells, recurring
	writeJSON(w, http.StatusOK, out)
	return nil
}

// hotspotTask answers POST /api/v1/stats/hotspots/tasks with
// {"hotspot": key, "title": optional, "days": optional}: a preventive
// patrol task of the hot spot, linked to it.
func (s *Server) hotspotTask(w http.ResponseWriter, r *http.Request, id identity) error {
	var in struct {
		Hotspot string `json:"hotspot"`
		Title   string `json:"title"`
		Days    int    `json:"days"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.HotspotTask(r.Context(), id.Actor, app.HotspotTaskRequest{Hotspot: in.Hotspot, Title: in.Title,
		Days: in.Days, Lang: i18n.FromRequest(r)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(t.ID))
	writeJSON(w, http.StatusCreated, t)
	return nil
}
