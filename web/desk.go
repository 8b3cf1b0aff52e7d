package web

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// deskData is a unit's workbench: its cases by time left, the extensions
// awaiting the unit lead, and the unit's figures.
type deskData struct {
	Unit       string
	Cases      []caseView
	Resolved   []caseView // awaiting the reporter's confirmation
	Extensions []caseView // awaiting the unit lead's approval
	Lead       bool
	Rates      *rates
}

func (s *Server) deskPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.desk(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "desk", "Workbench", d)
}

// deskList renders the lists alone, for the page's live refresh.
func (s *Server) deskList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.desk(r, v)
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "desk", "desk-list", d)
}

func (s *Server) desk(r *http.Request, v *viewer) (*deskData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	unit := v.User.Unit
	d := &deskData{Unit: rf.unitName(v.Lang, unit), Lead: v.Actor.Role == guanjia.RoleUnitLead}
	f := guanjia.CaseFilter{Unit: &unit, Sort: "due", Limit: 500,
		Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}}
	cases, _, err := s.app.FindCases(ctx, v.Actor, f)
	if err != nil {
		return nil, err
	}
	now := s.app.Now()
	for _, cv := range caseViews(v.Lang, rf, cases, now) {
		switch {
		case cv.Status == guanjia.StatusResolved:
			d.Resolved = append(d.Resolved, cv)
		default:
			d.Cases = append(d.Cases, cv)
		}
		if cv.PendingExtension != nil && guanjia.Allowed(cv.Case, guanjia.ActionApproveExtension, v.Actor) {
			d.Extensions = append(d.Extensions, cv)
		}
	}
	if d.Lead {
		if d.Rates, err = s.rates(ctx, unit, now.AddDate(0, 0, -30), nil); err != nil {
			return nil, err
		}
	}
	return d, nil
}
