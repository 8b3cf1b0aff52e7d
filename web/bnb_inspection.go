package web

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/session"
)

// B&B inspection pages: the inspector's round (/inspect: due, overdue and
// rectifications to re-inspect), the checklist form on a phone
// (/inspect/{id}/{kind}, also the owner's self-inspection), and the
// owner's rectifications (/my/rectify).

type inspectData struct {
	Overdue, Due []guanjia.DueInspection
	Rects        []rectRow
	Done         string
	Errors       map[string]string
}

func (d *inspectData) page() (string, string)      { return "inspect", "Inspections" }
func (d *inspectData) messages() map[string]string { return d.Errors }

// rectRow is a rectification as the pages show it.
type rectRow struct {
	*guanjia.Rectification
	ItemText string
	Overdue  bool
}

// dueShown is how many due inspections the list shows of each kind of row.
const dueShown = 60

func (s *Server) inspectPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	due, err := s.app.DueInspections(ctx, v.Actor)
	if err != nil {
		return err
	}
	d := &inspectData{Done: r.URL.Query().Get("done"), Errors: map[string]string{}}
	soon := s.app.Now().AddDate(0, 0, 30)
	for _, x := range due {
		switch {
		case x.Overdue && len(d.Overdue) < dueShown:
			d.Overdue = append(d.Overdue, x)
		case !x.Overdue && x.Due.Before(soon) && len(d.Due) < dueShown:
			d.Due = append(d.Due, x)
		}
	}
	rs, err := s.app.Rectifications(ctx, v.Actor, 0, true)
	if err != nil {
		return err
	}
	d.Rects = s.rectRows(r, v, rs)
	return s.show(w, r, v, http.StatusOK, d)
}

func (s *Server) rectRows(r *http.Request, v *viewer, rs []*guanjia.Rectification) []rectRow {
	now, lists := s.app.Now(), map[string]*guanjia.Checklist{}
	out := make([]rectRow, len(rs))
	for i, x := range rs {
		out[i] = rectRow{Rectification: x, ItemText: x.Item, Overdue: x.Status != guanjia.StatusResolved && x.Status.Open() && now.After(x.DueAt)}
		cl, ok := lists[x.Kind]
		if !ok {
			cl, _ = s.app.Checklist(r.Context(), x.Kind, 0)
			lists[x.Kind] = cl
		}
		if cl != nil {
			if it, ok := cl.Item(x.Item); ok {
				out[i].ItemText = it.Text(v.Lang)
			}
		}
	}
	return out
}

type inspectFormData struct {
	BnB       *guanjia.BnB
	Checklist *guanjia.Checklist
	Self      bool
	ClientID  string
	Form      map[string]string
	Errors    map[string]string
}

func (d *inspectFormData) page() (string, string)      { return "inspect-form", "Inspection" }
func (d *inspectFormData) messages() map[string]string { return d.Errors }

func (s *Server) inspectFormData(r *http.Request, v *viewer) (*inspectFormData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	b, err := s.app.InspectableBnB(r.Context(), v.Actor, id)
	if err != nil {
		return nil, err
	}
	cl, err := s.app.Checklist(r.Context(), r.PathValue("kind"), 0)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	} else if err != nil {
		return nil, err
	}
	return &inspectFormData{BnB: b, Checklist: cl, Self: v.Is(guanjia.RoleOwner), ClientID: newClientID(),
		Form: map[string]string{}, Errors: map[string]string{}}, nil
}

func (s *Server) inspectFormPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.inspectFormData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// inspectSubmit records the inspection of the form: a result, a note and
// a photo per item (multipart; the photos go through the same checks as
// a report's).
func (s *Server) inspectSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	d, err := s.inspectFormData(r, v)
	if err != nil {
		return err
	}
	in, err := inspectionFromForm(r.PostForm, d.Checklist)
	if err == nil {
		err = s.itemPhotos(r, v, &in)
	}
	var x *guanjia.Inspection
	if err == nil {
		x, err = s.app.Inspect(r.Context(), v.Actor, d.BnB.ID, in)
	}
	if err == nil {
		to := "/inspect?done=" + strconv.FormatInt(x.ID, 10)
		if d.Self {
			to = "/my/rectify?done=" + strconv.FormatInt(x.ID, 10)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "inspection" }, func() (formPage, error) {
		d.Form, d.ClientID = formValues(r), r.PostFormValue("client_id")
		return d, nil
	})
}

// itemPhotos stores the photo of each item (field photo-CODE).
func (s *Server) itemPhotos(r *http.Request, v *viewer, in *guanjia.InspectionInput) error {
	if r.MultipartForm == nil {
		return nil
	}
	for i := range in.Results {
		field := "photo-" + in.Results[i].Code
		if fs := r.MultipartForm.File[field]; len(fs) == 0 || fs[0].Size == 0 {
			continue
		}
		if err := s.app.AllowPhoto(r.Context(), v.Actor, session.ClientAddr(r)); err != nil {
			return err
		}
		hs, err := s.savePhotos(r, field)
		if err != nil {
			return err
		}
		if len(hs) > 0 {
			in.Results[i].Photo = hs[0]
		}
	}
	return nil
}

