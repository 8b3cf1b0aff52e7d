package httpapi

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/report"
)

// Events in conference mode: the command center and leaders read them,
// leaders and administrators create and change them.

func (s *Server) listConferences(w http.ResponseWriter, r *http.Request, id identity) error {
	cs, err := s.app.Conferences(r.Context(), id.Actor, r.URL.Query().Get("current") == "1")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": cs})
	return nil
}

func (s *Server) getConference(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Event %s not found.")
	if err != nil {
		return err
	}
	v, err := s.app.ConferenceReport(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	ids := make([]int64, len(v.Cases))
	for i, c := range v.Cases {
		ids[i] = c.ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"event": v.Conference, "figures": v.Figures, "case_ids": ids})
	return nil
}

func (s *Server) createConference(w http.ResponseWriter, r *http.Request, id identity) error {
	var c guanjia.Conference
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	c.ID = 0
	if err := s.app.SaveConference(r.Context(), id.Actor, &c); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) putConference(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Event %s not found.")
	if err != nil {
		return err
	}
	var c guanjia.Conference
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	c.ID = cid
	if err := s.app.SaveConference(r.Context(), id.Actor, &c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// conferenceCases answers GET /api/v1/conferences/{id}/cases.csv: the
// event's cases, every column the caller may see (report.CaseColumns), as
// the reports' CSV.
func (s *Server) conferenceCases(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Event %s not found.")
	if err != nil {
		return err
	}
	v, err := s.app.ConferenceReport(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	cw := startCSV(w, "event-"+strconv.FormatInt(cid, 10)+"-cases.csv")
	for _, c := range v.Cases {
		if err := cw.Write(report.CaseRow(c)); err != nil {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("event cases", "path", r.URL.Path, "err", err) // the header is out: the truncated file is all
	}
	return nil
}
