package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
	"github.com/guanjia/guanjia/media"
)

// reportData is the phone reporting page: the categories as big buttons,
// the extra questions of each, the form as sent and its errors, and, after
// a report sent without JavaScript, its receipt.
type reportData struct {
	Categories []categoryChoice
	Top        int  // how many categories show before "more"
	MoreOpen   bool // the chosen category is among the others
	Form       map[string]string
	Errors     map[string]string
	Receipt    *guanjia.Receipt
}

// categoryChoice is a category with its questions, in the viewer's language.
type categoryChoice struct {
	Code, Name, Icon, Description string
	Attributes                    []attributeField
}

// attributeField is one extra question as a form field.
type attributeField struct {
	Name, Label, Datatype string // Name is the form field: attr.<category>.<code>
	Required              bool
	Options               []option
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.render(w, r, v, http.StatusOK, "report", "Report a problem", s.reportData(r, v))
}

func (s *Server) reportData(r *http.Request, v *viewer) *reportData {
	d := &reportData{Top: topCategories, Form: map[string]string{}, Errors: map[string]string{}}
	for _, c := range s.ref.get(r.Context()).categories {
		ch := categoryChoice{Code: c.Code, Name: c.Name(v.Lang), Icon: c.Icon, Description: c.DescriptionZH}
		if v.Lang == "en" {
			ch.Description = c.DescriptionEN
		}
		for _, a := range c.Attributes {
			if !a.Variable {
				continue
			}
			f := attributeField{Name: "attr." + c.Code + "." + a.Code, Label: a.DescriptionZH, Datatype: a.Datatype, Required: a.Required}
			if v.Lang == "en" {
				f.Label = a.DescriptionEN
			}
			if a.Code == guanjia.BnBAttribute { // the B&B picker, which web/static/js/report.js fills
				f.Datatype, f.Label = "bnb", s.t(v.Lang, "The B&B, from those near the pin (optional)")
			}
			for _, val := range a.Values {
				name := val.NameZH
				if v.Lang == "en" {
					name = val.NameEN
				}
				f.Options = append(f.Options, option{Value: val.Key, Label: name})
			}
			ch.Attributes = append(ch.Attributes, f)
		}
		d.Categories = append(d.Categories, ch)
	}
	return d
}

// topCategories is how many categories, the most used, the reporting page
// offers before "more categories".
const topCategories = 9

// maxReportForm bounds a report sent as a form with its photos.
const maxReportForm = guanjia.MaxPhotos*media.MaxSize + 1<<20

// reportSubmit takes a report sent as a plain form, for phones without
// JavaScript; with it, the page queues the report and sends it to the JSON
// API itself, also when it was made offline.
func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	d := s.reportData(r, v)
	for k := range r.PostForm {
		d.Form[k] = r.PostFormValue(k)
	}
	for i, c := range d.Categories {
		d.MoreOpen = d.MoreOpen || (i >= d.Top && c.Code == d.Form["category"])
	}
	rep, err := s.reportFromForm(r)
	rep.Addr = session.ClientAddr(r)
	if err == nil {
		err = s.app.AllowReport(r.Context(), v.Actor, session.ClientAddr(r))
	}
	if err == nil {
		d.Receipt, err = s.app.Report(r.Context(), v.Actor, rep)
	}
	if out := app.Outage(err); out != err {
		// The database or the photo storage is out of reach: the form
		// comes back as typed, saying to send it again shortly.
		s.log.Warn("database or photo storage out of reach", "method", r.Method, "path", r.URL.Path, "err", err)
		err = out
		guanjia.SetRetryAfter(w.Header(), err)
	}
	if err != nil {
		var e *guanjia.Error
		if !errors.As(err, &e) {
			return err
		}
		field := e.Field
		if field == "lng" {
			field = "lat"
		} else if strings.HasPrefix(field, "attribute[") {
			field = "attr." + rep.Category + "." + strings.TrimSuffix(strings.TrimPrefix(field, "attribute["), "]")
		} else if field == "" {
			field = "form"
		}
		d.Errors[field] = i18n.ErrorMessage(r, err)
		return s.render(w, r, v, guanjia.HTTPStatus(err), "report", "Report a problem", d)
	}
	return s.render(w, r, v, http.StatusCreated, "report", "Report sent", d)
}

// reportFromForm reads the report and stores its photos.
func (s *Server) reportFromForm(r *http.Request) (guanjia.Report, error) {
	rep := guanjia.Report{Category: r.PostFormValue("category"), Description: r.PostFormValue("description"),
		Address: r.PostFormValue("address"), ClientID: r.PostFormValue("client_id"), Channel: guanjia.ChannelWeb,
		Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	var err1, err2 error
	rep.Lat, err1 = strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("lat")), 64)
	rep.Lng, err2 = strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("lng")), 64)
	if err1 != nil || err2 != nil {
		return rep, guanjia.FieldErrorf(guanjia.EINVALID, "lat", "A location is required.")
	}
	rep.Attributes = formAttributes(r, rep.Category)
	hashes, err := s.savePhotos(r, "photos")
	rep.Photos = hashes
	return rep, err
}

