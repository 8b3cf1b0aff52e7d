package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
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
		f.Form["post_unit"] = c.PostUnit
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

// eventData is an event's view, its wall screen and its report.
type eventData struct {
	*app.ConferenceView
	Phase     string
	Cases     []caseView
	HotSpots  []hotSpotRow
	Manage    bool
	Publish   bool // may publish tasks for housekeepers
	Screen    bool
	PostName  string
	Query     string // the console's and the map's filter for its cases
	Updated   time.Time
	UrgentCat []string
	Tasks     []*guanjia.Task
	// NewTask is the query that opens the task form for the event.
	NewTask template.URL
	// Console is the console's queue of its cases.
	Console template.URL
	// Load is the visitor load of its villages (docs/bnb.md): each
	// village's busiest night from the build-up to tonight; Loaded tells
	// whether any night was looked at (not for an event still to come).
	Load   []villageLoadRow
	Loaded bool
	// The town's assessment report (docs/reports.md) for the event's days,
	// from the build-up to the teardown: its page, PDF and XLSX.
	TownReport, TownPDF, TownXLSX template.URL
}

// villageLoadRow is a village's visitor load on the event's view.
type villageLoadRow struct {
	guanjia.VillageLoad
	Name string
}

type hotSpotRow struct {
	Name  string
	Cases int
}

func (s *Server) eventData(r *http.Request, v *viewer) (*eventData, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	cv, err := s.app.ConferenceReport(r.Context(), v.Actor, id)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	now := s.app.Now()
	d := &eventData{ConferenceView: cv, Phase: cv.Conference.Phase(now), Manage: guanjia.MayManageConferences(v.Actor),
		Publish: guanjia.MayPublishTask(v.Actor, ""),
		Cases:   caseViews(v.Lang, rf, cv.Cases, now), Updated: now, Query: "conference=" + strconv.FormatInt(id, 10)}
	if cv.Conference.PostUnit != "" {
		d.PostName = rf.unitName(v.Lang, cv.Conference.PostUnit)
	}
	for _, h := range cv.Figures.HotSpots {
		d.HotSpots = append(d.HotSpots, hotSpotRow{Name: rf.gridName(h.Grid), Cases: h.Cases})
	}
	for _, c := range cv.Conference.Urgent {
		d.UrgentCat = append(d.UrgentCat, rf.categoryName(v.Lang, c))
	}
	if d.Tasks, err = s.app.ConferenceTasks(r.Context(), v.Actor, cv.Conference); err != nil {
		return nil, err
	}
	start := cv.Conference.Start
	if now.After(start) {
		start = now
	}
	task := url.Values{"title": {cv.Conference.Name}, "kind": {string(guanjia.TaskTraffic)},
		"starts_at": {start.In(guanjia.TownZone).Format(formTime)},
		"ends_at":   {cv.Conference.End.In(guanjia.TownZone).Format(formTime)}}
	switch c := cv.Conference; {
	case len(c.Area) > 0:
		if lat, lng, err := geo.Centre(c.Area); err == nil {
			task.Set("lat", strconv.FormatFloat(lat, 'f', 6, 64))
			task.Set("lng", strconv.FormatFloat(lng, 'f', 6, 64))
		}
	case len(c.Villages) > 0:
		task.Set("area", "village:"+c.Villages[0])
	case len(c.Grids) > 0:
		task.Set("area", "grid:"+c.Grids[0])
	}
	loads, loaded, err := s.eventLoad(r, cv)
	if err != nil {
		return nil, err
	}
	d.Loaded = loaded
	for _, l := range loads {
		d.Load = append(d.Load, villageLoadRow{VillageLoad: l, Name: rf.villageName(v.Lang, l.Village)})
	}
	d.NewTask = template.URL("/staff/tasks?" + task.Encode())
	d.Console = template.URL("/console?" + d.Query)
	period := cv.Conference.SetupFrom.In(guanjia.TownZone).Format("2006-01-02") + ".." +
		cv.Conference.TeardownUntil.In(guanjia.TownZone).Format("2006-01-02")
	town := url.Values{"town": {cv.Conference.Jurisdiction}}.Encode()
	d.TownReport = template.URL("/stats/report?period=" + url.QueryEscape(period) + "&" + town)
	d.TownPDF = template.URL("/api/v1/reports/" + period + ".pdf?" + town)
	d.TownXLSX = template.URL("/api/v1/reports/" + period + ".xlsx?" + town)
	return d, nil
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "event", d.Name, d)
}

// eventScreen is the event on the wall screen: the same view, dark and
// without the site's header.
func (s *Server) eventScreen(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	d.Screen = true
	return s.render(w, r, v, http.StatusOK, "event-screen", d.Name, d)
}

// eventFigures renders the figures alone, for the views' live refresh.
func (s *Server) eventFigures(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "event", "event-figures", d)
}

// eventReport is the report after the event, to print.
func (s *Server) eventReport(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "event-report", d.Name, d)
}

// conferenceScope narrows a console filter to an event's cases when the
// query names one (conference=ID); an event the viewer may not see is not
// found.
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

// eventLoad returns the visitor load of the event's villages (those chosen
// for its area and those of its cases), each at its busiest night from the
// build-up's night to tonight (or the teardown's, if earlier); ok is false
// for an event whose build-up is still to come.
func (s *Server) eventLoad(r *http.Request, cv *app.ConferenceView) (loads []guanjia.VillageLoad, ok bool, err error) {
	c := cv.Conference
	now := s.app.Now()
	if now.Before(c.SetupFrom) {
		return nil, false, nil
	}
	end := c.TeardownUntil
	if now.Before(end) {
		end = now
	}
	from, to := guanjia.Tonight(c.SetupFrom), guanjia.Tonight(end)
	if to < from {
		to = from
	}
	villages := slices.Clone(c.Villages)
	for _, k := range cv.Cases {
		if k.Village != "" && !slices.Contains(villages, k.Village) {
			villages = append(villages, k.Village)
		}
	}
	if len(villages) == 0 {
		return nil, true, nil
	}
	all, err := s.app.VisitorLoad(r.Context(), c.Jurisdiction, villages, from, to)
	if err != nil {
		return nil, false, err
	}
	peak := map[string]int{} // village → index in loads
	for _, l := range all {
		if i, seen := peak[l.Village]; !seen {
			peak[l.Village] = len(loads)
			loads = append(loads, l)
		} else if l.Load() > loads[i].Load() {
			loads[i] = l
		}
	}
	slices.SortFunc(loads, func(a, b guanjia.VillageLoad) int { return b.Load() - a.Load() })
	return loads, true, nil
}
