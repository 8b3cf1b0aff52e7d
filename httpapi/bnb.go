package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// B&Bs: the registry for owners (their own) and the staff (their town's),
// and the public directory of operating B&Bs.

// bnbBody is the body of POST /api/v1/bnbs and PUT /api/v1/bnbs/{id}:
// what a caller may set of a B&B (the app ignores the grade, membership,
// status and owner an owner sends).
type bnbBody struct {
	Name      string            `json:"name"`
	OwnerID   int64             `json:"owner_id"`
	Address   string            `json:"address"`
	Lat       float64           `json:"lat"`
	Lng       float64           `json:"lng"`
	Rooms     int               `json:"rooms"`
	Beds      int               `json:"beds"`
	Floors    int               `json:"floors"`
	FloorArea float64           `json:"floor_area"`
	Grade     string            `json:"grade"`
	ZJGrade   string            `json:"zj_grade"`
	Member    bool              `json:"member"`
	Status    string            `json:"status"`
	Licences  []guanjia.Licence `json:"licences"`
	// Version, on a change, is the version it was made against: an older
	// one than stored is refused (409); 0 or none skips the check.
	Version int `json:"version"`
}

func (b bnbBody) bnb(id int64) *guanjia.BnB {
	return &guanjia.BnB{ID: id, Name: b.Name, OwnerID: b.OwnerID, Address: b.Address, Lat: b.Lat, Lng: b.Lng, Rooms: b.Rooms,
		Beds: b.Beds, Floors: b.Floors, FloorArea: b.FloorArea, Grade: b.Grade, ZJGrade: b.ZJGrade, Member: b.Member, Status: b.Status, Licences: b.Licences,
		Version: b.Version}
}

func (s *Server) listBnBs(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	bs, err := s.app.BnBs(r.Context(), id.Actor, guanjia.BnBFilter{Jurisdiction: q.Get("jurisdiction"), Village: q.Get("village"), Status: q.Get("status")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bnbs": bs})
	return nil
}

func (s *Server) bnbDirectory(w http.ResponseWriter, r *http.Request, _ identity) error {
	bs, err := s.app.PublicBnBs(r.Context(), r.URL.Query().Get("jurisdiction"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bnbs": bs})
	return nil
}

func (s *Server) getBnB(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	b, err := s.app.BnB(r.Context(), id.Actor, bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (s *Server) createBnB(w http.ResponseWriter, r *http.Request, id identity) error {
	var body bnbBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	b := body.bnb(0)
	if err := s.app.CreateBnB(r.Context(), id.Actor, b); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

func (s *Server) putBnB(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	var body bnbBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	b := body.bnb(bid)
	if err := s.app.UpdateBnB(r.Context(), id.Actor, b); err != nil {
		return err
	}
	got, err := s.app.BnB(r.Context(), id.Actor, bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, got)
	return nil
}
