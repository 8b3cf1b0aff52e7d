package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// Staff reports whether the viewer is on the town's staff.
func (v *viewer) Staff() bool { return v.Is(guanjia.StaffRoles...) }

// Keeper reports whether the viewer is a housekeeper.
func (v *viewer) Keeper() bool { return v.Is(guanjia.HousekeeperRoles...) }

// KeepsRewards reports whether the viewer keeps the rewards catalogue.
func (v *viewer) KeepsRewards() bool { return guanjia.MayKeepRewards(v.Actor) }

// pathID reads the {id} of a path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	return id, nil
}

// areaOptions lists the town, its villages and its grids as one choice,
// valued "", "village:<code>" and "grid:<code>".
func areaOptions(lang string, rf *ref, selected string) []option {
	out := []option{{Value: "", Label: translate(lang, "The whole town"), Selected: selected == ""}}
	for _, vg := range rf.villages {
		val := "village:" + vg.Code
		out = append(out, option{Value: val, Label: rf.villageName(lang, vg.Code), Selected: val == selected})
	}
	for _, g := range rf.grids {
		val := "grid:" + g.Code
		out = append(out, option{Value: val, Label: "· " + g.Name, Selected: val == selected})
	}
	return out
}

// parseArea splits an area choice into its scope and code.
func parseArea(s string) (scope, code string) {
	if k, c, ok := strings.Cut(s, ":"); ok {
		return k, c
	}
	return guanjia.ScopeTown, ""
}

// applyData is the application form, with the viewer's earlier application.
type applyData struct {
	Mine        *guanjia.Housekeeper
	GridName    string // of the application
	Occupations []option
	Grids       []option
	Form        map[string]string
	Errors      map[string]string
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.applyData(r, v, map[string]string{"name": v.User.Name, "phone": v.User.Phone, "grid": v.User.Grid})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *applyData) page() (string, string)      { return "apply", "Become a housekeeper" }
func (d *applyData) messages() map[string]string { return d.Errors }

func (s *Server) applyData(r *http.Request, v *viewer, form map[string]string) (*applyData, error) {
	d := &applyData{Form: form, Errors: map[string]string{}}
	mine, err := s.app.MyHousekeeper(r.Context(), v.Actor)
	if err != nil && guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
		return nil, err
	}
	d.Mine = mine
	rf := s.ref.get(r.Context())
	if mine != nil {
		d.GridName = rf.gridName(mine.Grid)
	}
	for _, o := range guanjia.Occupations {
		d.Occupations = append(d.Occupations, option{Value: string(o), Label: named(v.Lang, "occupation", o), Selected: string(o) == form["occupation"]})
	}
	for _, g := range rf.grids {
		d.Grids = append(d.Grids, option{Value: g.Code, Label: rf.villageName(v.Lang, g.Village) + " · " + g.Name, Selected: g.Code == form["grid"]})
	}
	return d, nil
}

// applySubmit sends a resident's application to their village's committee.
func (s *Server) applySubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	households, _ := strconv.Atoi(strings.TrimSpace(form["households"]))
	ap := guanjia.Application{Name: form["name"], Phone: form["phone"], Occupation: guanjia.Occupation(form["occupation"]),
		Grid: form["grid"], Households: households, Stairwell: form["stairwell"], Note: form["note"]}
	_, err := s.app.ApplyHousekeeper(r.Context(), v.Actor, ap)
	if err == nil {
		http.Redirect(w, r, "/apply", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.applyData(r, v, form) })
}

// staffKeepersData is the committees' view of housekeepers: applications
// to decide, the active ones, and the coverage of each grid.
type staffKeepersData struct {
	Pending, Active []*guanjia.Housekeeper
	Coverage        []guanjia.Coverage
	Total           guanjia.Coverage
	GridName        map[string]string
	Errors          map[string]string // by housekeeper id
}

func (s *Server) staffKeepersPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.staffKeepersData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *staffKeepersData) page() (string, string)      { return "staff-housekeepers", "Housekeepers" }
func (d *staffKeepersData) messages() map[string]string { return d.Errors }

func (s *Server) staffKeepersData(r *http.Request, v *viewer) (*staffKeepersData, error) {
	ctx := r.Context()
	d := &staffKeepersData{Errors: map[string]string{}, GridName: s.ref.get(ctx).grid}
	for _, st := range []guanjia.HousekeeperStatus{guanjia.HousekeeperPending, guanjia.HousekeeperApproved} {
		hs, err := s.app.Housekeepers(ctx, v.Actor, guanjia.HousekeeperFilter{Status: []guanjia.HousekeeperStatus{st}, Limit: 200})
		if err != nil {
			return nil, err
		}
		if st == guanjia.HousekeeperPending {
			d.Pending = hs
		} else {
			d.Active = hs
		}
	}
	village := ""
	if u, ok := s.app.Unit(v.Actor.Unit); ok && u.Kind == guanjia.UnitCommittee {
		village = u.Village
	}
	cov, err := s.app.Coverage(ctx, v.Actor, village)
	if err != nil {
		return nil, err
	}
	d.Coverage, d.Total = cov.Grids, cov.Total
	return d, nil
}

// staffKeepersDecide approves, declines or suspends a housekeeper; a
// refusal shows the page again with the error on the housekeeper's row.
func (s *Server) staffKeepersDecide(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	decision := guanjia.HousekeeperDecision(r.PathValue("decision"))
	_, err = s.app.DecideHousekeeper(r.Context(), v.Actor, id, decision, r.PostFormValue("reason"))
	if err == nil {
		http.Redirect(w, r, "/staff/housekeepers", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.staffKeepersData(r, v) })
}
