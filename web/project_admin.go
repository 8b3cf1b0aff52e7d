package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// Keeping projects: the command center opens a project from the
// dashboard; a town's administrators edit its template of stages and
// items (/admin/project-template).

func init() { auditObjectName[guanjia.AuditProjectTemplate] = "Project template" }

// newProjectForm is what the dashboard's form offers: the investors and
// the staff who may steward.
type newProjectForm struct {
	Investors, Stewards []option
	Form                map[string]string
}

func (s *Server) newProjectForm(r *http.Request, v *viewer) (*newProjectForm, error) {
	if !guanjia.MayEditProjects(v.Actor) {
		return nil, nil
	}
	invs, stws, err := s.app.ProjectPeople(r.Context(), v.Actor)
	if err != nil {
		return nil, err
	}
	f := &newProjectForm{Form: map[string]string{}}
	for _, u := range invs {
		f.Investors = append(f.Investors, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	for _, u := range stws {
		f.Stewards = append(f.Stewards, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	return f, nil
}

// newProject opens a project from the dashboard's form.
func (s *Server) newProject(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	num := func(k string) float64 {
		x, _ := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue(k)), 64)
		return x
	}
	id := func(k string) int64 { x, _ := strconv.ParseInt(r.PostFormValue(k), 10, 64); return x }
	p := &guanjia.Project{Name: strings.TrimSpace(r.PostFormValue("name")), Description: r.PostFormValue("description"),
		Address: r.PostFormValue("address"), Lat: num("lat"), Lng: num("lng"), InvestorID: id("investor_id"), StewardID: id("steward_id")}
	if err := s.app.CreateProject(r.Context(), v.Actor, p); err != nil {
		return s.refuse(w, r, v, err, func(string) string { return "new" }, func() (formPage, error) {
			d, err := s.staffProjectsData(r, v)
			if err != nil {
				return nil, err
			}
			if d.New != nil {
				d.New.Form = formValues(r)
			}
			return d, nil
		})
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

type projectTemplateData struct {
	Town, TownName string
	Text           string
	Saved          bool
	Errors         map[string]string
}

func (d *projectTemplateData) page() (string, string) {
	return "admin-project-template", "Project template"
}
func (d *projectTemplateData) messages() map[string]string { return d.Errors }

func (s *Server) projectTemplateData(r *http.Request, v *viewer, town string) (*projectTemplateData, error) {
	text, err := s.app.ProjectTemplateText(r.Context(), v.Actor, town)
	if err != nil {
		return nil, err
	}
	return &projectTemplateData{Town: town, TownName: s.ref.get(r.Context()).townName(v.Lang, town), Text: text,
		Errors: map[string]string{}}, nil
}

func (s *Server) projectTemplatePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.projectTemplateData(r, v, s.settingsTown(r, v, r.URL.Query().Get("jurisdiction")))
	if err != nil {
		return err
	}
	d.Saved = r.URL.Query().Get("done") != ""
	return s.show(w, r, v, http.StatusOK, d)
}

func (s *Server) projectTemplateSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	town := s.settingsTown(r, v, r.PostFormValue("jurisdiction"))
	if err := s.app.PutProjectTemplate(r.Context(), v.Actor, town, r.PostFormValue("text")); err != nil {
		return s.refuse(w, r, v, err, func(string) string { return "text" }, func() (formPage, error) {
			d, err := s.projectTemplateData(r, v, town)
			if err == nil {
				d.Text = r.PostFormValue("text")
			}
			return d, err
		})
	}
	return s.saved(w, r, "/admin/project-template?jurisdiction="+town, "saved")
}