// inspectionFromForm reads an inspection form: kind, version, client_id,
// and per item of cl result-CODE (pass, fail, na) and note-CODE. Items
// the form does not answer are left out, for CheckInspection to name.
func inspectionFromForm(f url.Values, cl *guanjia.Checklist) (guanjia.InspectionInput, error) {
	version, err := strconv.Atoi(strings.TrimSpace(f.Get("version")))
	if err != nil || version < 1 {
		return guanjia.InspectionInput{}, guanjia.FieldErrorf(guanjia.EINVALID, "version", "The checklist has changed; reload the form.")
	}
	in := guanjia.InspectionInput{Kind: cl.Kind, Version: version, ClientID: strings.TrimSpace(f.Get("client_id"))}
	for _, it := range cl.Items {
		res := f.Get("result-" + it.Code)
		if res == "" {
			continue
		}
		in.Results = append(in.Results, guanjia.ItemResult{Code: it.Code, Result: res, Note: f.Get("note-" + it.Code)})
	}
	return in, nil
}

// reinspectSubmit records an inspector's re-inspection of a rectification.
func (s *Server) reinspectSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fixed := r.PostFormValue("fixed") == "yes"
	var photos []string
	if r.MultipartForm != nil && len(r.MultipartForm.File["photos"]) > 0 {
		if err = s.app.AllowPhoto(r.Context(), v.Actor, session.ClientAddr(r)); err == nil {
			photos, err = s.savePhotos(r, "photos")
		}
	}
	if err == nil {
		_, err = s.app.Reinspect(r.Context(), v.Actor, id, fixed, r.PostFormValue("note"), photos)
	}
	if err == nil {
		http.Redirect(w, r, "/inspect?done=r"+strconv.FormatInt(id, 10)+"#rectifications", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) {
		d := &inspectData{Errors: map[string]string{}}
		rs, err := s.app.Rectifications(r.Context(), v.Actor, 0, true)
		d.Rects = s.rectRows(r, v, rs)
		return d, err
	})
}

type myRectifyData struct {
	BnBs   []*guanjia.BnB
	Kinds  []string
	Rects  []rectRow
	Done   string
	Errors map[string]string
}

func (d *myRectifyData) page() (string, string)      { return "my-rectify", "Rectification" }
func (d *myRectifyData) messages() map[string]string { return d.Errors }

func (s *Server) myRectifyData(r *http.Request, v *viewer) (*myRectifyData, error) {
	bs, err := s.app.BnBs(r.Context(), v.Actor, guanjia.BnBFilter{})
	if err != nil {
		return nil, err
	}
	rs, err := s.app.Rectifications(r.Context(), v.Actor, 0, false)
	if err != nil {
		return nil, err
	}
	return &myRectifyData{BnBs: bs, Kinds: guanjia.InspectionKinds, Rects: s.rectRows(r, v, rs),
		Done: r.URL.Query().Get("done"), Errors: map[string]string{}}, nil
}

func (s *Server) myRectifyPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.myRectifyData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// myRectifySubmit is the owner's step on a rectification case: sign for
// it (accept), or report it fixed with a note and a photo (resolve).
func (s *Server) myRectifySubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cmd := guanjia.Command{Action: guanjia.ActionAccept}
	if r.PostFormValue("action") == "resolve" {
		cmd = guanjia.Command{Action: guanjia.ActionResolve, Note: r.PostFormValue("note")}
		if err = s.app.AllowPhoto(r.Context(), v.Actor, session.ClientAddr(r)); err == nil {
			cmd.Photos, err = s.savePhotos(r, "photos")
		}
		if err == nil && len(cmd.Photos) == 0 {
			err = guanjia.FieldErrorf(guanjia.EINVALID, "photos", "Add a photo of the fixed item.")
		}
	}
	if err == nil {
		_, err = s.app.Act(r.Context(), v.Actor, id, cmd)
	}
	if err == nil {
		http.Redirect(w, r, "/my/rectify#rect-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.myRectifyData(r, v) })
}

// newClientID returns a random id that makes a form's retried submission
// idempotent.
func newClientID() string { return "insp-" + rand.Text() }

func init() {
	// The round and the form load the offline queue of inspections.
	pageAssets["inspect"] = struct{ scripts, styles []string }{[]string{"js/inspect.js"}, nil}
	pageAssets["inspect-form"] = pageAssets["inspect"]
	for _, k := range guanjia.InspectionKinds {
		codeNames["inspect:"+k] = guanjia.KindName(k)
	}
}
