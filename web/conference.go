package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Event pages (活动, conference mode): the list and the form that creates
// an event (/events), an event's view with its map, cases and figures
// (/events/{id}), its wall screen (/screen/events/{id}), its form
// (/events/{id}/edit) and its report (/events/{id}/report).

// eventRow is an event as the list shows it.
type eventRow struct {
	*guanjia.Conference
	Phase string
}

type eventsData struct {
	Events []eventRow
	EventForm
}

// EventForm is what the event form offers and what was sent.
type EventForm struct {
	Manage   bool
	ID       int64
	Form     map[string]string
	Checked  map[string]bool // urgent categories, grids and villages chosen
	Cats     []option
	Units    []option
	Villages []option
	Grids    []option
	Errors   map[string]string
}

func (d *eventsData) page() (string, string)      { return "events", "Events" }
func (d *eventsData) messages() map[string]string { return d.Errors }

type eventEditData struct{ EventForm }

func (d *eventEditData) page() (string, string)      { return "event-edit", "Edit the event" }
func (d *eventEditData) messages() map[string]string { return d.Errors }

// formTime is the form's datetime-local layout, in the town's zone.
const formTime = "2006-01-02T15:04"

// eventFormFor fills the form's choices, and its values from c (nil: a
// new event's defaults).
func (s *Server) eventFormFor(ctx context.Context, v *viewer, c *guanjia.Conference) EventForm {
	rf := s.ref.get(ctx)
	f := EventForm{Manage: guanjia.MayManageConferences(v.Actor), Form: map[string]string{}, Checked: map[string]bool{},
		Errors: map[string]string{}}
	if c == nil {
		c = &guanjia.Conference{SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes},
			ResolveLimit: guanjia.Limit{N: 2, Unit: guanjia.ClockHours}}
	} else {
		f.ID = c.ID
		f.Form["name"], f.Form["area"] = c.Name, string(c.Area)
		for k, t := range map[string]time.Time{"setup_from": c.SetupFrom, "start": c.Start, "end": c.End, "teardown_until": c.TeardownUntil} {
			f.Form[k] = t.In(guanjia.TownZone).Format(formTime)
		}
		var roster []string
		for _, d := range c.Roster {
			roster = append(roster, d.Name+", "+d.Post)
		}
		f.Form["roster"] = strings.Join(roster, "\n")
		f.Form["post_unit"], f.Form["version"] = c.PostUnit, strconv.Itoa(c.Version)
	}
	f.Form["sign_limit"], f.Form["resolve_limit"] = limitCode(c.SignLimit), limitCode(c.ResolveLimit)
	for _, x := range c.Urgent {
		f.Checked["cat:"+x] = true
	}
	for _, x := range c.Grids {
		f.Checked["grid:"+x] = true
	}
	for _, x := range c.Villages {
		f.Checked["village:"+x] = true
	}
	for _, cat := range rf.categories {
		f.Cats = append(f.Cats, option{cat.Code, cat.Icon + " " + cat.Name(v.Lang), f.Checked["cat:"+cat.Code]})
	}
	for _, u := range rf.units {
		if u.Active && s.inView(v, u.Jurisdiction) {
			f.Units = append(f.Units, option{u.Code, u.Name(v.Lang), c.PostUnit == u.Code})
		}
	}
	for _, vl := range rf.villages {
		if s.inView(v, vl.Jurisdiction) {
			f.Villages = append(f.Villages, option{vl.Code, rf.villageName(v.Lang, vl.Code), f.Checked["village:"+vl.Code]})
		}
	}
	for _, g := range rf.grids {
		if s.inView(v, g.Jurisdiction) {
			f.Grids = append(f.Grids, option{g.Code, g.Name, f.Checked["grid:"+g.Code]})
		}
	}
	return f
}

func limitCode(l guanjia.Limit) string {
	if l.N == 0 {
		return ""
	}
	return l.String()
}

func (s *Server) eventsData(r *http.Request, v *viewer) (*eventsData, error) {
	cs, err := s.app.Conferences(r.Context(), v.Actor, false)
	if err != nil {
		return nil, err
	}
	d := &eventsData{EventForm: s.eventFormFor(r.Context(), v, nil)}
	now := s.app.Now()
	for _, c := range cs {
		d.Events = append(d.Events, eventRow{Conference: c, Phase: c.Phase(now)})
	}
	return d, nil
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventsData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// eventSave creates an event (POST /events) or changes one (POST
// /events/{id}); a refusal shows the form again with what was sent.
func (s *Server) eventSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	var id int64
	if p := r.PathValue("id"); p != "" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n <= 0 {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
		}
		id = n
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	c, err := conferenceFromForm(r.PostForm)
	if err == nil {
		c.ID = id
		err = s.app.SaveConference(r.Context(), v.Actor, c)
	}
	if err == nil {
		http.Redirect(w, r, "/events/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) {
		var f EventForm
		if id == 0 {
			d, err := s.eventsData(r, v)
			if err != nil {
				return nil, err
			}
			f, d.EventForm = s.sentForm(r, d.EventForm), EventForm{}
			d.EventForm = f
			return d, nil
		}
		old, err := s.app.Conference(r.Context(), v.Actor, id)
		if err != nil {
			return nil, err
		}
		return &eventEditData{s.sentForm(r, s.eventFormFor(r.Context(), v, old))}, nil
	})
}

