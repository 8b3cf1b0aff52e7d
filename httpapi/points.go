package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// The points ledger, its rules, and the leaderboards.

func (s *Server) myPoints(w http.ResponseWriter, r *http.Request, id identity) error {
	p, err := s.app.PointsOf(r.Context(), id.Actor.UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// listPoints lets staff read the ledger: user_id, kind, source_type,
// source_id, before (an entry id) and limit.
func (s *Server) listPoints(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	var f guanjia.PointFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"user_id", &f.UserID}, {"source_id", &f.SourceID}, {"before", &f.Before}} {
		if *p.dst, err = queryInt(q, p.name); err != nil {
			return err
		}
	}
	limit, err := queryInt(q, "limit")
	if err != nil {
		return err
	}
	f.Limit, f.Kind, f.SourceType = int(limit), guanjia.PointKind(q.Get("kind")), q.Get("source_type")
	f.Jurisdiction = q.Get("town")
	es, err := s.app.PointEntries(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []guanjia.PointEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": es})
	return nil
}

func (s *Server) reversePoints(w http.ResponseWriter, r *http.Request, id identity) error {
	eid, err := pathInt(r, "Points entry %q not found.")
	if err != nil {
		return err
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptional(w, r, &body); err != nil {
		return err
	}
	rev, err := s.app.ReversePoints(r.Context(), id.Actor, eid, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rev)
	return nil
}

func (s *Server) getPointRules(w http.ResponseWriter, r *http.Request, _ identity) error {
	rules, err := s.app.PointRulesIn(r.Context(), r.URL.Query().Get("town"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rules)
	return nil
}

func (s *Server) putPointRules(w http.ResponseWriter, r *http.Request, id identity) error {
	var rules guanjia.PointRules
	if err := decodeJSON(w, r, &rules); err != nil {
		return err
	}
	saved, err := s.app.SetPointRules(r.Context(), id.Actor, rules)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, saved)
	return nil
}

func (s *Server) leaderboard(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	b, err := s.app.Leaderboard(r.Context(), id.Actor, q.Get("town"), q.Get("scope"), q.Get("area"), q.Get("month"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (s *Server) honours(w http.ResponseWriter, r *http.Request, _ identity) error {
	q := r.URL.Query()
	b, err := s.app.Honours(r.Context(), q.Get("town"), q.Get("level"), q.Get("month"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}
