package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// A B&B's public page with its score and every part of it (/bnb/{id}), the
// published formula (/bnb/score), and the administrators' checklist
// editor (/admin/checklists: a form per item; each save is a new version).

type bnbPublicData struct {
	BnB         *guanjia.PublicBnB
	VillageName string
	Rep         guanjia.Reputation
	Inspections []*guanjia.Inspection
	Errors      map[string]string
}

func (d *bnbPublicData) page() (string, string)      { return "bnb-page", "B&B" }
func (d *bnbPublicData) messages() map[string]string { return d.Errors }

func (s *Server) bnbPublicPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, rep, xs, err := s.app.PublicBnB(r.Context(), id)
	if err != nil {
		return err
	}
	d := &bnbPublicData{BnB: b, Rep: rep, Inspections: xs, Errors: map[string]string{},
		VillageName: s.ref.get(r.Context()).villageName(v.Lang, b.Village)}
	return s.show(w, r, v, http.StatusOK, d)
}

type scoreData struct {
	Weights [4]int
	Neutral int
	Penalty int
}

func (d *scoreData) page() (string, string)      { return "bnb-score", "How the B&B score is made" }
func (d *scoreData) messages() map[string]string { return nil }

func (s *Server) bnbScorePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.show(w, r, v, http.StatusOK, &scoreData{Weights: [4]int{guanjia.WeightInspection, guanjia.WeightRectification,
		guanjia.WeightComplaints, guanjia.WeightRating}, Neutral: guanjia.NeutralPart, Penalty: guanjia.ComplaintPenalty})
}

type checklistsData struct {
	Lists  []*guanjia.Checklist
	Saved  string
	Errors map[string]string
}

func (d *checklistsData) page() (string, string)      { return "admin-checklists", "Inspection checklists" }
func (d *checklistsData) messages() map[string]string { return d.Errors }

func (s *Server) checklistsData(r *http.Request) (*checklistsData, error) {
	d := &checklistsData{Saved: r.URL.Query().Get("saved"), Errors: map[string]string{}}
	for _, k := range guanjia.InspectionKinds {
		cl, err := s.app.Checklist(r.Context(), k, 0)
		if err != nil {
			return nil, err
		}
		d.Lists = append(d.Lists, cl)
	}
	return d, nil
}

func (s *Server) checklistsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.checklistsData(r)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// checklistSave changes one item of a kind's latest checklist (op save,
// delete) or adds one (op add), and saves the result as the next version.
// A form of an older version than the latest is refused: reload.
func (s *Server) checklistSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	if err := guanjia.CheckValues(r.PostForm); err != nil {
		return err
	}
	kind := r.PathValue("kind")
	cl, err := s.app.Checklist(r.Context(), kind, 0)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	} else if err != nil {
		return err
	}
	err = editChecklist(cl, r.PostForm.Get("version"), r.PostForm.Get("op"), r.PostForm.Get("index"), guanjia.ChecklistItem{
		Code: r.PostForm.Get("code"), TextZH: r.PostForm.Get("text_zh"), TextEN: r.PostForm.Get("text_en"),
		Serious: r.PostForm.Get("serious") == "1"})
	if err == nil {
		err = s.app.SaveChecklist(r.Context(), v.Actor, cl)
	}
	if err == nil {
		http.Redirect(w, r, "/admin/checklists?saved="+kind+"#list-"+kind, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return kind }, func() (formPage, error) { return s.checklistsData(r) })
}

// editChecklist applies an item form to cl, the latest version.
func editChecklist(cl *guanjia.Checklist, version, op, index string, it guanjia.ChecklistItem) error {
	if version != strconv.Itoa(cl.Version) {
		return guanjia.FieldErrorf(guanjia.ECONFLICT, "version", "The checklist has changed since you opened it; reload.")
	}
	items := append([]guanjia.ChecklistItem{}, cl.Items...)
	it.Code = strings.TrimSpace(it.Code)
	if op == "add" {
		cl.Items = append(items, it)
		return nil
	}
	i, err := strconv.Atoi(index)
	if err != nil || i < 0 || i >= len(items) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "index", "There is no such item; reload.")
	}
	switch op {
	case "save":
		items[i] = it
	case "delete":
		items = append(items[:i], items[i+1:]...)
	default:
		return guanjia.FieldErrorf(guanjia.EINVALID, "op", "Save, delete or add an item.")
	}
	cl.Items = items
	return nil
}
