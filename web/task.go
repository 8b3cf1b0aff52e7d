package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// tasksData is a housekeeper's tasks: those open to grab in their area and
// those they claimed, with the error of a refused step by task.
type tasksData struct {
	Open, Mine []taskView
	Errors     map[string]string // by task id
}

// taskView is a task with the names a page shows.
type taskView struct {
	*guanjia.Task
	AreaName string
	Left     int // places left
	Claims   []*guanjia.TaskClaim
}

func newTaskView(lang string, rf *ref, t *guanjia.Task) taskView {
	tv := taskView{Task: t, Left: max(t.Needed-t.Claimed, 0), AreaName: translate(lang, "The whole town")}
	switch {
	case t.Grid != "":
		tv.AreaName = rf.gridName(t.Grid)
	case t.Village != "":
		tv.AreaName = rf.villageName(lang, t.Village)
	}
	return tv
}

func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.tasksData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *tasksData) page() (string, string)      { return "tasks", "Tasks" }
func (d *tasksData) messages() map[string]string { return d.Errors }

func (s *Server) tasksData(r *http.Request, v *viewer) (*tasksData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	d := &tasksData{Errors: map[string]string{}}
	mine, err := s.app.Tasks(ctx, v.Actor, app.TaskQuery{Mine: true})
	if err != nil {
		return nil, err
	}
	all, err := s.app.Tasks(ctx, v.Actor, app.TaskQuery{})
	if err != nil {
		return nil, err
	}
	for _, t := range mine {
		d.Mine = append(d.Mine, newTaskView(v.Lang, rf, t))
	}
	for _, t := range all {
		if t.Claim == nil && t.State == guanjia.TaskOpen {
			d.Open = append(d.Open, newTaskView(v.Lang, rf, t))
		}
	}
	return d, nil
}

// taskStep claims a task, checks in on the spot (with the position the
// page's script read from the phone) or completes it with photos and a
// note, then goes back to the list; a refusal shows the list again with
// the error on the task.
func (s *Server) taskStep(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	switch r.PathValue("step") {
	case "claim":
		_, err = s.app.ClaimTask(ctx, v.Actor, id)
	case "checkin":
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("lat")), 64)
		lng, err2 := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("lng")), 64)
		if err1 != nil || err2 != nil {
			err = guanjia.FieldErrorf(guanjia.EINVALID, "lat", "A location is required.")
		} else {
			_, err = s.app.CheckIn(ctx, v.Actor, id, lat, lng)
		}
	case "complete":
		var photos []string
		if photos, err = s.savePhotos(r, "photos"); err == nil {
			_, err = s.app.CompleteTask(ctx, v.Actor, id, photos, r.PostFormValue("note"))
		}
	default:
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err == nil {
		http.Redirect(w, r, "/tasks#task-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.tasksData(r, v) })
}

// staffTasksData is the publishing form and the tasks with their claims.
type staffTasksData struct {
	Tasks  []taskView
	Kinds  []option
	Areas  []option
	Form   map[string]string
	Errors map[string]string // by field, or by task id for confirmations
}

// staffTaskShown is how many tasks, newest first, the staff page lists.
const staffTaskShown = 40

func (s *Server) staffTasksPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	now := s.app.Now().In(guanjia.TownZone)
	form := map[string]string{"starts_at": now.Format("2006-01-02T15:04"),
		"ends_at": now.Add(4 * time.Hour).Format("2006-01-02T15:04"), "needed": "1", "points": "10"}
	for _, k := range []string{"title", "kind", "starts_at", "ends_at", "area", "lat", "lng"} { // an event's (conference.go)
		if x := r.URL.Query().Get(k); x != "" {
			form[k] = x
		}
	}
	d, err := s.staffTasksData(r, v, form)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *staffTasksData) page() (string, string)      { return "staff-tasks", "Tasks" }
func (d *staffTasksData) messages() map[string]string { return d.Errors }

func (s *Server) staffTasksData(r *http.Request, v *viewer, form map[string]string) (*staffTasksData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	d := &staffTasksData{Form: form, Errors: map[string]string{}, Areas: areaOptions(v.Lang, rf, form["area"])}
	for _, k := range guanjia.TaskKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: named(v.Lang, "task", k), Selected: string(k) == form["kind"]})
	}
	ts, err := s.app.Tasks(ctx, v.Actor, app.TaskQuery{All: true})
	if err != nil {
		return nil, err
	}
	for i := len(ts) - 1; i >= 0 && len(d.Tasks) < staffTaskShown; i-- {
		det, err := s.app.Task(ctx, v.Actor, ts[i].ID)
		if err != nil {
			return nil, err
		}
		tv := newTaskView(v.Lang, rf, det.Task)
		tv.Claims = det.Claims
		d.Tasks = append(d.Tasks, tv)
	}
	return d, nil
}

// staffTaskPublish publishes a task from the form.
func (s *Server) staffTaskPublish(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	t, err := taskFromForm(form)
	if err == nil {
		err = s.app.PublishTask(r.Context(), v.Actor, t)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/tasks", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, renamed(map[string]string{"grid": "area", "village": "area", "lng": "lat", "radius": "lat"}),
		func() (formPage, error) { return s.staffTasksData(r, v, form) })
}

// taskFromForm reads a task; times are China Standard Time.
func taskFromForm(f map[string]string) (*guanjia.Task, error) {
	t := &guanjia.Task{Title: f["title"], Description: f["description"], Kind: guanjia.TaskKind(f["kind"]), Address: f["address"]}
	scope, code := parseArea(f["area"])
	if scope == guanjia.ScopeGrid {
		t.Grid = code
	} else if scope == guanjia.ScopeVillage {
		t.Village = code
	}
	for _, x := range []struct {
		field, label string
		to           *time.Time
	}{{"starts_at", "Starts", &t.StartsAt}, {"ends_at", "Ends", &t.EndsAt}} {
		var err error
		if *x.to, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f[x.field]), guanjia.TownZone); err != nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, x.field, "%s must be a date and time like 2026-11-28T09:30:00+08:00.", x.label)
		}
	}
	// Numbers that do not parse are made invalid for the domain to explain.
	t.Needed = atoiOr(f["needed"], 0)
	t.Points = atoiOr(f["points"], -1)
	if lat, lng := strings.TrimSpace(f["lat"]), strings.TrimSpace(f["lng"]); lat != "" || lng != "" {
		var err1, err2 error
		t.Lat, err1 = strconv.ParseFloat(lat, 64)
		t.Lng, err2 = strconv.ParseFloat(lng, 64)
		if err1 != nil || err2 != nil {
			t.Lat = 999
		}
	}
	return t, nil
}

// atoiOr reads a whole number, or returns bad.
func atoiOr(s string, bad int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return bad
	}
	return n
}

// staffTaskConfirm confirms or rejects one person's completed work.
func (s *Server) staffTaskConfirm(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	user, _ := strconv.ParseInt(r.PostFormValue("user_id"), 10, 64)
	approve := r.PostFormValue("approve") != "no"
	_, err = s.app.ConfirmTask(r.Context(), v.Actor, id, user, approve, r.PostFormValue("reason"))
	if err == nil {
		http.Redirect(w, r, "/staff/tasks#task-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.staffTasksData(r, v, map[string]string{}) })
}
