package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// placeHit is a place found, with its name in the caller's language.
type placeHit struct {
	Name string `json:"name"`
	guanjia.Place
}

// searchPlaces answers GET /api/v1/places?q=…&town=…: the gazetteer's
// places that match, best first (guanjia.RankPlaces). town is a town's
// code or "all"; without it the caller's own town (or the first).
func (s *Server) searchPlaces(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	places, err := s.app.SearchPlaces(r.Context(), id.Actor, q.Get("q"), q.Get("town"))
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	out := make([]placeHit, len(places))
	for i := range places {
		out[i] = placeHit{Name: places[i].Name(lang), Place: places[i]}
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, http.StatusOK, map[string]any{"places": out})
	return nil
}

// importPlaces answers POST /api/v1/places: a GeoJSON or CSV file of
// landmarks and addresses (guanjia.ParsePlaces), imported all or nothing.
func (s *Server) importPlaces(w http.ResponseWriter, r *http.Request, id identity) error {
	added, replaced, err := s.app.ImportPlaces(r.Context(), id.Actor, http.MaxBytesReader(w, r.Body, guanjia.MaxPlacesFile+1))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"added": added, "replaced": replaced})
	return nil
}
