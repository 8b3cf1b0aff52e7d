package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/geo"
)

func (s *Server) listJurisdictions(w http.ResponseWriter, r *http.Request, _ identity) error {
	js, err := s.app.Jurisdictions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"jurisdictions": js})
	return nil
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request, id identity) error {
	cats, err := s.app.Categories(r.Context())
	if err != nil {
		return err
	}
	out := cats[:0]
	for _, c := range cats {
		if c.Active || guanjia.MayEditReference(id.Actor) {
			out = append(out, c)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"categories": out})
	return nil
}

func (s *Server) putCategory(w http.ResponseWriter, r *http.Request, id identity) error {
	var c guanjia.Category
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	c.Code = r.PathValue("code")
	if err := s.app.PutCategory(r.Context(), id.Actor, &c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &c)
	return nil
}

// putCategoryOverride answers PUT
// /api/v1/jurisdictions/{town}/categories/{code}: a town's own priority
// and time limits for a category.
func (s *Server) putCategoryOverride(w http.ResponseWriter, r *http.Request, id identity) error {
	var o guanjia.CategoryOverride
	if err := decodeJSON(w, r, &o); err != nil {
		return err
	}
	o.Jurisdiction, o.Category = r.PathValue("town"), r.PathValue("code")
	if err := s.app.PutCategoryOverride(r.Context(), id.Actor, &o); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &o)
	return nil
}

func (s *Server) listUnits(w http.ResponseWriter, r *http.Request, _ identity) error {
	units, err := s.app.Units(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": units})
	return nil
}

// putUnit answers PUT /api/v1/units/{code}: it creates the unit or
// replaces it. A version sent with it is the one the change was made
// against: an older one than stored is refused (409); none skips the
// check.
func (s *Server) putUnit(w http.ResponseWriter, r *http.Request, id identity) error {
	var u guanjia.Unit
	if err := decodeJSON(w, r, &u); err != nil {
		return err
	}
	u.Code = r.PathValue("code")
	if err := s.app.PutUnit(r.Context(), id.Actor, &u); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &u)
	return nil
}

func (s *Server) listVillages(w http.ResponseWriter, r *http.Request, _ identity) error {
	vs, err := s.app.Villages(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"villages": vs})
	return nil
}

// listGrids answers a GeoJSON FeatureCollection.
func (s *Server) listGrids(w http.ResponseWriter, r *http.Request, _ identity) error {
	grids, err := s.app.Grids(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := geo.EncodeGrids(&buf, grids); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) importGrids(w http.ResponseWriter, r *http.Request, id identity) error {
	n, err := s.app.ImportGrids(r.Context(), id.Actor, http.MaxBytesReader(w, r.Body, 64<<20))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"imported": n})
	return nil
}

func (s *Server) listRules(w http.ResponseWriter, r *http.Request, _ identity) error {
	rules, err := s.app.Rules(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": rules})
	return nil
}

func (s *Server) putRule(w http.ResponseWriter, r *http.Request, id identity) error {
	var rule guanjia.Rule
	if err := decodeJSON(w, r, &rule); err != nil {
		return err
	}
	if err := s.app.PutRule(r.Context(), id.Actor, &rule); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &rule)
	return nil
}

func (s *Server) listCalendar(w http.ResponseWriter, r *http.Request, _ identity) error {
	writeJSON(w, http.StatusOK, map[string]any{"days": s.app.CalendarDays()})
	return nil
}

type calendarDayRequest struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (s *Server) putCalendarDay(w http.ResponseWriter, r *http.Request, id identity) error {
	return s.putDay(w, r, id, "")
}

// listTownCalendar lists the days in force in a town: the county's with
// the town's own over them.
func (s *Server) listTownCalendar(w http.ResponseWriter, r *http.Request, _ identity) error {
	writeJSON(w, http.StatusOK, map[string]any{"days": s.app.CalendarDaysIn(r.PathValue("town"))})
	return nil
}

func (s *Server) putTownCalendarDay(w http.ResponseWriter, r *http.Request, id identity) error {
	return s.putDay(w, r, id, r.PathValue("town"))
}

// putDay sets a day of the calendar of town ("": the county's).
func (s *Server) putDay(w http.ResponseWriter, r *http.Request, id identity, town string) error {
	var req calendarDayRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	d := calendar.Day{Date: r.PathValue("date"), Kind: req.Kind, Name: req.Name}
	if err := s.app.PutTownCalendarDay(r.Context(), id.Actor, town, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// locate tells a reporting page where a point falls and who would handle
// a category there.
func (s *Server) locate(w http.ResponseWriter, r *http.Request, _ identity) error {
	q := r.URL.Query()
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lng, err2 := strconv.ParseFloat(q.Get("lng"), 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return guanjia.Errorf(guanjia.EINVALID, "Give lat and lng as numbers.")
	}
	datum, err := geo.ParseDatum(q.Get("datum"))
	if err != nil {
		return err
	}
	lat, lng = geo.ToWGS84(datum, lat, lng)
	grid, village, town := s.app.Locate(lat, lng)
	out := map[string]any{"lat": lat, "lng": lng, "grid": grid, "village": village, "jurisdiction": town}
	if cat := q.Get("category"); cat != "" {
		if unit, ok := s.app.Route(cat, grid, village, town); ok {
			out["unit"] = unit
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
