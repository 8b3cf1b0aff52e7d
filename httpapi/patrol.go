package httpapi

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
)

// Grid patrols: start, check in, log findings (each may become a case),
// end; the records and coverage for the committee and the command center.

// patrolStart is the body of POST /api/v1/patrols.
type patrolStart struct {
	Grid string `json:"grid"`
}

// patrolPlace is the body of a check-in.
type patrolPlace struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// patrolEnd is the body of POST /api/v1/patrols/{id}/end.
type patrolEnd struct {
	Note string `json:"note"`
}

func (s *Server) startPatrol(w http.ResponseWriter, r *http.Request, id identity) error {
	var b patrolStart
	if err := decodeOptional(w, r, &b); err != nil {
		return err
	}
	if b.Grid == "" {
		b.Grid = id.Actor.Grid
	}
	p, err := s.app.StartPatrol(r.Context(), id.Actor, b.Grid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) currentPatrol(w http.ResponseWriter, r *http.Request, id identity) error {
	p, err := s.app.CurrentPatrol(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"patrol": p})
	return nil
}

func (s *Server) getPatrol(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := pathInt(r, "Patrol %s not found.")
	if err != nil {
		return err
	}
	p, err := s.app.Patrol(r.Context(), id.Actor, pid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) listPatrols(w http.ResponseWriter, r *http.Request, id identity) error {
	weeks := 4
	if v := r.URL.Query().Get("weeks"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, "weeks", "weeks must be a number.")
		}
		weeks = n
	}
	rep, err := s.app.Patrols(r.Context(), id.Actor, r.URL.Query().Get("village"), weeks)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) patrolCheckin(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := pathInt(r, "Patrol %s not found.")
	if err != nil {
		return err
	}
	var b patrolPlace
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	c, err := s.app.PatrolCheckin(r.Context(), id.Actor, pid, b.Lat, b.Lng)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) patrolFinding(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := pathInt(r, "Patrol %s not found.")
	if err != nil {
		return err
	}
	var f guanjia.PatrolFinding
	if err := decodeJSON(w, r, &f); err != nil {
		return err
	}
	out, err := s.app.AddFinding(r.Context(), id.Actor, pid, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) findingToCase(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := pathInt(r, "Patrol %s not found.")
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	if err != nil || fid <= 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Finding %d not found.", fid)
	}
	c, err := s.app.FindingToCase(r.Context(), id.Actor, pid, fid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) endPatrol(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := pathInt(r, "Patrol %s not found.")
	if err != nil {
		return err
	}
	var b patrolEnd
	if err := decodeOptional(w, r, &b); err != nil {
		return err
	}
	p, err := s.app.EndPatrol(r.Context(), id.Actor, pid, b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
