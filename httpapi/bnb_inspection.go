package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// B&B inspections: checklists, inspections, the due list, rectifications
// and their re-inspection, the score and the guests' rating.

func (s *Server) getChecklist(w http.ResponseWriter, r *http.Request, _ identity) error {
	version, err := queryInt(r.URL.Query(), "version")
	if err != nil {
		return err
	}
	cl, err := s.app.Checklist(r.Context(), r.PathValue("kind"), int(min(version, 1<<20)))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cl)
	return nil
}

// checklistBody is the body of PUT /api/v1/bnb-checklists/{kind}: the
// items of the next version.
type checklistBody struct {
	Items []guanjia.ChecklistItem `json:"items"`
}

func (s *Server) putChecklist(w http.ResponseWriter, r *http.Request, id identity) error {
	var body checklistBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	cl := &guanjia.Checklist{Kind: r.PathValue("kind"), Items: body.Items}
	if err := s.app.SaveChecklist(r.Context(), id.Actor, cl); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, cl)
	return nil
}

func (s *Server) listInspections(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	xs, err := s.app.Inspections(r.Context(), id.Actor, bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"inspections": xs})
	return nil
}

func (s *Server) createInspection(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	var in guanjia.InspectionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.Inspect(r.Context(), id.Actor, bid, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) dueInspections(w http.ResponseWriter, r *http.Request, id identity) error {
	due, err := s.app.DueInspections(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"due": due})
	return nil
}

func (s *Server) listRectifications(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := queryInt(r.URL.Query(), "bnb")
	if err != nil {
		return err
	}
	xs, err := s.app.Rectifications(r.Context(), id.Actor, bid, r.URL.Query().Get("open") == "true")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"rectifications": xs})
	return nil
}

// reinspectBody is the body of POST /api/v1/rectifications/{id}/reinspect.
type reinspectBody struct {
	Fixed  *bool    `json:"fixed"`
	Note   string   `json:"note"`
	Photos []string `json:"photos"`
}

func (s *Server) reinspect(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "There is no rectification %s of your unit.")
	if err != nil {
		return err
	}
	var body reinspectBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.Fixed == nil {
		return guanjia.FieldErrorf(guanjia.EINVALID, "fixed", "Say whether the problem is fixed.")
	}
	c, err := s.app.Reinspect(r.Context(), id.Actor, cid, *body.Fixed, body.Note, body.Photos)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) bnbReputation(w http.ResponseWriter, r *http.Request, _ identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	_, rep, xs, err := s.app.PublicBnB(r.Context(), bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"reputation": rep, "inspections": xs})
	return nil
}

func (s *Server) putRating(w http.ResponseWriter, r *http.Request, id identity) error {
	bid, err := pathInt(r, "B&B %s not found.")
	if err != nil {
		return err
	}
	var g guanjia.GuestRating
	if err := decodeJSON(w, r, &g); err != nil {
		return err
	}
	g.BnBID = bid
	if err := s.app.SetRating(r.Context(), id.Actor, g); err != nil {
		return err
	}
	rep, err := s.app.Reputation(r.Context(), bid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
