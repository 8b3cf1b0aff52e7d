package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// takeCall records a call the command center took (operator intake).
func (s *Server) takeCall(w http.ResponseWriter, r *http.Request, id identity) error {
	var call app.Call
	if err := decodeJSON(w, r, &call); err != nil {
		return err
	}
	rec, err := s.app.TakeCall(r.Context(), id.Actor, call)
	if err != nil {
		return err
	}
	writeReceipt(w, rec) // no tracking token: the caller is not the one who sends it
	return nil
}

// checkCall answers the intake form as the operator types: the caller's
// earlier cases and the likely duplicates.
func (s *Server) checkCall(w http.ResponseWriter, r *http.Request, id identity) error {
	q, err := guanjia.ParseCallQuery(r.URL.Query())
	if err != nil {
		return err
	}
	chk, err := s.app.CheckCall(r.Context(), id.Actor, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, chk)
	return nil
}

// unitMembers lists a unit's handlers and lead, for assigning cases.
func (s *Server) unitMembers(w http.ResponseWriter, r *http.Request, id identity) error {
	ms, err := s.app.UnitMembers(r.Context(), id.Actor, r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": ms})
	return nil
}
