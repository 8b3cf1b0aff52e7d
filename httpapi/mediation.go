package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// Mediation records of dispute cases.

func (s *Server) getMediation(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Mediation(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) recordMediation(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	var u guanjia.MediationUpdate
	if err := decodeJSON(w, r, &u); err != nil {
		return err
	}
	m, err := s.app.RecordMediation(r.Context(), id.Actor, cid, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
