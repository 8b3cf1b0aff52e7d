package web

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
)

// noticesData is a housekeeper's notices and the calls to help with a case.
type noticesData struct {
	Notices []*guanjia.Notice
	Calls   []guanjia.Call
	Open    *guanjia.Notice // the notice being read
	Unread  int
}

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.noticesData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "notices", "Notices", d)
}

func (s *Server) noticesData(r *http.Request, v *viewer) (*noticesData, error) {
	ctx := r.Context()
	d := &noticesData{}
	var err error
	if d.Notices, err = s.app.Notices(ctx, v.Actor); err != nil {
		return nil, err
	}
	for _, n := range d.Notices {
		if n.ReadAt == nil {
			d.Unread++
		}
	}
	if d.Calls, err = s.app.MyCalls(ctx, v.Actor); err != nil {
		return nil, err
	}
	return d, nil
}

// noticePage shows one notice; opening it is the read receipt.
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := s.app.ReadNotice(r.Context(), v.Actor, id)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "notice", "Notice", &noticesData{Open: n})
}

// acceptCall answers a call to help: the housekeeper will go.
func (s *Server) acceptCall(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.AcceptCall(r.Context(), v.Actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/notices#calls", http.StatusSeeOther)
	return nil
}

// staffNoticesData is the publishing form and the notices with their
// read shares.
type staffNoticesData struct {
	Notices []*guanjia.Notice
	Areas   []option
	AreaOf  map[int64]string
	Form    map[string]string
	Errors  map[string]string
}

func (s *Server) staffNoticesPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.staffNoticesData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *staffNoticesData) page() (string, string)      { return "staff-notices", "Notices" }
func (d *staffNoticesData) messages() map[string]string { return d.Errors }

func (s *Server) staffNoticesData(r *http.Request, v *viewer, form map[string]string) (*staffNoticesData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	d := &staffNoticesData{Form: form, Errors: map[string]string{}, Areas: areaOptions(v.Lang, rf, form["area"]), AreaOf: map[int64]string{}}
	var err error
	if d.Notices, err = s.app.Notices(ctx, v.Actor); err != nil {
		return nil, err
	}
	for _, n := range d.Notices {
		switch n.Scope {
		case guanjia.ScopeGrid:
			d.AreaOf[n.ID] = rf.gridName(n.Area)
		case guanjia.ScopeVillage:
			d.AreaOf[n.ID] = rf.villageName(v.Lang, n.Area)
		default:
			d.AreaOf[n.ID] = translate(v.Lang, "The whole town")
		}
	}
	return d, nil
}

// staffNoticePublish publishes a notice to a grid, a village or the town.
func (s *Server) staffNoticePublish(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	n := &guanjia.Notice{Title: form["title"], Body: form["body"]}
	n.Scope, n.Area = parseArea(form["area"])
	err := s.app.PublishNotice(r.Context(), v.Actor, n)
	if err == nil {
		http.Redirect(w, r, "/staff/notices#notice-"+strconv.FormatInt(n.ID, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, renamed(map[string]string{"scope": "area"}),
		func() (formPage, error) { return s.staffNoticesData(r, v, form) })
}
