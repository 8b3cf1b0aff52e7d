package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/media"
)

// Investment project pages: the projects one follows (/my/projects, an
// investor's portal on a phone), a project with its stages, items, cases,
// timeline and channel (/projects/{id}), and the leaders' dashboard
// (/staff/projects).

// projectCard is a project as a list shows it.
type projectCard struct {
	*app.ProjectView
	VillageName string
	Done, Total int
}

type myProjectsData struct {
	Projects []projectCard
	Errors   map[string]string
}

func (d *myProjectsData) page() (string, string)      { return "my-projects", "My projects" }
func (d *myProjectsData) messages() map[string]string { return d.Errors }

func (s *Server) projectCards(r *http.Request, v *viewer, vs []*app.ProjectView) []projectCard {
	rf := s.ref.get(r.Context())
	out := make([]projectCard, len(vs))
	for i, p := range vs {
		out[i] = projectCard{ProjectView: p, VillageName: rf.villageName(v.Lang, p.Village), Total: len(p.Items)}
		for _, it := range p.Items {
			if it.DoneAt != nil {
				out[i].Done++
			}
		}
	}
	return out
}

func (s *Server) myProjectsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	vs, err := s.app.Projects(r.Context(), v.Actor)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, &myProjectsData{Projects: s.projectCards(r, v, vs), Errors: map[string]string{}})
}

// itemRow is an item as the project page shows it.
type itemRow struct {
	app.ProjectItemView
	UnitName string
	Waiting  string // the prerequisites not done, listed
	MayDone  bool
}

func init() {
	for k, v := range map[string]string{"item-state:waiting": "Waiting on earlier steps", "item-state:open": "In progress",
		"item-state:overdue": "Past its limit", "item-state:done": "Done"} {
		codeNames[k] = v
	}
}

// stageRow is a stage with its items.
type stageRow struct {
	Name    string
	Current bool
	Done    bool
	Items   []itemRow
}

// timelineRow is a line of a project's timeline in the reader's language.
type timelineRow struct {
	At   time.Time
	Who  string
	Text string
}

// messageRow is a channel message.
type messageRow struct {
	*guanjia.ProjectMessage
	Mine bool
}

type projectData struct {
	P          *app.ProjectView
	Village    string
	Stages     []stageRow
	Timeline   []timelineRow
	Members    []guanjia.ProjectMember
	Messages   []messageRow
	MayRaise   bool
	Categories []option
	Items      []option
	Form       map[string]string
	Posted     bool
	Errors     map[string]string
}

func (d *projectData) page() (string, string)      { return "project", d.P.Name }
func (d *projectData) messages() map[string]string { return d.Errors }

func projectPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, guanjia.Errorf(guanjia.ENOTFOUND, "Project %s not found.", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) projectData(r *http.Request, v *viewer, id int64) (*projectData, error) {
	ctx := r.Context()
	p, err := s.app.Project(ctx, v.Actor, id)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	d := &projectData{P: p, Village: rf.villageName(v.Lang, p.Village), Form: map[string]string{}, Errors: map[string]string{},
		MayRaise: guanjia.MayRaiseProjectIssue(v.Actor, p.Project)}
	reaches := v.Actor.Role != guanjia.RoleInvestor // the app confines the staff to their town already
	for i, name := range p.Stages {
		st := stageRow{Name: name, Current: i == p.Stage, Done: i < p.Stage}
		for _, it := range p.States {
			if it.Stage != i {
				continue
			}
			it := it
			st.Items = append(st.Items, itemRow{ProjectItemView: it, UnitName: rf.unitName(v.Lang, it.Unit), Waiting: strings.Join(it.WaitingFor, "、"),
				MayDone: it.State != guanjia.ItemDone && it.State != guanjia.ItemWaiting && guanjia.MayCompleteItem(v.Actor, p.Project, &it.ProjectItem, reaches)})
			if d.MayRaise && it.State != guanjia.ItemDone {
				d.Items = append(d.Items, option{Value: strconv.FormatInt(it.ID, 10), Label: it.Name})
			}
		}
		d.Stages = append(d.Stages, st)
	}
	for _, e := range p.Timeline {
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = a
		}
		who := e.ActorName
		if e.ActorID == 0 {
			who = translate(v.Lang, "System")
		}
		d.Timeline = append(d.Timeline, timelineRow{At: e.At, Who: who, Text: i18n.Sprintf(v.Lang, e.Key, args...)})
	}
	if d.MayRaise {
		for _, c := range rf.categories {
			if c.Active {
				d.Categories = append(d.Categories, option{Value: c.Code, Label: rf.categoryName(v.Lang, c.Code), Selected: c.Code == "other"})
			}
		}
	}
	if p.Member {
		ch, err := s.app.Channel(ctx, v.Actor, id)
		if err != nil {
			return nil, err
		}
		d.Members = ch.Members
		for _, m := range ch.Messages {
			d.Messages = append(d.Messages, messageRow{ProjectMessage: m, Mine: m.AuthorID == v.Actor.UserID})
		}
	}
	return d, nil
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := projectPathID(r)
	if err != nil {
		return err
	}
	d, err := s.projectData(r, v, id)
	if err != nil {
		return err
	}
	d.Posted = r.URL.Query().Get("done") != ""
	return s.show(w, r, v, http.StatusOK, d)
}

