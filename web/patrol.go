package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// patrolData is the patrol page on a phone: the patrol under way (or the
// grids to start one in), with its check-ins and findings, and the form
// of a refused step as sent.
type patrolData struct {
	Patrol     *guanjia.Patrol
	GridName   string
	Grids      []option // to start a patrol in
	Categories []option // what a finding would be as a case
	Findings   []findingView
	Form       map[string]string
	Errors     map[string]string // by form: start, checkin, finding, end
}

// findingView is a finding with its category's name.
type findingView struct {
	guanjia.PatrolFinding
	CategoryName string
}

func (d *patrolData) page() (string, string)      { return "patrol", "Patrol" }
func (d *patrolData) messages() map[string]string { return d.Errors }

func (s *Server) patrolPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.patrolData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (s *Server) patrolData(r *http.Request, v *viewer) (*patrolData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	d := &patrolData{Form: map[string]string{}, Errors: map[string]string{}}
	p, err := s.app.CurrentPatrol(ctx, v.Actor)
	if err != nil {
		return nil, err
	}
	d.Patrol = p
	if p == nil {
		for _, g := range s.app.PatrolGrids(v.Actor) {
			d.Grids = append(d.Grids, option{Value: g.Code, Label: rf.villageName(v.Lang, g.Village) + " · " + g.Name})
		}
		return d, nil
	}
	d.GridName = rf.gridName(p.Grid)
	for _, c := range rf.categories {
		d.Categories = append(d.Categories, option{Value: c.Code, Label: c.Icon + " " + c.Name(v.Lang)})
	}
	for _, f := range p.Findings {
		d.Findings = append(d.Findings, findingView{PatrolFinding: f, CategoryName: rf.categoryName(v.Lang, f.Category)})
	}
	return d, nil
}

// patrolStep performs a step of the patrol from the page's forms: start,
// checkin, finding, case (a finding made a case), end; then back to the
// page, or the page again with the refusal beside the form.
func (s *Server) patrolStep(w http.ResponseWriter, r *http.Request, v *viewer) error {
	step := r.PathValue("step")
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	num := func(k string) float64 { f, _ := strconv.ParseFloat(form(k), 64); return f }
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ctx := r.Context()
	var err error
	back := "/patrol"
	switch step {
	case "start":
		_, err = s.app.StartPatrol(ctx, v.Actor, form("grid"))
	case "checkin":
		var c *guanjia.PatrolCheckin
		if c, err = s.app.PatrolCheckin(ctx, v.Actor, id, num("lat"), num("lng")); err == nil {
			back += "?checked=" + url0(c.Point)
		}
	case "finding":
		f := guanjia.PatrolFinding{Lat: num("lat"), Lng: num("lng"), Category: form("category"), Note: form("note")}
		if f.Photos, err = s.savePhotos(r, "photos"); err == nil {
			_, err = s.app.AddFinding(ctx, v.Actor, id, f)
		}
	case "case":
		fid, _ := strconv.ParseInt(form("finding"), 10, 64)
		var c *guanjia.Case
		if c, err = s.app.FindingToCase(ctx, v.Actor, id, fid); err == nil {
			back = "/cases/" + strconv.FormatInt(c.ID, 10) + "?back=/patrol"
		}
	case "end":
		if _, err = s.app.EndPatrol(ctx, v.Actor, id, form("note")); err == nil {
			back = "/patrols"
		}
	default:
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err == nil {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return step }, func() (formPage, error) {
		d, err := s.patrolData(r, v)
		if err != nil {
			return nil, err
		}
		d.Form = formValues(r)
		return d, nil
	})
}

// url0 is a point code for a query: codes are letters, digits and dashes.
func url0(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// patrolsData is the patrol records and each grid's coverage, for the
// village's committee and the command center (a housekeeper sees their own).
type patrolsData struct {
	Weeks       int
	WeekChoices []int
	CanPatrol   bool // the viewer has a grid to walk
	Coverage    []coverageView
	Patrols     []patrolView
	Errors      map[string]string
}

type coverageView struct {
	guanjia.PatrolCoverage
	GridName, VillageName string
	Pct                   int
}

type patrolView struct {
	*guanjia.Patrol
	GridName string
	Walker   string
}

func (d *patrolsData) page() (string, string)      { return "patrols", "Patrols" }
func (d *patrolsData) messages() map[string]string { return d.Errors }

func (s *Server) patrolsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	weeks := 4
	if n, err := strconv.Atoi(r.URL.Query().Get("weeks")); err == nil {
		weeks = n
	}
	rep, err := s.app.Patrols(ctx, v.Actor, r.URL.Query().Get("village"), weeks)
	if err != nil {
		return err
	}
	d := &patrolsData{Weeks: rep.Weeks, WeekChoices: []int{1, 2, 4, 8, 12}, Errors: map[string]string{},
		CanPatrol: len(s.app.PatrolGrids(v.Actor)) > 0}
	for _, c := range rep.Coverage {
		d.Coverage = append(d.Coverage, coverageView{PatrolCoverage: c, GridName: rf.gridName(c.Grid),
			VillageName: rf.villageName(v.Lang, c.Village), Pct: int(c.Share*100 + 0.5)})
	}
	for _, p := range rep.Patrols {
		d.Patrols = append(d.Patrols, patrolView{Patrol: p, GridName: rf.gridName(p.Grid), Walker: p.UserName})
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// patrolStart starts a patrol from the page.
func (s *Server) patrolStart(w http.ResponseWriter, r *http.Request, v *viewer) error {
	r.SetPathValue("step", "start")
	return s.patrolStep(w, r, v)
}
