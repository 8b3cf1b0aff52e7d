package httpapi

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// B&B nights, the visitor load and complaints linked to B&Bs.

// nightBody is the body of PUT /api/v1/bnbs/{id}/nights/{night}.
type nightBody struct {
	Rooms  int `json:"rooms"`
	Guests int `json:"guests"`
}

func (s *Server) putNight(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	var body nightBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	n := guanjia.BnBNight{BnBID: bid, Night: r.PathValue("night"), Rooms: body.Rooms, Guests: body.Guests}
	replaced, err := s.app.ReportNight(r.Context(), id.Actor, &n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"night": n, "replaced": replaced})
	return nil
}

func (s *Server) listNights(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	to := q.Get("to")
	if to == "" {
		to = guanjia.Tonight(s.app.Now())
	}
	from := q.Get("from")
	if from == "" {
		from = "0000-01-01"
	}
	ns, err := s.app.Nights(r.Context(), id.Actor, bid, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"nights": ns})
	return nil
}

// uploadNights takes a CSV (text/csv) of many B&Bs' nights, all or
// nothing: 422 with every wrong row, or 200 with the rows stored.
func (s *Server) uploadNights(w http.ResponseWriter, r *http.Request, id identity) error {
	rows, bad := guanjia.ParseNightsCSV(http.MaxBytesReader(w, r.Body, 4<<20))
	if len(bad) == 0 {
		n, rowErrs, err := s.app.UploadNights(r.Context(), id.Actor, rows)
		if err != nil {
			return err
		}
		if rowErrs == nil {
			writeJSON(w, http.StatusOK, map[string]any{"stored": n})
			return nil
		}
		bad = rowErrs
	}
	lang := i18n.FromRequest(r)
	for i := range bad {
		bad[i].Message = i18n.Sprintf(lang, bad[i].Key, bad[i].Args...)
	}
	body := map[string]any{"error": map[string]string{"code": guanjia.EUNPROCESSABLE,
		"message": i18n.Sprintf(lang, "Nothing was stored: %d rows are wrong.", len(bad))}, "rows": bad}
	writeJSON(w, http.StatusUnprocessableEntity, body)
	return nil
}

func (s *Server) visitorLoad(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	loads, err := s.app.VillageLoads(r.Context(), id.Actor, q.Get("jurisdiction"), q.Get("night"))
	if err != nil {
		return err
	}
	type loadOut struct {
		guanjia.VillageLoad
		Load int  `json:"load"`
		Over bool `json:"over"`
	}
	out := make([]loadOut, len(loads))
	for i, l := range loads {
		out[i] = loadOut{l, l.Load(), l.Over()}
	}
	writeJSON(w, http.StatusOK, map[string]any{"loads": out})
	return nil
}

// thresholdBody is the body of PUT /api/v1/bnb-load/threshold.
type thresholdBody struct {
	Village   string `json:"village"`
	Threshold int    `json:"threshold"`
}

func (s *Server) putLoadThreshold(w http.ResponseWriter, r *http.Request, id identity) error {
	var body thresholdBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := s.app.SetLoadThreshold(r.Context(), id.Actor, body.Village, body.Threshold); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) bnbsNear(w http.ResponseWriter, r *http.Request, _ identity) error {
	q := r.URL.Query()
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lng, err2 := strconv.ParseFloat(q.Get("lng"), 64)
	if err1 != nil || err2 != nil {
		return guanjia.FieldErrorf(guanjia.EINVALID, "lat", "Give a place on the map.")
	}
	bs, err := s.app.BnBsNear(r.Context(), lat, lng)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bnbs": bs})
	return nil
}

func (s *Server) bnbComplaints(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	cs, err := s.app.BnBComplaints(r.Context(), id.Actor, bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": cs})
	return nil
}

func (s *Server) bnbComplaintCounts(w http.ResponseWriter, r *http.Request, _ identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	b, counts, err := s.app.PublicBnBComplaints(r.Context(), bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bnb": b, "complaints": counts})
	return nil
}

// caseBnBBody is the body of PUT /api/v1/cases/{id}/bnb; bnb_id 0 unlinks.
type caseBnBBody struct {
	BnBID int64 `json:"bnb_id"`
}

func (s *Server) putCaseBnB(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Case %s not found.")
	if err != nil {
		return err
	}
	var body caseBnBBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := s.app.LinkCaseBnB(r.Context(), id.Actor, cid, body.BnBID); err != nil {
		return err
	}
	return s.getCaseBnB(w, r, id)
}

func (s *Server) getCaseBnB(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Case %s not found.")
	if err != nil {
		return err
	}
	l, b, err := s.app.CaseBnB(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"link": l, "bnb": b})
	return nil
}
