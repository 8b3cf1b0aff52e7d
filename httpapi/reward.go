package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// Rewards, redemptions and the partners' receipt checks.

func (s *Server) listRewards(w http.ResponseWriter, r *http.Request, id identity) error {
	ws, err := s.app.Rewards(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"rewards": ws})
	return nil
}

func (s *Server) createReward(w http.ResponseWriter, r *http.Request, id identity) error {
	var rw guanjia.Reward
	if err := decodeJSON(w, r, &rw); err != nil {
		return err
	}
	rw.ID = 0
	if err := s.app.PutReward(r.Context(), id.Actor, &rw); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rw)
	return nil
}

func (s *Server) updateReward(w http.ResponseWriter, r *http.Request, id identity) error {
	rid, err := pathInt(r, "Reward %q not found.")
	if err != nil {
		return err
	}
	var rw guanjia.Reward
	if err := decodeJSON(w, r, &rw); err != nil {
		return err
	}
	rw.ID = rid
	if err := s.app.PutReward(r.Context(), id.Actor, &rw); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rw)
	return nil
}

func (s *Server) redeem(w http.ResponseWriter, r *http.Request, id identity) error {
	rid, err := pathInt(r, "Reward %q not found.")
	if err != nil {
		return err
	}
	d, err := s.app.Redeem(r.Context(), id.Actor, rid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) myRedemptions(w http.ResponseWriter, r *http.Request, id identity) error {
	ds, err := s.app.MyRedemptions(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"redemptions": ds})
	return nil
}

func (s *Server) getReceipt(w http.ResponseWriter, r *http.Request, id identity) error {
	d, err := s.app.Receipt(r.Context(), id.Actor, r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) useReceipt(w http.ResponseWriter, r *http.Request, id identity) error {
	d, err := s.app.UseReceipt(r.Context(), id.Actor, r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