// formAttributes reads the answers to a category's questions from a form's
// fields attr.<category>.<code>; nil when none is answered.
func formAttributes(r *http.Request, category string) map[string]any {
	var out map[string]any
	prefix := "attr." + category + "."
	for k, vs := range r.PostForm {
		if code, ok := strings.CutPrefix(k, prefix); ok && len(vs) > 0 && vs[0] != "" {
			if out == nil {
				out = map[string]any{}
			}
			out[code] = vs[0]
		}
	}
	return out
}

// savePhotos stores the photos of a multipart form field.
func (s *Server) savePhotos(r *http.Request, field string) ([]string, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	files := r.MultipartForm.File[field]
	if len(files) > guanjia.MaxPhotos {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photos", "At most %d photos.", guanjia.MaxPhotos)
	}
	var hashes []string
	for _, fh := range files {
		if fh.Size == 0 {
			continue // an empty file input
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		p, err := s.app.Media().Save(r.Context(), f)
		f.Close()
		if err != nil {
			var e *guanjia.Error
			if errors.As(err, &e) {
				e.Field = "photos"
			}
			return nil, err
		}
		hashes = append(hashes, p.Hash)
	}
	return hashes, nil
}

// myData is "my reports": a signed-in person's reports and, for a
// housekeeper, the open cases of their grid. Reports made without an
// account are listed by the page's script from what the phone kept.
type myData struct {
	Cases    []caseView
	Grid     []caseView
	Followed []caseView // the cases "I have this too" on
	Verified bool       // the reporter just answered
}

func (s *Server) myPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d := &myData{Verified: r.URL.Query().Has("verified")}
	if v.SignedIn() {
		ctx := r.Context()
		rf := s.ref.get(ctx)
		now := s.app.Now()
		cases, _, err := s.app.FindCases(ctx, v.Actor, guanjia.CaseFilter{ReporterID: &v.User.ID, Limit: 50})
		if err != nil {
			return err
		}
		d.Cases = s.mine(v, rf, cases)
		followed, err := s.app.FollowedCases(ctx, v.Actor)
		if err != nil {
			return err
		}
		d.Followed = caseViews(v.Lang, rf, followed, now)
		if v.Actor.Role == guanjia.RoleHousekeeper && v.User.Grid != "" {
			f := guanjia.CaseFilter{Grid: &v.User.Grid, Limit: 50, Sort: "due",
				Status: []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}}
			grid, _, err := s.app.FindCases(ctx, v.Actor, f)
			if err != nil {
				return err
			}
			d.Grid = caseViews(v.Lang, rf, grid, now)
			for i := range d.Grid {
				d.Grid[i].CanVerify = guanjia.Allowed(d.Grid[i].Case, guanjia.ActionVerify, v.Actor)
			}
		}
	}
	return s.render(w, r, v, http.StatusOK, "my", "My reports", d)
}

func (s *Server) mine(v *viewer, rf *ref, cases []*guanjia.Case) []caseView {
	out := caseViews(v.Lang, rf, cases, s.app.Now())
	for i := range out {
		out[i].Reporter = true
		out[i].CanVerify = guanjia.Allowed(out[i].Case, guanjia.ActionVerify, v.Actor)
	}
	return out
}

// tracked is a report the phone kept: its number and tracking token.
type tracked struct {
	Number string `json:"number"`
	Token  string `json:"token"`
}

// myTracked renders the rows of the reports a phone kept, checking each
// token; unknown ones are left out.
func (s *Server) myTracked(w http.ResponseWriter, r *http.Request, v *viewer) error {
	var list []tracked
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&list); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The body is not valid JSON.")
	}
	if len(list) > 100 {
		list = list[:100]
	}
	ctx := r.Context()
	rf := s.ref.get(ctx)
	var rows []caseView
	for _, t := range list {
		c, err := s.app.CaseByTracking(ctx, t.Number, t.Token)
		if err != nil || (v.SignedIn() && c.ReporterID == v.User.ID) {
			continue // unknown, or listed already among the account's
		}
		pub := c.Redacted(guanjia.Actor{Role: guanjia.RoleAnonymous, Tracking: true})
		cv := newCaseView(v.Lang, rf, &pub, s.app.Now())
		cv.Reporter, cv.TrackToken, cv.TrackNumber = true, t.Token, c.Number
		cv.CanVerify = c.Status == guanjia.StatusResolved
		rows = append(rows, cv)
	}
	return s.renderPart(w, r, v, "my", "my-rows", &myData{Cases: rows})
}