// projectRefuse shows the project page again with err beside field.
func (s *Server) projectRefuse(w http.ResponseWriter, r *http.Request, v *viewer, id int64, err error, field string) error {
	return s.refuse(w, r, v, err, func(string) string { return field }, func() (formPage, error) {
		d, err := s.projectData(r, v, id)
		if err != nil {
			return nil, err
		}
		d.Form = formValues(r)
		return d, nil
	})
}

// projectPost adds a message, with an optional attachment, to the channel.
func (s *Server) projectPost(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := projectPathID(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, media.MaxAttachment+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		return s.projectRefuse(w, r, v, id, guanjia.Errorf(guanjia.ETOOLARGE, "The file is larger than %d MB.", media.MaxAttachment>>20), "body")
	}
	if err := guanjia.CheckValues(r.PostForm); err != nil {
		return s.projectRefuse(w, r, v, id, err, "body")
	}
	var up *app.Upload
	if f, h, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if h.Size > 0 {
			up = &app.Upload{Name: h.Filename, Body: f}
		}
	}
	if _, err := s.app.PostProjectMessage(r.Context(), v.Actor, id, r.PostFormValue("body"), up); err != nil {
		if guanjia.ErrorCode(err) == guanjia.ETOOLARGE {
			return s.projectRefuse(w, r, v, id, guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "body", "The file is larger than %d MB.", media.MaxAttachment>>20), "body")
		}
		return s.projectRefuse(w, r, v, id, err, "body")
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+"#channel-end", http.StatusSeeOther)
	return nil
}

// projectIssue raises an issue about an item as a case.
func (s *Server) projectIssue(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := projectPathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return s.projectRefuse(w, r, v, id, err, "issue")
	}
	item, _ := strconv.ParseInt(r.PostFormValue("item_id"), 10, 64)
	c, err := s.app.RaiseProjectIssue(r.Context(), v.Actor, id, app.ProjectIssue{ItemID: item,
		Category: r.PostFormValue("category"), Description: strings.TrimSpace(r.PostFormValue("description"))})
	if err != nil {
		return s.projectRefuse(w, r, v, id, err, "issue")
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+"?done="+c.Number+"#cases", http.StatusSeeOther)
	return nil
}

// projectItemDone marks an item done.
func (s *Server) projectItemDone(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := projectPathID(r)
	if err != nil {
		return err
	}
	item, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Item %s not found.", r.PathValue("item"))
	}
	if _, err := s.app.CompleteProjectItem(r.Context(), v.Actor, id, item); err != nil {
		return s.projectRefuse(w, r, v, id, err, "items")
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+"#item-"+strconv.FormatInt(item, 10), http.StatusSeeOther)
	return nil
}

// projectFile serves an attachment to the project's members: its own
// type, never sniffed, private; a PDF as a download.
func (s *Server) projectFile(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := projectPathID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "File %s not found.", r.PathValue("file"))
	}
	f, data, err := s.app.ProjectFile(r.Context(), v.Actor, id, fid)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	disp := "inline"
	if f.Type == media.TypePDF {
		disp = "attachment"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": f.Name}))
	w.Write(data)
	return nil
}

type staffProjectsData struct {
	D        *app.ProjectDashboard
	New      *newProjectForm // for the command center and administrators
	Projects []projectCard
	Units    map[string]string
	Errors   map[string]string
}

func (d *staffProjectsData) page() (string, string)      { return "staff-projects", "Projects" }
func (d *staffProjectsData) messages() map[string]string { return d.Errors }

func (s *Server) staffProjectsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.staffProjectsData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (s *Server) staffProjectsData(r *http.Request, v *viewer) (*staffProjectsData, error) {
	dash, err := s.app.ProjectDashboard(r.Context(), v.Actor)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	d := &staffProjectsData{D: dash, Projects: s.projectCards(r, v, dash.Projects), Units: map[string]string{}, Errors: map[string]string{}}
	for _, u := range dash.OverdueByUnit {
		d.Units[u.Unit] = rf.unitName(v.Lang, u.Unit)
	}
	d.New, err = s.newProjectForm(r, v)
	return d, err
}