// sentForm is f with the values and choices that were sent.
func (s *Server) sentForm(r *http.Request, f EventForm) EventForm {
	f.Form, f.Checked = formValues(r), map[string]bool{}
	for _, k := range []string{"urgent", "grids", "villages"} {
		for _, x := range r.PostForm[k] {
			f.Checked[k+":"+x] = true
		}
	}
	for _, l := range []struct {
		opts []option
		key  string
	}{{f.Cats, "urgent"}, {f.Grids, "grids"}, {f.Villages, "villages"}} {
		for i := range l.opts {
			l.opts[i].Selected = f.Checked[l.key+":"+l.opts[i].Value]
		}
	}
	for i := range f.Units {
		f.Units[i].Selected = f.Units[i].Value == f.Form["post_unit"]
	}
	return f
}

// conferenceFromForm reads the event form: name; setup_from, start, end,
// teardown_until (datetime-local in the town's zone); sign_limit and
// resolve_limit ("15min", "2h"; empty keeps the categories'); urgent,
// grids and villages (repeated); post_unit; area (GeoJSON, checked by the
// app); roster (a line a person: "name, post").
func conferenceFromForm(f url.Values) (*guanjia.Conference, error) {
	c := &guanjia.Conference{Name: f.Get("name"), PostUnit: f.Get("post_unit"),
		Urgent: f["urgent"], Grids: f["grids"], Villages: f["villages"]}
	if a := strings.TrimSpace(f.Get("area")); a != "" {
		c.Area = json.RawMessage(a)
	}
	if err := formVersion(f.Get("version"), &c.Version); err != nil {
		return nil, err
	}
	for _, t := range []struct {
		key string
		to  *time.Time
	}{{"setup_from", &c.SetupFrom}, {"start", &c.Start}, {"end", &c.End}, {"teardown_until", &c.TeardownUntil}} {
		raw := strings.TrimSpace(f.Get(t.key))
		if raw == "" && (t.key == "setup_from" || t.key == "teardown_until") {
			continue // none: the event itself
		}
		x, err := time.ParseInLocation(formTime, raw, guanjia.TownZone)
		if err != nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, t.key, "Give a date and time.")
		}
		*t.to = x
	}
	if c.SetupFrom.IsZero() {
		c.SetupFrom = c.Start
	}
	if c.TeardownUntil.IsZero() {
		c.TeardownUntil = c.End
	}
	for _, l := range []struct {
		key string
		to  *guanjia.Limit
	}{{"sign_limit", &c.SignLimit}, {"resolve_limit", &c.ResolveLimit}} {
		if raw := strings.TrimSpace(f.Get(l.key)); raw != "" {
			x, err := guanjia.ParseLimit(raw)
			if err != nil {
				return nil, guanjia.FieldErrorf(guanjia.EINVALID, l.key, "Give minutes (15min) or hours (2h).")
			}
			*l.to = x
		}
	}
	for _, line := range strings.Split(f.Get("roster"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		name, post, _ := strings.Cut(strings.ReplaceAll(line, "，", ","), ",")
		c.Roster = append(c.Roster, guanjia.DutyEntry{Name: strings.TrimSpace(name), Post: strings.TrimSpace(post)})
	}
	return c, nil
}

func (s *Server) eventEditPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	c, err := s.conferenceOf(r, v)
	if err != nil {
		return err
	}
	if !guanjia.MayManageConferences(v.Actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only leaders and administrators create and change events.")
	}
	return s.show(w, r, v, http.StatusOK, &eventEditData{s.eventFormFor(r.Context(), v, c)})
}

func (s *Server) conferenceOf(r *http.Request, v *viewer) (*guanjia.Conference, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	return s.app.Conference(r.Context(), v.Actor, id)
}

func (s *Server) conferenceScope(ctx context.Context, v *viewer, q url.Values, f *guanjia.CaseFilter) error {
	raw := q.Get("conference")
	if raw == "" {
		return nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return guanjia.FieldErrorf(guanjia.EINVALID, "conference", "Unknown event %q.", raw)
	}
	ids, err := s.app.ConferenceCaseIDs(ctx, v.Actor, id)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		ids = []int64{0} // none: matches no case
	}
	f.IDs = ids
	return nil
}

// consoleEvents are the events not over, for the console's filter.
func (s *Server) consoleEvents(ctx context.Context, v *viewer, chosen string) []option {
	cs, err := s.app.Conferences(ctx, v.Actor, true)
	if err != nil {
		return nil
	}
	var out []option
	for _, c := range cs {
		id := strconv.FormatInt(c.ID, 10)
		out = append(out, option{id, c.Name, id == chosen})
	}
	return out
}

func init() {
	for k, v := range map[string]string{
		"event-phase:upcoming": "Upcoming", "event-phase:setup": "Build-up", "event-phase:running": "Running",
		"event-phase:teardown": "Teardown", "event-phase:over": "Over",
	} {
		codeNames[k] = v
	}
}
