package web

import (
	"cmp"
	"net/http"
	"slices"

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
	Figures    *deskFigures // for the lead: the unit's and its handlers' figures of a period
	// Mine shows only the cases assigned to the viewer ("my cases"),
	// else all the unit's; MineN and UnitN count the cases in work.
	Mine         bool
	MineN, UnitN int
	Handlers     []handlerCount // for the lead: cases in work by handler
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
	d := &deskData{Unit: rf.unitName(v.Lang, unit), Lead: v.Actor.Role == guanjia.RoleUnitLead,
		Mine: r.URL.Query().Get("view") == "mine"}
	f := guanjia.CaseFilter{Unit: &unit, Sort: "due", Limit: 500,
		Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}}
	cases, _, err := s.app.FindCases(ctx, v.Actor, f)
	if err != nil {
		return nil, err
	}
	now := s.app.Now()
	names := s.members(ctx, v, unit)
	d.count(cases, names, v.User.ID)
	for _, cv := range caseViews(v.Lang, rf, cases, now) {
		cv.HandlerName = handlerName(names, cv.Handler)
		if d.Mine && cv.Handler != v.User.ID {
			continue
		}
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
	if d.Lead && guanjia.MaySeeHandlerFigures(v.Actor) {
		if d.Figures, err = s.deskFigures(r, v, names); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// count sets the desk's counts: the cases in work, the viewer's, and for
// the lead each handler's (the unassigned first).
func (d *deskData) count(cases []*guanjia.Case, names map[int64]string, me int64) {
	counts := guanjia.HandlerCounts(cases)
	for id, n := range counts {
		d.UnitN += n
		if id == me {
			d.MineN = n
		}
	}
	if !d.Lead {
		return
	}
	d.Handlers = append(d.Handlers, handlerCount{ID: 0, N: counts[0]})
	for id, name := range names {
		d.Handlers = append(d.Handlers, handlerCount{ID: id, Name: name, N: counts[id]})
	}
	slices.SortFunc(d.Handlers[1:], func(a, b handlerCount) int { return cmp.Compare(a.ID, b.ID) })
}
