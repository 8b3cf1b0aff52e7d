package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// Mobilising housekeepers from a case, their answers, and the live stream
// that tells a housekeeper of calls, notices and tasks meant for them.

func (s *Server) mobilise(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	var req guanjia.MobiliseRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := s.app.Mobilise(r.Context(), id.Actor, cid, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) caseMobilisations(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	ms, err := s.app.Mobilisations(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"mobilisations": ms})
	return nil
}

func (s *Server) myMobilisations(w http.ResponseWriter, r *http.Request, id identity) error {
	cs, err := s.app.MyCalls(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"calls": cs})
	return nil
}

func (s *Server) acceptMobilisation(w http.ResponseWriter, r *http.Request, id identity) error {
	mid, err := pathInt(r, "Mobilisation %q not found.")
	if err != nil {
		return err
	}
	if err := s.app.AcceptCall(r.Context(), id.Actor, mid); err != nil {
		return err
	}
	cs, err := s.app.MyCalls(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.MobilisationID == mid {
			writeJSON(w, http.StatusOK, c)
			return nil
		}
	}
	return guanjia.Errorf(guanjia.ENOTFOUND, "Mobilisation %q not found.", itoa(mid))
}

// myEvents streams, as server-sent events, the outbox messages meant for
// the calling housekeeper: mobilisations that call them, and notices and
// tasks of their grid, their village or the whole town.
func (s *Server) myEvents(w http.ResponseWriter, r *http.Request, id identity) error {
	if s.hub == nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Live updates are not enabled.")
	}
	village := ""
	if h, err := s.app.MyHousekeeper(r.Context(), id.Actor); err == nil {
		village = h.Village
	}
	// Topic first: the hub asks this of every message for every housekeeper's stream.
	mine := func(m guanjia.Message) bool { return forHousekeeper(m, id.Actor, village) && s.app.Hears(id.Actor, m) }
	return s.stream(w, r, mine, false)
}

// forHousekeeper reports whether an outbox message is meant for a.
func forHousekeeper(m guanjia.Message, a guanjia.Actor, village string) bool {
	var p struct {
		Users   []int64 `json:"users"`
		Grid    string  `json:"grid"`
		Village string  `json:"village"`
		Scope   string  `json:"scope"`
		Area    string  `json:"area"`
	}
	switch m.Topic {
	case app.TopicMobilised, app.TopicNoticePublished, app.TopicTaskPublished:
	default:
		return false // a case's news, most of what the hub carries: not parsed
	}
	if json.Unmarshal(m.Payload, &p) != nil {
		return false
	}
	switch m.Topic {
	case app.TopicMobilised:
		return slices.Contains(p.Users, a.UserID)
	case app.TopicNoticePublished:
		return p.Scope == guanjia.ScopeTown || (p.Scope == guanjia.ScopeGrid && p.Area == a.Grid) ||
			(p.Scope == guanjia.ScopeVillage && p.Area == village)
	case app.TopicTaskPublished:
		return p.Grid == a.Grid || (p.Grid == "" && (p.Village == "" || p.Village == village))
	}
	return false
}
